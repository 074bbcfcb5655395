package web

import (
	"net/http"

	"kith"
)

// actionsPage lists a case's actions: open ones by date, then closed ones.
type actionsPage struct {
	caseHeader
	Open, Closed []kith.Action
	Today        kith.Date
}

// caseActions is the case's actions page.
func (s *Server) caseActions(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	h.Tab = "actions"
	_, all, err := s.DB.CaseActions(r.Context(), actorFrom(r), h.Case.Reference, kith.ActionFilter{})
	if err != nil {
		return err
	}
	p := actionsPage{caseHeader: h, Today: today(s)}
	for _, a := range all {
		if a.Status == kith.ActionOpen {
			p.Open = append(p.Open, a)
		} else {
			p.Closed = append(p.Closed, a)
		}
	}
	s.render(w, r, http.StatusOK, "actions", "Actions", p)
	return nil
}

// ownerOptions are the choices of an owner select: the people Kith knows
// on the case, then someone else (typed in).
func (s *Server) ownerOptions(r *http.Request, h caseHeader) ([]Option, error) {
	owners, err := s.DB.OwnerChoices(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return nil, err
	}
	opts := []Option{{Value: "", Label: "Choose who"}}
	for _, o := range owners {
		opts = append(opts, Option{Value: o.Ref(), Label: o.Words(h.Child.FirstName)})
	}
	return append(opts, Option{Value: string(kith.OwnerOther), Label: "Someone else (give their name below)"}), nil
}

// readOwner reads an owner select and the someone-else inputs under
// prefix ("owner" → "owner", "owner_name", "owner_role", "owner_agency").
func readOwner(f *form, prefix string) kith.Owner {
	ref := f.Get(prefix)
	if ref == string(kith.OwnerOther) {
		return kith.Owner{Kind: kith.OwnerOther, Name: f.Raw(prefix + "_name"), Role: f.Raw(prefix + "_role"), Agency: f.Raw(prefix + "_agency")}
	}
	return kith.ParseOwnerRef(ref)
}

// fillOwner puts an owner back into the inputs readOwner reads.
func fillOwner(f *form, prefix string, o kith.Owner) {
	if o.Kind == kith.OwnerOther {
		f.Set(prefix, string(kith.OwnerOther))
		f.Set(prefix+"_name", o.Name)
		f.Set(prefix+"_role", o.Role)
		f.Set(prefix+"_agency", o.Agency)
		return
	}
	f.Set(prefix, o.Ref())
}

// actionNew raises an action on the case.
func (s *Server) actionNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "action-new",
		title: func(h caseHeader) string { return "Add an action" },
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			owners, err := s.ownerOptions(r, h)
			return owners, nil, err
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			n := kith.NewAction{What: f.Raw("what"), Owner: readOwner(f, "owner"), AlreadyDone: f.Bool("already_done"), Outcome: f.Raw("outcome"),
				Due: f.Date("due", kith.DateRule{Label: "date it will be done by", Required: true})}
			n.Clean()
			return func() error { return n.Check(today(s)) }, func() error {
				_, err := s.DB.AddAction(r.Context(), actorFrom(r), h.Case.Reference, n)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "/actions", "Action added"
		},
	}
}

// actionUpdate shows one action and follows it up: done, no longer needed,
// or still open (perhaps with a new date).
func (s *Server) actionUpdate() caseForm {
	return caseForm{
		// Anyone who may see the case may read the action; storage checks
		// that whoever follows it up may change the case.
		action: kith.ViewCase, page: "action",
		title:       func(h caseHeader) string { return "Follow up an action" },
		allowClosed: true,
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			_, a, err := s.DB.Action(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
			return nil, a, err
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			_, a, err := s.DB.Action(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
			if err != nil {
				return err
			}
			f.Set("status", string(a.Status))
			f.Set("outcome", a.Outcome)
			if a.Status == kith.ActionOpen {
				f.SetDate("due", a.Due)
			} else {
				f.SetDate("on", a.ClosedOn)
			}
			f.Set("version", itoa(a.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			u := kith.ActionUpdate{Status: kith.ActionStatus(f.Get("status")), Outcome: f.Raw("outcome"), Version: atoi(f.Get("version"))}
			switch u.Status {
			case kith.ActionOpen:
				u.Due = f.Date("due", kith.DateRule{Label: "new date"})
			default:
				u.On = f.Date("on", kith.DateRule{Label: "date", NotAfter: ptr(today(s))})
			}
			return nil, func() error {
				_, err := s.DB.UpdateAction(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"), u)
				return err
			}
		},
		done: func(r *http.Request, h caseHeader) (string, string) {
			return "/cases/" + h.Case.Reference + "/actions", "Action updated"
		},
	}
}

func ptr[T any](v T) *T { return &v }

// actionTableData is one table of actions.
type actionTableData struct {
	Actions []kith.Action
	Caption string
	Today   kith.Date
	Ref     string
}

// ownerFieldsData is an owner select with the someone-else inputs.
type ownerFieldsData struct {
	Form    *form
	Name    string
	Label   string
	Options []Option
}

func init() {
	funcs["actionTable"] = func(ref string, actions []kith.Action, today kith.Date, caption string) actionTableData {
		return actionTableData{Actions: actions, Caption: caption, Today: today, Ref: ref}
	}
	funcs["ownerFields"] = func(f *form, name, label string, opts []Option) ownerFieldsData {
		return ownerFieldsData{Form: f, Name: name, Label: label, Options: opts}
	}
}
