package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"kith"
	"kith/returns"
	"kith/sqldb"
	"kith/synth"
)

// returnsOperations is the statutory returns' data quality page for one
// team, as a service manager opens it: the team's children read, made into
// their returns' entries and checked by every rule.
// The service manager asks about the teams of the service they manage,
// whose cases they may open.
func returnsOperations(ctx context.Context, db *sqldb.DB, w *workload, council *synth.Council) ([]operation, error) {
	if council.ServiceManagerID == "" {
		return nil, fmt.Errorf("the council has no service manager to open the returns' data quality page")
	}
	sm, err := db.Actor(ctx, council.ServiceManagerID)
	if err != nil {
		return nil, err
	}
	all, err := db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var teams []string
	for _, t := range all {
		if slices.Contains(sm.ManagedServiceIDs, t.ServiceID) {
			teams = append(teams, t.ID)
		}
	}
	if len(teams) == 0 {
		return nil, fmt.Errorf("the council's service manager manages no team")
	}
	return []operation{{
		name: "quality/returns-page", target: "200 ms",
		request: func(i int) *httpRequest {
			return w.get(council.ServiceManagerID, "/returns/quality?team="+teams[i%len(teams)])
		},
		raw: func(ctx context.Context, i int) error {
			return rawReturnFacts(ctx, w, teams[i%len(teams)])
		},
	}}, nil
}

// rawReturnFacts is the engine reading what the page reads for a team:
// the team's cases in the year with their children, then, by their ids,
// identities, episodes, assessments, enquiries, plans and reviews, and
// care.
func rawReturnFacts(ctx context.Context, w *workload, teamID string) error {
	y := kith.CollectionYearOn(kith.Today(time.Now()))
	after := kith.InLondon(y.End().AddDays(1), 0, 0).UTC().Format("2006-01-02T15:04:05.000000Z")
	scope := `IN (SELECT c.id FROM cases c WHERE (EXISTS (SELECT 1 FROM episodes e WHERE e.case_id = c.id AND e.referral_at < $1
		AND (e.closed_on IS NULL OR e.closed_on >= $2))
	OR EXISTS (SELECT 1 FROM care_episodes ce WHERE ce.case_id = c.id AND ce.started_on < $3 AND (ce.ended_on IS NULL OR ce.ended_on >= $2))) AND c.team_id = $4)`
	args := []any{after, y.Start().String(), y.End().AddDays(1).String(), teamID}
	rows, err := w.db.QueryContext(ctx, `SELECT c.id, c.reference, p.date_of_birth, p.first_name, p.last_name FROM cases c JOIN people p ON p.id = c.child_id
		WHERE c.id `+scope, args...)
	if err != nil {
		return err
	}
	var ids []any
	var marks []string
	for rows.Next() {
		var id, ref, first, last string
		var dob any
		if err := rows.Scan(&id, &ref, &dob, &first, &last); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
		marks = append(marks, fmt.Sprintf("$%d", len(ids)))
	}
	rows.Close()
	if len(ids) == 0 {
		return rows.Err()
	}
	in := "IN (" + strings.Join(marks, ", ") + ")"
	for _, q := range []string{
		`SELECT ci.* FROM child_identities ci WHERE ci.person_id IN (SELECT c.child_id FROM cases c WHERE c.id ` + in + `)`,
		`SELECT r.person_id, p.date_of_birth FROM relationships r JOIN people p ON p.id = r.child_id WHERE r.kind = 'parent'
			AND r.person_id IN (SELECT c.child_id FROM cases c WHERE c.id ` + in + `)`,
		`SELECT e.* FROM episodes e WHERE e.case_id ` + in,
		`SELECT a.* FROM assessments a WHERE a.case_id ` + in,
		`SELECT s.* FROM section47s s WHERE s.case_id ` + in,
		`SELECT p.* FROM plans p WHERE p.case_id ` + in,
		`SELECT r.* FROM plan_reviews r JOIN plans p ON p.id = r.plan_id WHERE p.case_id ` + in,
		`SELECT e.* FROM care_episodes e WHERE e.case_id ` + in,
		`SELECT r.* FROM cla_reviews r WHERE r.case_id ` + in,
		`SELECT m.* FROM missing_episodes m WHERE m.case_id ` + in,
	} {
		if _, err := drain(ctx, w.db, q, ids...); err != nil {
			return err
		}
	}
	return nil
}

// returnsOnce times making the last ended year's CIN census and SSDA903
// return, and Annex A for the six months to today, for the whole council,
// once each, with the most memory the heap held while making it. Reported
// after the table: each is one run.
func returnsOnce(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	y := kith.CollectionYearOn(kith.Today(time.Now())).Previous()
	dir, err := os.MkdirTemp("", "kith-returns-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(out, "\nMaking the %s returns for the whole council…\n", y)
	for _, ret := range []struct {
		name, rows string
		make       func() (returns.Summary, error)
	}{
		{"returns/cin", "episodes", func() (returns.Summary, error) {
			f, err := os.Create(dir + "/cin.xml")
			if err != nil {
				return returns.Summary{}, err
			}
			defer f.Close()
			return returns.MakeCIN(ctx, db, kith.SystemActor(), returns.CINHeader{Year: y, LACode: synth.LACode, Release: kith.Version, MadeAt: time.Now()}, f)
		}},
		{"returns/903", "episodes", func() (returns.Summary, error) { return returns.Make903(ctx, db, kith.SystemActor(), y, dir) }},
		{"returns/annex-a", "rows", func() (returns.Summary, error) {
			today := kith.Today(time.Now())
			p := kith.AnnexAPeriod{From: kith.AnnexASixMonthsTo(today), To: today}
			lists, sum, err := returns.AnnexA(ctx, db, kith.SystemActor(), p)
			if err != nil {
				return sum, err
			}
			f, err := os.Create(dir + "/annex-a.xlsx")
			if err != nil {
				return sum, err
			}
			defer f.Close()
			return sum, returns.WriteAnnexAWorkbook(f, p, lists, time.Now(), kith.Version)
		}},
	} {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
		start := time.Now()
		sum, err := ret.make()
		took := time.Since(start)
		close(done)
		if err != nil {
			return fmt.Errorf("%s: %w", ret.name, err)
		}
		fmt.Fprintf(out, "  %s: %s for %d children, %d %s; heap at most %d MB (%d MB more than before)\n", ret.name,
			took.Round(time.Millisecond), sum.Children, sum.Episodes, ret.rows, peak.Load()>>20, (peak.Load()-min(peak.Load(), base.HeapInuse))>>20)
	}
	return nil
}
