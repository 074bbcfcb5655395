package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kith"
	"kith/sqldb"
)

// workGroupsPerPage is how many children's overdue groups a page of My
// work shows: with a hundred things late the page still starts short.
const workGroupsPerPage = 10

// workKindNames names the kinds of work in the filter.
var workKindNames = map[kith.ClockKind]string{
	kith.WorkJourney:    "Statutory steps",
	kith.ClockVisit:     "Visits",
	kith.ClockRecording: "Records to finish",
	kith.ClockSummary:   "Case summaries",
	kith.ClockOversight: "Management oversight",
	kith.WorkAction:     "Actions",
	kith.ClockReferral:  "Referrals to chase",
}

type workPage struct {
	formPage
	View        string // "mine" or "team"
	ShowTeam    bool
	Work        *sqldb.WorkList // everything, before the kind and child filters
	Triage      kith.Triage     // what the filters leave, laid out
	TeamOptions []Option
	WorkerOpts  []Option
	KindOpts    []Option
	ChildOpts   []Option
	Filter      sqldb.WorkFilter
	Kind        kith.ClockKind
	Child       string            // a case reference
	Templates   map[string]string // key → name, for the records a line can start
	// Page and Pages page the overdue groups; Prev and Next link to the
	// pages either side, keeping the filters.
	Page, Pages int
	Prev, Next  string
	// OverdueChildren counts the children with overdue work in the
	// groups, on every page.
	OverdueChildren int
	// ReturnProblems are what the statutory returns would find wrong in
	// the records of the worker's own children today (My work only).
	ReturnProblems []kith.ReturnProblem
}

// work is "My work", a triage: what must happen today, then what is
// overdue by child (child protection and harm or risk first, then
// looked-after children, then the rest; kith.TriageLess), then what is
// coming up in the next five working days. Managers see the same for
// their teams, with the counts per worker linking to each list.
func (s *Server) work(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.HasCaseRole() {
		return s.caseload(w, r) // sends other roles where they work
	}
	q := r.URL.Query()
	manager := kith.CanSeeTeamWork(a)
	f := newForm(q)
	p := workPage{formPage: formPage{Form: f}, ShowTeam: manager, View: q.Get("view")}
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
	p.readWorkFilters(f)
	p.Triage = kith.TriageWork(kith.OnlyWork(p.Work.Work, p.Kind, p.Child))
	p.pageGroups(f)
	if p.Templates, err = s.writableTemplates(r); err != nil {
		return err
	}
	if p.View == "mine" {
		if p.ReturnProblems, err = s.ownReturnProblems(r, a, p.Work.CaseIDs); err != nil {
			return err
		}
	}
	title := "My work"
	if p.View == "team" {
		title = "Team work"
	}
	status := http.StatusOK
	if f.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "work", title, p)
	return nil
}

// readWorkFilters reads the kind and child filters, offering every kind
// and every child with work in the list (counted). A choice not offered
// is said and left out; nothing about a child outside the list is said.
func (p *workPage) readWorkFilters(f *form) {
	all := append(slices.Clone(p.Work.Overdue), p.Work.Upcoming...)
	kinds := map[kith.ClockKind]int{}
	children := map[string]int{}
	names := map[string]string{}
	for _, it := range all {
		kinds[it.Kind]++
		children[it.CaseReference]++
		names[it.CaseReference] = it.ChildName
	}
	kind, child := f.Get("kind"), f.Get("child")
	p.KindOpts = []Option{{Value: "", Label: "All kinds of work (" + strconv.Itoa(len(all)) + ")"}}
	known := false
	for _, k := range kith.WorkKinds {
		p.KindOpts = append(p.KindOpts, Option{Value: string(k), Label: workKindNames[k] + " (" + strconv.Itoa(kinds[k]) + ")", Checked: kind == string(k)})
		known = known || kind == string(k)
	}
	if kind != "" && !known {
		f.Add("kind", "Choose a kind of work from the list")
		kind = ""
	}
	refs := make([]string, 0, len(children))
	for ref := range children {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(names[a]), strings.ToLower(names[b])); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	p.ChildOpts = []Option{{Value: "", Label: "All children (" + strconv.Itoa(len(refs)) + ")"}}
	for _, ref := range refs {
		p.ChildOpts = append(p.ChildOpts, Option{Value: ref, Label: names[ref] + " " + ref + " (" + strconv.Itoa(children[ref]) + ")", Checked: child == ref})
	}
	if child != "" && children[child] == 0 {
		f.Add("child", "Choose a child from the list")
		child = ""
	}
	p.Kind, p.Child = kith.ClockKind(kind), child
}

// pageGroups keeps one page of the overdue groups.
func (p *workPage) pageGroups(f *form) {
	groups := p.Triage.Overdue
	p.OverdueChildren = len(groups)
	p.Pages = max(1, (len(groups)+workGroupsPerPage-1)/workGroupsPerPage)
	p.Page = 1
	if n, err := strconv.Atoi(f.Get("page")); err == nil && n >= 1 {
		p.Page = min(n, p.Pages)
	}
	from := (p.Page - 1) * workGroupsPerPage
	p.Triage.Overdue = groups[from:min(from+workGroupsPerPage, len(groups))]
	if p.Page > 1 {
		p.Prev = p.Link("page", strconv.Itoa(p.Page-1)) + "#overdue"
	}
	if p.Page < p.Pages {
		p.Next = p.Link("page", strconv.Itoa(p.Page+1)) + "#overdue"
	}
}

// query is the page's filters as a query, without the page number.
func (p workPage) query() url.Values {
	v := url.Values{}
	if p.View == "team" {
		v.Set("view", "team")
		if p.Filter.TeamID != "" {
			v.Set("team", p.Filter.TeamID)
		}
		if p.Filter.WorkerID != "" {
			v.Set("worker", p.Filter.WorkerID)
		}
	}
	if p.Kind != "" {
		v.Set("kind", string(p.Kind))
	}
	if p.Child != "" {
		v.Set("child", p.Child)
	}
	return v
}

// Link is this page with one filter changed (an empty value drops it),
// keeping the others.
func (p workPage) Link(name, value string) string {
	v := p.query()
	if value == "" {
		v.Del(name)
	} else {
		v.Set(name, value)
	}
	if len(v) == 0 {
		return "/work"
	}
	return "/work?" + v.Encode()
}

// WorkerLink is the team view narrowed to one worker's work, keeping the
// kind of work chosen; anchor jumps to a section.
func (p workPage) WorkerLink(workerID, anchor string) string {
	v := url.Values{"view": {"team"}}
	if p.Filter.TeamID != "" {
		v.Set("team", p.Filter.TeamID)
	}
	if workerID == "" {
		workerID = sqldb.WorkerNone
	}
	v.Set("worker", workerID)
	if p.Kind != "" {
		v.Set("kind", string(p.Kind))
	}
	return "/work?" + v.Encode() + anchor
}

// ClearLink is this page without the kind and child filters.
func (p workPage) ClearLink() string {
	q := p
	q.Kind, q.Child = "", ""
	return q.Link("page", "")
}

// ChildName names the child chosen, from the list's own items.
func (p workPage) ChildName() string {
	for _, it := range append(slices.Clone(p.Work.Overdue), p.Work.Upcoming...) {
		if it.CaseReference == p.Child {
			return it.ChildName
		}
	}
	return ""
}

// Filtered says a kind or a child is chosen.
func (p workPage) Filtered() bool { return p.Kind != "" || p.Child != "" }

// KindName names the kind of work chosen, in lower case for a sentence.
func (p workPage) KindName() string { return strings.ToLower(workKindNames[p.Kind]) }

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

// reportLink is the record timeliness report for the team in view.
func reportLink(f sqldb.WorkFilter) string {
	if f.TeamID == "" {
		return "/reports/timeliness"
	}
	return "/reports/timeliness?" + url.Values{"team": {f.TeamID}}.Encode()
}

// lateRecordsLink lists the records a worker finalised late this month:
// exactly those the team view's "recorded late this month" counts.
func lateRecordsLink(f sqldb.WorkFilter, workerID string, today kith.Date) string {
	month := string(kith.MonthOf(today))
	v := url.Values{"from": {month}, "to": {month}, "worker": {workerID}, "timing": {kith.TimingLate}}
	if f.TeamID != "" {
		v.Set("team", f.TeamID)
	}
	return "/reports/timeliness/records?" + v.Encode()
}

func init() {
	funcs["reportLink"] = reportLink
	funcs["lateRecordsLink"] = lateRecordsLink
}

// workItemsData is one list of work lines.
type workItemsData struct {
	Items     []kith.WorkItem
	Label     string
	Team      bool
	Child     bool // name the child on each line (lists not grouped by child)
	Templates map[string]string
}

// workActionData is the thing to do on one line: finish the draft, start
// the record that would meet it, or open the case.
type workActionData struct {
	Item         kith.WorkItem
	TemplateName string
}

// workGroupsData is one section's children's groups.
type workGroupsData struct {
	Groups []kith.ChildWork
	Words  string // "overdue" or "coming up"
	Team   bool
	Page   workPage
	// Open: the groups are shown unfolded, when they are few enough
	// (workOpenItems) or one child is chosen.
	Open bool
}

// workOpenItems is the most items a section shows unfolded; more, and
// each child's items fold away behind their count and worst item.
const workOpenItems = 6

func init() {
	funcs["workGroups"] = func(p workPage, groups []kith.ChildWork, words string) workGroupsData {
		n := 0
		for _, g := range groups {
			n += len(g.Items)
		}
		return workGroupsData{Groups: groups, Words: words, Team: p.View == "team", Page: p, Open: p.Child != "" || n <= workOpenItems}
	}
	funcs["workItems"] = func(p workPage, items []kith.WorkItem, label string, child bool) workItemsData {
		return workItemsData{Items: items, Label: label, Team: p.View == "team", Child: child, Templates: p.Templates}
	}
	funcs["workAction"] = func(d workItemsData, it kith.WorkItem) workActionData {
		return workActionData{Item: it, TemplateName: d.Templates[it.TemplateKey]}
	}
}
