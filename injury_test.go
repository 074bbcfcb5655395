package kith

import (
	"slices"
	"strings"
	"testing"
)

func TestInjuryMentions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Amy had a bruise on her left cheek. She said she fell off the slide.", []string{"Amy had a bruise on her left cheek"}},
		{"I saw bruising to Jay's upper arm, like fingertip marks", []string{"I saw bruising to Jay's upper arm, like fingertip marks"}},
		{"Mum said Ben burnt his hand on the oven; there is a burn mark on his palm.", []string{"Mum said Ben burnt his hand on the oven", "there is a burn mark on his palm"}},
		{"The hospital confirmed a fractured wrist.", []string{"The hospital confirmed a fractured wrist"}},
		{"Kai was injured at school (a graze to his knee).", []string{"Kai was injured at school", "a graze to his knee"}},
		{"She has a black eye and a cut to her lip.", []string{"She has a black eye and a cut to her lip"}},
		// Said not to be there.
		{"No bruises or marks were seen.", nil},
		{"I checked Amy's arms for bruises, none seen.", nil},
		{"There were no injuries.", nil},
		{"Amy was not injured in the fall.", nil},
		{"The boys played without injury.", nil},
		// Everyday words that are not injuries.
		{"Mum cut the sandwiches. We marked the calendar. They started from scratch.", nil},
		{"Dad's benefits were cut in May; the heating bill was a burning worry.", nil},
		{"Home visit; Amy seen alone in her bedroom.", nil},
		{"", nil},
	} {
		if got := InjuryMentions(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("InjuryMentions(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestInjuryPrompt(t *testing.T) {
	visit := &Template{Key: "home-visit", Sections: []Section{{Key: "observations", Label: "Observations", Kind: SectionText}}}
	summary := &Template{Key: "case-summary", Summary: true, Sections: visit.Sections}
	bruise := RecordContent{"observations": {Text: "A bruise on Amy's cheek."}}
	long := RecordContent{"observations": {Text: "There was a bruise " + strings.Repeat("on the arm ", 20)}}
	for _, tc := range []struct {
		name  string
		t     *Template
		in    RecordInput
		quote string
		ok    bool
	}{
		{"a bruise, not ticked", visit, RecordInput{Content: bruise}, "A bruise on Amy's cheek", true},
		{"in the headline", visit, RecordInput{Headline: "Call about a black eye", Content: RecordContent{}}, "Call about a black eye", true},
		{"ticked", visit, RecordInput{Content: bruise, RiskIdentified: true}, "", false},
		{"a summary", summary, RecordInput{Content: bruise}, "", false},
		{"no injury", visit, RecordInput{Content: RecordContent{"observations": {Text: "No bruises seen."}}}, "", false},
		{"cut to 80", visit, RecordInput{Content: long}, string([]rune("There was a bruise " + strings.Repeat("on the arm ", 20))[:79]) + "…", true},
	} {
		if quote, ok := InjuryPrompt(tc.t, tc.in); quote != tc.quote || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.name, quote, ok, tc.quote, tc.ok)
		}
	}
}
