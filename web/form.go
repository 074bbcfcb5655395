package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"kith"
)

// form is a submitted (or prefilled) form with its validation messages, in
// the shape the GOV.UK error summary and inline errors need.
type form struct {
	Values url.Values
	Errors map[string]string
	List   []kith.FieldError
	// KeptID is set when the form was restored from a submission that
	// arrived after the user's session had ended.
	KeptID     string
	dateFields map[string]bool
	// anchors maps a field whose problem is about a group (a record's
	// people, actions or attendance section) to the first field of the
	// group, which the error summary links to (see Anchor).
	anchors map[string]string
	// conflict: the save lost a race with someone else's change.
	conflict bool
	// unavailable: the database could not write; the form is shown again
	// with everything typed, to try again.
	unavailable bool
	// unreadable lists the fields that hold a character Kith does not
	// store (checkChars), with their messages.
	unreadable []kith.FieldError
}

func newForm(v url.Values) *form {
	if v == nil {
		v = url.Values{}
	}
	return &form{Values: v, Errors: map[string]string{}, dateFields: map[string]bool{}}
}

// Get returns a value, trimmed.
func (f *form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Raw returns a value as typed (for text areas, where spacing matters).
func (f *form) Raw(name string) string { return f.Values.Get(name) }

// Set sets a value (to prefill the form).
func (f *form) Set(name, value string) { f.Values.Set(name, value) }

// Bool reads a checkbox or yes/no radio.
func (f *form) Bool(name string) bool {
	v := f.Get(name)
	return v == "yes" || v == "true" || v == "on"
}

// All returns every value of a repeated field (checkboxes).
func (f *form) All(name string) []string {
	var out []string
	for _, v := range f.Values[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Error returns the message for a field.
func (f *form) Error(name string) string { return f.Errors[name] }

// HasErrors reports whether the form has any messages.
func (f *form) HasErrors() bool { return len(f.List) > 0 }

// Add records a message for a field (the first one per field counts).
func (f *form) Add(field, msg string) {
	if _, ok := f.Errors[field]; ok {
		return
	}
	f.Errors[field] = msg
	f.List = append(f.List, kith.FieldError{Field: field, Message: msg})
}

// SetErrors records the field messages of a validation error, and reports
// whether err was one. Errors that are not about fields (a conflict, or the
// database unable to save just now) go into the summary under the empty
// field name, so the form is shown again with what was typed.
func (f *form) SetErrors(err error) bool {
	var e *kith.Error
	if !errors.As(err, &e) || (e.Code != kith.EINVALID && e.Code != kith.ECONFLICT && e.Code != kith.EUNAVAILABLE) {
		return false
	}
	f.conflict = f.conflict || e.Code == kith.ECONFLICT
	f.unavailable = f.unavailable || e.Code == kith.EUNAVAILABLE
	if len(e.Fields) == 0 {
		f.Add("", e.Message)
	}
	for _, fe := range e.Fields {
		f.Add(fe.Field, fe.Message)
	}
	return true
}

// Anchor is where the error summary links for a field: the first box of a
// date input, the field itself otherwise.
func (f *form) Anchor(field string) string {
	if a, ok := f.anchors[field]; ok {
		return a
	}
	if f.dateFields[field] {
		return field + "-day"
	}
	return field
}

// AnchorTo makes the error summary link a field's problem to another
// field: the first of its group, which can take focus.
func (f *form) AnchorTo(field, first string) {
	if f.anchors == nil {
		f.anchors = map[string]string{}
	}
	f.anchors[field] = first
}

// Date reads a GOV.UK date input (name-day, name-month, name-year) and
// records a message when it is not a real date or breaks the rule.
func (f *form) Date(name string, rule kith.DateRule) kith.Date {
	f.dateFields[name] = true
	d, msg := kith.ParseDateParts(f.DateParts(name), rule)
	if msg != "" {
		f.Add(name, msg)
	}
	return d
}

// DateParts returns what was typed into a date input.
func (f *form) DateParts(name string) kith.DateParts {
	return kith.DateParts{Day: f.Get(name + "-day"), Month: f.Get(name + "-month"), Year: f.Get(name + "-year")}
}

// SetDate prefills a date input.
func (f *form) SetDate(name string, d kith.Date) {
	p := kith.PartsOf(d)
	f.Set(name+"-day", p.Day)
	f.Set(name+"-month", p.Month)
	f.Set(name+"-year", p.Year)
}

// parseForm reads a posted form within the body limit, and keeps it for
// the error page should the request fail (see postedKey).
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		return bodyError(err)
	}
	if posted, ok := r.Context().Value(postedKey{}).(*url.Values); ok {
		*posted = r.PostForm
	}
	return nil
}

// postedKey holds, in a request's context, the form the request posted
// once a handler has read it. Handlers read the form on copies of the
// request (with the user added), so the error page, which sees the
// original, finds it here to show the typing back.
type postedKey struct{}

// postedForm reads the submitted form.
func postedForm(w http.ResponseWriter, r *http.Request) (*form, error) {
	if err := parseForm(w, r); err != nil {
		return nil, err
	}
	f := newForm(r.PostForm)
	f.KeptID = f.Get("kept")
	f.checkChars()
	return f, nil
}

// checkChars puts a message on each field that holds a control character
// (other than tab and line breaks) or bytes that are not UTF-8: such a
// form is not saved, and the page shows it again with the typing kept.
// They come from pasting (a word processor's vertical tab) or from a
// client that is not a browser; removing them quietly would change what
// was written, and the writer could not see where. The message says what
// comes before the character, since the character itself is invisible.
// Handlers that do not go through submit check f.HasErrors before
// saving; the record form, which saves a draft past its other problems,
// checks f.unreadable.
func (f *form) checkChars() {
	for _, name := range slices.Sorted(maps.Keys(f.Values)) {
		for _, v := range f.Values[name] {
			b, bad := kith.FindBadChar(v)
			if !bad {
				continue
			}
			if strings.Contains(strings.ToLower(name), "password") {
				b.Before = "" // never show a password back
			}
			msg := "Remove the hidden character at the start of this answer: it may have been pasted in with the text"
			switch {
			case b.Rune == utf8.RuneError && b.Before != "":
				msg = "Type this answer again from “" + b.Before + "”: what follows could not be read"
			case b.Rune == utf8.RuneError:
				msg = "Type this answer again: it could not be read"
			case b.Before != "":
				msg = "Remove the hidden character after “" + b.Before + "”: it may have been pasted in with the text"
			}
			f.Add(name, msg)
			f.unreadable = append(f.unreadable, kith.FieldError{Field: name, Message: msg})
			break
		}
	}
}

// takeOutBadChars removes the characters checkChars found from the fields
// that held them, for the one form that saves past them (a record's
// draft, which keeps everything typed), and returns what to tell the
// writer about each field.
func (f *form) takeOutBadChars() []kith.FieldError {
	var out []kith.FieldError
	for _, fe := range f.unreadable {
		for i, v := range f.Values[fe.Field] {
			f.Values[fe.Field][i] = kith.RemoveBadChars(v)
		}
		delete(f.Errors, fe.Field)
		f.List = slices.DeleteFunc(f.List, func(e kith.FieldError) bool { return e.Field == fe.Field })
		out = append(out, kith.FieldError{Field: fe.Field,
			Message: "A hidden character pasted in with the text was taken out of this answer: check it still reads as you meant"})
	}
	f.unreadable = nil
	return out
}

// keptForm returns the form a user was submitting when their session
// ended, if the page was opened to restore it (?kept=…) and it is theirs.
func (s *Server) keptForm(r *http.Request) (*form, bool) {
	id := r.URL.Query().Get("kept")
	if id == "" {
		return nil, false
	}
	path, encoded, err := s.DB.KeptForm(r.Context(), actorFrom(r).UserID(), id)
	if err != nil || path != r.URL.Path {
		return nil, false
	}
	v, err := url.ParseQuery(encoded)
	if err != nil {
		return nil, false
	}
	f := newForm(v)
	f.KeptID = id
	return f, true
}

// savedKept drops a kept form once what it held has been saved.
func (s *Server) savedKept(r *http.Request, f *form) {
	if f.KeptID != "" {
		if err := s.DB.DropKeptForm(r.Context(), actorFrom(r).UserID(), f.KeptID); err != nil {
			s.Log.Warn("drop kept form", "err", err)
		}
	}
}
