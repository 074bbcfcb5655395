package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith"
	"kith/internal/kithtest"
	"kith/web"
)

func TestWritingCoachJourneys(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { writingCoachJourneys(t, engine) })
	}
}

// letter finalises an earlier record on a case: a letter holding text.
func letter(t *testing.T, c *council, a kith.Actor, ref, text string) {
	t.Helper()
	c.Finalised(a, ref, kith.RecordInput{TemplateKey: "email-or-letter", Headline: "Notes from a visit", OccurredAt: kithtest.Now().Add(-48 * time.Hour),
		Content: kith.RecordContent{"direction": {Text: "sent"}, "correspondents": {Text: "Case file"}, "content": {Text: text}}})
}

const (
	tylersParagraph = "Kelly told me that she had been drinking heavily since her mother died in August and that she has not been able to get Tyler to school most mornings."
	bensParagraph   = "Ben was sitting at the kitchen table doing his spellings with his nan when I arrived, and he showed me the certificate he got for reading."
)

func writingCoachJourneys(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	ctx := context.Background()
	m := c.Actor(c.Manager)
	amy := c.Allocate(m, c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.North), c.North, c.Prac)
	ben := c.Allocate(m, c.Case(c.Actor(c.Prac), "Ben", "Alder", kithtest.Date(2017, 6, 6), c.North), c.North, c.Prac)
	tyler := c.Allocate(m, c.Case(c.Actor(c.Prac2), "Tyler", "Brooks", kithtest.Date(2015, 2, 3), c.North), c.North, c.Prac2)
	if _, err := c.DB.AddNetworkMember(ctx, c.Actor(c.Prac), amy.Reference, kith.NewNetworkMemberInput{ExistingPersonID: ben.ChildID,
		Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}}); err != nil {
		t.Fatal(err)
	}
	letter(t, c, c.Actor(c.Prac), ben.Reference, bensParagraph)
	letter(t, c, c.Actor(c.Prac2), tyler.Reference, tylersParagraph)

	b := newBrowser(t, c.URL)
	b.signIn(c.Prac)
	b.open("/cases/" + amy.Reference + "/records/new")
	b.choose("template", "home-visit")
	b.press("Start the record")
	b.see("Writing coach", "Check my writing")

	// As she types, the coach says what is vague, why it matters, and
	// what to write instead.
	b.fill(map[string]string{"s.observations": "The home was in a state. Amy is often late for school."})
	b.waitFor("Describe what you saw, heard or smelled instead of “in a state”")
	b.do(chromedp.Click(chromedp.CSS(`[id="findings-observations"] .govuk-details__summary`)))
	b.see("Why this matters", "3 bags of rubbish in the hallway", "to check")
	if got := b.textOf(`[id="findings-observations"] mark`); got != "in a state" {
		t.Errorf("the highlighted words are %q", got)
	}
	b.axe()

	// An action with no owner and no date.
	b.fill(map[string]string{"s.actions.0.what": "A referral will be made"})
	b.waitFor("Say when this will be done by.")
	b.see("Say who will do this.")
	marks := js[string](b, `Array.from(document.querySelectorAll('[id="findings-actions"] mark')).map(function (m) { return m.textContent }).join('|')`)
	if !strings.Contains("|"+marks+"|", "|will be made|") {
		t.Errorf("the words that hide the owner are not marked: %q", marks)
	}
	b.fill(map[string]string{"s.actions.0.what": "Refer Amy to the school nurse", "s.actions.0.who": "Sarah Jones, social worker",
		"s.actions.0.by": kith.DateOf(kithtest.Now().AddDate(0, 1, 0)).Numeric()})

	// A passage from her brother's record: a warning to check it.
	b.fill(map[string]string{"s.discussion": bensParagraph})
	b.waitFor("a record of Amy’s brother or sister")
	b.axe()

	// Dismiss a suggestion with a reason: it is kept with the record.
	key := js[string](b, `document.evaluate('//mark[text()="often"]', document, null, 9, null).singleNodeValue.closest('.kith-finding').id.replace('finding-', '')`)
	b.fill(map[string]string{"dismiss." + key: "The school's figures are in its attendance record"})
	// Typing elsewhere redraws the findings; the reason being typed stays.
	b.fill(map[string]string{"s.analysis": "The kitchen was messy."})
	b.waitFor("instead of “messy”")
	if v := b.fieldValue("dismiss." + key); v != "The school's figures are in its attendance record" {
		t.Fatalf("the dismissal reason was lost when the findings were redrawn: %q", v)
	}
	b.navigating(chromedp.Click(chromedp.CSS(`button[value="dismiss:` + key + `"]`)))
	b.see("Dismissed. Your reason is kept with the record", "Dismissed by Ann Ashgrove", "The school's figures are in its attendance record")
	b.axe()

	// A paragraph pasted from another child's record stops finalising.
	now := kithtest.Now().In(kith.London).Add(-time.Hour)
	b.fill(map[string]string{"headline": "Monthly visit", "occurred-day": itoa(now.Day()), "occurred-month": itoa(int(now.Month())),
		"occurred-year": itoa(now.Year()), "occurred-time": now.Format("15:04"), "s.present.others": "Amy and her mother Carol",
		"s.child_views": "Amy said “I like my new room”.", "s.concerns": "None today.", "s.analysis": tylersParagraph,
		"s.discussion": "We talked about school mornings and her new reading book."})
	b.choose("s.child_seen", "yes")
	b.choose("s.child_seen_alone", "yes")
	b.choose("s.bedroom_seen", "yes")
	b.pressWhileItMoves("Finalise the record")
	b.see("There is a problem", "This passage is the same as text in", "Take it out, and write what happened for Amy")
	b.errorSummaryWorks()
	b.axe()
	if v := b.fieldValue("s.analysis"); !strings.Contains(v, "drinking heavily") {
		t.Fatalf("the typing was not kept: %q", v)
	}
	b.fill(map[string]string{"s.analysis": "Mornings are calmer: Amy was on time 4 days out of 5 this week."})
	b.pressWhileItMoves("Finalise the record")
	b.see("Record finalised", "What the writing coach noticed when this was finalised")
	b.axe()

	// The manager's view of the team's writing, for supervision.
	mb := newBrowser(t, c.URL)
	mb.signIn(c.Manager)
	mb.open("/work?view=team")
	mb.press("How our writing is going")
	mb.see("How our writing is going", "for learning together", "Each writer", "Ann Ashgrove")
	mb.axe()
}
