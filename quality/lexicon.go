package quality

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"sync"
)

// The words people use to judge and to name feelings come from VADER's
// sentiment lexicon (Hutto and Gilbert, 2014; MIT licence, shipped in the
// npm package vader-sentiment, Apache-2.0): 7,500 words rated by ten
// people each from -4 (extremely negative) to +4. `make assets` copies
// it into dict/; without it the judgement rule uses Kith's own list only.

// evaluativeMin is the smallest rating, either way, that makes a word a
// judgement when it describes a person: "angry" (-2.3), "nervous" (-1.1)
// and "happy" (2.7) are in; "aggressive" (-0.6) and "ok" (0.9) are not on
// the strength of the rating alone.
const evaluativeMin = 1.0

var (
	evaluativeOnce sync.Once
	evaluative     map[string]bool
)

// evaluativeWords returns the lexicon's strongly rated single words, read
// once on first use so that a command that never checks pays nothing.
func evaluativeWords() map[string]bool {
	evaluativeOnce.Do(func() {
		evaluative = map[string]bool{}
		if b, err := dictFS.ReadFile("dict/vader_lexicon.txt"); err == nil {
			for word, rating := range vaderRatings(b) {
				if rating >= evaluativeMin || rating <= -evaluativeMin {
					evaluative[word] = true
				}
			}
		}
	})
	return evaluative
}

// vaderRatings reads VADER's lexicon (word, tab, mean rating, …) for its
// words of letters only (not emoticons or phrases).
func vaderRatings(b []byte) map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		word, rest, ok := strings.Cut(sc.Text(), "\t")
		if !ok || !lettersOnly(word) {
			continue
		}
		mean, _, _ := strings.Cut(rest, "\t")
		if v, err := strconv.ParseFloat(mean, 64); err == nil {
			out[word] = v
		}
	}
	return out
}

func lettersOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}
