package kith

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// zipOf builds a zip file with n entries of size bytes each (zeros, which
// pack small).
func zipOf(t testing.TB, n int, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zero := make([]byte, 1<<20)
	for i := 0; i < n; i++ {
		w, err := zw.Create(fmt.Sprintf("word/part%d.xml", i))
		if err != nil {
			t.Fatal(err)
		}
		for left := size; left > 0; left -= int64(len(zero)) {
			if _, err := w.Write(zero[:min(left, int64(len(zero)))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachmentCheck(t *testing.T) {
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00")
	today := Date{2026, 11, 24}
	ok := func() AttachmentInput {
		return AttachmentInput{Filename: `C:\Users\sw\Desktop\drawing.JPG`, Head: jpeg, Size: 1000, Description: "Amy's drawing of her family",
			AltText: "Three houses drawn in crayon", ReceivedOn: today, ProvidedBy: "Amy", ProvidedRole: "the child"}
	}
	tests := []struct {
		name   string
		change func(*AttachmentInput)
		field  string
		msg    string
	}{
		{"a photo", func(*AttachmentInput) {}, "", ""},
		{"an exe renamed jpg", func(in *AttachmentInput) { in.Head = exe }, "file", "The file’s content is not a JPG: check it is the file you meant"},
		{"an exe", func(in *AttachmentInput) { in.Filename = "setup.exe"; in.Head = exe }, "file", "The file must be a " + AllowedFileTypes},
		{"html", func(in *AttachmentInput) { in.Filename = "x.html"; in.Head = []byte("<html><script>") }, "file", "The file must be a " + AllowedFileTypes},
		{"too big", func(in *AttachmentInput) { in.Size = 26 << 20 }, "file", "The file must be smaller than 25 MB"},
		{"no file", func(in *AttachmentInput) { in.Filename, in.Size = "", 0 }, "file", "Select a file"},
		{"future date", func(in *AttachmentInput) { in.ReceivedOn = today.AddDays(1) }, "received", "The date received must be today or in the past"},
		{"a picture with nothing said of it for someone who cannot see it", func(in *AttachmentInput) { in.AltText = "  " }, "alt",
			"Describe the picture for someone who cannot see it"},
		{"no provider", func(in *AttachmentInput) { in.ProvidedBy = "" }, "provided_by", "Enter who provided the file"},
		// A name that a right-to-left override makes read as another
		// (report\u202efdp.txt shows as "reporttxt.pdf").
		{"right-to-left override", func(in *AttachmentInput) { in.Filename = "report\u202efdp.jpg" }, "file",
			"The file’s name has a hidden character (U+202E) after “report” that can make it show as a different name. Rename the file and upload it again"},
		{"isolate", func(in *AttachmentInput) { in.Filename = "photo\u2067gpj.exe\u2069.jpg" }, "file",
			"The file’s name has a hidden character (U+2067) after “photo” that can make it show as a different name. Rename the file and upload it again"},
		{"zero-width space", func(in *AttachmentInput) { in.Filename = "\u200bdrawing.jpg" }, "file",
			"The file’s name has a hidden character (U+200B) at its start that can make it show as a different name. Rename the file and upload it again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok()
			tt.change(&in)
			typ, err := in.Check(DefaultMaxAttachment, today)
			got := fields(err)
			if tt.field == "" {
				if err != nil || typ != "image/jpeg" || in.Filename != "drawing.JPG" {
					t.Fatalf("Check = %q, %v (name %q)", typ, err, in.Filename)
				}
				return
			}
			if got[tt.field] != tt.msg {
				t.Fatalf("errors = %v, want %s: %q", got, tt.field, tt.msg)
			}
		})
	}
}

// TestAttachmentTypeIsWhatItsBytesAre: a photo or scan is taken as what
// its bytes are, not what its name says; only a picture asks for a
// description for someone who cannot see it; nothing else is let in as
// a picture to show in the page.
func TestAttachmentTypeIsWhatItsBytesAre(t *testing.T) {
	today := Date{2026, 11, 24}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	webp := []byte("RIFF\x00\x00\x00\x00WEBPVP8 ")
	gif := []byte("GIF89a\x01\x00\x01\x00")
	pdf := []byte("%PDF-1.7\n%\xe2\xe3")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	tests := []struct {
		name, file string
		head       []byte
		alt        string
		want       string // stored type, or the error on the file or alt field
	}{
		{"a phone's PNG saved as .jpg", "three-houses.jpg", png, "Three houses", "image/png"},
		{"a scan with no extension", "scan0001", pdf, "", "application/pdf"},
		{"a PDF named .png", "letter.png", pdf, "", "application/pdf"},
		{"a WebP photo", "drawing.webp", webp, "A drawing", "image/webp"},
		{"a GIF", "drawing.gif", gif, "A drawing", "image/gif"},
		{"a PDF needs no picture description", "letter.pdf", pdf, "", "application/pdf"},
		{"a PNG needs one", "drawing.png", png, "", "alt: Describe the picture for someone who cannot see it"},
		{"an SVG named .png is no picture", "drawing.png", svg, "A drawing", "file: The file’s content is not a PNG: check it is the file you meant"},
		{"an SVG", "drawing.svg", svg, "A drawing", "file: The file must be a " + AllowedFileTypes},
		{"a PNG named .exe", "drawing.exe", png, "A drawing", "file: The file must be a " + AllowedFileTypes},
		{"text with no extension", "notes", []byte("hello"), "", "file: The file must be a " + AllowedFileTypes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := AttachmentInput{Filename: tt.file, Head: tt.head, Size: 1000, Description: "Direct work", AltText: tt.alt, ReceivedOn: today, ProvidedBy: "Amy"}
			typ, err := in.Check(DefaultMaxAttachment, today)
			got := typ
			for f, m := range fields(err) {
				got = f + ": " + m
			}
			if got != tt.want {
				t.Fatalf("Check = %q, want %q", got, tt.want)
			}
		})
	}
	for typ, want := range map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
		"image/svg+xml": false, "application/pdf": false, "text/html": false, "image/x-icon": false} {
		if got := (Attachment{ContentType: typ}).Image(); got != want {
			t.Errorf("Image() of %s = %v", typ, got)
		}
	}
}

// TestAttachmentCheckUnpacks: an Office document or other zip file is
// unpacked (into nothing) to count what it holds: a zip bomb named .docx
// is refused, by its real unpacked size, whatever its headers claim.
func TestAttachmentCheckUnpacks(t *testing.T) {
	today := Date{2026, 11, 24}
	check := func(name string, data []byte) map[string]string {
		in := AttachmentInput{Filename: name, Head: data[:min(len(data), 512)], Data: data, Size: int64(len(data)), Description: "Letter",
			ReceivedOn: today, ProvidedBy: "School"}
		_, err := in.Check(DefaultMaxAttachment, today)
		return fields(err)
	}
	if got := check("letter.docx", zipOf(t, 12, 40<<10)); len(got) != 0 {
		t.Errorf("an ordinary document: %v", got)
	}
	bomb := zipOf(t, 1, MaxUnpackedBytes+1)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes packed", len(bomb))
	}
	want := "The DOCX file unpacks to more than 100 MB, which is more than a document needs: it may be built to harm computers that open it. Ask whoever sent it for another copy, or save it as a PDF"
	if got := check("letter.docx", bomb)["file"]; got != want {
		t.Errorf("a zip bomb: %q", got)
	}
	// Its headers claiming a small size change nothing.
	lying := bytes.Clone(bomb)
	patchSizes(lying, 1000)
	if got := check("letter.xlsx", lying)["file"]; got == "" {
		t.Errorf("a zip bomb whose headers lie: %q", got)
	}
	if got := check("letter.odt", zipOf(t, MaxArchiveEntries+1, 1))["file"]; !strings.Contains(got, "The ODT file holds more than 1,000 files") {
		t.Errorf("too many entries: %q", got)
	}
	if got := check("letter.docx", append([]byte("PK\x03\x04"), make([]byte, 100)...))["file"]; !strings.Contains(got, "could not be opened") {
		t.Errorf("a broken zip: %q", got)
	}
}

// patchSizes overwrites the uncompressed size of every entry in a zip's
// central directory and local headers with n.
func patchSizes(b []byte, n uint32) {
	put := func(at int) { b[at], b[at+1], b[at+2], b[at+3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24) }
	for i := 0; i+46 < len(b); i++ {
		switch {
		case b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 1 && b[i+3] == 2: // central directory
			put(i + 24)
		case b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 3 && b[i+3] == 4: // local header
			put(i + 22)
		}
	}
}

func TestShowHidden(t *testing.T) {
	for in, want := range map[string]string{
		"drawing.jpg":             "drawing.jpg",
		"report\u202efdp.txt":     "report[U+202E]fdp.txt",
		"\u200bphoto\u2066x.jpg":  "[U+200B]photo[U+2066]x.jpg",
		"Amélie’s letter.pdf":     "Amélie’s letter.pdf",
		"\ufeffminutes\u200f.pdf": "[U+FEFF]minutes[U+200F].pdf",
	} {
		if got := ShowHidden(in); got != want {
			t.Errorf("ShowHidden(%q) = %q, want %q", in, got, want)
		}
	}
}
