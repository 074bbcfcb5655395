package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kith"
	"kith/calendar"
	"kith/returns"
	"kith/sqldb"
)

// returnsProblemsShown is the most problems the data quality page lists at
// once; the counts above the list count them all.
const returnsProblemsShown = 300

// returnsQualityPage is the statutory returns' data quality page: every
// child whose record breaks a rule the returns are checked by, as the
// record stands today, for the council's performance and data team.
type returnsQualityPage struct {
	formPage
	Year        kith.CollectionYear
	AsAt        kith.Date
	YearOpts    []Option
	TeamOptions []Option
	WorkerOpts  []Option
	RuleOpts    []Option
	Counts      []ruleCount
	Problems    []kith.ReturnProblem
	Total       int
	// Shown is how many of Total the list shows.
	Shown int
}

// ruleCount is one rule with how many children break it.
type ruleCount struct {
	kith.ReturnRule
	Children int
	Href     string
}

// returnsQuality lists, for service managers, each child and rule that
// fails today, with a link to the place in Kith that fixes it; filtered by
// team, worker and rule.
func (s *Server) returnsQuality(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !kith.MayMakeReturns(a) {
		return kith.Errorf(kith.EFORBIDDEN, "Only service managers can see the statutory returns' data quality.")
	}
	q := r.URL.Query()
	f := newForm(q)
	today := calendar.DayOf(s.now())
	p := returnsQualityPage{formPage: formPage{Form: f}, AsAt: today}
	current := kith.CollectionYearOn(today)
	p.Year = current
	for i, y := range []kith.CollectionYear{current, current.Previous(), current.Previous().Previous()} {
		label := y.String()
		if i == 0 {
			label += " (so far)"
		}
		p.YearOpts = append(p.YearOpts, Option{Value: y.String(), Label: label, Checked: q.Get("year") == y.String()})
		if q.Get("year") == y.String() {
			p.Year = y
		}
	}
	if v := q.Get("year"); v != "" && v != p.Year.String() {
		f.Add("year", "Choose a collection year from the list")
	}
	checkYear := p.Year
	if p.Year == current {
		checkYear = current.SoFar(today)
	} else {
		p.AsAt = p.Year.End()
	}
	var err error
	if p.TeamOptions, err = s.teamOptions(r, "All your teams"); err != nil {
		return err
	}
	team, worker, rule := q.Get("team"), q.Get("worker"), q.Get("rule")
	if team != "" && !slices.ContainsFunc(p.TeamOptions, func(o Option) bool { return o.Value == team }) {
		f.Add("team", "Choose a team from the list")
		team = ""
	}
	set, err := s.DB.ReturnFacts(r.Context(), a, checkYear, sqldb.ReturnFilter{TeamID: team, Checking: true})
	if err != nil {
		return err
	}
	all := returns.Problems(set, checkYear)
	p.WorkerOpts = workersOf(set, worker)
	byRule := map[string][]string{}
	for _, pr := range all {
		if worker != "" && pr.WorkerID != worker {
			continue
		}
		key := pr.Return + " " + pr.Rule
		if !slices.Contains(byRule[key], pr.ChildID) {
			byRule[key] = append(byRule[key], pr.ChildID)
		}
		if rule == "" || rule == key {
			p.Problems = append(p.Problems, pr)
		}
	}
	p.RuleOpts = []Option{{Value: "", Label: "Every rule"}}
	for _, rr := range kith.ReturnRules {
		key := rr.Return + " " + rr.Rule
		p.RuleOpts = append(p.RuleOpts, Option{Value: key, Label: key + ": " + rr.About, Checked: rule == key})
		if n := len(byRule[key]); n > 0 {
			p.Counts = append(p.Counts, ruleCount{ReturnRule: rr, Children: n, Href: returnsQualityLink(p.Year, team, worker, key)})
		}
	}
	if rule != "" && !slices.ContainsFunc(p.RuleOpts, func(o Option) bool { return o.Value == rule }) {
		f.Add("rule", "Choose a rule from the list")
	}
	p.Total = len(p.Problems)
	p.Problems = p.Problems[:min(len(p.Problems), returnsProblemsShown)]
	p.Shown = len(p.Problems)
	status := http.StatusOK
	if f.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "returns-quality", "Statutory returns: data quality", p)
	return nil
}

// workersOf offers the workers holding the cases read, by name.
func workersOf(set kith.ReturnSet, chosen string) []Option {
	names := map[string]string{}
	for _, c := range set.Children {
		if c.WorkerID != "" {
			names[c.WorkerID] = c.WorkerName
		}
	}
	opts := []Option{{Value: "", Label: "Everyone"}}
	for id, name := range names {
		opts = append(opts, Option{Value: id, Label: name, Checked: id == chosen})
	}
	slices.SortFunc(opts[1:], func(a, b Option) int { return strings.Compare(a.Label, b.Label) })
	return opts
}

func returnsQualityLink(y kith.CollectionYear, team, worker, rule string) string {
	v := []string{"year=" + y.String()}
	if team != "" {
		v = append(v, "team="+team)
	}
	if worker != "" {
		v = append(v, "worker="+worker)
	}
	v = append(v, "rule="+strings.ReplaceAll(rule, " ", "+"))
	return "/returns/quality?" + strings.Join(v, "&") + "#problems"
}

// ownReturnProblems are the problems with the records of the worker's own
// children that My work has just listed, as the returns would find them
// today.
func (s *Server) ownReturnProblems(r *http.Request, a kith.Actor, listed []string) ([]kith.ReturnProblem, error) {
	y := kith.CollectionYearOn(calendar.DayOf(s.now())).SoFar(calendar.DayOf(s.now()))
	if listed == nil {
		listed = []string{}
	}
	set, err := s.DB.ReturnFacts(r.Context(), a, y, sqldb.ReturnFilter{WorkerID: a.UserID(), Checking: true, ListedCaseIDs: listed})
	if err != nil {
		return nil, err
	}
	return returns.Problems(set, y), nil
}

// returnsPage is where service managers make the statutory returns and
// download them: the returns asked for in the last 30 days, with who asked
// and when, and a form to ask for another.
type returnsPage struct {
	formPage
	Exports  []kith.ReturnExport
	KindOpts []Option
	YearOpts []Option
	// Waiting: a return is still being made.
	Waiting bool
}

// returnsList shows the returns asked for, and the form to ask for one.
func (s *Server) returnsList(w http.ResponseWriter, r *http.Request) error {
	return s.renderReturns(w, r, newForm(r.URL.Query()), http.StatusOK)
}

func (s *Server) renderReturns(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	a := actorFrom(r)
	exports, err := s.DB.ReturnExports(r.Context(), a)
	if err != nil {
		return err
	}
	p := returnsPage{formPage: formPage{Form: f}, Exports: exports}
	for _, e := range exports {
		p.Waiting = p.Waiting || e.State == "waiting" || e.State == "making"
	}
	for _, k := range []string{kith.ReturnKindCIN, kith.ReturnKindSSDA903, kith.ReturnKindAnnexA} {
		p.KindOpts = append(p.KindOpts, Option{Value: k, Label: kith.ReturnKindLabel(k), Checked: f.Get("kind") == k})
	}
	today := calendar.DayOf(s.now())
	last := kith.CollectionYearOn(today).Previous()
	for _, y := range []kith.CollectionYear{last, kith.CollectionYearOn(today), last.Previous()} {
		label := y.String()
		if y == kith.CollectionYearOn(today) {
			label += " (so far)"
		}
		p.YearOpts = append(p.YearOpts, Option{Value: y.String(), Label: label, Checked: f.Get("year") == y.String()})
	}
	s.render(w, r, status, "returns", "Statutory returns", p)
	return nil
}

// returnsMake asks for a return; this server starts making it at once.
func (s *Server) returnsMake(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	in := kith.ReturnExportInput{Kind: f.Get("kind"), Year: f.Get("year")}
	if in.Kind == kith.ReturnKindAnnexA {
		in.From = f.Date("from", kith.DateRule{Label: "first day Annex A covers"})
		in.To = f.Date("to", kith.DateRule{Label: "last day Annex A covers"})
		if f.HasErrors() {
			return s.renderReturns(w, r, f, http.StatusUnprocessableEntity)
		}
	}
	e, err := s.DB.RequestReturn(r.Context(), actorFrom(r), in)
	if err != nil {
		if !f.SetErrors(err) {
			return err
		}
		return s.renderReturns(w, r, f, http.StatusUnprocessableEntity)
	}
	s.WakeReturns()
	return s.redirect(w, r, "/returns", "Kith is making this return: "+e.Title()+". Reload this page to see when it is ready: for a large council it takes a minute or two.")
}

// returnsDownload downloads a return once made.
func (s *Server) returnsDownload(w http.ResponseWriter, r *http.Request) error {
	e, content, err := s.DB.ReturnExport(r.Context(), actorFrom(r), r.PathValue("id"), true)
	if err != nil {
		return err
	}
	if content == nil {
		return kith.Errorf(kith.ENOTFOUND, "This return is not ready: it is %s.", e.State)
	}
	typ := "application/xml"
	if e.Kind == kith.ReturnKindSSDA903 || e.Kind == kith.ReturnKindAnnexA {
		typ = "application/zip"
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.FileName+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	_, _ = w.Write(content)
	return nil
}

// WakeReturns tells this server's maker of returns (kith serve's
// returns.Maker, reading ReturnsWake) to look for a return to make now.
func (s *Server) WakeReturns() {
	select {
	case s.returnsWake <- struct{}{}:
	default:
	}
}

// ReturnsWake is what WakeReturns signals on.
func (s *Server) ReturnsWake() <-chan struct{} { return s.returnsWake }
