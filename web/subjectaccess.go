package web

import (
	"net/http"
	"strconv"

	"kith"
)

// Subject access requests, for information governance officers: the
// requests logged, each one's clock, and the form to log or change one.

// subjectAccessPage is the list: every request, the most urgent first,
// with the requests counted by how late they are.
type subjectAccessPage struct {
	Requests []kith.SubjectAccessRequest
	Lateness []kith.SARLatenessCount
}

func (s *Server) subjectAccessList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.DB.SubjectAccessRequests(r.Context(), actorFrom(r))
	if err != nil {
		return err
	}
	p := subjectAccessPage{Requests: rs, Lateness: kith.CountSARLateness(rs)}
	s.render(w, r, http.StatusOK, "subject-access", "Subject access requests", p)
	return nil
}

// subjectAccessFormPage is a request's form.
type subjectAccessFormPage struct {
	formPage
	Request kith.SubjectAccessRequest
}

// sarDates are the form's dates, with their labels as in a sentence.
var sarDates = []struct{ name, label string }{
	{"received_on", "date the request was received"}, {"identity_confirmed_on", "date proof of identity arrived"},
	{"extended_on", "date of the extension"}, {"responded_on", "date of the answer"}, {"withdrawn_on", "date it was withdrawn"},
}

func sarDatePtrs(in *kith.SubjectAccessInput) []*kith.Date {
	return []*kith.Date{&in.ReceivedOn, &in.IdentityConfirmedOn, &in.ExtendedOn, &in.RespondedOn, &in.WithdrawnOn}
}

func (s *Server) subjectAccessForm(w http.ResponseWriter, r *http.Request) error {
	f := newForm(nil)
	var req kith.SubjectAccessRequest
	if id := r.PathValue("id"); id != "" {
		var err error
		if req, err = s.DB.SubjectAccessRequest(r.Context(), actorFrom(r), id); err != nil {
			return err
		}
		fillSubjectAccess(f, req)
	} else {
		if !kith.MayHandleSubjectAccess(actorFrom(r)) {
			return kith.Errorf(kith.EFORBIDDEN, "Only information governance officers can log subject access requests.")
		}
		f.Set("version", "0")
		f.Set("extension_months", "0")
	}
	return s.showSubjectAccess(w, r, f, req, http.StatusOK)
}

func fillSubjectAccess(f *form, req kith.SubjectAccessRequest) {
	in := req.SubjectAccessInput
	f.Set("case_reference", in.CaseReference)
	f.Set("requester_name", in.RequesterName)
	f.Set("relation", in.Relation)
	f.Set("identity_check", in.IdentityCheck)
	f.Set("extension_months", strconv.Itoa(in.ExtensionMonths))
	f.Set("extension_reason", in.ExtensionReason)
	f.Set("notes", in.Notes)
	for i, d := range sarDatePtrs(&in) {
		f.SetDate(sarDates[i].name, *d)
	}
	f.Set("version", itoa(req.Version))
}

func (s *Server) showSubjectAccess(w http.ResponseWriter, r *http.Request, f *form, req kith.SubjectAccessRequest, status int) error {
	title := "Log a subject access request"
	if req.ID != "" {
		title = req.Reference + ": " + req.SubjectName + "’s record"
	}
	s.render(w, r, status, "subject-access-request", title, subjectAccessFormPage{formPage: formPage{Form: f}, Request: req})
	return nil
}

func (s *Server) subjectAccessSave(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.SubjectAccessInput{CaseReference: f.Get("case_reference"), RequesterName: f.Get("requester_name"), Relation: f.Get("relation"),
		IdentityCheck: f.Get("identity_check"), ExtensionReason: f.Get("extension_reason"), Notes: f.Get("notes"), Version: atoi(f.Get("version"))}
	if n, err := strconv.Atoi(f.Get("extension_months")); err == nil {
		in.ExtensionMonths = n
	} else if f.Get("extension_months") != "" {
		in.ExtensionMonths = -1 // not a choice the form offers: Validate says so
	}
	for i, d := range sarDatePtrs(&in) {
		*d = f.Date(sarDates[i].name, kith.DateRule{Label: sarDates[i].label})
	}
	id := r.PathValue("id")
	_, cal, err := s.DB.TimelinessSettings(r.Context())
	if err != nil {
		return err
	}
	validate := func() error { return in.Validate(today(s), cal.BankHolidaysOnly()) }
	var saved kith.SubjectAccessRequest
	ok, err := submit(f, validate, func() error {
		var err error
		saved, err = s.DB.RecordSubjectAccessRequest(r.Context(), actorFrom(r), id, in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		var req kith.SubjectAccessRequest
		if id != "" {
			if req, err = s.DB.SubjectAccessRequest(r.Context(), actorFrom(r), id); err != nil {
				return err
			}
			if statusFor(f) == http.StatusConflict {
				f.Set("version", itoa(req.Version)) // what they typed stays, over the newer version
			}
		}
		return s.showSubjectAccess(w, r, f, req, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/subject-access", saved.Reference+" saved")
}
