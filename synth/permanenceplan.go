package synth

import (
	"strings"

	"kith"
	"kith/sqldb"
)

// permanencePlan is the permanence plan agreed at the second review, four
// months (110 to 140 days) into care, for a child still looked after
// then, if that is by today: adoption for a child placed for adoption;
// otherwise what the end of care shows (home, or special guardianship or
// a child arrangements order), else what the placement suggests
// (long-term fostering in foster care, residential care in a children's
// home, supported living for one in supported accommodation at 16 or
// over), else another plan. Chosen from the child's place in the council,
// not the random streams, so everything else is unchanged.
func permanencePlan(n0 int, dob kith.Date, care *sqldb.BulkCare, today kith.Date) *kith.PermanencePlanInput {
	start := care.Start.StartedOn
	agreed := start.AddDays(110 + n0%31)
	if agreed.After(today) || (care.End != nil && agreed.After(care.End.EndedOn)) {
		return nil
	}
	place := care.Start.PlacementType
	for _, ch := range care.Changes {
		if !ch.ChangedOn.After(agreed) {
			place = ch.PlacementType
		}
	}
	plan := "other"
	reason := ""
	if care.End != nil {
		reason = care.End.Reason
	}
	switch {
	case care.Decision != nil:
		plan = "adoption"
	case reason == "E4A" || reason == "E4B":
		plan = "return_home"
	case strings.HasPrefix(reason, "E4"): // E41 and E45–E48: the orders
		plan = "sgo_cao"
	case strings.HasPrefix(place, "U"):
		plan = "fostering"
	case strings.HasPrefix(place, "K") || strings.HasPrefix(place, "R") || strings.HasPrefix(place, "S"):
		plan = "residential"
	case dob.AgeOn(agreed) >= 16:
		plan = "supported_living"
	}
	return &kith.PermanencePlanInput{Plan: plan, AgreedOn: agreed}
}
