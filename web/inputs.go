package web

import (
	"time"

	"kith"
)

// submit runs a form's save. When reading the form already found problems
// (a date that is not a real date), it does not save: it validates the
// rest too, so every problem shows at once. It reports whether the save
// happened; a validation error is put on the form, anything else returned.
func submit(f *form, validate func() error, save func() error) (bool, error) {
	if f.HasErrors() {
		if validate != nil {
			f.SetErrors(validate())
		}
		return false, nil
	}
	err := save()
	if err == nil {
		return true, nil
	}
	if f.SetErrors(err) {
		return false, nil
	}
	return false, err
}

// The read functions turn a posted form into a domain input. Field names
// match the names storage and domain validation report problems under, so
// each message lands beside its field.

func readPerson(f *form, prefix string) kith.PersonInput {
	in := kith.PersonInput{
		FirstName: f.Raw(prefix + "first_name"),
		LastName:  f.Raw(prefix + "last_name"),
		KnownAs:   f.Raw(prefix + "known_as"),
		Gender:    kith.Gender(f.Get(prefix + "gender")),
		NHSNumber: f.Raw(prefix + "nhs_number"),
		Version:   atoi(f.Get("version")),
	}
	f.dateFields[prefix+"date_of_birth"] = true
	d, msg := kith.ParseDateParts(f.DateParts(prefix+"date_of_birth"), kith.DateRule{Label: "date of birth"})
	in.DateOfBirth = d
	if msg != "" {
		in.SetDateOfBirthError(msg)
	}
	f.dateFields[prefix+"expected_date_of_birth"] = true
	d, msg = kith.ParseDateParts(f.DateParts(prefix+"expected_date_of_birth"), kith.DateRule{Label: "expected date of birth"})
	in.ExpectedDateOfBirth = d
	if msg != "" {
		in.SetExpectedDateOfBirthError(msg)
	}
	return in
}

// readReferral reads the referral fields (the "referral-fields" partial):
// the date and time it was received, its source and the primary need. A
// referral received today with no time given was received now.
func readReferral(f *form, now time.Time) kith.EpisodeReferralInput {
	in := kith.EpisodeReferralInput{Source: f.Get("referral_source"), PrimaryNeed: f.Get("primary_need")}
	day := f.Date("referral_at", kith.DateRule{Label: "date the referral was received"})
	if !day.IsZero() && f.Get("referral_at-time") == "" && day == kith.Today(now) {
		in.ReferralAt = now.Truncate(time.Minute)
	} else if !day.IsZero() {
		at, ok := atTime(day, f.Get("referral_at-time"))
		if !ok {
			f.Add("referral_at", "Enter the time the referral was received like 14:30, or leave it blank")
		}
		in.ReferralAt = at
	}
	return in
}

// fillReferral prefills the referral fields from an episode.
func fillReferral(f *form, e kith.Episode) {
	if !e.ReferralAt.IsZero() {
		local := e.ReferralAt.In(kith.London)
		f.SetDate("referral_at", kith.DateOf(local))
		f.Set("referral_at-time", local.Format("15:04"))
	}
	f.Set("referral_source", e.Source)
	f.Set("primary_need", e.PrimaryNeed)
}

func fillPerson(f *form, prefix string, p *kith.Person) {
	f.Set(prefix+"first_name", p.FirstName)
	f.Set(prefix+"last_name", p.LastName)
	f.Set(prefix+"known_as", p.KnownAs)
	f.Set(prefix+"gender", string(p.Gender))
	f.Set(prefix+"nhs_number", p.NHSNumber)
	f.SetDate(prefix+"date_of_birth", p.DateOfBirth)
	f.SetDate(prefix+"expected_date_of_birth", p.ExpectedDateOfBirth)
	f.Set("version", itoa(p.Version))
}

// readAddress reads an address; with optional set, an address left wholly
// blank is no address.
func readAddress(f *form, prefix string, optional bool) *kith.AddressInput {
	in := &kith.AddressInput{
		Line1: f.Raw(prefix + "line1"), Line2: f.Raw(prefix + "line2"), Town: f.Raw(prefix + "town"), Postcode: f.Raw(prefix + "postcode"),
		FromDate:        f.Date(prefix+"from_date", kith.DateRule{Label: "date they moved in"}),
		ReplacesCurrent: f.Bool(prefix + "replaces_current"),
	}
	if optional && kith.CleanText(in.Line1+in.Line2+in.Town+in.Postcode) == "" {
		return nil
	}
	return in
}

func readPhone(f *form) kith.PhoneInput {
	return kith.PhoneInput{
		Number:          f.Raw("number"),
		Kind:            kith.PhoneKind(f.Get("kind")),
		FromDate:        f.Date("from_date", kith.DateRule{Label: "date the number was first used"}),
		ReplacesCurrent: f.Bool("replaces_current"),
	}
}

func readRelationship(f *form) kith.RelationshipInput {
	return kith.RelationshipInput{
		Kind:                   kith.RelationshipKind(f.Get("kind")),
		LivesWithChild:         f.Bool("lives_with_child"),
		ParentalResponsibility: kith.Answer(f.Get("parental_responsibility")),
		Notes:                  f.Raw("notes"),
		StartedOn:              f.Date("started_on", kith.DateRule{Label: "start date"}),
		Version:                atoi(f.Get("version")),
	}
}

func fillRelationship(f *form, r *kith.Relationship) {
	f.Set("kind", string(r.Kind))
	f.Set("lives_with_child", yesNo(r.LivesWithChild))
	f.Set("parental_responsibility", string(r.ParentalResponsibility))
	f.Set("notes", r.Notes)
	f.SetDate("started_on", r.StartedOn)
	f.Set("version", itoa(r.Version))
}

func readProfessional(f *form) kith.ProfessionalInput {
	return kith.ProfessionalInput{
		Name: f.Raw("name"), Role: f.Raw("role"), Agency: f.Raw("agency"), Phone: f.Raw("phone"), Email: f.Raw("email"),
		Version: atoi(f.Get("version")),
	}
}

func readWarning(f *form) kith.WarningInput {
	return kith.WarningInput{
		Kind:     kith.WarningKind(f.Get("kind")),
		Detail:   f.Raw("detail"),
		ReviewOn: f.Date("review_on", kith.DateRule{Label: "review date"}),
		PersonID: f.Get("person_id"),
		Version:  atoi(f.Get("version")),
	}
}

func readEnd(f *form) kith.EndInput {
	return kith.EndInput{EndedOn: f.Date("ended_on", kith.DateRule{Label: "end date"}), Reason: f.Raw("reason")}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > 1<<30 {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
