package web

import (
	"kith/internal/kithtest"
	"net/http"
	"strings"
	"testing"
	"time"

	"kith"
)

// TestQualityCheckAPI checks writing through the API: plain text, a
// template's sections for a case, a draft, and bad input, with spans that
// point at the words and dismissals kept with the draft.
func TestQualityCheckAPI(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.Now().AddDate(0, -1, 0))
	tok := c.token(t, c.Prac)

	// Plain text: the findings point at the words, byte for byte.
	text := "Observations:\nThe home was in a state.\n\nActions:\nA referral will be made.\n"
	code, body, _ := c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"text": text})
	if code != http.StatusOK {
		t.Fatalf("plain text check: %d %v", code, body)
	}
	found := map[string]map[string]any{}
	for _, f := range body["findings"].([]any) {
		m := f.(map[string]any)
		found[m["rule"].(string)] = m
	}
	vague := found["vague.descriptors"]
	if vague == nil || vague["text"] != "in a state" || vague["part"] != "observations" {
		t.Fatalf("vagueness not found on its words: %v", body["findings"])
	}
	if found["actions.no-owner"] == nil || found["actions.no-date"] == nil || body["blocking"] != true {
		t.Errorf("the action with no owner or date is not found, or does not block: %v", body)
	}

	// Bad input: nothing to check, and a megabyte, refused with the limit
	// before any rule reads it.
	code, body, _ = c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"text": "  "})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body["errors"].([]any)[0].(map[string]any)["message"].(string), "Send some writing") {
		t.Errorf("empty text: %d %v", code, body)
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"text": strings.Repeat("The home was in a state. ", 42000)})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body["detail"].(string), "up to 200 KB") {
		t.Errorf("1 MB: %d %v", code, body)
	}

	// A template's sections for a case; someone from another team may not
	// check writing against Amy's case.
	sections := map[string]any{"observations": map[string]any{"text": "Amy's room was messy."}}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"case": amy.Reference, "template": "home-visit", "sections": sections})
	if code != http.StatusOK || !strings.Contains(strings.Join(rules(body), " "), "vague.descriptors") {
		t.Errorf("sections for a case: %d %v", code, body)
	}
	code, _, _ = c.api(t, c.token(t, c.Outsider), "POST", "/api/v1/quality/check", map[string]any{"case": amy.Reference, "template": "home-visit", "sections": sections})
	if code != http.StatusNotFound {
		t.Errorf("an outsider checking against Amy's case: %d, want 404", code)
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"sections": sections})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("sections without a template: %d %v", code, body)
	}

	// A draft: findings on the saved draft, one dismissed with a reason,
	// which is listed with the finding; an error cannot be dismissed.
	d, err := c.DB.CreateDraft(t.Context(), c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
	if err != nil {
		t.Fatal(err)
	}
	in := kith.RecordInput{TemplateKey: "home-visit", Version: d.Version, Headline: "Visit",
		Content: kith.RecordContent{"observations": {Text: "Amy is often late for school."}, "concerns": {Text: "N/A"}}}
	if _, err := c.DB.SaveDraft(t.Context(), c.Actor(c.Prac), d.ID, in); err != nil {
		t.Fatal(err)
	}
	code, body, _ = c.api(t, tok, "GET", "/api/v1/records/"+d.ID+"/findings", nil)
	if code != http.StatusOK {
		t.Fatalf("draft findings: %d %v", code, body)
	}
	var often, placeholder string
	for _, f := range body["findings"].([]any) {
		m := f.(map[string]any)
		switch m["rule"] {
		case "vague.quantifiers":
			often = m["key"].(string)
		case "sections.placeholder":
			placeholder = m["key"].(string)
		}
	}
	if often == "" || placeholder == "" {
		t.Fatalf("the draft's findings: %v", body["findings"])
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/records/"+d.ID+"/findings/"+often+"/dismiss", map[string]any{"reason": ""})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a dismissal with no reason: %d %v", code, body)
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/records/"+d.ID+"/findings/"+often+"/dismiss", map[string]any{"reason": "The school's figure is in the attendance record"})
	if code != http.StatusOK {
		t.Fatalf("dismiss: %d %v", code, body)
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/records/"+d.ID+"/findings/"+placeholder+"/dismiss", map[string]any{"reason": "Not needed"})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("dismissing an error: %d %v", code, body)
	}
	code, body, _ = c.api(t, tok, "POST", "/api/v1/quality/check", map[string]any{"record": d.ID,
		"sections": map[string]any{"observations": map[string]any{"text": "Amy is often late for school."}}})
	if code != http.StatusOK {
		t.Fatalf("check of the draft: %d %v", code, body)
	}
	dismissed := false
	for _, f := range body["findings"].([]any) {
		m := f.(map[string]any)
		if m["key"] == often && m["dismissed"] != nil {
			dismissed = m["dismissed"].(map[string]any)["reason"] == "The school's figure is in the attendance record"
		}
	}
	if !dismissed {
		t.Errorf("the dismissal is not listed with the finding: %v", body["findings"])
	}
}

func rules(body map[string]any) []string {
	var out []string
	for _, f := range body["findings"].([]any) {
		out = append(out, f.(map[string]any)["rule"].(string))
	}
	return out
}

// TestKeptFindingsAreForTheWriterAndManager reads what the coach kept with
// a final record through the API: its writer and the case's manager may,
// a colleague who can read the case and an auditor may not.
func TestKeptFindingsAreForTheWriterAndManager(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.amyAllocatedAt(kithtest.Now().AddDate(0, -1, 0))
	ctx := t.Context()
	d, err := c.DB.CreateDraft(ctx, c.Actor(c.Prac), amy.Reference, kith.RecordInput{TemplateKey: "email-or-letter"})
	if err != nil {
		t.Fatal(err)
	}
	in := kith.RecordInput{TemplateKey: "email-or-letter", Version: d.Version, Headline: "Letter to school", OccurredAt: kithtest.Now().Add(-time.Hour),
		Content: kith.RecordContent{"direction": {Text: "sent"}, "correspondents": {Text: "School office"},
			"content": {Text: "I wrote to the school to ask for Amy's attendance figures for this term, which are often late."}}}
	if _, err := c.DB.FinaliseRecord(ctx, c.Actor(c.Prac), d.ID, in); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct {
		name string
		user *kith.User
		want int
	}{
		{"the writer", c.Prac, http.StatusOK},
		{"the case's manager", c.Manager, http.StatusOK},
		{"a colleague on the team", c.Prac2, http.StatusForbidden},
		{"an auditor", c.Auditor, http.StatusForbidden},
		{"someone outside the team", c.Outsider, http.StatusNotFound},
	} {
		code, body, _ := c.api(t, c.token(t, who.user), "GET", "/api/v1/records/"+d.ID+"/findings", nil)
		if code != who.want {
			t.Errorf("%s: %d %v, want %d", who.name, code, body, who.want)
		}
		if who.want == http.StatusOK && len(body["findings"].([]any)) == 0 {
			t.Errorf("%s: no findings kept with the record", who.name)
		}
	}
}

// TestQualityCheckAPIKeepsRestrictedCasesUnknown: a practitioner checking
// writing through the API learns nothing of a restricted case in their own
// team: its child's name and its reference answer as ones Kith does not
// hold, on both engines; its worker, on its list, is still warned.
func TestQualityCheckAPIKeepsRestrictedCasesUnknown(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			m := c.Actor(c.Manager)
			amy := c.Allocate(m, c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			rose := c.Allocate(m, c.Case(c.Actor(c.Prac2), "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.T1), c.T1, c.Prac2)
			if err := c.DB.SetRestricted(t.Context(), m, rose.Reference, true, rose.Version); err != nil {
				t.Fatal(err)
			}
			check := func(token, ref, text string) []string {
				t.Helper()
				code, body, _ := c.api(t, token, "POST", "/api/v1/quality/check", map[string]any{"case": ref, "text": text})
				if code != http.StatusOK {
					t.Fatalf("check: %d %v", code, body)
				}
				return rules(body)
			}
			ann := c.token(t, c.Prac)
			for _, pair := range [][2]string{
				{"Amy said Rose Thorne was there.", "Amy said Lily Fenwick was there."},
				{"See " + rose.Reference + " for the plan.", "See KTH-2026-009999 for the plan."},
			} {
				if got, want := check(ann, amy.Reference, pair[0]), check(ann, amy.Reference, pair[1]); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%q answers %v; one Kith does not hold answers %v", pair[0], got, want)
				}
			}
			ben := c.Allocate(m, c.Case(c.Actor(c.Prac2), "Ben", "Birch", kithtest.Date(2016, 6, 6), c.T1), c.T1, c.Prac2)
			if got := check(c.token(t, c.Prac2), ben.Reference, "Ben said Rose Thorne was there."); !strings.Contains(strings.Join(got, " "), "names.other-child") {
				t.Errorf("Rose's worker is not warned on Ben's file: %v", got)
			}
		})
	}
}
