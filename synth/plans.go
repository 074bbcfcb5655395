package synth

import (
	"math/rand/v2"
	"strings"
	"time"

	"kith"
	"kith/sqldb"
)

// planSalt seeds each case's own random numbers for its plans, so that
// adding plans left every other generated thing as it was.
const planSalt = 0x706c616e73

// planKindOf is the plan a child with a status has: a child in need has a
// child in need plan, a child on a protection plan has that plan, a looked
// after child a care plan and a care leaver a pathway plan.
var planKindOf = map[kith.StatusKind]kith.PlanKind{
	kith.StatusEarlyHelp:  kith.PlanEarlyHelp,
	kith.StatusCIN:        kith.PlanChildInNeed,
	kith.StatusCP:         kith.PlanChildProtection,
	kith.StatusCLA:        kith.PlanCare,
	kith.StatusCareLeaver: kith.PlanPathway,
}

// reviewGaps are the days from a plan's start to its first review, and
// between later reviews. Working Together: a review conference within
// three months of the initial conference, then at most six months apart;
// the care planning regulations: a looked-after child's first review
// within 20 working days, the second within three months, then six
// monthly. Child in need and early help plans are reviewed about every
// three months; pathway plans at least every six.
var reviewGaps = map[kith.PlanKind][]int{
	kith.PlanEarlyHelp:       {84, 84},
	kith.PlanChildInNeed:     {84, 84},
	kith.PlanChildProtection: {84, 182},
	kith.PlanCare:            {26, 84, 182},
	kith.PlanPathway:         {182, 182},
}

// planObjective is an objective a plan of some kind may hold: what should
// change, how the family will know, and who does it.
type planObjective struct {
	change, measure string
	owner           string // "parent", "worker" or "school"
	schoolAge       bool   // only for a child of school age
}

var planObjectives = map[kith.PlanKind][]planObjective{
	kith.PlanEarlyHelp: {
		{"{parent} has a morning routine that gets {child} to school on time", "{child} arrives on time on at least 4 days in 5", "parent", true},
		{"{parent} knows where to get help with money and debt", "An appointment with the advice service has been kept", "worker", false},
		{"{child} sleeps in their own bed at a set time", "{parent} keeps a sleep diary for four weeks", "parent", false},
	},
	kith.PlanChildInNeed: {
		{"{child} has clean clothes and regular meals", "Seen at every visit; the school reports no concerns", "parent", false},
		{"The family's housing problems are sorted out", "The housing referral has been decided", "worker", false},
		{"{child} goes to school every day", "Attendance above 95% each half term", "school", true},
		{"{parent} goes to the parenting course on Tuesdays", "At least 8 of the 10 sessions attended", "parent", false},
	},
	kith.PlanChildProtection: {
		{"{child} is never left without a safe adult", "No reports of {child} being left alone, checked at every visit", "parent", false},
		{"{parent} completes the parenting course", "At least 8 of the 10 sessions attended", "parent", false},
		{"The safety plan is kept up to date and the family know it", "Reviewed with the family at each core group", "worker", false},
		{"{child} goes to school every day and staff see them", "Attendance above 95%; the school tells the worker the same day of any absence", "school", true},
	},
	kith.PlanCare: {
		{"{child} keeps in touch with their family", "Family time happens as agreed, every fortnight", "worker", false},
		{"{child} settles at school", "Attendance and progress reported each term", "school", true},
		{"{child}'s health needs are met", "Health assessment and dental check done on time", "worker", false},
	},
	kith.PlanPathway: {
		{"{child} has a safe place to live after turning 18", "A tenancy or supported housing is agreed", "worker", false},
		{"{child} is in education, training or work", "Enrolled and attending", "worker", false},
		{"{child} can manage a budget", "Pays rent and bills on time for three months", "worker", false},
	},
}

// planEndReason says why a plan ended when the child's status changed.
var planEndReason = map[kith.StatusKind]string{
	kith.StatusEarlyHelp:  "The child became a child in need; this plan was replaced",
	kith.StatusCIN:        "The child's needs changed; this plan was replaced",
	kith.StatusCP:         "The child protection plan ended at a review conference; the child stays a child in need",
	kith.StatusCLA:        "The child turned 18 and left care; a pathway plan replaced the care plan",
	kith.StatusCareLeaver: "Pathway planning ended",
}

// plans gives a child a plan for every status period: the plan starts
// with the status, its reviews are held as the rules say (a few late,
// and now and then the latest one not yet held), and it ends when the
// status ends.
func (g *gen) plans(f *family, c *sqldb.BulkCase, child, parent *kith.Person, fa familyAgencies, i int) []sqldb.BulkPlan {
	r := rand.New(rand.NewPCG(uint64(g.cfg.Seed)^planSalt, uint64(f.seq)<<4|uint64(i)))
	var out []sqldb.BulkPlan
	for _, st := range c.Statuses {
		kind, ok := planKindOf[st.Kind]
		if !ok {
			continue
		}
		until := g.today
		if !st.EndedOn.IsZero() {
			until = st.EndedOn
		}
		p := sqldb.BulkPlan{Kind: kind, StartedOn: st.StartedOn, At: st.StartedAt.Add(2 * time.Minute), By: st.StartedBy}
		if kind == kith.PlanChildProtection {
			// The category the conference chose; where Kith has the
			// conference (enquiries.go), it replaces this. Its own random
			// source leaves the plans' reviews as they were.
			p.Category = draw(rand.New(rand.NewPCG(uint64(st.StartedAt.UnixNano()), planSalt)), categoriesOfAbuse)
		}
		gaps := reviewGaps[kind]
		due := st.StartedOn.AddDays(gaps[0])
		for n := 1; !due.After(until); n++ {
			held := due.AddDays(-between(r, 0, 6))
			if chance(r, 0.08) {
				held = due.AddDays(between(r, 1, 12)) // a review that slipped
			}
			if held.After(g.today) || (st.EndedOn.IsZero() && days(due, g.today) < 30 && chance(r, 0.1)) {
				break // not yet held: the plan's review is overdue
			}
			next := held.AddDays(gaps[min(n, len(gaps)-1)])
			p.Reviews = append(p.Reviews, sqldb.BulkPlanReview{HeldOn: held, NextReviewOn: next, By: st.StartedBy,
				At: g.timeOn(f.tl, held), Notes: "Progress on each objective reviewed with the family and the professionals."})
			due = next
		}
		p.ReviewOn = due
		if !st.EndedOn.IsZero() {
			p.EndedOn = st.EndedOn
			p.EndReason = planEndReason[st.Kind]
			if st.EndedWithCase {
				p.EndReason = "The case closed"
			}
		}
		p.Objectives = g.objectives(r, f, kind, child, parent, fa, p)
		out = append(out, p)
	}
	return out
}

// objectives picks a plan's objectives and their owners: the parent, the
// worker holding the case or the child's school.
func (g *gen) objectives(r *rand.Rand, f *family, kind kith.PlanKind, child, parent *kith.Person, fa familyAgencies, p sqldb.BulkPlan) []sqldb.BulkObjective {
	age := child.DateOfBirth.AgeOn(p.StartedOn)
	var out []sqldb.BulkObjective
	for _, o := range planObjectives[kind] {
		if o.schoolAge && (age < 5 || age > 16) {
			continue
		}
		owner, ok := g.objectiveOwner(o.owner, f, parent, fa, age)
		if !ok || (len(out) >= 2 && chance(r, 0.4)) {
			continue
		}
		fill := strings.NewReplacer("{child}", child.FirstName, "{parent}", parentName(parent, child))
		ob := sqldb.BulkObjective{Change: fill.Replace(o.change), Measure: fill.Replace(o.measure), Owner: owner,
			DueOn: p.ReviewOn, Status: kith.ObjectiveActive}
		if !p.EndedOn.IsZero() {
			ob.DueOn = p.EndedOn
			ob.Status = kith.ObjectiveAchieved
			if chance(r, 0.3) {
				ob.Status = kith.ObjectiveStopped
			}
		}
		out = append(out, ob)
	}
	return out
}

func parentName(parent, child *kith.Person) string {
	if parent == nil {
		return child.FirstName + "'s carer"
	}
	return parent.FirstName
}

// objectiveOwner is who does an objective, by name and role, as the plan
// form records owners.
func (g *gen) objectiveOwner(who string, f *family, parent *kith.Person, fa familyAgencies, age int) (kith.Owner, bool) {
	switch who {
	case "parent":
		if parent == nil {
			return kith.Owner{}, false
		}
		return kith.Owner{Kind: kith.OwnerFamily, ID: parent.ID, Name: parent.FirstName + " " + parent.LastName, Role: "Parent"}, true
	case "school":
		school := fa.primary
		if age >= 11 {
			school = fa.secondary
		}
		if school == nil {
			return kith.Owner{}, false
		}
		return kith.Owner{Kind: kith.OwnerProfessional, ID: school.id, Name: school.p.Name, Role: school.p.Role, Agency: school.p.Agency}, true
	}
	w := f.worker
	if w == nil {
		w = f.tl.holder()
	}
	return kith.Owner{Kind: kith.OwnerWorker, ID: w.id, Name: w.name, Role: w.job}, true
}
