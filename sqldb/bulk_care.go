package sqldb

import (
	"fmt"
	"time"

	"kith"
)

// BulkCare is a child's looked-after history, as StartLookedAfter,
// ChangeCare, EndCare, RecordCLAReview and RecordMissing record it, each
// on its own day by By (a user id, or "" for the system): a period of
// care, its changes in order, perhaps its end, its reviews and the times
// the child went missing.
type BulkCare struct {
	Start   kith.LookedAfterInput
	Changes []kith.CareChangeInput
	End     *kith.CareEndInput
	Reviews []kith.CLAReviewInput
	Missing []kith.MissingInput
	// Permanence is the period's previous permanence, if recorded, and
	// PermanencePlan its permanence plan, recorded on the day agreed.
	Permanence     *kith.PreviousPermanenceInput
	PermanencePlan *kith.PermanencePlanInput
	// Health is the health outcomes recorded for the years the child was
	// looked after for the whole of (so far, for this year).
	Health []BulkHealth
	// Leaving is what is recorded about the young person as a care leaver
	// on their birthdays after care ended.
	Leaving []BulkLeaver
	// Decision is the decision to place the child for adoption, if any,
	// recorded on its day, and Match the match with adopters, on its.
	Decision *kith.AdoptionDecisionInput
	Match    *kith.AdoptionMatchInput
	By       string
	// ChildBorn is the child's date of birth, which the reviews'
	// participation codes are checked against.
	ChildBorn kith.Date
}

// BulkHealth is a year's health outcomes, recorded on a day.
type BulkHealth struct {
	Outcomes kith.HealthOutcomesInput
	On       kith.Date
}

// BulkLeaver is a year's care leaver outcomes, recorded on a day.
type BulkLeaver struct {
	Outcomes kith.CareLeaverInput
	On       kith.Date
}

// addCare writes a case's looked-after history, checked as the services
// check it (each step as if recorded on its day), with its key events, and
// keeps the visit clock's placement date.
func (b *Bulk) addCare(c *BulkCase, event func(kith.KeyEventKind, time.Time, string, string, time.Time)) error {
	care := c.Care
	if care == nil || !b.care {
		return nil
	}
	fail := func(what string, err error) error {
		return fmt.Errorf("the %s of the case opened at %s: %w", what, c.OpenedAt, err)
	}
	at := func(d kith.Date) time.Time { return kith.InLondon(d, 12, 0) }
	start := care.Start
	if err := start.Validate(start.StartedOn, c.OpenedOn, kith.Date{}); err != nil {
		return fail("period of care", err)
	}
	cur := kith.CareEpisode{ID: newID(), StartedOn: start.StartedOn, ReasonNew: kith.RNEStarted, CategoryOfNeed: start.CategoryOfNeed,
		HomePostcode: start.HomePostcode, Version: 1}
	cur.SetPlacement(start.PlacementInput)
	event(kith.EventCareStarted, at(cur.StartedOn), "Became looked after: "+kith.LegalStatuses.Label(cur.LegalStatus)+"; "+
		lowerFirst(kith.PlacementTypes.Label(cur.PlacementType)), care.By, at(cur.StartedOn))
	var episodes []kith.CareEpisode
	placed := cur.StartedOn
	var decisions []kith.AdoptionDecision
	var match *kith.AdoptionMatch
	if d := care.Decision; d != nil {
		if err := d.Validate(d.DecidedOn, start.StartedOn, kith.CareEpisode{}); err != nil {
			return fail("decision to place for adoption", err)
		}
		decisions = append(decisions, kith.AdoptionDecision{ID: newID(), CaseID: c.ID, DecidedOn: d.DecidedOn, ReversedOn: d.ReversedOn,
			ReversalReason: d.ReversalReason, Version: 1})
		if m := care.Match; m != nil {
			if err := m.Validate(m.MatchedOn, &decisions[0], kith.Date{}); err != nil {
				return fail("match with adopters", err)
			}
			match = &kith.AdoptionMatch{CaseID: c.ID, PeriodStart: start.StartedOn, MatchedOn: m.MatchedOn, Adopters: m.Adopters(),
				AdoptersSex: m.AdoptersSex, AdoptersStatus: m.AdoptersStatus, Version: 1}
			if m.Household != "" && b.households != nil {
				h, ok := b.households[m.Household]
				if !ok {
					return fail("match with adopters", fmt.Errorf("no household %s in the adopters register", m.Household))
				}
				if field, msg := h.FitsMatch(*m); msg != "" {
					return fail("match with adopters", fmt.Errorf("%s: %s", field, msg))
				}
				match.HouseholdID = h.ID
			}
		}
	}
	for _, ch := range care.Changes {
		rne, err := ch.Validate(ch.ChangedOn, cur)
		if err == nil {
			if field, msg := kith.AdoptionStepAllowed(ch.ChangedOn, ch.PlacementType, ch.LegalStatus, decisions, match); msg != "" {
				err = fmt.Errorf("%s: %s", field, msg)
			}
		}
		if err != nil {
			return fail("change of care on "+ch.ChangedOn.String(), err)
		}
		next := kith.CareEpisode{ID: newID(), StartedOn: ch.ChangedOn, ReasonNew: rne, CategoryOfNeed: cur.CategoryOfNeed,
			HomePostcode: cur.HomePostcode, Version: cur.Version + 1}
		cur.EndedOn, cur.ReasonEnded, cur.ReasonPlaceChange = ch.ChangedOn, kith.RECEpisodeContinues, ch.ReasonPlaceChange
		cur.Version++
		episodes = append(episodes, cur)
		next.SetPlacement(ch.PlacementInput)
		summary := kith.ReasonsNew.Label(rne)
		if kith.StartsPlacement(rne) {
			summary += ": " + lowerFirst(kith.PlacementTypes.Label(next.PlacementType))
			placed = ch.ChangedOn
		}
		event(kith.EventCareChanged, at(ch.ChangedOn), summary, care.By, at(ch.ChangedOn))
		cur = next
	}
	if end := care.End; end != nil {
		err := end.Validate(end.EndedOn, cur)
		if err == nil && kith.Adopted(end.Reason) {
			if msg := kith.AdoptionEndAllowed(end.EndedOn, cur, decisions, match); msg != "" {
				err = fmt.Errorf("%s", msg)
			}
		}
		if err != nil {
			return fail("end of care", err)
		}
		cur.EndedOn, cur.ReasonEnded = end.EndedOn, end.Reason
		cur.Version++
		event(kith.EventCareEnded, at(end.EndedOn), "Stopped being looked after: "+kith.ReasonsEnded.Label(end.Reason), care.By, at(end.EndedOn))
	}
	episodes = append(episodes, cur)
	for _, e := range episodes {
		b.add("care_episodes", e.ID, c.ID, dt(e.StartedOn), e.ReasonNew, e.LegalStatus, e.CategoryOfNeed, e.PlacementType, e.Provider, e.URN,
			e.HomePostcode, e.PlacementPostcode, dt(e.EndedOn), e.ReasonEnded, e.ReasonPlaceChange, e.Version, ts(at(e.StartedOn)), nullString(care.By))
	}
	if p := care.Permanence; p != nil && b.permanence {
		orderDate, err := p.Validate(start.StartedOn)
		if err != nil {
			return fail("previous permanence", err)
		}
		b.add("previous_permanence", c.ID, dt(start.StartedOn), p.Option, p.LA, orderDate, 1, ts(at(start.StartedOn)), nullString(care.By))
	}
	if p := care.PermanencePlan; p != nil && b.permanencePlans {
		if err := p.Validate(p.AgreedOn, start.StartedOn, cur.EndedOn); err != nil {
			return fail("permanence plan", err)
		}
		b.add("permanence_plans", c.ID, dt(start.StartedOn), p.Plan, dt(p.AgreedOn), 1, ts(at(p.AgreedOn)), nullString(care.By))
	}
	if b.adoption {
		for _, d := range decisions {
			b.add("adoption_decisions", d.ID, c.ID, dt(d.DecidedOn), dt(d.ReversedOn), d.ReversalReason, 1, ts(at(d.DecidedOn)), nullString(care.By))
		}
		if m := match; m != nil {
			row := []any{c.ID, dt(m.PeriodStart), dt(m.MatchedOn), m.Adopters, m.AdoptersSex, m.AdoptersStatus, 1, ts(at(m.MatchedOn)), nullString(care.By)}
			if b.households != nil {
				row = append(row, nullString(m.HouseholdID))
			}
			b.add("adoption_matches", row...)
		}
	}
	for _, h := range care.Health {
		y, err := kith.ParseCollectionYear(h.Outcomes.Year)
		if err == nil && !kith.LookedAfterWholeYear(episodes, y.SoFar(h.On)) {
			err = fmt.Errorf("not looked after for the whole of %s by %s", y, h.On)
		}
		if err == nil {
			err = h.Outcomes.Validate(care.ChildBorn, y)
		}
		if err != nil {
			return fail("health outcomes for "+h.Outcomes.Year, err)
		}
		if b.health {
			out := h.Outcomes.Outcomes(c.ID, 1)
			args := append([]any{c.ID, y.StartYear}, healthValues(&out)...)
			b.add("health_outcomes", append(args, 1, ts(at(h.On)), nullString(care.By))...)
		}
	}
	for _, l := range care.Leaving {
		y, err := kith.ParseCollectionYear(l.Outcomes.Year)
		var age int
		if err == nil {
			var ok bool
			if _, age, ok = kith.CareLeaverBirthday(care.ChildBorn, episodes, y.SoFar(l.On)); !ok {
				err = fmt.Errorf("not asked about as a care leaver in %s by %s", y, l.On)
			}
		}
		if err == nil {
			err = l.Outcomes.Validate(age)
		}
		if err != nil {
			return fail("care leaver outcomes for "+l.Outcomes.Year, err)
		}
		if b.leaving {
			o := l.Outcomes
			b.add("care_leaver_outcomes", c.ID, y.StartYear, o.InTouch, o.Activity, o.Accommodation, o.Suitable, 1, ts(at(l.On)), nullString(care.By))
		}
	}
	for _, r := range care.Reviews {
		if err := r.Validate(r.HeldOn, start.StartedOn, care.ChildBorn); err != nil {
			return fail("looked-after review on "+r.HeldOn.String(), err)
		}
		b.add("cla_reviews", newID(), c.ID, dt(r.HeldOn), r.Participation, ts(at(r.HeldOn)), nullString(care.By))
		event(kith.EventCLAReview, at(r.HeldOn), "Looked-after review: the child "+lowerFirst(kith.Participations.Name(r.Participation))+" ("+r.Participation+")",
			care.By, at(r.HeldOn))
	}
	for _, m := range care.Missing {
		recorded := m.StartedOn
		if !m.EndedOn.IsZero() {
			recorded = m.EndedOn
		}
		if err := m.Validate(recorded, c.OpenedOn); err != nil {
			return fail("missing episode from "+m.StartedOn.String(), err)
		}
		b.add("missing_episodes", newID(), c.ID, m.Kind, dt(m.StartedOn), dt(m.EndedOn), m.InterviewOffered, m.InterviewAccepted, 1,
			ts(at(m.StartedOn)), nullString(care.By))
		event(kith.EventMissing, at(m.StartedOn), kith.MissingKinds.Name(m.Kind)+" from "+m.StartedOn.Long(), care.By, at(m.StartedOn))
	}
	if c.facts == nil {
		c.facts = &kith.CaseFacts{CaseID: c.ID}
	}
	if placed.After(c.facts.PlacementOn) {
		c.facts.PlacementOn = placed
	}
	return nil
}

// addFrontDoor writes a case's contacts and early help assessments, each
// checked as if recorded at midday on its day (an early help assessment
// on the day it was completed, if it was).
func (b *Bulk) addFrontDoor(c *BulkCase) error {
	if !b.frontDoor {
		return nil
	}
	noon := func(d kith.Date) time.Time { return kith.InLondon(d, 12, 0) }
	for _, in := range c.Contacts {
		if err := in.Validate(in.ContactOn); err != nil {
			return fmt.Errorf("a contact about the child of the case opened at %s: %w", c.OpenedAt, err)
		}
		b.add("contacts", newID(), c.ID, dt(in.ContactOn), in.Source, in.Outcome, 1, ts(noon(in.ContactOn)), nullString(c.OpenedBy))
	}
	for _, in := range c.EarlyHelp {
		on := in.StartedOn
		if !in.CompletedOn.IsZero() {
			on = in.CompletedOn
		}
		if err := in.Validate(on); err != nil {
			return fmt.Errorf("an early help assessment of the child of the case opened at %s: %w", c.OpenedAt, err)
		}
		b.add("early_help_assessments", newID(), c.ID, dt(in.StartedOn), dt(in.CompletedOn), in.Organisation, 1, ts(noon(on)), nullString(c.OpenedBy))
	}
	return nil
}

// matchHouseholdCol is the adoption matches' household (migration 00052).
const matchHouseholdCol = ", household_id"

// AdopterHousehold adds a household to the adopters register, checked as
// RecordAdopterHousehold checks it on the day of its latest step, and
// gives it its id and reference; a match in a case added after it may
// name it by that reference.
func (b *Bulk) AdopterHousehold(h *kith.AdopterHousehold, by string) error {
	if b.err != nil || b.households == nil {
		return b.err
	}
	in := h.AdopterHouseholdInput
	last := in.EnquiryOn
	for _, d := range []kith.Date{in.Stage1StartedOn, in.Stage1EndedOn, in.Stage2StartedOn, in.Stage2EndedOn, in.ApplicationOn, in.ApprovedOn, in.LeftOn} {
		if d.After(last) {
			last = d
		}
	}
	if err := in.Validate(last); err != nil {
		return b.fail(fmt.Errorf("bulk: adopters enquiring on %s: %w", in.EnquiryOn, err))
	}
	h.AdopterHouseholdInput = in
	year := in.EnquiryOn.Year
	if _, ok := b.householdNumbers[year]; !ok {
		var n int
		if err := b.db.reader.QueryRowContext(b.ctx, `SELECT COALESCE(MAX(ref_number), 0) FROM adopter_households WHERE ref_year = $1`, year).Scan(&n); err != nil {
			return b.fail(fmt.Errorf("bulk: adopters' numbers: %w", err))
		}
		b.householdNumbers[year] = n
	}
	b.householdNumbers[year]++
	n := b.householdNumbers[year]
	h.ID, h.Reference, h.Version = newID(), kith.AdopterReference(year, n), 1
	b.add("adopter_households", h.ID, h.Reference, year, n, zeroOne(&in.FosteringForAdoption), dt(in.EnquiryOn), dt(in.Stage1StartedOn),
		dt(in.Stage1EndedOn), dt(in.Stage2StartedOn), dt(in.Stage2EndedOn), dt(in.ApplicationOn), dt(in.ApprovedOn), dt(in.LeftOn), in.LeftReason, 1,
		ts(kith.InLondon(last, 12, 0)), nullString(by))
	for i, a := range in.Adopters {
		b.add("adopters", h.ID, i, a.Name, a.Sex, a.Ethnicity, string(a.Disabled))
	}
	b.households[h.Reference] = *h
	return nil
}
