package kith

import "time"

// PlanKind is the kind of plan a child has: it follows the child's status
// (early help, child in need, child protection, looked after, leaving care).
type PlanKind string

// The kinds of plan.
const (
	PlanEarlyHelp       PlanKind = "early_help"
	PlanChildInNeed     PlanKind = "child_in_need"
	PlanChildProtection PlanKind = "child_protection"
	PlanCare            PlanKind = "care"
	PlanPathway         PlanKind = "pathway"
)

// PlanKinds lists the kinds in form order.
var PlanKinds = []PlanKind{PlanEarlyHelp, PlanChildInNeed, PlanChildProtection, PlanCare, PlanPathway}

// Label is the kind as people say it.
func (k PlanKind) Label() string {
	switch k {
	case PlanEarlyHelp:
		return "Early help plan"
	case PlanChildInNeed:
		return "Child in need plan"
	case PlanChildProtection:
		return "Child protection plan"
	case PlanCare:
		return "Care plan (looked after)"
	case PlanPathway:
		return "Pathway plan"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k PlanKind) Valid() bool {
	for _, x := range PlanKinds {
		if x == k {
			return true
		}
	}
	return false
}

// A Plan is a child's plan: what should change, who does what and when it
// is reviewed. A case has one current plan; earlier ones are kept.
type Plan struct {
	ID            string       `json:"id"`
	CaseID        string       `json:"case_id"`
	CaseReference string       `json:"case_reference"`
	Kind          PlanKind     `json:"kind"`
	StartedOn     Date         `json:"started_on"`
	ReviewOn      Date         `json:"next_review_on,omitzero"`
	EndedOn       Date         `json:"ended_on,omitzero"`
	EndReason     string       `json:"end_reason,omitempty"`
	Version       int          `json:"version"`
	CreatedBy     string       `json:"created_by"`
	CreatedAt     time.Time    `json:"created_at"`
	Objectives    []Objective  `json:"objectives"`
	Reviews       []PlanReview `json:"reviews"`
	// A child protection plan made at an initial conference keeps the
	// enquiry whose conference made it, the category of abuse it was made
	// under, the latest after each review, and when its first core group
	// met (CoreGroupDue until then).
	Section47ID     string `json:"section47_id,omitempty"`
	InitialCategory string `json:"initial_category,omitempty"`
	LatestCategory  string `json:"latest_category,omitempty"`
	CoreGroupOn     Date   `json:"core_group_on,omitzero"`
	CoreGroupDue    Date   `json:"core_group_due,omitzero"`
}

// FromConference reports whether an initial child protection conference
// made the plan in Kith, so its core group and review clocks run.
func (p *Plan) FromConference() bool { return p.Section47ID != "" }

// Current reports whether the plan has not ended.
func (p *Plan) Current() bool { return p.EndedOn.IsZero() }

// Title names the plan: "Child in need plan from 3 March 2026".
func (p *Plan) Title() string { return p.Kind.Label() + " from " + p.StartedOn.Long() }

// PlanInput starts a plan or changes its dates.
type PlanInput struct {
	Kind      PlanKind `json:"kind"`
	StartedOn Date     `json:"started_on"`
	ReviewOn  Date     `json:"next_review_on"`
	Version   int      `json:"version"` // of the plan changed; 0 for a new plan
}

// Check says what is wrong with a plan: its kind, a start that has
// happened, and a first review after the start.
func (in PlanInput) Check(today Date) error {
	var v Validation
	if !in.Kind.Valid() {
		v.Add("kind", "Select the kind of plan")
	}
	if in.StartedOn.IsZero() {
		v.Add("started", "Enter the date the plan started")
	} else if in.StartedOn.After(today) {
		v.Add("started", "The date the plan started must be today or in the past")
	}
	if in.ReviewOn.IsZero() {
		v.Add("review", "Enter the date of the next review")
	} else if !in.StartedOn.IsZero() && !in.ReviewOn.After(in.StartedOn) {
		v.Add("review", "The next review must be after the plan started")
	}
	return v.Err()
}

// CheckPlanEnd checks the ending of a plan: a date not before it started
// and not in the future, and a reason.
func CheckPlanEnd(p *Plan, on Date, reason string, today Date) error {
	var v Validation
	switch {
	case on.IsZero():
		v.Add("ended", "Enter the date the plan ended")
	case on.Before(p.StartedOn):
		v.Add("ended", "The plan cannot end before it started on "+p.StartedOn.Long())
	case on.After(today):
		v.Add("ended", "The date the plan ended must be today or in the past")
	}
	if reason == "" {
		v.Add("reason", "Enter why the plan ended")
	}
	CheckLength(&v, "reason", "The reason", reason, MaxLongText)
	return v.Err()
}

// ObjectiveStatus is whether an objective is still being worked on.
type ObjectiveStatus string

// The statuses of an objective.
const (
	ObjectiveActive   ObjectiveStatus = "active"
	ObjectiveAchieved ObjectiveStatus = "achieved"
	ObjectiveStopped  ObjectiveStatus = "stopped" // no longer part of the plan
)

// Label is the status in words.
func (s ObjectiveStatus) Label() string {
	switch s {
	case ObjectiveActive:
		return "Being worked on"
	case ObjectiveAchieved:
		return "Achieved"
	case ObjectiveStopped:
		return "No longer part of the plan"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s ObjectiveStatus) Valid() bool {
	return s == ObjectiveActive || s == ObjectiveAchieved || s == ObjectiveStopped
}

// An Objective is one SMART outcome of a plan: what should change for the
// child (specific), how we will know (measurable), who is responsible and
// by when. Progress is rated at reviews, so anyone can see whether it is
// moving.
type Objective struct {
	ID         string          `json:"id"`
	PlanID     string          `json:"plan_id"`
	CaseID     string          `json:"case_id"`
	Position   int             `json:"position"`
	Change     string          `json:"change"`
	Measure    string          `json:"measure"`
	Owner      Owner           `json:"owner"`
	OwnerWords string          `json:"owner_words"`
	Due        Date            `json:"due"`
	Status     ObjectiveStatus `json:"status"`
	Version    int             `json:"version"`
	Ratings    []Rating        `json:"ratings"` // oldest first
}

// ObjectiveRef names an objective a record works on.
type ObjectiveRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Title is how lists name the objective: its number and what should change.
func (o Objective) Title() string { return itoa(o.Position) + ". " + o.Change }

// Latest is the most recent progress rating, if any.
func (o Objective) Latest() *Rating {
	if len(o.Ratings) == 0 {
		return nil
	}
	return &o.Ratings[len(o.Ratings)-1]
}

// Trend says in words how progress has moved between the first and the
// latest rating: "Up from 3 to 6 since 9 November 2026".
func (o Objective) Trend() string {
	if len(o.Ratings) < 2 {
		return ""
	}
	first, last := o.Ratings[0], o.Ratings[len(o.Ratings)-1]
	switch {
	case last.Score > first.Score:
		return "Up from " + itoa(first.Score) + " to " + itoa(last.Score) + " since " + first.On.Long()
	case last.Score < first.Score:
		return "Down from " + itoa(first.Score) + " to " + itoa(last.Score) + " since " + first.On.Long()
	}
	return "No change from " + itoa(first.Score) + " since " + first.On.Long()
}

// ObjectiveInput is what a practitioner types for an objective.
type ObjectiveInput struct {
	Change  string          `json:"change"`
	Measure string          `json:"measure"`
	Owner   Owner           `json:"owner"`
	Due     Date            `json:"due"`
	Status  ObjectiveStatus `json:"status,omitempty"`
	Version int             `json:"version"`
}

// Clean tidies typed text.
func (in *ObjectiveInput) Clean() {
	in.Change, in.Measure = CleanMultiline(in.Change), CleanMultiline(in.Measure)
	in.Owner.Name, in.Owner.Role, in.Owner.Agency = CleanText(in.Owner.Name), CleanText(in.Owner.Role), CleanText(in.Owner.Agency)
	if in.Status == "" {
		in.Status = ObjectiveActive
	}
}

// Check says what keeps an objective from being SMART: what should change,
// how we will know, who is responsible and by when (a date within the
// plan, not already passed when the objective is set or moved).
func (in ObjectiveInput) Check(p *Plan, was *Objective, today Date) error {
	var v Validation
	if in.Change == "" {
		v.Add("change", "Enter what should change for the child")
	}
	CheckLength(&v, "change", "What should change", in.Change, MaxLongText)
	if in.Measure == "" {
		v.Add("measure", "Enter how everyone will know it has changed")
	}
	CheckLength(&v, "measure", "How we will know", in.Measure, MaxLongText)
	CheckOwner(&v, "owner", "this objective", in.Owner)
	moved := was == nil || was.Due != in.Due
	switch {
	case in.Due.IsZero():
		v.Add("due", "Enter the date this should be achieved by")
	case in.Due.Before(p.StartedOn):
		v.Add("due", "The date must be after the plan started on "+p.StartedOn.Long())
	case moved && in.Due.Before(today):
		v.Add("due", "The date this should be achieved by must be today or in the future")
	}
	if !in.Status.Valid() {
		v.Add("status", "Select whether the objective is being worked on, achieved or no longer part of the plan")
	}
	return v.Err()
}

// Progress ratings run from 0 (no progress) to 10 (achieved).
const (
	MinRating = 0
	MaxRating = 10
)

// A Rating is a progress rating for an objective, recorded at a review.
type Rating struct {
	ID       string `json:"id"`
	On       Date   `json:"on"`
	Score    int    `json:"score"`
	Comment  string `json:"comment,omitempty"`
	ByName   string `json:"by"`
	ReviewID string `json:"review_id,omitempty"`
}

// RatingInput is one objective's rating at a review. A nil score means the
// objective was not rated.
type RatingInput struct {
	ObjectiveID string `json:"objective_id"`
	Score       *int   `json:"score"`
	Comment     string `json:"comment,omitempty"`
}

// A PlanReview is a review of the plan: when it was held, the progress
// ratings given, and the date of the next review.
type PlanReview struct {
	ID           string `json:"id"`
	HeldOn       Date   `json:"held_on"`
	NextReviewOn Date   `json:"next_review_on,omitzero"`
	Notes        string `json:"notes,omitempty"`
	ByName       string `json:"by"`
	// Category is the category of abuse of a child protection plan as the
	// review conference left it.
	Category string `json:"category,omitempty"`
}

// ReviewInput records a plan review.
type ReviewInput struct {
	HeldOn       Date          `json:"held_on"`
	NextReviewOn Date          `json:"next_review_on"`
	Notes        string        `json:"notes,omitempty"`
	Ratings      []RatingInput `json:"ratings"`
	// Category is, for a child protection plan, the category of abuse as
	// the review conference decided it.
	Category string `json:"category,omitempty"`
	// Actions are new actions agreed at the review.
	Actions []NewAction `json:"actions,omitempty"`
	Version int         `json:"version"` // of the plan
}

// Check says what is wrong with a review: held within the plan and not in
// the future, a next review after it, and ratings on the scale for the
// plan's own objectives. Errors on a rating name "rating.<objective id>".
func (in *ReviewInput) Check(p *Plan, today Date) error {
	var v Validation
	in.Notes = CleanMultiline(in.Notes)
	switch {
	case in.HeldOn.IsZero():
		v.Add("held", "Enter the date the review was held")
	case in.HeldOn.Before(p.StartedOn):
		v.Add("held", "The review cannot be before the plan started on "+p.StartedOn.Long())
	case in.HeldOn.After(today):
		v.Add("held", "The date the review was held must be today or in the past")
	}
	switch {
	case in.NextReviewOn.IsZero():
		v.Add("next", "Enter the date of the next review")
	case !in.HeldOn.IsZero() && !in.NextReviewOn.After(in.HeldOn):
		v.Add("next", "The next review must be after this one")
	case p.Kind == PlanChildProtection && !in.HeldOn.IsZero() && in.NextReviewOn.After(LatestCPReview(in.HeldOn)):
		v.Add("next", "The next review conference must be within 6 months of this one, by "+LatestCPReview(in.HeldOn).Long())
	}
	switch {
	case in.Category != "" && !CategoriesOfAbuse.Has(in.Category):
		v.Add("category", "Select the category of abuse from the list")
	case in.Category == "" && p.FromConference():
		v.Add("category", "Select the category of abuse the plan now continues under")
	case p.Kind != PlanChildProtection:
		in.Category = ""
	}
	CheckLength(&v, "notes", "Notes", in.Notes, MaxSectionText)
	ids := map[string]bool{}
	for _, o := range p.Objectives {
		ids[o.ID] = true
	}
	rated := 0
	for i := range in.Ratings {
		r := &in.Ratings[i]
		r.Comment = CleanMultiline(r.Comment)
		field := "rating." + r.ObjectiveID
		if !ids[r.ObjectiveID] {
			v.Add(field, "This plan has no objective "+r.ObjectiveID)
			continue
		}
		CheckLength(&v, field, "The comment", r.Comment, MaxLongText)
		if r.Score == nil {
			continue
		}
		rated++
		if *r.Score < MinRating || *r.Score > MaxRating {
			v.Add(field, "Rate progress as a whole number from "+itoa(MinRating)+" to "+itoa(MaxRating))
		}
	}
	if rated == 0 && len(p.Objectives) > 0 {
		v.Add("ratings", "Rate the progress of at least one objective")
	}
	for i := range in.Actions {
		in.Actions[i].Clean()
		if in.Actions[i].ObjectiveID != "" && !ids[in.Actions[i].ObjectiveID] {
			v.Add("action."+itoa(i)+".objective", "Choose one of this plan’s objectives, or none")
		}
		if err := v.Merge("action."+itoa(i)+".", in.Actions[i].Check(today)); err != nil {
			return err
		}
	}
	return v.Err()
}
