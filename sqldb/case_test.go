package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func TestCreateCaseAndOverview(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{
			Child:   kith.PersonInput{FirstName: " Robert ", LastName: "Ashdown", KnownAs: "Bobby", DateOfBirth: kithtest.Date(2016, 2, 29)},
			TeamID:  c.T1.ID,
			Status:  kith.StatusCIN,
			Address: &kith.AddressInput{Line1: "1 Fern Row", Town: "Kithton", Postcode: "kt11aa"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(cs.Reference, "KTH-") || cs.State != kith.CaseOpen || cs.WorkerID != "" || cs.TeamID != c.T1.ID {
			t.Fatalf("new case: %+v", cs)
		}
		second := c.Case(prac, "Ada", "Ashdown", kithtest.Date(2018, 5, 1), c.T1)
		if second.Reference == cs.Reference {
			t.Fatal("two cases share a reference")
		}

		o, err := db.CaseOverview(ctx, prac, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if o.Child.FirstName != "Robert" || o.Child.KnownAs != "Bobby" || o.Child.DisplayName() != "Robert (Bobby) Ashdown" {
			t.Errorf("child: %+v", o.Child)
		}
		if a := o.Child.CurrentAddress(); a == nil || a.Postcode != "KT1 1AA" {
			t.Errorf("address: %+v", o.Child.Addresses)
		}
		if len(o.Case.Statuses) != 1 || o.Case.Statuses[0] != kith.StatusCIN {
			t.Errorf("statuses: %v", o.Case.Statuses)
		}
		if len(o.Allocations) != 1 || o.Allocations[0].Kind != kith.AllocationOpened {
			t.Errorf("allocations: %+v", o.Allocations)
		}
		if len(o.KeyEvents) != 2 || o.KeyEvents[0].Kind != kith.EventCaseOpened {
			t.Errorf("key events: %+v", o.KeyEvents)
		}
		if !o.Can.Edit || o.Can.Manage || o.Can.ViewAccessLog {
			t.Errorf("practitioner permissions: %+v", o.Can)
		}

		// The view is audited, and the manager can read it in the access log.
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), cs.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, string(e.Action)+" by "+e.UserName)
		}
		got := strings.Join(actions, "; ")
		for _, want := range []string{"case.viewed by Ann Ash", "case.created by Ann Ash", "status.started by Ann Ash"} {
			if !strings.Contains(got, want) {
				t.Errorf("access log %q lacks %q", got, want)
			}
		}
		if _, _, err := db.AccessLog(ctx, prac, cs.Reference, kith.AccessLogFilter{}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("practitioner reading the access log: %v", err)
		}
	})
}

func TestCreateCaseBadInput(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		today := kith.Today(kithtest.Now())
		for _, tc := range []struct {
			name  string
			in    kith.NewCaseInput
			field string
			msg   string
		}{
			{"future date of birth", kith.NewCaseInput{Child: kith.PersonInput{FirstName: "A", LastName: "B", DateOfBirth: today.AddDays(1)}, TeamID: c.T1.ID},
				"child_date_of_birth", "Date of birth must be today or in the past"},
			{"empty name", kith.NewCaseInput{Child: kith.PersonInput{FirstName: "  ", LastName: "B", DateOfBirth: today}, TeamID: c.T1.ID},
				"child_first_name", "Enter the first name"},
			{"huge name", kith.NewCaseInput{Child: kith.PersonInput{FirstName: strings.Repeat("a", 10<<20), LastName: "B", DateOfBirth: today}, TeamID: c.T1.ID},
				"child_first_name", "First name must be 100 characters or fewer"},
			{"digits in name", kith.NewCaseInput{Child: kith.PersonInput{FirstName: "R2D2", LastName: "B", DateOfBirth: today}, TeamID: c.T1.ID},
				"child_first_name", "First name must only include letters, spaces, hyphens, apostrophes and full stops"},
			{"other team", kith.NewCaseInput{Child: kith.PersonInput{FirstName: "A", LastName: "B", DateOfBirth: today}, TeamID: c.T3.ID},
				"team_id", "You can only open cases in your own teams. Select one of your teams"},
			{"unknown team", kith.NewCaseInput{Child: kith.PersonInput{FirstName: "A", LastName: "B", DateOfBirth: today}, TeamID: "nope"},
				"team_id", "Select the team the case will be held by"},
		} {
			_, err := db.CreateCase(ctx, c.A(c.Prac1), tc.in)
			fields := kith.ErrorFields(err)
			if len(fields) == 0 || fields[0].Field != tc.field || fields[0].Message != tc.msg {
				t.Errorf("%s: got %v, want %s: %q", tc.name, err, tc.field, tc.msg)
			}
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM people"); n != 0 {
			t.Errorf("refused cases left %d people behind", n)
		}
		// Administrators and auditors open no cases.
		for _, u := range []*kith.User{c.Admin, c.Auditor} {
			_, err := db.CreateCase(ctx, c.A(u), kith.NewCaseInput{Child: kith.PersonInput{FirstName: "A", LastName: "B", DateOfBirth: today}, TeamID: c.T1.ID})
			if kith.ErrorCode(err) != kith.EINVALID {
				t.Errorf("%s opened a case: %v", u.Username, err)
			}
		}
	})
}

func TestAllocateTransferCloseReopen(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		tm := c.A(c.TM1)
		cs := c.Case(c.A(c.Prac1), "Cara", "Coppice", kithtest.Date(2014, 1, 2), c.T1)

		// A practitioner cannot allocate.
		if _, err := db.Allocate(ctx, c.A(c.Prac1), cs.Reference, kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac1.ID}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Fatalf("practitioner allocating: %v", err)
		}
		cs = c.Allocate(tm, cs, c.T1, c.Prac1)
		if cs.WorkerID != c.Prac1.ID || cs.AllocatedAt == nil {
			t.Fatalf("allocated: %+v", cs)
		}
		// Transfer to a disabled user, to someone outside the team, to the same worker.
		for _, tc := range []struct {
			in  kith.AllocateInput
			msg string
		}{
			{kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Disabled.ID}, "Ivy Ivy's account is disabled. Choose someone else"},
			{kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac3.ID}, "Cat Cedar is not a member of North. Choose someone in that team, or add them to it first"},
			{kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac1.ID}, "The case is already allocated to Ann Ash. Select someone else to transfer it"},
			{kith.AllocateInput{TeamID: c.T3.ID, WorkerID: c.Prac3.ID}, "Enter why the case is moving to Fostering"},
		} {
			tc.in.Version = cs.Version
			_, err := db.Allocate(ctx, tm, cs.Reference, tc.in)
			if f := kith.ErrorFields(err); len(f) != 1 || f[0].Message != tc.msg {
				t.Errorf("allocate %+v: %v, want %q", tc.in, err, tc.msg)
			}
		}
		cs, err := db.Allocate(ctx, tm, cs.Reference, kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac2.ID, Version: cs.Version, WorkerChangeReason: "MANAGE"})
		if err != nil {
			t.Fatal(err)
		}
		// Close, and close again.
		closed, err := db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", Note: "No further action", Version: cs.Version})
		if err != nil {
			t.Fatal(err)
		}
		if closed.State != kith.CaseClosed || closed.WorkerID != "" {
			t.Fatalf("closed: %+v", closed)
		}
		if _, err := db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", Version: closed.Version}); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.HasPrefix(kith.ErrorMessage(err), "This case is already closed") {
			t.Errorf("closing a closed case: %v", err)
		}
		if _, err := db.Allocate(ctx, tm, cs.Reference, kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac1.ID, Version: closed.Version}); kith.ErrorMessage(err) != "This case is closed. Reopen it before allocating it." {
			t.Errorf("allocating a closed case: %v", err)
		}
		if err := db.StartStatus(ctx, c.A(c.Prac1), cs.Reference, kith.StatusInput{Kind: kith.StatusCP}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("changing a closed case: %v", err)
		}
		// The new referral came after the close (an hour before now would be
		// the day before the close, run just after midnight).
		reopened, err := db.ReopenCase(ctx, tm, cs.Reference, kith.ReopenInput{Reason: "New referral from school", Version: closed.Version,
			Referral: kith.EpisodeReferralInput{ReferralAt: kithtest.ClockOf(db).Now(), Source: "2A"}})
		if err != nil {
			t.Fatal(err)
		}
		if reopened.State != kith.CaseOpen || reopened.WorkerID != "" {
			t.Fatalf("reopened: %+v", reopened)
		}
		o, err := db.CaseOverview(ctx, tm, cs.Reference)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, al := range o.Allocations {
			kinds = append(kinds, string(al.Kind))
			if al.Kind != kith.AllocationReopened && al.EndedAt == nil {
				t.Errorf("allocation %s has not ended", al.Kind)
			}
		}
		if got := strings.Join(kinds, ","); got != "reopened,transferred,allocated,opened" {
			t.Errorf("allocation history newest first: %s", got)
		}
		// The new referral is a key event too, dated when it came.
		var events []string
		referral := false
		for _, e := range o.KeyEvents {
			if e.Kind == kith.EventReferralReceived {
				referral = e.Summary == "Referral received from Schools (2A)"
				continue
			}
			events = append(events, string(e.Kind))
			if e.Kind == kith.EventAllocated && e.Summary != "Allocated to Ann Ash in North" {
				t.Errorf("allocation key event: %q", e.Summary)
			}
		}
		if got := strings.Join(events, ","); got != "case_opened,allocated,transferred,case_closed,case_reopened" || !referral {
			t.Errorf("key events: %s; the referral's: %v", got, referral)
		}
	})
}

// Two managers allocate the same case at the same moment: exactly one
// succeeds, the other is told what happened, and nothing is half-written.
func TestConcurrentAllocation(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		cs := c.Case(c.A(c.Prac1), "Dan", "Dunnock", kithtest.Date(2015, 6, 7), c.T1)
		managers := []kith.Actor{c.A(c.TM1), c.A(c.SM1)}
		workers := []*kith.User{c.Prac1, c.Prac2}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i := range managers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = db.Allocate(ctx, managers[i], cs.Reference, kith.AllocateInput{TeamID: c.T1.ID, WorkerID: workers[i].ID, Version: cs.Version, WorkerChangeReason: "MANAGE"})
			}()
		}
		close(start)
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch kith.ErrorCode(err) {
			case "":
				ok++
			case kith.ECONFLICT:
				conflicts++
				if !strings.HasPrefix(kith.ErrorMessage(err), "Someone else changed this case while you were working on it. It is now allocated to") {
					t.Errorf("conflict message: %q", kith.ErrorMessage(err))
				}
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("%d succeeded, %d conflicted; want 1 and 1", ok, conflicts)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM allocations WHERE case_id = $1", cs.ID); n != 2 {
			t.Errorf("allocations: %d, want 2 (opened, allocated)", n)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM allocations WHERE case_id = $1 AND ended_at IS NULL", cs.ID); n != 1 {
			t.Errorf("current allocations: %d, want 1", n)
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM key_events WHERE case_id = $1 AND kind = 'allocated'", cs.ID); n != 1 {
			t.Errorf("allocation key events: %d, want 1", n)
		}
	})
}

// A restricted case answers exactly as an unknown one to anyone not on its
// access list, and the refusal is audited.
func TestRestrictedCaseLooksUnknown(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		tm := c.A(c.TM1)
		cs := c.Case(c.A(c.Prac1), "Eli", "Eyebright", kithtest.Date(2012, 3, 4), c.T1)
		cs = c.Allocate(tm, cs, c.T1, c.Prac1)
		if err := db.SetRestricted(ctx, tm, cs.Reference, true, cs.Version); err != nil {
			t.Fatal(err)
		}
		_, unknownErr := db.CaseOverview(ctx, c.A(c.Prac2), "KTH-2099-999999")
		_, restrictedErr := db.CaseOverview(ctx, c.A(c.Prac2), cs.Reference)
		if unknownErr == nil || restrictedErr == nil || kith.ErrorCode(unknownErr) != kith.ErrorCode(restrictedErr) ||
			kith.ErrorMessage(unknownErr) != kith.ErrorMessage(restrictedErr) {
			t.Fatalf("restricted %v vs unknown %v", restrictedErr, unknownErr)
		}
		// The allocated worker and the restricting manager are on the list.
		for _, u := range []*kith.User{c.Prac1, c.TM1} {
			if _, err := db.CaseOverview(ctx, c.A(u), cs.Reference); err != nil {
				t.Errorf("%s on the list: %v", u.Username, err)
			}
		}
		if n := db.RawCount(t, "SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'access.denied' AND user_id = $2", cs.ID, c.Prac2.ID); n != 1 {
			t.Errorf("denied access audited %d times, want 1", n)
		}
		// Lock out beats the team rule.
		cs2 := c.Case(c.A(c.Prac1), "Fern", "Foxglove", kithtest.Date(2013, 3, 4), c.T1)
		if err := db.LockOut(ctx, tm, cs2.Reference, c.Prac2.ID, "Related to the family"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CaseOverview(ctx, c.A(c.Prac2), cs2.Reference); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("locked-out practitioner: %v", err)
		}
		if _, err := db.Allocate(ctx, tm, cs2.Reference, kith.AllocateInput{TeamID: c.T1.ID, WorkerID: c.Prac2.ID, WorkerChangeReason: "MANAGE"}); kith.ErrorFields(err) == nil {
			t.Errorf("allocating to a locked-out worker: %v", err)
		}
	})
}

// Closing ends every current status on the closure date, so it cannot be
// dated before a current status began, nor before the case was reopened.
func TestClosureDateBounds(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		tm := c.A(c.TM1)
		cs, err := db.CreateCase(ctx, c.A(c.Prac1), kith.NewCaseInput{Child: kith.PersonInput{FirstName: "Gus", LastName: "Gorse", DateOfBirth: kithtest.Date(2015, 1, 1)},
			TeamID: c.T1.ID, OpenedOn: kithtest.Date(2024, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.StartStatus(ctx, tm, cs.Reference, kith.StatusInput{Kind: kith.StatusCP, StartedOn: kithtest.Date(2025, 6, 1)}); err != nil {
			t.Fatal(err)
		}
		_, err = db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", ClosedOn: kithtest.Date(2024, 2, 1)})
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Message != "The date the case closed must be on or after the date its current Child protection plan status started, 1 June 2025" {
			t.Errorf("closing before a status began: %v", err)
		}
		closed, err := db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", ClosedOn: kithtest.Date(2025, 7, 1)})
		if err != nil {
			t.Fatal(err)
		}
		reopened, err := db.ReopenCase(ctx, tm, cs.Reference, kith.ReopenInput{Reason: "Back", Version: closed.Version,
			Referral: kith.EpisodeReferralInput{ReferralAt: kithtest.Now(), Source: "6"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CloseCase(ctx, tm, cs.Reference, kith.CloseInput{Reason: "RC8", ClosedOn: kithtest.Date(2025, 8, 1), Version: reopened.Version})
		if f := kith.ErrorFields(err); len(f) != 1 || !strings.HasPrefix(f[0].Message, "The date the case closed must be on or after the date it was reopened") {
			t.Errorf("closing before the reopening: %v", err)
		}
	})
}
