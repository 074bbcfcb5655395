package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// The pages of a curated chronology: start one, choose entries from the
// automatic chronology, write the analysis (adding entries from other
// sources on the way), finish, reopen, copy, print and download.

func chronologyPath(ref, id string) string { return "/cases/" + ref + "/chronologies/" + id }

// newChronologyForm asks what a new chronology is for.
func (s *Server) newChronologyForm(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	if err := h.Case.CheckOpen(); err != nil {
		return err
	}
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
	}
	h.Tab = "chronology"
	s.render(w, r, http.StatusOK, "chronology-new", "Build a chronology", casePage{formPage: formPage{Form: f}, caseHeader: h})
	return nil
}

// newChronology starts a draft and goes on to choose its entries.
func (s *Server) newChronology(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.ChronologyInput{Title: f.Raw("title"), Purpose: kith.ChronologyPurpose(f.Get("purpose"))}
	var ch *kith.CuratedChronology
	if !f.HasErrors() {
		ch, err = s.DB.CreateChronology(r.Context(), actorFrom(r), r.PathValue("ref"), in)
	}
	if !f.HasErrors() && err == nil {
		s.savedKept(r, f)
		return s.redirect(w, r, chronologyPath(ch.CaseReference, ch.ID)+"/select", "Chronology started. Choose the entries it needs.")
	}
	if err != nil && !f.SetErrors(err) {
		return err
	}
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	h.Tab = "chronology"
	s.render(w, r, statusFor(f), "chronology-new", "Build a chronology", casePage{formPage: formPage{Form: f}, caseHeader: h})
	return nil
}

// curatedPageFor reads a curated chronology for a page, checking it is on
// the case the address names.
func (s *Server) curatedPageFor(r *http.Request, how sqldb.ChronologyRead) (*sqldb.CuratedPage, caseHeader, error) {
	p, err := s.DB.CuratedChronology(r.Context(), actorFrom(r), r.PathValue("id"), how)
	if err != nil {
		return nil, caseHeader{}, err
	}
	if p.Case.Reference != r.PathValue("ref") {
		return nil, caseHeader{}, kith.NotFound("Chronology")
	}
	return p, caseHeader{Case: p.Case, Child: p.Child, Can: p.Can, Tab: "chronology"}, nil
}

// checkEditable refuses to open a chronology's forms to someone who may
// not change it, or when it is finished or its case closed.
func checkEditable(h caseHeader, ch *kith.CuratedChronology) error {
	if !h.Can.Edit {
		return kith.Errorf(kith.EFORBIDDEN, "You can read this chronology but not change it.")
	}
	if err := h.Case.CheckOpen(); err != nil {
		return err
	}
	return ch.CheckChange()
}

// curatedView is a curated chronology's page.
type curatedView struct {
	formPage
	caseHeader
	Ch    *kith.CuratedChronology
	Table entryTable
}

// curatedChronology shows a curated chronology, or prints or downloads it.
func (s *Server) curatedChronology(how sqldb.ChronologyRead) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, h, err := s.curatedPageFor(r, how)
		if err != nil {
			return err
		}
		ch := p.Chronology
		base := ""
		if how == sqldb.ReadCSV || how == sqldb.ReadHTML {
			base = s.baseURL(r)
		}
		table := entryTable{ID: "entries", Caption: "Entries, oldest first", Rows: curatedRows(base, ch.CaseReference, ch.Entries), Analysis: true}
		name := "chronology-" + ch.CaseReference + "-" + ch.ID[len(ch.ID)-8:]
		switch how {
		case sqldb.ReadCSV:
			return writeChronologyCSV(w, name+".csv", true, []entryTable{table})
		case sqldb.ReadHTML, sqldb.ReadPrint, sqldb.ReadPDF:
			doc := chronologyDoc{caseHeader: h, Title: ch.Title, Tables: []entryTable{table}, Curated: ch, Printed: s.now(),
				PrintedBy: actorFrom(r).User.DisplayName, Back: chronologyPath(ch.CaseReference, ch.ID)}
			switch how {
			case sqldb.ReadHTML:
				return s.renderDownload(w, r, "chronology-export", name+".html", doc)
			case sqldb.ReadPDF:
				return s.sendPDF(w, r, "chronology-print", ch.Title, doc, pdfFile{
					Frame: export.Frame{Child: h.Child.FullName(), Reference: ch.CaseReference, Title: ch.Title},
					Name:  fileName(name)})
			}
			s.render(w, r, http.StatusOK, "chronology-print", ch.Title, doc)
			return nil
		}
		s.render(w, r, http.StatusOK, "chronology-view", ch.Title, curatedView{caseHeader: h, Ch: ch, Table: table})
		return nil
	}
}

// chronologyEditPage is the form that writes a curated chronology.
type chronologyEditPage struct {
	formPage
	caseHeader
	Ch *kith.CuratedChronology
	// Conflict: someone else saved first; what they saved shows beside
	// each box whose text differs, to check before saving again.
	Conflict bool
}

// fillChronologyForm puts what is saved into the form, leaving what the
// user typed: after someone else's save, their typing stays and what the
// other person added shows beside it.
func fillChronologyForm(f *form, ch *kith.CuratedChronology, typed bool) {
	set := func(k, v string) {
		if _, ok := f.Values[k]; !typed || !ok {
			f.Set(k, v)
		}
	}
	set("title", ch.Title)
	set("purpose", string(ch.Purpose))
	set("analysis", ch.Analysis)
	for _, e := range ch.Entries {
		set(kith.AnalysisField(e.ID), e.Analysis)
	}
	set("version", itoa(ch.Version))
}

func (s *Server) editChronologyForm(w http.ResponseWriter, r *http.Request) error {
	p, h, err := s.curatedPageFor(r, sqldb.ReadToEdit)
	if err != nil {
		return err
	}
	if err := checkEditable(h, p.Chronology); err != nil {
		return err
	}
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
	}
	// A kept form keeps the version the user started from, so that a save
	// over someone else's change is still caught.
	fillChronologyForm(f, p.Chronology, kept)
	s.render(w, r, http.StatusOK, "chronology-edit", "Change “"+p.Chronology.Title+"”", chronologyEditPage{formPage: formPage{Form: f}, caseHeader: h, Ch: p.Chronology})
	return nil
}

// readChronologySave reads the chronology form.
func readChronologySave(f *form) kith.ChronologySave {
	in := kith.ChronologySave{Version: atoi(f.Get("version")), Title: f.Raw("title"), Purpose: kith.ChronologyPurpose(f.Get("purpose")),
		Analysis: f.Raw("analysis"), Remove: f.All("remove")}
	var keys []string
	for k := range f.Values {
		if strings.HasPrefix(k, "analysis_") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		in.Entries = append(in.Entries, kith.EntryAnalysis{ID: strings.TrimPrefix(k, "analysis_"), Analysis: f.Raw(k)})
	}
	other := kith.OtherEntryInput{Source: f.Raw("other_source"), Event: f.Raw("other_event"), Description: f.Raw("other_description"), Analysis: f.Raw("other_analysis")}
	f.dateFields["other_date"] = true
	if !f.DateParts("other_date").Empty() {
		other.Date = f.Date("other_date", kith.DateRule{Label: "date it happened"})
	}
	if other.Clean(); !other.Empty() {
		in.Other = &other
	}
	return in
}

// saveChronology saves the chronology form, then goes where the button
// pressed asks: back to the chronology, on to choose entries, or to finish
// it. Anything refused comes back with everything typed still there.
func (s *Server) saveChronology(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	a, id := actorFrom(r), r.PathValue("id")
	in := readChronologySave(f)
	action := f.Get("action")
	if !f.HasErrors() {
		ch, err := s.DB.SaveChronology(r.Context(), a, id, in, action == "finish")
		if err == nil {
			s.savedKept(r, f)
			switch action {
			case "select":
				return s.redirect(w, r, chronologyPath(ch.CaseReference, id)+"/select", "")
			case "finish":
				return s.redirect(w, r, chronologyPath(ch.CaseReference, id), "Chronology finished. It cannot be changed unless someone reopens it.")
			}
			msg := "Chronology saved"
			if in.Other != nil {
				msg = "Chronology saved, with the entry from " + in.Other.Source
			}
			return s.redirect(w, r, chronologyPath(ch.CaseReference, id), msg)
		}
		if !f.SetErrors(err) {
			return err
		}
	}
	p, h, err := s.curatedPageFor(r, sqldb.ReadToEdit)
	if err != nil {
		return err
	}
	if !f.conflict {
		// Reading the form found a problem (a date that is not a real
		// date): check the rest too, so every problem shows at once.
		f.SetErrors(in.Validate(p.Chronology, today(s)))
	}
	fillChronologyForm(f, p.Chronology, true)
	if f.conflict {
		// Saving again now applies what they typed over the newer
		// version, which the page shows.
		f.Set("version", itoa(p.Chronology.Version))
	}
	s.render(w, r, statusFor(f), "chronology-edit", "Change “"+p.Chronology.Title+"”", chronologyEditPage{formPage: formPage{Form: f}, caseHeader: h, Ch: p.Chronology,
		Conflict: f.conflict})
	return nil
}

// chronologySelectPage offers the automatic chronology's entries to add.
type chronologySelectPage struct {
	formPage
	caseHeader
	Ch           *kith.CuratedChronology
	Filter       *form
	Before, Main entryTable
	Query        string
	Filtered     bool
}

func (s *Server) showSelect(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	ff := newForm(r.URL.Query())
	cf := readChronologyFilter(ff)
	if ff.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	p, err := s.DB.CuratedChoices(r.Context(), actorFrom(r), r.PathValue("id"), cf)
	if err != nil {
		return err
	}
	if p.Case.Reference != r.PathValue("ref") {
		return kith.NotFound("Chronology")
	}
	h := caseHeader{Case: p.Case, Child: p.Child, Can: p.Can, Tab: "chronology"}
	if err := checkEditable(h, p.Chronology); err != nil {
		return err
	}
	if f.Get("version") == "" || f.conflict {
		f.Set("version", itoa(p.Chronology.Version))
	}
	ref := p.Case.Reference
	pg := chronologySelectPage{formPage: formPage{Form: f}, caseHeader: h, Ch: p.Chronology, Filter: ff, Query: filterQuery(ff), Filtered: cf.Active(),
		Before: entryTable{ID: "entries-before", Caption: "Before the case was allocated to a worker", Rows: autoRows("", ref, *p.Automatic, p.Automatic.BeforeAllocation, p.Chronology.Has), Select: true},
		Main:   entryTable{ID: "entries", Caption: "Chronology, oldest first", Rows: autoRows("", ref, *p.Automatic, p.Automatic.Entries, p.Chronology.Has), Select: true}}
	ticked := f.All("entries")
	for _, t := range []*entryTable{&pg.Before, &pg.Main} {
		for i := range t.Rows {
			t.Rows[i].Ticked = slices.Contains(ticked, t.Rows[i].Ref)
		}
	}
	s.render(w, r, status, "chronology-select", "Choose entries for “"+p.Chronology.Title+"”", pg)
	return nil
}

func (s *Server) selectEntriesForm(w http.ResponseWriter, r *http.Request) error {
	f, kept := s.keptForm(r)
	if !kept {
		f = newForm(nil)
	}
	return s.showSelect(w, r, f, http.StatusOK)
}

func (s *Server) selectEntries(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	refs := f.All("entries")
	ch, err := s.DB.AddChronologyEntries(r.Context(), actorFrom(r), r.PathValue("id"), atoi(f.Get("version")), refs)
	if err == nil {
		s.savedKept(r, f)
		return s.redirect(w, r, chronologyPath(ch.CaseReference, ch.ID)+"/edit", fmt.Sprintf("%s added. Write your analysis of each.", plural(len(refs), "entry", "entries")))
	}
	if !f.SetErrors(err) {
		return err
	}
	return s.showSelect(w, r, f, statusFor(f))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// reopenChronology returns a finished chronology to draft.
func (s *Server) reopenChronology(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	ch, err := s.DB.ReopenChronology(r.Context(), actorFrom(r), r.PathValue("id"), atoi(f.Get("version")))
	if err != nil {
		return err
	}
	return s.redirect(w, r, chronologyPath(ch.CaseReference, ch.ID)+"/edit", "Chronology reopened. It is a draft again until it is finished.")
}

// copyChronology makes a new draft from a chronology.
func (s *Server) copyChronology(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ch, err := s.DB.CopyChronology(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.redirect(w, r, chronologyPath(ch.CaseReference, ch.ID)+"/edit", "Copy made: “"+ch.Title+"”. It is a draft to change for its new purpose.")
}
