package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

func TestExportFromTheCommandLine(t *testing.T) {
	kithtest.NeedPDFTools(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kith.db")
	if _, _, err := run(t, "", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	store := mustOpen(t, db)
	f := kithtest.NewFixture(t, store)
	team := f.Team("North", f.Service("Children in need"))
	P := []kith.Role{kith.RolePractitioner}
	ann, _ := f.User("ann.ash", P, team), f.User("cat.cedar", P, f.Team("South", f.Service("Disabled children")))
	mgr := f.User("dee.daw", []kith.Role{kith.RoleTeamManager}, team)
	f.Manage(team, mgr)
	amy := f.Allocate(f.Actor(mgr), f.Case(f.Actor(ann), "Amy", "Alder", kithtest.Date(2015, 5, 5), team), team, ann)
	// The command line reads the real clock (the binary never links the
	// test clock), so the record is two hours before its now, not the
	// pinned test day's.
	at := store.Now().In(kith.London).Add(-2 * time.Hour).Truncate(time.Minute)
	r := f.Finalised(f.Actor(ann), amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "Call with school", OccurredAt: at,
		Content: kith.RecordContent{"direction": {Answer: "outgoing"}, "phone_number": {Text: "01632 960000"}, "other_party": {Text: "Mrs Patel, head of year"},
			"purpose": {Text: "Attendance"}, "content": {Text: "Amy has been on time every day this week."}}})

	out := filepath.Join(dir, "record.pdf")
	stdout, _, err := run(t, "", "export", "record", r.ID, "--db", db, "--as", "ann.ash", "--out", out)
	if err != nil || !strings.Contains(stdout, "Wrote "+out) || !strings.Contains(stdout, "made as ann.ash") {
		t.Fatalf("export record: %q %v", stdout, err)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	txt := kithtest.PDFTool(t, pdf, "pdftotext", nil, "-")
	for _, want := range []string{"OFFICIAL-SENSITIVE", "Amy Alder · " + amy.Reference, "Call with school", "on time every day", "Printed", "by Ann Ash"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the record's PDF lacks %q:\n%s", want, txt)
		}
	}

	// The whole file for a period, its progress told as it goes.
	out = filepath.Join(dir, "case.pdf")
	day := kith.DateOf(at).String()
	_, said, err := run(t, "", "export", "case", amy.Reference, "--db", db, "--as", "ann.ash", "--from", day, "--to", day, "--out", out)
	if err != nil {
		t.Fatalf("export case: %v", err)
	}
	if !strings.Contains(said, "Gathered 1 of 1 records") || !strings.Contains(said, "1 record gathered; printing") {
		t.Errorf("progress said: %q", said)
	}
	if pdf, err = os.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	caseText := strings.Join(strings.Fields(kithtest.PDFTool(t, pdf, "pdftotext", nil, "-")), " ")
	if !strings.Contains(caseText, "on time every day") || !strings.Contains(caseText, "Case file, records from") {
		t.Errorf("the case file's PDF:\n%s", caseText)
	}

	// Someone who may not read the case learns nothing of it, and nothing
	// is written.
	denied := filepath.Join(dir, "denied.pdf")
	if _, _, err := run(t, "", "export", "case", amy.Reference, "--db", db, "--as", "cat.cedar", "--out", denied); err == nil || strings.Contains(err.Error(), "Amy") {
		t.Errorf("an outsider's export: %v", err)
	}
	if _, _, err := run(t, "", "export", "record", r.ID, "--db", db, "--as", "cat.cedar", "--out", denied); err == nil {
		t.Errorf("an outsider's export of the record succeeded")
	}
	if _, err := os.Stat(denied); err == nil {
		t.Error("a refused export wrote a file")
	}

	// Bad input says what to do.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "say what to export"},
		{[]string{"export", "chronology", amy.Reference}, "say what to export"},
		{[]string{"export", "record", r.ID, "--db", db, "--out", out}, "--as"},
		{[]string{"export", "case", amy.Reference, "--db", db, "--as", "ann.ash", "--from", "2026-13-01", "--out", out}, `"2026-13-01" is not a date`},
		{[]string{"export", "case", amy.Reference, "--db", db, "--as", "ann.ash", "--from", "2026-06-02", "--to", "2026-06-01", "--out", out}, "--to must be the same as or after --from"},
		{[]string{"export", "record", r.ID, "--db", db, "--as", "ann.ash", "--from", "2026-06-01", "--out", out}, "use them with kith export case"},
	} {
		if _, _, err := run(t, "", c.args...); exitCode(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: exit %d, %v; want %q", c.args, exitCode(err), err, c.want)
		}
	}
	if _, _, err := run(t, "", "export", "record", r.ID, "--db", db, "--as", "no.one", "--out", out); err == nil || !strings.Contains(err.Error(), "--as no.one") {
		t.Errorf("an unknown user: %v", err)
	}
}
