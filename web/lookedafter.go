package web

import (
	"net/http"
	"strconv"
	"strings"

	"kith"
)

// careForms share what the looked-after forms show beside their fields:
// the child's care so far, and the episode a change or end starts from.
type carePage struct {
	Care    kith.LookedAfter
	Current kith.CareEpisode
}

// careOf loads the case's looked-after history for a form.
func (s *Server) careOf(r *http.Request, h caseHeader) (carePage, error) {
	care, err := s.DB.CaseLookedAfter(r.Context(), actorFrom(r), h.Case.Reference)
	p := carePage{Care: care}
	p.Current, _ = care.Current()
	return p, err
}

// careOptions gives a looked-after form the child's care so far.
func (s *Server) careOptions(r *http.Request, h caseHeader) ([]Option, any, error) {
	p, err := s.careOf(r, h)
	return nil, p, err
}

func readPlacement(f *form) kith.PlacementInput {
	return kith.PlacementInput{LegalStatus: f.Get("legal_status"), PlacementType: f.Get("placement_type"), Provider: f.Get("provider"),
		URN: f.Get("urn"), PlacementPostcode: f.Get("placement_postcode")}
}

func setPlacement(f *form, p kith.PlacementInput) {
	f.Set("legal_status", p.LegalStatus)
	f.Set("placement_type", p.PlacementType)
	f.Set("provider", p.Provider)
	f.Set("urn", p.URN)
	f.Set("placement_postcode", p.PlacementPostcode)
}

// careDone returns to the looked-after section of the case page.
func careDone(msg string) func(r *http.Request, h caseHeader) (string, string) {
	return func(r *http.Request, h caseHeader) (string, string) {
		return "/cases/" + h.Case.Reference + "#looked-after", msg
	}
}

// careStart records that the child became looked after.
func (s *Server) careStart() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-start",
		title:  func(h caseHeader) string { return "Record that " + h.Child.FirstName + " became looked after" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("started_on", today(s))
			ep, err := s.currentEpisode(r, h)
			if err == nil && kith.CareCategoriesOfNeed.Has(ep.PrimaryNeed) {
				f.Set("category_of_need", ep.PrimaryNeed)
			}
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.LookedAfterInput{StartedOn: f.Date("started_on", kith.DateRule{Label: "date they became looked after"}),
				CategoryOfNeed: f.Get("category_of_need"), HomePostcode: f.Get("home_postcode"), PlacementInput: readPlacement(f)}
			return func() error { return in.Validate(today(s), kith.Date{}, kith.Date{}) }, func() error {
				_, err := s.DB.StartLookedAfter(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Looked after from the day given"),
	}
}

// careChange records a change of placement or legal status.
func (s *Server) careChange() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-change",
		title: func(h caseHeader) string {
			return "Record a change of placement or legal status for " + h.Child.FirstName
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			if p.Current.ID == "" {
				return kith.Errorf(kith.ECONFLICT, "%s is not looked after: record that they became looked after first.", h.Child.FirstName)
			}
			f.SetDate("changed_on", today(s))
			setPlacement(f, p.Current.Placement())
			f.Set("version", itoa(p.Current.Version))
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.CareChangeInput{ChangedOn: f.Date("changed_on", kith.DateRule{Label: "date of the change"}), NewCarer: f.Get("new_carer") == "yes",
				ReasonPlaceChange: f.Get("reason_place_change"), PlacementInput: readPlacement(f), Version: atoi(f.Get("version"))}
			return func() error {
					p, err := s.careOf(r, h)
					if err != nil {
						return err
					}
					_, err = in.Validate(today(s), p.Current)
					return err
				}, func() error {
					_, err := s.DB.ChangeCare(r.Context(), actorFrom(r), h.Case.Reference, in)
					return err
				}
		},
		done: careDone("Change saved"),
	}
}

// careEnd records that the child stopped being looked after.
func (s *Server) careEnd() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-end",
		title:  func(h caseHeader) string { return "Record that " + h.Child.FirstName + " stopped being looked after" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			if p.Current.ID == "" {
				return kith.Errorf(kith.ECONFLICT, "%s is not looked after.", h.Child.FirstName)
			}
			f.SetDate("ended_on", today(s))
			f.Set("version", itoa(p.Current.Version))
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.CareEndInput{EndedOn: f.Date("ended_on", kith.DateRule{Label: "date they stopped being looked after"}), Reason: f.Get("reason"),
				Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s), kith.CareEpisode{}) }, func() error {
				_, err := s.DB.EndCare(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Care ended"),
	}
}

// careReview records a looked-after review.
func (s *Server) careReview() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-review",
		title:  func(h caseHeader) string { return "Record a looked-after review for " + h.Child.FirstName },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("held_on", today(s))
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.CLAReviewInput{HeldOn: f.Date("held_on", kith.DateRule{Label: "date of the review"}), Participation: f.Get("participation")}
			return func() error { return in.Validate(today(s), kith.Date{}, kith.Date{}) }, func() error {
				_, err := s.DB.RecordCLAReview(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Review saved"),
	}
}

// carePermanence records whether the child had left care before through
// adoption or an order, for their latest period of care (the SSDA903's
// previous permanence).
func (s *Server) carePermanence() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-permanence",
		title: func(h caseHeader) string {
			return "Had " + h.Child.FirstName + " left care before through adoption or an order?"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			if pp := p.Care.PeriodPermanence(); pp != nil {
				f.Set("option", pp.Option)
				f.Set("la", pp.LA)
				parts := strings.Split(pp.OrderDate, "/")
				if len(parts) == 3 {
					for i, name := range []string{"order-day", "order-month", "order-year"} {
						if !strings.HasPrefix(parts[i], "zz") {
							f.Set(name, strings.TrimLeft(parts[i], "0"))
						}
					}
				}
				f.Set("version", strconv.Itoa(pp.Version))
			}
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.PreviousPermanenceInput{Option: f.Get("option"), LA: f.Get("la"), OrderDay: f.Get("order-day"), OrderMonth: f.Get("order-month"),
				OrderYear: f.Get("order-year"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.RecordPreviousPermanence(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Previous permanence saved"),
	}
}

// healthPage is what the health outcomes form shows: the year, and which
// questions the child is asked at their age.
type healthPage struct {
	carePage
	Year      kith.CollectionYear
	Questions kith.HealthQuestions
	// Asked says the 903 asks them of this child for the year: looked
	// after for the whole of it (so far).
	Asked bool
}

// healthYear is the year a health outcomes form is for: the one asked
// for, or the latest the child was looked after for the whole of.
func (s *Server) healthYear(r *http.Request, care kith.LookedAfter) kith.CollectionYear {
	if y, err := kith.ParseCollectionYear(r.FormValue("year")); err == nil {
		return y
	}
	if years := care.HealthYears(today(s)); len(years) > 0 {
		return years[0].Year
	}
	return kith.CollectionYearOn(today(s))
}

// careHealth records a looked-after child's health outcomes for a year
// (the SSDA903's OC2). Only the questions for the child's age are shown;
// the follow-up questions on substance misuse count only when they follow,
// as a revealed question would, since radios cannot be cleared.
func (s *Server) careHealth() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-health",
		title: func(h caseHeader) string {
			return h.Child.FirstName + "'s health outcomes for the year"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			y := s.healthYear(r, p.Care)
			f.Set("year", y.String())
			if o := p.Care.HealthFor(y); o != nil {
				if o.SDQScore != nil {
					f.Set("sdq_score", strconv.Itoa(*o.SDQScore))
				}
				f.Set("sdq_reason", o.SDQReason)
				for i, answer := range o.Answers() {
					if *answer != nil {
						f.Set(healthFields[i], map[bool]string{true: "yes", false: "no"}[**answer])
					}
				}
				f.Set("version", strconv.Itoa(o.Version))
			}
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			p, err := s.careOf(r, h)
			y := s.healthYear(r, p.Care)
			return nil, healthPage{carePage: p, Year: y, Questions: kith.HealthQuestionsFor(h.Child.DateOfBirth, y),
				Asked: kith.LookedAfterWholeYear(p.Care.Episodes, y.SoFar(today(s)))}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.HealthOutcomesInput{Year: f.Get("year"), SDQReason: f.Get("sdq_reason"), Version: atoi(f.Get("version"))}
			score, ok := kith.ParseSDQScore(f.Get("sdq_score"))
			if !ok {
				return func() error {
					var v kith.Validation
					v.Add("sdq_score", "Enter the score as a whole number from 0 to 40")
					return v.Err()
				}, nil
			}
			in.SDQScore = score
			for i, answer := range in.Answers() {
				switch f.Get(healthFields[i]) {
				case "yes":
					*answer = new(bool)
					**answer = true
				case "no":
					*answer = new(bool)
				}
			}
			if in.SubstanceMisuse == nil || !*in.SubstanceMisuse {
				in.InterventionReceived = nil
			}
			if in.InterventionReceived == nil || *in.InterventionReceived {
				in.InterventionOffered = nil
			}
			return nil, func() error {
				_, err := s.DB.RecordHealthOutcomes(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Health outcomes saved"),
	}
}

// leaverPage is what the care leaver outcomes form shows: the year and
// the birthday in it.
type leaverPage struct {
	carePage
	Leaver kith.LeaverYear
}

// leaverYear is the year a care leaver outcomes form is for: the one
// asked for, or the latest the 903 asks about the young person in.
func (s *Server) leaverYear(r *http.Request, h caseHeader, care kith.LookedAfter) kith.LeaverYear {
	years := care.LeaverYears(h.Child.DateOfBirth, today(s))
	if y, err := kith.ParseCollectionYear(r.FormValue("year")); err == nil {
		for _, ly := range years {
			if ly.Year == y {
				return ly
			}
		}
		return kith.LeaverYear{Year: y}
	}
	if len(years) > 0 {
		return years[0]
	}
	return kith.LeaverYear{Year: kith.CollectionYearOn(today(s))}
}

// careLeaver records what the SSDA903 asks about a care leaver on their
// 17th to 21st birthday (its OC3). Suitability counts only with an
// accommodation, as a revealed question would, since radios cannot be
// cleared.
func (s *Server) careLeaver() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-leaving",
		title: func(h caseHeader) string {
			return h.Child.FirstName + " as a care leaver"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			ly := s.leaverYear(r, h, p.Care)
			f.Set("year", ly.Year.String())
			if o := ly.Outcomes; o != nil {
				f.Set("in_touch", o.InTouch)
				f.Set("activity", o.Activity)
				f.Set("accommodation", o.Accommodation)
				f.Set("suitable", o.Suitable)
				f.Set("version", strconv.Itoa(o.Version))
			}
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			p, err := s.careOf(r, h)
			return nil, leaverPage{carePage: p, Leaver: s.leaverYear(r, h, p.Care)}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.CareLeaverInput{Year: f.Get("year"), InTouch: f.Get("in_touch"), Activity: f.Get("activity"),
				Accommodation: f.Get("accommodation"), Suitable: f.Get("suitable"), Version: atoi(f.Get("version"))}
			if in.Accommodation == "" {
				in.Suitable = ""
			}
			return nil, func() error {
				_, err := s.DB.RecordCareLeaverOutcomes(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Care leaver outcomes saved"),
	}
}

// healthFields are the form's names for the yes-or-no answers, in the
// order of kith.HealthOutcomes.Answers.
var healthFields = []string{"convicted", "health_check", "immunisations", "teeth_check", "health_assessment", "substance_misuse",
	"intervention_received", "intervention_offered"}

// missingPage is what the missing form shows: the episode being changed,
// if any.
type missingPage struct {
	Missing kith.MissingEpisode
}

// missingOf finds the missing episode the path names, or none for a new one.
func (s *Server) missingOf(r *http.Request, h caseHeader) (kith.MissingEpisode, error) {
	id := r.PathValue("id")
	if id == "" {
		return kith.MissingEpisode{}, nil
	}
	care, err := s.DB.CaseLookedAfter(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return kith.MissingEpisode{}, err
	}
	for _, m := range care.Missing {
		if m.ID == id {
			return m, nil
		}
	}
	return kith.MissingEpisode{}, kith.NotFound("Missing episode")
}

// missingForm records a missing episode, or (with an id in the path)
// the child's return and the return interview.
func (s *Server) missingForm() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "missing",
		title: func(h caseHeader) string {
			return "Record a time " + h.Child.FirstName + " was missing or away"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			m, err := s.missingOf(r, h)
			if err != nil {
				return err
			}
			if m.ID == "" {
				f.SetDate("started_on", today(s))
				return nil
			}
			f.Set("kind", m.Kind)
			f.SetDate("started_on", m.StartedOn)
			f.SetDate("ended_on", m.EndedOn)
			f.Set("interview_offered", m.InterviewOffered)
			f.Set("interview_accepted", m.InterviewAccepted)
			f.Set("version", itoa(m.Version))
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			m, err := s.missingOf(r, h)
			return nil, missingPage{Missing: m}, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.MissingInput{Kind: f.Get("kind"), StartedOn: f.Date("started_on", kith.DateRule{Label: "date they went missing"}),
				EndedOn:          f.Date("ended_on", kith.DateRule{Label: "date they came back"}),
				InterviewOffered: f.Get("interview_offered"), InterviewAccepted: f.Get("interview_accepted"), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s), kith.Date{}) }, func() error {
				_, err := s.DB.RecordMissing(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: careDone("Missing episode saved"),
	}
}

// carePermanencePlan records or changes the permanence plan of the
// child's latest period of care.
func (s *Server) carePermanencePlan() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "looked-after-permanence-plan",
		title: func(h caseHeader) string {
			return h.Child.FirstName + "'s permanence plan"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.careOf(r, h)
			if err != nil {
				return err
			}
			if pp := p.Care.PeriodPermanencePlan(); pp != nil {
				f.Set("plan", pp.Plan)
				f.SetDate("agreed_on", pp.AgreedOn)
				f.Set("version", strconv.Itoa(pp.Version))
			}
			return nil
		},
		options: s.careOptions,
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.PermanencePlanInput{Plan: f.Get("plan"), AgreedOn: f.Date("agreed_on", kith.DateRule{Label: "date the plan was agreed"}),
				Version: atoi(f.Get("version"))}
			return nil, func() error {
				_, err := s.DB.RecordPermanencePlan(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: careDone("Permanence plan saved"),
	}
}
