package web

import (
	"net/http"
	"strconv"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// planPage is the case's plan: the current one with its objectives and
// reviews, and the earlier ones.
type planPage struct {
	caseHeader
	Plans *sqldb.PlanView
	Today kith.Date
	// PDFUnavailable says why the print page is shown instead of the PDF
	// asked for.
	PDFUnavailable string
}

func (p planPage) withoutPDF(reason string) any { p.PDFUnavailable = reason; return p }

// casePlan shows the case's current and earlier plans.
func (s *Server) casePlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plansOf(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan", "Plan", p)
	return nil
}

// printPlan is the case's plans laid out for paper, earlier plans in full.
func (s *Server) printPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plansOf(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan-print", "Plans of "+p.Child.FullName(), p)
	return nil
}

// planPDF is the case's plans as a PDF.
func (s *Server) planPDF(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plansOf(r)
	if err != nil {
		return err
	}
	title := "Plans"
	if p.Plans.Current != nil {
		title = p.Plans.Current.Title()
	}
	return s.sendPDF(w, r, "plan-print", "Plans of "+p.Child.FullName(), p, pdfFile{
		Frame:  export.Frame{Child: p.Child.FullName(), Reference: p.Case.Reference, Title: title},
		Name:   fileName(p.Case.Reference, "plan"),
		CaseID: p.Case.ID, SubjectType: "plan", SubjectID: p.Case.Reference, Detail: "PDF of the plans",
	})
}

func (s *Server) plansOf(r *http.Request) (planPage, error) {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return planPage{}, err
	}
	h.Tab = "plan"
	_, plans, err := s.DB.CasePlans(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return planPage{}, err
	}
	return planPage{caseHeader: h, Plans: plans, Today: today(s)}, nil
}

// objectivePage shows one objective: whether it is moving.
type objectivePage struct {
	caseHeader
	View  *sqldb.ObjectiveView
	Today kith.Date
}

func (s *Server) objective(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return err
	}
	h.Tab = "plan"
	_, view, err := s.DB.Objective(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "objective", "Objective "+itoa(view.Objective.Position), objectivePage{caseHeader: h, View: view, Today: today(s)})
	return nil
}

func (s *Server) backToPlan(msg string) func(r *http.Request, h caseHeader) (string, string) {
	return func(r *http.Request, h caseHeader) (string, string) {
		return "/cases/" + h.Case.Reference + "/plan", msg
	}
}

// planNew starts a plan; a current plan ends the day the new one starts.
func (s *Server) planNew() caseForm {
	return caseForm{
		action: kith.EditCase, page: "plan-new",
		title: func(h caseHeader) string { return "Start a plan" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.SetDate("started", today(s))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.PlanInput{Kind: kith.PlanKind(f.Get("kind")), StartedOn: f.Date("started", kith.DateRule{Label: "date the plan started"}),
				ReviewOn: f.Date("review", kith.DateRule{Label: "date of the next review"})}
			return func() error { return in.Check(today(s)) }, func() error {
				_, err := s.DB.StartPlan(r.Context(), actorFrom(r), h.Case.Reference, in)
				return err
			}
		},
		done: s.backToPlan("Plan started"),
	}
}

// planEnd ends the current plan with a date and a reason.
func (s *Server) planEnd() caseForm {
	return caseForm{
		action: kith.EditCase, page: "plan-end",
		title: func(h caseHeader) string { return "End the plan" },
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.planOf(r, h)
			if err != nil {
				return err
			}
			f.SetDate("ended", today(s))
			f.Set("version", itoa(p.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			on := f.Date("ended", kith.DateRule{Label: "date the plan ended"})
			return nil, func() error {
				return s.DB.EndPlan(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("pid"), on, f.Raw("reason"), atoi(f.Get("version")))
			}
		},
		done: s.backToPlan("Plan ended"),
	}
}

// planOf finds the plan named in the path among the case's plans.
func (s *Server) planOf(r *http.Request, h caseHeader) (*kith.Plan, error) {
	_, plans, err := s.DB.CasePlans(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return nil, err
	}
	if plans.Current != nil && plans.Current.ID == r.PathValue("pid") {
		return plans.Current, nil
	}
	for i := range plans.Earlier {
		if plans.Earlier[i].ID == r.PathValue("pid") {
			return &plans.Earlier[i], nil
		}
	}
	return nil, kith.NotFound("Plan")
}

// readObjective reads the objective form.
func readObjective(f *form) kith.ObjectiveInput {
	return kith.ObjectiveInput{Change: f.Raw("change"), Measure: f.Raw("measure"), Owner: readOwner(f, "owner"),
		Due: f.Date("due", kith.DateRule{Label: "date this should be achieved by"}), Status: kith.ObjectiveStatus(f.Get("status")),
		Version: atoi(f.Get("version"))}
}

// objectiveForm adds an objective to the current plan (no id in the path)
// or changes one.
func (s *Server) objectiveForm() caseForm {
	return caseForm{
		action: kith.EditCase, page: "objective-edit",
		title: func(h caseHeader) string { return "Objective" },
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			owners, err := s.ownerOptions(r, h)
			return owners, nil, err
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			f.Set("status", string(kith.ObjectiveActive))
			id := r.PathValue("id")
			if id == "" {
				return nil
			}
			_, view, err := s.DB.Objective(r.Context(), actorFrom(r), h.Case.Reference, id)
			if err != nil {
				return err
			}
			o := view.Objective
			f.Set("change", o.Change)
			f.Set("measure", o.Measure)
			fillOwner(f, "owner", o.Owner)
			f.SetDate("due", o.Due)
			f.Set("status", string(o.Status))
			f.Set("version", itoa(o.Version))
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := readObjective(f)
			in.Clean()
			// Checked against no plan when a date could not be read, so
			// every other problem is shown with it.
			return func() error { return in.Check(&kith.Plan{}, nil, today(s)) }, func() error {
				_, err := s.DB.SaveObjective(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("pid"), r.PathValue("id"), in)
				return err
			}
		},
		done: s.backToPlan("Objective saved"),
	}
}

// planReview records a review: a progress rating for each objective and
// the next review date.
func (s *Server) planReview() caseForm {
	return caseForm{
		action: kith.EditCase, page: "plan-review",
		title: func(h caseHeader) string { return "Record a plan review" },
		options: func(r *http.Request, h caseHeader) ([]Option, any, error) {
			p, err := s.planOf(r, h)
			if err != nil {
				return nil, nil, err
			}
			owners, err := s.ownerOptions(r, h)
			return owners, p, err
		},
		prefill: func(r *http.Request, h caseHeader, f *form) error {
			p, err := s.planOf(r, h)
			if err != nil {
				return err
			}
			f.SetDate("held", today(s))
			f.Set("version", itoa(p.Version))
			f.Set("category", p.LatestCategory)
			return nil
		},
		save: func(r *http.Request, h caseHeader, f *form) (func() error, func() error) {
			in := kith.ReviewInput{HeldOn: f.Date("held", kith.DateRule{Label: "date the review was held"}),
				NextReviewOn: f.Date("next", kith.DateRule{Label: "date of the next review"}), Notes: f.Raw("notes"), Category: f.Get("category"),
				Version: atoi(f.Get("version"))}
			for _, id := range f.All("objective") {
				ri := kith.RatingInput{ObjectiveID: id, Comment: f.Raw("comment." + id)}
				if v := f.Get("rating." + id); v != "" {
					n, err := strconv.Atoi(v)
					if err != nil {
						f.Add("rating."+id, "Rate progress as a whole number from 0 to 10")
					}
					ri.Score = &n
				}
				in.Ratings = append(in.Ratings, ri)
			}
			in.Actions = readReviewActions(f, today(s))
			return nil, func() error {
				_, err := s.DB.RecordReview(r.Context(), actorFrom(r), h.Case.Reference, r.PathValue("pid"), in)
				return err
			}
		},
		done: s.backToPlan("Review recorded"),
	}
}

// reviewActionRows is how many new actions a review form offers.
const reviewActionRows = 3

// readReviewActions reads the actions agreed at a review: the rows with
// anything typed in them.
func readReviewActions(f *form, today kith.Date) []kith.NewAction {
	var out []kith.NewAction
	for i := range reviewActionRows {
		p := "action." + itoa(i)
		if f.Get(p+".what") == "" && f.Get(p+".owner") == "" && f.Get(p+".due") == "" {
			continue
		}
		n := kith.NewAction{What: f.Raw(p + ".what"), Owner: readOwner(f, p+".owner"), ObjectiveID: f.Get(p + ".objective")}
		if typed := f.Get(p + ".due"); typed != "" {
			d, msg := kith.ParseDue(typed, "it", today)
			if msg != "" {
				f.Add(p+".due", msg)
			}
			n.Due = d
		}
		out = append(out, n)
	}
	return out
}

// ratingOptions are the choices of a progress rating select.
func ratingOptions() []Option {
	opts := []Option{{Value: "", Label: "Not rated at this review"}}
	for i := kith.MinRating; i <= kith.MaxRating; i++ {
		label := itoa(i)
		switch i {
		case kith.MinRating:
			label += " – no progress"
		case kith.MaxRating:
			label += " – achieved"
		}
		opts = append(opts, Option{Value: itoa(i), Label: label})
	}
	return opts
}

func init() {
	funcs["ratingOptions"] = ratingOptions
	funcs["reviewActionRows"] = func() []int {
		rows := make([]int, reviewActionRows)
		for i := range rows {
			rows[i] = i
		}
		return rows
	}
	funcs["objectiveChoices"] = func(p *kith.Plan) []Option {
		opts := []Option{{Value: "", Label: "None"}}
		for _, o := range p.Objectives {
			opts = append(opts, Option{Value: o.ID, Label: o.Title()})
		}
		return opts
	}
}

// objectiveTableData is a table of a plan's objectives.
type objectiveTableData struct {
	Ref        string
	Caption    string // unique on the page: a plan page shows earlier plans' objectives too
	Objectives []kith.Objective
}

func init() {
	funcs["objectiveTable"] = func(ref, caption string, os []kith.Objective) objectiveTableData {
		return objectiveTableData{ref, caption, os}
	}
	funcs["objectiveStatusOptions"] = func() []Option {
		var out []Option
		for _, st := range []kith.ObjectiveStatus{kith.ObjectiveActive, kith.ObjectiveAchieved, kith.ObjectiveStopped} {
			out = append(out, Option{Value: string(st), Label: st.Label()})
		}
		return out
	}
	// ratingBar draws a rating as ten blocks, filled up to the score: a
	// picture beside the number, hidden from screen readers.
	funcs["ratingBar"] = func(score int) string {
		out := ""
		for i := 1; i <= kith.MaxRating; i++ {
			if i <= score {
				out += "■"
			} else {
				out += "□"
			}
		}
		return out
	}
}
