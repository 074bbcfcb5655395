package web

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"mime"
	"net/http"

	"kith"
)

// runningRecordPage is a case's running record with its filters.
type runningRecordPage struct {
	formPage
	caseHeader
	R         *kith.RunningRecord
	Templates []*kith.Template
	Filter    kith.RecordFilter
	NextURL   string
	Print     bool
}

// readRecordFilter reads the running record's filters from the query.
func readRecordFilter(f *form) kith.RecordFilter {
	rf := kith.RecordFilter{TemplateKey: f.Get("type"), AuthorID: f.Get("author"), SignificantOnly: f.Bool("significant"), Before: f.Get("before")}
	if !f.DateParts("from").Empty() {
		rf.From = f.Date("from", kith.DateRule{Label: "from date"})
	}
	if !f.DateParts("to").Empty() {
		rf.To = f.Date("to", kith.DateRule{Label: "to date"})
	}
	if !rf.From.IsZero() && !rf.To.IsZero() && rf.To.Before(rf.From) {
		f.Add("to", "The to date must be the same as or after the from date")
	}
	return rf
}

func (s *Server) runningRecord(w http.ResponseWriter, r *http.Request) error {
	return s.showRunningRecord(w, r)
}

// printRecords is the running record (or a date range of it) laid out for
// printing, every record in full.
func (s *Server) printRecords(w http.ResponseWriter, r *http.Request) error {
	d, status, err := s.runningRecordPrintout(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "records-print", "Running record of "+d.Child.FullName(), d)
	return nil
}

func (s *Server) showRunningRecord(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.runningRecordPage(r, false)
	if err != nil {
		return err
	}
	s.render(w, r, status, "records", "Running record", p)
	return nil
}

// runningRecordPage reads the running record its filters choose (up to
// 200 records when it is to be printed).
func (s *Server) runningRecordPage(r *http.Request, print bool) (runningRecordPage, int, error) {
	f := newForm(r.URL.Query())
	rf := readRecordFilter(f)
	status := http.StatusOK
	if f.HasErrors() {
		rf.From, rf.To, status = kith.Date{}, kith.Date{}, http.StatusUnprocessableEntity
	}
	if print {
		rf.Limit = 200
	}
	c, rr, err := s.DB.RunningRecord(r.Context(), actorFrom(r), r.PathValue("ref"), rf)
	if err != nil {
		return runningRecordPage{}, 0, err
	}
	h := caseHeader{Case: c, Child: rr.Child, Can: rr.Can, Tab: "records"}
	ts, err := s.DB.Templates(r.Context())
	if err != nil {
		return runningRecordPage{}, 0, err
	}
	p := runningRecordPage{formPage: formPage{Form: f}, caseHeader: h, R: rr, Templates: ts, Filter: rf, Print: print}
	if rr.Next != "" {
		q := r.URL.Query()
		q.Set("before", rr.Next)
		p.NextURL = r.URL.Path + "?" + q.Encode()
	}
	return p, status, nil
}

// runningRecordPrintout is the running record its filters choose, every
// record in full.
func (s *Server) runningRecordPrintout(r *http.Request) (printout, int, error) {
	p, status, err := s.runningRecordPage(r, true)
	if err != nil {
		return printout{}, 0, err
	}
	views := make([]*recordPage, 0, len(p.R.Rows))
	for _, row := range p.R.Rows {
		v, err := s.DB.Record(r.Context(), actorFrom(r), row.ID)
		if err != nil {
			return printout{}, 0, err
		}
		views = append(views, &recordPage{Record: v.Record, Template: v.Template})
	}
	return printout{runningRecordPage: p, Records: views}, status, nil
}

// myDrafts lists the user's unfinished drafts with their deadlines.
func (s *Server) myDrafts(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.DB.MyDrafts(r.Context(), actorFrom(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "drafts", "My drafts", struct {
		Drafts []kith.DraftRow
		Today  kith.Date
	}{ds, today(s)})
	return nil
}

// recordSearchPage is the full-text search of records.
type recordSearchPage struct {
	formPage
	Query     string
	Hits      []kith.RecordHit
	More      bool
	Searched  bool
	Templates []*kith.Template
	NextURL   string
	// Suggestion is a corrected search that finds records for this reader
	// ("Did you mean …"), and SuggestionURL runs it with the same filters.
	Suggestion    string
	SuggestionURL string
}

func (s *Server) recordSearch(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r.URL.Query())
	p := recordSearchPage{formPage: formPage{Form: f}, Query: f.Get("q")}
	var err error
	if p.Templates, err = s.DB.Templates(r.Context()); err != nil {
		return err
	}
	status := http.StatusOK
	if p.Query != "" {
		q, qerr := kith.ParseRecordQuery(p.Query)
		f.SetErrors(qerr)
		rs := kith.RecordSearch{Query: q, TemplateKey: f.Get("type"), Offset: atoi(f.Get("offset"))}
		if !f.DateParts("from").Empty() {
			rs.From = f.Date("from", kith.DateRule{Label: "from date"})
		}
		if !f.DateParts("to").Empty() {
			rs.To = f.Date("to", kith.DateRule{Label: "to date"})
		}
		if q.Empty() && qerr == nil {
			f.Add("q", "Enter words to search for, not only words to leave out")
		}
		if f.HasErrors() {
			status = http.StatusUnprocessableEntity
		} else {
			p.Searched = true
			if p.Hits, p.More, err = s.DB.SearchRecords(r.Context(), actorFrom(r), rs); err != nil {
				return err
			}
			if p.More {
				q := r.URL.Query()
				q.Set("offset", itoa(rs.Offset+len(p.Hits)))
				p.NextURL = r.URL.Path + "?" + q.Encode()
			}
			// Nothing or very little found: offer the council's own
			// spelling, if it finds more for this reader.
			if rs.Offset == 0 && !p.More && len(p.Hits) < kith.SpellingEnough {
				better, ok, err := s.DB.SuggestRecordSearch(r.Context(), actorFrom(r), rs)
				if err != nil {
					return err
				}
				if ok {
					q := r.URL.Query()
					q.Set("q", better.String())
					q.Del("offset")
					p.Suggestion, p.SuggestionURL = better.String(), r.URL.Path+"?"+q.Encode()
				}
			}
		}
	}
	s.render(w, r, status, "record-search", "Search records", p)
	return nil
}

// attachmentForm asks for a file and its provenance.
func (s *Server) attachmentForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.recordView(r)
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.SetDate("received", today(s))
	p.Form = f
	s.render(w, r, http.StatusOK, "attachment-new", "Upload a file", p)
	return nil
}

func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) error {
	maxUpload := s.Config.MaxUpload
	// The file, plus room for the form around it.
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	f := newForm(nil)
	var data []byte
	var name string
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		f.Add("file", "The file must be smaller than "+itoa(int(maxUpload>>20))+" MB")
	} else {
		f.Values = r.MultipartForm.Value
		f.checkChars()
		if file, hdr, err := r.FormFile("file"); err == nil {
			name = hdr.Filename
			if _, bad := kith.FindBadChar(name); bad {
				f.Add("file", "The file’s name has a hidden character in it: rename the file and upload it again")
			}
			data, err = io.ReadAll(io.LimitReader(file, maxUpload+1))
			file.Close()
			if err != nil {
				return err
			}
		}
	}
	in := kith.AttachmentInput{Filename: name, Description: f.Raw("description"), AltText: f.Raw("alt"), ProvidedBy: f.Raw("provided_by"), ProvidedRole: f.Raw("provided_role")}
	if !f.HasErrors() {
		in.ReceivedOn = f.Date("received", kith.DateRule{Label: "date received", Required: true})
	}
	if !f.HasErrors() {
		at, err := s.DB.AddAttachment(r.Context(), actorFrom(r), r.PathValue("id"), in, data, maxUpload)
		if err == nil {
			return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/records/"+r.PathValue("id"), "File uploaded: "+kith.ShowHidden(at.Filename))
		}
		if !f.SetErrors(err) {
			return err
		}
	}
	p, err := s.recordView(r)
	if err != nil {
		return err
	}
	p.Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "attachment-new", "Upload a file", p)
	return nil
}

// attachment serves a file to someone who may see its record. It is never
// served as HTML: images are shown as images, everything else downloads.
func (s *Server) attachment(w http.ResponseWriter, r *http.Request) error {
	at, data, err := s.DB.Attachment(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeAttachment(w, r, at, data, at.Image())
}

// writeAttachment sends a file with headers that stop a browser from
// running it: its stored type (never sniffed), a sandboxing policy, and
// "attachment" unless it is an image to show in the page.
func writeAttachment(w http.ResponseWriter, r *http.Request, at *kith.Attachment, data []byte, inline bool) error {
	h := w.Header()
	h.Set("Content-Type", at.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	kind := "attachment"
	if inline {
		kind = "inline"
	}
	disposition := mime.FormatMediaType(kind, map[string]string{"filename": kith.ShowHidden(at.Filename)})
	if disposition == "" {
		disposition = kind
	}
	h.Set("Content-Disposition", disposition)
	if sum, err := hex.DecodeString(at.SHA256); err == nil {
		h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	}
	http.ServeContent(w, r, "", at.UploadedAt, bytes.NewReader(data))
	return nil
}
