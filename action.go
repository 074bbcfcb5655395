package kith

import (
	"strings"
	"time"
)

// ActionStatus is where an agreed action is: still to do, done, or no
// longer needed. Closed actions stay on the case with what happened.
type ActionStatus string

// The statuses of an action.
const (
	ActionOpen      ActionStatus = "open"
	ActionDone      ActionStatus = "done"
	ActionNotNeeded ActionStatus = "not_needed"
)

// ActionStatuses lists the statuses in form order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionDone, ActionNotNeeded}

// Valid reports whether s is a known status.
func (s ActionStatus) Valid() bool {
	return s == ActionOpen || s == ActionDone || s == ActionNotNeeded
}

// Label is the status in words.
func (s ActionStatus) Label() string {
	switch s {
	case ActionOpen:
		return "Open"
	case ActionDone:
		return "Done"
	case ActionNotNeeded:
		return "No longer needed"
	}
	return string(s)
}

// OwnerKind says who is responsible for an action or an objective: a
// worker, someone in the child's family network, a professional from
// another agency, or someone else typed in.
type OwnerKind string

// The kinds of owner.
const (
	OwnerWorker       OwnerKind = "worker"
	OwnerFamily       OwnerKind = "family"
	OwnerProfessional OwnerKind = "professional"
	OwnerOther        OwnerKind = "other"
)

// Valid reports whether k is a known kind of owner.
func (k OwnerKind) Valid() bool {
	return k == OwnerWorker || k == OwnerFamily || k == OwnerProfessional || k == OwnerOther
}

// An Owner is who is responsible for an action or objective. Name, Role and
// Agency are kept as they were when it was agreed, so the record reads the
// same later; ID points at the user, person or professional when known.
type Owner struct {
	Kind   OwnerKind `json:"kind"`
	ID     string    `json:"id,omitempty"`
	Name   string    `json:"name"`
	Role   string    `json:"role,omitempty"`   // "Mother", "GP", "Social worker"
	Agency string    `json:"agency,omitempty"` // for professionals and others
}

// Ref is how forms and record content point at a known owner:
// "worker:<id>", "family:<id>" or "professional:<id>".
func (o Owner) Ref() string {
	if o.ID == "" || o.Kind == OwnerOther {
		return ""
	}
	return string(o.Kind) + ":" + o.ID
}

// ParseOwnerRef reads an owner reference ("family:<id>") as forms post
// it; anything else is the zero Owner.
func ParseOwnerRef(ref string) Owner {
	kind, id, ok := strings.Cut(ref, ":")
	if !ok || id == "" || !OwnerKind(kind).Valid() || OwnerKind(kind) == OwnerOther {
		return Owner{}
	}
	return Owner{Kind: OwnerKind(kind), ID: id}
}

// Words names the owner in words a family can read: "Sarah Jones (Amy's
// mother)", "Dr Ruth Amos (GP, Riverside Surgery)", "Jo Bloggs (social
// worker)". childFirstName makes family relationships personal.
func (o Owner) Words(childFirstName string) string {
	var about []string
	role := strings.TrimSpace(o.Role)
	switch {
	case role == "":
	case o.Kind == OwnerFamily && childFirstName != "":
		about = append(about, childFirstName+"’s "+strings.ToLower(role))
	case o.Kind == OwnerWorker:
		about = append(about, strings.ToLower(role))
	default:
		about = append(about, role)
	}
	if o.Agency != "" {
		about = append(about, o.Agency)
	}
	if len(about) == 0 {
		return o.Name
	}
	return o.Name + " (" + strings.Join(about, ", ") + ")"
}

// CheckOwner checks that someone is named as responsible.
func CheckOwner(v *Validation, field, what string, o Owner) {
	if !o.Kind.Valid() || strings.TrimSpace(o.Name) == "" {
		v.Add(field, "Say who is responsible for "+what)
		return
	}
	CheckLength(v, field, "The name of who is responsible", o.Name, MaxShortText)
	CheckLength(v, field, "Their role", o.Role, MaxShortText)
	CheckLength(v, field, "Their agency", o.Agency, MaxShortText)
}

// vagueDue are the ways people write a due date that is not one. The
// guidance (seeds 001, 002) asks for actions with a real date.
var vagueDue = []string{"asap", "as soon as possible", "ongoing", "tbc", "tba", "to be confirmed", "to be arranged",
	"when possible", "soon", "next week", "in due course", "n/a", "none", "continuous"}

// ParseDue reads a typed due date. It accepts a date in any of the ways
// people type one ("8/1/2027", "8 January 2027") and refuses the words
// the guidance rules out with a message saying why.
func ParseDue(typed, what string, today Date) (Date, string) {
	s := strings.TrimSpace(typed)
	if s == "" {
		return Date{}, "Enter the date " + what + " will be done by"
	}
	lower := strings.ToLower(strings.Trim(s, ".! "))
	for _, w := range vagueDue {
		if lower == w {
			return Date{}, "“" + s + "” is not a date: enter the date " + what + " will be done by, like " + today.AddDays(14).Numeric() + ", so it can be followed up"
		}
	}
	d, ok := ParseLooseDate(s, today)
	if !ok || d.TooEarly() {
		return Date{}, "Enter the date " + what + " will be done by as a real date, like " + today.AddDays(14).Numeric()
	}
	return d, ""
}

// Numeric writes the date the way people type it into a form: 8 1 2027.
func (d Date) Numeric() string {
	return itoa(d.Day) + " " + itoa(int(d.Month)) + " " + itoa(d.Year)
}

// ActionSourceKind is where an action was agreed.
type ActionSourceKind string

// The places an action can be raised.
const (
	SourceRecord ActionSourceKind = "record" // a visit, meeting, supervision or other record
	SourceCase   ActionSourceKind = "case"   // added on the case's actions page
	SourceReview ActionSourceKind = "review" // a plan review
)

// An Action is something agreed for a child, followed up until it is done
// or no longer needed: what, who, by when, and the objective it serves.
type Action struct {
	ID             string           `json:"id"`
	CaseID         string           `json:"case_id"`
	CaseReference  string           `json:"case_reference"`
	What           string           `json:"what"`
	Owner          Owner            `json:"owner"`
	OwnerWords     string           `json:"owner_words"` // for families and exports
	Due            Date             `json:"due"`
	ObjectiveID    string           `json:"objective_id,omitempty"`
	ObjectiveTitle string           `json:"objective,omitempty"`
	SourceKind     ActionSourceKind `json:"source"`
	// RecordID and RecordTitle name the record the action was agreed in.
	RecordID    string `json:"record_id,omitempty"`
	RecordTitle string `json:"record_title,omitempty"`
	// SourceWithdrawn: the record it was agreed in was withdrawn (written
	// on the wrong child's file), so What no longer says what it was
	// (WithholdWithdrawn).
	SourceWithdrawn bool         `json:"source_withdrawn,omitempty"`
	Status          ActionStatus `json:"status"`
	// Outcome is what happened (done) or why it is no longer needed.
	Outcome      string    `json:"outcome,omitempty"`
	ClosedOn     Date      `json:"closed_on,omitzero"`
	ClosedByName string    `json:"closed_by,omitempty"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	CreatedBy    string    `json:"created_by"`
}

// WithdrawnActionText is what an action agreed in a record that was later
// withdrawn says instead of what it was: the record was written on the
// wrong child's file, so its words (what was to be done, and by whom) do
// not live on in the case's actions, work lists or summaries, for anyone.
// The case's managers read them on the withdrawn record itself.
const WithdrawnActionText = "An action agreed in a record that was later withdrawn; what it said is no longer shown"

// WithdrawnActionOutcome is why an action still open when the record it
// was agreed in is withdrawn is closed as no longer needed.
const WithdrawnActionOutcome = "The record this action was agreed in was withdrawn: it was written on the wrong child’s file"

// WithholdWithdrawn blanks what an action took from a withdrawn record:
// what was to be done and who was to do it.
func (a *Action) WithholdWithdrawn() {
	if a.SourceWithdrawn {
		a.What, a.Owner, a.OwnerWords = WithdrawnActionText, Owner{Kind: OwnerOther}, ""
	}
}

// Overdue reports whether the action is open and its date has passed.
func (a Action) Overdue(today Date) bool { return a.Status == ActionOpen && a.Due.Before(today) }

// NewAction is an action as raised on a case or from a record.
type NewAction struct {
	What        string `json:"what"`
	Owner       Owner  `json:"owner"`
	Due         Date   `json:"due"`
	ObjectiveID string `json:"objective_id,omitempty"`
	// AlreadyDone raises the action as done: the only way to give a date
	// that has passed. Outcome then says what happened.
	AlreadyDone bool   `json:"already_done,omitempty"`
	Outcome     string `json:"outcome,omitempty"`
}

// Clean tidies typed text.
func (n *NewAction) Clean() {
	n.What = CleanText(n.What)
	n.Owner.Name, n.Owner.Role, n.Owner.Agency = CleanText(n.Owner.Name), CleanText(n.Owner.Role), CleanText(n.Owner.Agency)
	n.Outcome = CleanMultiline(n.Outcome)
}

// Check says what is wrong with a new action: it needs what, who and a
// real date, and a date that has already passed only when it was done.
func (n NewAction) Check(today Date) error {
	var v Validation
	if n.What == "" {
		v.Add("what", "Enter what needs to be done")
	}
	CheckLength(&v, "what", "What needs to be done", n.What, MaxLongText)
	CheckOwner(&v, "owner", "this action", n.Owner)
	switch {
	case n.Due.IsZero():
		v.Add("due", "Enter the date it will be done by")
	case n.Due.Before(today) && !n.AlreadyDone:
		v.Add("due", "The date it will be done by must be today or in the future, unless it has already been done")
	case n.AlreadyDone && n.Due.After(today):
		v.Add("due", "An action already done must have a date that is today or in the past")
	}
	CheckLength(&v, "outcome", "What happened", n.Outcome, MaxLongText)
	return v.Err()
}

// ActionUpdate changes an action's status, or moves an open action's date.
// Version is the version the user saw.
type ActionUpdate struct {
	Status  ActionStatus `json:"status"`
	Outcome string       `json:"outcome,omitempty"`
	On      Date         `json:"on,omitzero"`  // when it was done, or decided no longer needed
	Due     Date         `json:"due,omitzero"` // a new date for an open action
	Version int          `json:"version"`
}

// Check says what is wrong with an update: done needs what happened and
// when, no longer needed needs why, a new date must not have passed.
func (u *ActionUpdate) Check(a *Action, today Date) error {
	var v Validation
	u.Outcome = CleanMultiline(u.Outcome)
	CheckLength(&v, "outcome", "What happened", u.Outcome, MaxLongText)
	switch u.Status {
	case ActionDone:
		if u.Outcome == "" {
			v.Add("outcome", "Say what happened")
		}
		if u.On.IsZero() {
			v.Add("on", "Enter the date it was done")
		} else if u.On.After(today) {
			v.Add("on", "The date it was done must be today or in the past")
		}
	case ActionNotNeeded:
		if u.Outcome == "" {
			v.Add("outcome", "Say why it is no longer needed")
		}
		if u.On.IsZero() {
			u.On = today
		} else if u.On.After(today) {
			v.Add("on", "The date it stopped being needed must be today or in the past")
		}
	case ActionOpen:
		u.On = Date{}
		if u.Due.IsZero() {
			u.Due = a.Due
		}
		if u.Due != a.Due && u.Due.Before(today) {
			v.Add("due", "The new date must be today or in the future")
		}
	default:
		v.Add("status", "Select whether the action is open, done or no longer needed")
	}
	return v.Err()
}

// ActionFilter narrows a case's actions.
type ActionFilter struct {
	Status      ActionStatus // empty: all
	ObjectiveID string
	// ClosedSince keeps closed actions closed on or after this date (with
	// every open one): "open and recently closed", for supervision.
	ClosedSince Date
}

// MatchOwner finds, among the owners a form offers for a case, the one an
// owner typed in by hand means: the only one with that name, or else the
// only one with that role ("GP"), compared without case or extra spaces.
// A first name alone, a word like "Mum" or a role two people share is no
// match: better "someone else" than the wrong person named.
func MatchOwner(typed string, choices []Owner) (Owner, bool) {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	t := norm(typed)
	if t == "" {
		return Owner{}, false
	}
	for _, by := range []func(Owner) string{func(o Owner) string { return o.Name }, func(o Owner) string { return o.Role }} {
		var found []Owner
		for _, o := range choices {
			if norm(by(o)) == t {
				found = append(found, o)
			}
		}
		switch len(found) {
		case 1:
			return found[0], true
		case 0:
		default:
			return Owner{}, false
		}
	}
	return Owner{}, false
}
