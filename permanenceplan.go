package kith

// PermanencePlan is the plan for where a looked-after child will grow up,
// agreed for their period of care (usually at the second review, four
// months in) and changed when it changes: the "permanence plan" Ofsted's
// Annex A asks for each child in care (list 8).
type PermanencePlan struct {
	CaseID string `json:"case_id"`
	// PeriodStart is the first day of the period of care it is for.
	PeriodStart Date `json:"period_start"`
	PermanencePlanInput
}

// PermanencePlanInput records or changes the plan.
type PermanencePlanInput struct {
	// Plan is one of PermanencePlans.
	Plan string `json:"plan"`
	// AgreedOn is when the plan in force was agreed.
	AgreedOn Date `json:"agreed_on"`
	// Version is the plan's when read, 0 for the first.
	Version int `json:"version"`
}

// PermanencePlans are the plans Annex A lists, in its order.
var PermanencePlans = CodeList{
	{Code: "return_home", Label: "Return to their family"},
	{Code: "adoption", Label: "Adoption"},
	{Code: "sgo_cao", Label: "A special guardianship order or a child arrangements order"},
	{Code: "supported_living", Label: "Supported living in the community"},
	{Code: "residential", Label: "A long-term residential placement"},
	{Code: "fostering", Label: "Long-term fostering"},
	{Code: "other", Label: "Another plan"},
}

// Validate checks the plan is one of PermanencePlans, agreed in the
// period of care that began on periodStart, by today and by the day care
// ended if it has.
func (in *PermanencePlanInput) Validate(today, periodStart, ended Date) error {
	var v Validation
	if !PermanencePlans.Has(in.Plan) {
		v.Add("plan", "Select the permanence plan")
	}
	last := today
	if !ended.IsZero() && ended.Before(last) {
		last = ended
	}
	switch {
	case in.AgreedOn.IsZero():
		v.Add("agreed_on", "Enter the date the plan was agreed")
	case in.AgreedOn.Before(periodStart):
		v.Add("agreed_on", "The plan must be agreed on or after "+periodStart.Long()+", when the child's period of care began")
	case in.AgreedOn.After(last):
		v.Add("agreed_on", "The date the plan was agreed cannot be after "+last.Long())
	}
	return v.Err()
}

// PeriodPermanencePlan is the permanence plan of the latest period of
// care, if one is recorded.
func (l LookedAfter) PeriodPermanencePlan() *PermanencePlan {
	start := PeriodStart(l.Episodes)
	for i := range l.PermanencePlans {
		if l.PermanencePlans[i].PeriodStart == start {
			return &l.PermanencePlans[i]
		}
	}
	return nil
}
