package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"kith"
	"kith/sqldb"
)

// careSalt seeds each child's looked-after history apart from the rest of
// the case, so a council generated with the same seed is as it was before
// these histories were generated, but for them.
const careSalt = 0x636c6131

// The synthetic council's looked-after children, with invented weights
// roughly in the proportions of England's returns: most on interim care
// orders or accommodated by agreement, most in foster care with the
// council's own carers, teenagers more often in children's homes and
// supported accommodation.
var (
	careLegalStatuses = []codeWeight{{"C1", 45}, {"V2", 40}, {"L2", 6}, {"L1", 4}, {"C2", 3}, {"J1", 2}}
	careNeeds         = []codeWeight{{"N1", 62}, {"N5", 12}, {"N4", 9}, {"N8", 8}, {"N2", 4}, {"N3", 3}, {"N6", 1}, {"N7", 1}}
	childPlacements   = []codeWeight{{"U6", 55}, {"U3", 15}, {"U4", 8}, {"K2", 8}, {"P1", 5}, {"U1", 4}, {"S1", 2}, {"U5", 2}, {"R1", 1}}
	teenPlacements    = []codeWeight{{"U6", 35}, {"K3", 30}, {"K2", 20}, {"U3", 10}, {"P1", 5}}
	fosterProviders   = []codeWeight{{"PR1", 60}, {"PR4", 35}, {"PR5", 5}}
	homeProviders     = []codeWeight{{"PR4", 80}, {"PR1", 10}, {"PR5", 10}}
	moveReasons       = []codeWeight{{"CARPL", 30}, {"CREQO", 15}, {"CREQB", 15}, {"LAREQ", 10}, {"OTHER", 10}, {"CHILD", 8}, {"CLOSE", 5}, {"STAND", 4}, {"ALLEG", 3}}
	participations    = []codeWeight{{"PN1", 45}, {"PN7", 16}, {"PN6", 12}, {"PN5", 10}, {"PN2", 8}, {"PN4", 5}, {"PN3", 4}}
	leavingAt18       = []codeWeight{{"E5", 45}, {"E17", 25}, {"E6", 20}, {"E8", 10}}
	// Adoption (E11, E12) is not drawn: adoptionPath chooses the children
	// adopted, with the decision, order, match and placement before it.
	leavingEarlier = []codeWeight{{"E4A", 40}, {"E8", 12}, {"E4B", 8}, {"E13", 8}, {"E41", 6}, {"E45", 6}, {"E47", 6}, {"E48", 3}}
)

// care gives a child whose timeline has a looked-after status the history
// behind it: the period of care from the status's start, moves between
// placements and a care order following an interim one, reviews on their
// clock (one in eight late), a teenager's times missing, and the end of
// care with its reason when the status ended.
func (g *gen) care(tl *timeline, h *household, c *sqldb.BulkCase, child *kith.Person, i int) {
	var period *statusPlan
	for k := range tl.statuses {
		if tl.statuses[k].kind == kith.StatusCLA {
			period = &tl.statuses[k]
		}
	}
	if period == nil {
		return
	}
	r := rand.New(rand.NewPCG(uint64(g.cfg.Seed)^careSalt, uint64(h.f.seq)<<4|uint64(i)))
	start, limit := period.from, g.today
	if !period.to.IsZero() {
		limit = period.to
	}
	care := &sqldb.BulkCare{ChildBorn: child.DateOfBirth}
	if period.by != nil {
		care.By = period.by.id
	}
	legal := draw(r, careLegalStatuses)
	if legal == "J1" && child.DateOfBirth.AgeOn(start) < 10 {
		legal = "V2" // remanded only from the age of criminal responsibility (rule 358)
	}
	place := carePlacement(r, legal, child.DateOfBirth.AgeOn(start), h.place.Postcode)
	care.Start = kith.LookedAfterInput{StartedOn: start, CategoryOfNeed: draw(r, careNeeds), HomePostcode: homePostcode(r, child, start, h.f.team.town),
		PlacementInput: place}
	care.Permanence = previousPermanence(h.f.seq, start)

	// Police protection lasts at most 72 hours and an emergency protection
	// order at most 15 days (Children Act 1989, ss 45 and 46; SSDA903
	// rules 361 and 362): the court makes an interim care order, or the
	// parents agree to accommodation, within them.
	on := start
	if emergency := place.LegalStatus; emergency == "L1" || emergency == "L2" {
		on = start.AddDays(between(r, 1, 3))
		if emergency == "L2" {
			on = start.AddDays(between(r, 3, 14))
		}
		if on.Before(limit) {
			ch := kith.CareChangeInput{ChangedOn: on, PlacementInput: place}
			ch.LegalStatus = pick(r, []string{"C1", "C1", "C1", "V2"})
			place = ch.PlacementInput
			care.Changes = append(care.Changes, ch)
		}
	}

	// Changes, three months to a year and a half apart.
	for n := 0; n < 5; n++ {
		on = on.AddDays(between(r, 90, 540))
		if !on.Before(limit) {
			break
		}
		ch := kith.CareChangeInput{ChangedOn: on, PlacementInput: place}
		switch {
		case place.LegalStatus == "C1" && chance(r, 0.7):
			ch.LegalStatus = "C2" // the final hearing: a full care order
		case place.PlacementType == "U6" && chance(r, 0.2):
			ch.PlacementType, ch.ReasonPlaceChange = "U4", "CARPL" // the same carers, now long-term
		default:
			next := carePlacement(r, place.LegalStatus, child.DateOfBirth.AgeOn(on), "")
			ch.PlacementInput, ch.NewCarer, ch.ReasonPlaceChange = next, true, draw(r, moveReasons)
		}
		place = ch.PlacementInput
		care.Changes = append(care.Changes, ch)
	}

	// Reviews: the first 20 working days on (about four weeks), the second
	// three months after, then every six; held a few days early, or late.
	due := start.AddDays(28)
	for n := 0; ; n++ {
		held := due.AddDays(-between(r, 0, 6))
		if r.IntN(8) == 0 {
			held = due.AddDays(between(r, 1, 20))
		}
		if held.Before(start) {
			held = start
		}
		if held.After(limit) || held.After(g.today) {
			break
		}
		pn := draw(r, participations)
		if child.DateOfBirth.AgeOn(held) < 4 {
			pn = "PN0"
		}
		care.Reviews = append(care.Reviews, kith.CLAReviewInput{HeldOn: held, Participation: pn})
		months := 6
		if n == 0 {
			months = 3
		}
		due = kith.DateOf(held.Time(kith.London).AddDate(0, months, 0))
	}

	// A teenager in four goes missing now and then.
	if child.DateOfBirth.AgeOn(start) >= 11 && r.IntN(4) == 0 {
		span := max(1, days(start, limit))
		for n := between(r, 1, 4); n > 0; n-- {
			gone := start.AddDays(r.IntN(span))
			m := kith.MissingInput{Kind: "M", StartedOn: gone}
			if r.IntN(10) < 3 {
				m.Kind = "A"
			}
			if back := gone.AddDays(between(r, 0, 3)); !back.After(limit) && back.Before(g.today) {
				m.EndedOn, m.InterviewOffered = back, "yes"
				switch {
				case r.IntN(100) < 15:
					m.InterviewOffered = "no"
				case r.IntN(100) < 55:
					m.InterviewAccepted = "yes"
				default:
					m.InterviewAccepted = "no"
				}
			}
			care.Missing = append(care.Missing, m)
		}
		care.Missing = oneAbsenceAtATime(care.Missing)
	}

	if !period.to.IsZero() {
		reasons := leavingEarlier
		if child.DateOfBirth.AgeOn(period.to) >= 18 {
			reasons = leavingAt18
		}
		reason := draw(r, reasons)
		if (reason == "E45" || reason == "E46") && !strings.HasPrefix(place.PlacementType, "U") {
			// A special guardianship order to former foster carers needs
			// foster carers (rule 516); to other carers otherwise.
			reason = "E47"
		}
		care.End = &kith.CareEndInput{EndedOn: period.to, Reason: reason}
		care.Leaving = leaverOutcomes(h.f.seq*5+i, child.DateOfBirth, kith.CareEpisode{StartedOn: start, ReasonNew: kith.RNEStarted,
			EndedOn: period.to, ReasonEnded: reason}, g.today)
	}
	adoptionPath(h.f.seq*5+i, child.DateOfBirth, period.to, g.today, care)
	g.adopters(h.f.seq*5+i, care)
	care.PermanencePlan = permanencePlan(h.f.seq*5+i, child.DateOfBirth, care, g.today)
	care.Health = healthOutcomes(h.f.seq*5+i, child.DateOfBirth, start, period.to, g.today)
	c.Care = care
}

// adoptionPath makes one young child in five who is looked after for a
// year and a half or more a child placed for adoption: the decision a
// third of the way through their care, the placement order, the match
// with adopters and the placement with them, and, when care ended, the
// adoption. Their care's later changes give way to these. Chosen from the
// child's place in the council, not the care's random stream.
func adoptionPath(n0 int, dob, ended, today kith.Date, care *sqldb.BulkCare) {
	start := care.Start.StartedOn
	end := ended
	if end.IsZero() {
		end = today
	}
	span := days(start, end)
	if n0%5 != 0 || dob.AgeOn(start) >= 4 || span < 540 {
		return
	}
	at := func(share int) kith.Date { return start.AddDays(span * share / 100) }
	decided := at(30)
	place := care.Start.PlacementInput
	var kept []kith.CareChangeInput
	for _, ch := range care.Changes {
		if ch.ChangedOn.Before(decided) {
			kept = append(kept, ch)
			place = ch.PlacementInput
		}
	}
	order := kith.CareChangeInput{ChangedOn: at(45), PlacementInput: place}
	order.LegalStatus = "E1"
	adopters := kith.PlacementInput{LegalStatus: "E1", PlacementType: "A6", Provider: "PR1", URN: fmt.Sprintf("SC%06d", 100000+n0%900000),
		PlacementPostcode: place.PlacementPostcode}
	placed := kith.CareChangeInput{ChangedOn: at(70), PlacementInput: adopters, NewCarer: true, ReasonPlaceChange: "CARPL"}
	care.Changes = append(kept, order, placed)
	care.Decision = &kith.AdoptionDecisionInput{DecidedOn: decided}
	couples := []struct{ sex, status string }{{"MF", "L11"}, {"MF", "L3"}, {"FF", "L12"}, {"MM", "L2"}, {"F1", "L0"}}
	who := couples[(n0/5)%len(couples)]
	care.Match = &kith.AdoptionMatchInput{MatchedOn: at(60), AdoptersSex: who.sex, AdoptersStatus: who.status}
	if care.End != nil {
		care.End.Reason = []string{"E11", "E12"}[(n0/5)%2]
	}
}

// leaverOutcomes are what is recorded about a care leaver on each birthday
// the 903 asks about (17th to 21st), a week after it: mostly in touch, in
// education, training or work, or not, and in their own place, supported
// accommodation or staying put with their foster carers; now and then not
// in touch or refusing contact. Chosen from the child's place in the
// council, as health outcomes are. care is the whole period of care as one
// episode, which is all CareLeaverBirthday reads of it.
func leaverOutcomes(n0 int, dob kith.Date, care kith.CareEpisode, today kith.Date) []sqldb.BulkLeaver {
	var out []sqldb.BulkLeaver
	for y := kith.CollectionYearOn(care.EndedOn); !y.Start().After(today); y = (kith.CollectionYear{StartYear: y.StartYear + 1}) {
		b, age, ok := kith.CareLeaverBirthday(dob, []kith.CareEpisode{care}, y)
		on := b.AddDays(7)
		if !ok || on.After(today) {
			continue
		}
		n := n0*17 + age
		in := kith.CareLeaverInput{Year: y.String(), InTouch: "YES", Activity: []string{"F2", "F5", "G5", "P5", "F4", "F1", "G6", "G4"}[n%8]}
		in.Accommodation, in.Suitable = []string{"U", "D", "E", "B", "T", "K"}[n%6], "1"
		switch {
		case care.ReasonEnded == "E17" && age > 17 && age <= 20:
			in.Accommodation = "Z" // staying put with the foster carers
		case n%23 == 0:
			in.Accommodation, in.Suitable = "S", "2"
		case n%11 == 0:
			in.Suitable = "2"
		}
		switch n % 19 {
		case 4:
			in = kith.CareLeaverInput{Year: in.Year, InTouch: "NO"}
		case 9:
			in = kith.CareLeaverInput{Year: in.Year, InTouch: "REFU", Activity: in.Activity}
		case 13:
			in = kith.CareLeaverInput{Year: in.Year, InTouch: "NREQ"}
		}
		out = append(out, sqldb.BulkLeaver{Outcomes: in, On: on})
	}
	return out
}

// healthOutcomes are the 903's health outcomes (OC2) recorded for each
// collection year a child was looked after for the whole of, this one so
// far among them (recorded today, as health assessments are done through
// the year): most checks up to date, a score for each child of the
// questionnaire's ages, now and then a reason there is none, a teenager
// in ten with a substance misuse problem and one in twenty convicted. As
// with previous permanence they are chosen from the child's place in the
// council (n0), not the care's random stream.
func healthOutcomes(n0 int, dob, start, ended, today kith.Date) []sqldb.BulkHealth {
	var out []sqldb.BulkHealth
	yes, no := true, false
	answer := func(n, in int) *bool {
		if n%in == 0 {
			return &no
		}
		return &yes
	}
	for y := kith.CollectionYearOn(start); !y.Start().After(today); y = (kith.CollectionYear{StartYear: y.StartYear + 1}) {
		so := y.SoFar(today)
		if start.After(y.Start()) || (!ended.IsZero() && ended.Before(so.End())) {
			continue
		}
		n := n0*31 + y.StartYear
		q := kith.HealthQuestionsFor(dob, y)
		in := kith.HealthOutcomesInput{Year: y.String(), Immunisations: answer(n, 9), TeethCheck: answer(n/3, 7),
			HealthAssessment: answer(n/5, 11), SubstanceMisuse: &no}
		if q.SDQ {
			switch score := 3 + n%24; {
			case n%17 == 0 && q.SDQ1:
				in.SDQReason = "SDQ1"
			case n%13 == 0:
				in.SDQReason = []string{"SDQ2", "SDQ5", "SDQ4", "SDQ3"}[n%4]
			default:
				in.SDQScore = &score
			}
		}
		if q.HealthCheck {
			in.HealthCheck = answer(n/7, 8)
		}
		if q.Convicted {
			in.Convicted = &no
			if n%20 == 3 {
				in.Convicted = &yes
			}
		}
		if dob.AgeOn(so.End()) >= 13 && n%10 == 1 {
			in.SubstanceMisuse = &yes
			in.InterventionReceived = answer(n/10, 3)
			if !*in.InterventionReceived {
				in.InterventionOffered = answer(n/30, 2)
			}
		}
		out = append(out, sqldb.BulkHealth{Outcomes: in, On: so.End()})
	}
	return out
}

// carePlacement is a new placement under a legal status: its type for the
// child's age, its provider and, where the return asks for one, an Ofsted
// URN; postcode is the placement's if known.
func carePlacement(r *rand.Rand, legalStatus string, age int, postcodeOf string) kith.PlacementInput {
	types := childPlacements
	if age >= 16 {
		types = teenPlacements
	}
	p := kith.PlacementInput{LegalStatus: legalStatus, PlacementType: draw(r, types), PlacementPostcode: postcodeOf}
	if p.PlacementType == "S1" && age < 4 {
		p.PlacementType = "U6" // a residential school from the age of 4 (SSDA903 rule 373)
	}
	if p.PlacementType == "P1" && legalStatus != "C1" && legalStatus != "C2" {
		// Placed with parents only under a care order (SSDA903 rule 378).
		p.PlacementType = "U6"
	}
	if p.PlacementPostcode == "" {
		p.PlacementPostcode = postcode(r, r.IntN(len(towns)))
	}
	switch p.PlacementType[0] {
	case 'U':
		p.Provider = draw(r, fosterProviders)
	case 'P':
		p.Provider = "PR0"
	default:
		p.Provider = draw(r, homeProviders)
	}
	if kith.NeedsURN(p.PlacementType) {
		p.URN = fmt.Sprintf("SC%06d", between(r, 100000, 999999))
	}
	return p
}

// homePostcode is the postcode of the child's home before care began.
func homePostcode(r *rand.Rand, child *kith.Person, start kith.Date, town int) string {
	for _, a := range child.Addresses {
		if a.FromDate.Before(start) && a.Postcode != "" {
			if pc, ok := kith.CleanPostcode(a.Postcode); ok {
				return pc
			}
		}
	}
	return postcode(r, town)
}

// oneAbsenceAtATime puts absences in order and drops any that begins
// before the one before it ended, or after one that has not ended: a child
// is missing once at a time (SSDA903 rule 574).
func oneAbsenceAtATime(list []kith.MissingInput) []kith.MissingInput {
	sort.SliceStable(list, func(i, j int) bool { return list[i].StartedOn.Before(list[j].StartedOn) })
	var out []kith.MissingInput
	for _, m := range list {
		if n := len(out); n > 0 && (out[n-1].EndedOn.IsZero() || !m.StartedOn.After(out[n-1].EndedOn)) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// previousPermanence is whether a child starting care had left it before
// through an order: about one in 25 through a special guardianship order
// and one in 50 through a child arrangements order, arranged by a
// neighbouring council, with only the month and year of the order known;
// no for the rest. It is chosen from the family's place in the council,
// not the care's random stream, so the rest of the care is as it was.
func previousPermanence(seq int, start kith.Date) *kith.PreviousPermanenceInput {
	order := func(option string) *kith.PreviousPermanenceInput {
		return &kith.PreviousPermanenceInput{Option: option, LA: "333", OrderMonth: strconv.Itoa(1 + seq%12), OrderYear: strconv.Itoa(start.Year - 3)}
	}
	switch {
	case seq%25 == 7:
		return order("P2")
	case seq%50 == 11:
		return order("P3")
	}
	return &kith.PreviousPermanenceInput{Option: "Z1"}
}
