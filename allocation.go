package kith

// AllocationTarget is where an allocation would put a case: the team, and
// the worker (nil for "held by the team, not allocated"), with the facts the
// rules need about the worker.
type AllocationTarget struct {
	TeamID, TeamName string
	Worker           *User
	// WorkerLockedOut: the worker is locked out of this case.
	WorkerLockedOut bool
}

// AllocationChange is what an allocation does: its kind, the key event it
// records and the event's words.
type AllocationChange struct {
	Kind    AllocationKind
	Event   KeyEventKind
	Summary string
}

// PlanAllocation applies the allocation rules to a case: who may be
// allocated it (an active user with a case role, in the chosen team, not
// locked out of it), that it must change something, and that moving it to
// another team needs a reason. It says whether the change is a first
// allocation, a transfer (to another worker or team) or a return to the
// team, and how the key event reads.
func PlanAllocation(c *Case, in AllocateInput, to AllocationTarget) (AllocationChange, error) {
	fail := func(field, msg string) (AllocationChange, error) {
		return AllocationChange{}, &Error{Code: EINVALID, Message: "There is a problem", Fields: []FieldError{{Field: field, Message: msg}}}
	}
	if c.State == CaseClosed {
		return AllocationChange{}, Errorf(EINVALID, "This case is closed. Reopen it before allocating it.")
	}
	workerName := ""
	if w := to.Worker; w != nil {
		switch {
		case !w.Active():
			return fail("worker_id", w.DisplayName+"'s account is disabled. Choose someone else")
		case !w.Has(RolePractitioner) && !w.Has(RoleTeamManager) && !w.Has(RoleServiceManager):
			return fail("worker_id", w.DisplayName+" does not hold a role that can be allocated cases")
		case !contains(w.TeamIDs, to.TeamID):
			return fail("worker_id", w.DisplayName+" is not a member of "+to.TeamName+". Choose someone in that team, or add them to it first")
		case to.WorkerLockedOut:
			return fail("worker_id", w.DisplayName+" is locked out of this case. Choose someone else")
		}
		workerName = w.DisplayName
	}
	workerID := ""
	if to.Worker != nil {
		workerID = to.Worker.ID
	}
	if to.TeamID == c.TeamID && workerID == c.WorkerID {
		if workerID == "" {
			return fail("worker_id", "The case is already held by "+to.TeamName+" with no worker. Select a worker")
		}
		return fail("worker_id", "The case is already allocated to "+workerName+". Select someone else to transfer it")
	}
	if to.TeamID != c.TeamID && in.Reason == "" {
		return fail("reason", "Enter why the case is moving to "+to.TeamName)
	}
	change := AllocationChange{AllocationAllocated, EventAllocated, ""}
	switch {
	case to.TeamID != c.TeamID || (c.WorkerID != "" && workerID != ""):
		change = AllocationChange{AllocationTransferred, EventTransferred, ""}
	case workerID == "":
		change = AllocationChange{AllocationUnallocated, EventUnallocated, ""}
	}
	change.Summary = AllocationSummary(change.Kind, workerName, to.TeamName)
	return change, nil
}
