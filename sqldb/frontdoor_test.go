package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Contacts and early help assessments: recorded by the child's worker,
// corrected against the version read, refused to a worker in another
// team, audited, shown on the case page and read by Annex A, even for a
// child with no referral at all.
func TestContactsAndEarlyHelp(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		db.Clock = clock.Func(func() time.Time { return londonTime(2026, 9, 2, 15) })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		cs := c.Allocate(tm, c.Case(prac, "Ava", "Oak", kithtest.Date(2019, 4, 1), c.T1), c.T1, c.Prac1)

		in := kith.ContactInput{ContactOn: kithtest.Date(2026, 8, 20), Source: "2A", Outcome: "advice"}
		contact, err := db.RecordContact(ctx, prac, cs.Reference, "", in)
		if err != nil || contact.ID == "" || contact.Version != 1 {
			t.Fatalf("record a contact: %+v, %v", contact, err)
		}
		in.Outcome, in.Version = "early_help", 1
		if contact, err = db.RecordContact(ctx, prac, cs.Reference, contact.ID, in); err != nil || contact.Version != 2 || contact.Outcome != "early_help" {
			t.Fatalf("correct a contact: %+v, %v", contact, err)
		}
		in.Outcome = "nfa" // from version 1, read before the correction
		if _, err := db.RecordContact(ctx, prac, cs.Reference, contact.ID, in); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a stale correction: %v, want a conflict", err)
		}
		in.Version = 2
		if _, err := db.RecordContact(ctx, prac, cs.Reference, "no-such-contact", in); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("a contact that is not there: %v", err)
		}
		if _, err := db.RecordContact(ctx, c.A(c.Prac3), cs.Reference, "", in); kith.ErrorCode(err) == "" {
			t.Error("a practitioner in another team recorded a contact")
		}
		bad := kith.ContactInput{ContactOn: kithtest.Date(2026, 9, 3), Source: "2A", Outcome: "nfa"}
		if _, err := db.RecordContact(ctx, prac, cs.Reference, "", bad); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a contact tomorrow: %v", err)
		}

		eh := kith.EarlyHelpAssessmentInput{StartedOn: kithtest.Date(2026, 8, 24), Organisation: "Early help team"}
		assessment, err := db.RecordEarlyHelpAssessment(ctx, prac, cs.Reference, "", eh)
		if err != nil || assessment.Version != 1 {
			t.Fatalf("record an early help assessment: %+v, %v", assessment, err)
		}
		eh.CompletedOn, eh.Version = kithtest.Date(2026, 9, 1), 1
		if assessment, err = db.RecordEarlyHelpAssessment(ctx, prac, cs.Reference, assessment.ID, eh); err != nil || assessment.CompletedOn != eh.CompletedOn {
			t.Fatalf("complete it: %+v, %v", assessment, err)
		}
		other := c.Allocate(tm, c.Case(prac, "Bo", "Oak", kithtest.Date(2018, 1, 1), c.T1), c.T1, c.Prac1)
		if _, err := db.RecordEarlyHelpAssessment(ctx, prac, other.Reference, assessment.ID, kith.EarlyHelpAssessmentInput{StartedOn: kithtest.Date(2026, 8, 1),
			Organisation: "School", Version: 2}); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another case's assessment corrected through this one: %v", err)
		}

		o, err := db.CaseOverview(ctx, prac, cs.Reference)
		if err != nil || len(o.Contacts) != 1 || len(o.EarlyHelp) != 1 || o.EarlyHelp[0].Organisation != "Early help team" {
			t.Fatalf("the case page: %+v %+v, %v", o.Contacts, o.EarlyHelp, err)
		}
		_, log, err := db.AccessLog(ctx, tm, cs.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[kith.AuditAction]int{}
		for _, e := range log {
			seen[e.Action]++
		}
		if seen[kith.AuditContactRecorded] != 2 || seen[kith.AuditEarlyHelpAssessment] != 2 {
			t.Errorf("audited: %v, want two of each", seen)
		}

		// Their cases opened after the period: Annex A lists them for what
		// came before.
		set, err := db.ReturnFacts(ctx, c.A(c.SM1), kith.AnnexAPeriod{From: kithtest.Date(2026, 6, 1), To: kithtest.Date(2026, 9, 1)}, sqldb.ReturnFilter{FrontDoor: true})
		if err != nil {
			t.Fatal(err)
		}
		lists := kith.AnnexALists(set.Children, nil, kith.AnnexAPeriod{From: kithtest.Date(2026, 6, 1), To: kithtest.Date(2026, 9, 1)})
		if len(lists[0].Rows) != 1 || len(lists[1].Rows) != 1 || lists[1].Rows[0][6] != "01/09/2026" {
			t.Errorf("Annex A lists 1 and 2: %v %v", lists[0].Rows, lists[1].Rows)
		}
	})
}
