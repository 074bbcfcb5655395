package quality

import (
	"os"
	"slices"
	"strings"
	"testing"
)

var testChecker *Checker

func TestMain(m *testing.M) {
	var err error
	if testChecker, err = New(""); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// requireSpeller skips a test that needs the British word list when it
// was not built (no npm), and fails it in CI, where it must be.
func requireSpeller(t *testing.T) {
	t.Helper()
	if testChecker.Speller() != nil {
		return
	}
	if os.Getenv("KITH_REQUIRE_BROWSER") != "" || os.Getenv("CI") != "" {
		t.Fatal("the British English word list is missing: run make assets")
	}
	t.Skip("the British English word list is not built (make assets): skipping")
}

// TestRuleExamples runs every rule's examples: each bad example must be
// found by its rule, each good one must not. The copy-paste and names
// rules need a council: storage runs theirs.
func TestRuleExamples(t *testing.T) {
	for _, r := range testChecker.Rules() {
		if r.Extends == "index" {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			if strings.HasPrefix(r.ID, "spelling.unknown") {
				requireSpeller(t)
			}
			for _, e := range r.Examples.Bad {
				fs, err := testChecker.Check(e.Note())
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == r.ID }) {
					t.Errorf("bad example not found: %q (found %v)", e.Text, rulesOf(fs))
				}
			}
			for _, e := range r.Examples.Good {
				fs, err := testChecker.Check(e.Note())
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fs {
					if f.Rule == r.ID {
						t.Errorf("good example flagged: %q: %q %s", e.Text, f.Text, f.Message)
					}
				}
			}
		})
	}
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+f.Text)
	}
	return out
}
