package sqldb_test

import (
	"context"
	"kith/clock"
	"slices"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// Actions agreed on a home visit become actions on the case when it is
// finalised; an open one is overdue in My work and the team view the day
// after its date; closing it needs what happened, a stale update is a
// conflict, and a practitioner from another team cannot raise one.
func TestActionsAreFollowedUp(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 11, 2, 9)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm, other := c.A(c.Prac1), c.A(c.TM1), c.A(c.Prac3)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		mum, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Carol", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes},
		})
		if err != nil {
			t.Fatal(err)
		}

		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt = londonTime(2026, 11, 2, 8)
		visit.Content["actions"] = kith.SectionValue{Actions: []kith.ActionItem{
			{What: "Book a GP appointment for Amy", Who: "Carol Alder", WhoRef: "family:" + mum, By: "2026-11-09"},
			{What: "Tell school about the new address", Who: "Ann Ash", By: "2026-11-01", Done: true},
		}}
		finalise(t, db, prac, amy.Reference, visit)

		_, actions, err := db.CaseActions(ctx, prac, amy.Reference, kith.ActionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(actions) != 2 || actions[0].Status != kith.ActionOpen || actions[1].Status != kith.ActionDone {
			t.Fatalf("actions = %+v", actions)
		}
		gp := actions[0]
		if gp.OwnerWords != "Carol Alder (Amy’s parent)" || gp.RecordID == "" || gp.RecordTitle != "Home visit on 2 November 2026" || gp.SourceKind != kith.SourceRecord {
			t.Errorf("the GP action: %+v", gp)
		}
		// Typed rather than chosen, the worker's own name is still the
		// worker, so a family reading the summary is told who.
		if school := actions[1]; school.Owner.Kind != kith.OwnerWorker || school.Owner.ID != c.Prac1.ID ||
			kith.FamilyWho(school.Owner, school.OwnerWords) == "Someone outside the family" {
			t.Errorf("the action typed as the worker's: %+v", school.Owner)
		}

		// On its date it is due soon; the day after, overdue.
		now = londonTime(2026, 11, 9, 9)
		mine, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(titles(mine.Upcoming), "Action: Book a GP appointment for Amy by 2026-11-09") {
			t.Errorf("due soon on its date = %q", titles(mine.Upcoming))
		}
		now = londonTime(2026, 11, 10, 9)
		mine, err = db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.Index(titles(mine.Overdue), "Action: Book a GP appointment for Amy by 2026-11-09")
		if i < 0 {
			t.Fatalf("overdue the day after = %q", titles(mine.Overdue))
		}
		if it := mine.Overdue[i]; it.ActionID != gp.ID || it.WorkingDaysOverdue != 1 || it.Rule != "Carol Alder (Amy’s parent) to do it; agreed in home visit on 2 November 2026" {
			t.Errorf("the overdue line: %+v", it)
		}
		team, err := db.Work(ctx, tm, sqldb.WorkFilter{TeamID: c.T1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(titles(team.Overdue), "Action: Book a GP appointment for Amy by 2026-11-09") {
			t.Errorf("team overdue = %q", titles(team.Overdue))
		}

		overdue, err := db.OverdueActions(ctx, tm, sqldb.WorkFilter{TeamID: c.T1.ID}, 0, 0)
		if err != nil || len(overdue.Actions) != 1 || overdue.Actions[0].ID != gp.ID || overdue.Total != 1 || overdue.Next != 0 {
			t.Errorf("the team's overdue actions = %+v, %v", overdue, err)
		}
		if _, err := db.OverdueActions(ctx, prac, sqldb.WorkFilter{TeamID: c.T1.ID}, 0, 0); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a practitioner asking for the team's actions: %v", err)
		}

		// Closing it: what happened is needed; a stale version conflicts.
		if _, err := db.UpdateAction(ctx, prac, amy.Reference, gp.ID, kith.ActionUpdate{Status: kith.ActionDone, On: kithtest.Date(2026, 11, 10), Version: gp.Version}); fields(err)["outcome"] != "Say what happened" {
			t.Errorf("done without what happened: %v", err)
		}
		if _, err := db.UpdateAction(ctx, prac, amy.Reference, gp.ID, kith.ActionUpdate{Status: kith.ActionOpen, Due: kithtest.Date(2026, 11, 20), Version: gp.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateAction(ctx, tm, amy.Reference, gp.ID, kith.ActionUpdate{Status: kith.ActionDone, Outcome: "Seen", On: kithtest.Date(2026, 11, 10), Version: gp.Version}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a stale update: %v, want a conflict", err)
		}
		done, err := db.UpdateAction(ctx, tm, amy.Reference, gp.ID, kith.ActionUpdate{Status: kith.ActionDone, Outcome: "Amy saw the GP on 10 November", On: kithtest.Date(2026, 11, 10), Version: gp.Version + 1})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != kith.ActionDone || done.ClosedOn.String() != "2026-11-10" || done.ClosedByName == "" {
			t.Errorf("closed action: %+v", done)
		}
		mine, err = db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range append(mine.Overdue, mine.Upcoming...) {
			if it.Kind == kith.WorkAction {
				t.Errorf("a closed action is still listed: %+v", it)
			}
		}

		// Raised directly: no past date unless already done; someone typed in.
		n := kith.NewAction{What: "Send the plan to the school", Owner: kith.Owner{Kind: kith.OwnerOther, Name: "Mr Reid", Agency: "Oak School"}, Due: kithtest.Date(2026, 11, 9)}
		if _, err := db.AddAction(ctx, prac, amy.Reference, n); fields(err)["due"] == "" {
			t.Errorf("a passed date: %v", err)
		}
		n.Due = kithtest.Date(2026, 11, 30)
		added, err := db.AddAction(ctx, prac, amy.Reference, n)
		if err != nil {
			t.Fatal(err)
		}
		if added.OwnerWords != "Mr Reid (Oak School)" || added.SourceKind != kith.SourceCase {
			t.Errorf("added: %+v", added)
		}
		if _, err := db.AddAction(ctx, prac, amy.Reference, kith.NewAction{What: "x", Owner: kith.Owner{Kind: kith.OwnerFamily, ID: "not-in-the-network"}, Due: n.Due}); fields(err)["owner"] == "" {
			t.Errorf("an owner from outside the case: %v", err)
		}
		if _, err := db.AddAction(ctx, other, amy.Reference, n); kith.ErrorCode(err) != kith.EFORBIDDEN && kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("another team's practitioner: %v", err)
		}
		open, err := db.OwnerChoices(ctx, prac, amy.Reference)
		if err != nil || len(open) < 3 {
			t.Errorf("owner choices = %+v, %v", open, err)
		}
	})
}

func fields(err error) map[string]string {
	out := map[string]string{}
	for _, f := range kith.ErrorFields(err) {
		out[f.Field] = f.Message
	}
	return out
}
