package kith

import "sort"

// The household view shows the children of one family together: a child
// and their brothers and sisters, and the adults they share. Which child
// shows what is storage's to decide (a sibling whose case the reader may
// not open shows only what the child's network already shows); which
// adults count as shared is this rule.

// HouseholdChild is one of the children: the case's child, or a brother
// or sister in their network. Case is set only when the reader may open
// the child's case; without it the page shows no more of them than the
// network does (their name, age and whether they live with the child),
// whether they have a case or not.
type HouseholdChild struct {
	Person Person
	// Relationship is the sibling's place in the child's network; nil for
	// the child whose household it is.
	Relationship *Relationship
	Case         *Case
}

// Household is a child, their siblings and the adults they share.
type Household struct {
	Children []HouseholdChild
	Adults   []SharedAdult
}

// SharedAdult is a parent or carer of more than one of the children, with
// how they are related to each.
type SharedAdult struct {
	Person Person
	Links  []HouseholdLink
}

// HouseholdLink is how a shared adult is related to one child.
type HouseholdLink struct {
	ChildID   string
	ChildName string
	Kind      RelationshipKind
	// LivesWithChild and ParentalResponsibility are as the child's network
	// records them.
	LivesWithChild         bool
	ParentalResponsibility Answer
}

// caringKinds are the relationships that make an adult one the children
// share: those who parent or care for them.
var caringKinds = map[RelationshipKind]bool{RelParent: true, RelStepParent: true, RelCarer: true}

// FamilyNetwork is one child's current network, as far as the reader may
// read it, for SharedAdults.
type FamilyNetwork struct {
	ChildID   string
	ChildName string
	Network   []Relationship
}

// SharedAdults finds the people who parent or care for (parent,
// step-parent, carer; a current relationship) more than one of the
// children, given each child's network. The adults come in order of how
// many of the children they are linked to, then of the order they were
// first met in; each one's links follow the children's order. Only the
// networks given are read: a caller leaves out the network of a child
// whose case the reader may not open.
func SharedAdults(networks []FamilyNetwork) []SharedAdult {
	links := map[string][]HouseholdLink{}
	var order []string
	for _, n := range networks {
		seen := map[string]bool{}
		for _, r := range n.Network {
			if !r.Current() || !caringKinds[r.Kind] || seen[r.PersonID] {
				continue
			}
			seen[r.PersonID] = true
			if _, ok := links[r.PersonID]; !ok {
				order = append(order, r.PersonID)
			}
			links[r.PersonID] = append(links[r.PersonID], HouseholdLink{ChildID: n.ChildID, ChildName: n.ChildName, Kind: r.Kind,
				LivesWithChild: r.LivesWithChild, ParentalResponsibility: r.ParentalResponsibility})
		}
	}
	var out []SharedAdult
	for _, id := range order {
		if len(links[id]) > 1 {
			out = append(out, SharedAdult{Person: Person{ID: id}, Links: links[id]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Links) > len(out[j].Links) })
	return out
}
