package kith

// AllocationTarget is where an allocation would put a case: the team, and
// the worker (nil for "held by the team, not allocated"), with the facts the
// rules need about the worker.
type AllocationTarget struct {
	TeamID, TeamName string
	Worker           *User
	// WorkerLockedOut: the worker is locked out of this case.
	WorkerLockedOut bool
	// HadWorker: a social worker has held the case since its current
	// episode's referral, so a new one is a change of social worker.
	HadWorker bool
}

// AllocationChange is what an allocation does: its kind, the key event it
// records and the event's words.
type AllocationChange struct {
	Kind    AllocationKind
	Event   KeyEventKind
	Summary string
	// WorkerChangeReason is the 903's SW_REASON for a new social worker:
	// the one given, or FCONTA for the first since the referral.
	WorkerChangeReason string
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
	reason := ""
	switch {
	case workerID == "":
	case !to.HadWorker && c.WorkerID == "":
		reason = WorkerChangeFirst
	case in.WorkerChangeReason == "":
		return fail("worker_change_reason", "Select why the social worker is changing: the SSDA903 return asks for it")
	default:
		reason = in.WorkerChangeReason
	}
	change := AllocationChange{AllocationAllocated, EventAllocated, "", reason}
	switch {
	case to.TeamID != c.TeamID || (c.WorkerID != "" && workerID != ""):
		change = AllocationChange{AllocationTransferred, EventTransferred, "", reason}
	case workerID == "":
		change = AllocationChange{AllocationUnallocated, EventUnallocated, "", ""}
	}
	change.Summary = AllocationSummary(change.Kind, workerName, to.TeamName)
	return change, nil
}

// WorkerChangeFirst is the reason for a case's first social worker since
// its referral: "first contact or re-referral".
const WorkerChangeFirst = "FCONTA"

// WorkerChangeReasons are why a child's social worker changed (the 903's
// SW_REASON, 2023-24 onwards). The codes are the DfE's (the community 903
// validator's rule SW13STG1 lists them); the words are those the
// data-to-insight Standard Safeguarding Dataset gives for them
// (ssd-data-model, data/objects/ssd_involvements.yml), as the DfE's own
// guide could not be read here. FCONTA is set by Kith for a case's first
// social worker since its referral, so it is not offered on the form.
var WorkerChangeReasons = CodeList{
	{Code: "MANAGE", Label: "Managing caseloads"},
	{Code: "LEFTRL", Label: "The previous social worker left their role"},
	{Code: "ORGRST", Label: "A new social worker after an organisational restructure"},
	{Code: "TSPROC", Label: "A new social worker after the child's case moved on as a standard step (for example to a looked-after team)"},
	{Code: "ABSENC", Label: "Cover for an absence, or a return from one"},
	{Code: "CHCHAN", Label: "The child asked to change from the previous social worker"},
	{Code: "PCCHAN", Label: "A parent or carer asked to change from the previous social worker"},
	{Code: "SWDIED", Label: "The previous social worker died"},
	{Code: "OTHERS", Label: "Another reason"},
	{Code: WorkerChangeFirst, Label: "First contact or re-referral"},
}
