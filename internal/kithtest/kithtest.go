// Package kithtest opens real databases for tests, on SQLite and on
// PostgreSQL, and builds the teams, users and cases tests start from.
package kithtest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/pgtest"
	"kith/internal/testclock"
	"kith/sqldb"
)

// Engines are the database engines every storage test runs on.
var Engines = []string{"sqlite", "postgres"}

// OpenDB opens and migrates a fresh database on engine for one test. On
// PostgreSQL it skips (or fails, in CI) when no server can be had.
func OpenDB(t testing.TB, engine string) *sqldb.DB {
	t.Helper()
	addr := filepath.Join(t.TempDir(), "kith.db")
	if engine == "postgres" {
		addr = pgtest.Database(t)
	}
	return OpenAt(t, addr)
}

// OpenAt opens and migrates the database at addr (a SQLite file or a
// postgres:// URL) for one test, on the test's own clock.
func OpenAt(t testing.TB, addr string) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	db.Clock = testclock.New()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	addrs.Store(db, addr)
	t.Cleanup(func() { db.Close(); addrs.Delete(db) })
	return db
}

// Now is the test suite's time: KITH_TEST_NOW when set (see
// kith/internal/testclock), otherwise the real time.
func Now() time.Time { return testclock.Now() }

// Today is the council's date at the suite's time.
func Today() kith.Date { return kith.Today(Now()) }

// DaysAgo is mid-morning on the council's day n days before today. Tests
// step back by days this way, not by 24-hour steps from now: late in the
// evening, 24-hour steps back past the end of summer time land on the
// next day in London.
func DaysAgo(n int) time.Time { return kith.InLondon(Today().AddDays(-n), 10, 0) }

// ClockOf is the clock of a database OpenDB opened, for a test to set or
// freeze (safe while a server answers requests).
func ClockOf(db *sqldb.DB) *clock.Test {
	c, ok := db.Clock.(*clock.Test)
	if !ok {
		panic("kithtest: the database was not opened by kithtest.OpenDB")
	}
	return c
}

// EachEngine runs fn as a subtest on every engine.
func EachEngine(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	for _, e := range Engines {
		t.Run(e, func(t *testing.T) { fn(t, OpenDB(t, e)) })
	}
}

// Fixture builds services, teams, users and cases through the same service
// methods the application uses.
type Fixture struct {
	T   testing.TB
	DB  *sqldb.DB
	Ctx context.Context
}

// NewFixture starts a fixture on db.
func NewFixture(t testing.TB, db *sqldb.DB) *Fixture {
	return &Fixture{T: t, DB: db, Ctx: context.Background()}
}

// Service creates a service.
func (f *Fixture) Service(name string) *kith.Service {
	f.T.Helper()
	s, err := f.DB.SaveService(f.Ctx, kith.SystemActor(), "", kith.ServiceInput{Name: name})
	if err != nil {
		f.T.Fatal(err)
	}
	return s
}

// Team creates a team in a service.
func (f *Fixture) Team(name string, s *kith.Service) *kith.Team {
	f.T.Helper()
	t, err := f.DB.CreateTeam(f.Ctx, kith.SystemActor(), kith.TeamInput{Name: name, ServiceID: s.ID})
	if err != nil {
		f.T.Fatal(err)
	}
	return t
}

// Password is the password of every fixture user.
const Password = "correct horse battery"

// User creates a user with roles and team memberships.
func (f *Fixture) User(username string, roles []kith.Role, teams ...*kith.Team) *kith.User {
	f.T.Helper()
	in := kith.UserInput{Username: username, DisplayName: displayName(username), Roles: roles, Password: Password}
	for _, t := range teams {
		in.TeamIDs = append(in.TeamIDs, t.ID)
	}
	u, err := f.DB.CreateUser(f.Ctx, kith.SystemActor(), in)
	if err != nil {
		f.T.Fatal(err)
	}
	return u
}

func displayName(username string) string {
	out := []rune(username)
	up := true
	for i, r := range out {
		if r == '.' || r == '_' || r == '-' {
			out[i], up = ' ', true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			out[i] = r - 'a' + 'A'
		}
		up = false
	}
	return string(out)
}

// Manage makes users the managers of a team.
func (f *Fixture) Manage(t *kith.Team, managers ...*kith.User) {
	f.T.Helper()
	in := kith.TeamInput{Name: t.Name, ServiceID: t.ServiceID}
	for _, m := range managers {
		in.ManagerIDs = append(in.ManagerIDs, m.ID)
	}
	if _, err := f.DB.UpdateTeam(f.Ctx, kith.SystemActor(), t.ID, in); err != nil {
		f.T.Fatal(err)
	}
}

// ManageService makes users the managers of a service.
func (f *Fixture) ManageService(s *kith.Service, managers ...*kith.User) {
	f.T.Helper()
	in := kith.ServiceInput{Name: s.Name}
	for _, m := range managers {
		in.ManagerIDs = append(in.ManagerIDs, m.ID)
	}
	if _, err := f.DB.SaveService(f.Ctx, kith.SystemActor(), s.ID, in); err != nil {
		f.T.Fatal(err)
	}
}

// Actor loads the actor for a user.
func (f *Fixture) Actor(u *kith.User) kith.Actor {
	f.T.Helper()
	a, err := f.DB.Actor(f.Ctx, u.ID)
	if err != nil {
		f.T.Fatal(err)
	}
	a.Via = "test"
	return a
}

// Case opens a case for a child in a team, as actor a.
func (f *Fixture) Case(a kith.Actor, first, last string, dob kith.Date, team *kith.Team) *kith.Case {
	f.T.Helper()
	c, err := f.DB.CreateCase(f.Ctx, a, kith.NewCaseInput{
		Child:  kith.PersonInput{FirstName: first, LastName: last, DateOfBirth: dob},
		TeamID: team.ID,
	})
	if err != nil {
		f.T.Fatal(err)
	}
	return c
}

// Allocate allocates a case, as manager m. A transfer of a case that no
// summary covers needs withoutSummary, the manager's reason.
func (f *Fixture) Allocate(m kith.Actor, c *kith.Case, team *kith.Team, worker *kith.User, withoutSummary ...string) *kith.Case {
	f.T.Helper()
	cur, _, err := f.DB.Case(f.Ctx, m, c.Reference, kith.ManageCase)
	if err != nil {
		f.T.Fatal(err)
	}
	// The reason for a change of social worker, which a case that has had
	// one since its referral needs (the first is FCONTA whatever is given).
	in := kith.AllocateInput{TeamID: team.ID, Version: cur.Version, WorkerChangeReason: "MANAGE"}
	if len(withoutSummary) > 0 {
		in.WithoutSummary = withoutSummary[0]
	}
	if team.ID != cur.TeamID {
		in.Reason = "Moved to " + team.Name
	}
	if worker != nil {
		in.WorkerID = worker.ID
	}
	out, err := f.DB.Allocate(f.Ctx, m, c.Reference, in)
	if err != nil {
		f.T.Fatal(err)
	}
	return out
}

// LookedAfter opens a case in a team for a child born on dob, allocated
// by manager m to worker, and records, each on its day, that the child
// became looked after on began (in long-term foster care under a care
// order) and, unless left is zero, left care on it, returning home (E4A).
func (f *Fixture) LookedAfter(m kith.Actor, first, last string, dob kith.Date, team *kith.Team, worker *kith.User, began, left kith.Date) *kith.Case {
	f.T.Helper()
	clock := ClockOf(f.DB)
	defer clock.Set(Now())
	clock.Freeze(kith.InLondon(began, 10, 0))
	c := f.Allocate(m, f.Case(m, first, last, dob, team), team, worker)
	a := f.Actor(worker)
	in := kith.LookedAfterInput{StartedOn: began, CategoryOfNeed: "N1", HomePostcode: "LS6 2QD",
		PlacementInput: kith.PlacementInput{LegalStatus: "C2", PlacementType: "U4", Provider: "PR1", URN: "SC100200", PlacementPostcode: "LS12 3AB"}}
	if _, err := f.DB.StartLookedAfter(f.Ctx, a, c.Reference, in); err != nil {
		f.T.Fatal(err)
	}
	if !left.IsZero() {
		clock.Freeze(kith.InLondon(left, 10, 0))
		if _, err := f.DB.EndCare(f.Ctx, a, c.Reference, kith.CareEndInput{EndedOn: left, Reason: "E4A", Version: 1}); err != nil {
			f.T.Fatal(err)
		}
	}
	return c
}

// Meeting writes and finalises, as a, a professionals' meeting record of
// the given type (kith.StrategyMeetingType for a strategy discussion) held
// for an hour from at.
func (f *Fixture) Meeting(a kith.Actor, ref string, at time.Time, meetingType string) *kith.Record {
	f.T.Helper()
	until := at.Add(time.Hour)
	in := kith.RecordInput{TemplateKey: kith.StrategyTemplate, Headline: "Strategy discussion after the school's referral",
		OccurredAt: at, OccurredUntil: &until, Location: "Online",
		Content: kith.RecordContent{
			"meeting_type": {Text: meetingType},
			"attendance": {Attendance: []kith.Attendee{{Name: "Ann Ash", Role: "Social worker", Agency: "Children's services", Attended: kith.Attended},
				{Name: "DC Ray", Role: "Detective constable", Agency: "Police", Attended: kith.Attended}}},
			"discussion": {Text: "The child told her teacher that her stepfather hit her with a belt."},
			"decisions":  {Text: "Section 47 enquiries to begin; joint visit today."},
		}}
	d, err := f.DB.CreateDraft(f.Ctx, a, ref, in)
	if err != nil {
		f.T.Fatal(err)
	}
	in.Version = d.Version
	r, err := f.DB.FinaliseRecord(f.Ctx, a, d.ID, in)
	if err != nil {
		f.T.Fatal(err)
	}
	return r
}

// Date is a shorthand for a civil date.
func Date(y int, m time.Month, d int) kith.Date { return kith.Date{Year: y, Month: m, Day: d} }

// Finalised writes a record on a case as a and finalises it, as though it
// had been written in the browser earlier.
func (f *Fixture) Finalised(a kith.Actor, ref string, in kith.RecordInput) *kith.Record {
	f.T.Helper()
	d, err := f.DB.CreateDraft(f.Ctx, a, ref, kith.RecordInput{TemplateKey: in.TemplateKey})
	if err != nil {
		f.T.Fatal(err)
	}
	in.Version = d.Version
	r, err := f.DB.FinaliseRecord(f.Ctx, a, d.ID, in)
	if err != nil {
		f.T.Fatal(err)
	}
	return r
}
