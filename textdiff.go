package kith

import (
	"regexp"
	"strings"
)

// DiffKind says whether a run of words was kept, taken out or put in
// between two versions of a text.
type DiffKind int

// The kinds of run in a diff.
const (
	DiffSame DiffKind = iota
	DiffRemoved
	DiffAdded
)

// DiffSpan is a run of text that one version has and the other may not.
type DiffSpan struct {
	Kind DiffKind
	Text string
}

// A token is a word with the spaces after it (or the spaces a text starts
// with), so that a changed passage reads as one change, not word by word.
var diffTokens = regexp.MustCompile(`^\s+|\S+\s*`)

// diffCells bounds the work of comparing two texts word by word: past it,
// the changed middle of the texts is shown as taken out and put in whole,
// which is still right, only coarser.
const diffCells = 4_000_000

// DiffWords compares two versions of a text word by word, so a reader can
// see what changed between a saved version of a draft and the text now:
// the words kept, taken out and put in, in order. Joining the spans that
// are not DiffAdded gives the old text; those not DiffRemoved, the new.
func DiffWords(old, new string) []DiffSpan {
	a, b := diffTokens.FindAllString(old, -1), diffTokens.FindAllString(new, -1)
	// The same start and end need no comparing.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []DiffSpan
	add := func(kind DiffKind, text string) {
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == kind {
			out[n-1].Text += text
			return
		}
		out = append(out, DiffSpan{Kind: kind, Text: text})
	}
	add(DiffSame, strings.Join(a[:pre], ""))
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > diffCells {
		add(DiffRemoved, strings.Join(ma, ""))
		add(DiffAdded, strings.Join(mb, ""))
	} else {
		// Between words kept, everything taken out reads first, then
		// everything put in.
		var removed, added strings.Builder
		flush := func() {
			add(DiffRemoved, removed.String())
			add(DiffAdded, added.String())
			removed.Reset()
			added.Reset()
		}
		for _, s := range lcsDiff(ma, mb) {
			switch s.Kind {
			case DiffRemoved:
				removed.WriteString(s.Text)
			case DiffAdded:
				added.WriteString(s.Text)
			default:
				flush()
				add(DiffSame, s.Text)
			}
		}
		flush()
	}
	add(DiffSame, strings.Join(a[len(a)-suf:], ""))
	return out
}

// lcsDiff is the classic longest-common-subsequence diff of two token
// lists, taking out before putting in where both happen at one place.
func lcsDiff(a, b []string) []DiffSpan {
	n, m := len(a), len(b)
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:], in one flat slice.
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return lcs[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*(m+1)+j] = at(i+1, j+1) + 1
			} else {
				lcs[i*(m+1)+j] = max(at(i+1, j), at(i, j+1))
			}
		}
	}
	var out []DiffSpan
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, DiffSpan{DiffSame, a[i]})
			i, j = i+1, j+1
		case j == m || (i < n && at(i+1, j) >= at(i, j+1)):
			out = append(out, DiffSpan{DiffRemoved, a[i]})
			i++
		default:
			out = append(out, DiffSpan{DiffAdded, b[j]})
			j++
		}
	}
	return out
}
