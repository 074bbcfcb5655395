package password

import (
	"embed"
	"encoding/json"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kith's password rule follows the NCSC's password guidance: length rather
// than complexity rules, no expiry, and a deny list of the passwords
// attackers try first. Concretely a new password must
//
//   - be at least MinLength characters and at most MaxBytes bytes (long
//     enough to resist guessing at argon2id's cost; short enough that
//     hashing it is not a way to burn the server's time);
//   - not be one character or a short pattern repeated (aaaaaaaaaaaa,
//     abcabcabcabc);
//   - not be, or be built on, a common password from the deny list: the
//     whole password, or what is left when digits and symbols are taken
//     off its ends and look-alike digits read as letters (Password1234!,
//     p4ssw0rd2026), is not on the list;
//   - not contain the account's username, or a part of the person's name
//     of four letters or more.
const (
	MinLength = 12
	MaxBytes  = 256
)

// Account is whose password it is: the password must not be built on it.
type Account struct {
	Username string
	Name     string
}

// List is a deny list of common passwords, in lower case.
type List struct {
	words map[string]struct{}
}

// NewList makes a deny list (tests use small ones).
func NewList(words []string) *List {
	l := &List{words: make(map[string]struct{}, len(words))}
	for _, w := range words {
		l.words[strings.ToLower(w)] = struct{}{}
	}
	return l
}

// Len is how many passwords the list holds.
func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return len(l.words)
}

func (l *List) has(s string) bool {
	if l == nil || s == "" {
		return false
	}
	_, ok := l.words[s]
	return ok
}

// The deny list is the common-password dictionary of zxcvbn-ts (npm
// @zxcvbn-ts/language-common, MIT licence; about 49,000 passwords from
// published breaches, most common first; see list/README.md). It is not
// committed: `make assets` copies it from npm into list/, and the binary
// embeds it.
//
//go:embed list
var listFS embed.FS

var (
	commonOnce sync.Once
	common     *List
)

// Common returns the shipped deny list, read once, or nil when it was not
// built into the binary (then the other rules still apply, and the server
// says so in its log at start-up).
func Common() *List {
	commonOnce.Do(func() {
		b, err := listFS.ReadFile("list/passwords.json")
		if err != nil {
			return
		}
		var words []string
		if json.Unmarshal(b, &words) != nil || len(words) == 0 {
			return
		}
		common = NewList(words)
	})
	return common
}

// Problem says what is wrong with pw as a new password for acct, in words
// for the person choosing it, or "" when it will do. deny is the list of
// common passwords (Common(), or nil for none).
func Problem(pw string, acct Account, deny *List) string {
	switch {
	case pw == "":
		return "Enter a password"
	case utf8.RuneCountInString(pw) < MinLength:
		return "Password must be 12 characters or more"
	case len(pw) > MaxBytes:
		return "Password must be 256 characters or fewer"
	case repeated(pw):
		return "Password must not be one character or a short pattern repeated. Try three random words, like tulip-harbour-kettle"
	case builtOnAccount(pw, acct):
		return "Password must not contain your username or your name. Try three random words, like tulip-harbour-kettle"
	case isCommon(pw, deny):
		return "Password is on a list of common passwords that attackers try first. Choose one that is harder to guess: three random words, like tulip-harbour-kettle, work well"
	}
	return ""
}

// repeated reports whether s is a shorter string repeated (aaaa, abab,
// abcabc), ignoring case, or uses fewer than 4 different characters.
func repeated(s string) bool {
	r := []rune(strings.ToLower(s))
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	for n := 1; n <= len(r)/2; n++ {
		if len(r)%n != 0 {
			continue
		}
		same := true
		for i := n; i < len(r) && same; i++ {
			same = r[i] == r[i-n]
		}
		if same {
			return true
		}
	}
	return false
}

// letters keeps only the letters and digits of s, in lower case.
func letters(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// builtOnAccount reports whether the password contains the username or a
// part of the person's name of four letters or more (shorter parts, like
// "ann", are inside too many ordinary words to refuse).
func builtOnAccount(pw string, acct Account) bool {
	lower, bare := strings.ToLower(pw), letters(pw)
	if u := strings.ToLower(strings.TrimSpace(acct.Username)); len(u) >= 4 && strings.Contains(lower, u) {
		return true
	}
	if u := letters(acct.Username); len(u) >= 4 && strings.Contains(bare, u) {
		return true
	}
	parts := strings.FieldsFunc(strings.ToLower(acct.Username+" "+acct.Name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, p := range parts {
		if utf8.RuneCountInString(p) >= 4 && strings.Contains(bare, p) {
			return true
		}
	}
	return false
}

// lookalikes reads digits and symbols people put for letters as those
// letters (p4ssw0rd is password).
var lookalikes = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i")

// isCommon reports whether the password is on the deny list, or is a
// listed password with digits and symbols added at its ends (monkey123456),
// or written with look-alike digits (P4ssw0rd2026!).
func isCommon(pw string, deny *List) bool {
	if deny == nil {
		return false
	}
	lower := strings.ToLower(pw)
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, c := range []string{lower, core, lookalikes.Replace(lower), lookalikes.Replace(core)} {
		for _, cand := range []string{c, letters(c)} {
			if utf8.RuneCountInString(cand) >= 4 && deny.has(cand) {
				return true
			}
		}
	}
	return false
}
