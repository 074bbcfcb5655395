package kith

import "strings"

// letterGroups are spellings anywhere in a name that sound as one letter.
var letterGroups = strings.NewReplacer(
	"tch", "x", "sch", "sk", "ph", "f", "gh", "", "ck", "k", "sh", "x", "ch", "x",
	"th", "t", "qu", "kw", "dg", "j", "mps", "ms", "x", "ks",
)

// SoundKey returns a phonetic key for one name token (as made by NameTokens),
// so that names spelt differently but said alike find each other in search:
// Smith and Smyth, Jon and John, Catherine and Kathryn, Steven and Stephen,
// Mohammed and Muhammad, Isabel and Izabella, Macdonald and McDonald.
//
// It is a small rule set in the spirit of Metaphone, tuned for the names a
// children's service records. The permissively licensed Go phonetic
// libraries we found are unmaintained or GPL, and a key that is ours can be
// tuned (and its table test extended) when practitioners report a miss.
//
// Rules, applied in order: a leading vowel becomes "A"; other vowels (and y,
// w, h where they are not consonant sounds) are dropped; consonants that
// sound alike share a letter; doubled letters collapse.
func SoundKey(token string) string {
	s := strings.ToLower(token)
	if s == "" {
		return ""
	}
	// Spellings at the start of a name.
	for _, p := range [][2]string{{"mac", "mk"}, {"mc", "mk"}, {"kn", "n"}, {"wr", "r"}, {"ps", "s"}, {"wh", "w"}, {"chr", "kr"}, {"sch", "sk"}} {
		if strings.HasPrefix(s, p[0]) {
			s = p[1] + s[len(p[0]):]
			break
		}
	}
	s = letterGroups.Replace(s)

	var out []byte
	isVowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	at := func(i int) byte {
		if i >= 0 && i < len(s) {
			return s[i]
		}
		return 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		var code byte
		switch {
		case isVowel(c):
			if i == 0 {
				code = 'A'
			}
		case c == 'h':
			// A sounded h comes before a vowel and not after a consonant
			// (the h of "John" is silent, the h of "Mohammed" is not).
			if isVowel(at(i+1)) && (i == 0 || isVowel(at(i-1))) {
				code = 'H'
			}
		case c == 'w':
			if isVowel(at(i + 1)) {
				code = 'W'
			}
		case c == 'c':
			if n := at(i + 1); n == 'e' || n == 'i' || n == 'y' {
				code = 'S'
			} else {
				code = 'K'
			}
		case c == 'g':
			if n := at(i + 1); n == 'e' || n == 'i' || n == 'y' {
				code = 'J'
			} else {
				code = 'K'
			}
		case c == 'q':
			code = 'K'
		case c == 'z':
			code = 'S'
		case c == 'v':
			code = 'F'
		case c == 'd':
			code = 'T'
		case c >= 'a' && c <= 'z':
			code = c - 'a' + 'A'
		default:
			// Letters outside a–z (other alphabets) keep their own sound.
			code = c
		}
		if code == 0 {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == code {
			continue
		}
		out = append(out, code)
	}
	if len(out) == 0 {
		return "A"
	}
	return string(out)
}
