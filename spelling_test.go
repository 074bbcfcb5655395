package kith

import (
	"reflect"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"pancakes", "pancakes", 0},
		{"pankakes", "pancakes", 1}, // a letter replaced
		{"pancaeks", "pancakes", 1}, // two neighbours swapped
		{"pancake", "pancakes", 1},  // a letter missing
		{"pancakess", "pancakes", 1},
		{"pnakcaes", "pancakes", 3},
		{"café", "cafe", 1}, // letters, not bytes
		{"", "bed", 3},
		{"bedroom", "", 7},
		{"kitten", "sitting", 3},
	} {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := EditDistance(tc.b, tc.a); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestSpellingCandidates(t *testing.T) {
	vocab := []string{"pancakes", "pancake", "pane", "cakes", "pancreas", "bedroom", "bedrooms", "broom", "bed", "red", "toast", "boast", "roast", "school"}
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"pankakes", []string{"pancakes", "pancake"}},
		{"bedrom", []string{"bedroom", "bedrooms"}},
		{"toasf", []string{"toast"}},                  // five letters: one change only
		{"tost", []string{"toast"}},                   // boast and roast are two away
		{"bef", nil},                                  // three letters: never corrected
		{"school", nil},                               // itself is not a suggestion
		{"2026", nil},                                 // numbers are not corrected
		{"xyzzyq", nil},                               // nothing near
		{"pancakez", []string{"pancake", "pancakes"}}, // nearest first, then the alphabet
	} {
		if got := SpellingCandidates(tc.word, vocab); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SpellingCandidates(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestBestSpelling(t *testing.T) {
	for _, tc := range []struct {
		name   string
		word   string
		found  int
		cands  []SpellingFound
		want   string
		wantOK bool
	}{
		{"the nearest that finds records", "pankakes", 0, []SpellingFound{{"pancake", 9}, {"pancakes", 2}}, "pancakes", true},
		{"a candidate the reader finds nothing with is never offered", "pankakes", 0, []SpellingFound{{"pancakes", 0}, {"pancake", 0}}, "", false},
		{"the next nearest the reader can find", "pankakes", 0, []SpellingFound{{"pancakes", 0}, {"pancake", 4}}, "pancake", true},
		{"more records break a tie", "bedrom", 0, []SpellingFound{{"bedroom", 2}, {"bedrum", 5}}, "bedrum", true},
		{"then the alphabet", "bedrom", 0, []SpellingFound{{"bedroon", 2}, {"bedroom", 2}}, "bedroom", true},
		{"a word that finds enough is left alone", "bedrom", SpellingEnough, []SpellingFound{{"bedroom", 20}}, "", false},
		{"a word that finds a few gives way to one that finds many", "bedrom", 1, []SpellingFound{{"bedroom", 3}}, "bedroom", true},
		{"but not to one that finds about as many", "bedrom", 2, []SpellingFound{{"bedroom", 5}}, "", false},
		{"out of reach", "tost", 0, []SpellingFound{{"roast", 9}}, "", false},
		{"nothing to choose from", "pankakes", 0, nil, "", false},
	} {
		got, ok := BestSpelling(tc.word, tc.found, tc.cands)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: BestSpelling(%q, %d) = %q, %v; want %q, %v", tc.name, tc.word, tc.found, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestVocabularyWordsAndWithWord(t *testing.T) {
	got := VocabularyWords("Amy made PANCAKES; pancakes again on 3 May 2026, at 14 Ivy Lane.")
	want := []string{"made", "pancakes", "again", "lane"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VocabularyWords = %q, want %q", got, want)
	}
	q, _ := ParseRecordQuery(`pankakes "made pankakes" -syrup`)
	if s := q.WithWord("pankakes", "pancakes").String(); s != `pancakes "made pancakes" -syrup` {
		t.Errorf("WithWord = %s", s)
	}
}
