package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
)

// TestVerifyCommand runs kith verify on each engine: it passes on a
// database as Kith wrote it and keeps its result; it fails, naming the
// first broken link, once a final record is changed behind Kith's back,
// and checks the roots kept outside the database.
func TestVerifyCommand(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			addr := filepath.Join(t.TempDir(), "kith.db")
			if engine == "postgres" {
				addr = pgtest.Database(t)
			}
			db := kithtest.OpenAt(t, addr)
			f := kithtest.NewFixture(t, db)
			team := f.Team("North", f.Service("Children in need"))
			prac := f.User("ann.ash", []kith.Role{kith.RolePractitioner}, team)
			amy := f.Case(f.Actor(prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), team)
			r := f.Finalised(f.Actor(prac), amy.Reference, kithtest.VisitInput(1))

			out, _, err := run(t, "", "verify", "--db", addr)
			if err != nil || !strings.Contains(out, "and 1 final records") || !strings.Contains(out, "Nothing has changed.") {
				t.Fatalf("verify: %v\n%s", err, out)
			}
			if last, err := db.LatestCheck(context.Background()); err != nil || last == nil || !last.Report.OK() {
				t.Errorf("the result was not kept: %+v %v", last, err)
			}

			if _, _, err := db.TakeDailyRoot(context.Background()); err != nil {
				t.Fatal(err)
			}
			out, _, err = run(t, "", "verify", "roots", "--db", addr)
			if err != nil || !strings.HasPrefix(out, "kith-root ") || strings.Count(out, "\n") != 1 {
				t.Fatalf("verify roots: %v %q", err, out)
			}
			kept := filepath.Join(t.TempDir(), "roots.txt")
			if err := os.WriteFile(kept, []byte("# kept by the information governance officer\n\n"+out), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, _, err := run(t, "", "verify", "--db", addr, "--roots", kept); err != nil || !strings.Contains(out, "(1 from outside the database)") {
				t.Errorf("verify --roots: %v\n%s", err, out)
			}

			kithtest.BehindKithsBack(t, db, []string{"records"}, `UPDATE records SET headline = 'Nothing to see' WHERE id = '`+r.ID+`'`)
			out, _, err = run(t, "", "verify", "--db", addr, "--roots", kept)
			if exitCode(err) != 1 || !strings.Contains(err.Error(), "the check found 1 problem:") {
				t.Errorf("verify after a change: exit %d, %v", exitCode(err), err)
			}
			for _, want := range []string{"Found 1 problem.", "Where each chain first breaks:",
				"Record chain, entry 1 (record " + r.ID + " on " + amy.Reference + "): it was changed after it was finalised: its content no longer matches"} {
				if !strings.Contains(out, want) {
					t.Errorf("verify output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "Nothing to see") {
				t.Error("the report quotes the record")
			}

			bad := filepath.Join(t.TempDir(), "bad.txt")
			if err := os.WriteFile(bad, []byte("kith-root 2026-12-05 nonsense\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := run(t, "", "verify", "--db", addr, "--roots", bad); err == nil || !strings.Contains(err.Error(), "bad.txt line") {
				t.Errorf("a bad roots file: %v", err)
			}
		})
	}
}

func TestVerifyAt(t *testing.T) {
	for v, want := range map[string]string{"": "2h0m0s", "off": "off", "23:30": "23h30m0s", "00:05": "5m0s"} {
		t.Setenv("KITH_VERIFY_AT", v)
		s, err := readVerifyAt()
		got := s.At.String()
		if s.Off {
			got = "off"
		}
		if err != nil || got != want {
			t.Errorf("KITH_VERIFY_AT=%q: %s %v", v, got, err)
		}
	}
	for _, v := range []string{"2am", "25:00", "nightly"} {
		t.Setenv("KITH_VERIFY_AT", v)
		if _, err := readServeEnv(); exitCode(err) != 2 || !strings.Contains(err.Error(), "KITH_VERIFY_AT") {
			t.Errorf("KITH_VERIFY_AT=%q: %v", v, err)
		}
	}
}

// A case's record disposed of under the retention policy leaves kith
// verify as it was: every link checked, the removed ones from the digests
// kept, and nothing reported changed.
func TestVerifyCommandAcrossADisposal(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			addr := filepath.Join(t.TempDir(), "kith.db")
			if engine == "postgres" {
				addr = pgtest.Database(t)
			}
			db := kithtest.OpenAt(t, addr)
			clk := kithtest.ClockOf(db)
			f := kithtest.NewFixture(t, db)
			ctx := context.Background()
			team := f.Team("North", f.Service("Children in need"))
			prac := f.Actor(f.User("ann.ash", []kith.Role{kith.RolePractitioner}, team))
			manager := f.User("dee.daw", []kith.Role{kith.RoleTeamManager}, team)
			f.Manage(team, manager)
			tm := f.Actor(manager)
			ig1 := f.Actor(f.User("ida.info", []kith.Role{kith.RoleInformationGovernance}))
			ig2 := f.Actor(f.User("ira.info", []kith.Role{kith.RoleInformationGovernance}))
			amy := f.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), team)
			f.Finalised(prac, amy.Reference, kithtest.VisitInput(1))
			r := f.Finalised(prac, amy.Reference, kithtest.VisitInput(2))
			if err := db.AddAddendum(ctx, prac, r.ID, "The school meeting is booked."); err != nil {
				t.Fatal(err)
			}
			o, err := db.CaseOverview(ctx, tm, amy.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseCase(ctx, tm, amy.Reference, kith.CloseInput{Reason: "RC8", Version: o.Case.Version, WithoutSummary: "Moved away"}); err != nil {
				t.Fatal(err)
			}
			if err := db.SetRetentionPolicy(ctx, ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}); err != nil {
				t.Fatal(err)
			}
			// Two years on, its year is long past.
			clk.Set(kith.InLondon(kithtest.Today().AddDays(800), 10, 0))
			if err := db.ProposeDisposal(ctx, ig1, amy.Reference, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := db.DecideDisposal(ctx, ig2, amy.Reference, kith.DisposalDecision{Decision: kith.DisposalApprove}); err != nil {
				t.Fatal(err)
			}
			out, _, err := run(t, "", "verify", "--db", addr)
			if err != nil || !strings.Contains(out, "and 0 final records") || !strings.Contains(out, "Nothing has changed.") ||
				!strings.Contains(out, "3 entries' rows were removed by approved disposals") {
				t.Fatalf("verify: %v\n%s", err, out)
			}
		})
	}
}
