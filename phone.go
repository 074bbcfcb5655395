package kith

import "strings"

// CheckPhone validates a telephone number as typed and returns its digits in
// the form Kith searches on (see PhoneDigits). UK numbers have 10 or 11
// digits starting with 0; international numbers start with + or 00 and have
// 8 to 15 digits (ITU E.164).
func CheckPhone(v *Validation, field, number string, required bool) string {
	const example = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
	if number == "" {
		if required {
			v.Add(field, "Enter a telephone number")
		}
		return ""
	}
	if len(number) > 30 {
		v.Add(field, "Telephone number must be 30 characters or fewer")
		return ""
	}
	for i, r := range number {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '-', r == '(', r == ')':
		case r == '+' && i == 0:
		default:
			v.Add(field, example)
			return ""
		}
	}
	digits := PhoneDigits(number)
	international := strings.HasPrefix(number, "+") || strings.HasPrefix(number, "00")
	switch {
	case international && !strings.HasPrefix(digits, "0"):
		if n := len(digits); n < 8 || n > 15 {
			v.Add(field, example)
			return ""
		}
	case len(digits) < 10 || len(digits) > 11 || digits[0] != '0':
		v.Add(field, example)
		return ""
	}
	return digits
}

// PhoneDigits reduces a telephone number to digits for matching: UK numbers
// written internationally (+44 7700 900982, 0044 7700…) become their national
// form (07700900982), so a search finds a number however it was typed.
func PhoneDigits(s string) string {
	var b strings.Builder
	plus := strings.HasPrefix(strings.TrimSpace(s), "+")
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if !plus && strings.HasPrefix(d, "00") {
		d = d[2:]
		plus = true
	}
	if plus && strings.HasPrefix(d, "44") {
		d = "0" + strings.TrimPrefix(d[2:], "0") // +44 (0)7700 … is common
	}
	return d
}
