package password

import (
	"os"
	"strings"
	"testing"
)

func TestProblem(t *testing.T) {
	deny := NewList([]string{"password", "monkey", "sunshine", "qwertyuiop", "iloveyou", "password1234", "123456789012", "trustno1"})
	ann := Account{Username: "ann.ashgrove", Name: "Ann Ashgrove"}
	cases := []struct {
		pw   string
		want string // part of the message, "" for accepted
	}{
		{"", "Enter a password"},
		{"short", "12 characters or more"},
		{"elevenchars", "12 characters or more"},
		{"ünïcödé-ok!", "12 characters or more"}, // 11 characters, more bytes
		{strings.Repeat("x", 12) + strings.Repeat("yz", 130), "256 characters or fewer"},
		{"aaaaaaaaaaaa", "one character or a short pattern repeated"},
		{"abcabcabcabc", "one character or a short pattern repeated"},
		{"AbAbAbAbAbAb", "one character or a short pattern repeated"},
		{"abababababac", "one character or a short pattern repeated"}, // three different characters
		{"password1234", "list of common passwords"},
		{"Password1234", "list of common passwords"},
		{"monkey123456", "list of common passwords"},
		{"!!sunshine2026!!", "list of common passwords"},
		{"P4ssw0rd2026!", "list of common passwords"},
		{"i love you 1234", "list of common passwords"},
		{"123456789012", "list of common passwords"},
		{"qwertyuiop!!", "list of common passwords"},
		{"ann.ashgrove1234", "your username or your name"},
		{"annashgrove-2026", "your username or your name"},
		{"ASHGROVE-rules-ok", "your username or your name"},
		{"tulip-harbour-kettle", ""},
		{"correct horse battery", ""},
		{"annual-report-pie", ""}, // "ann" is too short a name part to refuse
		{"my dog is called Pepper", ""},
		{"kith-demo-password", ""},
	}
	for _, c := range cases {
		got := Problem(c.pw, ann, deny)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.pw, got, c.want)
		}
	}
	// Without a deny list the other rules still hold.
	if got := Problem("password1234", ann, nil); got != "" {
		t.Errorf("no list: %q", got)
	}
	if got := Problem("aaaaaaaaaaaa", ann, nil); got == "" {
		t.Errorf("no list: a repeat was accepted")
	}
}

// TestShippedList checks the deny list built into Kith from npm: it holds
// the passwords of the probe that found Kith took any 12 characters.
func TestShippedList(t *testing.T) {
	l := Common()
	if l == nil {
		if os.Getenv("CI") != "" {
			t.Fatal("the common-password list is not built (make assets)")
		}
		t.Skip("the common-password list is not built (make assets): skipping")
	}
	if l.Len() < 40000 {
		t.Errorf("the list holds %d passwords, want the whole zxcvbn-ts list", l.Len())
	}
	for _, pw := range []string{"password1234", "qwertyuiop123", "123456789012", "Password12345!", "football2026", "iloveyou1234"} {
		if Problem(pw, Account{Username: "x.y"}, l) == "" {
			t.Errorf("%q was accepted", pw)
		}
	}
	for _, pw := range []string{"tulip-harbour-kettle", "correct horse battery", "kith-demo-password"} {
		if p := Problem(pw, Account{Username: "x.y"}, l); p != "" {
			t.Errorf("%q was refused: %s", pw, p)
		}
	}
}
