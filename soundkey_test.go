package kith

import "testing"

func TestSoundKeyMatchesNamesSaidAlike(t *testing.T) {
	alike := [][]string{
		{"smith", "smyth"},
		{"jon", "john"},
		{"catherine", "katherine", "kathryn"},
		{"steven", "stephen"},
		{"mohammed", "muhammad", "mohamed"},
		{"isabel", "isobel", "izabel"},
		{"macdonald", "mcdonald"},
		{"philip", "phillip", "filip"},
		{"sophie", "sofie"},
		{"leigh", "lee"},
		{"zoe", "zoey"},
		{"aisha", "ayesha"},
		{"thompson", "thomson"},
		{"jackson", "jaxon"},
		{"gemma", "jemma"},
	}
	for _, group := range alike {
		want := SoundKey(group[0])
		for _, name := range group[1:] {
			if got := SoundKey(name); got != want {
				t.Errorf("SoundKey(%q) = %q, want %q (as for %q)", name, got, want, group[0])
			}
		}
	}
}

func TestSoundKeyKeepsDifferentNamesApart(t *testing.T) {
	// A phonetic key is a net for candidates, not a verdict: "jon" and "jan"
	// share one, and ranking by spelling distance sorts them afterwards. These
	// pairs must not share one.
	for _, p := range [][2]string{{"smith", "jones"}, {"mark", "max"}, {"ali", "amy"}, {"owen", "evan"}, {"ruby", "rory"}} {
		if a, b := SoundKey(p[0]), SoundKey(p[1]); a == b {
			t.Errorf("SoundKey(%q) = SoundKey(%q) = %q, want different keys", p[0], p[1], a)
		}
	}
}

func TestSoundKeyEdgeCases(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"a", "A"},
		{"eve", "AF"},
		{"hh", "A"},
		{"obrien", "ABRN"},
		{"ng", "NK"},
		{"łukasz", "łKS"},
	} {
		if got := SoundKey(tc.in); got != tc.want {
			t.Errorf("SoundKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
