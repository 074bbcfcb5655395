package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// A subject access request's bundle, for information governance
// officers: gather the child's record, review it page by page (accept or
// reject each proposed redaction, add more, mark the page reviewed),
// finalise it into the disclosed PDF, and keep the redaction log.

func bundlePath(id string) string { return "/subject-access/" + id + "/bundle" }

// sarBundleView is the bundle's overview: its progress and pages.
type sarBundleView struct {
	formPage
	*sqldb.SARBundle
	Pages []sarPageRow
	// PDFUnavailable says why the disclosed PDF cannot be made here.
	PDFUnavailable string
}

// sarPageRow is one page in the overview's list.
type sarPageRow struct {
	kith.SARPart
	Undecided, Removed int
}

func (s *Server) sarBundle(w http.ResponseWriter, r *http.Request) error {
	return s.showSARBundle(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) showSARBundle(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	b, err := s.DB.SARBundle(r.Context(), actorFrom(r), r.PathValue("id"), false)
	if err != nil {
		return err
	}
	v := sarBundleView{formPage: formPage{Form: f}, SARBundle: b}
	for _, p := range b.Parts {
		row := sarPageRow{SARPart: p}
		for _, rd := range b.PageRedactions(p.Seq) {
			if rd.Undecided() {
				row.Undecided++
			}
			if rd.Removes() {
				row.Removed++
			}
		}
		v.Pages = append(v.Pages, row)
	}
	if !s.Printer().Available() {
		v.PDFUnavailable = "Kith cannot make the disclosed PDF on this server because Chromium is not installed. Ask your administrator to install it (see the operator's guide)."
	}
	if f.Get("state") == "" {
		f.Set("state", b.State)
	}
	s.render(w, r, status, "sar-bundle", b.Request.Reference+": the record gathered", v)
	return nil
}

func (s *Server) sarGather(w http.ResponseWriter, r *http.Request) error {
	if _, err := postedForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	p, err := s.DB.GatherSARBundle(r.Context(), actorFrom(r), id)
	if err != nil {
		if f := newForm(nil); f.SetErrors(err) {
			return s.showSARBundle(w, r, f, statusFor(f))
		}
		return err
	}
	return s.redirect(w, r, bundlePath(id), fmt.Sprintf("The record is gathered: %s, %s proposed", plural(p.Pages, "page", "pages"), plural(p.Undecided, "redaction", "redactions")))
}

// sarPageView is one page under review.
type sarPageView struct {
	formPage
	*sqldb.SARBundle
	Part      kith.SARPart
	Blocks    []sarMarkedBlock
	Proposals []sarNumbered
	Added     []sarNumbered
	Prev      int
	Next      int
}

// sarNumbered is a redaction with its number on the page, which its
// mark in the text carries too (so it is never told by colour alone).
type sarNumbered struct {
	kith.SARRedaction
	N int
}

// sarMarkedBlock is a block's text with its redactions marked.
type sarMarkedBlock struct {
	Key, Label string
	Spans      []sarMarkedSpan
}

type sarMarkedSpan struct {
	Text string
	Mark *sarNumbered
}

func (s *Server) sarPage(w http.ResponseWriter, r *http.Request) error {
	return s.showSARPage(w, r, nil, http.StatusOK)
}

func (s *Server) showSARPage(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq < 1 {
		return kith.NotFound("Page")
	}
	b, err := s.DB.SARBundlePage(r.Context(), actorFrom(r), r.PathValue("id"), seq)
	if err != nil {
		return err
	}
	v := sarPageView{SARBundle: b, Part: b.Parts[0]}
	if seq > 1 {
		v.Prev = seq - 1
	}
	if seq < b.Progress.Pages {
		v.Next = seq + 1
	}
	numbered := make([]sarNumbered, len(b.Redactions))
	for i, rd := range b.Redactions {
		numbered[i] = sarNumbered{SARRedaction: rd, N: i + 1}
		if rd.Origin == kith.SARAdded {
			v.Added = append(v.Added, numbered[i])
		} else {
			v.Proposals = append(v.Proposals, numbered[i])
		}
	}
	if f == nil {
		f = newForm(nil)
		for _, p := range v.Proposals {
			f.Set("decision-"+p.ID, p.Decision)
		}
		if v.Part.ReviewedAt != nil {
			f.Set("reviewed", "yes")
		}
	}
	v.Form = f
	for _, bl := range v.Part.Blocks {
		mb := sarMarkedBlock{Key: bl.Key, Label: bl.Label}
		var marks []*sarNumbered
		for i := range numbered {
			if numbered[i].Block == bl.Key && !keptBeneath(&numbered[i], numbered) {
				marks = append(marks, &numbered[i])
			}
		}
		slices.SortFunc(marks, func(a, b *sarNumbered) int { return cmp.Compare(a.Start, b.Start) })
		at := 0
		for _, m := range marks {
			if m.Start < at || m.End > len(bl.Text) {
				continue
			}
			if m.Start > at {
				mb.Spans = append(mb.Spans, sarMarkedSpan{Text: bl.Text[at:m.Start]})
			}
			mb.Spans = append(mb.Spans, sarMarkedSpan{Text: bl.Text[m.Start:m.End], Mark: m})
			at = m.End
		}
		if at < len(bl.Text) {
			mb.Spans = append(mb.Spans, sarMarkedSpan{Text: bl.Text[at:]})
		}
		v.Blocks = append(v.Blocks, mb)
	}
	title := fmt.Sprintf("%s: page %d of %d", b.Request.Reference, seq, b.Progress.Pages)
	s.render(w, r, status, "sar-page", title, v)
	return nil
}

// keptBeneath reports whether m is a proposal the reviewer kept that a
// redaction they added lies over: the page marks what will go, not it.
func keptBeneath(m *sarNumbered, all []sarNumbered) bool {
	if m.Decision != kith.SARRejected {
		return false
	}
	return slices.ContainsFunc(all, func(o sarNumbered) bool { return o.Decision != kith.SARRejected && o.Overlaps(&m.SARRedaction) })
}

func (s *Server) sarPageSave(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq < 1 {
		return kith.NotFound("Page")
	}
	in := sqldb.SARPageReview{Decisions: map[string]string{}, Reviewed: f.Get("reviewed") == "yes", Remove: f.Values["remove"]}
	for k := range f.Values {
		if rid, ok := strings.CutPrefix(k, "decision-"); ok {
			in.Decisions[rid] = f.Get(k)
		}
	}
	if f.Get("words") != "" || f.Get("reason") != "" || f.Get("note") != "" {
		in.Add = &sqldb.SARAddition{Block: f.Get("block"), Words: f.Raw("words"), Reason: f.Get("reason"), Note: f.Get("note")}
	}
	ok, err := submit(f, nil, func() error { return s.DB.ReviewSARPage(r.Context(), actorFrom(r), id, seq, in) })
	if err != nil {
		return err
	}
	if !ok {
		return s.showSARPage(w, r, f, statusFor(f))
	}
	switch {
	case in.Add != nil:
		return s.redirect(w, r, fmt.Sprintf("%s/%d#add", bundlePath(id), seq), "Redaction added")
	case f.Get("go") == "next" && in.Reviewed:
		b, err := s.DB.SARBundle(r.Context(), actorFrom(r), id, false)
		if err != nil {
			return err
		}
		for _, p := range b.Parts {
			if p.ReviewedAt == nil {
				return s.redirect(w, r, fmt.Sprintf("%s/%d", bundlePath(id), p.Seq), fmt.Sprintf("Page %d saved", seq))
			}
		}
		return s.redirect(w, r, bundlePath(id), "Every page is reviewed: the bundle can be finalised")
	case f.Get("go") == "next":
		return s.redirect(w, r, fmt.Sprintf("%s/%d", bundlePath(id), seq), fmt.Sprintf("Page %d saved", seq))
	}
	return s.redirect(w, r, bundlePath(id), fmt.Sprintf("Page %d saved: come back to it at any time", seq))
}

// sarDisclosed is the disclosed document: the cover letter, each page
// with what was removed shown as removed, and the glossary.
type sarDisclosed struct {
	Request  kith.SubjectAccessRequest
	Parts    []sarDisclosedPart
	Reasons  []kith.Code
	Glossary []kith.GlossaryTerm
	Marking  string
}

type sarDisclosedPart struct {
	Title  string
	On     kith.Date
	Blocks []sarDisclosedBlock
}

type sarDisclosedBlock struct {
	Label string
	Spans []kith.SARSpan
}

// sarLog numbers the redactions to be made in the order they appear in
// the bundle: by page, block and place.
func sarLog(b *sqldb.SARBundle) (removed []kith.SARRedaction, entry map[string]int) {
	blockAt := map[string]int{}
	for _, p := range b.Parts {
		for i, bl := range p.Blocks {
			blockAt[fmt.Sprint(p.Seq, "/", bl.Key)] = i
		}
	}
	for _, rd := range b.Redactions {
		if rd.Removes() {
			removed = append(removed, rd)
		}
	}
	slices.SortFunc(removed, func(x, y kith.SARRedaction) int {
		return cmp.Or(cmp.Compare(x.Seq, y.Seq), cmp.Compare(blockAt[fmt.Sprint(x.Seq, "/", x.Block)], blockAt[fmt.Sprint(y.Seq, "/", y.Block)]), cmp.Compare(x.Start, y.Start))
	})
	entry = map[string]int{}
	for i, rd := range removed {
		entry[rd.ID] = i + 1
	}
	return removed, entry
}

// disclosedDocument builds the disclosed document from a whole bundle.
func disclosedDocument(b *sqldb.SARBundle, marking string) sarDisclosed {
	_, entry := sarLog(b)
	d := sarDisclosed{Request: b.Request, Marking: marking}
	var kept []string
	used := map[string]bool{}
	for _, p := range b.Parts {
		dp := sarDisclosedPart{Title: p.Title, On: p.On}
		for _, bl := range p.Blocks {
			var rs []kith.SARRedaction
			var nums []int
			for _, rd := range b.Redactions {
				if rd.Seq == p.Seq && rd.Block == bl.Key && rd.Removes() {
					rs = append(rs, rd)
					nums = append(nums, entry[rd.ID])
					used[rd.Reason] = true
				}
			}
			spans := kith.DiscloseBlock(bl.Text, rs, nums)
			for _, sp := range spans {
				kept = append(kept, sp.Text)
			}
			dp.Blocks = append(dp.Blocks, sarDisclosedBlock{Label: bl.Label, Spans: spans})
		}
		d.Parts = append(d.Parts, dp)
	}
	for _, c := range kith.SARRedactionReasons {
		if used[c.Code] {
			d.Reasons = append(d.Reasons, kith.Code{Code: kith.SARShortReasons[c.Code], Label: c.Label})
		}
	}
	d.Glossary = kith.GlossaryFor(kept...)
	return d
}

// sarPreview shows the disclosed document as it stands, before or after
// finalising: what the requester will read.
func (s *Server) sarPreview(w http.ResponseWriter, r *http.Request) error {
	b, err := s.DB.SARBundle(r.Context(), actorFrom(r), r.PathValue("id"), true)
	if err != nil {
		return err
	}
	if !b.Gathered {
		return kith.NotFound("Bundle")
	}
	s.render(w, r, http.StatusOK, "sar-disclosed", "Your record: "+b.Request.Reference, disclosedDocument(b, s.Config.Marking))
	return nil
}

func (s *Server) sarFinalise(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	a := actorFrom(r)
	fail := func(err error) error {
		if f.SetErrors(err) {
			f.Set("state", "")
			return s.showSARBundle(w, r, f, statusFor(f))
		}
		return err
	}
	b, err := s.DB.SARBundle(r.Context(), a, id, true)
	if err != nil {
		return err
	}
	if err := kith.CheckSARFinal(b.Progress); err != nil {
		return fail(err)
	}
	if b.State != f.Get("state") {
		return fail(kith.Errorf(kith.ECONFLICT, "The review changed since this page was shown: check the pages and finalise again."))
	}
	if !s.Printer().Available() {
		return fail(kith.Errorf(kith.EUNAVAILABLE, "Kith cannot make the disclosed PDF on this server because Chromium is not installed."))
	}
	title := "Your record: " + b.Request.Reference
	doc, err := s.renderDocument(r, "sar-disclosed", title, disclosedDocument(b, s.Config.Marking))
	if err != nil {
		return err
	}
	pdf, err := s.Printer().PDF(r.Context(), doc, export.Frame{Marking: s.Config.Marking, Child: b.Request.SubjectName, Reference: b.Request.Reference, Title: title})
	if err != nil {
		s.Log.Error("print the disclosed bundle", "err", err, "request_id", requestID(r))
		return fail(kith.Errorf(kith.EUNAVAILABLE, "Kith could not make the PDF just now. Try again in a minute."))
	}
	if err := s.DB.FinaliseSARBundle(r.Context(), a, id, b.State, pdf); err != nil {
		return fail(err)
	}
	return s.redirect(w, r, bundlePath(id), "The bundle is finalised: the disclosed PDF and the redaction log are kept with the request")
}

func (s *Server) sarDisclosedPDF(w http.ResponseWriter, r *http.Request) error {
	pdf, req, err := s.DB.SARDisclosure(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writePDF(w, fileName(req.Reference, "disclosed"), pdf)
	return nil
}

// sarLogView is the redaction log: what was removed, where and why, and
// what was proposed and disclosed after all.
type sarLogView struct {
	*sqldb.SARBundle
	Removed  []sarLogEntry
	Rejected []sarLogEntry
}

type sarLogEntry struct {
	kith.SARRedaction
	N          int
	Page       string
	Where      string
	ReasonText string
}

func (s *Server) sarRedactionLog(w http.ResponseWriter, r *http.Request) error {
	b, err := s.DB.SARBundle(r.Context(), actorFrom(r), r.PathValue("id"), true)
	if err != nil {
		return err
	}
	if !b.Gathered {
		return kith.NotFound("Bundle")
	}
	removed, entry := sarLog(b)
	v := sarLogView{SARBundle: b}
	describe := func(rd kith.SARRedaction) sarLogEntry {
		e := sarLogEntry{SARRedaction: rd, N: entry[rd.ID], ReasonText: kith.SARRedactionReasons.Name(rd.Reason)}
		for _, p := range b.Parts {
			if p.Seq == rd.Seq {
				e.Page = fmt.Sprintf("%d. %s, %s", p.Seq, p.Title, p.On.Long())
				if bl := p.Block(rd.Block); bl != nil {
					e.Where = bl.Label
				}
			}
		}
		return e
	}
	for _, rd := range removed {
		v.Removed = append(v.Removed, describe(rd))
	}
	for _, rd := range b.Redactions {
		if rd.Decision == kith.SARRejected {
			v.Rejected = append(v.Rejected, describe(rd))
		}
	}
	s.render(w, r, http.StatusOK, "sar-log", b.Request.Reference+": redaction log", v)
	return nil
}
