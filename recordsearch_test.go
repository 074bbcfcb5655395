package kith

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRecordQuery(t *testing.T) {
	tests := []struct {
		in   string
		want RecordQuery
	}{
		{"", RecordQuery{}},
		{"school  attendance", RecordQuery{Words: []string{"school", "attendance"}}},
		{`"home conditions" dog`, RecordQuery{Words: []string{"dog"}, Phrases: [][]string{{"home", "conditions"}}}},
		{`bedroom -dog`, RecordQuery{Words: []string{"bedroom"}, Exclude: []string{"dog"}}},
		{`bedroom -"cat urine"`, RecordQuery{Words: []string{"bedroom"}, Exclude: []string{"cat", "urine"}}},
		{`self-harm`, RecordQuery{Words: []string{"self", "harm"}}},
		{`"unclosed phrase here`, RecordQuery{Phrases: [][]string{{"unclosed", "phrase", "here"}}}},
		{`"one"`, RecordQuery{Words: []string{"one"}}},
		{`Amy's NEAR/3 (GP) OR *`, RecordQuery{Words: []string{"amy", "s", "near", "3", "gp", "or"}}},
		{`- lonely dash`, RecordQuery{Words: []string{"lonely", "dash"}}},
	}
	for _, tt := range tests {
		got, err := ParseRecordQuery(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if _, err := ParseRecordQuery(strings.Repeat("word ", 13)); err == nil {
		t.Error("13 words accepted")
	}
	if q, _ := ParseRecordQuery("-only"); !q.Empty() {
		t.Error("a query of exclusions alone is not empty")
	}
}

func FuzzParseRecordQuery(f *testing.F) {
	for _, s := range []string{`a "b c" -d`, `"`, `-"`, `--x`, `é "ß`, "\x00\"-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseRecordQuery(s)
		if err != nil {
			return
		}
		// Every term is a non-empty run of letters and digits: nothing an
		// engine's query syntax could read as an operator.
		for _, w := range append(q.Terms(), q.Exclude...) {
			if w == "" || len(tokens(w)) != 1 || tokens(w)[0] != w {
				t.Fatalf("%q gave term %q", s, w)
			}
		}
		// Parsing the rendered query gives the same query.
		again, err := ParseRecordQuery(q.String())
		if err != nil || !reflect.DeepEqual(again, q) {
			t.Fatalf("%q: round trip %+v -> %q -> %+v (%v)", s, q, q.String(), again, err)
		}
	})
}
