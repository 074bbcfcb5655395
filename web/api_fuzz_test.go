package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// fuzzSeeds are bodies to start fuzzing from: good ones, and every kind
// the bad-input table sends.
var fuzzSeeds = []string{
	`{"version": 1, "headline": "Visit", "occurred_at": "2026-11-23T09:30:00Z", "location": "Home", "significant": false, "risk_identified": false,
	  "content": {"discussion": {"text": "School\r\n\tmornings 😀"}, "actions": {"actions": [{"what": "Call", "who": "Mum", "by": "2026-12-01"}]}}}`,
	`{"person": {"first_name": "Carol", "last_name": "Alder", "date_of_birth": "1985-02-03"}, "relationship": {"kind": "parent", "lives_with_child": true}}`,
	`{"headline": "a\u0000"}`, "{\"headline\": \"a\x00\"}", "{\"headline\": \"\xff\"}", `{"headline": "\ud800"}`, `{"headline": "\udc00\ud800"}`,
	`{"headline": "\ud83d\ude00"}`, `{"headline": "\\ud800"}`, `{"headline": "a"}{"headline": "b"}`, `{"headline": "a"} x`, `{} `,
	`{"occurred_at": "0001-01-01T00:00:00Z"}`, `{"occurred_at": "1899-12-31T23:59:59+01:00"}`, `{"person": {"date_of_birth": "0001-01-01"}}`,
	`{"Headline": "x"}`, `{"headline": 5}`, `{"version": "2"}`, `{"version": 1e400}`, `{"version": 99999999999999999999}`, `[]`, `null`, `"x"`, `1`,
	`{"content": {"actions": {"actions": [{"by": 5}, {"by": "2026-02-30"}]}}}`, `{"content": {"x": {"Text": 1}}}`, `{"content": []}`,
	`{"headline": "a", "headline": "b"}`, `{"head\u0000line": 1}`, `{"person": {"first_name": {"a": [1, {"b": null}]}}}`, `{"a":`, ``, ` `,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"content": {"a": {"actions": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}}`,
}

// bodyTypes are the Go types the API decodes JSON bodies into.
func bodyTypes() []reflect.Type {
	var out []reflect.Type
	seen := map[reflect.Type]bool{}
	for _, rt := range (&Server{}).apiRoutes() {
		if rt.body == nil || mediaTypeOf(rt.body) != "application/json" {
			continue
		}
		if t := reflect.TypeOf(rt.body); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// FuzzCheckBody holds checkBody to encoding/json for every body type the
// API takes: it never panics, a body it accepts decodes without error,
// and its messages never name Go types.
//
//	go test -fuzz FuzzCheckBody ./web
func FuzzCheckBody(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	types := bodyTypes()
	if len(types) < 20 {
		f.Fatalf("only %d body types", len(types))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range types {
			err := checkBody(body, typ)
			if err == nil {
				dec := json.NewDecoder(bytes.NewReader(body))
				dec.DisallowUnknownFields()
				if derr := dec.Decode(reflect.New(typ).Interface()); derr != nil {
					t.Fatalf("%v: checkBody accepted %q, which encoding/json refuses: %v", typ, body, derr)
				}
				continue
			}
			if kith.ErrorCode(err) != kith.EINVALID {
				t.Fatalf("%v: %q: %v", typ, body, err)
			}
			words := kith.ErrorMessage(err)
			for _, fe := range kith.ErrorFields(err) {
				words += " " + fe.Message
			}
			if m := goTypeRE.FindString(words); m != "" {
				t.Fatalf("%v: %q: the problem speaks of Go types (%q): %s", typ, body, m, words)
			}
		}
	})
}

// FuzzAPIBody sends any body to two endpoints of a real server on a real
// database (a draft's save and adding someone to a case): whatever it is,
// the answer is never a 500, and a refusal is a problem.
//
//	go test -fuzz FuzzAPIBody ./web
func FuzzAPIBody(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	c := newTestCouncil(f, "sqlite")
	prac := c.token(f, c.Prac)
	cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	st, body, _ := c.api(f, prac, "POST", "/api/v1/cases/"+cs.Reference+"/records", map[string]any{"template": "home-visit",
		"occurred_at": kithtest.Now().Add(-time.Hour).UTC().Format(time.RFC3339)})
	if st != 201 {
		f.Fatalf("start a draft: %d %v", st, body)
	}
	paths := map[bool]string{false: "/api/v1/records/" + body["id"].(string) + "/draft", true: "/api/v1/cases/" + cs.Reference + "/people"}
	f.Fuzz(func(t *testing.T, person bool, body []byte) {
		method := "PUT"
		if person {
			method = "POST"
		}
		res, raw := c.rawAPI(t, prac, method, paths[person], "application/json", bytes.NewReader(body))
		if res.StatusCode >= 500 {
			t.Fatalf("%s %q: %d %s", method, body, res.StatusCode, raw)
		}
		if res.StatusCode >= 400 && (!strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") || !json.Valid(raw)) {
			t.Fatalf("%s %q: %d is not a problem: %s", method, body, res.StatusCode, raw)
		}
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated && res.StatusCode < 400 {
			t.Fatalf("%s %q: %d", method, body, res.StatusCode)
		}
	})
}
