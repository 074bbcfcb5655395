package web

import (
	"net/http"
	"net/url"

	"kith"
	"kith/sqldb"
)

type workPage struct {
	formPage
	View        string // "mine" or "team"
	ShowTeam    bool
	Work        *sqldb.WorkList
	TeamOptions []Option
	WorkerOpts  []Option
	Filter      sqldb.WorkFilter
	Templates   map[string]string // key → name, for the records a line can start
	// Cases is a whole team's work a case to a line; a worker's work (and
	// one's own) is listed item by item instead.
	Cases []kith.CaseLine
}

// work is "My work": what is overdue and due in the next five working days
// across a practitioner's caseload, and for managers the same for their
// teams, counted per worker.
func (s *Server) work(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.HasCaseRole() {
		return s.caseload(w, r) // sends other roles where they work
	}
	q := r.URL.Query()
	manager := kith.CanSeeTeamWork(a)
	p := workPage{formPage: formPage{Form: newForm(q)}, ShowTeam: manager, View: q.Get("view")}
	if p.View != "team" || !manager {
		p.View = "mine"
		if manager && !a.Has(kith.RolePractitioner) && q.Get("view") == "" {
			p.View = "team"
		}
	}
	p.Filter = sqldb.WorkFilter{Mine: p.View == "mine"}
	var err error
	if p.View == "team" {
		p.Filter.TeamID, p.Filter.WorkerID = q.Get("team"), q.Get("worker")
		if p.TeamOptions, err = s.teamOptions(r, "All my teams"); err != nil {
			return err
		}
		if p.Filter.TeamID != "" {
			if p.WorkerOpts, err = s.workerOptions(r, p.Filter.TeamID); err != nil {
				return err
			}
			p.WorkerOpts = append(p.WorkerOpts, Option{Value: sqldb.WorkerNone, Label: "Not allocated"})
		}
	}
	if p.Work, err = s.DB.Work(r.Context(), a, p.Filter); err != nil {
		return err
	}
	if p.View == "team" && p.Filter.WorkerID == "" {
		p.Cases = kith.ByCase(p.Work.Work)
	} else if p.Templates, err = s.writableTemplates(r); err != nil {
		return err
	}
	title := "My work"
	if p.View == "team" {
		title = "Team work"
	}
	s.render(w, r, http.StatusOK, "work", title, p)
	return nil
}

// writableTemplates names the kinds of record the actor may start.
func (s *Server) writableTemplates(r *http.Request) (map[string]string, error) {
	all, err := s.DB.Templates(r.Context())
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range all {
		if t.MayWrite(actorFrom(r).User) {
			out[t.Key] = t.Name
		}
	}
	return out, nil
}

// workerLink is the team view narrowed to one worker's work.
func workerLink(f sqldb.WorkFilter, workerID, anchor string) string {
	v := url.Values{"view": {"team"}}
	if f.TeamID != "" {
		v.Set("team", f.TeamID)
	}
	if workerID == "" {
		v.Set("worker", sqldb.WorkerNone)
	} else {
		v.Set("worker", workerID)
	}
	return "/work?" + v.Encode() + anchor
}

// reportLink is the record timeliness report for the team in view.
func reportLink(f sqldb.WorkFilter) string {
	if f.TeamID == "" {
		return "/reports/timeliness"
	}
	return "/reports/timeliness?" + url.Values{"team": {f.TeamID}}.Encode()
}

func init() {
	funcs["workerLink"] = workerLink
	funcs["reportLink"] = reportLink
}

// workItemsData is one table of work lines.
type workItemsData struct {
	Items     []kith.WorkItem
	Caption   string
	Team      bool
	Templates map[string]string
}

// workActionData is the thing to do on one line: finish the draft, start
// the record that would meet it, or open the case.
type workActionData struct {
	Item         kith.WorkItem
	TemplateName string
}

func init() {
	funcs["workItems"] = func(p workPage, items []kith.WorkItem, caption string) workItemsData {
		return workItemsData{Items: items, Caption: caption, Team: p.View == "team", Templates: p.Templates}
	}
	funcs["workAction"] = func(d workItemsData, it kith.WorkItem) workActionData {
		return workActionData{Item: it, TemplateName: d.Templates[it.TemplateKey]}
	}
}
