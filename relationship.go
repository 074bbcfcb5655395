package kith

// RelationshipKind is how someone is related to the child.
type RelationshipKind string

// The relationship kinds.
const (
	RelParent           RelationshipKind = "parent"
	RelStepParent       RelationshipKind = "step_parent"
	RelCarer            RelationshipKind = "carer"
	RelSibling          RelationshipKind = "sibling"
	RelGrandparent      RelationshipKind = "grandparent"
	RelOtherRelative    RelationshipKind = "other_relative"
	RelFriend           RelationshipKind = "friend"
	RelSignificantAdult RelationshipKind = "significant_adult"
)

// RelationshipKinds lists the kinds in form order.
var RelationshipKinds = []RelationshipKind{RelParent, RelStepParent, RelCarer, RelSibling, RelGrandparent, RelOtherRelative, RelFriend, RelSignificantAdult}

// Label is the kind as a form shows it.
func (k RelationshipKind) Label() string {
	switch k {
	case RelParent:
		return "Parent"
	case RelStepParent:
		return "Step-parent"
	case RelCarer:
		return "Carer"
	case RelSibling:
		return "Sibling"
	case RelGrandparent:
		return "Grandparent"
	case RelOtherRelative:
		return "Other relative"
	case RelFriend:
		return "Friend"
	case RelSignificantAdult:
		return "Significant adult"
	}
	return ""
}

// Answer is yes, no or not known: for facts a practitioner may not yet know,
// such as whether a parent has parental responsibility.
type Answer string

// The answers.
const (
	Yes      Answer = "yes"
	No       Answer = "no"
	NotKnown Answer = "not_known"
)

// Label is the answer as a form shows it.
func (a Answer) Label() string {
	switch a {
	case Yes:
		return "Yes"
	case No:
		return "No"
	case NotKnown:
		return "Not known"
	}
	return ""
}

// Relationship links someone to a child: how they are related, whether
// they live in the child's household and whether they hold parental
// responsibility. Significant adults who live elsewhere are part of the
// network too (seed 003 asks for them to be recorded).
type Relationship struct {
	ID                     string           `json:"id"`
	ChildID                string           `json:"child_id"`
	PersonID               string           `json:"person_id"`
	Kind                   RelationshipKind `json:"kind"`
	LivesWithChild         bool             `json:"lives_with_child"`
	ParentalResponsibility Answer           `json:"parental_responsibility"`
	Notes                  string           `json:"notes,omitempty"`
	StartedOn              Date             `json:"started_on,omitzero"`
	EndedOn                Date             `json:"ended_on,omitzero"`
	Version                int              `json:"version"`
}

// Current reports whether the relationship has not ended.
func (r Relationship) Current() bool { return r.EndedOn.IsZero() }

// NetworkMember is one person in a child's network, as the case page shows
// them.
type NetworkMember struct {
	Relationship Relationship `json:"relationship"`
	Person       Person       `json:"person"`
	// CaseReference is the person's own case, when they have one the
	// viewer may open (a sibling also known to the service).
	CaseReference string `json:"case_reference,omitempty"`
}

// RelationshipInput is what a practitioner types about how someone is
// related to the child.
type RelationshipInput struct {
	Kind                   RelationshipKind `json:"kind"`
	LivesWithChild         bool             `json:"lives_with_child"`
	ParentalResponsibility Answer           `json:"parental_responsibility"`
	Notes                  string           `json:"notes,omitempty"`
	StartedOn              Date             `json:"started_on,omitzero"`
	Version                int              `json:"version,omitempty"`
}

// Validate checks a relationship.
func (in *RelationshipInput) Validate(today Date) error {
	in.Notes = CleanMultiline(in.Notes)
	var v Validation
	if in.Kind.Label() == "" {
		v.Add("kind", "Select how they are related to the child")
	}
	if in.ParentalResponsibility == "" {
		in.ParentalResponsibility = NotKnown
	} else if in.ParentalResponsibility.Label() == "" {
		v.Add("parental_responsibility", "Select whether they have parental responsibility")
	}
	CheckLength(&v, "notes", "notes", in.Notes, MaxLongText)
	if in.StartedOn.After(today) {
		v.Add("started_on", "The start date must be today or in the past")
	}
	return v.Err()
}

// NewNetworkMemberInput adds someone to a child's network: either a new
// person (Person) or someone already recorded (ExistingPersonID).
type NewNetworkMemberInput struct {
	ExistingPersonID string            `json:"existing_person_id,omitempty"`
	Person           PersonInput       `json:"person"`
	Relationship     RelationshipInput `json:"relationship"`
}

// Validate checks a new network member.
func (in *NewNetworkMemberInput) Validate(today Date) error {
	var v Validation
	if in.ExistingPersonID == "" {
		_ = v.Merge("", in.Person.ValidateAdult(today))
	}
	_ = v.Merge("", in.Relationship.Validate(today))
	return v.Err()
}
