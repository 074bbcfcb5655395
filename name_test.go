package kith

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// TestNameTokens pins the search keys names make. People's stored keys
// were made by NameTokens, so a change to its output would stop existing
// people being found: these outputs must never change.
func TestNameTokens(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"Jonathan Smyth", []string{"jonathan", "smyth"}},
		{"Katherine O'Brien", []string{"katherine", "obrien"}},
		{"Siobhan O’Brien", []string{"siobhan", "obrien"}},
		{"Zoë Ashworth-Hale", []string{"zoe", "ashworth", "hale"}},
		{"José", []string{"jose"}},
		{"Siân Llŷr", []string{"sian", "llyr"}},
		{"Łukasz Wójcik", []string{"łukasz", "wojcik"}}, // Ł has no accent to take off
		{"Nguyễn Thị Ngọc", []string{"nguyen", "thi", "ngoc"}},
		{"Zoe\u0308 Ame\u0301lie", []string{"zoe", "amelie"}}, // accents typed as combining marks
		{"Søren Åberg", []string{"søren", "aberg"}},
		{"Ærin Straße", []string{"ærin", "straße"}},
		{"Çağlar Öztürk", []string{"caglar", "ozturk"}},
		{"Dvořák", []string{"dvorak"}},
		{"ÉLODIE", []string{"elodie"}},
		{"Björn-Ólafur", []string{"bjorn", "olafur"}},
		{"St. John", []string{"st", "john"}},
		{"Мария Иванова", []string{"мария", "иванова"}},
		{"Йосиф", []string{"иосиф"}}, // й is и with a breve, as it always was
		{"Ελένη", []string{"ελενη"}},
		{"محمد", []string{"محمد"}},
		{"  ", nil},
		{"R2-D2", []string{"r", "d"}},
	} {
		if got := NameTokens(tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("NameTokens(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestNameTokensConcurrently folds accented names on many goroutines at
// once, as concurrent searches do (run with -race).
func TestNameTokensConcurrently(t *testing.T) {
	names := map[string]string{"Zoë": "zoe", "José": "jose", "Siân": "sian", "Ngọc": "ngoc", "Ámélie": "amelie", "Dvořák": "dvorak"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				for name, want := range names {
					if got := NameTokens(name); len(got) != 1 || got[0] != want {
						t.Errorf("NameTokens(%q) = %q, want [%s]", name, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestFoldAccentsAsBefore checks the stateless folding against the chain
// of transformers stored keys were made with (made afresh for each name),
// on names of letters from many alphabets with accents on top.
func TestFoldAccentsAsBefore(t *testing.T) {
	letters := []rune("aeiouyAEIOUYcnszlrgdtkLŁøØæßıİĳŉſǅ" + "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćčďđēėęěğģīįķļľńņňōőœŕřśşšţťūůűųźżžơưǎǐǒǔ" +
		"ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" + "ΆΈάέήίόύώϊϋΐΰ" + "ёйЁЙїЇ" + "가각힣" + "\u0300\u0301\u0302\u0303\u0308\u030a\u030c\u0323\u0327\u0328\u031b" + " -'.’")
	chain := func(s string) string {
		out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		name := make([]rune, 1+r.IntN(24))
		for k := range name {
			name[k] = letters[r.IntN(len(letters))]
		}
		s := string(name)
		if got, want := foldAccents(s), chain(s); got != want {
			t.Fatalf("foldAccents(%q) = %q, the chain made %q", s, got, want)
		}
	}
}
