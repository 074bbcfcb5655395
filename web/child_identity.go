package web

import (
	"net/http"

	"kith"
)

// identityVersion is one saved version of the child's identity items with
// what it changed from the one before.
type identityVersion struct {
	kith.ChildIdentity
	Changes []kith.IdentityChange
}

type childIdentityPage struct {
	caseHeader
	Current kith.ChildIdentity
	// History is every saved version, newest first.
	History []identityVersion
	// EthnicityGroups are the ethnicity choices under their headings.
	EthnicityGroups []optionGroup
}

// optionGroup is an <optgroup> of a select.
type optionGroup struct {
	Label   string
	Options []Option
}

// childIdentity shows the child's identity items for the statutory
// returns, and every version saved with what each changed.
func (s *Server) childIdentity(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	p, err := s.identityPage(r, h)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "child-identity", h.Child.FirstName+"’s identity items for the statutory returns", p)
	return nil
}

func (s *Server) identityPage(r *http.Request, h caseHeader) (childIdentityPage, error) {
	versions, err := s.DB.ChildIdentity(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return childIdentityPage{}, err
	}
	h.Tab = "person"
	p := childIdentityPage{caseHeader: h, Current: versions[0], EthnicityGroups: ethnicityGroups()}
	for i, v := range versions {
		if v.Version == 0 {
			break
		}
		before := kith.ChildIdentity{LocalChildID: kith.LocalChildIDFromReference(h.Case.Reference)}
		if i+1 < len(versions) {
			before = versions[i+1]
		}
		p.History = append(p.History, identityVersion{ChildIdentity: v, Changes: v.ChangesFrom(before)})
	}
	return p, nil
}

func ethnicityGroups() []optionGroup {
	var out []optionGroup
	for _, c := range kith.Ethnicities {
		if len(out) == 0 || out[len(out)-1].Label != c.Group {
			out = append(out, optionGroup{Label: c.Group})
		}
		g := &out[len(out)-1]
		g.Options = append(g.Options, Option{Value: c.Code, Label: c.Label + " (" + c.Code + ")"})
	}
	return out
}

// identityForm changes the child's identity items. The page's Extra is the
// childIdentityPage, for the local child id and the ethnicity choices.
func (s *Server) identityForm() caseForm {
	return caseForm{
		action: kith.EditCase,
		page:   "child-identity-edit",
		title:  func(h caseHeader) string { return "Change " + h.Child.FirstName + "’s identity items" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			versions, err := s.DB.ChildIdentity(r.Context(), actorFrom(r), h.Case.Reference)
			if err != nil {
				return err
			}
			fillIdentity(f, versions[0])
			return nil
		},
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			p, err := s.identityPage(r, h)
			return nil, p, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readIdentity(f)
			// The child's details are checked against on saving; here the
			// rest is checked, to show every problem at once.
			return func() error { return in.Validate(today(s), nil) }, func() error {
				_, err := s.DB.SaveChildIdentity(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "/identity", "Identity items saved"
		},
	}
}

func readIdentity(f *form) kith.ChildIdentityInput {
	return kith.ChildIdentityInput{
		LocalChildID: f.Get("local_child_id"),
		UPN:          f.Get("upn"),
		FormerUPN:    f.Get("former_upn"),
		UPNUnknown:   f.Get("upn_unknown"),
		Sex:          f.Get("sex"),
		Ethnicity:    f.Get("ethnicity"),
		Disabilities: f.All("disabilities"),
		DateOfDeath:  f.Date("date_of_death", kith.DateRule{Label: "date of death"}),
		UASC:         f.Bool("uasc"),
		UASCCeased:   f.Date("uasc_ceased", kith.DateRule{Label: "date UASC status ceased"}),
		Version:      atoi(f.Get("version")),
	}
}

func fillIdentity(f *form, c kith.ChildIdentity) {
	f.Set("local_child_id", c.LocalChildID)
	f.Set("upn", c.UPN)
	f.Set("former_upn", c.FormerUPN)
	f.Set("upn_unknown", c.UPNUnknown)
	f.Set("sex", c.Sex)
	f.Set("ethnicity", c.Ethnicity)
	f.Values["disabilities"] = append([]string(nil), c.Disabilities...)
	f.SetDate("date_of_death", c.DateOfDeath)
	f.Set("uasc", map[bool]string{true: "yes", false: "no"}[c.UASC])
	f.SetDate("uasc_ceased", c.UASCCeased)
	f.Set("version", itoa(c.Version))
}
