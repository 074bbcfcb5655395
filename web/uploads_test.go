package web

import (
	"archive/zip"
	"bytes"
	"net/http"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// bombZip is a zip of one entry of n zero bytes: a few hundred kilobytes
// that unpack to n.
func bombZip(t *testing.T, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zero)) {
		if _, err := w.Write(zero[:min(left, int64(len(zero)))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestUploadsRefuseTricks: a file name with a right-to-left override and a
// 200 MB zip bomb named .docx are refused with a clear message, on the
// page and through the API.
func TestUploadsRefuseTricks(t *testing.T) {
	c := newTestCouncil(t, "sqlite")
	cs := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	res := b.post("/cases/"+cs.Reference+"/records/new", map[string][]string{"template": {"direct-session"}})
	draft := res.location
	if draft == "" {
		t.Fatalf("new record: %d", res.status)
	}
	res = upload(t, b, draft+"/files/new", "report\u202efdp.txt", []byte("Minutes of the meeting"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a name with a right-to-left override: %d", res.status)
	}
	mustContain(t, res.body, "The file’s name has a hidden character (U", "202E) after “report” that can make it show as a different name. Rename the file and upload it again")
	bomb := bombZip(t, 200<<20)
	res = upload(t, b, draft+"/files/new", "letter.docx", bomb)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("a zip bomb named .docx: %d", res.status)
	}
	mustContain(t, res.body, "The DOCX file unpacks to more than 100 MB")

	token := c.token(t, c.Prac)
	id := draft[len(draft)-36:]
	st, body := c.upload(t, token, id, "letter.docx", bomb, map[string]string{"description": "Letter", "received_on": kithtest.Today().String(), "provided_by": "School"})
	if st != http.StatusUnprocessableEntity || !bytes.Contains([]byte(problemText(body)), []byte("unpacks to more than 100 MB")) {
		t.Errorf("API zip bomb: %d %v", st, body)
	}
	st, body = c.upload(t, token, id, "photo\u2067gpj.exe\u2069.txt", []byte("hello"), map[string]string{"description": "Letter", "received_on": kithtest.Today().String(), "provided_by": "School"})
	if st != http.StatusUnprocessableEntity || !bytes.Contains([]byte(problemText(body)), []byte("hidden character (U+2067)")) {
		t.Errorf("API isolate in a name: %d %v", st, body)
	}
	// Nothing was stored.
	rec, err := c.DB.Record(c.Ctx, c.Actor(c.Prac), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Record.Attachments) != 0 {
		t.Errorf("stored: %+v", rec.Record.Attachments)
	}
	_ = kith.ShowHidden
}
