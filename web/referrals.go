package web

import (
	"net/http"

	"kith"
)

// referralsPage lists a case's referrals.
type referralsPage struct {
	caseHeader
	Referrals []kith.Referral
	Today     kith.Date
}

func (s *Server) caseReferrals(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	h.Tab = "referrals"
	_, referrals, err := s.DB.CaseReferrals(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referrals", "Referrals", referralsPage{caseHeader: h, Referrals: referrals, Today: today(s)})
	return nil
}

func (s *Server) backToReferrals(msg string) func(r *http.Request, h caseHeader) (string, string) {
	return func(r *http.Request, h caseHeader) (string, string) {
		return "/cases/" + h.Case.Reference + "/referrals", msg
	}
}

// referralNew records a referral to a service.
func (s *Server) referralNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "referral-new",
		title: func(h caseHeader) string { return "Add a referral" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("referred", today(s))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ReferralInput{Service: f.Raw("service"), Provider: f.Raw("provider"), Reason: f.Raw("reason"), FamilyWanted: f.Raw("family_wanted"),
				Consent: kith.Answer(f.Get("consent")), ConsentNote: f.Raw("consent_note"),
				ReferredOn: f.Date("referred", kith.DateRule{Label: "date of the referral", NotAfter: ptr(today(s))})}
			in.Clean()
			return func() error { return in.Check(today(s)) }, func() error {
				_, err := s.DB.AddReferral(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: s.backToReferrals("Referral added"),
	}
}

// referralLoad shows the referral beside a form on it, and keeps its
// version in the form.
func (s *Server) referralLoad(r *http.Request, h caseHeader) ([]Option, any, error) {
	_, x, err := s.DB.Referral(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
	return nil, x, err
}

func (s *Server) referralVersion(r *http.Request, h caseHeader, f *form) error {
	_, x, err := s.DB.Referral(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
	if err != nil {
		return err
	}
	f.Set("version", itoa(x.Version))
	return nil
}

// referralChase is the referral's page: what was asked for, each chase,
// and the form to record another.
func (s *Server) referralChase() caseForm {
	return caseForm{
		action: kith.ViewCase, page: "referral",
		title:       func(h caseHeader) string { return "Referral" },
		allowClosed: true,
		options:     s.referralLoad,
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("on", today(s))
			return s.referralVersion(r, h, f)
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ChaseInput{On: f.Date("on", kith.DateRule{Label: "date you chased it", NotAfter: ptr(today(s))}), How: f.Get("how"),
				Response: f.Raw("response"), Version: atoi(f.Get("version"))}
			return nil, func() error {
				return s.DB.ChaseReferral(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "/referrals/" + r.PathValue("id"), "Chase recorded"
		},
	}
}

// referralOutcome records the outcome of a referral and any appointment.
func (s *Server) referralOutcome() caseForm {
	return caseForm{
		action: kith.EditCase, page: "referral-outcome",
		title:   func(h caseHeader) string { return "Record the outcome of a referral" },
		options: s.referralLoad,
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			_, x, err := s.DB.Referral(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
			if err != nil {
				return err
			}
			f.Set("outcome", string(x.Outcome))
			f.SetDate("outcome_on", x.OutcomeOn)
			f.Set("outcome_note", x.OutcomeNote)
			f.SetDate("appointment_on", x.AppointmentOn)
			f.Set("appointment", x.Appointment)
			f.Set("version", itoa(x.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.OutcomeInput{Outcome: kith.ReferralOutcome(f.Get("outcome")), OutcomeNote: f.Raw("outcome_note"), Appointment: f.Raw("appointment"),
				OutcomeOn:     f.Date("outcome_on", kith.DateRule{Label: "date of the outcome", NotAfter: ptr(today(s))}),
				AppointmentOn: f.Date("appointment_on", kith.DateRule{Label: "date of the appointment"}), Version: atoi(f.Get("version"))}
			return nil, func() error {
				return s.DB.RecordReferralOutcome(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "/referrals/" + r.PathValue("id"), "Outcome recorded"
		},
	}
}

func init() {
	funcs["chaseOptions"] = func() []Option {
		out := []Option{{Value: "", Label: "Choose how"}}
		for _, m := range kith.ChaseMethods {
			out = append(out, Option{Value: m, Label: m})
		}
		return out
	}
	funcs["outcomeOptions"] = func() []Option {
		out := []Option{{Value: "", Label: "No outcome yet (an appointment only)"}}
		for _, o := range kith.ReferralOutcomes {
			out = append(out, Option{Value: string(o), Label: o.Label()})
		}
		return out
	}
}
