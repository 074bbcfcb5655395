package kith

import "testing"

func TestMarkWords(t *testing.T) {
	tests := []struct{ text, phrase, want string }{
		{"Ben said hello", "ben", "\x02Ben\x03 said hello"},
		{"Benjamin said hello", "Ben", ""},
		{"Told Ben. Then ben left", "Ben", "Told \x02Ben\x03. Then \x02ben\x03 left"},
		{"Amy Hart and Ben", "amy hart", "\x02Amy Hart\x03 and Ben"},
		{"no names here", "Ben", ""},
		{"Zoë’s drawing", "zoë", "\x02Zoë\x03’s drawing"},
	}
	for _, tt := range tests {
		got, ok := MarkWords(tt.text, tt.phrase)
		if (tt.want == "") == ok || (ok && got != tt.want) {
			t.Errorf("MarkWords(%q, %q) = %q, %v; want %q", tt.text, tt.phrase, got, ok, tt.want)
		}
	}
}

func TestFindNamesInACopy(t *testing.T) {
	tp := visitTemplate(t)
	others := []GroupCopy{{ChildName: "Ben Hart", Names: []string{"Ben Hart", "Benny", "Ben"}}}
	got := FindNames(tp, "Visit to Amy", RecordContent{
		"present":    {Others: "Mum, Benny"},
		"seen_alone": {Answer: "no", Reason: "Amy stayed with her mum"},
		"actions":    {Actions: []ActionItem{{What: "Book Ben's dentist", Who: "Mum", By: "2026-12-01"}}},
	}, others)
	if len(got) != 2 || got[0].Section != "Who was present" || got[0].Name != "Benny" || got[1].Section != "Actions" || got[1].Name != "Ben" {
		t.Fatalf("FindNames = %+v", got)
	}
}
