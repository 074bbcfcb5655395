package kith

import "net/mail"

// Professional is someone from an agency involved with children: a GP, a
// teacher, a health visitor, a police officer. Their contact details are
// kept current in one place and shown on every case they are involved in.
type Professional struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Agency  string `json:"agency"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Version int    `json:"version"`
}

// Involvement is a professional's involvement with one case.
type Involvement struct {
	ID           string       `json:"id"`
	Professional Professional `json:"professional"`
	// Note says what they do for this child ("class teacher, Year 4").
	Note      string `json:"note,omitempty"`
	StartedOn Date   `json:"started_on,omitzero"`
	EndedOn   Date   `json:"ended_on,omitzero"`
}

// Current reports whether the involvement has not ended.
func (i Involvement) Current() bool { return i.EndedOn.IsZero() }

// ProfessionalInput is what a practitioner types about a professional.
type ProfessionalInput struct {
	Name    string `json:"name"`
	Role    string `json:"role"`
	Agency  string `json:"agency"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Version int    `json:"version,omitempty"`
}

// Validate checks a professional's details.
func (in *ProfessionalInput) Validate() error {
	in.Name, in.Role, in.Agency = CleanText(in.Name), CleanText(in.Role), CleanText(in.Agency)
	in.Phone, in.Email = CleanText(in.Phone), CleanText(in.Email)
	var v Validation
	CheckName(&v, "name", "name", in.Name, true)
	if in.Role == "" {
		v.Add("role", "Enter their role, like GP or class teacher")
	}
	CheckLength(&v, "role", "role", in.Role, MaxShortText)
	if in.Agency == "" {
		v.Add("agency", "Enter the agency or organisation they work for")
	}
	CheckLength(&v, "agency", "agency", in.Agency, MaxShortText)
	CheckPhone(&v, "phone", in.Phone, false)
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
			v.Add("email", "Enter an email address in the correct format, like name@example.org")
		}
	}
	if in.Phone == "" && in.Email == "" {
		v.Add("phone", "Enter a telephone number or an email address, so they can be contacted")
	}
	return v.Err()
}

// InvolvementInput adds a professional to a case: an existing professional
// (ProfessionalID) or a new one (Professional).
type InvolvementInput struct {
	ProfessionalID string            `json:"professional_id,omitempty"`
	Professional   ProfessionalInput `json:"professional"`
	Note           string            `json:"note,omitempty"`
	StartedOn      Date              `json:"started_on,omitzero"`
}

// Validate checks an involvement.
func (in *InvolvementInput) Validate(today Date) error {
	in.Note = CleanText(in.Note)
	var v Validation
	if in.ProfessionalID == "" {
		_ = v.Merge("", in.Professional.Validate())
	}
	CheckLength(&v, "note", "note", in.Note, MaxShortText)
	if in.StartedOn.After(today) {
		v.Add("started_on", "The start date must be today or in the past")
	}
	return v.Err()
}
