package kith

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"time"
)

// An Attachment is a file on a child's record: a photo of direct work, a
// scanned document, an email. Its provenance (who provided it, their role,
// when it was received) is part of the record, as the guidance asks.
type Attachment struct {
	ID          string
	CaseID      string
	RecordID    string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	Description string
	// AltText describes a picture for someone who cannot see it: the
	// text a screen reader says in place of the thumbnail, and what a
	// printed copy read aloud gives. Every image has one.
	AltText      string
	ReceivedOn   Date
	ProvidedBy   string
	ProvidedRole string
	UploadedBy   string
	UploadedAt   time.Time
}

// Image reports whether the attachment is a picture that may be shown in
// the page as a thumbnail and served inline: only the types a browser
// draws as a picture and never runs (not SVG, which can hold script).
func (a Attachment) Image() bool { return imageTypes[a.ContentType] }

// imageTypes are the pictures Kith shows in the page. Their bytes decide
// the type, not the file's name.
var imageTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// pictureExts are the names a photo or scan may have: a picture or PDF
// whose name says one of these (or nothing) is stored as what its bytes
// are, so a phone's PNG saved as photo.jpg is taken as the PNG it is.
var pictureExts = map[string]bool{"": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".pdf": true}

// DefaultMaxAttachment is the default size limit of one file: 25 MB.
const DefaultMaxAttachment = 25 << 20

// allowedFiles maps each permitted file extension to the content types its
// bytes may be sniffed as. A file is accepted only when its name and its
// content agree, so an .exe renamed .jpg is refused.
var allowedFiles = map[string][]string{
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".png":  {"image/png"},
	".gif":  {"image/gif"},
	".webp": {"image/webp"},
	".pdf":  {"application/pdf"},
	".txt":  {"text/plain; charset=utf-8", "text/plain; charset=utf-16be", "text/plain; charset=utf-16le"},
	".eml":  {"text/plain; charset=utf-8"},
	".docx": {"application/zip"},
	".xlsx": {"application/zip"},
	".odt":  {"application/zip"},
}

// storedTypes is the content type Kith records and serves for each
// extension: never one that a browser would run.
var storedTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
	".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8", ".eml": "message/rfc822",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":  "application/vnd.oasis.opendocument.text",
}

// AllowedFileTypes lists the extensions a user may upload, for hints.
const AllowedFileTypes = "JPG, PNG, GIF, WEBP, PDF, TXT, EML, DOCX, XLSX or ODT"

// AttachmentInput is an upload: the file's name, its first bytes (for
// sniffing), its size and what the user says about it.
type AttachmentInput struct {
	Filename string
	Head     []byte
	// Data is the whole file, when it is at hand: Office documents and
	// other zip files are unpacked (into nothing) to check what they hold.
	Data         []byte
	Size         int64
	Description  string
	AltText      string
	ReceivedOn   Date
	ProvidedBy   string
	ProvidedRole string
}

// Check validates an upload against the size limit and the allowed types,
// and returns the content type to store it under.
func (in *AttachmentInput) Check(maxSize int64, today Date) (string, error) {
	var v Validation
	in.Filename = cleanFilename(in.Filename)
	in.Description = CleanMultiline(in.Description)
	in.AltText = CleanMultiline(in.AltText)
	in.ProvidedBy, in.ProvidedRole = CleanText(in.ProvidedBy), CleanText(in.ProvidedRole)
	ext := strings.ToLower(path.Ext(in.Filename))
	stored := ""
	hidden, hasHidden := FindHiddenFormatChar(in.Filename)
	switch {
	case hasHidden:
		v.Add("file", "The file’s name has a hidden character ("+hidden.Code()+") "+hidden.Where()+" that can make it show as a different name. Rename the file and upload it again")
	case in.Filename == "" || in.Size == 0:
		v.Add("file", "Select a file")
	case in.Size > maxSize:
		v.Add("file", "The file must be smaller than "+itoa(int(maxSize>>20))+" MB")
	case pictureExts[ext] && (imageTypes[sniff(in.Head)] || sniff(in.Head) == "application/pdf"):
		// A photo or scan: what its bytes are, whatever its name says.
		stored = sniff(in.Head)
	case allowedFiles[ext] == nil:
		v.Add("file", "The file must be a "+AllowedFileTypes)
	default:
		sniffed := http.DetectContentType(in.Head)
		ok := false
		for _, t := range allowedFiles[ext] {
			ok = ok || sniffed == t
		}
		kind := strings.ToUpper(strings.TrimPrefix(ext, "."))
		if !ok {
			v.Add("file", "The file’s content is not a "+kind+": check it is the file you meant")
		} else if sniffed == "application/zip" && in.Data != nil {
			if msg := checkZip(in.Data, kind); msg != "" {
				v.Add("file", msg)
			}
		}
		stored = storedTypes[ext]
	}
	if in.Description == "" {
		v.Add("description", "Enter what the file is")
	}
	CheckLength(&v, "description", "The description", in.Description, MaxLongText)
	if imageTypes[stored] && in.AltText == "" {
		v.Add("alt", "Describe the picture for someone who cannot see it")
	}
	CheckLength(&v, "alt", "The description of the picture", in.AltText, MaxLongText)
	if in.ReceivedOn.IsZero() {
		v.Add("received", "Enter the date the file was received")
	} else if in.ReceivedOn.After(today) {
		v.Add("received", "The date received must be today or in the past")
	}
	if in.ProvidedBy == "" {
		v.Add("provided_by", "Enter who provided the file")
	}
	CheckLength(&v, "provided_by", "Who provided it", in.ProvidedBy, MaxShortText)
	CheckLength(&v, "provided_role", "Their role", in.ProvidedRole, MaxShortText)
	return stored, v.Err()
}

// sniff is the content type a file's first bytes show, by the WHATWG
// sniffing rules (never trusting the name).
func sniff(head []byte) string {
	if len(head) == 0 {
		return ""
	}
	return http.DetectContentType(head)
}

// The limits on what an Office document (or any zip file) may unpack to:
// far more than any real document holds (a Word file of photos unpacks to
// about its own size, the photos being packed already), and far less
// than a zip bomb, which packs gigabytes of nothing into a few kilobytes
// to fill the disk or memory of whatever opens it.
const (
	MaxUnpackedBytes  = 100 << 20
	MaxArchiveEntries = 1000
)

// checkZip unpacks a zip file into nothing, counting its entries and the
// bytes they really unpack to (not what their headers claim), and says
// what is wrong, or "" when it is within the limits. kind names the file
// type for the message (DOCX).
func checkZip(data []byte, kind string) string {
	broken := "The " + kind + " file could not be opened: it may be damaged. Check it is the file you meant, or ask for another copy"
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return broken
	}
	if len(zr.File) > MaxArchiveEntries {
		return "The " + kind + " file holds more than 1,000 files inside it, which is more than a document needs: it may be built to harm computers that open it. Ask whoever sent it for another copy, or save it as a PDF"
	}
	tooBig := "The " + kind + " file unpacks to more than 100 MB, which is more than a document needs: it may be built to harm computers that open it. Ask whoever sent it for another copy, or save it as a PDF"
	var total uint64
	for _, f := range zr.File {
		if total += f.UncompressedSize64; total > MaxUnpackedBytes {
			return tooBig
		}
	}
	var left int64 = MaxUnpackedBytes
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return broken
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, left+1))
		rc.Close()
		if left -= n; left < 0 {
			return tooBig
		}
		if err != nil {
			return broken
		}
	}
	return ""
}

// cleanFilename keeps only the base name of an uploaded file, without
// control characters or path separators.
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = CleanText(path.Base(name))
	if name == "." || name == "/" {
		return ""
	}
	if len(name) > 200 {
		ext := path.Ext(name)
		name = name[:200-len(ext)] + ext
	}
	return name
}
