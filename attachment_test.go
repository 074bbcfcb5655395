package kith

import (
	"testing"
)

func TestAttachmentCheck(t *testing.T) {
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00")
	today := Date{2026, 11, 24}
	ok := func() AttachmentInput {
		return AttachmentInput{Filename: `C:\Users\sw\Desktop\drawing.JPG`, Head: jpeg, Size: 1000, Description: "Amy's drawing of her family",
			ReceivedOn: today, ProvidedBy: "Amy", ProvidedRole: "the child"}
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
		{"no provider", func(in *AttachmentInput) { in.ProvidedBy = "" }, "provided_by", "Enter who provided the file"},
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
