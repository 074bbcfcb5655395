package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Subject access requests: logged by an information governance officer
// for a case they cannot open, numbered in the year received, changed
// against the version read, refused to everyone else, each change shown
// in the case's own access log.
func TestSubjectAccessRequests(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		db.Clock = clock.Func(func() time.Time { return londonTime(2026, 10, 20, 15) })
		c := newCouncil(t, db)
		ig := c.A(c.User("ida.info", []kith.Role{kith.RoleInformationGovernance}))
		cs := c.Allocate(c.A(c.TM1), c.Case(c.A(c.Prac1), "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac1)

		in := kith.SubjectAccessInput{CaseReference: strings.ToLower(cs.Reference), RequesterName: "Jordan Alder", Relation: "self",
			ReceivedOn: kithtest.Date(2026, 9, 3), IdentityCheck: "photo_id"}
		for _, who := range []kith.Actor{c.A(c.Prac1), c.A(c.TM1), c.A(c.SM1), c.A(c.Auditor), c.A(c.Admin)} {
			if _, err := db.RecordSubjectAccessRequest(ctx, who, "", in); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s logged a request: %v", who.User.Username, err)
			}
			if _, err := db.SubjectAccessRequests(ctx, who); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s listed the requests: %v", who.User.Username, err)
			}
		}
		// The officer cannot open the case itself.
		if _, _, err := db.Case(ctx, ig, cs.Reference, kith.ViewCase); err == nil {
			t.Error("the information governance officer opened the case")
		}

		unknown := in
		unknown.CaseReference = "KTH-2026-999999"
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, "", unknown); kith.ErrorCode(err) != kith.EINVALID ||
			kith.ErrorFields(err)[0].Field != "case_reference" || !strings.Contains(kith.ErrorFields(err)[0].Message, "There is no child’s case KTH-2026-999999") {
			t.Errorf("a request for a child who does not exist: %v", err)
		}

		r, err := db.RecordSubjectAccessRequest(ctx, ig, "", in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Reference != "SAR-2026-0001" || r.SubjectName != "Jordan Alder" || r.CaseReference != cs.Reference || r.Version != 1 || r.LoggedBy != "Ida Info" {
			t.Errorf("logged as %+v", r)
		}
		// Received Thursday 3 September 2026: due Monday 5 October (the
		// 3rd is a Saturday), so 15 days late on 20 October.
		if r.Clock.Due.String() != "2026-10-05" || r.Clock.DaysLate != 15 || r.Clock.DaysLeft != 0 {
			t.Errorf("clock %+v", r.Clock)
		}

		// An extension after the month ran out is refused; the answer is
		// recorded.
		late := r.SubjectAccessInput
		late.ExtensionMonths, late.ExtensionReason, late.ExtendedOn = 2, "Many records", kithtest.Date(2026, 10, 19)
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, r.ID, late); kith.ErrorCode(err) != kith.EINVALID || !strings.Contains(kith.ErrorFields(err)[0].Message, "within the first month, by 5 October 2026") {
			t.Errorf("a late extension: %v", err)
		}
		answered := r.SubjectAccessInput
		answered.RespondedOn = kithtest.Date(2026, 10, 20)
		if r, err = db.RecordSubjectAccessRequest(ctx, ig, r.ID, answered); err != nil || r.Version != 2 || r.Clock.DaysLate != 15 || r.Open() {
			t.Fatalf("answered: %+v %v", r, err)
		}
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, r.ID, answered); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a change from the version read before: %v", err)
		}
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, "01a0a0a0-0000-7000-8000-000000000000", answered); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("a request that is not there: %v", err)
		}

		// A second, waiting for proof of identity, and a third, extended
		// in time: the list puts the open one due first, then the one
		// waiting, then the answered.
		waiting := in
		waiting.ReceivedOn, waiting.IdentityCheck, waiting.Relation, waiting.RequesterName = kithtest.Date(2026, 10, 19), "pending", "parent", "Sam Alder"
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, "", waiting); err != nil {
			t.Fatal(err)
		}
		extended := in
		extended.ReceivedOn, extended.ExtensionMonths, extended.ExtensionReason, extended.ExtendedOn = kithtest.Date(2026, 10, 1), 1, "Records from three councils", kithtest.Date(2026, 10, 20)
		third, err := db.RecordSubjectAccessRequest(ctx, ig, "", extended)
		if err != nil || third.Reference != "SAR-2026-0003" || third.Clock.Due.String() != "2026-12-01" || third.Clock.DaysLeft != 42 {
			t.Fatalf("extended: %+v %v", third, err)
		}
		list, err := db.SubjectAccessRequests(ctx, ig)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, r := range list {
			order = append(order, r.Reference)
		}
		if strings.Join(order, " ") != "SAR-2026-0003 SAR-2026-0002 SAR-2026-0001" {
			t.Errorf("listed %v, want the open one first, then the one waiting, then the answered", order)
		}

		// The case's managers see in its access log that its record was
		// asked for, and by whom it was logged.
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), cs.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		logged := 0
		for _, e := range log {
			if e.Action == kith.AuditSARRecorded && e.UserName == "Ida Info" {
				logged++
			}
		}
		if logged != 4 {
			t.Errorf("%d subject access changes in the case's access log, want 4", logged)
		}

		// Four logged at the same moment get four numbers, or are told to
		// save again.
		onceEach(t, 4, func() (string, error) {
			r, err := db.RecordSubjectAccessRequest(ctx, ig, "", in)
			return r.Reference, err
		})
	})
}

// onceEach runs add n times at the same moment: each must save with a
// reference of its own, or be told to save again, never fail otherwise.
func onceEach(t *testing.T, n int, add func() (string, error)) {
	t.Helper()
	type result struct {
		ref string
		err error
	}
	results := make(chan result, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			ref, err := add()
			results <- result{ref, err}
		}()
	}
	close(start)
	seen := map[string]bool{}
	for range n {
		switch r := <-results; {
		case r.err == nil && seen[r.ref]:
			t.Errorf("two saved as %s", r.ref)
		case r.err == nil:
			seen[r.ref] = true
		case kith.ErrorCode(r.err) != kith.ECONFLICT:
			t.Fatalf("saved at the same moment: %v", r.err)
		}
	}
	if len(seen) == 0 {
		t.Error("none was saved")
	}
}
