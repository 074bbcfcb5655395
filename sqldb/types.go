package sqldb

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"kith"
)

// timeLayout is how times are written to both engines: UTC, fixed width, so
// that SQLite (which stores them as text) sorts and compares them correctly,
// and PostgreSQL reads them into timestamptz.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// ts writes a time; the zero time is NULL.
type ts time.Time

func (t ts) Value() (driver.Value, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return nil, nil
	}
	return tt.UTC().Format(timeLayout), nil
}

// tsp writes an optional time.
func tsp(t *time.Time) ts {
	if t == nil {
		return ts{}
	}
	return ts(*t)
}

// scanTime reads a time from either engine: SQLite returns text (or a
// time.Time where the driver parses the declared type), PostgreSQL a
// time.Time.
type scanTime struct {
	T     time.Time
	Valid bool
}

func (s *scanTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s = scanTime{}
	case time.Time:
		*s = scanTime{x.UTC(), true}
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("cannot scan %T into a time", v)
	}
	return nil
}

func (s *scanTime) parse(x string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, x); err == nil {
			*s = scanTime{t.UTC(), true}
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", x)
}

// Ptr returns the time or nil.
func (s scanTime) Ptr() *time.Time {
	if !s.Valid {
		return nil
	}
	t := s.T
	return &t
}

// dt writes a civil date; the zero date is NULL.
type dt kith.Date

func (d dt) Value() (driver.Value, error) {
	if kith.Date(d).IsZero() {
		return nil, nil
	}
	return kith.Date(d).String(), nil
}

// scanDate reads a civil date from either engine.
type scanDate struct{ D kith.Date }

func (s *scanDate) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		s.D = kith.Date{}
	case time.Time:
		s.D = kith.DateOf(x.UTC())
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("cannot scan %T into a date", v)
	}
	return nil
}

func (s *scanDate) parse(x string) error {
	if len(x) > 10 {
		x = x[:10]
	}
	d, err := kith.ParseISODate(x)
	if err != nil {
		return err
	}
	s.D = d
	return nil
}

// nullString writes "" as NULL, for optional foreign keys.
type nullString string

func (n nullString) Value() (driver.Value, error) {
	if n == "" {
		return nil, nil
	}
	return string(n), nil
}

// placeholders returns "$start, $start+1, …" for n arguments.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}

// anys converts strings to arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

var errSQLNoRows = sql.ErrNoRows

// escapeLike escapes LIKE wildcards in user text.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// lowerASCII lower-cases text the way both engines' lower() agree on.
func lowerASCII(s string) string { return strings.ToLower(s) }
