package kith

// CategoriesOfAbuse are the categories a child protection plan is made
// under (census items N00113, initial, and N00114, latest after each
// review).
var CategoriesOfAbuse = CodeList{
	{Code: "NEG", Label: "Neglect"},
	{Code: "PHY", Label: "Physical abuse"},
	{Code: "SAB", Label: "Sexual abuse"},
	{Code: "EMO", Label: "Emotional abuse"},
	{Code: "MUL", Label: "Multiple (the census no longer recommends it)"},
}

// ConferenceDecision is what an initial child protection conference
// decided.
type ConferenceDecision string

// The decisions of an initial conference.
const (
	ConferencePlan   ConferenceDecision = "plan"
	ConferenceNoPlan ConferenceDecision = "no_plan"
)

// ConferenceDecisions lists the decisions in form order.
var ConferenceDecisions = []ConferenceDecision{ConferencePlan, ConferenceNoPlan}

// Label is the decision in words.
func (d ConferenceDecision) Label() string {
	switch d {
	case ConferencePlan:
		return "The child is to be the subject of a child protection plan"
	case ConferenceNoPlan:
		return "No child protection plan"
	}
	return ""
}

// CoreGroupWorkingDays is how soon the first core group meets after the
// initial conference: "within 10 working days of the initial child
// protection conference" (Working Together 2018, "The child protection
// plan", as kept by local child protection procedures under Working
// Together 2023).
const CoreGroupWorkingDays = 10

// CoreGroupDue is when the first core group of a plan made at a conference
// on conferenceOn is due.
func CoreGroupDue(conferenceOn Date, wd WorkingDays) Date {
	return wd.AddWorkingDays(conferenceOn, CoreGroupWorkingDays)
}

// FirstCPReviewMonths and CPReviewMonths are the review conference
// timescales: the first "within three months of the initial conference",
// later ones "at intervals of not more than six months" (Working Together
// 2023, chapter 3, "Child protection review conference").
const (
	FirstCPReviewMonths = 3
	CPReviewMonths      = 6
)

// FirstCPReviewDue is when the first review conference of a plan made on
// conferenceOn is due.
func FirstCPReviewDue(conferenceOn Date) Date { return addMonths(conferenceOn, FirstCPReviewMonths) }

// LatestCPReview is the latest a review conference may set the next one
// for, after one held on heldOn.
func LatestCPReview(heldOn Date) Date { return addMonths(heldOn, CPReviewMonths) }

// checkConferenceOutcome adds the problems with a conference's decision
// and category to v: a decision from the list; a category from the list
// for a plan, and none without one; and a child with a date of birth or,
// unborn, an expected one, for a plan.
func (in *ConferenceInput) checkOutcome(v *Validation, child *Person) {
	switch in.Decision {
	case ConferencePlan:
		if !CategoriesOfAbuse.Has(in.Category) {
			v.Add("category", "Select the category of abuse the plan is made under")
		}
		if child != nil && child.DateOfBirth.IsZero() && child.ExpectedDateOfBirth.IsZero() {
			v.Add("decision", "Record the child's date of birth or, if they are not yet born, the expected date of birth, before a plan starts")
		}
	case ConferenceNoPlan:
		in.Category = ""
	default:
		v.Add("decision", "Select what the conference decided")
	}
}
