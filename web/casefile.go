package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"kith"
	"kith/export"
	"kith/internal/background"
)

// The whole case file as one PDF: asked for on the case's "Case file"
// page, made in the background by RunCaseFiles (one record batch at a
// time, its progress shown on the page), and downloaded from there for
// kith.CaseFileKeepDays.

// caseFileBatch is how many records are gathered between progress notes.
const caseFileBatch = 250

// caseFilePage lists the file PDFs asked for, with the form to ask.
type caseFilePage struct {
	formPage
	caseHeader
	Files []kith.CaseFileExport
	// Making: one is waiting or being made, so the page looks again.
	Making         bool
	PDFUnavailable string
	KeepDays       int
}

func (s *Server) caseFiles(w http.ResponseWriter, r *http.Request) error {
	return s.showCaseFiles(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) showCaseFiles(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	files, err := s.DB.CaseFiles(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return err
	}
	p := caseFilePage{formPage: formPage{Form: f}, caseHeader: h, Files: files, KeepDays: kith.CaseFileKeepDays}
	p.Tab, p.Making = "records", caseFileMaking(files)
	if !s.Printer().Available() {
		p.PDFUnavailable = noChromium
	}
	s.render(w, r, status, "case-file", "The whole file as a PDF", p)
	return nil
}

func (s *Server) requestCaseFile(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.CaseFileInput{From: f.Date("from", kith.DateRule{Label: "start of the period"}), To: f.Date("to", kith.DateRule{Label: "end of the period"})}
	ok, err := submit(f, in.Validate, func() error {
		_, err := s.DB.RequestCaseFile(r.Context(), actorFrom(r), r.PathValue("ref"), in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.showCaseFiles(w, r, f, statusFor(f))
	}
	s.WakeCaseFiles()
	return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/file", "Kith is making the PDF: it will be listed here when it is ready")
}

// caseFileStatus is one request's progress, as JSON for the page's script.
func (s *Server) caseFileStatus(w http.ResponseWriter, r *http.Request) error {
	e, _, err := s.DB.CaseFile(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"), false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"state": e.State, "progress": e.Progress(), "done": e.Done, "total": e.Total})
}

func (s *Server) caseFilePDF(w http.ResponseWriter, r *http.Request) error {
	e, pdf, err := s.DB.CaseFile(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("id"), true)
	if err != nil {
		return err
	}
	if pdf == nil {
		return kith.Errorf(kith.ENOTFOUND, "This PDF is not here: %s.", e.Progress())
	}
	writePDF(w, fileName(e.CaseReference, "case-file", e.From.String(), e.To.String()), pdf)
	return nil
}

// WakeCaseFiles tells this server's case-file maker to look now.
func (s *Server) WakeCaseFiles() {
	select {
	case s.caseFilesWake <- struct{}{}:
	default:
	}
}

// RunCaseFiles makes the case files asked for, every interval and at once
// when asked, until ctx ends.
func (s *Server) RunCaseFiles(ctx context.Context, interval time.Duration) {
	background.Run(ctx, interval, s.caseFilesWake, s.MakeNextCaseFile, func(err error) { s.Log.Error("making a case file", "err", err) })
}

// MakeNextCaseFile makes the oldest case file waiting, if any, as the user
// who asked for it, and reports whether it made one (or recorded why it
// could not).
func (s *Server) MakeNextCaseFile(ctx context.Context) (bool, error) {
	e, requestedBy, ok, err := s.DB.ClaimCaseFile(ctx)
	if err != nil || !ok {
		return false, err
	}
	start := time.Now()
	a, err := s.DB.Actor(ctx, requestedBy)
	if err != nil {
		return true, s.DB.FinishCaseFile(ctx, kith.SystemActor(), e.ID, 0, nil, "The person who asked for it can no longer be found.")
	}
	a.Via = "web"
	pdf, total, failure := s.makeCaseFile(ctx, a, e)
	if err := s.DB.FinishCaseFile(ctx, a, e.ID, total, pdf, failure); err != nil {
		return true, err
	}
	s.Log.Info("made a case file", "case", e.CaseReference, "records", total, "bytes", len(pdf), "took", time.Since(start).Round(time.Millisecond), "failure", failure)
	return true, nil
}

// caseFileDocument is the whole file laid out for paper.
type caseFileDocument struct {
	caseHeader
	Period  string
	Records []*recordPage
}

// makeCaseFile makes a request's PDF, noting its progress: the PDF, how
// many records, or why it failed.
func (s *Server) makeCaseFile(ctx context.Context, a kith.Actor, e kith.CaseFileExport) ([]byte, int, string) {
	made, err := s.CaseFilePDF(ctx, a, e.CaseReference, e.From, e.To, func(done, total int, printing bool) error {
		return s.DB.CaseFileProgress(ctx, e.ID, done, total, printing)
	})
	if err != nil {
		s.Log.Error("make a case file", "case", e.CaseReference, "err", err)
		if kith.ErrorCode(err) == kith.EINTERNAL {
			return nil, 0, "Kith could not make it just now: ask again."
		}
		return nil, 0, kith.ErrorMessage(err)
	}
	return made.PDF, made.Records, ""
}

// CaseFile is a case file's PDF as made: its bytes, how many records it
// holds, the case's id (for the access log), and the document printed
// (for the bench's raw side).
type CaseFile struct {
	PDF      []byte
	Records  int
	CaseID   string
	Document []byte
}

// CaseFilePDF makes, as a, the PDF of a case's final records from one day
// to another (either may be unknown), oldest first: the records gathered
// a batch at a time (progress is told how far it has got), then printed.
// The background maker and kith export case both use it.
func (s *Server) CaseFilePDF(ctx context.Context, a kith.Actor, ref string, from, to kith.Date, progress func(done, total int, printing bool) error) (CaseFile, error) {
	if !s.Printer().Available() {
		return CaseFile{}, kith.Errorf(kith.EUNAVAILABLE, "Kith cannot make PDFs on this server because Chromium is not installed.")
	}
	c, child, _, err := s.DB.CaseHeader(ctx, a, ref, kith.ViewCase, "case file PDF")
	if err != nil {
		return CaseFile{}, err
	}
	r, err := internalRequest(ctx, a, url.Values{}, map[string]string{"ref": c.Reference})
	if err != nil {
		return CaseFile{}, err
	}
	period := kith.CaseFileExport{From: from, To: to}.Period()
	d := caseFileDocument{caseHeader: caseHeader{Case: c, Child: child}, Period: period}
	total := 0
	for offset := 0; offset == 0 || offset < total; offset += caseFileBatch {
		recs, tmpls, n, err := s.DB.CaseFileRecords(ctx, a, c.ID, from, to, offset, caseFileBatch)
		if err != nil {
			return CaseFile{}, err
		}
		total = n
		for i := range recs {
			d.Records = append(d.Records, &recordPage{Record: recs[i], Template: tmpls[i]})
		}
		if err := progress(len(d.Records), total, false); err != nil {
			return CaseFile{}, err
		}
		if len(recs) == 0 {
			break
		}
	}
	if err := progress(len(d.Records), total, true); err != nil {
		return CaseFile{}, err
	}
	doc, err := s.renderDocument(r, "case-file-print", "Case file of "+child.FullName(), d)
	if err != nil {
		return CaseFile{}, err
	}
	if doc, err = s.inlinePictures(r, doc, d.Records); err != nil {
		return CaseFile{}, err
	}
	pdf, err := s.Printer().PDF(ctx, doc, export.Frame{Marking: s.Config.Marking, Child: child.FullName(), Reference: c.Reference, Title: "Case file, " + period})
	if err != nil {
		return CaseFile{}, fmt.Errorf("print the case file: %w", err)
	}
	return CaseFile{PDF: pdf, Records: len(d.Records), CaseID: c.ID, Document: doc}, nil
}

// caseFileMaking is whether any of files is still being made.
func caseFileMaking(files []kith.CaseFileExport) bool {
	return slices.ContainsFunc(files, func(e kith.CaseFileExport) bool { return e.State == "waiting" || e.State == "making" })
}
