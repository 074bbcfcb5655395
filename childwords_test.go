package kith

import (
	"slices"
	"testing"
)

func TestChildsWords(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
	}{
		{"the child's words", "Amy said: “I like my teacher. She is kind.”", "Amy said: “I like my teacher. She is kind.”"},
		{"her mother's words", "Wendy said Amy has been teething and unsettled.", ""},
		{"a toddler described, not quoted", "Amy is too young to say what she thinks. Amy smiled, babbled and reached for Wendy when I came in.", ""},
		{"a first word", "Amy said “Mummy” and “car” and showed me her toy bus.", "Amy said “Mummy” and “car” and showed me her toy bus."},
		{"the mother's words then the child's", "Wendy said mornings are hard. Amy said she likes school.", "Amy said she likes school."},
		{"by the name the child is known by", "Bobby said he wants to see his dad more.", "Bobby said he wants to see his dad more."},
		{"as she", "She told me she feels safe at home.", "She told me she feels safe at home."},
		{"the worker's words", "I told Amy I would come back on Friday.", ""},
		{"a quotation on its own", "“Can I go and play now?”", "“Can I go and play now?”"},
		{"nothing", "", ""},
		{"a line each", "Wendy said it was a good week.\nAmy said “yes”.", "Amy said “yes”."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChildsWords(tt.text, "Amy", "Bobby"); got != tt.want {
				t.Errorf("ChildsWords(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("Amy said: “I like it. She is kind.” Then she left! Did she? Yes\nNew line.")
	want := []string{"Amy said: “I like it. She is kind.”", "Then she left!", "Did she?", "Yes", "New line."}
	if !slices.Equal(got, want) {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}
