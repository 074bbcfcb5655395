package kith

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Each maps to one HTTP status in the web layer; the message of
// an *Error is always safe to show to a user, and internal detail never is.
const (
	EINVALID         = "invalid"
	ENOTFOUND        = "not_found"
	ECONFLICT        = "conflict"
	EFORBIDDEN       = "forbidden"
	EUNAUTHENTICATED = "unauthenticated"
	EINTERNAL        = "internal"
	// EUNAVAILABLE: Kith cannot do it just now (the database cannot write,
	// say, because its disk is full), and the same request will work once
	// that is put right. Nothing the user sent was saved, and the page
	// keeps it for them.
	EUNAVAILABLE = "unavailable"
	// ETOOLARGE: the request is larger than Kith takes, whatever it holds.
	ETOOLARGE = "too_large"
	// ETOOMANY: too many attempts from where the request came from (failed
	// sign-ins from one address); the message says how long to wait.
	ETOOMANY = "too_many_requests"
)

// Messages for when the database cannot write: specific, and saying what
// happens to the user's work.
const (
	CannotSaveMessage = "Kith cannot save just now: the server has run out of room to store records. Nothing you typed is lost: it is still on this page. Try again in a few minutes, and if it goes on, tell your IT service desk."
	CannotReadMessage = "Kith cannot open this just now: every record opened is written in the case's access log, and the server has run out of room to write it. Try again in a few minutes, and if it goes on, tell your IT service desk."
)

// Error is Kith's application error. Code says what kind of failure it is,
// Message says it in words a practitioner can act on, and Fields carries one
// message per form or API field for validation failures, in the order the
// fields appear on the form.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// FieldError is a validation message for one field. Field is the form field
// name (and the JSON property name in the API).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("kith error: code=%s message=%s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("kith error: code=%s message=%s fields=[%s]", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL for any
// other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of an application error. Any
// other error reads "Internal error." so that no SQL or stack trace reaches a
// user; the log has the detail.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Sorry, there is a problem with Kith. Try again later."
}

// ErrorFields returns the per-field messages of a validation error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// NotFound is the answer for anything the user cannot see, whether it exists
// or not: a restricted case is answered exactly as an unknown one.
func NotFound(what string) *Error {
	return Errorf(ENOTFOUND, "%s was not found. Check the link or search again.", what)
}

// Validation collects field errors while a form or API body is checked, so
// every problem is reported at once rather than one per submit.
type Validation struct {
	fields []FieldError
	seen   map[string]bool
}

// Add records a message for a field. Only the first message per field is
// kept: GOV.UK forms show one error per field.
func (v *Validation) Add(field, message string) {
	if v.seen == nil {
		v.seen = map[string]bool{}
	}
	if v.seen[field] {
		return
	}
	v.seen[field] = true
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// OK reports whether no errors were recorded.
func (v *Validation) OK() bool { return len(v.fields) == 0 }

// Err returns nil if no errors were recorded, or an EINVALID *Error that
// carries them all.
func (v *Validation) Err() error {
	if v.OK() {
		return nil
	}
	return &Error{Code: EINVALID, Message: "There is a problem", Fields: append([]FieldError(nil), v.fields...)}
}

// Merge adds the field errors of err (if it is a validation error) to v,
// prefixing each field name. Other errors are returned unchanged.
func (v *Validation) Merge(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		return err
	}
	for _, f := range e.Fields {
		v.Add(prefix+f.Field, f.Message)
	}
	return nil
}
