package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// A form that holds a control character (other than tab and line breaks)
// or bytes that are not UTF-8 is refused with a message on the field that
// says where the character is, the typing kept on the page, and nothing
// saved: stripping it without a word would change what was written.
func TestFormsRefuseHiddenCharacters(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	prac := c.token(t, c.Prac)
	b := c.signIn(t, c.Prac)
	count := func() float64 {
		_, body, _ := c.api(t, prac, "GET", "/api/v1/cases", nil)
		return body["total"].(float64)
	}

	// A new case.
	cases := count()
	form := url.Values{"child_first_name": {"Rowan\x00"}, "child_last_name": {"Thistle\xffdown"}, "child_date_of_birth-day": {"4"},
		"child_date_of_birth-month": {"5"}, "child_date_of_birth-year": {"2016"}, "team_id": {c.T1.ID},
		"opened_on-day": {"1"}, "opened_on-month": {"11"}, "opened_on-year": {"2026"}}
	res := b.post("/cases/new", form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("new case with a NUL: %d %s", res.status, res.location)
	}
	mustContain(t, res.body, "Remove the hidden character after “Rowan”", `href="#child_first_name"`,
		"Type this answer again from “Thistle”", `href="#child_last_name"`, `value="Rowan`, `value="Thistle`)
	if n := count(); n != cases {
		t.Errorf("a case was opened: %v cases, had %v", n, cases)
	}

	// A record: saving, the script's autosave and an addendum.
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	res = b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}})
	draft := res.location
	id := draft[strings.LastIndex(draft, "/")+1:]
	if res = b.post(draft, withAction(visitForm("1", ""), "save")); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, text(res.body))
	}
	version := func() float64 {
		_, body, _ := c.api(t, prac, "GET", "/api/v1/records/"+id, nil)
		return body["version"].(float64)
	}
	// A draft keeps everything typed: the vertical tab (which cannot be
	// stored) is taken out, the rest saved, and the writer told where.
	pasted := visitForm("2", "")
	pasted.Set("s.discussion", "School mornings\x0bare calmer")
	pasted.Set("s.analysis", "Typed after the pasted text")
	res = b.post(draft, withAction(pasted, "autosave"))
	var auto map[string]any
	_ = json.Unmarshal([]byte(res.body), &auto)
	if res.status != http.StatusOK || auto["saved"] != true || !strings.Contains(fmt.Sprint(auto["notice"]), "A hidden character pasted in with the text was taken out") {
		t.Errorf("autosave with a vertical tab: %d %s", res.status, res.body)
	}
	if v := version(); v != 3 {
		t.Errorf("the draft was not saved: version %v", v)
	}
	_, stored, _ := c.api(t, prac, "GET", "/api/v1/records/"+id, nil)
	content := stored["content"].(map[string]any)
	if content["discussion"].(map[string]any)["text"] != "School morningsare calmer" || content["analysis"].(map[string]any)["text"] != "Typed after the pasted text" {
		t.Errorf("stored after the vertical tab: %v", content)
	}
	// Save draft says so; finalising waits until the writer has looked.
	pasted.Set("version", "3")
	pasted.Set("s.analysis", "Typed after the pasted text, and more")
	res = b.post(draft, withAction(pasted, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save with a vertical tab: %d", res.status)
	}
	mustContain(t, b.follow(res).body, "A hidden character pasted in with the text was taken out of 1 answer", "Typed after the pasted text, and more")
	pasted.Set("version", "4")
	res = b.post(draft, withAction(pasted, "finalise"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("finalise with a vertical tab: %d", res.status)
	}
	mustContain(t, res.body, "A hidden character pasted in with the text was taken out of this answer", `href="#s.discussion"`, "School morningsare calmer")
	mustNotContain(t, res.body, "\x0b")
	// Tabs and line breaks are text.
	typed := visitForm("4", "")
	typed.Set("s.discussion", "School mornings:\r\n\tcalmer")
	if res = b.post(draft, withAction(typed, "save")); res.status != http.StatusSeeOther {
		t.Fatalf("save with a tab and line break: %d %s", res.status, text(res.body))
	}
	// An upload's description.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "letter.txt")
	_, _ = fw.Write([]byte("Dear Amy's family"))
	for k, v := range map[string]string{"description": "Letter\x07 from school", "received-day": "1", "received-month": "11", "received-year": "2026", "provided_by": "Oak School"} {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", b.base+draft+"/files/new", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res = b.do(req); res.status != http.StatusUnprocessableEntity {
		t.Fatalf("upload with a bell: %d %s", res.status, res.location)
	}
	mustContain(t, res.body, "Remove the hidden character after “Letter”", `href="#description"`)
	if _, body, _ := c.api(t, prac, "GET", "/api/v1/records/"+id, nil); len(body["attachments"].([]any)) != 0 {
		t.Errorf("the file was uploaded: %v", body["attachments"])
	}
	if res = b.post(draft, withAction(visitForm(versionIn(t, b.get(draft).body), "Mum stayed"), "finalise")); res.status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", res.status, text(res.body))
	}
	res = b.post(draft+"/addenda", url.Values{"text": {"\x1b[31mBooked"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("addendum with an escape: %d", res.status)
	}
	mustContain(t, res.body, "Remove the hidden character at the start of this answer", "Booked")
	if _, body, _ := c.api(t, prac, "GET", "/api/v1/records/"+id, nil); len(body["addenda"].([]any)) != 0 {
		t.Errorf("the addendum was added: %v", body["addenda"])
	}
}
