package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// homeVisitBody is a complete home visit in which the child was not seen
// alone, as an API body; notAlone is the reason (empty to leave it out).
func homeVisitBody(version int, notAlone string, occurred time.Time) map[string]any {
	return map[string]any{
		"version": version, "headline": "Monthly visit to review the safety plan", "location": "Home", "significant": false,
		"occurred_at": occurred.UTC().Format(time.RFC3339),
		"content": map[string]any{
			"present":          map[string]any{"others": "Amy, her mother Carol"},
			"child_seen":       map[string]any{"answer": "yes"},
			"child_seen_alone": map[string]any{"answer": "no", "reason": notAlone},
			"bedroom_seen":     map[string]any{"answer": "yes"},
			"child_views":      map[string]any{"text": scriptNote},
			"discussion":       map[string]any{"text": "We talked about school mornings."},
			"concerns":         map[string]any{"text": "None raised today."},
			"observations":     map[string]any{"text": "Three bags of rubbish by the back door; Amy's bed had clean sheets."},
			"analysis":         map[string]any{"text": "Improving: mornings are calmer."},
			"actions":          map[string]any{"actions": []any{map[string]any{"what": "Book a school meeting", "who": "Social worker", "by": kith.DateOf(kithtest.Now().AddDate(0, 2, 0)).String()}}},
		},
	}
}

// scriptNote is what a child said, with markup in it: the API stores and
// returns it as text; escaping is the page's job.
const scriptNote = `Amy wrote <script>alert("hi")</script> & <b>bold</b> on her drawing`

// rawAPI makes an API request and returns the answer unparsed.
func (c *testCouncil) rawAPI(t testing.TB, token, method, path, contentType string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, c.http.URL+path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

// upload sends a file to a record as multipart/form-data.
func (c *testCouncil) upload(t *testing.T, token, recordID, filename string, data []byte, fields map[string]string) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	res, raw := c.rawAPI(t, token, "POST", "/api/v1/records/"+recordID+"/attachments", mw.FormDataContentType(), &buf)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("upload %s: %d, not JSON: %.200s", filename, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

func TestAPIRunningRecord(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			prac, mgr, outsider := c.token(t, c.Prac), c.token(t, c.Manager), c.token(t, c.Outsider)
			cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			ref := cs.Reference
			when := kithtest.Now().Add(-2 * time.Hour).Truncate(time.Minute)

			// Templates.
			st, body, _ := c.api(t, prac, "GET", "/api/v1/templates", nil)
			if st != 200 || !strings.Contains(mustJSON(body), `"key":"home-visit"`) {
				t.Fatalf("templates: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/templates/home-visit/versions/1", nil); st != 200 || body["key"] != "home-visit" || len(body["sections"].([]any)) == 0 {
				t.Errorf("template version: %d %v", st, body)
			}
			if st, _, _ = c.api(t, prac, "GET", "/api/v1/templates/home-visit/versions/99", nil); st != 404 {
				t.Errorf("unknown template version: %d", st)
			}

			// Starting a record: bad bodies are answered field by field.
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit", "occurred_at": "yesterday"})
			if st != 422 || fieldOf(body) != "occurred_at" {
				t.Errorf("bad time: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit", "content": map[string]any{"childs_views": map[string]any{"text": "x"}}})
			if st != 422 || fieldOf(body) != "content.childs_views" {
				t.Errorf("unknown section: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "no-such-thing"})
			if st != 422 || fieldOf(body) != "template" {
				t.Errorf("unknown template: %d %v", st, body)
			}
			// A draft keeps a time in the future (perhaps a slip, being
			// corrected); finalising refuses it.
			future := homeVisitBody(1, "Mum stayed", kithtest.Now().Add(48*time.Hour))
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit", "occurred_at": future["occurred_at"]})
			if st != 201 {
				t.Fatalf("a future time in a draft: %d %v", st, body)
			}
			futureID := body["id"].(string)
			st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+futureID+"/finalise", future)
			if st != 422 || fieldOf(body) != "occurred_at" {
				t.Errorf("finalising a future time: %d %v", st, body)
			}
			// A refused finalise through the API changes nothing (the client
			// keeps what it sent); saving it as a draft keeps it.
			if st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+futureID+"/draft", future); st != 200 || body["version"] != 2.0 {
				t.Fatalf("save the draft: %d %v", st, body)
			}
			// Its writer discards it; nobody else may.
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/records/"+futureID+"/discard", map[string]any{"version": 2}); st != 403 {
				t.Errorf("someone else discards a draft: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+futureID+"/discard", map[string]any{"version": 1}); st != 409 {
				t.Errorf("discarding a draft saved since: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+futureID+"/discard", map[string]any{"version": 2}); st != 204 {
				t.Errorf("discard: %d %v", st, body)
			}
			if st, _, _ = c.api(t, prac, "GET", "/api/v1/records/"+futureID, nil); st != 404 {
				t.Errorf("a discarded draft: %d", st)
			}
			if st, _, _ = c.api(t, outsider, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit"}); st != 404 {
				t.Errorf("outsider starts a record: %d", st)
			}
			// A pasted 5 MB note is kept in the draft (nothing typed is
			// lost), and finalising refuses it with a message about its length.
			huge := homeVisitBody(1, "Mum stayed", when)
			huge["content"].(map[string]any)["discussion"] = map[string]any{"text": strings.Repeat("All work and no play. ", 5<<20/22)}
			delete(huge, "version")
			huge["template"] = "home-visit"
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", huge)
			if st != 201 {
				t.Fatalf("5 MB note in a draft: %d %.300v", st, body)
			}
			huge["version"] = 1
			delete(huge, "template")
			hugeID := body["id"].(string)
			st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+hugeID+"/finalise", huge)
			if st != 422 || !strings.Contains(fmtFields(body), `"field":"content.discussion"`) || !strings.Contains(fmtFields(body), "characters or fewer") ||
				!strings.Contains(fmtFields(body), "too long") {
				t.Errorf("finalising a 5 MB note: %d %.500s", st, fmtFields(body))
			}
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+hugeID+"/discard", map[string]any{"version": 1}); st != 204 {
				t.Errorf("discard the 5 MB draft: %d %v", st, body)
			}
			// A key event is significant unless the writer says otherwise.
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "key-event"}); st != 201 || body["significant"] != true {
				t.Errorf("key event: %d %v", st, body)
			}

			st, body, h := c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit", "headline": "Visit",
				"content": map[string]any{"child_views": map[string]any{"text": scriptNote}}})
			if st != 201 || body["status"] != "draft" || body["version"].(float64) != 1 || body["case_reference"] != ref {
				t.Fatalf("create: %d %v", st, body)
			}
			id := body["id"].(string)
			if h.Get("Location") != "/api/v1/records/"+id {
				t.Errorf("Location %q", h.Get("Location"))
			}
			// Markup is kept as the text it is.
			res, raw := c.rawAPI(t, prac, "GET", "/api/v1/records/"+id, "", nil)
			var rec map[string]any
			_ = json.Unmarshal(raw, &rec)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
				sectionText(rec, "child_views") != scriptNote || bytes.Contains(raw, []byte("<script>")) {
				t.Errorf("markup round trip: %d %s", res.StatusCode, raw)
			}

			// Save, then a stale save is refused with what is stored.
			st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+id+"/draft", homeVisitBody(1, "", when))
			if st != 200 || body["version"].(float64) != 2 || sectionText(body, "child_views") != scriptNote {
				t.Fatalf("save: %d %v", st, body)
			}
			stale := homeVisitBody(1, "", when)
			stale["headline"] = "Someone else's headline"
			res, raw = c.rawAPI(t, mgr, "PUT", "/api/v1/records/"+id+"/draft", "application/json", strings.NewReader(mustJSON(stale)))
			var conflict map[string]any
			_ = json.Unmarshal(raw, &conflict)
			current, _ := conflict["current"].(map[string]any)
			if res.StatusCode != 409 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") || current == nil ||
				current["headline"] != "Monthly visit to review the safety plan" || current["version"].(float64) != 2 ||
				!strings.Contains(conflict["detail"].(string), "Nothing has been overwritten") {
				t.Fatalf("stale save: %d %s", res.StatusCode, raw)
			}
			// A misspelt section on a save is refused, not silently dropped.
			misspelt := homeVisitBody(2, "", when)
			misspelt["content"].(map[string]any)["childs_views"] = map[string]any{"text": "Amy said she likes her room"}
			if st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+id+"/draft", misspelt); st != 422 || fieldOf(body) != "content.childs_views" {
				t.Errorf("save with an unknown section: %d %v", st, body)
			}
			noVersion := homeVisitBody(0, "", when)
			if st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+id+"/draft", noVersion); st != 422 || fieldOf(body) != "version" {
				t.Errorf("save without a version: %d %v", st, body)
			}

			// Finalising asks for the reason the child was not seen alone,
			// naming the field by its JSON path.
			st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+id+"/finalise", homeVisitBody(2, "", when))
			if st != 422 || fieldOf(body) != "content.child_seen_alone.reason" || !strings.Contains(fmtFields(body), "Say why the child was not seen alone") {
				t.Fatalf("finalise without reason: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+id+"/finalise", homeVisitBody(2, "Mum would not leave the room", when))
			if st != 200 || body["status"] != "final" || body["content_hash"] == "" || body["finalised_at"] == nil || body["version"].(float64) != 3 {
				t.Fatalf("finalise: %d %v", st, body)
			}
			// Final is final.
			st, body, _ = c.api(t, prac, "PUT", "/api/v1/records/"+id+"/draft", homeVisitBody(3, "x", when))
			if st != 409 || !strings.Contains(body["detail"].(string), "This record was finalised") || !strings.Contains(body["detail"].(string), "Add an addendum") || body["current"] != nil {
				t.Errorf("saving a final record: %d %v", st, body)
			}

			// Addenda.
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+id+"/addenda", map[string]any{"text": ""}); st != 422 || fieldOf(body) != "text" {
				t.Errorf("empty addendum: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+id+"/addenda", map[string]any{"text": "The school meeting is booked for 6 January."}); st != 204 {
				t.Fatalf("addendum: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/records/"+id, nil)
			if st != 200 || len(body["addenda"].([]any)) != 1 || body["permissions"].(map[string]any)["edit"] != true || len(body["attachments"].([]any)) != 0 {
				t.Errorf("record with addendum: %d %v", st, body)
			}
			if st, _, _ = c.api(t, outsider, "GET", "/api/v1/records/"+id, nil); st != 404 {
				t.Errorf("outsider reads the record: %d", st)
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/records/"+id+"/versions", nil)
			if st != 200 || len(body["versions"].([]any)) != 3 || body["versions"].([]any)[0].(map[string]any)["version"].(float64) != 3 {
				t.Errorf("versions: %d %v", st, body)
			}

			// A second, older final record, to page through.
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "home-visit"})
			if st != 201 {
				t.Fatalf("second record: %d %v", st, body)
			}
			older := homeVisitBody(1, "Her brother was there", when.Add(-72*time.Hour))
			older["headline"] = "Visit after the school holidays"
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+body["id"].(string)+"/finalise", older); st != 200 {
				t.Fatalf("finalise second: %d %v", st, body)
			}

			// The running record, a page at a time.
			st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records?limit=1", nil)
			if st != 200 || len(body["records"].([]any)) != 1 || body["next"] == nil || len(body["drafts"].([]any)) != 1 {
				t.Fatalf("running record page 1: %d %v", st, body)
			}
			first := body["records"].([]any)[0].(map[string]any)
			if first["id"] != id || first["template_name"] != "Home visit" {
				t.Errorf("newest first: %v", first)
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records?limit=1&cursor="+url.QueryEscape(body["next"].(string)), nil)
			if st != 200 || len(body["records"].([]any)) != 1 || body["records"].([]any)[0].(map[string]any)["headline"] != "Visit after the school holidays" || body["next"] != nil {
				t.Errorf("running record page 2: %d %v", st, body)
			}
			day, today := kith.Today(when).String(), kith.Today(kithtest.Now()).String()
			for query, want := range map[string]int{"template=phone-call": 0, "significant=true": 0, "from=" + day: 1, "author=" + c.Prac.ID: 2, "to=2020-01-01": 0} {
				if st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records?"+query, nil); st != 200 || len(body["records"].([]any)) != want {
					t.Errorf("filter %s: %d, %d records (want %d)", query, st, len(body["records"].([]any)), want)
				}
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records?from=2026-02-30", nil); st != 422 || fieldOf(body) != "from" {
				t.Errorf("impossible date: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records?cursor=nonsense", nil); st != 422 || fieldOf(body) != "cursor" {
				t.Errorf("bad cursor: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/me/drafts", nil); st != 200 || len(body["drafts"].([]any)) != 1 || body["drafts"].([]any)[0].(map[string]any)["child_name"] != "Amy Alder" {
				t.Errorf("my drafts: %d %v", st, body)
			}

			// Search: the snippet is plain text with the matches as ranges.
			st, body, _ = c.api(t, prac, "GET", "/api/v1/records/search?q="+url.QueryEscape(`rubbish "clean sheets" -dog`), nil)
			if st != 200 || len(body["hits"].([]any)) != 2 {
				t.Fatalf("search: %d %v", st, body)
			}
			// Hits come most recently finalised first; take the record
			// this test finalised first.
			var hit map[string]any
			for _, h := range body["hits"].([]any) {
				if h.(map[string]any)["id"] == id {
					hit = h.(map[string]any)
				}
			}
			if hit == nil {
				t.Fatalf("search did not find %s: %v", id, body)
			}
			snippet := []rune(hit["snippet"].(string))
			marks := hit["highlights"].([]any)
			if hit["id"] != id || hit["child_name"] != "Amy Alder" || len(marks) == 0 || strings.ContainsAny(string(snippet), kith.MarkStart+kith.MarkEnd) {
				t.Fatalf("hit: %v", hit)
			}
			var words []string
			for _, m := range marks {
				r := m.([]any)
				words = append(words, strings.ToLower(string(snippet[int(r[0].(float64)):int(r[1].(float64))])))
			}
			if got := strings.Join(words, " "); !strings.Contains(got, "rubbish") || !strings.Contains(got, "clean") {
				t.Errorf("highlighted %q in %q", got, string(snippet))
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/records/search?q=rubbish&limit=1", nil); st != 200 || body["more"] != true || body["next_offset"].(float64) != 1 {
				t.Errorf("search page: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/records/search?q=rubbish&case="+ref+"&template=home-visit&from="+day, nil); st != 200 || len(body["hits"].([]any)) != 1 {
				t.Errorf("search filters: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/records/search?q=-rubbish", nil); st != 422 || fieldOf(body) != "q" {
				t.Errorf("empty search: %d %v", st, body)
			}
			if st, body, _ = c.api(t, outsider, "GET", "/api/v1/records/search?q=rubbish", nil); st != 200 || len(body["hits"].([]any)) != 0 {
				t.Errorf("outsider search: %d %v", st, body)
			}

			// Withdrawal is for managers.
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+id+"/withdraw", map[string]any{"reason": "Wrong child"}); st != 403 {
				t.Errorf("practitioner withdraws: %d %v", st, body)
			}
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/records/"+id+"/withdraw", map[string]any{"reason": ""}); st != 422 || fieldOf(body) != "reason" {
				t.Errorf("withdraw without a reason: %d %v", st, body)
			}
			if st, body, _ = c.api(t, mgr, "POST", "/api/v1/records/"+id+"/withdraw", map[string]any{"reason": "Written on Amy's file but about her cousin"}); st != 204 {
				t.Fatalf("withdraw: %d %v", st, body)
			}
			st, body, _ = c.api(t, prac, "GET", "/api/v1/cases/"+ref+"/records", nil)
			if st != 200 || len(body["records"].([]any)) != 1 || len(body["withdrawn"].([]any)) != 1 ||
				body["withdrawn"].([]any)[0].(map[string]any)["withdrawn_by"] != c.Manager.DisplayName {
				t.Errorf("after withdrawal: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "GET", "/api/v1/records/"+id, nil); st != 200 || body["status"] != "withdrawn" || body["withdrawal"] == nil {
				t.Errorf("withdrawn record: %d %v", st, body)
			}

			// Attachments go on drafts.
			st, body, _ = c.api(t, prac, "POST", "/api/v1/cases/"+ref+"/records", map[string]any{"template": "document-received"})
			if st != 201 {
				t.Fatalf("document draft: %d %v", st, body)
			}
			doc := body["id"].(string)
			jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
			fields := map[string]string{"description": "Amy's drawing of her family", "received_on": today, "provided_by": "Amy", "provided_role": "the child"}
			// A picture needs a description for someone who cannot see it.
			if st, body = c.upload(t, prac, doc, "drawing.jpg", jpeg, fields); st != 422 || fieldOf(body) != "alt_text" ||
				!strings.Contains(fmtFields(body), "Describe the picture for someone who cannot see it") {
				t.Errorf("a picture without alt_text: %d %v", st, body)
			}
			fields["alt_text"] = "Amy, her mum and her cat, drawn in crayon"
			st, body = c.upload(t, prac, doc, "drawing.jpg", jpeg, fields)
			if st != 201 || body["content_type"] != "image/jpeg" || body["size"].(float64) != float64(len(jpeg)) || body["alt_text"] != fields["alt_text"] {
				t.Fatalf("upload: %d %v", st, body)
			}
			att := body["id"].(string)
			if st, body = c.upload(t, prac, doc, "photo.jpg", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), fields); st != 422 || fieldOf(body) != "file" {
				t.Errorf("exe renamed .jpg: %d %v", st, body)
			}
			big := append(append([]byte{}, jpeg...), make([]byte, kith.DefaultMaxAttachment+1-len(jpeg))...)
			if st, body = c.upload(t, prac, doc, "big.jpg", big, fields); st != 422 || fieldOf(body) != "file" || !strings.Contains(fmtFields(body), "smaller than 25 MB") {
				t.Errorf("over the limit: %d %v", st, body)
			}
			bad := map[string]string{"description": "", "received_on": "27/3/2026", "provided_by": "Amy"}
			if st, body = c.upload(t, prac, doc, "drawing.jpg", jpeg, bad); st != 422 || fieldOf(body) != "received_on" {
				t.Errorf("bad date: %d %v", st, body)
			}
			bad["received_on"] = today
			if st, body = c.upload(t, prac, doc, "drawing.jpg", jpeg, bad); st != 422 || fieldOf(body) != "description" {
				t.Errorf("no description: %d %v", st, body)
			}
			if st, body = c.upload(t, prac, doc, "drawing.jpg", jpeg, map[string]string{"surprise": "x"}); st != 422 || fieldOf(body) != "surprise" {
				t.Errorf("unknown field: %d %v", st, body)
			}
			if st, body = c.upload(t, prac, id, "drawing.jpg", jpeg, fields); st != 409 {
				t.Errorf("upload to a withdrawn record: %d %v", st, body)
			}
			if st, body = c.upload(t, outsider, doc, "drawing.jpg", jpeg, fields); st != 404 {
				t.Errorf("outsider uploads: %d %v", st, body)
			}
			if st, body, _ = c.api(t, prac, "POST", "/api/v1/records/"+doc+"/attachments", map[string]any{"file": "x"}); st != 422 || !strings.Contains(body["detail"].(string), "multipart/form-data") {
				t.Errorf("JSON upload: %d %v", st, body)
			}
			// The record shows it.
			st, body, _ = c.api(t, prac, "GET", "/api/v1/records/"+doc, nil)
			if st != 200 || len(body["attachments"].([]any)) != 1 || body["attachments"].([]any)[0].(map[string]any)["download"] != "/api/v1/attachments/"+att {
				t.Errorf("record with a file: %d %v", st, body)
			}

			// Downloading: the stored type, as an attachment, never sniffed.
			res, raw = c.rawAPI(t, prac, "GET", "/api/v1/attachments/"+att, "", nil)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal(raw, jpeg) ||
				res.Header.Get("Content-Disposition") != `attachment; filename=drawing.jpg` ||
				res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Repr-Digest"), "sha-256=:") {
				t.Errorf("download: %d %v", res.StatusCode, res.Header)
			}
			if res, _ = c.rawAPI(t, outsider, "GET", "/api/v1/attachments/"+att, "", nil); res.StatusCode != 404 {
				t.Errorf("outsider downloads: %d", res.StatusCode)
			}
		})
	}
}

func sectionText(record map[string]any, key string) string {
	content, _ := record["content"].(map[string]any)
	section, _ := content[key].(map[string]any)
	s, _ := section["text"].(string)
	return s
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestHighlights(t *testing.T) {
	for marked, want := range map[string]string{
		"":                             `"" []`,
		"no marks":                     `"no marks" []`,
		"Amy\x02’s\x03 \x02room\x03 …": `"Amy’s room …" [[3,5],[6,10]]`,
		"\x02open to the end":          `"open to the end" [[0,15]]`,
		"\x02\x03 empty mark":          `" empty mark" []`,
	} {
		s, marks := highlights(marked)
		if got := mustJSON(s) + " " + mustJSON(marks); got != want {
			t.Errorf("%q: got %s, want %s", marked, got, want)
		}
	}
}
