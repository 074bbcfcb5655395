package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"kith"
	"kith/quality"
	"kith/sqldb"
)

// qualityView is what the coach found in a draft, for the draft page:
// the findings grouped by the section they belong to, so each shows
// beside its section, and the counts for the summary at the top.
type qualityView struct {
	// Checked says the coach has read the draft (after "Check my writing"
	// or a refused finalise), so the page says what it found, even nothing.
	Checked   bool
	BySection map[string][]findingView
	Errors    int
	Warnings  int
	Notes     int
}

// findingView is one finding as the page shows it: the words in their
// sentence, highlighted, and the dismissal if there is one.
type findingView struct {
	quality.Finding
	Key       string
	Field     string
	Context   template.HTML
	Dismissed *quality.Dismissal
}

// Section returns the findings of a section, by key.
func (q *qualityView) Section(key string) []findingView {
	if q == nil {
		return nil
	}
	return q.BySection[key]
}

// newQualityView groups findings by the section of their part.
func newQualityView(note map[string]string, fs []quality.Finding, dismissed []quality.Dismissal) *qualityView {
	byKey := map[string]*quality.Dismissal{}
	for i := range dismissed {
		byKey[dismissed[i].Key] = &dismissed[i]
	}
	q := &qualityView{Checked: true, BySection: map[string][]findingView{}}
	for _, f := range fs {
		section, _, _ := strings.Cut(f.Part, ".")
		v := findingView{Finding: f, Key: f.Key(), Field: sqldb.FindingField(f.Part), Dismissed: byKey[f.Key()],
			Context: highlight(note[f.Part], f.Start, f.End)}
		q.BySection[section] = append(q.BySection[section], v)
		if v.Dismissed != nil {
			continue
		}
		switch f.Level {
		case quality.Error:
			q.Errors++
		case quality.Warning:
			q.Warnings++
		default:
			q.Notes++
		}
	}
	return q
}

// highlight returns the sentence around a span of text with the span
// marked, escaped for HTML; nothing for a finding about a whole section.
func highlight(text string, start, end int) template.HTML {
	if start >= end || end > len(text) {
		return ""
	}
	from := strings.LastIndexAny(text[:start], ".!?\n") + 1
	to := end + strings.IndexAny(text[end:], ".!?\n")
	if to < end {
		to = len(text)
	} else {
		to++
	}
	if start-from > 160 {
		from = start - 160
	}
	if to-end > 160 {
		to = end + 160
	}
	before, words, after := strings.TrimLeft(text[from:start], " "), text[start:end], strings.TrimRight(text[end:to], " ")
	return template.HTML(template.HTMLEscapeString(before) + `<mark class="kith-mark">` + template.HTMLEscapeString(words) + `</mark>` +
		template.HTMLEscapeString(after))
}

// partTexts maps each part of a record input to its text, to show a
// finding's words in their sentence.
func partTexts(t *kith.Template, in kith.RecordInput) map[string]string {
	out := map[string]string{}
	for _, p := range quality.NoteOf(t, in.Headline, in.Content, quality.Child{}).Parts {
		out[p.Key] = p.Text
	}
	return out
}

// checkDraft runs the coach on what a draft form holds and puts its
// findings on the page.
func (s *Server) checkDraft(r *http.Request, p *recordPage, in kith.RecordInput) error {
	fs, dismissed, err := s.DB.CheckDraft(r.Context(), actorFrom(r), p.Record.ID, in)
	if err != nil {
		return err
	}
	p.Quality = newQualityView(partTexts(p.Template, in), fs, dismissed)
	return nil
}

// dismissFinding handles a dismissal button on the draft form: the draft
// is saved first (so the finding is judged on what is typed), then the
// reason is kept.
func (s *Server) dismissFinding(w http.ResponseWriter, r *http.Request, p *recordPage, f *form, key string, in kith.RecordInput, saved *kith.Record) error {
	_, err := s.DB.DismissFinding(r.Context(), actorFrom(r), p.Record.ID, key, f.Get("dismiss."+key))
	if code := kith.ErrorCode(err); code == kith.EINVALID || code == kith.ECONFLICT {
		msg := kith.ErrorMessage(err)
		if fields := kith.ErrorFields(err); len(fields) > 0 {
			msg = fields[0].Message
		}
		f.Add("dismiss."+key, msg)
		f.Set("version", itoa(saved.Version)) // the draft was saved: the next save starts from it
		if err := s.checkDraft(r, p, in); err != nil {
			return err
		}
		return s.showDraft(w, r, p, f, statusFor(f))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+p.Case.Reference+"/records/"+p.Record.ID+"?check=1#finding-"+url.PathEscape(key),
		"Dismissed. Your reason is kept with the record")
}
