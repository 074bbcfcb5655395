package quality

import (
	"strings"

	"github.com/cespare/xxhash/v2"
)

// Copy-paste detection (reference: text-quality.md §5). Two kinds of print
// are taken from each part of a record:
//
//   - a hash of every sentence of 12 words or more, which finds a sentence
//     copied whole;
//   - winnowing fingerprints of word 5-grams (Schleimer, Wilkerson and
//     Aiken 2003): of every window of 4 consecutive 5-gram hashes, the
//     smallest is kept. Any run of 8 or more words shared by two texts
//     shares at least one fingerprint, and a pasted passage shares a run
//     of them, wherever it sits in the note.
//
// Words are normalised before hashing (lower case; numbers, he/she/his/
// her and capitalised names masked), so that a passage copied from
// another child's record and changed only in its names and pronouns
// still matches.
const (
	gramWords    = 5
	window       = 4
	sentenceMin  = 12
	sentenceSeed = "sentence\x00"
)

// A Print is one hash of a part's text and the words it covers.
type Print struct {
	Hash uint64
	Part string
	// Seq orders a part's fingerprints: adjacent fingerprints of a
	// pasted passage have adjacent Seq.
	Seq        int
	Start, End int
	Sentence   bool
}

var maskedPronouns = wordSet(`he she his her him hers they them their theirs himself herself themselves`)

// normalWords returns the words of a text as hashed: masked where the
// name, pronoun or a number may differ between copies.
func normalWords(t *Text) []string {
	out := make([]string, len(t.Words))
	for i, w := range t.Words {
		l := strings.TrimSuffix(w.Lower, "'s")
		switch {
		case hasDigit(l):
			out[i] = "#"
		case maskedPronouns[l]:
			out[i] = "@p"
		case w.Capitalised() && !notNames[l]:
			out[i] = "@name" // a name changed in a copy still matches
		default:
			out[i] = w.Lower
		}
	}
	return out
}

// Prints returns the sentence hashes and winnowing fingerprints of every
// part of the note, for indexing a final record or checking a draft.
func Prints(n Note) []Print {
	var out []Print
	for _, p := range n.Parts {
		out = append(out, PartPrints(p.Key, Split(p.Text))...)
	}
	return out
}

// PartPrints returns the prints of one part's split text.
func PartPrints(key string, t *Text) []Print {
	words := normalWords(t)
	var out []Print
	var b strings.Builder
	wordIndex := map[int]int{}
	for i, w := range t.Words {
		wordIndex[w.Start] = i
	}
	for _, s := range t.Sentences {
		if len(s.Words) < sentenceMin {
			continue
		}
		b.Reset()
		b.WriteString(sentenceSeed)
		first := wordIndex[s.Words[0].Start]
		for i := range s.Words {
			b.WriteString(words[first+i])
			b.WriteByte(' ')
		}
		out = append(out, Print{Hash: xxhash.Sum64String(b.String()), Part: key, Seq: -1, Start: s.Words[0].Start,
			End: s.Words[len(s.Words)-1].End, Sentence: true})
	}
	if len(words) < gramWords {
		return out
	}
	grams := make([]uint64, len(words)-gramWords+1)
	for i := range grams {
		b.Reset()
		for j := 0; j < gramWords; j++ {
			b.WriteString(words[i+j])
			b.WriteByte(' ')
		}
		grams[i] = xxhash.Sum64String(b.String())
	}
	// Robust winnowing: in each window keep the rightmost smallest hash,
	// and record it once however many windows choose it.
	last := -1
	seq := 0
	w := min(window, len(grams))
	for start := 0; start+w <= len(grams); start++ {
		best := start
		for i := start; i < start+w; i++ {
			if grams[i] <= grams[best] {
				best = i
			}
		}
		if best != last {
			out = append(out, Print{Hash: grams[best], Part: key, Seq: seq, Start: t.Words[best].Start,
				End: t.Words[best+gramWords-1].End})
			seq++
			last = best
		}
	}
	return out
}
