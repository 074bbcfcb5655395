package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kith/internal/kithtest"
)

// goTypeRE finds what a problem must never show a client: Go's names for
// its own types and kinds.
var goTypeRE = regexp.MustCompile(`\b(web|kith|sqldb|json|time|reflect)\.[A-Za-z]|\bstruct\b|map\[|\[\]|\bint(64)?\b|\bfloat64\b|\bbool\b`)

// badInput is one row of the bad-input table: a request an outside harness
// sent, and the problem it must get back.
type badInput struct {
	name, method, path string
	body               string
	contentType        string // application/json unless set
	status             int
	problem            string // the problem type's last segment: invalid, too-large
	field              string // the JSON path the first field error names; "" for a problem about the whole body
	says               string // part of that field's message (or of detail when field is "")
}

// TestAPIBadInput sends every kind of bad input an outside harness found
// accepted, through the real server to a real database: each is refused
// with a problem naming the field by its JSON path, in words about fields
// (never Go types), and nothing stored changes.
func TestAPIBadInput(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			kithtest.ClockOf(c.DB).Freeze(kithtest.Now())
			prac := c.token(t, c.Prac)
			cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			ref := cs.Reference
			when := kithtest.Now().Add(-2 * time.Hour).Truncate(time.Minute)

			// A draft with a time, a headline and an agreed action.
			st, body, _ := c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit"})
			if st != 201 {
				t.Fatalf("start a draft: %d %v", st, body)
			}
			id := body["id"].(string)
			if st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+id+"/draft", homeVisitBody(1, "", when)); st != 200 {
				t.Fatalf("save the draft: %d %v", st, body)
			}
			draft := "/api/v1/records/" + id + "/draft"
			// stored is the body of the draft as it is stored: saving it
			// again changes nothing.
			stored := func(path string, raw string) string { return withRaw(t, homeVisitBody(2, "", when), path, raw) }
			st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref, nil)
			if st != 200 {
				t.Fatalf("overview: %d %v", st, body)
			}
			child := body["child"].(map[string]any)
			person := "/api/v1/cases/" + ref + "/people/" + child["id"].(string)
			personBody := map[string]any{"first_name": "Amy", "last_name": "Alder", "date_of_birth": "2015-05-05", "version": child["version"]}
			personWith := func(path, raw string) string { return withRaw(t, personBody, path, raw) }
			newMember := map[string]any{"person": map[string]any{"first_name": "Carol", "last_name": "Alder", "date_of_birth": "1985-02-03"},
				"relationship": map[string]any{"kind": "parent", "lives_with_child": true, "parental_responsibility": "yes", "started_on": "2015-05-05"}}
			memberWith := func(path, raw string) string { return withRaw(t, newMember, path, raw) }
			actions := "/api/v1/cases/" + ref + "/actions"
			newAction := map[string]any{"what": "Book a school meeting", "owner": map[string]any{"kind": "other", "name": "Ms Patel", "role": "Head of year"},
				"due": kithtest.Today().AddDays(30).String()}
			actionWith := func(path, raw string) string { return withRaw(t, newAction, path, raw) }
			records := "/api/v1/cases/" + ref + "/records"
			newRecord := map[string]any{"template": "home-visit", "headline": "Visit", "occurred_at": when.Format(time.RFC3339)}
			recordWith := func(path, raw string) string { return withRaw(t, newRecord, path, raw) }

			// A draft keeps a "by" that is not a date yet; finalising
			// refuses it, at the action's own path.
			final := homeVisitBody(2, "Mum stayed in the room", when)
			acts := final["content"].(map[string]any)["actions"].(map[string]any)
			acts["actions"] = append(acts["actions"].([]any), map[string]any{"what": "Call the GP", "who": "Mum", "by": "2026-02-30"})
			twoActions := withRaw(t, final, "", "")

			const huge = maxBody + 1
			table := []badInput{
				// 1. Characters that are not text.
				{name: "NUL escaped", method: "PUT", path: draft, body: stored("headline", `"Visit\u0000"`), field: "headline", says: "control character"},
				{name: "NUL raw", method: "PUT", path: draft, body: stored("headline", "\"Visit\x00\""), field: "headline", says: "control character"},
				{name: "escape character", method: "PUT", path: draft, body: stored("headline", `"Visit\u001b[31m"`), field: "headline", says: "control character"},
				{name: "C1 control", method: "PUT", path: draft, body: stored("headline", `"Visit\u0085"`), field: "headline", says: "control character"},
				{name: "DEL", method: "PUT", path: draft, body: stored("location", `"Home\u007f"`), field: "location", says: "control character"},
				{name: "invalid UTF-8", method: "PUT", path: draft, body: stored("headline", "\"Visit \xff\xfe\""), field: "headline", says: "UTF-8"},
				{name: "lone high surrogate", method: "PUT", path: draft, body: stored("headline", `"Visit \ud800"`), field: "headline", says: "surrogate"},
				{name: "lone low surrogate", method: "PUT", path: draft, body: stored("headline", `"\udc00 Visit"`), field: "headline", says: "surrogate"},
				{name: "high surrogate then a letter", method: "PUT", path: draft, body: stored("headline", `"Visit \ud83dA"`), field: "headline", says: "surrogate"},
				{name: "control character in a section", method: "PUT", path: draft, body: stored("content.discussion.text", `"We talked\u0000"`), field: "content.discussion.text", says: "control character"},
				{name: "control character in an action", method: "PUT", path: draft, body: stored("content.actions.actions.0.who", `"Social\u0007worker"`), field: "content.actions.actions.0.who", says: "control character"},
				{name: "control character in a field name", method: "PUT", path: draft, body: stored("head\u0000line", `"x"`), field: "head\x00line", says: "control character"},
				{name: "control character on a new record", method: "POST", path: records, body: recordWith("headline", `"Visit\u0000"`), field: "headline", says: "control character"},
				{name: "control character in a name", method: "PUT", path: person, body: personWith("first_name", `"Amy\u0000"`), field: "first_name", says: "control character"},
				{name: "control character in a new member", method: "POST", path: "/api/v1/cases/" + ref + "/people", body: memberWith("person.last_name", `"Alder\u001f"`), field: "person.last_name", says: "control character"},
				{name: "control character in an owner", method: "POST", path: actions, body: actionWith("owner.name", `"Ms\u0000Patel"`), field: "owner.name", says: "control character"},

				// 2. More after the body.
				{name: "two objects", method: "PUT", path: draft, body: stored("", "") + `{"headline":"Another"}`, says: "one JSON object"},
				{name: "a word after the object", method: "PUT", path: draft, body: stored("", "") + ` x`, says: "one JSON object"},
				{name: "a second object on a new record", method: "POST", path: records, body: recordWith("", "") + "\n{}", says: "one JSON object"},
				{name: "trailing value on an action", method: "POST", path: actions, body: actionWith("", "") + ` 1`, says: "one JSON object"},

				// 3. Times and dates before 1900.
				{name: "zero time", method: "PUT", path: draft, body: stored("occurred_at", `"0001-01-01T00:00:00Z"`), field: "occurred_at", says: "1900"},
				{name: "time in 1899", method: "PUT", path: draft, body: stored("occurred_at", `"1899-12-31T23:59:59Z"`), field: "occurred_at", says: "1900"},
				{name: "zero end time", method: "PUT", path: draft, body: stored("occurred_until", `"0001-01-01T00:00:00Z"`), field: "occurred_until", says: "1900"},
				{name: "zero time on a new record", method: "POST", path: records, body: recordWith("occurred_at", `"0001-01-01T00:00:00Z"`), field: "occurred_at", says: "1900"},
				{name: "an action by year one", method: "PUT", path: draft, body: stored("content.actions.actions.0.by", `"0001-01-01"`), field: "content.actions.actions.0.by", says: "1900"},
				{name: "date of birth in year one", method: "PUT", path: person, body: personWith("date_of_birth", `"0001-01-01"`), field: "date_of_birth", says: "1900"},
				{name: "date of birth in 1899", method: "PUT", path: person, body: personWith("date_of_birth", `"1899-12-31"`), field: "date_of_birth", says: "1900"},
				{name: "new member born in year one", method: "POST", path: "/api/v1/cases/" + ref + "/people", body: memberWith("person.date_of_birth", `"0001-01-01"`), field: "person.date_of_birth", says: "1900"},
				{name: "relationship started in year one", method: "POST", path: "/api/v1/cases/" + ref + "/people", body: memberWith("relationship.started_on", `"0001-01-01"`), field: "relationship.started_on", says: "1900"},
				{name: "action due in year one", method: "POST", path: actions, body: actionWith("due", `"0001-01-01"`), field: "due", says: "1900"},
				{name: "status started in year one", method: "POST", path: "/api/v1/cases/" + ref + "/statuses", body: `{"kind": "cin", "started_on": "0001-01-01"}`, field: "started_on", says: "1900"},
				{name: "case opened in year one", method: "POST", path: "/api/v1/cases", body: `{"child": {"first_name": "Bo", "last_name": "Birch", "date_of_birth": "2016-01-01"}, "team_id": "` + c.T1.ID + `", "opened_on": "0001-01-01"}`, field: "opened_on", says: "1900"},

				// 4. Field names are exact.
				{name: "capitalised field", method: "PUT", path: draft, body: stored("Headline", `"Visit"`), field: "Headline", says: "not a field"},
				{name: "capitalised field on a new record", method: "POST", path: records, body: recordWith("Headline", `"Visit"`), field: "Headline", says: "headline"},
				{name: "capitalised nested field", method: "PUT", path: draft, body: stored("content.discussion.Text", `"x"`), field: "content.discussion.Text", says: "not a field"},
				{name: "upper-case field on a person", method: "PUT", path: person, body: personWith("FIRST_NAME", `"Amy"`), field: "FIRST_NAME", says: "not a field"},
				{name: "capitalised field on an action", method: "POST", path: actions, body: actionWith("Due", `"2030-01-01"`), field: "Due", says: "not a field"},
				{name: "a field given twice", method: "PUT", path: draft, body: strings.Replace(stored("", ""), `{`, `{"headline": "Someone else's", `, 1), field: "headline", says: "more than once"},
				{name: "unknown section", method: "PUT", path: draft, body: stored("content.childs_views", `{"text": "x"}`), field: "content.childs_views", says: "no section"},

				// 5 and 6. Type errors in words about fields, at the field's path.
				{name: "number for text", method: "PUT", path: draft, body: stored("headline", `5`), field: "headline", says: "headline must be text"},
				{name: "text for a number", method: "PUT", path: draft, body: stored("version", `"2"`), field: "version", says: "version must be a whole number"},
				{name: "fraction for a whole number", method: "PUT", path: draft, body: stored("version", `2.5`), field: "version", says: "version must be a whole number, like 3"},
				{name: "array for the body", method: "PUT", path: draft, body: `[]`, says: "must be a JSON object"},
				{name: "null for the body", method: "POST", path: records, body: `null`, says: "must be a JSON object"},
				{name: "object for a list", method: "PUT", path: draft, body: stored("content.actions.actions", `{"what": "x"}`), field: "content.actions.actions", says: "must be a list"},
				{name: "nested type error", method: "PUT", path: draft, body: stored("content.actions.actions.0.by", `20260101`), field: "content.actions.actions.0.by", says: "must be text"},
				{name: "nested impossible date, finalising", method: "POST", path: "/api/v1/records/" + id + "/finalise", body: twoActions, field: "content.actions.actions.1.by", says: "real date"},
				{name: "nested object for text", method: "POST", path: "/api/v1/cases/" + ref + "/people", body: memberWith("person.first_name", `{"text": "Carol"}`), field: "person.first_name", says: "must be text"},
				{name: "text for true or false", method: "POST", path: "/api/v1/cases/" + ref + "/people", body: memberWith("relationship.lives_with_child", `"yes"`), field: "relationship.lives_with_child", says: "true or false"},
				{name: "impossible date", method: "PUT", path: person, body: personWith("date_of_birth", `"2015-02-30"`), field: "date_of_birth", says: "real date"},
				{name: "not JSON", method: "POST", path: actions, body: `{"what": `, says: "not valid JSON"},
				{name: "empty body", method: "PUT", path: draft, body: ``, says: "empty"},

				// 7. Too large.
				{name: "too large", method: "PUT", path: draft, body: stored("content.discussion.text", `"`+strings.Repeat("a", huge)+`"`), status: 413, problem: "too-large", says: "16 MB"},
				{name: "too large new action", method: "POST", path: actions, body: actionWith("what", `"`+strings.Repeat("a", huge)+`"`), status: 413, problem: "too-large", says: "16 MB"},
			}
			// An upload's text fields are refused the same way.
			var up bytes.Buffer
			mw := multipart.NewWriter(&up)
			_ = mw.WriteField("description", "Letter\x00from school")
			_ = mw.WriteField("received_on", kithtest.Today().String())
			_ = mw.WriteField("provided_by", "Oak School")
			fw, _ := mw.CreateFormFile("file", "letter.txt")
			_, _ = fw.Write([]byte("Dear Amy's family"))
			_ = mw.Close()
			table = append(table, badInput{name: "control character in an upload's description", method: "POST", path: "/api/v1/records/" + id + "/attachments",
				body: up.String(), contentType: mw.FormDataContentType(), field: "description", says: "control character"})

			snapshot := func() string {
				var b strings.Builder
				for _, p := range []string{"/api/v1/records/" + id, "/api/v1/cases/" + ref, records, actions, "/api/v1/cases"} {
					res, raw := c.rawAPI(t, prac, "GET", p, "", nil)
					if res.StatusCode != 200 {
						t.Fatalf("GET %s: %d %s", p, res.StatusCode, raw)
					}
					b.Write(raw)
				}
				return b.String()
			}
			before := snapshot()
			for _, tc := range table {
				if tc.status == 0 {
					tc.status = 422
				}
				if tc.problem == "" {
					tc.problem = "invalid"
				}
				if tc.contentType == "" {
					tc.contentType = "application/json"
				}
				res, raw := c.rawAPI(t, prac, tc.method, tc.path, tc.contentType, strings.NewReader(tc.body))
				if after := snapshot(); after != before {
					t.Errorf("%s changed what is stored:\nbefore %.2000s\nafter  %.2000s", tc.name, before, after)
					before = after
				}
				var p struct {
					Type, Detail string
					Status       int
					Errors       []struct{ Field, Message string }
				}
				if err := json.Unmarshal(raw, &p); err != nil {
					t.Errorf("%s: %d, not a problem: %.300s", tc.name, res.StatusCode, raw)
					continue
				}
				if res.StatusCode != tc.status || p.Status != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") ||
					p.Type != "https://kith.invalid/problems/"+tc.problem {
					t.Errorf("%s: %d %s %.300s, want %d %s", tc.name, res.StatusCode, res.Header.Get("Content-Type"), raw, tc.status, tc.problem)
					continue
				}
				said := p.Detail
				if tc.field != "" {
					if len(p.Errors) == 0 || p.Errors[0].Field != tc.field {
						t.Errorf("%s: errors %+v, want one for %q", tc.name, p.Errors, tc.field)
						continue
					}
					said = p.Errors[0].Message
				} else if len(p.Errors) != 0 {
					t.Errorf("%s: a problem with the whole body names fields: %+v", tc.name, p.Errors)
				}
				if !strings.Contains(said, tc.says) {
					t.Errorf("%s: %q does not say %q", tc.name, said, tc.says)
				}
				words := p.Detail
				for _, e := range p.Errors {
					words += " " + e.Message
				}
				if m := goTypeRE.FindString(words); m != "" {
					t.Errorf("%s: the problem speaks of Go types (%q): %s", tc.name, m, words)
				}
			}

			// The API's description says what it refuses.
			res, raw := c.rawAPI(t, "", "GET", "/api/v1/openapi.json", "", nil)
			doc := string(raw)
			for _, want := range []string{"case-sensitive", "control characters", "surrogate", "1900 or later", "content.actions.actions.0.by", "over 16 MB", "is refused"} {
				if res.StatusCode != 200 || !strings.Contains(doc, want) {
					t.Errorf("the OpenAPI document does not say %q", want)
				}
			}
			if strings.Contains(doc, "are dropped") || !strings.Contains(doc, `"413"`) {
				t.Errorf("the OpenAPI document says sections are dropped, or has no 413 answer")
			}

			// What is allowed stays allowed: white space after the body,
			// and tab, line feed and carriage return in text.
			if st, body, _ := c.api(t, prac, "PUT", draft, stored("", "")+" \n\t\r\n"); st != 200 || body["version"].(float64) != 2 {
				t.Errorf("white space after the body: %d %v", st, body)
			}
			if after := snapshot(); after != before {
				t.Errorf("saving what is stored changed it")
			}
			st, body, _ = c.api(t, prac, "PUT", draft, stored("content.discussion.text", `"School mornings:\r\n\tcalmer now.\nEmoji \ud83d\ude00 and \ufffd stay."`))
			if st != 200 || !strings.Contains(sectionText(body, "discussion"), "calmer now.\nEmoji 😀 and \ufffd stay.") {
				t.Errorf("text with line breaks: %d %q", st, sectionText(body, "discussion"))
			}
		})
	}
}

// withRaw marshals body with the value at the dotted path (object member
// names and array indexes) replaced by raw, which need not be valid JSON.
// An empty path marshals body as it is.
func withRaw(t *testing.T, body map[string]any, path, raw string) string {
	t.Helper()
	b, _ := json.Marshal(body)
	var doc any
	_ = json.Unmarshal(b, &doc) // a deep copy
	const marker = "\x01raw\x01"
	if path != "" {
		parts := strings.Split(path, ".")
		at := doc
		for i, part := range parts {
			last := i == len(parts)-1
			switch x := at.(type) {
			case map[string]any:
				if last {
					x[part] = marker
				} else {
					at = x[part]
				}
			case []any:
				n, err := strconv.Atoi(part)
				if err != nil || n >= len(x) {
					t.Fatalf("withRaw: no %s in %s", path, b)
				}
				if last {
					x[n] = marker
				} else {
					at = x[n]
				}
			default:
				t.Fatalf("withRaw: no %s in %s", path, b)
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(doc)
	out := strings.TrimSpace(buf.String())
	quoted, _ := json.Marshal(marker)
	return strings.Replace(out, string(quoted), raw, 1)
}
