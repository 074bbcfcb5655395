package kith

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Role is a job a user holds in Kith. A user can hold more than one.
type Role string

// The roles. Administrators manage users and teams but see no case content
// unless they also hold a case role; auditors read but never change.
const (
	RolePractitioner   Role = "practitioner"
	RoleTeamManager    Role = "team_manager"
	RoleServiceManager Role = "service_manager"
	RoleAdministrator  Role = "administrator"
	RoleAuditor        Role = "auditor"
	// RoleInformationGovernance logs and answers subject access requests.
	RoleInformationGovernance Role = "information_governance"
)

// Roles lists every role in the order forms show them.
var Roles = []Role{RolePractitioner, RoleTeamManager, RoleServiceManager, RoleAdministrator, RoleAuditor, RoleInformationGovernance}

// Label is the role's name as users say it.
func (r Role) Label() string {
	switch r {
	case RolePractitioner:
		return "Practitioner"
	case RoleTeamManager:
		return "Team manager"
	case RoleServiceManager:
		return "Service manager"
	case RoleAdministrator:
		return "Administrator"
	case RoleAuditor:
		return "Auditor"
	case RoleInformationGovernance:
		return "Information governance officer"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is a person who signs in to Kith.
type User struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email,omitempty"`
	JobTitle    string `json:"job_title,omitempty"`
	// SWENumber is a social worker's Social Work England registration
	// number (SW and digits): their id in the SSDA903's social worker
	// episodes.
	SWENumber   string     `json:"swe_number,omitempty"`
	Roles       []Role     `json:"roles"`
	TeamIDs     []string   `json:"team_ids"`
	DisabledAt  *time.Time `json:"disabled_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	HasPassword bool       `json:"has_password"`
	OIDCSubject string     `json:"-"`
}

// Has reports whether the user holds the role.
func (u *User) Has(r Role) bool {
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Active reports whether the user may sign in and be allocated work.
func (u *User) Active() bool { return u.DisabledAt == nil }

// Team is a group of practitioners with one or more managers, within a
// service.
type Team struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	ServiceID  string   `json:"service_id"`
	Service    string   `json:"service"`
	ManagerIDs []string `json:"manager_ids"`
	Members    int      `json:"members"`
}

// Service is a group of teams led by service managers (for example "Child
// protection and court" or "Children looked after").
type Service struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	ManagerIDs []string `json:"manager_ids"`
}

// UserInput is what an administrator types to create or change a user.
type UserInput struct {
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Email       string   `json:"email"`
	JobTitle    string   `json:"job_title"`
	SWENumber   string   `json:"swe_number,omitempty"`
	Roles       []Role   `json:"roles"`
	TeamIDs     []string `json:"team_ids"`
	// Password is set only by Kith's command line when it creates an
	// account (the operator's first administrator). Administrators never
	// choose passwords: they issue a one-time link for the user to set
	// their own, so the API has no such field.
	Password string `json:"-"`
}

// sweNumber is the shape of a Social Work England registration number: SW
// and up to eight digits (the 903 only checks that an id begins SW, rule
// SW02STG1).
var sweNumber = regexp.MustCompile(`^SW[0-9]{1,8}$`)

// Clean normalises typed fields.
func (in *UserInput) Clean() {
	in.Username = strings.ToLower(CleanText(in.Username))
	in.DisplayName = CleanText(in.DisplayName)
	in.Email = CleanText(in.Email)
	in.JobTitle = CleanText(in.JobTitle)
	in.SWENumber = strings.ToUpper(strings.ReplaceAll(CleanText(in.SWENumber), " ", ""))
}

// Validate checks a user's details and roles. The password, when there
// is one, is checked against the password rule by storage (package
// password), which knows the common-password list.
func (in *UserInput) Validate() error {
	var v Validation
	switch {
	case in.Username == "":
		v.Add("username", "Enter a username")
	case len(in.Username) > 64:
		v.Add("username", "Username must be 64 characters or fewer")
	default:
		for _, r := range in.Username {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
				v.Add("username", "Username must only include lower case letters, numbers, full stops, hyphens and underscores")
				break
			}
		}
	}
	CheckName(&v, "display_name", "full name", in.DisplayName, true)
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
			v.Add("email", "Enter an email address in the correct format, like name@example.gov.uk")
		}
	}
	CheckLength(&v, "job_title", "job title", in.JobTitle, MaxShortText)
	if in.SWENumber != "" && !sweNumber.MatchString(in.SWENumber) {
		v.Add("swe_number", "Enter the Social Work England registration number as it is on the register: SW followed by its digits, like SW123456")
	}
	if len(in.Roles) == 0 {
		v.Add("roles", "Select at least one role")
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			v.Add("roles", "Select a role from the list")
		}
	}
	CheckRoles(&v, "roles", in.Roles)
	return v.Err()
}

// TeamInput is what an administrator types to create or change a team.
type TeamInput struct {
	Name       string   `json:"name"`
	ServiceID  string   `json:"service_id"`
	ManagerIDs []string `json:"manager_ids"`
}

// Validate checks a team.
func (in *TeamInput) Validate() error {
	in.Name = CleanText(in.Name)
	var v Validation
	if in.Name == "" {
		v.Add("name", "Enter the team name")
	}
	CheckLength(&v, "name", "team name", in.Name, MaxShortText)
	if in.ServiceID == "" {
		v.Add("service_id", "Select the service the team belongs to")
	}
	return v.Err()
}

// ServiceInput is what an administrator types to create or change a service.
type ServiceInput struct {
	Name       string   `json:"name"`
	ManagerIDs []string `json:"manager_ids"`
}

// Validate checks a service.
func (in *ServiceInput) Validate() error {
	in.Name = CleanText(in.Name)
	var v Validation
	if in.Name == "" {
		v.Add("name", "Enter the service name")
	}
	CheckLength(&v, "name", "service name", in.Name, MaxShortText)
	return v.Err()
}
