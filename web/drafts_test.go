package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// startHomeVisit starts a home visit on Amy's case as her worker, Ann.
func startHomeVisit(t *testing.T) (*testCouncil, *browser, string) {
	t.Helper()
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	return c, b, b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}}).location
}

// Typing "ASAP" in an action's "by when" used to make every later autosave
// fail, and everything typed after it was lost on reopening. Now each save
// keeps everything, and the draft says what finalising will ask for.
func TestDraftKeepsTypingThatIsNotYetValid(t *testing.T) {
	_, b, draft := startHomeVisit(t)
	var res response

	form := visitForm("1", "")
	form.Set("s.actions.0.by", "ASAP")
	auto := withAction(form, "autosave")
	if res = b.post(draft, auto); res.status != http.StatusOK || !strings.Contains(res.body, `"saved": true`) || !strings.Contains(res.body, `"to_correct": 1`) {
		t.Fatalf("autosave with ASAP: %d %s", res.status, res.body)
	}
	// Typing after it: the analysis, the next steps, the harm or risk tick.
	form.Set("version", "2")
	form.Set("s.analysis", "Typed after ASAP: mornings are calmer")
	form.Set("risk", "yes")
	if res = b.post(draft, withAction(form, "autosave")); res.status != http.StatusOK || !strings.Contains(res.body, `"saved": true`) {
		t.Fatalf("the autosave after ASAP: %d %s", res.status, res.body)
	}
	page := b.get(draft).body
	mustContain(t, page, `value="ASAP"`, "Typed after ASAP: mornings are calmer", `name="risk" type="checkbox" value="yes" checked`,
		"govuk-error-summary", "“ASAP” is not a date", `href="#s.actions.0.what"`)

	// A date that is not real and a time like 25:00, with Save draft.
	form.Set("version", versionIn(t, page))
	form.Set("s.actions.0.by", "31 2 2027")
	form.Set("occurred-day", "31")
	form.Set("occurred-month", "2")
	form.Set("occurred-time", "25:00")
	form.Set("s.concerns", "")
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save with a date that is not real: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	mustContain(t, page, "Draft saved", `name="occurred-day" type="text" inputmode="numeric" value="31"`, `value="25:00"`, `value="31 2 2027"`,
		"Typed after ASAP: mornings are calmer", "govuk-error-summary", `href="#occurred-day"`)

	// Finalising refuses, naming each, and keeps everything.
	form.Set("version", versionIn(t, page))
	res = b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise: %d", res.status)
	}
	mustContain(t, res.body, "There is a problem", "Enter any concerns from the visit", `value="31"`, "Typed after ASAP: mornings are calmer")
}

// When finalising is refused, what was typed since the last autosave is
// saved first: reloading the page loses nothing.
func TestRefusedFinaliseKeepsTypingAfterReload(t *testing.T) {
	_, b, draft := startHomeVisit(t)
	form := visitForm("1", "")
	form.Set("s.discussion", "Typed since the last autosave: Amy wants to join the football club")
	form.Set("s.actions.0.by", "")
	res := b.post(draft, withAction(form, "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise: %d", res.status)
	}
	mustContain(t, res.body, "Say why the child was not seen alone", "Say when “Book a school meeting” will be done by", `name="version" value="2"`)
	mustContain(t, b.get(draft).body, "Typed since the last autosave: Amy wants to join the football club", `name="version" value="2"`)
}

// Saved versions can be opened and compared with the text now, and the
// writer can discard a draft after confirming; no one else can.
func TestDraftVersionsAndDiscard(t *testing.T) {
	c, b, draft := startHomeVisit(t)
	form := visitForm("1", "")
	form.Set("s.discussion", "The home was in a state")
	b.post(draft, withAction(form, "save"))
	form.Set("version", "2")
	form.Set("s.discussion", "The home had 3 bags of rubbish by the door")
	b.post(draft, withAction(form, "save"))

	mustContain(t, b.get(draft+"/versions").body, "Version 3", "Version 2", "Version 1", `href="`+draft+`/versions/2"`)
	page := b.get(draft + "/versions/2").body
	mustContain(t, page, "Version 2", "What was discussed", `<del class="kith-diff-del"><span class="govuk-visually-hidden">[taken out: </span>was in a state`,
		`<ins class="kith-diff-ins"><span class="govuk-visually-hidden">[put in: </span>had 3 bags of rubbish by the door`)
	mustContain(t, b.get(draft+"/versions/3").body, "Nothing: the text now is the same as this version")
	if res := b.get(draft + "/versions/99"); res.status != http.StatusNotFound {
		t.Errorf("a version that does not exist: %d", res.status)
	}

	// A colleague on the team may open the draft but not discard it.
	other := c.signIn(t, c.Prac2)
	if res := other.get(draft + "/discard"); res.status != http.StatusForbidden {
		t.Errorf("a colleague's discard page: %d", res.status)
	}
	if res := other.post(draft+"/discard", url.Values{"version": {"3"}}); res.status != http.StatusForbidden {
		t.Errorf("a colleague discards: %d", res.status)
	}
	mustContain(t, b.get(draft).body, `href="`+draft+`/discard"`, "Discard this draft")
	mustContain(t, b.get(draft+"/discard").body, "Discard this draft?", "You cannot undo this", `name="version" value="3"`)
	if res := b.post(draft+"/discard", url.Values{"version": {"2"}}); res.status != http.StatusConflict || !strings.Contains(res.body, "saved again since") {
		t.Errorf("discarding a version saved since: %d", res.status)
	}
	res := b.post(draft+"/discard", url.Values{"version": {"3"}})
	if res.status != http.StatusSeeOther || res.location != "/drafts" {
		t.Fatalf("discard: %d %s", res.status, res.location)
	}
	mustContain(t, b.follow(res).body, "Draft discarded")
	if res := b.get(draft); res.status != http.StatusNotFound {
		t.Errorf("the discarded draft: %d", res.status)
	}
}
