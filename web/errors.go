package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

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

// writeProblem answers an API error as application/problem+json. Internal
// errors say only that something went wrong; the log has the detail.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	st := statusOf(err)
	if st >= 500 {
		s.Log.Error("internal error", "request_id", requestID(r), "err", err)
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
	if isAPI(r) {
		s.writeProblem(w, r, err)
		return
	}
	st := statusOf(err)
	if st >= 500 {
		s.Log.Error("internal error", "request_id", requestID(r), "err", err)
	}
	title := map[int]string{
		http.StatusNotFound:            "Page not found",
		http.StatusForbidden:           "You cannot do that",
		http.StatusConflict:            "Someone else changed this",
		http.StatusUnprocessableEntity: "There is a problem",
		http.StatusUnauthorized:        "Sign in",
	}[st]
	if title == "" {
		title = "Sorry, there is a problem with Kith"
	}
	s.render(w, r, st, "error", title, errorPage{Message: kith.ErrorMessage(err), RequestID: requestID(r), Status: st})
}

type errorPage struct {
	Message   string
	RequestID string
	Status    int
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// maxBody bounds request bodies. It is generous so that an over-long field
// (a 10 MB name) is read and refused with a message about that field,
// rather than the whole request failing.
const maxBody = 16 << 20

// errBodyTooLarge is returned for request bodies over the limit.
var errBodyTooLarge = kith.Errorf(kith.EINVALID, "The request is too large. Requests must be 16 MB or smaller.")

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errBodyTooLarge
	}
	return kith.Errorf(kith.EINVALID, "The request body could not be read: %v", err)
}
