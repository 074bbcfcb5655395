package synth

import (
	"math/rand/v2"
	"strings"
	"testing"

	"kith"
)

func TestSizeCouncil(t *testing.T) {
	for _, tc := range []struct {
		open, closed int
		minTeams     int
		full         bool // every practitioner holds 25 to 30
	}{
		{30, 5, 4, false},
		{60, 15, 4, false},
		{200, 40, 6, false},
		{1000, 3000, 7, false},
		{15000, 45000, 60, true},
	} {
		r := rand.New(rand.NewPCG(1, 2))
		s := sizeCouncil(r, tc.open, tc.closed)
		teams := len(s.kinds)
		if teams < tc.minTeams {
			t.Errorf("%d open cases: %d teams, want at least %d", tc.open, teams, tc.minTeams)
		}
		kinds := map[teamKind]int{}
		open, closed, first := 0, 0, -1
		for i, k := range s.kinds {
			kinds[k]++
			if k == kindSafeguarding && first < 0 {
				first = i
			}
			open += s.unallocated[i]
			closed += s.closed[i]
			for _, n := range s.caseloads[i] {
				open += n
				if tc.full && (n < 25 || n > 30) {
					t.Errorf("%d open cases: a caseload of %d", tc.open, n)
				}
			}
			if n := len(s.caseloads[i]); n < 2 || (tc.full && (n < 6 || n > 10)) {
				t.Errorf("%d open cases: a team of %d practitioners", tc.open, n)
			}
		}
		if open != tc.open || closed != tc.closed {
			t.Errorf("%d/%d cases shared out as %d/%d", tc.open, tc.closed, open, closed)
		}
		if len(kinds) != 4 {
			t.Errorf("%d open cases: team kinds %v", tc.open, kinds)
		}
		if demo := s.caseloads[first][0]; demo < 25 || demo > 30 {
			t.Errorf("%d open cases: the demo practitioner holds %d", tc.open, demo)
		}
	}
}

func TestApportion(t *testing.T) {
	got := apportion(10, []float64{0.25, 0.45, 0.2, 0.1}, 1)
	sum := 0
	for _, n := range got {
		sum += n
		if n < 1 {
			t.Errorf("apportion gave a part below the floor: %v", got)
		}
	}
	if sum != 10 || got[1] < got[0] {
		t.Errorf("apportion(10) = %v", got)
	}
	if got := apportion(0, []float64{1, 1}, 2); got[0] != 0 || got[1] != 0 {
		t.Errorf("apportion(0) = %v", got)
	}
}

// TestNamesAreValidAndPlainlyInvented checks every name the generator can
// use against the forms' rules, and that surnames are invented words.
func TestNamesAreValidAndPlainlyInvented(t *testing.T) {
	for _, list := range [][]string{girls, boys, women, men} {
		for _, n := range list {
			var v kith.Validation
			kith.CheckName(&v, "first_name", "first name", n, true)
			if v.Err() != nil {
				t.Errorf("first name %q: %v", n, v.Err())
			}
		}
	}
	p := newSurnames()
	for _, n := range p.names {
		var v kith.Validation
		kith.CheckName(&v, "last_name", "last name", n, true)
		if v.Err() != nil {
			t.Errorf("surname %q: %v", n, v.Err())
		}
	}
	for _, real := range []string{"Smith", "Jones", "Ashby", "Ashford", "Brookfield", "Hazelwood", "Oakley", "Birchall"} {
		for _, n := range p.names {
			if n == real {
				t.Errorf("%s is a real surname", real)
			}
		}
	}
	// Some surnames are much more common than others.
	r := rand.New(rand.NewPCG(3, 4))
	counts := map[string]int{}
	const draws = 20000
	for range draws {
		counts[p.pick(r)]++
	}
	top := counts[p.names[0]]
	if top < draws/100 || top > draws/15 || len(counts) < 1000 {
		t.Errorf("the commonest surname is %d in %d, with %d surnames used", top, draws, len(counts))
	}
}

// TestSimilarSpellings checks that the near spellings a tolerant search
// should bridge are there, and that Kith's sound key or a typing slip
// bridges them.
func TestSimilarSpellings(t *testing.T) {
	all := map[string]bool{}
	for _, list := range [][]string{girls, boys, women, men, newSurnames().names} {
		for _, n := range list {
			all[n] = true
		}
	}
	for _, pair := range [][2]string{
		{"Larkmoor", "Larkmore"}, {"Fernsby", "Furnsby"}, {"Brackenridge", "Brakenridge"}, {"Thistledown", "Thistledowne"},
		{"Wrenfield", "Renfield"}, {"Wrenfield", "Wrenfeld"}, {"McBracken", "MacBracken"}, {"Sorrelby", "Sorelby"},
		{"Jon", "John"}, {"Katherine", "Catherine"}, {"Steven", "Stephen"}, {"Mohammed", "Muhammad"}, {"Isabel", "Isobel"}, {"Zoe", "Zoë"},
	} {
		if !all[pair[0]] || !all[pair[1]] {
			t.Errorf("missing %s or %s", pair[0], pair[1])
			continue
		}
		a, b := kith.NameTokens(pair[0])[0], kith.NameTokens(pair[1])[0]
		if kith.SoundKey(a) != kith.SoundKey(b) && a != b && !strings.HasPrefix(b, a) {
			t.Logf("%s and %s sound different (%s, %s); search relies on a typing slip", pair[0], pair[1], kith.SoundKey(a), kith.SoundKey(b))
		}
	}
}

func TestNumbersAndPlacesAreFictional(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		if n := nhsNumber(r); !kith.ValidNHSNumber(n) || !strings.HasPrefix(n, "999") {
			t.Fatalf("NHS number %s", n)
		}
		for _, ph := range []string{mobile(r), landline(r)} {
			var v kith.Validation
			if kith.CheckPhone(&v, "number", ph, true); v.Err() != nil {
				t.Fatalf("phone %s: %v", ph, v.Err())
			}
			if !strings.HasPrefix(ph, "07700 900") && !strings.HasPrefix(ph, "01632 960") {
				t.Fatalf("%s is outside Ofcom's drama ranges", ph)
			}
		}
		a := address(r, r.IntN(len(towns)))
		in := kith.AddressInput{Line1: a.Line1, Line2: a.Line2, Town: a.Town, Postcode: a.Postcode}
		if err := in.Validate(kith.Date{Year: 2026, Month: 1, Day: 1}); err != nil || in.Postcode != a.Postcode || !strings.HasPrefix(a.Postcode, "QX") {
			t.Fatalf("address %+v: %v", a, err)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s, want %s", n, got, want)
		}
	}
}
