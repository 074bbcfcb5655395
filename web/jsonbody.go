package web

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"kith"
)

// An API request body is checked, token by token, against the Go type it
// will be decoded into before encoding/json decodes it. encoding/json on
// its own would accept and quietly change bad input: it matches field
// names whatever their case, keeps the last of two values for one field,
// ignores whatever follows the first JSON value, turns bytes that are not
// UTF-8 and lone surrogates (\ud800) into U+FFFD, and reads a date in year
// one as a real date; its errors name Go types and lose map keys and array
// indexes from their paths. Walking the body beside the type lets every
// problem be refused with the JSON path of the field it is in and a
// message about that field, with nothing but the standard library. (The
// experimental encoding/json/v2 would be stricter about case and UTF-8,
// but not about control characters, dates or messages, and it is not
// stable.)
//
// A path joins object member names and array indexes (from 0) with dots:
// content.actions.actions.0.by. The whole body has no path: problems with
// it are in the problem's detail.

// maxBodyProblems bounds how many field problems one answer lists.
const maxBodyProblems = 20

// maxBodyDepth bounds how deeply a body may nest. Kith's bodies nest a few
// levels; the bound keeps a body of ten million ['s from exhausting memory.
const maxBodyDepth = 64

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// bodyChecker walks one request body.
type bodyChecker struct {
	body     []byte
	dec      *json.Decoder
	problems []kith.FieldError
}

// checkBody checks that body is one JSON object that decodes into t
// without anything being lost or changed, and answers the problems it
// finds as one validation error.
func checkBody(body []byte, t reflect.Type) error {
	c := &bodyChecker{body: body, dec: json.NewDecoder(bytes.NewReader(body))}
	c.dec.UseNumber()
	if len(bytes.TrimSpace(body)) == 0 {
		return kith.Errorf(kith.EINVALID, "The request body is empty. Send a JSON object.")
	}
	tok, raw, err := c.next("")
	if err != nil {
		return err
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' || (t.Kind() != reflect.Struct && t.Kind() != reflect.Map) {
		return kith.Errorf(kith.EINVALID, "The request body must be a JSON object, in braces: {…}.")
	}
	if err := c.value(t, "", tok, raw, 0); err != nil {
		return err
	}
	if _, err := c.dec.Token(); err != io.EOF {
		return kith.Errorf(kith.EINVALID, "The request body must be one JSON object, with nothing after it but white space.")
	}
	if len(c.problems) > 0 {
		return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: c.problems}
	}
	return nil
}

// add records a problem with the field at path.
func (c *bodyChecker) add(path, format string, args ...any) {
	if len(c.problems) < maxBodyProblems {
		c.problems = append(c.problems, kith.FieldError{Field: path, Message: fmt.Sprintf(format, args...)})
	}
}

// next reads a token; for a string it also returns the string as it was
// written (quotes and escapes included), which the decoded string no
// longer shows when it held bytes that were not UTF-8 or lone surrogates.
func (c *bodyChecker) next(path string) (json.Token, []byte, error) {
	start := c.dec.InputOffset()
	tok, err := c.dec.Token()
	if err != nil {
		return nil, nil, c.syntax(err, path, start)
	}
	if _, ok := tok.(string); ok {
		raw := c.body[start:c.dec.InputOffset()]
		return tok, raw[bytes.IndexByte(raw, '"'):], nil
	}
	return tok, nil, nil
}

// syntax answers a body that is not JSON, naming the field where the
// reading stopped when it was inside one. start is where the token that
// could not be read begins (after white space and separators).
func (c *bodyChecker) syntax(err error, path string, start int64) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return kith.Errorf(kith.EINVALID, "The request body is not valid JSON: it ends before its JSON object does.")
	case !errors.As(err, &se):
		return kith.Errorf(kith.EINVALID, "The request body is not valid JSON.")
	}
	for start < int64(len(c.body)) && bytes.IndexByte([]byte(" \t\r\n,:"), c.body[start]) >= 0 {
		start++
	}
	// The most common reason a string cannot be read is a control
	// character typed into it raw.
	msg := fmt.Sprintf("is not valid JSON: %s, at byte %d of the body", se.Error(), start)
	if b, ok := rawControl(c.body[start:]); ok {
		switch b {
		case '\t', '\n', '\r':
			msg = "has a tab, line feed or carriage return that is not escaped: send it as \\t, \\n or \\r"
		default:
			msg = fmt.Sprintf("must not contain control characters (other than tab, line feed and carriage return): remove the U+%04X", b)
		}
	}
	if path == "" {
		return kith.Errorf(kith.EINVALID, "The request body %s.", msg)
	}
	return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: path, Message: path + " " + msg}}}
}

// rawControl finds a control character written raw (not escaped) inside
// the JSON string literal that lit begins with.
func rawControl(lit []byte) (byte, bool) {
	if len(lit) == 0 || lit[0] != '"' {
		return 0, false
	}
	for i := 1; i < len(lit); i++ {
		switch b := lit[i]; {
		case b == '\\':
			i++
		case b == '"':
			return 0, false
		case b < 0x20:
			return b, true
		}
	}
	return 0, false
}

// value checks the value that begins with tok against t, and reads the
// rest of it. It returns an error only when the body cannot be read on;
// problems with fields are recorded and the walk goes on.
func (c *bodyChecker) value(t reflect.Type, path string, tok json.Token, raw []byte, depth int) error {
	if depth > maxBodyDepth {
		return kith.Errorf(kith.EINVALID, "The request body nests more than %d levels deep: send the fields the API description lists.", maxBodyDepth)
	}
	if s, ok := tok.(string); ok && !c.text(path, s, raw) {
		return c.skip(tok)
	}
	if tok == nil {
		// null leaves a field as it is, as encoding/json decodes it.
		return nil
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == nil || t.Kind() == reflect.Interface:
		return c.anyValue(path, tok, depth)
	case t == timeType:
		return c.timeValue(path, tok, raw)
	case t == timeTextType:
		s, ok := tok.(string)
		if !ok {
			c.add(path, "%s must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z", path)
			return c.skip(tok)
		}
		if s != "" {
			at, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				c.add(path, "%s must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z", path)
			} else if at.Year() < kith.EarliestYear {
				c.add(path, "%s must be in %d or later, like 2026-11-23T09:30:00Z", path, kith.EarliestYear)
			}
		}
		return nil
	case reflect.PointerTo(t).Implements(jsonUnmarshalerType):
		// No other type in a body reads its own JSON; should one come,
		// encoding/json has the last word on it.
		return c.anyValue(path, tok, depth)
	case reflect.PointerTo(t).Implements(textUnmarshalerType):
		return c.textValue(t, path, tok)
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := tok.(string); !ok {
			c.add(path, "%s must be text, in quotes", path)
			return c.skip(tok)
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			c.add(path, "%s must be true or false", path)
			return c.skip(tok)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			c.add(path, "%s must be a whole number, not in quotes", path)
			return c.skip(tok)
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); errors.Is(err, strconv.ErrRange) {
			least := int64(-1) << (t.Bits() - 1)
			c.add(path, "%s must be a whole number from %d to %d", path, least, ^least)
		} else if err != nil {
			c.add(path, "%s must be a whole number, like 3", path)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := tok.(json.Number)
		if !ok {
			c.add(path, "%s must be a whole number, not in quotes", path)
			return c.skip(tok)
		}
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); errors.Is(err, strconv.ErrRange) {
			c.add(path, "%s must be a whole number from 0 to %d", path, ^uint64(0)>>(64-t.Bits()))
		} else if err != nil {
			c.add(path, "%s must be a whole number, like 3", path)
		}
	case reflect.Float32, reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			c.add(path, "%s must be a number, not in quotes", path)
			return c.skip(tok)
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			c.add(path, "%s must be a number of a reasonable size", path)
		}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			// encoding/json reads []byte as base64 text.
			s, ok := tok.(string)
			if _, err := base64.StdEncoding.DecodeString(s); !ok || err != nil {
				c.add(path, "%s must be base64 text, in quotes", path)
			}
			return c.skip(tok)
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			c.add(path, "%s must be a list, in square brackets: […]", path)
			return c.skip(tok)
		}
		return c.list(t, path, depth)
	case reflect.Map:
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			c.add(path, "%s must be a JSON object, in braces: {…}", path)
			return c.skip(tok)
		}
		return c.object(path, depth, func(key, at string) (reflect.Type, bool) {
			switch t.Key().Kind() {
			case reflect.String:
				return t.Elem(), true
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				if _, err := strconv.ParseInt(key, 10, t.Key().Bits()); err != nil {
					c.add(at, "%s must be named by a whole number", at)
					return nil, false
				}
				return t.Elem(), true
			}
			c.add(at, "%s is not a field of this request: check its name against the API description", at)
			return nil, false
		})
	case reflect.Struct:
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			c.add(path, "%s must be a JSON object, in braces: {…}", path)
			return c.skip(tok)
		}
		fields := jsonFieldsOf(t)
		return c.object(path, depth, func(key, at string) (reflect.Type, bool) {
			if ft, ok := fields[key]; ok {
				return ft, true
			}
			for name := range fields {
				if strings.EqualFold(name, key) {
					c.add(at, "%s is not a field of this request: did you mean %s? Field names must match exactly, in lower case", at, join(path, name))
					return nil, false
				}
			}
			c.add(at, "%s is not a field of this request: check its name against the API description", at)
			return nil, false
		})
	default:
		c.add(path, "%s is not a field of this request: check its name against the API description", path)
		return c.skip(tok)
	}
	return nil
}

// orBody names a path in a sentence, or the body when it is the body.
func orBody(path string) string {
	if path == "" {
		return "the body"
	}
	return path
}

// join adds a member name or index to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// text checks that a string holds only what Kith stores: no lone
// surrogates, only UTF-8, and no control characters but tab, line feed and
// carriage return. It reports false after recording the problem.
func (c *bodyChecker) text(path, s string, raw []byte) bool {
	if esc, ok := loneSurrogate(raw); ok {
		c.add(path, "%s has half of a surrogate pair on its own (\\u%s): send the whole character, as UTF-8 or as a pair like \\ud83d\\ude00", path, esc)
		return false
	}
	if !utf8.Valid(raw) {
		c.add(path, "%s", badCharMessage(path, kith.BadChar{Rune: utf8.RuneError}))
		return false
	}
	if b, bad := kith.FindBadChar(s); bad {
		c.add(path, "%s", badCharMessage(path, b))
		return false
	}
	return true
}

// badCharMessage is the API's message for text holding a character Kith
// does not store.
func badCharMessage(path string, b kith.BadChar) string {
	if b.Rune == utf8.RuneError {
		return path + " must be UTF-8 text: it holds bytes that are not UTF-8"
	}
	return fmt.Sprintf("%s must not contain control characters (other than tab, line feed and carriage return): remove the %s at character %d", path, b.Code(), b.At)
}

// loneSurrogate finds a \u escape in a JSON string literal that is half of
// a UTF-16 surrogate pair without its other half, and returns its four
// hex digits.
func loneSurrogate(raw []byte) (string, bool) {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32)
		return rune(n), err == nil
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // an escape such as \\ or \": skip what it escapes
			continue
		}
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if low, ok := hex4(i + 6); ok && low >= 0xDC00 && low < 0xE000 {
				i += 11
				continue
			}
			return string(raw[i+2 : i+6]), true
		case r >= 0xDC00 && r < 0xE000:
			return string(raw[i+2 : i+6]), true
		}
		i += 5
	}
	return "", false
}

// timeValue checks a time.Time: RFC 3339 text, as encoding/json reads it,
// in 1900 or later.
func (c *bodyChecker) timeValue(path string, tok json.Token, raw []byte) error {
	if _, ok := tok.(string); !ok {
		c.add(path, "%s must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z", path)
		return c.skip(tok)
	}
	var at time.Time
	if err := at.UnmarshalJSON(raw); err != nil {
		c.add(path, "%s must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z", path)
	} else if at.Year() < kith.EarliestYear {
		c.add(path, "%s must be in %d or later, like 2026-11-23T09:30:00Z", path, kith.EarliestYear)
	}
	return nil
}

// textValue checks a value its type reads from text: a date, or an enum
// that checks itself.
func (c *bodyChecker) textValue(t reflect.Type, path string, tok json.Token) error {
	s, ok := tok.(string)
	if t == dateType {
		if !ok {
			c.add(path, "%s must be a date in the form YYYY-MM-DD, like 2015-03-27, in quotes", path)
			return c.skip(tok)
		}
		d, err := kith.ParseISODate(s)
		switch {
		case s == "":
		case err != nil:
			c.add(path, "%s must be a real date in the form YYYY-MM-DD, like 2015-03-27", path)
		case d.TooEarly():
			c.add(path, "%s must be %d-01-01 or later", path, kith.EarliestYear)
		}
		return nil
	}
	if !ok {
		c.add(path, "%s must be text, in quotes", path)
		return c.skip(tok)
	}
	if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		c.add(path, "%s is not one of the values the API description lists", path)
	}
	return nil
}

// list checks the items of an array (its '[' read).
func (c *bodyChecker) list(t reflect.Type, path string, depth int) error {
	for i := 0; ; i++ {
		at := join(path, strconv.Itoa(i))
		tok, raw, err := c.next(at)
		if err != nil {
			return err
		}
		if tok == json.Delim(']') {
			return nil
		}
		if t.Kind() == reflect.Array && i >= t.Len() {
			// encoding/json would drop the extra items without a word.
			c.add(at, "%s has more items than it can hold: send at most %d", path, t.Len())
			if err := c.skip(tok); err != nil {
				return err
			}
			continue
		}
		if err := c.value(t.Elem(), at, tok, raw, depth+1); err != nil {
			return err
		}
	}
}

// object checks the members of an object (its '{' read): each name once,
// each known to member, whose answer is the type of the member's value.
func (c *bodyChecker) object(path string, depth int, member func(key, at string) (reflect.Type, bool)) error {
	seen := map[string]bool{}
	for {
		tok, raw, err := c.next(path)
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			return nil
		}
		key, ok := tok.(string)
		if !ok { // the decoder allows only a name here
			return kith.Errorf(kith.EINVALID, "The request body is not valid JSON: %s has a member without a name.", orBody(path))
		}
		at := join(path, key)
		known := c.text(at, key, raw)
		if known && seen[key] {
			c.add(at, "%s is given more than once: send it once", at)
			known = false
		}
		seen[key] = true
		var t reflect.Type
		if known {
			t, known = member(key, at)
		}
		if tok, raw, err = c.next(at); err != nil {
			return err
		}
		if !known {
			err = c.skip(tok)
		} else {
			err = c.value(t, at, tok, raw, depth+1)
		}
		if err != nil {
			return err
		}
	}
}

// anyValue checks a value of no particular type: its text and names.
func (c *bodyChecker) anyValue(path string, tok json.Token, depth int) error {
	switch tok {
	case json.Delim('['):
		return c.list(reflect.TypeFor[[]any](), path, depth)
	case json.Delim('{'):
		return c.object(path, depth, func(string, string) (reflect.Type, bool) { return nil, true })
	}
	return nil
}

// skip reads the rest of a value whose first token was tok.
func (c *bodyChecker) skip(tok json.Token) error {
	if tok != json.Delim('[') && tok != json.Delim('{') {
		return nil
	}
	for open := 1; open > 0; {
		tok, _, err := c.next("")
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			open++
		case json.Delim(']'), json.Delim('}'):
			open--
		}
	}
	return nil
}

// jsonFieldsOf maps the JSON names of a struct's fields to their types,
// as encoding/json sees them (promoted fields of embedded structs
// included), but matched exactly.
func jsonFieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := structFieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	type candidate struct {
		t      reflect.Type
		depth  int
		tagged bool
		n      int
	}
	found := map[string]*candidate{}
	for _, f := range reflect.VisibleFields(t) {
		name, tagged, ok := jsonName(t, f)
		if !ok {
			continue
		}
		switch cur := found[name]; {
		case cur == nil || len(f.Index) < cur.depth || (len(f.Index) == cur.depth && tagged && !cur.tagged):
			found[name] = &candidate{t: f.Type, depth: len(f.Index), tagged: tagged, n: 1}
		case len(f.Index) == cur.depth && tagged == cur.tagged:
			cur.n++
		}
	}
	out := map[string]reflect.Type{}
	for name, c := range found {
		if c.n == 1 { // encoding/json ignores a name two fields claim equally
			out[name] = c.t
		}
	}
	structFieldCache.Store(t, out)
	return out
}

var structFieldCache sync.Map

// jsonName is the JSON name of a (possibly promoted) struct field, and
// whether encoding/json decodes it at all.
func jsonName(t reflect.Type, f reflect.StructField) (string, bool, bool) {
	// A field promoted from an embedded struct counts only if every struct
	// it is promoted through is itself promoted: embedded without a name.
	for i := 1; i < len(f.Index); i++ {
		via := t.FieldByIndex(f.Index[:i])
		if name, _, _ := strings.Cut(via.Tag.Get("json"), ","); name != "" {
			return "", false, false
		}
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, false
	}
	name, _, _ := strings.Cut(tag, ",")
	ft := f.Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
		return "", false, false // its fields are promoted
	}
	if !f.IsExported() {
		return "", false, false
	}
	if name == "" {
		return f.Name, false, true
	}
	return name, true, true
}
