package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// The adopters register: a service manager adds and corrects a household
// (a stale correction refused), no practitioner may read or change it, a
// child's match names the household only once they are approved and as
// who they are, and Annex A's list 11 carries the child's match.
func TestAdoptersRegister(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		sm, prac := c.A(c.SM1), c.A(c.Prac1)
		today := kithtest.Today()
		in := kith.AdopterHouseholdInput{
			Adopters:  []kith.Adopter{{Name: "Sam Rowe", Sex: "F", Ethnicity: "WBRI", Disabled: kith.No}, {Name: "Alex Rowe", Sex: "M", Ethnicity: "MWBC", Disabled: kith.NotKnown}},
			EnquiryOn: today.AddDays(-300), Stage1StartedOn: today.AddDays(-290), Stage1EndedOn: today.AddDays(-230), Stage2StartedOn: today.AddDays(-225),
		}
		if _, err := db.RecordAdopterHousehold(ctx, prac, "", in); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner adds adopters: %v", err)
		}
		h, err := db.RecordAdopterHousehold(ctx, sm, "", in)
		if err != nil || h.Version != 1 || h.Reference != "ADP-"+itoa(today.AddDays(-300).Year)+"-0001" {
			t.Fatalf("add a household: %+v, %v", h, err)
		}
		second, err := db.RecordAdopterHousehold(ctx, sm, "", kith.AdopterHouseholdInput{Adopters: in.Adopters[:1], EnquiryOn: today.AddDays(-300)})
		if err != nil || second.Reference != h.Reference[:len(h.Reference)-1]+"2" {
			t.Fatalf("a second household: %+v, %v", second, err)
		}

		// A looked-after child, the decision to place them for adoption,
		// and a match with the household before its approval: refused.
		cs := c.LookedAfter(c.A(c.TM1), "Pip", "Poplar", today.AddDays(-900), c.T1, c.Prac1, today.AddDays(-400), kith.Date{})
		if _, err := db.RecordAdoptionDecision(ctx, prac, cs.Reference, "", kith.AdoptionDecisionInput{DecidedOn: today.AddDays(-250)}); err != nil {
			t.Fatal(err)
		}
		match := kith.AdoptionMatchInput{MatchedOn: today.AddDays(-20), AdoptersSex: "MF", AdoptersStatus: "L11", Household: h.Reference}
		if _, err := db.RecordAdoptionMatch(ctx, prac, cs.Reference, match); fieldOf(err) != "household" {
			t.Errorf("a match before approval: %v", err)
		}
		in.ApplicationOn, in.Stage2EndedOn, in.ApprovedOn, in.Version = today.AddDays(-226), today.AddDays(-60), today.AddDays(-60), 1
		if h, err = db.RecordAdopterHousehold(ctx, sm, h.ID, in); err != nil || h.Version != 2 {
			t.Fatalf("approve them: %+v, %v", h, err)
		}
		if _, err := db.RecordAdopterHousehold(ctx, sm, h.ID, in); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a stale correction: %v", err)
		}
		match.AdoptersSex, match.AdoptersStatus = "FF", "L12"
		if _, err := db.RecordAdoptionMatch(ctx, prac, cs.Reference, match); fieldOf(err) != "adopters_sex" {
			t.Errorf("a match with two women, the register a man and a woman: %v", err)
		}
		match.AdoptersSex, match.AdoptersStatus, match.Household = "MF", "L11", "ADP-1999-0001"
		if _, err := db.RecordAdoptionMatch(ctx, prac, cs.Reference, match); fieldOf(err) != "household" {
			t.Errorf("a household not in the register: %v", err)
		}
		match.Household = " adp-" + h.Reference[4:] + " " // typed in lower case, with spaces
		m, err := db.RecordAdoptionMatch(ctx, prac, cs.Reference, match)
		if err != nil || m.Household != h.Reference {
			t.Fatalf("the match names the household: %+v, %v", m, err)
		}

		if _, err := db.AdopterHouseholds(ctx, prac); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner reads the register: %v", err)
		}
		all, err := db.AdopterHouseholds(ctx, sm)
		if err != nil || len(all) != 2 || all[0].Names() != "Sam Rowe and Alex Rowe" || all[1].Adopters[0].Disabled != kith.No {
			t.Fatalf("the register: %+v, %v", all, err)
		}
		facts, err := db.AdopterFacts(ctx, sm)
		if err != nil || len(facts) != 2 || len(facts[0].Children) != 1 || facts[0].Children[0].Match.MatchedOn != match.MatchedOn {
			t.Fatalf("adopters for Annex A: %+v, %v", facts, err)
		}
		p := kith.AnnexAPeriod{From: kith.AnnexASixMonthsTo(today), To: today}
		rows := kith.AnnexALists(nil, facts, p)[10].Rows
		if len(rows) != 3 || rows[0][13] != fmt.Sprintf("%02d/%02d/%d", match.MatchedOn.Day, match.MatchedOn.Month, match.MatchedOn.Year) {
			t.Errorf("list 11: %q", rows)
		}
	})
}

// fieldOf is the first field a validation error names.
func fieldOf(err error) string {
	if f := kith.ErrorFields(err); len(f) > 0 {
		return f[0].Field
	}
	return ""
}

// At the same moment: two households added get their own references (or
// one is told to save again, never an error); two first permanence plans
// for the same child, one saved and the other told to reload.
func TestAdoptersAndPlansAtOnce(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newCouncil(t, db)
		sm := c.A(c.SM1)
		today := kithtest.Today()
		in := kith.AdopterHouseholdInput{Adopters: []kith.Adopter{{Name: "Jo Lee", Sex: "F", Ethnicity: "CHNE", Disabled: kith.No}}, EnquiryOn: today}
		refs := make(chan string, 4)
		errs := make(chan error, 4)
		start := make(chan struct{})
		for range 4 {
			go func() {
				<-start
				h, err := db.RecordAdopterHousehold(ctx, sm, "", in)
				refs <- h.Reference
				errs <- err
			}()
		}
		close(start)
		seen := map[string]bool{}
		for range 4 {
			ref, err := <-refs, <-errs
			switch {
			case err == nil && seen[ref]:
				t.Errorf("two households numbered %s", ref)
			case err == nil:
				seen[ref] = true
			case kith.ErrorCode(err) != kith.ECONFLICT:
				t.Fatalf("a household added at the same moment: %v", err)
			}
		}
		if len(seen) == 0 {
			t.Error("no household was added")
		}

		cs := c.LookedAfter(c.A(c.TM1), "Kai", "Larch", today.AddDays(-3000), c.T1, c.Prac1, today.AddDays(-400), kith.Date{})
		onceAtOnce(t, func(plan string) error {
			_, err := db.RecordPermanencePlan(ctx, c.A(c.Prac1), cs.Reference, kith.PermanencePlanInput{Plan: plan, AgreedOn: today.AddDays(-200)})
			return err
		}, "fostering", "adoption", "return_home")
	})
}
