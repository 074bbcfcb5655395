package web

import (
	"net/http"

	"kith"
)

// Contacts to the front door that went no further than it, and early
// help assessments: the case page's "Before a referral" section.

func frontDoorDone(msg string) func(r *http.Request, h caseHeader) (string, string) {
	return func(r *http.Request, h caseHeader) (string, string) {
		return "/cases/" + h.Case.Reference + "#front-door", msg
	}
}

// findByID is the row of rows whose id the path names; a zero row for a
// new one ("new" paths have no id); not found otherwise.
func findByID[T any](r *http.Request, rows []T, id func(T) string, what string) (T, error) {
	var zero T
	want := r.PathValue("id")
	if want == "" {
		return zero, nil
	}
	for _, row := range rows {
		if id(row) == want {
			return row, nil
		}
	}
	return zero, kith.NotFound(what)
}

// contactForm records a contact that did not become a referral, or (with
// an id in the path) corrects one.
func (s *Server) contactForm() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "contact",
		title: func(h caseHeader) string {
			return "A contact about " + h.Child.FirstName + " that was not a referral"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			fd, err := s.DB.CaseFrontDoor(r.Context(), actorFrom(r), h.Case.Reference)
			if err != nil {
				return err
			}
			c, err := findByID(r, fd.Contacts, func(c kith.Contact) string { return c.ID }, "Contact")
			if err != nil || c.ID == "" {
				f.SetDate("contact_on", today(s))
				return err
			}
			f.SetDate("contact_on", c.ContactOn)
			f.Set("source", c.Source)
			f.Set("outcome", c.Outcome)
			f.Set("version", itoa(c.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ContactInput{ContactOn: f.Date("contact_on", kith.DateRule{Label: "date of the contact"}),
				Source: f.Get("source"), Outcome: f.Get("outcome"), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s)) }, func() error {
				_, err := s.DB.RecordContact(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: frontDoorDone("Contact saved"),
	}
}

// earlyHelpForm records an early help assessment, or (with an id in the
// path) corrects one, perhaps recording that it was completed.
func (s *Server) earlyHelpForm() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "early-help-assessment",
		title: func(h caseHeader) string {
			return "An early help assessment of " + h.Child.FirstName + " and their family"
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			fd, err := s.DB.CaseFrontDoor(r.Context(), actorFrom(r), h.Case.Reference)
			if err != nil {
				return err
			}
			e, err := findByID(r, fd.EarlyHelp, func(e kith.EarlyHelpAssessment) string { return e.ID }, "Early help assessment")
			if err != nil || e.ID == "" {
				f.SetDate("started_on", today(s))
				return err
			}
			f.SetDate("started_on", e.StartedOn)
			f.SetDate("completed_on", e.CompletedOn)
			f.Set("organisation", e.Organisation)
			f.Set("version", itoa(e.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.EarlyHelpAssessmentInput{StartedOn: f.Date("started_on", kith.DateRule{Label: "date the assessment started"}),
				CompletedOn:  f.Date("completed_on", kith.DateRule{Label: "date the assessment was completed"}),
				Organisation: f.Get("organisation"), Version: atoi(f.Get("version"))}
			return func() error { return in.Validate(today(s)) }, func() error {
				_, err := s.DB.RecordEarlyHelpAssessment(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), in)
				return err
			}
		},
		done: frontDoorDone("Early help assessment saved"),
	}
}
