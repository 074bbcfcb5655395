package web

import (
	"net/http"

	"kith"
	"kith/sqldb"
)

// planRoutes are the API's endpoints for plans, objectives, progress
// reviews and actions.
func (s *Server) planRoutes() []apiRoute {
	a := actorFrom
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	return []apiRoute{
		{method: "GET", path: "/api/v1/cases/{ref}/plans", summary: "The child's current plan and earlier plans, with objectives, progress ratings and reviews", tag: "Plans",
			resp: sqldb.PlanView{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				_, plans, err := s.DB.CasePlans(r.Context(), a(r), ref(r))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, plans)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/plans", summary: "Start a plan (a current plan ends the day it starts)", tag: "Plans",
			body: kith.PlanInput{}, resp: sqldb.PlanView{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.PlanInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if _, err := s.DB.StartPlan(r.Context(), a(r), ref(r), in); err != nil {
					return err
				}
				return s.apiPlansAfter(w, r, http.StatusCreated)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/plans/{pid}/end", summary: "End the current plan, with the date and why", tag: "Plans",
			body: planEndJSON{}, resp: sqldb.PlanView{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in planEndJSON
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if err := s.DB.EndPlan(r.Context(), a(r), ref(r), r.PathValue("pid"), in.EndedOn, in.Reason, in.Version); err != nil {
					return err
				}
				return s.apiPlansAfter(w, r, http.StatusOK)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/plans/{pid}/reviews", summary: "Record a plan review: progress ratings (0-10) and the next review date", tag: "Plans",
			body: kith.ReviewInput{}, resp: sqldb.PlanView{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.ReviewInput
				if err := decode(w, r, &in); err != nil {
					return err
				}
				if _, err := s.DB.RecordReview(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
					return err
				}
				return s.apiPlansAfter(w, r, http.StatusCreated)
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/plans/{pid}/objectives", summary: "Add a SMART objective to the current plan (owner: {kind, id} of someone on the case, or {kind: other, name, role, agency})", tag: "Plans",
			body: kith.ObjectiveInput{}, resp: sqldb.ObjectiveView{}, handle: s.apiSaveObjective(http.StatusCreated)},
		{method: "PUT", path: "/api/v1/cases/{ref}/plans/{pid}/objectives/{id}", summary: "Change an objective of the current plan (with the version you read)", tag: "Plans",
			body: kith.ObjectiveInput{}, resp: sqldb.ObjectiveView{}, handle: s.apiSaveObjective(http.StatusOK)},
		{method: "GET", path: "/api/v1/cases/{ref}/objectives/{id}", summary: "An objective with its progress ratings, the final records linked to it and its actions", tag: "Plans",
			resp: sqldb.ObjectiveView{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				_, view, err := s.DB.Objective(r.Context(), a(r), ref(r), r.PathValue("id"))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, view)
			}},
		{method: "GET", path: "/api/v1/work/actions", summary: "Open actions whose date has passed: on your caseload, or your teams' (managers), longest overdue first, a page at a time with the total", tag: "Actions",
			resp: sqldb.OverdueActionsPage{}, query: append(append([]param{}, workParams...), pageParams...), handle: func(w http.ResponseWriter, r *http.Request) error {
				q := r.URL.Query()
				f := sqldb.WorkFilter{Mine: q.Get("view") != "team", TeamID: q.Get("team_id"), WorkerID: q.Get("worker_id")}
				page, err := s.DB.OverdueActions(r.Context(), a(r), f, atoi(q.Get("limit")), atoi(q.Get("offset")))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, page)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/actions", summary: "The case's actions: open ones by date, then closed ones", tag: "Actions",
			resp: actionsJSON{}, query: actionParams, handle: func(w http.ResponseWriter, r *http.Request) error {
				q := r.URL.Query()
				_, actions, err := s.DB.CaseActions(r.Context(), a(r), ref(r), kith.ActionFilter{Status: kith.ActionStatus(q.Get("status")), ObjectiveID: q.Get("objective_id")})
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, actionsJSON{Actions: actions})
			}},
		{method: "POST", path: "/api/v1/cases/{ref}/actions", summary: "Raise an action: what, who, a real date (a passed date only with already_done)", tag: "Actions",
			body: kith.NewAction{}, resp: kith.Action{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.NewAction
				if err := decode(w, r, &in); err != nil {
					return err
				}
				x, err := s.DB.AddAction(r.Context(), a(r), ref(r), in)
				if err != nil {
					return err
				}
				return created(w, "/api/v1/cases/"+x.CaseReference+"/actions/"+x.ID, x)
			}},
		{method: "GET", path: "/api/v1/cases/{ref}/actions/{id}", summary: "One action", tag: "Actions", resp: kith.Action{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			_, x, err := s.DB.Action(r.Context(), a(r), ref(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, x)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/actions/{id}/status", summary: "Follow up an action: done (what happened, when), no longer needed (why), or open with a new date; with the version you read", tag: "Actions",
			body: kith.ActionUpdate{}, resp: kith.Action{}, handle: func(w http.ResponseWriter, r *http.Request) error {
				var in kith.ActionUpdate
				if err := decode(w, r, &in); err != nil {
					return err
				}
				x, err := s.DB.UpdateAction(r.Context(), a(r), ref(r), r.PathValue("id"), in)
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, x)
			}},
	}
}

var pageParams = []param{
	{"limit", "integer", "Actions per page (default 100, at most 500)"},
	{"offset", "integer", "Where the page starts: next_offset from the page before"},
}

var actionParams = []param{
	{"status", "string", "open, done or not_needed (default: all)"},
	{"objective_id", "string", "Only actions towards this objective"},
}

// actionsJSON is a list of actions.
type actionsJSON struct {
	Actions []kith.Action `json:"actions"`
}

// planEndJSON ends a plan.
type planEndJSON struct {
	EndedOn kith.Date `json:"ended_on"`
	Reason  string    `json:"reason"`
	Version int       `json:"version"`
}

// apiPlansAfter answers a change to a plan with the case's plans as they
// now are.
func (s *Server) apiPlansAfter(w http.ResponseWriter, r *http.Request, status int) error {
	_, plans, err := s.DB.CasePlans(r.Context(), actorFrom(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, status, plans)
}

func (s *Server) apiSaveObjective(status int) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in kith.ObjectiveInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		id, err := s.DB.SaveObjective(r.Context(), actorFrom(r), r.PathValue("ref"), r.PathValue("pid"), r.PathValue("id"), in)
		if err != nil {
			return err
		}
		_, view, err := s.DB.Objective(r.Context(), actorFrom(r), r.PathValue("ref"), id)
		if err != nil {
			return err
		}
		return writeJSON(w, status, view)
	}
}
