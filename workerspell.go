package kith

// WorkerSpell is a stretch of a case held by one social worker: from the
// allocation that gave it to them to the one that took it away (or the
// case's closing). The SSDA903's social worker episodes are these.
type WorkerSpell struct {
	WorkerID   string
	WorkerName string
	// SWENumber is the worker's Social Work England registration number.
	SWENumber string
	Started   Date
	Ended     Date // zero while it goes on
	// Reason is why the child's social worker changed to this one
	// (WorkerChangeReasons).
	Reason string
	// EndedWithCase: the spell ended because the case closed, not because
	// the worker was replaced or taken off it.
	EndedWithCase bool
}

// AllocationSpan is one row of a case's allocation history, as the
// returns read it: who held the case from when to when.
type AllocationSpan struct {
	WorkerID, WorkerName, SWENumber string
	Started, Ended                  Date // Ended zero while it goes on
	WorkerChangeReason              string
}

// WorkerSpellsOf joins a case's allocations, oldest first, into the
// spells its social workers held it: consecutive allocations to the same
// worker (a move between teams with the same worker) are one spell; an
// allocation to the team alone ends one. A spell that began and ended on
// the same day is left out: the child did not have that social worker.
// A spell from before Kith recorded reasons that is the first since the
// episode's referral (episodes) has the reason Kith gives that now,
// FCONTA.
func WorkerSpellsOf(allocs []AllocationSpan, episodes []Episode) []WorkerSpell {
	var out []WorkerSpell
	var cur *WorkerSpell
	end := func(on Date, closed bool) {
		if cur != nil && on != cur.Started {
			cur.Ended, cur.EndedWithCase = on, closed && !on.IsZero()
			out = append(out, *cur)
		}
		cur = nil
	}
	for i, a := range allocs {
		if cur != nil && a.WorkerID == cur.WorkerID {
			continue // the same worker, in another team
		}
		if i > 0 {
			// The spell ends when the allocation before this one did: a
			// new allocation, or the case closing before a reopening.
			prev := allocs[i-1].Ended
			end(prev, prev.Before(a.Started))
		}
		if a.WorkerID != "" {
			cur = &WorkerSpell{WorkerID: a.WorkerID, WorkerName: a.WorkerName, SWENumber: a.SWENumber, Started: a.Started,
				Reason: a.WorkerChangeReason}
		}
	}
	if n := len(allocs); n > 0 {
		end(allocs[n-1].Ended, true)
	}
	for i := range out {
		if out[i].Reason == "" && firstSinceReferral(out, i, episodes) {
			out[i].Reason = WorkerChangeFirst
		}
	}
	return out
}

// firstSinceReferral reports whether spell i is the first since the
// referral of the episode it began in.
func firstSinceReferral(spells []WorkerSpell, i int, episodes []Episode) bool {
	var referral Date
	for _, e := range episodes {
		if on := e.ReferralOn(); !on.After(spells[i].Started) && on.After(referral) {
			referral = on
		}
	}
	return i == 0 || spells[i-1].Started.Before(referral)
}
