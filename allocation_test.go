package kith

import (
	"kith/internal/testclock"
	"testing"
)

func TestPlanAllocation(t *testing.T) {
	ann := &User{ID: "ann", DisplayName: "Ann Ash", Roles: []Role{RolePractitioner}, TeamIDs: []string{"north"}}
	ben := &User{ID: "ben", DisplayName: "Ben Birch", Roles: []Role{RolePractitioner}, TeamIDs: []string{"north", "south"}}
	now := testclock.Now()
	gone := &User{ID: "gone", DisplayName: "Gil Gone", Roles: []Role{RolePractitioner}, TeamIDs: []string{"north"}, DisabledAt: &now}
	admin := &User{ID: "adm", DisplayName: "Ada Admin", Roles: []Role{RoleAdministrator}, TeamIDs: []string{"north"}}
	north := func(w *User) AllocationTarget { return AllocationTarget{TeamID: "north", TeamName: "North", Worker: w} }
	south := func(w *User) AllocationTarget { return AllocationTarget{TeamID: "south", TeamName: "South", Worker: w} }
	held := &Case{State: CaseOpen, TeamID: "north"}
	annHas := &Case{State: CaseOpen, TeamID: "north", WorkerID: "ann"}
	closed := &Case{State: CaseClosed, TeamID: "north"}
	locked := north(ben)
	locked.WorkerLockedOut = true
	// A case that had a worker since its referral, now held by the team.
	hadOne := north(ben)
	hadOne.HadWorker = true

	for _, tc := range []struct {
		name   string
		c      *Case
		reason string
		// change is the reason given for a change of social worker, and
		// swReason the 903's SW_REASON the allocation records.
		change, swReason string
		to               AllocationTarget
		kind             AllocationKind
		event            KeyEventKind
		words            string // the summary, or the message when it is refused
	}{
		{"first allocation", held, "", "", "FCONTA", north(ann), AllocationAllocated, EventAllocated, "Allocated to Ann Ash in North"},
		{"to another worker", annHas, "", "LEFTRL", "LEFTRL", north(ben), AllocationTransferred, EventTransferred, "Transferred to Ben Birch in North"},
		{"a new worker needs the reason", annHas, "", "", "", north(ben), "", "", "Select why the social worker is changing: the SSDA903 return asks for it"},
		{"after a worker left, a new one needs the reason", held, "", "", "", hadOne, "", "", "Select why the social worker is changing: the SSDA903 return asks for it"},
		{"after a worker left", held, "", "ABSENC", "ABSENC", hadOne, AllocationAllocated, EventAllocated, "Allocated to Ben Birch in North"},
		{"back to the team", annHas, "", "", "", north(nil), AllocationUnallocated, EventUnallocated, "Returned to North, unallocated"},
		{"to another team's worker", annHas, "Moved house", "TSPROC", "TSPROC", south(ben), AllocationTransferred, EventTransferred, "Transferred to Ben Birch in South"},
		{"to another team, unallocated", held, "Moved house", "", "", south(nil), AllocationTransferred, EventTransferred, "Transferred to South, unallocated"},
		{"another team needs a reason", held, "", "", "", south(ben), "", "", "Enter why the case is moving to South"},
		{"no change", annHas, "", "", "", north(ann), "", "", "The case is already allocated to Ann Ash. Select someone else to transfer it"},
		{"no change, unallocated", held, "", "", "", north(nil), "", "", "The case is already held by North with no worker. Select a worker"},
		{"disabled worker", held, "", "", "", north(gone), "", "", "Gil Gone's account is disabled. Choose someone else"},
		{"worker without a case role", held, "", "", "", north(admin), "", "", "Ada Admin does not hold a role that can be allocated cases"},
		{"worker outside the team", held, "Moved", "", "", south(ann), "", "", "Ann Ash is not a member of South. Choose someone in that team, or add them to it first"},
		{"locked-out worker", held, "", "", "", locked, "", "", "Ben Birch is locked out of this case. Choose someone else"},
		{"closed case", closed, "", "", "", north(ann), "", "", "This case is closed. Reopen it before allocating it."},
	} {
		got, err := PlanAllocation(tc.c, AllocateInput{TeamID: tc.to.TeamID, Reason: tc.reason, WorkerChangeReason: tc.change}, tc.to)
		if tc.kind == "" {
			msg := ErrorMessage(err)
			if f := ErrorFields(err); len(f) == 1 {
				msg = f[0].Message
			}
			if msg != tc.words {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.words)
			}
			continue
		}
		if err != nil || got.Kind != tc.kind || got.Event != tc.event || got.Summary != tc.words || got.WorkerChangeReason != tc.swReason {
			t.Errorf("%s: %+v %v, want %s %s %q", tc.name, got, err, tc.kind, tc.event, tc.words)
		}
	}
}
