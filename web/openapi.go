package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"kith"
)

// The OpenAPI 3.1 document is built from the route table and the Go types
// the handlers really decode and encode, so it cannot drift from the code;
// TestOpenAPIMatchesRoutes checks it against what the server routes.
var (
	openapiOnce sync.Once
	openapiDoc  []byte
)

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	openapiOnce.Do(func() {
		doc := buildOpenAPI(s.apiRoutes())
		openapiDoc, _ = json.MarshalIndent(doc, "", "  ")
	})
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}

// enums lists the values of Kith's named string types.
var enums = map[reflect.Type][]string{}

func init() {
	add := func(t reflect.Type, vals ...string) { enums[t] = vals }
	var roles, statuses, rels, genders, phones, warnings []string
	for _, r := range kith.Roles {
		roles = append(roles, string(r))
	}
	for _, k := range kith.StatusKinds {
		statuses = append(statuses, string(k))
	}
	for _, k := range kith.RelationshipKinds {
		rels = append(rels, string(k))
	}
	for _, g := range kith.Genders {
		genders = append(genders, string(g))
	}
	for _, k := range kith.PhoneKinds {
		phones = append(phones, string(k))
	}
	for _, k := range kith.WarningKinds {
		warnings = append(warnings, string(k))
	}
	add(reflect.TypeFor[kith.Role](), roles...)
	add(reflect.TypeFor[kith.StatusKind](), statuses...)
	add(reflect.TypeFor[kith.RelationshipKind](), rels...)
	add(reflect.TypeFor[kith.Gender](), genders...)
	add(reflect.TypeFor[kith.PhoneKind](), phones...)
	add(reflect.TypeFor[kith.WarningKind](), warnings...)
	add(reflect.TypeFor[kith.RecordStatus](), string(kith.RecordDraft), string(kith.RecordFinal), string(kith.RecordWithdrawn))
	add(reflect.TypeFor[kith.SectionKind](), string(kith.SectionText), string(kith.SectionLine), string(kith.SectionChoice), string(kith.SectionDateTime),
		string(kith.SectionYesNo), string(kith.SectionPeople), string(kith.SectionActions), string(kith.SectionFile), string(kith.SectionAttendance))
	add(reflect.TypeFor[kith.Answer](), string(kith.Yes), string(kith.No), string(kith.NotKnown))
	add(reflect.TypeFor[kith.CaseState](), string(kith.CaseOpen), string(kith.CaseClosed))
	add(reflect.TypeFor[kith.AllocationKind](), string(kith.AllocationOpened), string(kith.AllocationAllocated),
		string(kith.AllocationTransferred), string(kith.AllocationUnallocated), string(kith.AllocationReopened))
}

type schemaSet struct {
	defs map[string]any
}

// routeDoc says about an operation what the route table does not.
type routeDoc struct {
	description string
	created     bool // it answers 201 Created
	conflict    any  // the body of its 409 answer, when that is more than a problem
}

// mediaTyped is a request body or answer that is not JSON: its example
// type says the media type it is sent as.
type mediaTyped interface{ mediaType() string }

// binaryData is a file's bytes in a request or answer.
type binaryData []byte

var (
	timeType     = reflect.TypeFor[time.Time]()
	dateType     = reflect.TypeFor[kith.Date]()
	timeTextType = reflect.TypeFor[timeText]()
	binaryType   = reflect.TypeFor[binaryData]()
)

// schema returns the JSON Schema of a Go type, putting named structs in
// components and referring to them.
func (ss *schemaSet) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date", "description": "A date, YYYY-MM-DD"}
	case timeTextType:
		return map[string]any{"type": "string", "format": "date-time", "description": "A time in RFC 3339 form, like 2026-11-23T09:30:00Z"}
	case binaryType:
		return map[string]any{"type": "string", "format": "binary"}
	}
	if _, ok := reflect.New(t).Elem().Interface().(mediaTyped); ok && t.Kind() == reflect.Struct && t.NumField() == 0 {
		return map[string]any{"type": "string", "format": "binary"}
	}
	if vals, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": ss.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": ss.schema(t.Elem())}
	case reflect.Struct:
		name := schemaName(t)
		if _, done := ss.defs[name]; !done {
			ss.defs[name] = nil // placeholder against recursion
			props := map[string]any{}
			var required []string
			// Fields of embedded structs are promoted, as encoding/json does.
			for _, f := range reflect.VisibleFields(t) {
				tag := f.Tag.Get("json")
				if f.Anonymous && f.Type.Kind() == reflect.Struct && tag == "" {
					continue
				}
				if !f.IsExported() {
					continue
				}
				if tag == "-" {
					continue
				}
				parts := strings.Split(tag, ",")
				name := parts[0]
				if name == "" {
					name = f.Name
				}
				props[name] = ss.schema(f.Type)
				optional := strings.Contains(tag, "omitempty") || strings.Contains(tag, "omitzero")
				if !optional {
					required = append(required, name)
				}
			}
			obj := map[string]any{"type": "object", "properties": props}
			if len(required) > 0 {
				sort.Strings(required)
				obj["required"] = required
			}
			ss.defs[name] = obj
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	return strings.TrimSuffix(strings.ToUpper(t.Name()[:1])+t.Name()[1:], "JSON")
}

var pathParamRE = regexp.MustCompile(`\{([a-z]+)\}`)

var pathParamHelp = map[string]string{
	"ref":     "The case reference (KTH-2026-000123) or case id",
	"pid":     "A person's id",
	"id":      "The id of the thing the path names",
	"uid":     "A user's id",
	"key":     "A template's key, like home-visit",
	"version": "A template's version number",
}

func buildOpenAPI(routes []apiRoute) map[string]any {
	ss := &schemaSet{defs: map[string]any{}}
	problem := map[string]any{"description": "A problem (RFC 9457): detail says what is wrong in words for a user; errors names the fields.",
		"content": map[string]any{"application/problem+json": map[string]any{"schema": ss.schema(reflect.TypeFor[problem]())}}}
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.tag},
		}
		var params []any
		for _, m := range pathParamRE.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "description": pathParamHelp[m[1]], "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.description, "schema": map[string]any{"type": q.typ}})
		}
		if params != nil {
			op["parameters"] = params
		}
		doc := routeDocs[rt.method+" "+rt.path]
		if doc.description != "" {
			op["description"] = doc.description
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{mediaTypeOf(rt.body): map[string]any{"schema": ss.schema(reflect.TypeOf(rt.body))}}}
		}
		responses := map[string]any{}
		switch {
		case rt.path == "/api/v1/openapi.json":
			responses["200"] = map[string]any{"description": "The OpenAPI 3.1 document", "content": map[string]any{"application/json": map[string]any{}}}
		case rt.resp == nil:
			responses["204"] = map[string]any{"description": "Done"}
		case doc.created || rt.method == "POST" && (rt.path == "/api/v1/cases" || strings.HasSuffix(rt.path, "/people") || strings.HasSuffix(rt.path, "/professionals") ||
			rt.path == "/api/v1/users" || rt.path == "/api/v1/teams" || rt.path == "/api/v1/services" || rt.path == "/api/v1/tokens"):
			responses["201"] = map[string]any{"description": "Created", "content": map[string]any{mediaTypeOf(rt.resp): map[string]any{"schema": ss.schema(reflect.TypeOf(rt.resp))}}}
		default:
			responses["200"] = map[string]any{"description": "OK", "content": map[string]any{mediaTypeOf(rt.resp): map[string]any{"schema": ss.schema(reflect.TypeOf(rt.resp))}}}
		}
		if !rt.public {
			for _, code := range []string{"401", "403", "404"} {
				responses[code] = problem
			}
			if rt.method != "GET" {
				responses["409"] = problem
				responses["422"] = problem
			}
			if doc.conflict != nil {
				responses["409"] = map[string]any{"description": "Someone saved the record since the version you sent (current holds what is stored), or the record is final",
					"content": map[string]any{"application/problem+json": map[string]any{"schema": ss.schema(reflect.TypeOf(doc.conflict))}}}
			}
			if rt.method == "GET" && len(rt.query) > 0 {
				responses["422"] = problem
			}
			if rt.body != nil && mediaTypeOf(rt.body) == "application/json" {
				responses["413"] = map[string]any{"description": "The body is over 16 MB (a problem)",
					"content": problem["content"]}
			}
		} else {
			op["security"] = []any{}
		}
		op["responses"] = responses
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Kith API",
			"version": "1",
			"description": "Kith's JSON API. Every call is made as a user, with the same access rules as the web pages, and every read and change of a case is audited. " +
				"Authenticate with a bearer token (make one on your account page or with `kith user token`). Tokens expire (at most KITH_TOKEN_LIFETIME, 90 days unless the council sets another) " +
				"and are revoked when their owner's password is set with a one-time link or their account is disabled. " +
				"A request that changes something with a browser's session cookie must carry Origin or Sec-Fetch-Site (browsers send them); requests with a bearer token need neither. " +
				"Errors are application/problem+json.\n\n" +
				apiInputRules,
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearerAuth": []any{}}, map[string]any{"sessionCookie": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": ss.defs,
			"securitySchemes": map[string]any{
				"bearerAuth":    map[string]any{"type": "http", "scheme": "bearer", "description": "An API token, kith_…"},
				"sessionCookie": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie, "description": "A signed-in browser session (Kith's own pages)"},
			},
		},
	}
}

// apiInputRules is what the API refuses rather than quietly changes, as
// decode and checkBody enforce it.
const apiInputRules = "A request body is one JSON object, in UTF-8, with nothing after it but white space. " +
	"Field names must match the schema exactly (they are case-sensitive, so Headline is not headline) and each may be given once; " +
	"a field the schema does not have is refused, never ignored. " +
	"Text may hold tab, line feed and carriage return, but no other control characters (U+0000 to U+001F, U+007F to U+009F), " +
	"no bytes that are not UTF-8 and no half of a surrogate pair on its own (\\ud800). " +
	"Dates (YYYY-MM-DD) and times (RFC 3339) must be in 1900 or later: 0001-01-01T00:00:00Z is refused, not read as no time. " +
	"Leave a field out, or send null, to give no value. " +
	"Each refusal is a 422 problem whose errors name the field by its JSON path: object member names and array indexes (from 0) joined by dots, " +
	"like content.actions.actions.0.by; a problem with the body as a whole (not JSON, not an object, something after it) is in detail. " +
	"A body over 16 MB answers 413."

// mediaTypeOf is the media type a body or answer is sent as.
func mediaTypeOf(v any) string {
	if m, ok := v.(mediaTyped); ok {
		return m.mediaType()
	}
	return "application/json"
}

// operationID names an operation from its method and path:
// POST /api/v1/cases/{ref}/close is postCasesRefClose.
func operationID(rt apiRoute) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, part := range strings.Split(strings.TrimPrefix(rt.path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
