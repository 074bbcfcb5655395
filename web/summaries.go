package web

import (
	"net/http"
	"net/url"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// summariesPage lists a case's summaries and says whether the latest
// reaches the last record, as closing or transferring the case needs.
type summariesPage struct {
	caseHeader
	Summaries []kith.Summary
	Context   *sqldb.SummaryContext
}

func (s *Server) caseSummaries(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	h.Tab = "summaries"
	_, list, err := s.DB.CaseSummaries(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	sc, err := s.DB.SummaryContext(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "summaries", "Case summaries", summariesPage{caseHeader: h, Summaries: list, Context: sc})
	return nil
}

// summaryNewPage is the start of a summary: its reason and period, with
// the finalised summaries it might overlap beside them.
type summaryNewPage struct {
	formPage
	caseHeader
	Context *sqldb.SummaryContext
}

func (s *Server) summaryNewForm(w http.ResponseWriter, r *http.Request) error {
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
		reason := r.URL.Query().Get("reason")
		if !kith.SummaryReason(reason).Valid() {
			reason = string(kith.SummaryPeriodic)
		}
		f.Set("reason", reason)
	}
	return s.showSummaryNew(w, r, f, http.StatusOK, !kept)
}

func (s *Server) showSummaryNew(w http.ResponseWriter, r *http.Request, f *form, status int, fresh bool) error {
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	h.Tab = "summaries"
	sc, err := s.DB.SummaryContext(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	if fresh {
		f.SetDate("from", sc.Suggested.From)
		f.SetDate("to", sc.Suggested.To)
	}
	s.render(w, r, status, "summary-new", "Start a case summary", summaryNewPage{formPage: formPage{Form: f}, caseHeader: h, Context: sc})
	return nil
}

func (s *Server) summaryNew(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.SummaryStart{Reason: kith.SummaryReason(f.Get("reason")), OverlapReason: f.Raw("overlap_reason"),
		Period: kith.SummaryPeriod{From: f.Date("from", kith.DateRule{Label: "first day the summary covers", Required: true}),
			To: f.Date("to", kith.DateRule{Label: "last day the summary covers", Required: true})}}
	if !f.HasErrors() {
		f.SetErrors(in.Check(today(s), nil))
	}
	if f.HasErrors() {
		return s.showSummaryNew(w, r, f, http.StatusUnprocessableEntity, false)
	}
	sum, err := s.DB.StartSummary(r.Context(), actorFrom(r), r.PathValue("ref"), in)
	if err != nil {
		if f.SetErrors(err) {
			return s.showSummaryNew(w, r, f, statusFor(f), false)
		}
		return err
	}
	return s.redirect(w, r, "/cases/"+sum.CaseReference+"/records/"+sum.RecordID,
		"Summary started: "+plural(sum.Facts.Records, "record", "records")+" gathered from "+sum.Period.From.Long()+" to "+sum.Period.To.Long())
}

// summaryFor loads a summary for a form or page on it, checking the link's
// case is the summary's own.
func (s *Server) summaryFor(r *http.Request, perm kith.Permission) (caseHeader, *kith.Summary, error) {
	h, err := s.caseFor(r, perm)
	if err != nil {
		return h, nil, err
	}
	sum, err := s.DB.Summary(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return h, nil, err
	}
	if sum.CaseReference != h.Case.Reference {
		return h, nil, kith.NotFound("Case summary")
	}
	h.Tab = "summaries"
	return h, sum, nil
}

// summaryFormPage is a form about one summary: sharing it, signing it off.
type summaryFormPage struct {
	formPage
	caseHeader
	Summary *kith.Summary
	Today   kith.Date
}

func (s *Server) summaryShareForm(w http.ResponseWriter, r *http.Request) error {
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
		f.SetDate("on", today(s))
	}
	return s.showSummaryForm(w, r, "summary-share", "Record sharing the summary with the family", kith.EditCase, f, http.StatusOK)
}

func (s *Server) showSummaryForm(w http.ResponseWriter, r *http.Request, page, title string, perm kith.Permission, f *form, status int) error {
	h, sum, err := s.summaryFor(r, perm)
	if err != nil {
		return err
	}
	s.render(w, r, status, page, title, summaryFormPage{formPage: formPage{Form: f}, caseHeader: h, Summary: sum, Today: today(s)})
	return nil
}

func (s *Server) summaryShare(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.SharingInput{On: f.Date("on", kith.DateRule{Label: "date the summary was shared", Required: true}), How: f.Raw("how"), With: f.Raw("with"),
		Comments: f.Raw("comments"), WrittenBy: f.Get("written_by")}
	in.Clean()
	if !f.HasErrors() {
		err = s.DB.ShareSummary(r.Context(), actorFrom(r), r.PathValue("id"), in)
		if err != nil && !f.SetErrors(err) {
			return err
		}
	}
	if f.HasErrors() {
		return s.showSummaryForm(w, r, "summary-share", "Record sharing the summary with the family", kith.EditCase, f, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/records/"+r.PathValue("id")+"#sharing", "Sharing with the family recorded")
}

func (s *Server) summarySignOffForm(w http.ResponseWriter, r *http.Request) error {
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
	}
	return s.showSummaryForm(w, r, "summary-sign-off", "Countersign the summary", kith.ManageCase, f, http.StatusOK)
}

func (s *Server) summarySignOff(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if !f.HasErrors() {
		err = s.DB.SignOffSummary(r.Context(), actorFrom(r), r.PathValue("id"), f.Raw("comment"))
	}
	if f.HasErrors() || err != nil {
		if err != nil && !f.SetErrors(err) {
			return err
		}
		return s.showSummaryForm(w, r, "summary-sign-off", "Countersign the summary", kith.ManageCase, f, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/records/"+r.PathValue("id"), "Summary countersigned")
}

// familyPage is the family version of a summary: plain words, no internal
// notes, no other people's details, and a glossary of the terms it uses.
type familyPage struct {
	Child    string
	Summary  *kith.Summary
	Record   *kith.Record
	Sections []familySection
	Glossary []kith.GlossaryTerm
	// PDFUnavailable says why this page is shown instead of the PDF asked
	// for.
	PDFUnavailable string
}

func (p familyPage) withoutPDF(reason string) any { p.PDFUnavailable = reason; return p }

// familySection is one of the practitioner's sections the family sees.
type familySection struct {
	Label, Text string
}

func (s *Server) summaryFamily(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.familyVersion(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "summary-family", "Your case summary", p)
	return nil
}

// summaryFamilyPDF is the family version as a PDF, to give to the family.
func (s *Server) summaryFamilyPDF(w http.ResponseWriter, r *http.Request) error {
	p, h, err := s.familyVersion(r)
	if err != nil {
		return err
	}
	return s.sendPDF(w, r, "summary-family", "Your case summary", p, pdfFile{
		Frame:  export.Frame{Child: h.Child.FullName(), Reference: h.Case.Reference, Title: "Case summary for the family, " + p.Summary.Period.From.Long() + " to " + p.Summary.Period.To.Long()},
		Name:   fileName(h.Case.Reference, "case-summary-for-the-family", p.Summary.Period.To.String()),
		CaseID: h.Case.ID, SubjectType: "record", SubjectID: p.Summary.RecordID, Detail: "PDF of the case summary's family version",
	})
}

// familyVersion is a case summary as the child and family read it, in
// plain English with a glossary.
func (s *Server) familyVersion(r *http.Request) (familyPage, caseHeader, error) {
	h, sum, err := s.summaryFor(r, kith.ViewCase)
	if err != nil {
		return familyPage{}, h, err
	}
	v, err := s.DB.Record(r.Context(), actorFrom(r), sum.RecordID)
	if err != nil {
		return familyPage{}, h, err
	}
	p := familyPage{Child: h.Child.FirstName, Summary: sum, Record: v.Record}
	texts := []string{"case summary", "plan"}
	for _, sec := range v.Template.Sections {
		text := v.Record.Content[sec.Key].Text
		if sec.Internal || text == "" {
			continue
		}
		label := sec.FamilyLabel
		if label == "" {
			label = sec.Label
		}
		p.Sections = append(p.Sections, familySection{Label: label, Text: text})
		texts = append(texts, text)
	}
	for _, o := range sum.Facts.Objectives {
		texts = append(texts, o.Plan, o.Title)
	}
	for _, x := range sum.Facts.Referrals {
		texts = append(texts, "referral", x.Title)
	}
	for _, x := range sum.Facts.Sessions {
		texts = append(texts, x.Type)
	}
	for _, x := range sum.Sharing {
		texts = append(texts, x.Comments)
	}
	p.Glossary = kith.GlossaryFor(texts...)
	return p, h, nil
}

// summaryLink is where a summary's source is read.
func summaryLink(ref, recordID string) string {
	return "/cases/" + url.PathEscape(ref) + "/records/" + url.PathEscape(recordID)
}

// changeClass is the tag colour of a change found by gathering again.
func changeClass(kind string) string {
	switch kind {
	case "added":
		return "govuk-tag--green"
	case "removed":
		return "govuk-tag--red"
	}
	return "govuk-tag--yellow"
}

// summaryActionList is one list of actions in a summary's facts.
type summaryActionList struct {
	Ref, Title string
	Actions    []kith.ActionFact
}

func init() {
	funcs["summaryActions"] = func(ref, title string, actions []kith.ActionFact) summaryActionList {
		return summaryActionList{Ref: ref, Title: title, Actions: actions}
	}
}
