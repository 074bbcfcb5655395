package kith

import (
	"strings"
	"testing"
)

func TestDiffWords(t *testing.T) {
	tests := []struct {
		old, new string
		want     string // [-taken out-] {+put in+}
	}{
		{"", "", ""},
		{"Amy was happy", "Amy was happy", "Amy was happy"},
		{"", "Amy said hello", "{+Amy said hello+}"},
		{"Amy said hello", "", "[-Amy said hello-]"},
		{"The home was in a state", "The home had 3 bags of rubbish by the door",
			"The home [-was in a state-]{+had 3 bags of rubbish by the door+}"},
		{"Mum was present. Amy was seen alone.", "Mum and Dad were present. Amy was seen alone.",
			"Mum [-was -]{+and Dad were +}present. Amy was seen alone."},
		{"Book GP ASAP", "Book GP by 8 1 2027", "Book GP [-ASAP-]{+by 8 1 2027+}"},
		{"line one\nline two", "line one\n\nline two", "line [-one\n-]{+one\n\n+}line two"},
		{"  indented", "indented", "[-  -]indented"},
	}
	for _, tt := range tests {
		spans := DiffWords(tt.old, tt.new)
		var got, old, new strings.Builder
		for _, s := range spans {
			switch s.Kind {
			case DiffSame:
				got.WriteString(s.Text)
				old.WriteString(s.Text)
				new.WriteString(s.Text)
			case DiffRemoved:
				got.WriteString("[-" + s.Text + "-]")
				old.WriteString(s.Text)
			case DiffAdded:
				got.WriteString("{+" + s.Text + "+}")
				new.WriteString(s.Text)
			}
		}
		if got.String() != tt.want {
			t.Errorf("DiffWords(%q, %q) = %q, want %q", tt.old, tt.new, got.String(), tt.want)
		}
		if old.String() != tt.old || new.String() != tt.new {
			t.Errorf("DiffWords(%q, %q) does not rebuild both texts: %q, %q", tt.old, tt.new, old.String(), new.String())
		}
	}
}

// Two long texts that differ throughout are compared coarsely, not slowly,
// and still rebuild both texts.
func TestDiffWordsLongTexts(t *testing.T) {
	old := strings.Repeat("alpha beta ", 3000)
	new := strings.Repeat("gamma delta ", 3000)
	var o, n strings.Builder
	for _, s := range DiffWords(old, new) {
		if s.Kind != DiffAdded {
			o.WriteString(s.Text)
		}
		if s.Kind != DiffRemoved {
			n.WriteString(s.Text)
		}
	}
	if o.String() != old || n.String() != new {
		t.Fatal("a coarse diff lost text")
	}
}
