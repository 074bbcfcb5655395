package kith

import (
	"reflect"
	"testing"
)

func TestSharedAdults(t *testing.T) {
	rel := func(person string, kind RelationshipKind, lives bool) Relationship {
		return Relationship{PersonID: person, Kind: kind, LivesWithChild: lives, ParentalResponsibility: Yes}
	}
	ended := rel("dad", RelParent, false)
	ended.EndedOn = Date{Year: 2025, Month: 1, Day: 1}
	amy := FamilyNetwork{ChildID: "amy", ChildName: "Amy", Network: []Relationship{
		rel("mum", RelParent, true), rel("dad", RelParent, false), rel("gran", RelGrandparent, false), rel("ben", RelSibling, true), rel("sue", RelCarer, true)}}
	ben := FamilyNetwork{ChildID: "ben", ChildName: "Ben", Network: []Relationship{
		rel("mum", RelParent, true), rel("gran", RelGrandparent, false), rel("amy", RelSibling, true), rel("tom", RelStepParent, true), rel("sue", RelCarer, false)}}
	cal := FamilyNetwork{ChildID: "cal", ChildName: "Cal", Network: []Relationship{
		rel("tom", RelStepParent, true), rel("mum", RelParent, true), ended}}
	who := func(as []SharedAdult) [][]string {
		var out [][]string
		for _, a := range as {
			row := []string{a.Person.ID}
			for _, l := range a.Links {
				row = append(row, l.ChildName+":"+string(l.Kind))
			}
			out = append(out, row)
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		networks []FamilyNetwork
		want     [][]string
	}{
		{"one child shares no one", []FamilyNetwork{amy}, nil},
		{"parents and carers of two children; not a grandparent, not a sibling", []FamilyNetwork{amy, ben},
			[][]string{{"mum", "Amy:parent", "Ben:parent"}, {"sue", "Amy:carer", "Ben:carer"}}},
		{"most children first; an ended relationship does not count", []FamilyNetwork{amy, ben, cal},
			[][]string{{"mum", "Amy:parent", "Ben:parent", "Cal:parent"}, {"sue", "Amy:carer", "Ben:carer"}, {"tom", "Ben:step_parent", "Cal:step_parent"}}},
		{"a network left out is not read", []FamilyNetwork{amy, cal},
			[][]string{{"mum", "Amy:parent", "Cal:parent"}}},
		{"no networks", nil, nil},
	} {
		if got := who(SharedAdults(tc.networks)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: SharedAdults = %v, want %v", tc.name, got, tc.want)
		}
	}
}
