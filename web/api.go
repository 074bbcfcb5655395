package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"kith"
	"kith/sqldb"
)

// apiRoute is one endpoint of the JSON API. The table is the API's source
// of truth for routing, and TestOpenAPIMatchesRoutes holds the OpenAPI
// document to it.
type apiRoute struct {
	method, path string
	public       bool
	handle       handler
	// For the OpenAPI document: what it does, its group, the JSON body it
	// takes and returns (example values of the Go types), and its query
	// parameters.
	summary, tag string
	body, resp   any
	query        []param
}

// param is a query parameter of an endpoint.
type param struct {
	name, typ, description string
}

// apiAuth admits API requests with a bearer token (API clients) or a
// session cookie (Kith's own pages' scripts). The same access rules apply
// either way, since storage checks every call.
func (s *Server) apiAuth(next handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var a kith.Actor
		var err error
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return kith.Errorf(kith.EUNAUTHENTICATED, "Send the API token as Authorization: Bearer <token>.")
			}
			a, err = s.DB.TokenActor(r.Context(), strings.TrimSpace(token))
		} else {
			_, a, err = s.DB.Session(r.Context(), sessionToken(r), s.Config.IdleTimeout, true)
			if err == sqldb.ErrSessionEnded {
				err = kith.Errorf(kith.EUNAUTHENTICATED, "Authenticate with an API token (Authorization: Bearer <token>) or a signed-in session.")
			}
		}
		if err != nil {
			return err
		}
		return next(w, withActor(r, s.from(r, a, "api")))
	}
}

// decode reads a JSON request body into v. The body must be one JSON
// object whose every field, name and value, v has room for exactly:
// checkBody refuses anything encoding/json would quietly drop or change,
// naming the field by its JSON path. A body over maxBody answers 413.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return kith.Errorf(kith.EINVALID, "Send the request body as application/json.")
		}
	}
	if r.ContentLength > maxBody {
		return errBodyTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return bodyError(err)
	}
	if err := checkBody(body, reflect.TypeOf(v)); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// checkBody let through what encoding/json refuses: a gap in
		// checkBody (FuzzDecode looks for these). Its message may name Go
		// types, so the client is told only where to look.
		return kith.Errorf(kith.EINVALID, "The request body could not be read: check it against the API description.")
	}
	return nil
}

// jsonFields renames the fields of a validation error from the names the
// web forms use (child_first_name) to the JSON path of the API body
// (child.first_name), so API clients can find the field they sent.
func jsonFields(err error, rename func(field string) string) error {
	var e *kith.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]kith.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out.Fields[i] = kith.FieldError{Field: rename(f.Field), Message: f.Message}
	}
	return &out
}

// prefixed turns form prefixes into JSON paths: child_x is child.x.
func prefixed(prefixes ...string) func(string) string {
	return func(field string) string {
		for _, p := range prefixes {
			if rest, ok := strings.CutPrefix(field, p+"_"); ok {
				return p + "." + rest
			}
		}
		return field
	}
}

// networkField puts a new network member's fields under person or
// relationship, as the API body has them.
func networkField(field string) string {
	switch field {
	case "kind", "lives_with_child", "parental_responsibility", "notes", "started_on":
		return "relationship." + field
	case "existing_person_id":
		return field
	}
	return "person." + field
}

func queryInt(r *http.Request, name string, def int) int {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return n
}

func created(w http.ResponseWriter, location string, v any) error {
	if location != "" {
		w.Header().Set("Location", location)
	}
	return writeJSON(w, http.StatusCreated, v)
}

func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
