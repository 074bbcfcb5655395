package quality

import (
	"bytes"
	"testing"
)

// The list `make assets` writes is the dictionary's expansion: a list
// left from an older dictionary or an older expansion fails here.
func TestWordListIsTheDictionaryExpanded(t *testing.T) {
	requireSpeller(t)
	list, err := dictFS.ReadFile("dict/en_GB.words")
	if err != nil {
		t.Fatal("dict/en_GB.words is missing: run make assets")
	}
	aff, _ := dictFS.ReadFile("dict/en_GB.aff")
	dic, _ := dictFS.ReadFile("dict/en_GB.dic")
	if want := WordList(ExpandDictionary(aff, dic)); !bytes.Equal(list, want) {
		t.Errorf("dict/en_GB.words has %d bytes, the dictionary expands to %d: run make assets", len(list), len(want))
	}
}

// A one-off check (kith quality check) makes its speller from the embedded
// list as it is: no set of 150,000 words is built before the first word
// is read.
func TestBritishSpellerIsMadeWithoutBuildingASet(t *testing.T) {
	requireSpeller(t)
	allocs := testing.AllocsPerRun(3, func() {
		if NewBritishSpeller() == nil {
			t.Fatal("no speller")
		}
	})
	if allocs > 10 {
		t.Errorf("making the speller took %.0f allocations: it should use the embedded list as it is", allocs)
	}
}

func TestSpellerLooksUpEveryWordOfItsList(t *testing.T) {
	s := &Speller{list: WordList([]string{"Zebra", "apple", "mango", "banana", "apple", "kith", "kit"})}
	for _, w := range []string{"apple", "banana", "kith", "mango", "zebra"} {
		if !s.has(w) {
			t.Errorf("%q not found", w)
		}
	}
	for _, w := range []string{"", "a", "appl", "apples", "zebras", "aardvark", "zz", "lemon"} {
		if s.has(w) {
			t.Errorf("%q found, though not in the list", w)
		}
	}
	if s.Size() != 6 {
		t.Errorf("size %d, want 6", s.Size())
	}
	if !s.Known("Apple's") || !s.Known("mango-banana") || s.Known("mango-lemon") {
		t.Error("Known does not read possessives and hyphenated words from the list")
	}
	if !s.Known("unmango") || !s.Known("nonbanana") || s.Known("unkit") || s.Known("xxmango") {
		t.Error("a known word with a common prefix should be known, and only that")
	}
	if got := s.Suggest("mnago"); len(got) == 0 || got[0] != "mango" {
		t.Errorf("Suggest(mnago) = %v", got)
	}
}

// Looking a word up copies nothing: the coach looks up every word of every
// note, and an unknown word's suggestions take 1,600 lookups.
func TestLookingUpAWordAllocatesNothing(t *testing.T) {
	s := &Speller{list: WordList([]string{"apple", "banana", "kitchen", "mango"})}
	if n := testing.AllocsPerRun(100, func() { s.has("kitchen"); s.has("kitchne") }); n != 0 {
		t.Errorf("a lookup made %.0f allocations", n)
	}
}
