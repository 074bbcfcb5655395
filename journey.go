package kith

// Journey is where a child is on the statutory journey in the current (or
// last) episode: each step taken or due, in order, and the next one due.
type Journey struct {
	Episode Episode       `json:"episode"`
	Steps   []JourneyStep `json:"steps"`
	// Next is the step due soonest of those not yet done, if any.
	Next *JourneyStep `json:"next,omitempty"`
}

// JourneyStep is one statutory step: done on Done, or due by Due.
type JourneyStep struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
	Done   Date   `json:"done,omitzero"`
	Due    Date   `json:"due,omitzero"`
	// Path is where, in Kith, the step is recorded or read.
	Path string `json:"path,omitempty"`
}

// Overdue reports whether the step is not done and its due date has
// passed on today.
func (s JourneyStep) Overdue(today Date) bool {
	return s.Done.IsZero() && !s.Due.IsZero() && s.Due.Before(today)
}

// JourneyFacts are what a journey is built from: a case's episodes (the
// last current), assessments and enquiries, its current plan (nil for
// none), and the decision's due date while one is awaited.
type JourneyFacts struct {
	Reference   string
	Episodes    []Episode
	Assessments []Assessment
	Section47s  []Section47
	Plan        *Plan
	Care        LookedAfter
	DecisionDue Date
}

// BuildJourney lays out the last episode's steps: the referral and the
// decision on it; the latest assessment; the latest section 47 enquiry and
// its initial conference; the child protection plan with its first core
// group and next review. Steps not reached are left out.
func BuildJourney(f JourneyFacts) Journey {
	var j Journey
	if len(f.Episodes) == 0 {
		return j
	}
	ep := f.Episodes[len(f.Episodes)-1]
	j.Episode = ep
	casePath := "/cases/" + f.Reference
	add := func(s JourneyStep) { j.Steps = append(j.Steps, s) }

	referral := JourneyStep{Key: "referral", Name: "Referral", Done: ep.ReferralOn(), Path: casePath + "/referral"}
	if ep.Source != "" {
		referral.Detail = "From " + lowerFirst(ReferralSources.Label(ep.Source))
	}
	add(referral)
	decision := JourneyStep{Key: "decision", Name: "Decision on the referral", Path: casePath + "/referral/decision"}
	switch {
	case ep.Decision != "":
		decision.Done, decision.Detail, decision.Path = ep.DecidedOn, ep.Decision.Label(), casePath+"#episode"
		add(decision)
	case ep.AwaitsDecision():
		decision.Due = f.DecisionDue
		add(decision)
	}

	if a, ok := lastOf(f.Assessments, func(a Assessment) bool { return a.EpisodeID == ep.ID }); ok {
		step := JourneyStep{Key: "assessment", Name: "Child and family assessment", Detail: "Started " + a.StartedOn.Long(), Path: casePath + "#assessment"}
		if a.Authorised() {
			step.Done = a.AuthorisedOn
			step.Detail += "; authorised by " + a.AuthorisedBy
		} else {
			step.Due = a.Due
		}
		add(step)
	}

	if s, ok := lastOf(f.Section47s, func(s Section47) bool { return s.EpisodeID == ep.ID }); ok {
		step := JourneyStep{Key: "section47", Name: "Section 47 enquiry", Detail: "Started " + s.StartedOn.Long(), Path: casePath + "#section47"}
		if !s.Open() {
			step.Done, step.Detail = s.ConcludedOn, s.Outcome.Label()
		}
		add(step)
		if !s.NoConference() {
			conf := JourneyStep{Key: "conference", Name: "Initial child protection conference", Path: casePath + "#section47"}
			if s.ConferenceOn.IsZero() {
				conf.Due = s.ConferenceDue
			} else {
				conf.Done, conf.Detail = s.ConferenceOn, s.ConferenceDecision.Label()
			}
			add(conf)
		}
	}

	if p := f.Plan; p != nil && p.Current() && p.Kind == PlanChildProtection {
		planPath := casePath + "/plan"
		step := JourneyStep{Key: "plan", Name: "Child protection plan", Done: p.StartedOn, Path: planPath}
		if p.LatestCategory != "" {
			step.Detail = CategoriesOfAbuse.Label(p.LatestCategory)
		}
		add(step)
		if p.FromConference() {
			core := JourneyStep{Key: "core-group", Name: "First core group", Path: planPath}
			if p.CoreGroupOn.IsZero() {
				core.Due = p.CoreGroupDue
			} else {
				core.Done = p.CoreGroupOn
			}
			add(core)
		}
		if !p.ReviewOn.IsZero() {
			add(JourneyStep{Key: "review", Name: "Next review conference", Due: p.ReviewOn, Path: planPath})
		}
	}

	for _, step := range careSteps(f.Care, ep, casePath) {
		add(step)
	}

	if !ep.Open() {
		add(JourneyStep{Key: "closure", Name: "Episode closed", Done: ep.ClosedOn, Detail: CloseReasonLabel(ep.CloseReason)})
		return j
	}
	for i := range j.Steps {
		s := &j.Steps[i]
		if s.Done.IsZero() && !s.Due.IsZero() && (j.Next == nil || s.Due.Before(j.Next.Due)) {
			j.Next = s
		}
	}
	return j
}

// careSteps are the steps of the child's current period of care, or of
// the last one if it ended during the episode: becoming looked after, the
// latest change of placement or legal status, and the next review or the
// end of care.
func careSteps(care LookedAfter, ep Episode, casePath string) []JourneyStep {
	n := len(care.Episodes)
	if n == 0 {
		return nil
	}
	last := care.Episodes[n-1]
	if !last.Open() && last.EndedOn.Before(ep.ReferralOn()) {
		return nil
	}
	path := casePath + "#looked-after"
	start := PeriodStart(care.Episodes)
	first := JourneyStep{Key: "looked-after", Name: "Became looked after", Done: start, Path: path}
	var out []JourneyStep
	if last.StartedOn == start {
		first.Detail = LegalStatuses.Label(last.LegalStatus) + "; " + lowerFirst(PlacementTypes.Label(last.PlacementType))
		out = append(out, first)
	} else {
		out = append(out, first, JourneyStep{Key: "placement", Name: "Latest change", Done: last.StartedOn, Path: path,
			Detail: ReasonsNew.Label(last.ReasonNew) + ": " + lowerFirst(PlacementTypes.Label(last.PlacementType))})
	}
	switch {
	case !last.Open():
		out = append(out, JourneyStep{Key: "care-ended", Name: "Stopped being looked after", Done: last.EndedOn, Detail: ReasonsEnded.Label(last.ReasonEnded), Path: path})
	case !care.ReviewDue.IsZero():
		out = append(out, JourneyStep{Key: "cla-review", Name: "Looked-after review", Due: care.ReviewDue, Path: casePath + "/looked-after/reviews/new"})
	}
	return out
}

// lastOf is the last element of list that keep keeps.
func lastOf[T any](list []T, keep func(T) bool) (T, bool) {
	for i := len(list) - 1; i >= 0; i-- {
		if keep(list[i]) {
			return list[i], true
		}
	}
	var zero T
	return zero, false
}
