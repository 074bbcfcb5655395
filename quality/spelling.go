package quality

import (
	"bufio"
	"bytes"
	"embed"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/misspell"
)

// The British English word list is SCOWL's en_GB-ise Hunspell dictionary
// (npm dictionary-en-gb, MIT and BSD licences; see dict/README.md). It is
// not committed: `make assets` copies it from npm into dict/, and the
// binary embeds it. Without it the coach still runs, without the
// unknown-word rule, and says so in the server log.
//
//go:embed dict
var dictFS embed.FS

// A Speller knows the words of British English. The words are one sorted
// list of lower-case lines, looked up by binary search: a list written by
// `make assets` (dict/en_GB.words) is used as embedded, so a one-off
// `kith quality check` starts without building a set of 150,000 words.
type Speller struct {
	list []byte // sorted, lower case, one word per line, each ending "\n"
}

var (
	spellerOnce sync.Once
	speller     *Speller
)

// BritishSpeller returns the speller of the embedded word list, made once
// per process, or nil when the dictionary was not built into the binary.
func BritishSpeller() *Speller {
	spellerOnce.Do(func() { speller = NewBritishSpeller() })
	return speller
}

// NewBritishSpeller makes a speller from the embedded word list every time
// it is called (BritishSpeller shares one). Without the expanded list it
// expands the Hunspell dictionary itself, which takes a quarter of a
// second; without either it returns nil.
func NewBritishSpeller() *Speller {
	if list, err := dictFS.ReadFile("dict/en_GB.words"); err == nil && len(list) > 0 {
		return &Speller{list: list}
	}
	aff, err1 := dictFS.ReadFile("dict/en_GB.aff")
	dic, err2 := dictFS.ReadFile("dict/en_GB.dic")
	if err1 != nil || err2 != nil {
		return nil
	}
	return NewSpeller(aff, dic)
}

// NewSpeller makes a speller of a Hunspell dictionary's words (see
// ExpandDictionary).
func NewSpeller(aff, dic []byte) *Speller {
	return &Speller{list: WordList(ExpandDictionary(aff, dic))}
}

// WordList writes words as the speller reads them: lower case, sorted,
// without repeats, one per line.
func WordList(words []string) []byte {
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	slices.Sort(lower)
	lower = slices.Compact(lower)
	var b bytes.Buffer
	for _, w := range lower {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// has reports whether w (lower case) is a line of the sorted list.
func (s *Speller) has(w string) bool {
	lo, hi := 0, len(s.list)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := lo
		if i := bytes.LastIndexByte(s.list[lo:mid], '\n'); i >= 0 {
			start = lo + i + 1
		}
		end := hi
		if i := bytes.IndexByte(s.list[mid:hi], '\n'); i >= 0 {
			end = mid + i
		}
		switch c := compareLine(s.list[start:end], w); {
		case c == 0:
			return true
		case c < 0:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}

// affix is one rule of a Hunspell affix class: strip these letters, add
// those, where the word matches the condition.
type affix struct {
	strip, add string
	cond       *regexp.Regexp
}

type affixClass struct {
	prefix bool
	cross  bool
	rules  []affix
}

// ExpandDictionary expands a Hunspell dictionary with simple affix rules
// (the kind SCOWL's English dictionaries use: prefixes and suffixes, one
// letter per flag, no compounding) into its words.
func ExpandDictionary(aff, dic []byte) []string {
	classes := map[byte]*affixClass{}
	sc := bufio.NewScanner(bytes.NewReader(aff))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || (f[0] != "PFX" && f[0] != "SFX") || len(f[1]) != 1 {
			continue
		}
		flag := f[1][0]
		if len(f) == 4 { // the class header: PFX A Y 1
			classes[flag] = &affixClass{prefix: f[0] == "PFX", cross: f[2] == "Y"}
			continue
		}
		cl := classes[flag]
		if cl == nil {
			continue
		}
		a := affix{strip: zero(f[2]), add: strings.SplitN(zero(f[3]), "/", 2)[0]}
		if cond := f[4]; cond != "." {
			if cl.prefix {
				a.cond = regexp.MustCompile("^" + cond)
			} else {
				a.cond = regexp.MustCompile(cond + "$")
			}
		}
		cl.rules = append(cl.rules, a)
	}
	words := make([]string, 0, 200000)
	sc = bufio.NewScanner(bytes.NewReader(dic))
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			continue // the word count
		}
		word, flags, _ := strings.Cut(line, "/")
		if word == "" || hasDigit(word) {
			continue
		}
		words = append(words, word)
		var prefixed []string
		for i := 0; i < len(flags); i++ {
			cl := classes[flags[i]]
			if cl == nil || !cl.prefix {
				continue
			}
			for _, a := range cl.rules {
				if w, ok := a.apply(word, true); ok {
					words = append(words, w)
					if cl.cross {
						prefixed = append(prefixed, w)
					}
				}
			}
		}
		for i := 0; i < len(flags); i++ {
			cl := classes[flags[i]]
			if cl == nil || cl.prefix {
				continue
			}
			for _, a := range cl.rules {
				if w, ok := a.apply(word, false); ok {
					words = append(words, w)
				}
				if cl.cross {
					for _, p := range prefixed {
						if w, ok := a.apply(p, false); ok {
							words = append(words, w)
						}
					}
				}
			}
		}
	}
	return words
}

func zero(s string) string {
	if s == "0" {
		return ""
	}
	return s
}

func (a affix) apply(word string, prefix bool) (string, bool) {
	if a.cond != nil && !a.cond.MatchString(word) {
		return "", false
	}
	if prefix {
		if !strings.HasPrefix(word, a.strip) {
			return "", false
		}
		return a.add + word[len(a.strip):], true
	}
	if !strings.HasSuffix(word, a.strip) {
		return "", false
	}
	return word[:len(word)-len(a.strip)] + a.add, true
}

// Known reports whether the word (any case) is in the list. A possessive
// or plural form of a known word is known.
func (s *Speller) Known(w string) bool {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	if s.has(w) {
		return true
	}
	if base, ok := strings.CutSuffix(w, "'s"); ok && s.has(base) {
		return true
	}
	// "unbrushed", "nondistended", "overtired": a prefix the list does not
	// spell out for every word, on a word it knows.
	for _, pre := range knownPrefixes {
		if rest, ok := strings.CutPrefix(w, pre); ok && len(rest) >= 4 && s.has(rest) {
			return true
		}
	}
	if strings.Contains(w, "-") {
		for _, part := range strings.Split(w, "-") {
			if part != "" && !s.has(part) {
				return false
			}
		}
		return true
	}
	return false
}

var knownPrefixes = []string{"un", "non", "re", "pre", "over", "under", "mis", "semi", "self", "co"}

// compareLine compares a line of the list with a word, as strings.Compare
// would, without copying the line into a string.
func compareLine(line []byte, w string) int {
	n := min(len(line), len(w))
	for i := 0; i < n; i++ {
		if line[i] != w[i] {
			if line[i] < w[i] {
				return -1
			}
			return 1
		}
	}
	return len(line) - len(w)
}

// Suggest returns up to three known words one edit away from w.
func (s *Speller) Suggest(w string) []string {
	w = strings.ToLower(w)
	if len(w) > 30 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	try := func(c string) {
		if len(out) < 3 && !seen[c] && s.has(c) {
			seen[c] = true
			out = append(out, c)
		}
	}
	for i := 0; i+1 < len(w); i++ { // swapped letters: the commonest slip
		try(w[:i] + string(w[i+1]) + string(w[i]) + w[i+2:])
	}
	for i := 0; i < len(w); i++ {
		try(w[:i] + w[i+1:])
	}
	for i := 0; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			try(w[:i] + string(c) + w[i:])
			if i < len(w) {
				try(w[:i] + string(c) + w[i+1:])
			}
		}
	}
	return out
}

// Size is the number of words known.
func (s *Speller) Size() int { return bytes.Count(s.list, []byte{'\n'}) }

// misspellings are common slips (misspell's list, from Wikipedia's list
// of common misspellings; MIT) and american the US spellings with their
// British ones (misspell's DictBritish; MIT).
// They are made on first use, so that a kith command that never checks
// writing does not build them.
var misspellings, american = sync.OnceValue(func() map[string]string { return pairs(misspell.DictMain) }),
	sync.OnceValue(func() map[string]string { return pairs(misspell.DictBritish) })

func pairs(list []string) map[string]string {
	m := make(map[string]string, len(list)/2)
	for i := 0; i+1 < len(list); i += 2 {
		m[list[i]] = list[i+1]
	}
	return m
}

// matchCase writes fix with the capital of the word it replaces.
func matchCase(word, fix string) string {
	if word != "" && word[0] >= 'A' && word[0] <= 'Z' && fix != "" {
		return strings.ToUpper(fix[:1]) + fix[1:]
	}
	return fix
}

// spellable is a word worth looking up: letters only, not a name (a
// capital), not an acronym, not quoted.
func spellable(r *Rule, p *partRun, w Word) bool {
	// Words of more than 30 letters are not English words (the longest in
	// the list is shorter): a pasted code or a held-down key.
	if len(w.Lower) < 3 || len(w.Lower) > 30 || hasDigit(w.Lower) || strings.ContainsAny(w.Lower, "./@_") {
		return false
	}
	return r.Quotes || !p.text.Quoted(w.Start, w.End)
}

// spellingMisspelling: a word on the list of common misspellings.
func spellingMisspelling(c *checkRun, r *Rule, p *partRun) {
	for _, w := range p.text.Words {
		if fix, ok := misspellings()[w.Lower]; ok && spellable(r, p, w) {
			c.add(r, p, w.Start, w.End, []string{matchCase(w.Text, fix)})
		}
	}
}

// spellingUS: an American spelling, with the British one.
func spellingUS(c *checkRun, r *Rule, p *partRun) {
	for _, w := range p.text.Words {
		if fix, ok := american()[w.Lower]; ok && spellable(r, p, w) && !r.exceptions.set[w.Lower] {
			c.add(r, p, w.Start, w.End, []string{matchCase(w.Text, fix)})
		}
	}
}

// englishText reports whether most of a text's words are English: a note
// in Welsh, Polish or Arabic (a family's message, copied in as they wrote
// it) is not spell-checked word by word as though it were English.
func englishText(sp *Speller, t *Text) bool {
	known, words := 0, 0
	for _, w := range t.Words {
		if hasDigit(w.Lower) || len(w.Lower) < 2 {
			continue
		}
		words++
		if sp.Known(w.Lower) {
			known++
		}
	}
	return words < 4 || known*2 >= words
}

// spellingUnknown: a word the British word list does not know. Words with
// a capital are left alone: they are mostly names and places, which the
// names rules look after.
func spellingUnknown(c *checkRun, r *Rule, p *partRun) {
	sp := c.checker.speller
	if sp == nil || !englishText(sp, p.text) {
		return
	}
	for _, w := range p.text.Words {
		if w.Capitalised() || !spellable(r, p, w) || r.exceptions.set[w.Lower] {
			continue
		}
		if _, ok := misspellings()[w.Lower]; ok {
			continue
		}
		if _, ok := american()[w.Lower]; ok {
			continue
		}
		if sp.Known(w.Lower) {
			continue
		}
		c.add(r, p, w.Start, w.End, sp.Suggest(w.Lower))
	}
}
