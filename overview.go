package kith

// CaseOverview is everything the case page shows: the identity bar, the
// network, professionals, warnings, allocation history and status periods,
// plus what the viewer may do.
type CaseOverview struct {
	Case          Case            `json:"case"`
	Child         Person          `json:"child"`
	Network       []NetworkMember `json:"network"`
	Professionals []Involvement   `json:"professionals"`
	Warnings      []Warning       `json:"warnings"`
	Allocations   []Allocation    `json:"allocations"`
	StatusPeriods []StatusPeriod  `json:"status_periods"`
	KeyEvents     []KeyEvent      `json:"key_events"`
	// Episodes are the case's referral-to-closure episodes, the first
	// first; DecisionDue is when the decision on the current episode's
	// recorded referral is due, while there is none (zero otherwise).
	Episodes    []Episode `json:"episodes"`
	DecisionDue Date      `json:"decision_due,omitzero"`
	// Assessments are the case's child and family assessments, the
	// earliest first.
	Assessments []Assessment `json:"assessments"`
	// Section47s are the case's section 47 enquiries, the earliest first.
	Section47s []Section47 `json:"section47s"`
	// LookedAfter is the child's looked-after history.
	LookedAfter LookedAfter `json:"looked_after"`
	// Contacts are the contacts to the front door that did not become
	// referrals, and EarlyHelp the early help assessments, earliest first.
	Contacts  []Contact             `json:"contacts"`
	EarlyHelp []EarlyHelpAssessment `json:"early_help_assessments"`
	// Journey is where the child is on the statutory journey, and what is
	// next.
	Journey Journey         `json:"journey"`
	Clocks  *CaseClocks     `json:"clocks,omitempty"` // open cases only
	Can     CasePermissions `json:"can"`
}

// CaseClocks is what a case page shows of its clocks: when the child was
// last visited and seen, and what is due next.
type CaseClocks struct {
	Today         Date  `json:"today"`
	LastVisit     Date  `json:"last_visit,omitzero"`
	LastSeen      Date  `json:"last_seen,omitzero"`
	LastSeenAlone Date  `json:"last_seen_alone,omitzero"`
	Next          []Due `json:"next"`
}

// CasePermissions says which actions the viewer may take on the case, so
// pages show only the buttons that will work.
type CasePermissions struct {
	Edit          bool `json:"edit"`
	Manage        bool `json:"manage"`
	ViewAccessLog bool `json:"view_access_log"`
	ManageAccess  bool `json:"manage_access"`
}

// PermissionsFor works out CasePermissions from Decide.
func PermissionsFor(a Actor, f CaseAccessFacts, p AccessPolicy) CasePermissions {
	return CasePermissions{
		Edit:          Decide(a, f, EditCase, p).Allowed,
		Manage:        Decide(a, f, ManageCase, p).Allowed,
		ViewAccessLog: Decide(a, f, ViewAccessLog, p).Allowed,
		ManageAccess:  Decide(a, f, ManageAccess, p).Allowed,
	}
}

// CaseloadFilter chooses which cases a caseload list shows.
type CaseloadFilter struct {
	// Mine: only cases allocated to the actor. Otherwise every case in
	// scope (a manager's teams), narrowed by TeamID and WorkerID.
	Mine     bool
	TeamID   string
	WorkerID string
	// Unallocated: only cases held by a team with no worker.
	Unallocated bool
	// IncludeClosed: closed cases too (the default is open cases only).
	IncludeClosed bool
	Limit         int
	Offset        int
}

// CaseloadPage is one page of a caseload list.
type CaseloadPage struct {
	Cases []CaseSummary `json:"cases"`
	Total int           `json:"total"`
}

// SearchResult is one person found by a search, with the cases they are
// linked to that the searcher may open.
type SearchResult struct {
	PersonID    string `json:"person_id"`
	Name        string `json:"name"`
	KnownAs     string `json:"known_as,omitempty"`
	DateOfBirth Date   `json:"date_of_birth,omitzero"`
	// Cases: the person's own case (when they are a child known to the
	// service) and the cases of children in whose network they are, with
	// the relationship.
	Links []SearchLink `json:"links"`
	Score float64      `json:"-"`
}

// SearchLink is a case a found person is linked to.
type SearchLink struct {
	Case         CaseSummary      `json:"case"`
	Relationship RelationshipKind `json:"relationship,omitempty"` // empty: the person is the child
}
