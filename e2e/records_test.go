package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

func TestWriteAHomeVisitAndFinaliseIt(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { writeAHomeVisit(t, engine) })
	}
}

// waitFor waits until the page shows text (for changes made by script).
func (b *browser) waitFor(text string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(`//*[contains(text(), "`+text+`")]`))); err != nil {
		b.shot("waitfor")
		b.t.Fatalf("%q never appeared (%s): %v\n%s", text, b.location(), err, b.text())
	}
}

func writeAHomeVisit(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	ben := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Ben", "Alder", kithtest.Date(2017, 6, 6), c.North), c.North, c.Prac)
	if _, err := c.DB.AddNetworkMember(context.Background(), c.Actor(c.Prac), amy.Reference, kith.NewNetworkMemberInput{ExistingPersonID: ben.ChildID,
		Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/" + amy.Reference)
	b.press("Start a record")
	b.see("What are you recording?", "Home visit")
	b.axe()
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.see("Home visit", "Reason for visit", "Was the child seen alone?")
	b.axe()
	draft := b.location()

	now := kithtest.Now().In(kith.London).Add(-time.Hour)
	b.fill(map[string]string{"headline": "Monthly visit to review the safety plan", "occurred-day": itoa(now.Day()), "occurred-month": itoa(int(now.Month())),
		"occurred-year": itoa(now.Year()), "occurred-time": now.Format("15:04"), "s.present.others": "Amy and her mother Carol",
		"s.child_views": "Amy said: I like my new room", "s.discussion": "School mornings", "s.concerns": "None raised today",
		"s.observations": "Three bags of rubbish by the back door; clean bedding on Amy's bed", "s.analysis": "Improving"})
	b.choose("s.child_seen", "yes")
	b.choose("s.child_seen_alone", "no")
	b.choose("s.bedroom_seen", "yes")
	// The script saves the draft as the practitioner types.
	b.do(chromedp.Focus(chromedp.CSS(`#headline`)))
	b.waitFor("Draft saved at")
	// Wait until everything typed has been saved.
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`form[data-saved="true"]`))); err != nil {
		t.Fatalf("the draft was never fully saved: %v", err)
	}
	cancel()

	// The session is lost mid-way; after signing in again the draft is intact.
	b.do(chromedp.Evaluate[chromedp.Void](`fetch('/sign-out', {method: 'POST', credentials: 'same-origin'})`))
	time.Sleep(300 * time.Millisecond)
	b.open(strings.TrimPrefix(draft, c.URL))
	b.see("Sign in to Kith")
	b.fill(map[string]string{"username": c.Prac.Username, "password": kithtest.Password})
	b.press("Sign in")
	b.see("Home visit", "Reason for visit")
	if v, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS("#headline"))); v != "Monthly visit to review the safety plan" {
		t.Fatalf("headline after signing in again: %q", v)
	}
	if v, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(`[id="s.observations"]`))); !strings.Contains(v, "Three bags of rubbish") {
		t.Fatalf("observations after signing in again: %q", v)
	}

	// Finalising demands the reason the child was not seen alone.
	b.pressWhileItMoves("Finalise the record")
	b.see("There is a problem", "Say why the child was not seen alone")
	b.axe()
	b.fill(map[string]string{"s.child_seen_alone.reason": "Carol would not leave the room"})
	b.pressWhileItMoves("Finalise the record")
	b.see("Record finalised", "locked", "Carol would not leave the room")
	b.axe()
	// Locked: no way to change it, only to add to it.
	b.notSee("Save draft", "Finalise the record")
	b.fill(map[string]string{"text": "The school meeting is booked for 6 January."})
	b.press("Add the addendum")
	b.see("Addendum added", "The school meeting is booked for 6 January.", "Added by Ann Ashgrove")
	b.axe()

	// One visit for both children: Amy's copy and Ben's, each flagging the other's name.
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.fill(map[string]string{"headline": "Visit to Amy and Ben after school", "s.observations": "Ben showed me his new bike"})
	b.choose("children", ben.Reference)
	b.press("Save and copy to these children")
	b.see("Copied to "+ben.Reference, "This copy names another child", "Ben Alder")
	b.axe()
	b.press("Ben Alder's copy")
	b.see("This copy names another child", "Amy Alder")

	// A photo of direct work.
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "document-received")
	b.press("Start the record")
	b.press("Save and upload a file")
	b.see("Upload a file")
	b.axe()
	photo := filepath.Join(t.TempDir(), "drawing.jpg")
	if err := os.WriteFile(photo, append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 500)...), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}))
	b.fill(map[string]string{"description": "Amy's drawing of her family", "alt": "Amy, her mother and their cat, drawn in crayon",
		"provided_by": "Amy Alder", "provided_role": "the child"})
	b.press("Upload the file")
	b.see("File uploaded: drawing.jpg")
	b.axe()

	// Search finds the note.
	b.press("Search records")
	b.fill(map[string]string{"q": "rubbish bedding"})
	b.press("Search")
	b.see("Records found", "Monthly visit to review the safety plan", "Amy Alder")
	b.axe()
	b.press("My drafts")
	b.see("My drafts", "Visit to Amy and Ben after school")
	b.axe()
	b.open("/cases/" + amy.Reference + "/records")
	b.see("Running record", "Monthly visit to review the safety plan")
	b.axe()
}

func itoa(n int) string { return strconv.Itoa(n) }
