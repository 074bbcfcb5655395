package web

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"kith"
)

// statuses maps application error codes to HTTP statuses: the one table.
var statuses = map[string]int{
	kith.EINVALID:         http.StatusUnprocessableEntity,
	kith.ENOTFOUND:        http.StatusNotFound,
	kith.ECONFLICT:        http.StatusConflict,
	kith.EFORBIDDEN:       http.StatusForbidden,
	kith.EUNAUTHENTICATED: http.StatusUnauthorized,
	kith.EINTERNAL:        http.StatusInternalServerError,
	kith.EUNAVAILABLE:     http.StatusServiceUnavailable,
	kith.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	kith.ETOOMANY:         http.StatusTooManyRequests,
}

// unavailableFor is what to tell a user whose request the database could
// not serve: on a page or API read, that it cannot be opened; on anything
// that saves, that it was not saved (even when the failure came from the
// reads the save begins with).
func unavailableFor(r *http.Request, err error) error {
	if kith.ErrorCode(err) == kith.EUNAVAILABLE && r.Method != http.MethodGet && r.Method != http.MethodHead {
		return kith.Errorf(kith.EUNAVAILABLE, "%s", kith.CannotSaveMessage)
	}
	return err
}

func statusOf(err error) int {
	if st, ok := statuses[kith.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// problem is an RFC 9457 problem details body.
type problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Errors    []kith.FieldError `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// statusClientClosedRequest is what the request log shows for a request
// whose client went away before its answer was ready (nginx's 499).
const statusClientClosedRequest = 499

// clientLeft answers (for the log only) a request that failed because its
// client went away: a tab closed, a connection dropped, a load test
// stopping. Nothing can reach the client, and it is not Kith's error, so
// it is logged at info, not as an internal error that would page an
// operator. A save cut short this way was committed whole or not at
// all, as every save is.
func (s *Server) clientLeft(w http.ResponseWriter, r *http.Request, err error) bool {
	if r.Context().Err() == nil || !errors.Is(err, context.Canceled) {
		return false
	}
	s.Log.Info("client left before the answer", "request_id", requestID(r), "err", err)
	w.WriteHeader(statusClientClosedRequest)
	return true
}

// writeProblem answers an API error as application/problem+json. Internal
// errors say only that something went wrong; the log has the detail.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	if s.clientLeft(w, r, err) {
		return
	}
	err = unavailableFor(r, err)
	st := statusOf(err)
	if st >= 500 && st != http.StatusServiceUnavailable {
		s.Log.Error("internal error", "request_id", requestID(r), "err", err)
	}
	if st == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "30")
	}
	code := kith.ErrorCode(err)
	p := problem{
		Type:      "https://kith.invalid/problems/" + strings.ReplaceAll(code, "_", "-"),
		Title:     http.StatusText(st),
		Status:    st,
		Detail:    kith.ErrorMessage(err),
		Errors:    kith.ErrorFields(err),
		RequestID: requestID(r),
	}
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kith"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(st)
	_ = json.NewEncoder(w).Encode(p)
}

// renderError answers an error that is not a form's validation error with
// an error page (or a problem for API requests).
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	// The page's own scripts (autosave, the session timer) ask for JSON.
	if isAPI(r) || r.Header.Get("Accept") == "application/json" {
		s.writeProblem(w, r, err)
		return
	}
	if s.clientLeft(w, r, err) {
		return
	}
	err = unavailableFor(r, err)
	st := statusOf(err)
	if st >= 500 && st != http.StatusServiceUnavailable {
		s.Log.Error("internal error", "request_id", requestID(r), "err", err)
	}
	if st == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "30")
	}
	title := map[int]string{
		http.StatusNotFound:              "Page not found",
		http.StatusForbidden:             "You cannot do that",
		http.StatusConflict:              "Someone else changed this",
		http.StatusUnprocessableEntity:   "There is a problem",
		http.StatusUnauthorized:          "Sign in",
		http.StatusServiceUnavailable:    "Kith cannot do this just now",
		http.StatusRequestEntityTooLarge: "What you sent is too large",
	}[st]
	if title == "" {
		title = "Sorry, there is a problem with Kith"
	}
	page := errorPage{Message: kith.ErrorMessage(err), RequestID: requestID(r), Status: st}
	if st == http.StatusServiceUnavailable && r.Method == http.MethodPost {
		page.keepTyping(r)
	}
	s.render(w, r, st, "error", title, page)
}

type errorPage struct {
	Message   string
	RequestID string
	Status    int
	// When a form could not be saved, what was posted: sent again by "Try
	// again" (Path, Hidden and Action), and shown to read or copy (Typed).
	Path   string
	Action string
	Hidden []typedValue
	Typed  []typedValue
}

// typedValue is one value of a posted form.
type typedValue struct{ Name, Value string }

// keepTyping puts what a form posted into the page that says it could not
// be saved, so the typing is on the screen, not lost, even when Kith could
// not show the form again (with a full disk it cannot even read the case,
// since every read is written to the access log first). Passwords are
// never echoed.
func (p *errorPage) keepTyping(r *http.Request) {
	if r.PostForm == nil {
		// The request failed before its form was read (signing the
		// session's activity needs a write too).
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			return
		}
	}
	p.Path = r.URL.Path
	for _, name := range slices.Sorted(maps.Keys(r.PostForm)) {
		if strings.Contains(name, "password") {
			continue
		}
		for _, v := range r.PostForm[name] {
			if name == "action" {
				p.Action = v
				continue
			}
			p.Hidden = append(p.Hidden, typedValue{name, v})
			if strings.TrimSpace(v) != "" && strings.ContainsFunc(v, unicode.IsLetter) && name != "version" {
				p.Typed = append(p.Typed, typedValue{fieldWords(name), v})
			}
		}
	}
}

// fieldWords turns a form field's name into words: "s.child_views" reads
// "child views".
func fieldWords(name string) string {
	name = strings.TrimPrefix(name, "s.")
	return strings.NewReplacer("_", " ", ".", " ", "-", " ").Replace(name)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// maxBody bounds request bodies. It is generous so that an over-long field
// (a 10 MB name) is read and refused with a message about that field,
// rather than the whole request failing.
const maxBody = 16 << 20

// errBodyTooLarge is returned for request bodies over the limit.
var errBodyTooLarge = kith.Errorf(kith.ETOOLARGE, "The request is too large. Requests must be 16 MB or smaller.")

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errBodyTooLarge
	}
	return kith.Errorf(kith.EINVALID, "The request body could not be read: %v", err)
}
