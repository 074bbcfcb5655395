package synth

import (
	"math/rand/v2"
	"slices"

	"kith"
	"kith/sqldb"
)

// closuresAsTheCensusAsks makes a case's closure reasons agree with what
// happened in the episode they close, as the census checks them. The
// reasons are drawn with the case's timeline, before its assessment,
// enquiry and plans are known; this settles them once they are.
//
//   - "Closed after assessment" (RC8, RC9) needs an assessment in the
//     episode (query 8825Q) and no child in need or protection plan or
//     enquiry in it (2990): where either fails, services ceased (RC7).
//   - "Died" (RC2) becomes RC7: see below.
//   - An episode whose only assessment found no factors (21) closes after
//     assessment (8873Q): where it did not (or is still open), the
//     assessment found one.
func closuresAsTheCensusAsks(c *sqldb.BulkCase) {
	start, first := c.OpenedOn, true
	assessed := c.Assessment != nil && c.Assessment.Authorisation != nil
	closedAfterAssessment := false
	for i := range c.History {
		ch := &c.History[i]
		switch ch.Kind {
		case sqldb.BulkReopen:
			start, first = kith.Today(ch.At), false
			continue
		case sqldb.BulkClose:
		default:
			continue
		}
		if ch.Reason == "RC2" {
			// A child who died has their date of death recorded (query
			// 8585Q); the synthetic identity items, saved as the case
			// opened, cannot hold one, so no synthetic child dies.
			ch.Reason = "RC7"
		}
		// The case's assessment and enquiry are in its first episode.
		afterAssessment := ch.Reason == "RC8" || ch.Reason == "RC9"
		if afterAssessment && (!first || !assessed || c.Section47 != nil || plannedIn(c.Plans, start, ch.ClosedOn)) {
			ch.Reason, afterAssessment = "RC7", false
		}
		if first {
			closedAfterAssessment = afterAssessment
		}
		first = false
	}
	if a := c.Assessment; assessed && !closedAfterAssessment && slices.Equal(a.Authorisation.Factors, []string{kith.NoFactors}) {
		r := rand.New(rand.NewPCG(uint64(c.OpenedAt.UnixNano()), 0x726338))
		a.Authorisation.Factors = []string{draw(r, assessmentFactors)}
	}
}

// plannedIn reports whether a child in need or child protection plan
// started in the episode from start to end.
func plannedIn(plans []sqldb.BulkPlan, start, end kith.Date) bool {
	for _, p := range plans {
		if (p.Kind == kith.PlanChildInNeed || p.Kind == kith.PlanChildProtection) && !p.StartedOn.Before(start) && !p.StartedOn.After(end) {
			return true
		}
	}
	return false
}
