// Command wordlist expands SCOWL's Hunspell dictionary into the sorted
// word list the writing coach embeds (quality/dict/en_GB.words), so Kith
// does not expand 50,000 stems each time it starts. `make assets` runs it.
//
//	wordlist en_GB.aff en_GB.dic en_GB.words
package main

import (
	"fmt"
	"os"

	"kith/quality"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: wordlist AFF DIC OUT")
		os.Exit(2)
	}
	aff, err := os.ReadFile(os.Args[1])
	check(err)
	dic, err := os.ReadFile(os.Args[2])
	check(err)
	list := quality.WordList(quality.ExpandDictionary(aff, dic))
	// Written beside and renamed, so a stopped build leaves no half list.
	tmp := os.Args[3] + ".tmp"
	check(os.WriteFile(tmp, list, 0o644))
	check(os.Rename(tmp, os.Args[3]))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "wordlist:", err)
		os.Exit(1)
	}
}
