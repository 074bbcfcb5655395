package returns_test

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/returns"
	"kith/sqldb"
)

// kithFindings are Kith's own problems with the records a return is made
// from, by return and rule, with the children (as the returns name them).
func kithFindings(t *testing.T, db *sqldb.DB, y kith.CollectionYear) map[string]map[string][]string {
	t.Helper()
	set, err := db.ReturnFacts(context.Background(), kith.SystemActor(), y, sqldb.ReturnFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]string{}
	for _, p := range returns.Problems(set, y) {
		if out[p.Return] == nil {
			out[p.Return] = map[string][]string{}
		}
		if !slices.Contains(out[p.Return][p.Rule], p.ChildID) {
			out[p.Return][p.Rule] = append(out[p.Return][p.Rule], p.ChildID)
		}
	}
	return out
}

// agree checks that Kith and a validator find the same children breaking
// each rule Kith checks.
func agree(t *testing.T, ret string, kithFound map[string][]string, validator []finding) {
	t.Helper()
	byRule := map[string][]string{}
	for _, f := range validator {
		byRule[f.Rule] = f.Children
	}
	for _, r := range kith.ReturnRules {
		if r.Return != ret || r.KithOnly() {
			continue
		}
		k, v := sorted(kithFound[r.Rule]), sorted(byRule[r.Rule])
		if !slices.Equal(k, v) {
			t.Errorf("%s rule %s (%s): Kith finds %d children %v, the validator %d %v", ret, r.Rule, r.About, len(k), first(k), len(v), first(v))
		} else if len(k) > 0 {
			t.Logf("%s rule %s (%s): both find the same %d children", ret, r.Rule, r.About, len(k))
		}
	}
}

func sorted(list []string) []string {
	out := slices.Clone(list)
	sort.Strings(out)
	return out
}

func first(list []string) string {
	if len(list) > 5 {
		return strings.Join(list[:5], " ") + " …"
	}
	return strings.Join(list, " ")
}

// Mistakes seeded into a copy of the synthetic council behind Kith's back
// are found both by Kith's own checks and by the community validators, for
// the same children: a UPN with a wrong check letter and looked-after
// episodes that overlap (both of which Kith refuses when they are typed,
// so a council migrating its data is how they would come), and a section
// 47 enquiry with no conference long after it began, and health outcomes
// (OC2) missing for one child and incomplete for another. A care leaver's
// outcomes forgotten on a birthday (OC3) only Kith can find: the
// validator cannot know who left care.
func TestSeededMistakesFoundByKithAndTheValidators(t *testing.T) {
	dir := validators(t)
	db := kithtest.OpenDB(t, "sqlite")
	kithtest.BulkLoad(t, db, 200, 40)
	y := kith.CollectionYearOn(kithtest.Today()).Previous()
	start, end := y.Start().String(), y.End().String()
	ctx := context.Background()
	pick := func(q string, args ...any) (id, ref string) {
		t.Helper()
		if err := db.ReadPool().QueryRowContext(ctx, q, args...).Scan(&id, &ref); err != nil {
			t.Fatalf("no record to seed a mistake in: %v\n%s", err, q)
		}
		return id, ref
	}
	upnChild, upnRef := pick(`SELECT ci.person_id, c.reference FROM child_identities ci JOIN cases c ON c.child_id = ci.person_id
		JOIN episodes e ON e.case_id = c.id WHERE ci.upn <> '' AND (e.closed_on IS NULL OR e.closed_on >= $1) ORDER BY c.reference LIMIT 1`, start)
	s47, s47Ref := pick(`SELECT s.id, c.reference FROM section47s s JOIN cases c ON c.id = s.case_id
		WHERE s.conference_on IS NOT NULL AND s.started_on >= $1 AND s.started_on <= $2 ORDER BY c.reference LIMIT 1`, start, y.End().AddDays(-40).String())
	careCase, careRef := pick(`SELECT e.case_id, c.reference FROM care_episodes e JOIN cases c ON c.id = e.case_id
		WHERE e.ended_on > $1 AND e.ended_on < $2 AND e.reason_ended = 'X1' ORDER BY c.reference LIMIT 1`, start, end)
	// Health outcomes: one child's forgotten, another's teeth left blank.
	forgotten, forgottenRef := pick(`SELECT h.case_id, c.reference FROM health_outcomes h JOIN cases c ON c.id = h.case_id
		WHERE h.year_start = $1 AND h.case_id <> $2 ORDER BY c.reference DESC LIMIT 1`, y.StartYear, careCase)
	blank, blankRef := pick(`SELECT h.case_id, c.reference FROM health_outcomes h JOIN cases c ON c.id = h.case_id
		WHERE h.year_start = $1 AND h.case_id NOT IN ($2, $3) ORDER BY c.reference LIMIT 1`, y.StartYear, careCase, forgotten)
	// A care leaver's birthday forgotten: only Kith knows who left care.
	leaver, leaverRef := pick(`SELECT l.case_id, c.reference FROM care_leaver_outcomes l JOIN cases c ON c.id = l.case_id
		WHERE l.year_start = $1 ORDER BY c.reference LIMIT 1`, y.StartYear)
	kithtest.BehindKithsBack(t, db, []string{"child_identities", "section47s", "plans", "care_episodes", "health_outcomes", "care_leaver_outcomes"},
		`DELETE FROM care_leaver_outcomes WHERE case_id = '`+leaver+`' AND year_start = `+strconv.Itoa(y.StartYear),
		`DELETE FROM health_outcomes WHERE case_id = '`+forgotten+`' AND year_start = `+strconv.Itoa(y.StartYear),
		`UPDATE health_outcomes SET teeth_check = NULL WHERE case_id = '`+blank+`' AND year_start = `+strconv.Itoa(y.StartYear),
		// The check letter of a well-formed UPN, changed.
		`UPDATE child_identities SET upn = CASE WHEN substr(upn, 1, 1) = 'A' THEN 'B' ELSE 'A' END || substr(upn, 2) WHERE person_id = '`+upnChild+`'`,
		// The conference forgotten: the plan it made stands on its own.
		`UPDATE plans SET section47_id = NULL WHERE section47_id = '`+s47+`'`,
		`UPDATE section47s SET conference_on = NULL, conference_decision = '' WHERE id = '`+s47+`'`,
		// The next episode backdated a week into the one before it.
		`UPDATE care_episodes SET started_on = date(started_on, '-7 days') WHERE case_id = '`+careCase+`'
			AND started_on = (SELECT MIN(ended_on) FROM care_episodes WHERE case_id = '`+careCase+`' AND ended_on > '`+start+`' AND reason_ended = 'X1')`)
	seeded := map[string][]string{"1510": {upnRef}, "8675Q": {s47Ref}, "501": {careRef}, "191": {forgottenRef, blankRef}}

	kithFound := kithFindings(t, db, y)
	file := exportCIN(t, db)
	cin := runCINValidator(t, dir, file)
	year, folder := export903(t, db)
	ssda := run903Validator(t, dir, folder, year.End().Year)
	for rule, refs := range seeded {
		ret, validator := kith.ReturnCIN, cin
		if rule == "501" || rule == "191" {
			ret, validator = kith.ReturnSSDA903, ssda
		}
		for _, ref := range refs {
			child := kith.LocalChildIDFromReference(ref)
			if !slices.Contains(kithFound[ret][rule], child) {
				t.Errorf("Kith does not find the seeded mistake %s in %s: %v", rule, ref, kithFound[ret][rule])
			}
			var byValidator []string
			for _, f := range validator {
				if f.Rule == rule {
					byValidator = f.Children
				}
			}
			if !slices.Contains(byValidator, child) {
				t.Errorf("the validator does not find the seeded mistake %s in %s: %v", rule, ref, byValidator)
			}
		}
	}
	if child := kith.LocalChildIDFromReference(leaverRef); !slices.Contains(kithFound[kith.ReturnSSDA903]["OC3"], child) {
		t.Errorf("Kith does not find the care leaver whose birthday was forgotten, %s: %v", leaverRef, kithFound[kith.ReturnSSDA903]["OC3"])
	}
	agree(t, kith.ReturnCIN, kithFound[kith.ReturnCIN], cin)
	agree(t, kith.ReturnSSDA903, kithFound[kith.ReturnSSDA903], ssda)
}
