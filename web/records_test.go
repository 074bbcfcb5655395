package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
)

// visitForm is a complete home visit as the form posts it.
func visitForm(version string, notAloneReason string) url.Values {
	now := kithtest.Now().In(kith.London).Add(-time.Hour)
	return url.Values{"version": {version}, "headline": {"Monthly visit <script>alert(1)</script>"},
		"occurred-day": {itoa(now.Day())}, "occurred-month": {itoa(int(now.Month()))}, "occurred-year": {itoa(now.Year())}, "occurred-time": {now.Format("15:04")},
		"s.present.others": {"Amy and her mother"}, "s.child_seen": {"yes"}, "s.child_seen_alone": {"no"}, "s.child_seen_alone.reason": {notAloneReason},
		"s.bedroom_seen": {"yes"}, "s.child_views": {"Amy said “I like my room”"}, "s.discussion": {"School mornings"},
		"s.concerns": {"None today"}, "s.observations": {"Three bags of rubbish by the door; clean bedding"}, "s.analysis": {"Improving"},
		"s.actions.0.what": {"Book a school meeting"}, "s.actions.0.who": {"Social worker"}, "s.actions.0.by": {kith.DateOf(now.AddDate(0, 2, 0)).Numeric()}}
}

func upload(t *testing.T, b *browser, path, filename string, data []byte) response {
	t.Helper()
	return uploadWith(t, b, path, filename, data, nil)
}

// uploadWith uploads a file with the usual provenance, and the fields in
// change in place of theirs (an empty value leaves the field out).
func uploadWith(t *testing.T, b *browser, path, filename string, data []byte, change map[string]string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(data)
	received := kithtest.Today().AddDays(-7)
	fields := map[string]string{"description": "Amy's drawing of her family", "alt": "Amy, her mum and her cat, drawn in crayon",
		"received-day": itoa(received.Day), "received-month": itoa(int(received.Month)), "received-year": itoa(received.Year),
		"provided_by": "Amy", "provided_role": "the child"}
	for k, v := range change {
		fields[k] = v
	}
	for k, v := range fields {
		if v != "" {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func TestRunningRecordPages(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	base := "/cases/" + amy.Reference + "/records"
	b := c.signIn(t, c.Prac)

	mustContain(t, b.get("/cases/"+amy.Reference).body, `href="`+base+`"`, "Start a record")
	mustContain(t, b.get(base).body, "Running record", "No final records yet")
	res := b.post(base+"/new", url.Values{})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("no template: %d", res.status)
	}
	mustContain(t, res.body, "Select the kind of record", "Home visit", "Phone call")
	mustNotContain(t, res.body, "Management decision")
	res = b.post(base+"/new", url.Values{"template": {"home-visit"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, base+"/") {
		t.Fatalf("start: %d %s", res.status, res.location)
	}
	draft := res.location
	mustContain(t, b.get(draft).body, "Reason for visit", "Was the child seen alone?", "Save draft", "Finalise the record")

	// Save, then autosave (the script's call) with the next version.
	res = b.post(draft, withAction(visitForm("1", ""), "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Draft saved")
	auto := withAction(visitForm("2", ""), "autosave")
	auto.Set("s.discussion", "School mornings and homework")
	res = b.post(draft, auto)
	if res.status != http.StatusOK || !strings.Contains(res.body, `"version": 3`) {
		t.Fatalf("autosave: %d %s", res.status, res.body)
	}
	// Someone still on version 2 is shown both versions; nothing is lost.
	stale := withAction(visitForm("2", ""), "save")
	stale.Set("s.discussion", "My own words about the visit")
	res = b.post(draft, stale)
	if res.status != http.StatusConflict {
		t.Fatalf("stale save: %d", res.status)
	}
	mustContain(t, res.body, "Your version and the saved version", "My own words about the visit", "School mornings and homework", `name="version" value="3"`)

	// Finalising demands the reason the child was not seen alone.
	res = b.post(draft, withAction(visitForm("3", ""), "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise without reason: %d", res.status)
	}
	// The refused finalise saved the draft first: it is version 4 now.
	mustContain(t, res.body, "Say why the child was not seen alone", `href="#s.child_seen_alone.reason"`, `name="version" value="4"`)
	res = b.post(draft, withAction(visitForm("4", "Mum stayed in the room"), "finalise"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	page := b.follow(res).body
	mustContain(t, page, "Record finalised", "locked", "SHA-256", "Mum stayed in the room", "&lt;script&gt;alert(1)&lt;/script&gt;")
	mustNotContain(t, page, "<script>alert(1)")
	// Trying to save it again is refused; what was typed is shown back.
	res = b.post(draft, withAction(visitForm("5", "Changed my mind"), "save"))
	if res.status != http.StatusConflict {
		t.Fatalf("edit final: %d", res.status)
	}
	mustContain(t, res.body, "can no longer be changed", "Changed my mind")
	// Addendum.
	if res := b.post(draft+"/addenda", url.Values{"text": {""}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("empty addendum: %d", res.status)
	}
	res = b.post(draft+"/addenda", url.Values{"text": {"The school meeting is booked for 6 January."}})
	mustContain(t, b.follow(res).body, "Addendum added", "The school meeting is booked for 6 January.")
	mustContain(t, b.get(draft+"/versions").body, "Version 5", "Version 4", "Version 3", "(saved as it was typed)", "Version 1")
	mustContain(t, b.get(base).body, "Monthly visit", "Home visit")
	// The print link keeps the filters as a query the print page reads,
	// not escaped into its path (print?type%3dphone-call).
	filtered := b.get(base + "?type=phone-call&significant=yes")
	mustContain(t, filtered.body, "No final records match these filters", base+"/print?significant=yes&amp;type=phone-call")
	mustNotContain(t, filtered.body, "%3d")
	mustNotContain(t, b.get(base+"/print?significant=yes&type=phone-call").body, "Three bags of rubbish")
	mustContain(t, b.get(draft+"/print").body, "Amy Alder", "Mum stayed in the room")
	mustContain(t, b.get(base+"/print").body, "Running record", "Three bags of rubbish")

	// Search, with the matching words marked.
	page = b.get("/records/search?q=" + url.QueryEscape(`rubbish "clean bedding" -dentist`)).body
	mustContain(t, page, "Records found", "<mark>rubbish</mark>", "Amy Alder")
	mustContain(t, b.get("/records/search?q=-only").body, "Enter words to search for")
	mustContain(t, c.signIn(t, c.Outsider).get("/records/search?q=rubbish").body, "No records you can see match")

	// A draft with a photo of direct work; an .exe dressed as a photo is refused.
	res = b.post(base+"/new", url.Values{"template": {"direct-session"}})
	session := res.location
	mustContain(t, b.get("/drafts").body, "My drafts", "Direct session")
	jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 200)...)
	res = upload(t, b, session+"/files/new", "exe.jpg", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("exe upload: %d", res.status)
	}
	mustContain(t, res.body, "The file’s content is not a JPG")
	mustContain(t, b.get(session+"/files/new").body, "Upload a file")
	res = upload(t, b, session+"/files/new", "drawing.jpg", jpeg)
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, text(res.body))
	}
	page = b.follow(res).body
	mustContain(t, page, "File uploaded: drawing.jpg")

	// A manager withdraws the visit, with a reason.
	m := c.signIn(t, c.Manager)
	if res := b.get(draft + "/withdraw"); res.status != http.StatusForbidden {
		t.Errorf("practitioner withdraw form: %d", res.status)
	}
	mustContain(t, m.get(draft+"/withdraw").body, "Why is it being withdrawn?")
	if res := m.post(draft+"/withdraw", url.Values{"reason": {""}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("withdraw without reason: %d", res.status)
	}
	res = m.post(draft+"/withdraw", url.Values{"reason": {"About her cousin, not Amy"}})
	mustContain(t, m.follow(res).body, "Record withdrawn", "was withdrawn by", "About her cousin, not Amy")
}

func withAction(v url.Values, action string) url.Values {
	v.Set("action", action)
	return v
}

func TestAdministratorAddsATemplate(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	b := c.signIn(t, c.Admin)
	mustContain(t, b.get("/admin/templates").body, "Record templates", "home-visit", "Shipped with Kith")
	res := b.post("/admin/templates", url.Values{"definition": {`{"key": "family-time", "version": 1, "name": "Family time", "headline": {"label": "Purpose"}, "sections": [{"key": "notes", "label": "Notes", "kind": "essay"}]}`}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad template: %d", res.status)
	}
	mustContain(t, res.body, "sections[0].kind must be one of")
	res = b.post("/admin/templates", url.Values{"definition": {`{"key": "family-time", "version": 1, "name": "Family time", "headline": {"label": "Purpose"}, "sections": [{"key": "notes", "label": "What happened", "kind": "text", "required": true, "missing": "Enter what happened"}]}`}})
	mustContain(t, b.follow(res).body, "Template Family time version 1 added", "family-time")
	if res := c.signIn(t, c.Prac).get("/admin/templates"); res.status != http.StatusForbidden {
		t.Errorf("practitioner sees templates admin: %d", res.status)
	}
}
