package returns_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The community validators (../shared/validators beside the project, or
// KITH_VALIDATORS) check Kith's exports as a council's analysts would. They
// need Debian's python3-pandas and python3-click, and xmllint
// (libxml2-utils); CI installs them (.ci/run) and sets
// KITH_REQUIRE_VALIDATORS=1, so that there a missing one fails instead of
// skipping.

// validators returns the validators' folder, or skips the test (fails it
// in CI) when they or what they need are missing.
func validators(t *testing.T) string {
	t.Helper()
	missing := func(why string) string {
		if os.Getenv("KITH_REQUIRE_VALIDATORS") == "1" {
			t.Fatalf("the community validators are needed (KITH_REQUIRE_VALIDATORS=1): %s", why)
		}
		t.Skipf("skipping the community validators: %s", why)
		return ""
	}
	dir := os.Getenv("KITH_VALIDATORS")
	if dir == "" {
		root, err := filepath.Abs("..")
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, "..", "shared", "validators")
	}
	if _, err := os.Stat(filepath.Join(dir, "cin", "cin_validator")); err != nil {
		return missing("no validators at " + dir + " (set KITH_VALIDATORS)")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import pandas, click").Run(); err != nil {
		return missing("Debian's python3-pandas and python3-click are not installed (apt-get install python3-pandas python3-click)")
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		return missing("xmllint is not installed (apt-get install libxml2-utils)")
	}
	return dir
}

// checkCINSchema checks a census file against the CIN census schema.
func checkCINSchema(t *testing.T, dir, file string) {
	t.Helper()
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(dir, "cin-schema", "CIN_schema_2026.xsd"), file).CombinedOutput()
	if err != nil {
		t.Errorf("the census does not follow the schema: %v\n%s", err, firstLines(string(out), 20))
	}
}

// finding is one rule the validator found broken, with how often.
type finding struct {
	Rule, Description string
	Count             int
	Children          []string
}

// some is the first few children, to name in a message.
func (f finding) some() []string { return f.Children[:min(5, len(f.Children))] }

// query reports whether the rule is a query (to explain) rather than an
// error (which the DfE refuses).
func (f finding) query() bool { return strings.HasSuffix(f.Rule, "Q") }

// runCINValidator runs the community CIN validator on a census file and
// returns what it found, rule by rule.
func runCINValidator(t *testing.T, dir, file string) []finding {
	t.Helper()
	work := t.TempDir()
	cmd := exec.Command("/usr/bin/python3", "-m", "cin_validator", "run", file, "-r", "cin2025_26", "-o")
	cmd.Dir, cmd.Env = work, append(os.Environ(), "PYTHONPATH="+filepath.Join(dir, "cin"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the CIN validator: %v\n%s", err, firstLines(string(out), 30))
	}
	return tally(readCSV(t, filepath.Join(work, "user_report.csv")), "rule_code", "rule_description", "LAchildID")
}

// tally counts a validator report's rows by rule.
func tally(rows [][]string, ruleCol, descCol, childCol string) []finding {
	if len(rows) == 0 {
		return nil
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	by := map[string]*finding{}
	for _, r := range rows[1:] {
		rule := r[col[ruleCol]]
		f := by[rule]
		if f == nil {
			f = &finding{Rule: rule, Description: r[col[descCol]]}
			by[rule] = f
		}
		f.Count++
		if c := r[col[childCol]]; !contains(f.Children, c) {
			f.Children = append(f.Children, c)
		}
	}
	var out []finding
	for _, f := range by {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// run903Validator runs the community SSDA903 validator on a folder of the
// return's CSV files for its collection year and returns what it found,
// rule by rule.
func run903Validator(t *testing.T, dir, folder string, year int) []finding {
	t.Helper()
	work := t.TempDir()
	cmd := exec.Command("/usr/bin/python3", filepath.Join(dir, "validate_903.py"), folder, strconv.Itoa(year), "E06000000")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join(dir, "stubs")+string(os.PathListSeparator)+filepath.Join(dir, "903"))
	out, err := cmd.CombinedOutput()
	if _, statErr := os.Stat(filepath.Join(work, "903_issues.csv")); statErr != nil {
		t.Fatalf("the 903 validator wrote no report: %v\n%s", err, firstLines(string(out), 30))
	}
	return tally(readCSV(t, filepath.Join(work, "903_issues.csv")), "rule_code", "rule_description", "child_id")
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
