package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"kith"
)

// run runs the command line as a user would, returning what it printed.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kith.db")

	if _, stderr, err := run(t, ""); exitCode(err) != 2 || !strings.Contains(stderr, "Usage:") {
		t.Errorf("no command: exit %d, %q", exitCode(err), stderr)
	}
	if _, _, err := run(t, "", "launch"); exitCode(err) != 2 || !strings.Contains(err.Error(), `unknown command "launch"`) {
		t.Errorf("unknown command: %v", err)
	}
	if out, _, err := run(t, "", "version"); err != nil || !strings.HasPrefix(out, "kith ") {
		t.Errorf("version: %q %v", out, err)
	}
	if _, _, err := run(t, "", "serve", "--help"); !errors.Is(err, errHelp()) || exitCode(err) != 0 {
		t.Errorf("serve --help: %v", err)
	}
	if _, _, err := run(t, "", "serve", "--nonsense"); exitCode(err) != 2 {
		t.Errorf("bad flag: exit %d", exitCode(err))
	}

	out, _, err := run(t, "", "migrate", "--db", db)
	if err != nil || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %q %v", out, err)
	}

	// A user with a password from standard input, and one with a generated password.
	out, _, err = run(t, "a long enough password\n", "user", "add", "--db", db, "--username", "alex.ashgrove", "--name", "Alex Ashgrove", "--role", "administrator", "--password-stdin")
	if err != nil || !strings.Contains(out, "Added Alex Ashgrove (alex.ashgrove)") || strings.Contains(out, "Password:") {
		t.Fatalf("user add: %q %v", out, err)
	}
	out, _, err = run(t, "", "user", "add", "--db", db, "--username", "bo.birch", "--name", "Bo Birch", "--role", "auditor")
	if err != nil || !strings.Contains(out, "Password: ") {
		t.Fatalf("user add with a generated password: %q %v", out, err)
	}
	// Bad input names the flag and says what to do.
	_, _, err = run(t, "", "user", "add", "--db", db, "--username", "Bad Name", "--name", "", "--role", "wizard")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "--username: Username must only include lower case letters") ||
		!strings.Contains(err.Error(), "--name: Enter the full name") || !strings.Contains(err.Error(), "--role: Select a role from the list") {
		t.Errorf("bad user: %v", err)
	}
	_, _, err = run(t, "", "user", "add", "--db", db, "--username", "cy.cedar", "--name", "Cy Cedar", "--role", "practitioner", "--team", "Nowhere")
	if err == nil || !strings.Contains(err.Error(), `there is no team called "Nowhere"`) {
		t.Errorf("unknown team: %v", err)
	}

	out, _, err = run(t, "", "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "alex.ashgrove") || !strings.Contains(out, "bo.birch") {
		t.Fatalf("user list: %q %v", out, err)
	}
	if out, _, err = run(t, "", "user", "token", "--db", db, "alex.ashgrove"); err != nil || !strings.HasPrefix(out, "kith_") {
		t.Fatalf("user token: %q %v", out, err)
	}
	if out, _, err = run(t, "", "user", "disable", "--db", db, "bo.birch"); err != nil || !strings.Contains(out, "bo.birch is now disabled") {
		t.Fatalf("user disable: %q %v", out, err)
	}
	if _, _, err = run(t, "", "user", "disable", "--db", db, "nobody"); err == nil || !strings.Contains(err.Error(), "User was not found") {
		t.Errorf("disable nobody: %v", err)
	}
	out, _, _ = run(t, "", "user", "list", "--db", db)
	if !strings.Contains(out, "disabled") {
		t.Errorf("list after disable: %q", out)
	}

	// Demo data goes only into an empty database.
	if _, _, err = run(t, "", "demo", "--db", db, "--cases", "30"); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("demo into a council's database: %v", err)
	}
	demo := filepath.Join(t.TempDir(), "demo.db")
	out, _, err = run(t, "", "demo", "--db", demo, "--cases", "40")
	if err != nil || !strings.Contains(out, "Demo sign-ins (password for all: kith-demo-password)") || !strings.Contains(out, "practitioner") {
		t.Fatalf("demo: %q %v", out, err)
	}
	demoDB := mustOpen(t, demo)
	signIns, err := loadDemoIfEmpty(context.Background(), demoDB, &bytes.Buffer{})
	if err != nil || len(signIns) != 6 || signIns[5].Username != "ig.officer" {
		t.Errorf("sign-ins of an existing demo council: %v %v", signIns, err)
	}
	// The demo's information governance officer has a request in each state.
	u, err := demoDB.UserByUsername(context.Background(), kith.SystemActor(), "ig.officer")
	if err != nil {
		t.Fatal(err)
	}
	ig, _ := demoDB.Actor(context.Background(), u.ID)
	reqs, err := demoDB.SubjectAccessRequests(context.Background(), ig)
	if err != nil || len(reqs) != 6 {
		t.Fatalf("the demo's requests: %d %v", len(reqs), err)
	}
	states := map[string]bool{}
	for _, r := range reqs {
		switch {
		case !r.WithdrawnOn.IsZero():
			states["withdrawn"] = true
		case !r.RespondedOn.IsZero():
			states["answered"] = true
		case r.Clock.Waiting:
			states["waiting"] = true
		case r.Clock.DaysLate > 0:
			states["late"] = true
		case r.ExtensionMonths > 0:
			states["extended"] = true
		default:
			states["in time"] = true
		}
	}
	if len(states) != 6 {
		t.Errorf("the demo's requests are %v, want one in each state", states)
	}
	// One has its record gathered, with redactions proposed to review.
	gathered := 0
	for _, r := range reqs {
		if r.WithdrawnOn.IsZero() {
			b, err := demoDB.SARBundle(context.Background(), ig, r.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			if b.Gathered {
				gathered++
				if b.Progress.Pages == 0 || b.Progress.Undecided == 0 {
					t.Errorf("the demo's bundle: %+v", b.Progress)
				}
			}
		}
	}
	if gathered != 1 {
		t.Errorf("%d demo requests have their record gathered, want 1", gathered)
	}
}

// kith serve never reads KITH_TEST_NOW: the package that does is for tests
// only, and the binary does not link it.
func TestBinaryDoesNotLinkTheTestClock(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list is not available here: %v %s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "kith/internal/testclock" || pkg == "kith/internal/kithtest" {
			t.Fatalf("the kith binary links %s, which reads KITH_TEST_NOW", pkg)
		}
	}
}

func TestBenchConcurrencyLevels(t *testing.T) {
	for in, want := range map[string]string{"1,4,16,64": "[1 4 16 64]", "": "[]", " 8 , 2": "[8 2]"} {
		got, err := parseLevels(in)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("parseLevels(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"0", "four", "2000", "1,-3"} {
		if _, err := parseLevels(bad); err == nil || !strings.Contains(err.Error(), "--concurrency") {
			t.Errorf("parseLevels(%q): %v", bad, err)
		}
	}
}

// A mistyped --db names no database: the commands that read or change a
// council's database say so, and leave no empty database behind.
// Annex A from the command line: a period that runs backwards is refused
// with what to do; a good one writes the workbook and the CSV files, and
// a social worker's registration number is taken from --swe-number.
func TestAnnexAFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kith.db")
	if _, _, err := run(t, "", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "sam.one", "--name", "Sam One", "--role", "practitioner", "--swe-number", "sw12"); err != nil {
		t.Fatalf("a social worker with a registration number: %v", err)
	}
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "sam.two", "--name", "Sam Two", "--role", "practitioner", "--swe-number", "12"); exitCode(err) != 2 ||
		!strings.Contains(err.Error(), "--swe-number: Enter the Social Work England registration number") {
		t.Errorf("a registration number without SW: %v", err)
	}
	_, _, err := run(t, "", "returns", "annex-a", "--db", db, "--from", "2026-06-01", "--to", "2026-05-01", "--out", filepath.Join(dir, "a.xlsx"))
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "on or after its first day") {
		t.Errorf("a period backwards: %v", err)
	}
	out, _, err := run(t, "", "returns", "annex-a", "--db", db, "--from", "2026-06-01", "--to", "2026-11-30", "--out", filepath.Join(dir, "a.xlsx"), "--csv", filepath.Join(dir, "lists"))
	if err != nil || !strings.Contains(out, "Wrote Ofsted's Annex A for 1 June 2026 to 30 November 2026") {
		t.Fatalf("annex A: %q %v", out, err)
	}
	for _, f := range []string{"a.xlsx", "lists/list-01-contacts.csv", "lists/list-08-children-in-care.csv", "lists/list-11-adopters.csv"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestCommandsRefuseAMissingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "kith-typo.db")
	for _, args := range [][]string{
		{"migrate", "status", "--db", missing},
		{"verify", "--db", missing},
		{"verify", "roots", "--db", missing},
		{"user", "list", "--db", missing},
		{"quality", "index", "--db", missing},
		{"returns", "903", "--db", missing, "--out", filepath.Join(filepath.Dir(missing), "903")},
		{"returns", "annex-a", "--db", missing, "--out", filepath.Join(filepath.Dir(missing), "a.xlsx")},
		{"export", "record", "some-id", "--db", missing, "--as", "ann.ash", "--out", filepath.Join(filepath.Dir(missing), "a.pdf")},
	} {
		var out, errOut bytes.Buffer
		err := Run(context.Background(), args, strings.NewReader(""), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "there is no Kith database at "+missing) {
			t.Errorf("%v: %v", args, err)
		}
		if _, statErr := os.Stat(missing); statErr == nil {
			t.Fatalf("%v made an empty database at %s", args, missing)
		}
	}
	// The first administrator may be added before Kith ever served (the
	// README's first step), which makes the database.
	if out, _, err := run(t, "", "user", "add", "--db", missing, "--username", "alex.ashgrove", "--name", "Alex Ashgrove", "--role", "administrator"); err != nil || !strings.Contains(out, "Added Alex Ashgrove") {
		t.Fatalf("user add on a new database: %v\n%s", err, out)
	}
}

// kith user's help names every role a user can be given: an operator
// setting up a second information governance officer reads it there.
func TestUserHelpNamesEveryRole(t *testing.T) {
	out, _, err := run(t, "", "user", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range kith.Roles {
		if !strings.Contains(out, string(r)) {
			t.Errorf("the help does not name %s:\n%s", r, out)
		}
	}
}
