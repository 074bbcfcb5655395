package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// TestWritingCoachWithoutJavaScript is the coach in a browser without
// JavaScript: "Check my writing" saves and shows the findings under their
// sections, a suggestion is dismissed with a reason, and finalising is
// refused while the child's words are missing, with the typing kept.
func TestWritingCoachWithoutJavaScript(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	base := "/cases/" + amy.Reference + "/records"
	b := c.signIn(t, c.Prac)
	res := b.post(base+"/new", url.Values{"template": {"home-visit"}})
	draft := res.location

	form := visitForm("1", "Mum stayed in the room")
	form.Set("s.observations", "The home was in a state. Amy is often late for school.")
	form.Set("s.child_views", "We talked about school.")
	res = b.post(draft, withAction(form, "check"))
	if res.status != http.StatusSeeOther || !strings.Contains(res.location, "check=1") {
		t.Fatalf("check: %d %s", res.status, res.location)
	}
	page := b.follow(res).body
	mustContain(t, page, "Draft saved and checked", "Writing coach", "to fix before you finalise",
		`<mark class="kith-mark">in a state</mark>`, "Describe what you saw, heard or smelled instead of “in a state”", "Why this matters",
		"Write what Amy said, in their own words")
	often := findingKey(t, page, "often")

	// Dismiss the suggestion about "often" with a reason: kept, and shown.
	form = visitForm(version(t, page), "Mum stayed in the room")
	form.Set("s.observations", "The home was in a state. Amy is often late for school.")
	form.Set("s.child_views", "We talked about school.")
	res = b.post(draft, withAction(form, "dismiss:"+often))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("dismiss with no reason: %d", res.status)
	}
	mustContain(t, res.body, "Say briefly why this does not apply", `href="#dismiss.`+often+`"`, "The home was in a state")
	form.Set("version", version(t, res.body))
	form.Set("dismiss."+often, "The school's figures are in the attendance record")
	res = b.post(draft, withAction(form, "dismiss:"+often))
	if res.status != http.StatusSeeOther {
		t.Fatalf("dismiss: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	mustContain(t, page, "Dismissed by Ann Ash", "The school&#39;s figures are in the attendance record")

	// Finalising is refused without the child's voice; what was typed
	// stays in the form.
	form.Set("version", version(t, page))
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise without the child's voice: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", `href="#s.child_views"`, "Write what Amy said", "We talked about school.",
		`<mark class="kith-mark">in a state</mark>`)

	form.Set("s.child_views", "Amy said “I like walking to school with my friend”.")
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "What the writing coach noticed when this was finalised", "Dismissed by Ann Ash")
	stored, err := c.DB.RecordFindings(t.Context(), c.Actor(c.Prac), strings.TrimPrefix(draft, base+"/"))
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, f := range stored {
		if f.Rule == "vague.quantifiers" && f.Dismissed != nil && f.Dismissed.Reason == "The school's figures are in the attendance record" {
			kept = true
		}
	}
	if !kept {
		t.Errorf("the dismissal is not kept with the finalised record: %+v", stored)
	}
}

var findingIDs = regexp.MustCompile(`id="finding-([a-z0-9]+)"`)

// findingKey returns the key of the finding that marks words.
func findingKey(t *testing.T, page, words string) string {
	t.Helper()
	at := strings.Index(page, `<mark class="kith-mark">`+words+`</mark>`)
	if at < 0 {
		t.Fatalf("no finding marks %q", words)
	}
	ids := findingIDs.FindAllStringSubmatch(page[:at], -1)
	if len(ids) == 0 {
		t.Fatalf("no finding before %q", words)
	}
	return ids[len(ids)-1][1]
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// version returns the draft version a page's form will save from.
func version(t *testing.T, page string) string {
	t.Helper()
	m := versionField.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page has no version field")
	}
	return m[1]
}
