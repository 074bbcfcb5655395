package kith

import (
	"regexp"
	"strings"
)

// Person is a child or an adult in a child's network. The same person can
// appear in several children's networks (a parent of siblings) and is stored
// once.
type Person struct {
	ID          string `json:"id"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	KnownAs     string `json:"known_as,omitempty"`
	DateOfBirth Date   `json:"date_of_birth,omitzero"`
	// ExpectedDateOfBirth is set for an unborn child, who has no date of
	// birth yet. When the baby is born the date of birth replaces it.
	ExpectedDateOfBirth Date      `json:"expected_date_of_birth,omitzero"`
	Gender              Gender    `json:"gender,omitempty"`
	NHSNumber           string    `json:"nhs_number,omitempty"`
	Addresses           []Address `json:"addresses"`
	Phones              []Phone   `json:"phones"`
	Version             int       `json:"version"`
}

// Unborn reports whether the person is a child not yet born.
func (p *Person) Unborn() bool { return p.DateOfBirth.IsZero() && !p.ExpectedDateOfBirth.IsZero() }

// FullName is first and last name.
func (p *Person) FullName() string {
	return strings.TrimSpace(p.FirstName + " " + p.LastName)
}

// DisplayName is the name with the known-as name, as the identity bar shows
// it: "Robert (Bobby) Ashdown".
func (p *Person) DisplayName() string {
	if p.KnownAs != "" && !strings.EqualFold(p.KnownAs, p.FirstName) {
		return strings.TrimSpace(p.FirstName + " (" + p.KnownAs + ") " + p.LastName)
	}
	return p.FullName()
}

// CurrentAddress is the address with no end date, if any.
func (p *Person) CurrentAddress() *Address {
	for i := range p.Addresses {
		if p.Addresses[i].Current() {
			return &p.Addresses[i]
		}
	}
	return nil
}

// CurrentPhones are the numbers with no end date.
func (p *Person) CurrentPhones() []Phone {
	var out []Phone
	for _, ph := range p.Phones {
		if ph.Current() {
			out = append(out, ph)
		}
	}
	return out
}

// Gender is a person's gender as recorded.
type Gender string

// The genders offered on forms.
const (
	GenderFemale   Gender = "female"
	GenderMale     Gender = "male"
	GenderOther    Gender = "other"
	GenderNotKnown Gender = "not_known"
)

// Genders lists the genders in form order.
var Genders = []Gender{GenderFemale, GenderMale, GenderOther, GenderNotKnown}

// Label is the gender as a form shows it.
func (g Gender) Label() string {
	switch g {
	case GenderFemale:
		return "Female"
	case GenderMale:
		return "Male"
	case GenderOther:
		return "Another gender"
	case GenderNotKnown:
		return "Not known"
	}
	return ""
}

// PersonInput is what a practitioner types about a person.
type PersonInput struct {
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	KnownAs     string `json:"known_as,omitempty"`
	DateOfBirth Date   `json:"date_of_birth,omitzero"`
	// ExpectedDateOfBirth is for an unborn child only, in place of the
	// date of birth (a pre-birth referral or conference).
	ExpectedDateOfBirth Date   `json:"expected_date_of_birth,omitzero"`
	Gender              Gender `json:"gender,omitempty"`
	NHSNumber           string `json:"nhs_number,omitempty"`
	// Version is the person version the user edited, for updates.
	Version int `json:"version,omitempty"`
	// dobError and expectedError carry date-input messages from the form
	// parser (for example "Date of birth must be a real date"), which a
	// Date cannot.
	dobError, expectedError string
}

// MaxDaysToBirth is how far ahead an expected date of birth may be: ten
// months, a little over a full pregnancy.
const MaxDaysToBirth = 305

// SetDateOfBirthError records a problem found while reading the date input.
func (in *PersonInput) SetDateOfBirthError(msg string) { in.dobError = msg }

// SetExpectedDateOfBirthError records a problem found while reading the
// expected date of birth.
func (in *PersonInput) SetExpectedDateOfBirthError(msg string) { in.expectedError = msg }

// Clean normalises typed fields.
func (in *PersonInput) Clean() {
	in.FirstName = CleanText(in.FirstName)
	in.LastName = CleanText(in.LastName)
	in.KnownAs = CleanText(in.KnownAs)
	in.NHSNumber = strings.ReplaceAll(CleanText(in.NHSNumber), " ", "")
}

// ValidateChild checks the details of a child.
func (in *PersonInput) ValidateChild(today Date) error {
	in.Clean()
	return in.validate(today, true)
}

// ValidateAdult checks the details of someone in a child's network, whose
// date of birth may not be known.
func (in *PersonInput) ValidateAdult(today Date) error {
	in.Clean()
	return in.validate(today, false)
}

func (in *PersonInput) validate(today Date, child bool) error {
	var v Validation
	CheckName(&v, "first_name", "first name", in.FirstName, true)
	CheckName(&v, "last_name", "last name", in.LastName, true)
	CheckName(&v, "known_as", "known-as name", in.KnownAs, false)
	switch {
	case in.dobError != "":
		v.Add("date_of_birth", in.dobError)
	case in.expectedError != "":
		v.Add("expected_date_of_birth", in.expectedError)
	case !in.ExpectedDateOfBirth.IsZero() && !child:
		v.Add("expected_date_of_birth", "Only an unborn child has an expected date of birth")
	case !in.ExpectedDateOfBirth.IsZero() && !in.DateOfBirth.IsZero():
		v.Add("expected_date_of_birth", "Enter the date of birth or, for an unborn child, the expected date of birth, not both")
	case !in.ExpectedDateOfBirth.IsZero() && in.ExpectedDateOfBirth.After(today.AddDays(MaxDaysToBirth)):
		v.Add("expected_date_of_birth", "The expected date of birth must be within the next 10 months")
	case !in.ExpectedDateOfBirth.IsZero() && in.ExpectedDateOfBirth.TooEarly():
		v.Add("expected_date_of_birth", "The expected date of birth must be a real date")
	case !in.ExpectedDateOfBirth.IsZero():
		// An unborn child: no date of birth to check.
	case in.DateOfBirth.IsZero() && child:
		v.Add("date_of_birth", "Enter the child's date of birth or, for an unborn child, the expected date of birth")
	case in.DateOfBirth.After(today):
		v.Add("date_of_birth", "Date of birth must be today or in the past")
	case !in.DateOfBirth.IsZero() && in.DateOfBirth.Year < today.Year-120:
		v.Add("date_of_birth", "Date of birth must be within the last 120 years")
	}
	if in.Gender != "" && in.Gender.Label() == "" {
		v.Add("gender", "Select a gender from the list")
	}
	if in.NHSNumber != "" && !ValidNHSNumber(in.NHSNumber) {
		v.Add("nhs_number", "Enter a valid NHS number, which is 10 digits, like 485 777 3456")
	}
	return v.Err()
}

// ValidNHSNumber checks the 10-digit NHS number and its modulus 11 check
// digit, so a mistyped number is caught when it is typed.
func ValidNHSNumber(s string) bool {
	if len(s) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * (10 - i)
	}
	if s[9] < '0' || s[9] > '9' {
		return false
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[9]-'0')
}

// Address is one address a person has lived at, with the dates. An address
// with no end date is current; old addresses stay visible as old.
type Address struct {
	ID       string `json:"id"`
	Line1    string `json:"line1"`
	Line2    string `json:"line2,omitempty"`
	Town     string `json:"town"`
	Postcode string `json:"postcode"`
	FromDate Date   `json:"from_date,omitzero"`
	ToDate   Date   `json:"to_date,omitzero"`
}

// Current reports whether the address has not ended.
func (a Address) Current() bool { return a.ToDate.IsZero() }

// OneLine is the address on one line.
func (a Address) OneLine() string {
	var parts []string
	for _, s := range []string{a.Line1, a.Line2, a.Town, a.Postcode} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// AddressInput is a new address. When ReplacesCurrent is set the person's
// current address ends on the day the new one starts.
type AddressInput struct {
	Line1           string `json:"line1"`
	Line2           string `json:"line2,omitempty"`
	Town            string `json:"town"`
	Postcode        string `json:"postcode"`
	FromDate        Date   `json:"from_date,omitzero"`
	ReplacesCurrent bool   `json:"replaces_current"`
}

var postcodeRE = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

// Validate checks an address.
func (in *AddressInput) Validate(today Date) error {
	in.Line1, in.Line2, in.Town = CleanText(in.Line1), CleanText(in.Line2), CleanText(in.Town)
	in.Postcode = strings.ToUpper(CleanText(in.Postcode))
	var v Validation
	if in.Line1 == "" {
		v.Add("line1", "Enter address line 1, typically the building and street")
	}
	CheckLength(&v, "line1", "address line 1", in.Line1, MaxShortText)
	CheckLength(&v, "line2", "address line 2", in.Line2, MaxShortText)
	if in.Town == "" {
		v.Add("town", "Enter town or city")
	}
	CheckLength(&v, "town", "town or city", in.Town, MaxShortText)
	if in.Postcode != "" {
		if !postcodeRE.MatchString(in.Postcode) {
			v.Add("postcode", "Enter a full UK postcode, like AA3 1AB")
		} else if !strings.Contains(in.Postcode, " ") {
			in.Postcode = in.Postcode[:len(in.Postcode)-3] + " " + in.Postcode[len(in.Postcode)-3:]
		}
	}
	if in.FromDate.After(today) {
		v.Add("from_date", "The date they moved in must be today or in the past")
	}
	return v.Err()
}

// PhoneKind is what kind of number a phone number is.
type PhoneKind string

// The phone kinds.
const (
	PhoneMobile PhoneKind = "mobile"
	PhoneHome   PhoneKind = "home"
	PhoneWork   PhoneKind = "work"
	PhoneOther  PhoneKind = "other"
)

// PhoneKinds lists phone kinds in form order.
var PhoneKinds = []PhoneKind{PhoneMobile, PhoneHome, PhoneWork, PhoneOther}

// Label is the kind as a form shows it.
func (k PhoneKind) Label() string {
	switch k {
	case PhoneMobile:
		return "Mobile"
	case PhoneHome:
		return "Home"
	case PhoneWork:
		return "Work"
	case PhoneOther:
		return "Other"
	}
	return ""
}

// Phone is one telephone number a person has had, with dates. A number with
// no end date is current; old numbers stay visible as old.
type Phone struct {
	ID       string    `json:"id"`
	Number   string    `json:"number"`
	Kind     PhoneKind `json:"kind"`
	FromDate Date      `json:"from_date,omitzero"`
	ToDate   Date      `json:"to_date,omitzero"`
}

// Current reports whether the number is still in use.
func (p Phone) Current() bool { return p.ToDate.IsZero() }

// PhoneInput is a new telephone number. When ReplacesCurrent is set, the
// person's current numbers of the same kind end today.
type PhoneInput struct {
	Number          string    `json:"number"`
	Kind            PhoneKind `json:"kind"`
	FromDate        Date      `json:"from_date,omitzero"`
	ReplacesCurrent bool      `json:"replaces_current"`
	digits          string
}

// Digits returns the number reduced for searching; valid after Validate.
func (in *PhoneInput) Digits() string { return in.digits }

// Validate checks a phone number.
func (in *PhoneInput) Validate(today Date) error {
	in.Number = CleanText(in.Number)
	var v Validation
	in.digits = CheckPhone(&v, "number", in.Number, true)
	if in.Kind == "" {
		in.Kind = PhoneMobile
	} else if in.Kind.Label() == "" {
		v.Add("kind", "Select the kind of number")
	}
	if in.FromDate.After(today) {
		v.Add("from_date", "The date the number was first used must be today or in the past")
	}
	return v.Err()
}

// EndInput ends a dated thing (an address, a number, a status, a warning, an
// involvement) on a date.
type EndInput struct {
	EndedOn Date   `json:"ended_on,omitzero"`
	Reason  string `json:"reason,omitempty"`
}

// Validate checks an end date against the start.
func (in *EndInput) Validate(started, today Date) error {
	in.Reason = CleanMultiline(in.Reason)
	var v Validation
	switch {
	case in.EndedOn.IsZero():
		in.EndedOn = today
	case in.EndedOn.After(today):
		v.Add("ended_on", "The end date must be today or in the past")
	case !started.IsZero() && in.EndedOn.Before(started):
		v.Add("ended_on", "The end date must be on or after the start date, "+started.Long())
	}
	CheckLength(&v, "reason", "reason", in.Reason, MaxLongText)
	return v.Err()
}
