// Package synth generates a synthetic council — Kithshire — for demos
// (`kith demo`) and for benchmarks at scale: services, teams, staff and
// thousands of children's cases with their families, professionals,
// warnings, statuses and allocation histories.
//
// Everything generated is plainly invented: surnames are made from nature
// words, towns and postcodes do not exist (QX is no UK postcode area),
// phone numbers are from Ofcom's drama ranges and NHS numbers from the
// range kept for testing. A seed makes the data repeatable: the same Seed
// and Now give the same council, apart from the random ids.
//
// The rows go in through sqldb.Bulk, which writes exactly what the service
// methods would, so the application cannot tell generated cases from typed
// ones; the tests check that through the service methods.
package synth

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"kith"
	"kith/password"
	"kith/sqldb"
)

// Version names what Generate makes: it changes whenever the same Config
// would make a different council, so that a council kept from an earlier
// version (the benchmark's cache) is made again.
const Version = "g9-plans-contact-steps"

// Config says what to generate.
type Config struct {
	// Seed makes the council repeatable.
	Seed int64
	// OpenCases and ClosedCases are how many cases to make. Teams and
	// staff are sized from OpenCases so that practitioners hold 25 to 30
	// cases; below about 30 open cases the demo practitioner's caseload is
	// smaller than that.
	OpenCases, ClosedCases int
	// Now is the "today" the data is built around; zero means time.Now.
	Now time.Time
	// Password is every demo user's password (12 characters or more).
	// Empty leaves the users without local passwords.
	Password string
	// BatchCases is how many cases go into one transaction; zero means
	// sqldb.DefaultBulkBatch.
	BatchCases int
	// RecordsPerCase is the average number of final records in a case's
	// running record: long and intensive cases get more, short ones
	// fewer. Zero means DefaultRecordsPerCase; a negative number makes no
	// records.
	RecordsPerCase int
	// BusyCaseRecords, when set, gives one long-open case (Council.
	// BusyReference) this many records instead, so that a benchmark can
	// read a long running record.
	BusyCaseRecords int
	// CaseSummaries gives each open, allocated case its latest case
	// summary, written through Kith's summary service after the load (a
	// few transactions a case: for demo-sized councils, not benchmarks).
	CaseSummaries bool
}

// Council is what Generate made: the demo sign-ins to print, counts, and
// what benchmarks need to pick realistic work.
type Council struct {
	Name string
	// SignIns are the fixed demo users, in the order to print them.
	SignIns []SignIn
	// Practitioners are every practitioner with their open caseload,
	// UserPractitioner first.
	Practitioners []Worker
	// Teams are the teams, in the order they were made.
	Teams []TeamInfo
	// PractitionerID, ManagerID, ServiceManagerID, AdminID and AuditorID
	// are the ids of the fixed demo users.
	PractitionerID, ManagerID, ServiceManagerID, AdminID, AuditorID string
	// InformationGovernanceID is the demo information governance officer.
	InformationGovernanceID string
	// References samples case references across the council, open and
	// closed, in the order they were made.
	References []string
	// RestrictedReference is a restricted case in UserPractitioner's
	// caseload: other teams must not see it.
	RestrictedReference string
	// ChildNames samples children's full names, to search for.
	ChildNames []string
	// BusyReference is the case given Config.BusyCaseRecords records,
	// and BusyWorkerID the worker who holds it.
	BusyReference, BusyWorkerID string
	// Surnames are the most common surnames, most common first.
	Surnames []string
	Counts   Counts
	Elapsed  time.Duration
}

// SignIn is a demo user to print.
type SignIn struct {
	Username, Name, Role, Team, ID string
}

// Worker is a practitioner and their open caseload.
type Worker struct {
	ID, Username, Name, TeamID, TeamName string
	Caseload                             int
}

// TeamInfo is a team and its manager.
type TeamInfo struct {
	ID, Name, Service, ManagerID string
	Practitioners                int
}

// Counts are the rows made.
type Counts struct {
	Services, Teams, Users, Cases, OpenCases, ClosedCases, RestrictedCases int
	People, Addresses, Phones, Relationships, Professionals, Involvements  int
	Warnings, StatusPeriods, Allocations, KeyEvents                        int
	// Records are final records; Drafts are the demo users' drafts.
	Records, Drafts int
}

// gen holds the state of one generation.
type gen struct {
	cfg      Config
	r        *rand.Rand
	now      time.Time
	today    kith.Date
	b        *sqldb.Bulk
	surnames *surnamePicker

	services []*service
	teams    []*team
	byKind   [][]*team
	profs    *agencies
	council  *Council
	progress *progress

	openN, closedN, restrictedN int

	// templates are the newest version of each record template.
	templates map[string]*kith.Template
	// recordScale turns a case's record weight into a number of records;
	// busy is the family whose first child's case gets
	// Config.BusyCaseRecords.
	recordScale float64
	busy        *family
	// held are the open, allocated cases, for their case summaries.
	held              []heldCase
	recordsN, draftsN int
	demoDrafts        int
	managerDraft      bool
}

// Generate makes a council in an empty database. It refuses a database
// that already has users, teams or services, so that demo data can never
// be mixed into a council's real records. Progress goes to progress (nil
// for none).
//
// Cases are committed in batches, so if generation fails part way the
// database holds part of a council: start again with an empty one.
func Generate(ctx context.Context, db *sqldb.DB, cfg Config, progress io.Writer) (*Council, error) {
	start := time.Now()
	if cfg.OpenCases < 0 || cfg.ClosedCases < 0 {
		return nil, fmt.Errorf("synth: case counts must not be negative")
	}
	if cfg.Password != "" {
		// Every demo user shares it, so it is held to the rule without
		// any one user's name.
		if msg := password.Problem(cfg.Password, password.Account{}, password.Common()); msg != "" {
			return nil, fmt.Errorf("synth: demo password: %s", msg)
		}
	}
	if err := checkEmpty(ctx, db); err != nil {
		return nil, err
	}
	templates, err := db.Templates(ctx)
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	g := &gen{
		cfg:       cfg,
		r:         rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6b697468)),
		now:       now,
		today:     kith.Today(now),
		surnames:  newSurnames(),
		council:   &Council{Name: CouncilName},
		progress:  newProgress(progress, cfg.OpenCases+cfg.ClosedCases),
		templates: map[string]*kith.Template{},
	}
	for _, t := range templates {
		g.templates[t.Key] = t
	}
	hash := ""
	if cfg.Password != "" {
		// One hash for every demo user: argon2 is slow on purpose.
		var err error
		if hash, err = password.Hash(cfg.Password); err != nil {
			return nil, err
		}
	}
	b, err := db.Bulk(ctx)
	if err != nil {
		return nil, err
	}
	g.b = b
	if cfg.BatchCases > 0 {
		b.BatchCases = cfg.BatchCases
	}
	if err := g.run(hash); err != nil {
		b.Rollback()
		g.progress.abandon()
		return nil, err
	}
	if err := b.Close(); err != nil {
		g.progress.abandon()
		return nil, err
	}
	if err := g.writeSummaries(ctx, db); err != nil {
		g.progress.abandon()
		return nil, err
	}
	g.count()
	g.council.Surnames = g.surnames.top(10)
	g.council.Elapsed = time.Since(start)
	g.progress.finish(g.council)
	return g.council, nil
}

func checkEmpty(ctx context.Context, db *sqldb.DB) error {
	empty, err := db.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("synth: the database already has users, teams or services; demo data goes only into an empty database")
	}
	return nil
}

func (g *gen) run(hash string) error {
	sh := sizeCouncil(g.r, g.cfg.OpenCases, g.cfg.ClosedCases)
	g.makeTeams(sh)
	g.makeStaff(sh)
	g.profs = g.makeAgencies()
	families := g.planFamilies()
	g.planRecords(families)
	// Everything is dated from the council's go-live, a little before the
	// oldest case, so no row is older than the users who wrote it.
	since := g.now.AddDate(-1, 0, 0)
	for _, f := range families {
		if f.tl.openedAt.Before(since) {
			since = f.tl.openedAt
		}
	}
	since = since.AddDate(0, -1, 0)
	if err := g.writeStaff(hash, since); err != nil {
		return err
	}
	if err := g.writeAgencies(since); err != nil {
		return err
	}
	g.progress.start()
	for _, f := range families {
		if err := g.writeFamily(f); err != nil {
			return err
		}
	}
	return nil
}

// count fills in the counts from what Bulk wrote.
func (g *gen) count() {
	b := g.b
	g.council.Counts = Counts{
		Services: b.Rows("services"), Teams: b.Rows("teams"), Users: b.Rows("users"),
		Cases: b.Rows("cases"), OpenCases: g.openN, ClosedCases: g.closedN, RestrictedCases: g.restrictedN,
		People: b.Rows("people"), Addresses: b.Rows("addresses"), Phones: b.Rows("phones"),
		Relationships: b.Rows("relationships"), Professionals: b.Rows("professionals"), Involvements: b.Rows("involvements"),
		Warnings: b.Rows("warnings"), StatusPeriods: b.Rows("status_periods"), Allocations: b.Rows("allocations"), KeyEvents: b.Rows("key_events"),
		Records: g.recordsN, Drafts: g.draftsN,
	}
}
