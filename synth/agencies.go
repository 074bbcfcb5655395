package synth

import (
	"fmt"
	"strings"
	"time"

	"kith"
	"kith/sqldb"
)

// agencyKind is a kind of professional involved with children.
type agencyKind int

const (
	agGP agencyKind = iota
	agPrimary
	agSecondary
	agHealthVisitor
	agPolice
	agSchoolNurse
	agCAMHS
	agIRO
	agCPChair
	agYouthJustice
	agKinds
)

// pro is a professional in the shared pool: the same GP and the same school
// appear on many cases, as they do in a real council.
type pro struct {
	id string
	p  kith.Professional
}

// agencies holds the pool: per town for local services (GPs, schools,
// health visitors, police), council-wide for the rest.
type agencies struct {
	local   [][agKinds][]*pro // by town
	council [agKinds][]*pro
	all     []*pro
}

// makeAgencies builds the pool, sized from the number of cases: about one
// GP for every 250 cases in a town, one primary school for every 150, and
// so on.
func (g *gen) makeAgencies() *agencies {
	a := &agencies{}
	ntowns := 0
	for _, t := range g.teams {
		ntowns = max(ntowns, t.town+1)
	}
	total := g.cfg.OpenCases + g.cfg.ClosedCases
	perTown := total / max(1, ntowns)
	a.local = make([][agKinds][]*pro, ntowns)
	for town := range ntowns {
		name := townName(town)
		for i := range max(2, perTown/250) {
			practice := pick(g.r, []string{name + " Medical Practice", pick(g.r, streetWords) + " Lane Surgery", pick(g.r, streetWords) + " Health Centre", name + " Family Doctors"})
			if i == 0 {
				practice = name + " Medical Practice"
			}
			a.addLocal(g, town, agGP, "Dr "+g.personName(), "GP", practice)
		}
		for range max(2, perTown/150) {
			a.addLocal(g, town, agPrimary, g.personName(), pick(g.r, []string{"Designated safeguarding lead", "Class teacher", "Head teacher", "Family support worker"}), pick(g.r, streetWords)+" Primary School")
		}
		for range max(1, perTown/400) {
			school := pick(g.r, []string{name + " Academy", pick(g.r, streetWords) + " High School", pick(g.r, streetWords) + " Community College"})
			a.addLocal(g, town, agSecondary, g.personName(), pick(g.r, []string{"Designated safeguarding lead", "Head of year", "Pastoral lead", "Special educational needs coordinator"}), school)
		}
		for range max(1, perTown/300) {
			a.addLocal(g, town, agHealthVisitor, g.personName(), "Health visitor", "Kithshire Community Health, "+name+" team")
		}
		for range max(1, perTown/500) {
			a.addLocal(g, town, agPolice, "PC "+g.personName(), "Police officer, public protection unit", "Kithshire Police")
		}
		for range max(1, perTown/800) {
			a.addLocal(g, town, agSchoolNurse, g.personName(), "School nurse", "Kithshire Community Health, "+name+" team")
		}
	}
	for range max(2, total/2000) {
		a.addCouncil(g, agCAMHS, g.personName(), pick(g.r, []string{"Clinical psychologist", "Mental health nurse", "Child psychiatrist"}), "Kithshire CAMHS")
	}
	for range max(2, total/1500) {
		a.addCouncil(g, agIRO, g.personName(), "Independent reviewing officer", "Kithshire Council reviewing service")
	}
	for range max(1, total/4000) {
		a.addCouncil(g, agCPChair, g.personName(), "Child protection conference chair", "Kithshire Council reviewing service")
	}
	for range max(1, total/3000) {
		a.addCouncil(g, agYouthJustice, g.personName(), "Youth justice worker", "Kithshire Youth Justice Service")
	}
	return a
}

func (a *agencies) newPro(g *gen, name, role, agency string) *pro {
	p := &pro{p: kith.Professional{Name: name, Role: role, Agency: agency, Phone: landline(g.r)}}
	if chance(g.r, 0.8) {
		p.p.Email = emailFor(name, agency)
	}
	a.all = append(a.all, p)
	return p
}

func (a *agencies) addLocal(g *gen, town int, k agencyKind, name, role, agency string) {
	a.local[town][k] = append(a.local[town][k], a.newPro(g, name, role, agency))
}

func (a *agencies) addCouncil(g *gen, k agencyKind, name, role, agency string) {
	a.council[k] = append(a.council[k], a.newPro(g, name, role, agency))
}

// emailFor makes a work address at an invented domain under .example,
// which is reserved and never delivered.
func emailFor(name, agency string) string {
	words := kith.NameTokens(strings.TrimPrefix(strings.TrimPrefix(name, "Dr "), "PC "))
	domain := strings.Join(kith.NameTokens(strings.ReplaceAll(agency, ",", " ")), "-")
	return strings.Join(words, ".") + "@" + domain + ".example"
}

// personName is an invented adult's name, for professionals.
func (g *gen) personName() string {
	first := pick(g.r, women)
	if chance(g.r, 0.4) {
		first = pick(g.r, men)
	}
	return first + " " + g.surnames.pick(g.r)
}

func (g *gen) writeAgencies(since time.Time) error {
	for _, p := range g.profs.all {
		id, err := g.b.Professional(p.p, since)
		if err != nil {
			return err
		}
		p.id = id
	}
	return nil
}

// familyAgencies are the professionals a family shares: one GP, the local
// schools, the health visitor, and the police officer or conference chair
// when there is one.
type familyAgencies struct {
	gp, primary, secondary, hv, police, nurse, chair *pro
}

func (g *gen) familyAgencies(f *family) familyAgencies {
	loc := g.profs.local[f.team.town%len(g.profs.local)]
	fa := familyAgencies{
		gp:        pick(g.r, loc[agGP]),
		primary:   pick(g.r, loc[agPrimary]),
		secondary: pick(g.r, loc[agSecondary]),
		hv:        pick(g.r, loc[agHealthVisitor]),
		nurse:     pick(g.r, loc[agSchoolNurse]),
	}
	if chance(g.r, 0.15) {
		fa.police = pick(g.r, loc[agPolice])
	}
	if !f.tl.cpOn.IsZero() {
		fa.chair = pick(g.r, g.profs.council[agCPChair])
	}
	return fa
}

// involvements are the professionals involved with one child: one to four,
// chosen by age and by what the child's case has been through.
func (g *gen) involvements(f *family, fa familyAgencies, dob kith.Date) []sqldb.BulkInvolvement {
	tl := f.tl
	on := g.today
	if !tl.closedOn.IsZero() {
		on = tl.closedOn
	}
	age := dob.AgeOn(on)
	type inv struct {
		p     *pro
		note  string
		from  kith.Date
		ended bool
	}
	var list []inv
	add := func(p *pro, note string, from kith.Date) {
		if p != nil && len(list) < 4 {
			list = append(list, inv{p: p, note: note, from: from})
		}
	}
	opened := tl.openedOn
	if chance(g.r, 0.9) {
		add(fa.gp, "Registered GP", opened)
	}
	if !tl.claOn.IsZero() && age < 18 {
		add(pick(g.r, g.profs.council[agIRO]), "Chairs the child's looked after reviews", tl.claOn)
	}
	if fa.chair != nil {
		add(fa.chair, "Chaired the initial child protection conference", tl.cpOn)
	}
	switch {
	case age < 5:
		if chance(g.r, 0.8) {
			add(fa.hv, "Health visitor", opened)
		}
	case age <= 10:
		add(fa.primary, schoolNote(fa.primary, dob, on), opened)
	case age <= 16:
		add(fa.secondary, schoolNote(fa.secondary, dob, on), opened)
		if chance(g.r, 0.15) {
			add(pick(g.r, g.profs.council[agCAMHS]), "Weekly sessions", opened)
		}
		if chance(g.r, 0.08) {
			add(pick(g.r, g.profs.council[agYouthJustice]), "Supervising a referral order", opened)
		}
	}
	if age >= 5 && age <= 16 && chance(g.r, 0.08) {
		add(fa.nurse, "School nurse", opened)
	}
	add(fa.police, "Officer in the case", opened)
	if len(list) == 0 {
		add(fa.gp, "Registered GP", opened)
	}
	out := make([]sqldb.BulkInvolvement, 0, len(list))
	for i, v := range list {
		from := v.from
		if from.IsZero() || from.Before(opened) {
			from = opened
		}
		bi := sqldb.BulkInvolvement{ProfessionalID: v.p.id, Note: v.note, StartedOn: from, At: g.recordedOn(tl, from), By: tl.openedBy.id}
		if i > 0 && f.open && chance(g.r, 0.1) && days(from, g.today) > 30 {
			bi.EndedOn = from.AddDays(between(g.r, 14, days(from, g.today)-1))
		}
		out = append(out, bi)
	}
	return out
}

// schoolNote names the child's year group, as a school would.
func schoolNote(p *pro, dob, on kith.Date) string {
	// School years start on 1 September; a child is in Year N the
	// September after they turn N+5 - 1.
	sept := kith.Date{Year: on.Year, Month: time.September, Day: 1}
	if on.Before(sept) {
		sept.Year--
	}
	year := dob.AgeOn(sept.AddDays(-1)) - 4
	group := "Reception"
	if year >= 1 {
		group = fmt.Sprintf("Year %d", year)
	}
	role := p.p.Role
	if role == "Class teacher" || role == "Head of year" {
		return role + ", " + group
	}
	return group
}

// workTime is a time in working hours on d.
func workTime(g *gen, d kith.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, between(g.r, 9, 16), g.r.IntN(60), 0, 0, kith.London).UTC()
}

// recordedOn is when something dated d was recorded on a case: in working
// hours that day, but never before the case itself was recorded.
func (g *gen) recordedOn(tl *timeline, d kith.Date) time.Time {
	t := workTime(g, d)
	if !t.After(tl.openedAt) {
		t = tl.openedAt.Add(time.Duration(between(g.r, 5, 90)) * time.Minute)
	}
	return t
}

// warningTexts are the warnings a case may carry, by kind.
var warningTexts = []struct {
	kind   kith.WarningKind
	detail string
	father bool // the warning is about the child's father
}{
	{kith.WarnRiskToStaff, "Father has been verbally aggressive to visiting staff. Visit in pairs and tell the duty desk when you arrive and leave.", true},
	{kith.WarnRiskToStaff, "Threats made to a previous worker. Do not visit alone; agree a safety plan with your manager first.", false},
	{kith.WarnAnimals, "Two large dogs at the address. Ask for them to be secured before you go in.", false},
	{kith.WarnAnimals, "Several cats and a snake at the address. Tell the family before you visit if you have an allergy.", false},
	{kith.WarnDoNotDisclose, "Mother and children moved to escape domestic abuse. Do not disclose their address to the father or his family.", true},
	{kith.WarnDoNotDisclose, "Do not disclose the child's placement address to the birth family.", false},
	{kith.WarnHealth, "Child has a severe nut allergy and carries an adrenaline auto-injector.", false},
	{kith.WarnHealth, "Child has epilepsy. The care plan says what to do if they have a seizure.", false},
	{kith.WarnOther, "Family speak Polish at home. Book an interpreter for visits.", false},
	{kith.WarnOther, "Mother is deaf and uses British Sign Language. Book a BSL interpreter for visits.", false},
}

// warning makes a warning recorded some time after the case opened, due
// for review within a year; some reviews are now overdue.
func (g *gen) warning(f *family, father string) sqldb.BulkWarning {
	tl := f.tl
	w := pick(g.r, warningTexts)
	from := tl.openedOn.AddDays(g.r.IntN(max(1, days(tl.openedOn, g.today))))
	bw := sqldb.BulkWarning{Kind: w.kind, Detail: w.detail, ReviewOn: from.AddDays(between(g.r, 30, 365)), At: g.recordedOn(tl, from), By: tl.holder().id}
	if w.father {
		bw.PersonID = father
	}
	return bw
}
