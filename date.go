package kith

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date with no time or zone: a date of birth, the day an
// address began, the day a warning is due for review. The zero Date means
// "not known".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// MakeDate returns a Date, or false if the parts do not make a real date
// (31 February, month 13, year 0).
func MakeDate(year, month, day int) (Date, bool) {
	if year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 {
		return Date{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return Date{}, false
	}
	return Date{year, time.Month(month), day}, true
}

// EarliestYear is the first year a date or time given to Kith may fall
// in. Nobody in a child's network and nothing on a case is older, and the
// year-one time a client sends for "no time" (0001-01-01T00:00:00Z) must
// not be taken for a real date, nor for no date at all.
const EarliestYear = 1900

// TooEarly reports whether a known date falls before EarliestYear.
func (d Date) TooEarly() bool { return !d.IsZero() && d.Year < EarliestYear }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as ISO 8601 (2015-03-12), or "" when unknown.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Long formats the date as GOV.UK style asks: 12 March 2015.
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// Time returns midnight at the start of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp3(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp3(int(d.Month), int(e.Month))
	default:
		return cmp3(d.Day, e.Day)
	}
}

func cmp3(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Weekday is the day of the week d falls on.
func (d Date) Weekday() time.Weekday { return d.Time(time.UTC).Weekday() }

// AddDays returns the date n calendar days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time(time.UTC).AddDate(0, 0, n))
}

// AgeOn returns the age in whole years on the given date. Someone born on 29
// February has their birthday on 1 March in other years, as UK law treats it.
func (d Date) AgeOn(on Date) int {
	if d.IsZero() || on.Before(d) {
		return 0
	}
	age := on.Year - d.Year
	bday := DateOf(time.Date(on.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)) // 29 Feb rolls to 1 Mar
	if on.Before(bday) {
		age--
	}
	return age
}

// MarshalText writes the ISO form, so Dates are "2015-03-12" in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO form; an empty string is the unknown date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseISODate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// DateError is a date that could not be read. The API uses Value to find
// which field of a request held it.
type DateError struct {
	Value  string
	Reason string
}

func (e *DateError) Error() string { return fmt.Sprintf("date %q %s", e.Value, e.Reason) }

// ParseISODate parses YYYY-MM-DD strictly.
func ParseISODate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &DateError{s, "is not in the form YYYY-MM-DD"}
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	dd, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, &DateError{s, "is not in the form YYYY-MM-DD"}
	}
	d, ok := MakeDate(y, m, dd)
	if !ok {
		return Date{}, &DateError{s, "is not a real date"}
	}
	return d, nil
}

// DateParts is what a GOV.UK date input posts: day, month and year typed into
// three boxes. Month may be a number or a month name ("March", "mar").
type DateParts struct {
	Day, Month, Year string
}

// Empty reports whether nothing was typed.
func (p DateParts) Empty() bool {
	return strings.TrimSpace(p.Day) == "" && strings.TrimSpace(p.Month) == "" && strings.TrimSpace(p.Year) == ""
}

// PartsOf returns the parts that display d in a date input.
func PartsOf(d Date) DateParts {
	if d.IsZero() {
		return DateParts{}
	}
	return DateParts{Day: strconv.Itoa(d.Day), Month: strconv.Itoa(int(d.Month)), Year: strconv.Itoa(d.Year)}
}

// DateRule says what a date field must be, for messages in the GOV.UK
// pattern ("The date of birth must be today or in the past").
type DateRule struct {
	Label    string // as in a sentence: "date of birth"
	Required bool
	NotAfter *Date // e.g. today, for dates that cannot be in the future
}

// ParseDateParts checks a date input and returns the date or a message that
// says exactly what is wrong, following the GOV.UK date input guidance.
func ParseDateParts(p DateParts, rule DateRule) (Date, string) {
	day, month, year := strings.TrimSpace(p.Day), strings.TrimSpace(p.Month), strings.TrimSpace(p.Year)
	if day == "" && month == "" && year == "" {
		if rule.Required {
			return Date{}, "Enter the " + rule.Label
		}
		return Date{}, ""
	}
	var missing []string
	if day == "" {
		missing = append(missing, "day")
	}
	if month == "" {
		missing = append(missing, "month")
	}
	if year == "" {
		missing = append(missing, "year")
	}
	if len(missing) > 0 {
		return Date{}, capitalise(rule.Label) + " must include a " + strings.Join(missing, " and a ")
	}
	d, errD := strconv.Atoi(day)
	m, okM := parseMonth(month)
	y, errY := strconv.Atoi(year)
	if errD != nil || !okM || errY != nil {
		return Date{}, capitalise(rule.Label) + " must be a real date"
	}
	if len(year) != 4 {
		return Date{}, "Year must include 4 numbers"
	}
	date, ok := MakeDate(y, m, d)
	if !ok {
		return Date{}, capitalise(rule.Label) + " must be a real date"
	}
	if date.TooEarly() {
		return Date{}, capitalise(rule.Label) + " must be the same as or after 1 January " + itoa(EarliestYear)
	}
	if rule.NotAfter != nil && date.After(*rule.NotAfter) {
		return Date{}, capitalise(rule.Label) + " must be today or in the past"
	}
	return date, ""
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

func parseMonth(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	n, ok := monthNames[strings.ToLower(s)]
	return n, ok
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ParseLooseDate reads a date typed into a search box: "12/03/2015",
// "12-3-2015", "12.03.15" (two-digit years read as the most recent such
// year not after today), "12 March 2015", "2015-03-12". It reports false
// when the text is not a date.
func ParseLooseDate(s string, today Date) (Date, bool) {
	s = strings.TrimSpace(s)
	if d, err := ParseISODate(s); err == nil {
		return d, true
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' || r == ',' })
	if len(fields) != 3 {
		return Date{}, false
	}
	day, err := strconv.Atoi(fields[0])
	if err != nil {
		return Date{}, false
	}
	month, ok := parseMonth(fields[1])
	if !ok {
		return Date{}, false
	}
	yearText := fields[2]
	year, err := strconv.Atoi(yearText)
	if err != nil || (len(yearText) != 2 && len(yearText) != 4) {
		return Date{}, false
	}
	if len(yearText) == 2 {
		year += (today.Year / 100) * 100
		if year > today.Year {
			year -= 100
		}
	}
	return MakeDate(year, month, day)
}

// InLondon is the instant a wall-clock time on day means in the council's
// zone. When the clocks go back, the hour from 1:00 to 2:00 happens twice:
// Kith takes the first, since what is recorded has already happened (a
// visit at 1:30 that night, written up at 1:45 the first time round, must
// not read as in the future). A time the clocks skip in spring is read as
// Go reads it, an hour on.
func InLondon(day Date, hour, min int) time.Time {
	t := time.Date(day.Year, day.Month, day.Day, hour, min, 0, 0, London)
	if earlier := t.Add(-time.Hour).In(London); earlier.Hour() == hour && earlier.Minute() == min && DateOf(earlier) == day {
		return earlier.UTC()
	}
	return t.UTC()
}
