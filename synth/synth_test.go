package synth_test

import (
	"context"
	"fmt"
	"kith/clock"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
	"kith/synth"
)

// testNow is the day the test councils are built around; the database's
// clock is set just after it, so the service methods agree about today.
var testNow = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

const testPassword = "demo password 123"

func smallConfig(seed int64) synth.Config {
	return synth.Config{Seed: seed, OpenCases: 60, ClosedCases: 15, Now: testNow, Password: testPassword}
}

func generate(t *testing.T, engine string, cfg synth.Config) (*sqldb.DB, *synth.Council) {
	t.Helper()
	db := kithtest.OpenDB(t, engine)
	db.Clock = clock.Func(func() time.Time { return testNow.Add(2 * time.Hour) })
	c, err := synth.Generate(context.Background(), db, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, c
}

func actor(t *testing.T, db *sqldb.DB, id string) kith.Actor {
	t.Helper()
	a, err := db.Actor(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	a.Via = "test"
	return a
}

// TestGenerateSmallCouncil generates a small council on each engine and
// reads it back through the ordinary service methods, as the application
// would.
func TestGenerateSmallCouncil(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db, c := generate(t, engine, smallConfig(42))
			n := c.Counts
			if n.Cases != 75 || n.OpenCases != 60 || n.ClosedCases != 15 || n.Services != 3 || n.Teams < 4 {
				t.Fatalf("counts: %+v", n)
			}
			var names []string
			for _, s := range c.SignIns {
				names = append(names, s.Username)
			}
			if got := strings.Join(names, " "); got != "practitioner manager service.manager admin auditor ig.officer" {
				t.Errorf("sign-ins: %s", got)
			}

			// Every demo user signs in with the demo password.
			for _, s := range c.SignIns {
				u, err := db.Authenticate(ctx, s.Username, testPassword, kith.Actor{})
				if err != nil || u.ID != s.ID {
					t.Errorf("sign in as %s: %v", s.Username, err)
				}
			}
			if _, err := db.Authenticate(ctx, synth.UserPractitioner, "not the password", kith.Actor{}); err == nil {
				t.Error("signed in with the wrong password")
			}

			prac := actor(t, db, c.PractitionerID)
			page, err := db.Caseload(ctx, prac, kith.CaseloadFilter{Mine: true, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total < 25 || page.Total > 30 || page.Total != c.Practitioners[0].Caseload {
				t.Errorf("the demo practitioner holds %d open cases; the council says %d", page.Total, c.Practitioners[0].Caseload)
			}
			for _, s := range page.Cases {
				o, err := db.CaseOverview(ctx, prac, s.Reference)
				if err != nil {
					t.Fatal(err)
				}
				checkOverview(t, o)
				if o.Case.WorkerID != c.PractitionerID {
					t.Errorf("%s: worker %s, want the demo practitioner", s.Reference, o.Case.WorkerName)
				}
			}

			// A child is found by name.
			child := page.Cases[len(page.Cases)/2]
			q, err := kith.ParseSearch(child.ChildName, kith.Today(testNow))
			if err != nil {
				t.Fatal(err)
			}
			results, err := db.Search(ctx, prac, q, 25)
			if err != nil {
				t.Fatal(err)
			}
			if !found(results, child.ID) {
				t.Errorf("searching %q did not find the case %s", child.ChildName, child.Reference)
			}

			checkRestricted(t, db, c)
			auditor := actor(t, db, c.AuditorID)

			// The commonest surname is shared by many people, and a near
			// spelling of it finds them too.
			common := c.Surnames[0]
			for _, typed := range []string{common, common[:2] + common[3:]} {
				q, err := kith.ParseSearch(typed, kith.Today(testNow))
				if err != nil {
					t.Fatal(err)
				}
				results, err := db.Search(ctx, auditor, q, 25)
				if err != nil {
					t.Fatal(err)
				}
				if len(results) < 3 {
					t.Errorf("searching %q found %d people", typed, len(results))
				}
			}
			all, err := db.Caseload(ctx, auditor, kith.CaseloadFilter{IncludeClosed: true, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			if all.Total != n.Cases-n.RestrictedCases {
				t.Errorf("the auditor sees %d cases; want %d (all but the restricted)", all.Total, n.Cases-n.RestrictedCases)
			}
			closed := 0
			for _, s := range all.Cases {
				if s.State == kith.CaseClosed {
					closed++
					o, err := db.CaseOverview(ctx, auditor, s.Reference)
					if err != nil {
						t.Fatal(err)
					}
					checkOverview(t, o)
					ids, err := db.ChildIdentity(ctx, auditor, s.Reference)
					if err != nil {
						t.Fatal(err)
					}
					if id := ids[0]; id.Version != 1 || id.Sex == "" || id.Ethnicity == "" || len(id.Disabilities) == 0 ||
						(id.UPNUnknown == "") == (id.UPN == "") || (id.UPN != "" && kith.UPNProblem(id.UPN) != "") {
						t.Errorf("%s: identity items %+v", s.Reference, id)
					}
				}
			}
			if closed != n.ClosedCases {
				t.Errorf("%d closed cases, want %d", closed, n.ClosedCases)
			}
			admin := actor(t, db, c.AdminID)
			if p, err := db.Caseload(ctx, admin, kith.CaseloadFilter{IncludeClosed: true}); err != nil || p.Total != 0 {
				t.Errorf("the administrator sees %d cases (%v), want none", p.Total, err)
			}
			manager := actor(t, db, c.ManagerID)
			if p, err := db.Caseload(ctx, manager, kith.CaseloadFilter{Unallocated: true}); err != nil || p.Total == 0 {
				t.Errorf("the demo manager has %d cases waiting for allocation (%v), want some to allocate", p.Total, err)
			}

			// A case opened now continues the reference sequence.
			refs := []string{c.RestrictedReference}
			for _, s := range all.Cases {
				refs = append(refs, s.Reference)
			}
			year := kith.Today(testNow).Year
			last := 0
			for _, r := range refs {
				var y, n int
				if _, err := fmt.Sscanf(r, "KTH-%d-%d", &y, &n); err == nil && y == year {
					last = max(last, n)
				}
			}
			made, err := db.CreateCase(ctx, prac, kith.NewCaseInput{
				Child:  kith.PersonInput{FirstName: "Newton", LastName: "Fernsby", DateOfBirth: kith.Date{Year: 2020, Month: 1, Day: 2}},
				TeamID: c.Practitioners[0].TeamID, OpenedOn: kith.Today(testNow),
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := kith.Reference(year, last+1); made.Reference != want {
				t.Errorf("new case %s, want %s", made.Reference, want)
			}
		})
	}
}

// checkOverview checks that a case's parts agree with each other, as they
// would if the case had been built through the service methods.
func checkOverview(t *testing.T, o *kith.CaseOverview) {
	t.Helper()
	ref := o.Case.Reference
	// The referral that opened the case comes first, if it was recorded;
	// then the opening.
	first := 0
	if len(o.KeyEvents) > 0 && o.KeyEvents[0].Kind == kith.EventReferralReceived {
		first = 1
	}
	if len(o.KeyEvents) <= first || o.KeyEvents[first].Kind != kith.EventCaseOpened {
		t.Errorf("%s: the first key event is not the opening or its referral: %+v", ref, o.KeyEvents)
	}
	if len(o.Episodes) == 0 || o.Episodes[0].Source == "" || (o.Episodes[0].Decision != "" && o.Episodes[0].DecidedOn.Before(o.Episodes[0].ReferralOn())) {
		t.Errorf("%s: the first episode's referral and decision: %+v", ref, o.Episodes)
	}
	for i := 1; i < len(o.KeyEvents); i++ {
		if o.KeyEvents[i].OccurredAt.Before(o.KeyEvents[i-1].OccurredAt) {
			t.Errorf("%s: key events out of order", ref)
		}
	}
	events := map[kith.KeyEventKind]int{}
	for _, e := range o.KeyEvents {
		events[e.Kind]++
	}
	allocs := map[kith.AllocationKind]int{}
	current := 0
	for _, a := range o.Allocations {
		allocs[a.Kind]++
		if a.EndedAt == nil {
			current++
		}
	}
	if allocs[kith.AllocationOpened] != 1 || events[kith.EventCaseOpened] != 1 {
		t.Errorf("%s: %d openings, %d opening events", ref, allocs[kith.AllocationOpened], events[kith.EventCaseOpened])
	}
	for _, k := range []struct {
		a kith.AllocationKind
		e kith.KeyEventKind
	}{{kith.AllocationAllocated, kith.EventAllocated}, {kith.AllocationTransferred, kith.EventTransferred},
		{kith.AllocationUnallocated, kith.EventUnallocated}, {kith.AllocationReopened, kith.EventCaseReopened}} {
		if allocs[k.a] != events[k.e] {
			t.Errorf("%s: %d %s allocations but %d %s key events", ref, allocs[k.a], k.a, events[k.e], k.e)
		}
	}
	if n := len(o.Allocations); n < 1 || n > 8 {
		t.Errorf("%s: %d allocation periods", ref, n)
	}
	if o.Case.Open() {
		if current != 1 || o.Allocations[0].EndedAt != nil || o.Allocations[0].WorkerID != o.Case.WorkerID || o.Allocations[0].TeamID != o.Case.TeamID {
			t.Errorf("%s: the current allocation does not match the case: %+v vs worker %q", ref, o.Allocations[0], o.Case.WorkerName)
		}
		if len(o.Case.Statuses) == 0 {
			t.Errorf("%s: an open case with no current status", ref)
		}
		if age := o.Child.DateOfBirth.AgeOn(kith.Today(testNow)); age > 21 {
			t.Errorf("%s: child aged %d", ref, age)
		}
	} else {
		if current != 0 || o.Case.WorkerID != "" || o.Case.ClosedOn.IsZero() || kith.CloseReasonLabel(o.Case.CloseReason) == o.Case.CloseReason {
			t.Errorf("%s: closed case %+v with %d current allocations", ref, o.Case, current)
		}
		if events[kith.EventCaseClosed] == 0 {
			t.Errorf("%s: closed with no closure key event", ref)
		}
		for _, s := range o.StatusPeriods {
			if s.Current() {
				t.Errorf("%s: closed case with a current %s status", ref, s.Kind)
			}
		}
	}
	if n := len(o.Network); n < 2 || n > 6 {
		t.Errorf("%s: %d people in the network", ref, n)
	}
	if n := len(o.Professionals); n < 1 || n > 4 {
		t.Errorf("%s: %d professionals", ref, n)
	}
	people := []kith.Person{o.Child}
	for _, m := range o.Network {
		people = append(people, m.Person)
	}
	for _, p := range people {
		var v kith.Validation
		kith.CheckName(&v, "first", "first name", p.FirstName, true)
		kith.CheckName(&v, "last", "last name", p.LastName, true)
		if v.Err() != nil {
			t.Errorf("%s: name %q %q: %v", ref, p.FirstName, p.LastName, v.Err())
		}
		for _, ph := range p.Phones {
			if !strings.HasPrefix(ph.Number, "07700 900") && !strings.HasPrefix(ph.Number, "01632 960") {
				t.Errorf("%s: %s is not a drama number", ref, ph.Number)
			}
		}
		for _, a := range p.Addresses {
			if !strings.HasPrefix(a.Postcode, "QX") {
				t.Errorf("%s: postcode %s", ref, a.Postcode)
			}
		}
	}
}

// checkRestricted checks that a restricted generated case follows the
// access rules: its worker and manager may open it, nobody else, not even
// in search.
func checkRestricted(t *testing.T, db *sqldb.DB, c *synth.Council) {
	t.Helper()
	ctx := context.Background()
	ref := c.RestrictedReference
	if ref == "" {
		t.Fatal("no restricted case in the demo practitioner's caseload")
	}
	o, err := db.CaseOverview(ctx, actor(t, db, c.PractitionerID), ref)
	if err != nil {
		t.Fatalf("the demo practitioner cannot open their restricted case: %v", err)
	}
	if !o.Case.Restricted {
		t.Errorf("%s is not restricted", ref)
	}
	if _, err := db.CaseOverview(ctx, actor(t, db, c.ManagerID), ref); err != nil {
		t.Errorf("the team manager cannot open the restricted case: %v", err)
	}
	home := c.Practitioners[0].TeamID
	var colleague, other *synth.Worker
	for i := range c.Practitioners[1:] {
		p := &c.Practitioners[i+1]
		if p.TeamID == home && colleague == nil {
			colleague = p
		}
		if p.TeamID != home && other == nil {
			other = p
		}
	}
	q, err := kith.ParseSearch(o.Child.FullName(), kith.Today(testNow))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*synth.Worker{colleague, other} {
		if p == nil {
			t.Fatal("no other practitioner to compare with")
		}
		a := actor(t, db, p.ID)
		if _, err := db.CaseOverview(ctx, a, ref); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("%s (%s) opened the restricted case: %v", p.Username, p.TeamName, err)
		}
		results, err := db.Search(ctx, a, q, 25)
		if err != nil {
			t.Fatal(err)
		}
		if found(results, o.Case.ID) {
			t.Errorf("%s found the restricted case in search", p.Username)
		}
	}
}

func found(results []kith.SearchResult, caseID string) bool {
	for _, r := range results {
		for _, l := range r.Links {
			if l.Case.ID == caseID {
				return true
			}
		}
	}
	return false
}

// TestGenerateIsRepeatable generates twice with one seed and compares what
// the auditor sees: the same children, in the same order, with the same
// references, statuses and workers. The second council is written in
// batches of 7 cases, which must not change anything.
func TestGenerateIsRepeatable(t *testing.T) {
	list := func(seed int64, batch int) ([]string, *synth.Council) {
		cfg := smallConfig(seed)
		cfg.BatchCases = batch
		db, c := generate(t, "sqlite", cfg)
		page, err := db.Caseload(context.Background(), actor(t, db, c.AuditorID), kith.CaseloadFilter{IncludeClosed: true, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range page.Cases {
			out = append(out, fmt.Sprint(s.Reference, s.ChildName, s.KnownAs, s.DateOfBirth, s.State, s.Statuses, s.TeamName, s.WorkerName))
		}
		return out, c
	}
	a, ca := list(7, 0)
	b, cb := list(7, 7)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("the same seed made different councils:\n%s\n---\n%s", strings.Join(a[:5], "\n"), strings.Join(b[:5], "\n"))
	}
	if fmt.Sprint(ca.ChildNames, ca.References) != fmt.Sprint(cb.ChildNames, cb.References) {
		t.Errorf("samples differ: %v vs %v", ca.ChildNames, cb.ChildNames)
	}
	if ca.SignIns[0].Name != cb.SignIns[0].Name {
		t.Errorf("the demo practitioner is %s, then %s", ca.SignIns[0].Name, cb.SignIns[0].Name)
	}
	other, _ := list(8, 0)
	if strings.Join(a, "\n") == strings.Join(other, "\n") {
		t.Error("another seed made the same council")
	}
}

// TestGenerateRefusesADatabaseInUse keeps demo data out of a council's
// real records.
func TestGenerateRefusesADatabaseInUse(t *testing.T) {
	db, _ := generate(t, "sqlite", smallConfig(1))
	if _, err := synth.Generate(context.Background(), db, smallConfig(1), nil); err == nil {
		t.Error("generated a second council into a database that has one")
	}
	if _, err := synth.Generate(context.Background(), kithtest.OpenDB(t, "sqlite"), synth.Config{OpenCases: 5, Password: "short"}, nil); err == nil {
		t.Error("accepted a demo password that is too short")
	}
}

// TestGenerateShowsProgress checks the progress line and summary.
func TestGenerateShowsProgress(t *testing.T) {
	db := kithtest.OpenDB(t, "sqlite")
	var out strings.Builder
	if _, err := synth.Generate(context.Background(), db, synth.Config{Seed: 3, OpenCases: 30, ClosedCases: 5, Now: testNow}, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, "\rMaking cases: 35 / 35 (100%)\n") || !strings.Contains(s, "Made Kithshire in") || !strings.Contains(s, "35 cases (30 open, 5 closed") {
		t.Errorf("progress:\n%q", s)
	}
}
