package sqldb_test

import (
	"context"
	"kith/clock"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A supervision record begins with when Amy was last seen, her last words
// and her father who lives elsewhere; a practitioner must name the manager
// present; a manager of another team is refused; it shows among the
// case's management oversight; group supervision makes one record per
// child discussed.
func TestSupervision(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 16)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.TM3)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		bea := c.Allocate(tm, c.Case(prac, "Bea", "Birch", kithtest.Date(2016, 6, 6), c.T1), c.T1, c.Prac1)
		if _, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Dan", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: false, ParentalResponsibility: kith.Yes},
		}); err != nil {
			t.Fatal(err)
		}
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 2, 10)
		finalise(t, db, prac, amy.Reference, visit)

		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "supervision"})
		if err != nil {
			t.Fatal(err)
		}
		voice := d.Content["child_voice"].Text
		for _, want := range []string{"Amy was last seen on 2 November 2026.", "Last recorded words (Home visit on 2 November 2026):", "I like my new room"} {
			if !strings.Contains(voice, want) {
				t.Errorf("the child's voice lacks %q:\n%s", want, voice)
			}
		}
		// A later visit gives only her mother's words: they are not Amy's
		// last words, which stay those of the visit before.
		later := homeVisit(db, 1, "Amy wanted her mother there")
		later.OccurredAt = londonTime(2026, 11, 2, 12)
		later.Content["child_views"] = kith.SectionValue{Text: "Amy showed me her new shoes and her drawing of the park. Wendy said Amy has been teething and unsettled."}
		finalise(t, db, prac, amy.Reference, later)
		d2, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "supervision"})
		if err != nil {
			t.Fatal(err)
		}
		if v := d2.Content["child_voice"].Text; !strings.Contains(v, "I like my new room") || strings.Contains(v, "teething") {
			t.Errorf("Amy's last words are not hers:\n%s", v)
		}
		if _, err := db.DiscardDraft(ctx, prac, d2.ID, d2.Version); err != nil {
			t.Fatal(err)
		}
		if d.Content["significant_adults"].Text != "Dan Alder (parent)" {
			t.Errorf("significant adults: %q", d.Content["significant_adults"].Text)
		}
		in := d.Input()
		in.Headline, in.OccurredAt = "Monthly supervision", londonTime(2026, 11, 2, 14)
		for _, k := range []string{"summary", "actions_review", "progress", "still_needed", "not_engaging", "decisions"} {
			in.Content[k] = kith.SectionValue{Text: "Written in supervision: " + k}
		}
		if _, err := db.FinaliseRecord(ctx, prac, d.ID, in); fields(err)["s.manager_present"] == "" {
			t.Errorf("a practitioner's supervision without the manager named: %v", err)
		}
		in.Content["manager_present"] = kith.SectionValue{Text: "Dee Daw"}
		if _, err := db.FinaliseRecord(ctx, prac, d.ID, in); err != nil {
			t.Fatal(err)
		}

		if _, err := db.CreateDraft(ctx, other, amy.Reference, kith.RecordInput{TemplateKey: "supervision"}); kith.ErrorCode(err) != kith.EFORBIDDEN && kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's manager: %v", err)
		}
		_, oversight, err := db.OversightRecords(ctx, prac, amy.Reference)
		if err != nil || len(oversight) != 1 || oversight[0].TemplateKey != "supervision" {
			t.Errorf("oversight = %+v, %v", oversight, err)
		}

		drafts, err := db.GroupSupervision(ctx, tm, "supervision", []string{amy.Reference, bea.Reference}, kith.RecordInput{Headline: "Group supervision of Ann's caseload"})
		if err != nil {
			t.Fatal(err)
		}
		if len(drafts) != 2 || drafts[0].GroupID == "" || drafts[0].GroupID != drafts[1].GroupID || drafts[1].Content["child_voice"].Text == "" {
			t.Errorf("group supervision drafts: %+v", drafts)
		}
		if _, err := db.GroupSupervision(ctx, other, "supervision", []string{amy.Reference}, kith.RecordInput{}); kith.ErrorCode(err) != kith.EFORBIDDEN && kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("group supervision by another team's manager: %v", err)
		}
	})
}
