package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"kith"
	"kith/export"
)

// printout is a print page's data: the records laid out for paper, and,
// when a PDF was asked for and cannot be made, why not.
type printout struct {
	runningRecordPage
	Records []*recordPage
	// PDFUnavailable says why this print page is shown instead of the PDF
	// asked for.
	PDFUnavailable string
	// One is a single record's print, not the running record's.
	One bool
}

// pdfFile is a PDF to send: the frame on its pages, its file name, and
// what the access log records of it.
type pdfFile struct {
	Frame       export.Frame
	Name        string
	CaseID      string
	SubjectType string
	SubjectID   string
	Detail      string
}

// inlineCSS is Kith's stylesheet, read once, for documents printed to PDF.
var inlineCSS = sync.OnceValue(func() template.CSS {
	b, err := static.ReadFile("static/dist/kith.css")
	if err != nil {
		return ""
	}
	return template.CSS(b) //nolint:gosec // Kith's own compiled stylesheet
})

// renderDocument renders a print page as a self-contained document for
// Chromium to print: the page's own content, without the header, menus and
// scripts, with the stylesheet inline.
func (s *Server) renderDocument(r *http.Request, name, title string, data any) ([]byte, error) {
	t, ok := s.pages.byName[name]
	if !ok {
		return nil, fmt.Errorf("no such page template %q", name)
	}
	a := actorFrom(r)
	l := layout{Title: title, User: a.User, Actor: a, Path: r.URL.Path, InlineCSS: inlineCSS()}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "document", view{L: l, D: data}); err != nil {
		return nil, fmt.Errorf("render %s as a document: %w", name, err)
	}
	s.pages.mu.Lock()
	s.pages.executed[name] = true
	s.pages.mu.Unlock()
	return buf.Bytes(), nil
}

// pdfPage is a print page's data that can also say why it is shown in
// place of the PDF asked for.
type pdfPage interface {
	withoutPDF(reason string) any
}

func (p printout) withoutPDF(reason string) any { p.PDFUnavailable = reason; return p }

// noChromium is what a print page says when it is shown in place of a PDF.
const noChromium = "Kith cannot make PDFs on this server because Chromium is not installed. Use your browser's print command to print this page or save it as a PDF."

// sendPDF prints the page to PDF and sends it as a download. A records'
// PDF (f.SubjectType set) is audited once made and before it is sent;
// other pages' reads were audited as exports when read. Without Chromium
// it shows the print page, saying why there is no PDF, so the user can
// print or save it from the browser instead.
func (s *Server) sendPDF(w http.ResponseWriter, r *http.Request, page, title string, d pdfPage, f pdfFile) error {
	if !s.Printer().Available() {
		s.render(w, r, http.StatusOK, page, title, d.withoutPDF(noChromium))
		return nil
	}
	doc, err := s.renderDocument(r, page, title, d)
	if err != nil {
		return err
	}
	if p, ok := d.(printout); ok {
		if doc, err = s.inlinePictures(r, doc, p.Records); err != nil {
			return err
		}
	}
	f.Frame.Marking = s.Config.Marking
	pdf, err := s.Printer().PDF(r.Context(), doc, f.Frame)
	if err != nil {
		s.Log.Error("print to PDF", "err", err, "request_id", requestID(r))
		return kith.Errorf(kith.EUNAVAILABLE, "Kith could not make the PDF just now. Try again, or use the print page and your browser's print command.")
	}
	if f.SubjectType != "" {
		if err := s.DB.RecordsExported(r.Context(), actorFrom(r), f.CaseID, f.SubjectType, f.SubjectID, f.Detail); err != nil {
			return err
		}
	}
	writePDF(w, f.Name, pdf)
	return nil
}

// writePDF sends a PDF as a download, never cached: it holds a child's
// record.
func writePDF(w http.ResponseWriter, name string, pdf []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(pdf)
}

// inlinePictures puts each picture on the records into the document
// itself (as a data: URL), since Chromium prints it with nothing to fetch
// from. Reading each picture is audited, as opening it on screen is.
func (s *Server) inlinePictures(r *http.Request, doc []byte, records []*recordPage) ([]byte, error) {
	for _, p := range records {
		for _, at := range p.Record.Attachments {
			if !at.Image() {
				continue
			}
			_, data, err := s.DB.Attachment(r.Context(), actorFrom(r), at.ID)
			if err != nil {
				return nil, err
			}
			src := "data:" + at.ContentType + ";base64," + base64.StdEncoding.EncodeToString(data)
			doc = bytes.ReplaceAll(doc, []byte(`src="/files/`+at.ID+`"`), []byte(`src="`+src+`"`))
		}
	}
	return doc, nil
}

// fileName makes a download's name from its parts: letters, digits and
// hyphens only, so every browser and file system keeps it as it is.
func fileName(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		dash := false
		for _, c := range strings.ToLower(p) {
			ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
			if !ok {
				if !dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = true
				continue
			}
			b.WriteRune(c)
			dash = false
		}
	}
	return strings.Trim(b.String(), "-") + ".pdf"
}

// recordPrintout is one record laid out for paper.
func (s *Server) recordPrintout(r *http.Request) (printout, *recordPage, string, error) {
	p, err := s.recordView(r)
	if err != nil {
		return printout{}, nil, "", err
	}
	if p.Record.ContentWithheld {
		return printout{}, nil, "", kith.ErrContentWithheld()
	}
	d := printout{runningRecordPage: runningRecordPage{caseHeader: p.caseHeader, Print: true}, Records: []*recordPage{p}, One: true}
	return d, p, p.Template.Name + ": " + headlineOr(p.Record), nil
}

// printRecord is one record laid out for printing.
func (s *Server) printRecord(w http.ResponseWriter, r *http.Request) error {
	d, _, title, err := s.recordPrintout(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "records-print", title, d)
	return nil
}

// recordPDF is one record as a PDF.
func (s *Server) recordPDF(w http.ResponseWriter, r *http.Request) error {
	d, p, title, err := s.recordPrintout(r)
	if err != nil {
		return err
	}
	day := kith.DateOf(p.Record.OccurredAt.In(kith.London))
	return s.sendPDF(w, r, "records-print", title, d, pdfFile{
		Frame:  export.Frame{Child: p.Child.FullName(), Reference: p.Case.Reference, Title: p.Template.Name + ", " + day.Long()},
		Name:   fileName(p.Case.Reference, p.Template.Name, day.String()),
		CaseID: p.Case.ID, SubjectType: "record", SubjectID: p.Record.ID, Detail: "PDF",
	})
}

// recordsPDF is the running record (or the part its filters choose) as a
// PDF.
func (s *Server) recordsPDF(w http.ResponseWriter, r *http.Request) error {
	d, status, err := s.runningRecordPrintout(r)
	if err != nil {
		return err
	}
	title := "Running record of " + d.Child.FullName()
	if status != http.StatusOK {
		// The filters were not valid: the print page shows why.
		s.render(w, r, status, "records-print", title, d)
		return nil
	}
	span := ""
	if !d.Filter.From.IsZero() {
		span += " from " + d.Filter.From.Long()
	}
	if !d.Filter.To.IsZero() {
		span += " to " + d.Filter.To.Long()
	}
	return s.sendPDF(w, r, "records-print", title, d, pdfFile{
		Frame:  export.Frame{Child: d.Child.FullName(), Reference: d.Case.Reference, Title: "Running record" + span},
		Name:   fileName(d.Case.Reference, "running-record", d.Filter.From.String(), d.Filter.To.String()),
		CaseID: d.Case.ID, SubjectType: "records", SubjectID: d.Case.Reference,
		Detail: fmt.Sprintf("PDF of the running record%s: %d records", span, len(d.Records)),
	})
}

// memoryResponse keeps what a handler writes, for ExportPDF.
type memoryResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (m *memoryResponse) Header() http.Header { return m.header }
func (m *memoryResponse) Write(b []byte) (int, error) {
	if m.status == 0 {
		m.status = http.StatusOK
	}
	return m.body.Write(b)
}
func (m *memoryResponse) WriteHeader(status int) { m.status = status }

// ExportRecordPDF makes, as a, the PDF of one record that a signed-in user
// would download from its page: the same access checks, the same audit.
// It is for the command line (kith export record).
func (s *Server) ExportRecordPDF(ctx context.Context, a kith.Actor, id string) ([]byte, error) {
	v, err := s.DB.Record(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.exportPDF(ctx, a, s.recordPDF, url.Values{}, map[string]string{"ref": v.Case.Reference, "id": id})
}

// RecordDocument is the self-contained document a record's PDF is printed
// from, as a may read it (not audited as an export: nothing leaves Kith).
// The benchmark prints it with Chromium alone, to show what Kith adds.
func (s *Server) RecordDocument(ctx context.Context, a kith.Actor, id string) ([]byte, error) {
	v, err := s.DB.Record(ctx, a, id)
	if err != nil {
		return nil, err
	}
	r, err := internalRequest(ctx, a, url.Values{}, map[string]string{"ref": v.Case.Reference, "id": id})
	if err != nil {
		return nil, err
	}
	d, _, title, err := s.recordPrintout(r)
	if err != nil {
		return nil, err
	}
	doc, err := s.renderDocument(r, "records-print", title, d)
	if err != nil {
		return nil, err
	}
	return s.inlinePictures(r, doc, d.Records)
}

// internalRequest is a GET made by Kith itself for a, with the query and
// path values a route would have given it.
func internalRequest(ctx context.Context, a kith.Actor, q url.Values, path map[string]string) (*http.Request, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, "/?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	for k, v := range path {
		r.SetPathValue(k, v)
	}
	return withActor(r, a), nil
}

func (s *Server) exportPDF(ctx context.Context, a kith.Actor, h func(http.ResponseWriter, *http.Request) error, q url.Values, path map[string]string) ([]byte, error) {
	if !s.Printer().Available() {
		return nil, export.ErrNoChromium
	}
	r, err := internalRequest(ctx, a, q, path)
	if err != nil {
		return nil, err
	}
	w := &memoryResponse{header: http.Header{}}
	if err := h(w, r); err != nil {
		return nil, err
	}
	if w.header.Get("Content-Type") != "application/pdf" {
		return nil, kith.Errorf(kith.EINVALID, "Kith could not make the PDF (%d): check the dates", w.status)
	}
	return w.body.Bytes(), nil
}
