package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func TestChildIdentityKeepsEveryVersion(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		amy := c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)

		// Before anything is recorded, the local child id is the case
		// reference without its hyphens.
		got, err := db.ChildIdentity(ctx, prac, amy.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.ReplaceAll(amy.Reference, "-", ""); len(got) != 1 || got[0].Version != 0 || got[0].LocalChildID != want {
			t.Fatalf("unrecorded identity: %+v, want local id %s", got, want)
		}

		first, err := db.SaveChildIdentity(ctx, prac, amy.Reference, kith.ChildIdentityInput{
			LocalChildID: "MOS0042", UPN: "A950000178301", Sex: "F", Ethnicity: "WBRI", Disabilities: []string{"AUT", "LD"}})
		if err != nil {
			t.Fatal(err)
		}
		if first.Version != 1 || first.LocalChildID != "MOS0042" {
			t.Fatalf("first save: %+v", first)
		}
		// A wrong check letter is refused against its field, and nothing
		// already saved changes.
		_, err = db.SaveChildIdentity(ctx, prac, amy.Reference, kith.ChildIdentityInput{Version: 1, UPN: "R247962919251", Sex: "F"})
		if fe := kith.ErrorFields(err); len(fe) != 1 || fe[0].Field != "upn" {
			t.Fatalf("wrong check letter: %v", err)
		}
		// The local child id given again is ignored: it never changes.
		if _, err := db.SaveChildIdentity(ctx, prac, amy.Reference, kith.ChildIdentityInput{Version: 1, LocalChildID: "NEW1",
			UPN: "A950000178301", Sex: "F", Ethnicity: "WBRI", Disabilities: []string{"LD", "AUT"}, DateOfDeath: kithtest.Date(2026, 1, 2)}); err != nil {
			t.Fatal(err)
		}
		// Someone still on version 1 is told, not overwritten.
		if _, err := db.SaveChildIdentity(ctx, prac, amy.Reference, kith.ChildIdentityInput{Version: 1, Sex: "M"}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}

		got, err = db.ChildIdentity(ctx, prac, amy.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Version != 2 || got[1].Version != 1 {
			t.Fatalf("versions: %+v", got)
		}
		now, was := got[0], got[1]
		if now.LocalChildID != "MOS0042" || now.Sex != "F" || now.DateOfDeath != kithtest.Date(2026, 1, 2) ||
			strings.Join(now.Disabilities, " ") != "LD AUT" || now.RecordedBy != "Ann Ash" {
			t.Errorf("current: %+v", now)
		}
		if ch := now.ChangesFrom(was); len(ch) != 1 || ch[0].Item != "Date of death" {
			t.Errorf("changes: %+v", ch)
		}

		// Another child cannot take the same id, nor another child's
		// reference-derived one.
		bea := c.Case(prac, "Bea", "Birch", kithtest.Date(2016, 6, 6), c.T1)
		cal := c.Case(prac, "Cal", "Cedar", kithtest.Date(2017, 7, 7), c.T1)
		for _, id := range []string{"MOS0042", strings.ReplaceAll(cal.Reference, "-", "")} {
			_, err := db.SaveChildIdentity(ctx, prac, bea.Reference, kith.ChildIdentityInput{LocalChildID: id})
			if fe := kith.ErrorFields(err); len(fe) != 1 || fe[0].Field != "local_child_id" {
				t.Errorf("taking %s: %v", id, err)
			}
		}

		// A practitioner in another team can neither read nor change it.
		other := c.A(c.Prac3)
		if _, err := db.ChildIdentity(ctx, other, amy.Reference); err == nil {
			t.Error("another team read the identity")
		}
		if _, err := db.SaveChildIdentity(ctx, other, amy.Reference, kith.ChildIdentityInput{Version: 2}); err == nil {
			t.Error("another team changed the identity")
		}

		// The change and the reading are in the case's access log.
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), amy.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var changed, viewed int
		for _, e := range log {
			switch e.Action {
			case kith.AuditIdentityChanged:
				changed++
				if changed == 1 && e.Detail != "Changed: Date of death" {
					t.Errorf("newest change's detail: %q", e.Detail)
				}
			case kith.AuditIdentityViewed:
				viewed++
			}
		}
		if changed != 2 || viewed != 2 {
			t.Errorf("access log: %d changes (want 2), %d views (want 2)", changed, viewed)
		}
	})
}

// TestUnbornChildIsBorn: a case opened before birth holds the expected
// date; the caseload shows it; the identity's sex must stay not known
// until birth; the date of birth then replaces the expected date.
func TestUnbornChildIsBorn(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		expected := kithtest.Today().AddDays(60)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{TeamID: c.T1.ID,
			Child: kith.PersonInput{FirstName: "Baby", LastName: "Alder", ExpectedDateOfBirth: expected}})
		if err != nil {
			t.Fatal(err)
		}
		_, p, _, err := db.CasePerson(ctx, prac, cs.Reference, cs.ChildID)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Unborn() || p.ExpectedDateOfBirth != expected {
			t.Fatalf("unborn child: %+v", p)
		}
		if _, err := db.SaveChildIdentity(ctx, prac, cs.Reference, kith.ChildIdentityInput{Sex: "F"}); kith.ErrorFields(err) == nil || kith.ErrorFields(err)[0].Field != "sex" {
			t.Errorf("unborn child's sex: %v", err)
		}
		page, err := db.Caseload(ctx, c.A(c.TM1), kith.CaseloadFilter{Unallocated: true, TeamID: c.T1.ID})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range page.Cases {
			found = found || (s.Reference == cs.Reference && s.ExpectedDateOfBirth == expected && s.DateOfBirth.IsZero())
		}
		if !found {
			t.Error("the caseload does not show the expected date")
		}

		// Born: the date of birth replaces the expected date.
		born := kithtest.Today().AddDays(-5)
		if err := db.UpdatePerson(ctx, prac, cs.Reference, cs.ChildID, kith.PersonInput{FirstName: "Rosa", LastName: "Alder",
			DateOfBirth: born, ExpectedDateOfBirth: expected, Version: p.Version}); kith.ErrorFields(err) == nil {
			t.Errorf("both dates: %v", err)
		}
		if err := db.UpdatePerson(ctx, prac, cs.Reference, cs.ChildID, kith.PersonInput{FirstName: "Rosa", LastName: "Alder",
			DateOfBirth: born, Version: p.Version}); err != nil {
			t.Fatal(err)
		}
		_, p, _, err = db.CasePerson(ctx, prac, cs.Reference, cs.ChildID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Unborn() || p.DateOfBirth != born || !p.ExpectedDateOfBirth.IsZero() {
			t.Errorf("after birth: %+v", p)
		}
		if _, err := db.SaveChildIdentity(ctx, prac, cs.Reference, kith.ChildIdentityInput{Sex: "F"}); err != nil {
			t.Errorf("sex after birth: %v", err)
		}
	})
}
