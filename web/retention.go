package web

import (
	"net/http"
	"strconv"

	"kith"
	"kith/sqldb"
)

// Retention, for information governance officers: the review list of
// closed cases due for disposal with the council's policy, and each
// case's page, where holds are placed and lifted and disposal proposed
// and approved (by two different officers). See docs/retention.md.

// retentionPage is the review list.
type retentionPage struct {
	formPage
	Review sqldb.RetentionReview
	Today  kith.Date
}

func (s *Server) retentionList(w http.ResponseWriter, r *http.Request) error {
	return s.showRetention(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) showRetention(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	rv, err := s.DB.RetentionReview(r.Context(), actorFrom(r))
	if err != nil {
		return err
	}
	if !f.HasErrors() {
		f.Set("child_protection_years", strconv.Itoa(rv.Policy.ChildProtectionYears))
		f.Set("other_years", strconv.Itoa(rv.Policy.OtherYears))
	}
	s.render(w, r, status, "retention", "Retention and disposal", retentionPage{formPage: formPage{Form: f}, Review: rv, Today: today(s)})
	return nil
}

// yearsField reads a number of years; what is not a whole number is 0,
// which the policy refuses with its own message.
func yearsField(f *form, name string) int {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil {
		return 0
	}
	return n
}

func (s *Server) retentionPolicySave(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	p := kith.RetentionPolicy{ChildProtectionYears: yearsField(f, "child_protection_years"), OtherYears: yearsField(f, "other_years")}
	ok, err := submit(f, p.Validate, func() error { return s.DB.SetRetentionPolicy(r.Context(), actorFrom(r), p) })
	if err != nil {
		return err
	}
	if !ok {
		return s.showRetention(w, r, f, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/retention", "Retention policy saved")
}

// retentionCasePage is one closed case's retention.
type retentionCasePage struct {
	formPage
	Case  kith.CaseRetention
	Today kith.Date
	// Proposer: the officer looking proposed the disposal waiting, so
	// someone else must approve it.
	Proposer bool
	// Liftable are the holds an officer placed that still stand.
	Liftable []Option
}

func (s *Server) retentionCase(w http.ResponseWriter, r *http.Request) error {
	f := newForm(nil)
	f.SetDate("placed_on", today(s))
	return s.showRetentionCase(w, r, f, http.StatusOK)
}

func (s *Server) showRetentionCase(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	a := actorFrom(r)
	cr, err := s.DB.CaseRetention(r.Context(), a, r.PathValue("ref"))
	if err != nil {
		return err
	}
	p := retentionCasePage{formPage: formPage{Form: f}, Case: cr, Today: today(s)}
	for _, h := range cr.HoldsNow(p.Today) {
		if h.ID != "" {
			p.Liftable = append(p.Liftable, Option{Value: h.ID, Label: h.Reason + ", since " + h.PlacedOn.Long()})
		}
	}
	p.Proposer = cr.Disposal != nil && cr.Disposal.State == kith.DisposalProposed && cr.Disposal.ProposedBy == a.User.DisplayName
	s.render(w, r, status, "retention-case", cr.CaseReference+": how long the record is kept", p)
	return nil
}

// retentionPost runs one of the case page's forms: save reads and saves
// it; done is the message shown back on the case's page.
func (s *Server) retentionPost(w http.ResponseWriter, r *http.Request, validate func(f *form) error, save func(f *form) (string, error)) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	var done string
	var check func() error
	if validate != nil {
		check = func() error { return validate(f) }
	}
	ok, err := submit(f, check, func() error {
		var err error
		done, err = save(f)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.showRetentionCase(w, r, f, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/retention/"+r.PathValue("ref"), done)
}

func (s *Server) retentionHold(w http.ResponseWriter, r *http.Request) error {
	read := func(f *form) kith.LegalHoldInput {
		return kith.LegalHoldInput{Reason: f.Get("reason"), PlacedOn: f.Date("placed_on", kith.DateRule{Label: "date the hold starts"})}
	}
	return s.retentionPost(w, r, func(f *form) error { in := read(f); return in.Validate(today(s)) }, func(f *form) (string, error) {
		return "Legal hold placed", s.DB.PlaceLegalHold(r.Context(), actorFrom(r), r.PathValue("ref"), read(f))
	})
}

func (s *Server) retentionLift(w http.ResponseWriter, r *http.Request) error {
	read := func(f *form) kith.LiftHoldInput {
		return kith.LiftHoldInput{HoldID: f.Get("hold"), Reason: f.Get("lift_reason")}
	}
	return s.retentionPost(w, r, func(f *form) error { in := read(f); return in.Validate() }, func(f *form) (string, error) {
		return "Legal hold lifted", s.DB.LiftLegalHold(r.Context(), actorFrom(r), r.PathValue("ref"), read(f))
	})
}

func (s *Server) retentionPropose(w http.ResponseWriter, r *http.Request) error {
	return s.retentionPost(w, r, nil, func(f *form) (string, error) {
		return "Disposal proposed: another information governance officer must approve it",
			s.DB.ProposeDisposal(r.Context(), actorFrom(r), r.PathValue("ref"), f.Get("proposal_note"))
	})
}

func (s *Server) retentionDecide(w http.ResponseWriter, r *http.Request) error {
	read := func(f *form) kith.DisposalDecision {
		return kith.DisposalDecision{Decision: f.Get("decision"), Note: f.Get("decision_note")}
	}
	return s.retentionPost(w, r, func(f *form) error { in := read(f); return in.Validate() }, func(f *form) (string, error) {
		d, err := s.DB.DecideDisposal(r.Context(), actorFrom(r), r.PathValue("ref"), read(f))
		if err != nil {
			return "", err
		}
		if d.State == kith.DisposalDisposed {
			return "The record was disposed of: " + kith.CountRecords(d.Records) + " and " + kith.CountFiles(d.Files) + " removed", nil
		}
		return "Disposal turned down", nil
	})
}
