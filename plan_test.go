package kith

import "testing"

func TestPlanChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	tests := []struct {
		name string
		in   PlanInput
		want map[string]string
	}{
		{"complete", PlanInput{Kind: PlanChildInNeed, StartedOn: Date{2026, 11, 2}, ReviewOn: Date{2027, 2, 2}}, nil},
		{"nothing", PlanInput{}, map[string]string{"kind": "Select the kind of plan", "started": "Enter the date the plan started", "review": "Enter the date of the next review"}},
		{"starts tomorrow", PlanInput{Kind: PlanCare, StartedOn: today.AddDays(1), ReviewOn: today.AddDays(30)},
			map[string]string{"started": "The date the plan started must be today or in the past"}},
		{"review before start", PlanInput{Kind: PlanCare, StartedOn: today, ReviewOn: today},
			map[string]string{"review": "The next review must be after the plan started"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assertFields(t, fields(tt.in.Check(today)), tt.want) })
	}
}

func TestObjectivesMustBeSMART(t *testing.T) {
	today := Date{2026, 11, 24}
	plan := &Plan{StartedOn: Date{2026, 11, 2}}
	ok := func() ObjectiveInput {
		return ObjectiveInput{Change: "Amy attends school every day", Measure: "Attendance above 95% on the school register",
			Owner: Owner{Kind: OwnerFamily, ID: "p1", Name: "Sarah Jones", Role: "Parent"}, Due: Date{2027, 2, 1}}
	}
	was := &Objective{Due: Date{2026, 11, 10}}
	tests := []struct {
		name   string
		change func(*ObjectiveInput)
		was    *Objective
		want   map[string]string
	}{
		{"SMART", func(*ObjectiveInput) {}, nil, nil},
		{"missing owner", func(in *ObjectiveInput) { in.Owner = Owner{} }, nil, map[string]string{"owner": "Say who is responsible for this objective"}},
		{"missing date", func(in *ObjectiveInput) { in.Due = Date{} }, nil, map[string]string{"due": "Enter the date this should be achieved by"}},
		{"missing what and how", func(in *ObjectiveInput) { in.Change, in.Measure = "", "" }, nil,
			map[string]string{"change": "Enter what should change for the child", "measure": "Enter how everyone will know it has changed"}},
		{"before the plan", func(in *ObjectiveInput) { in.Due = Date{2026, 11, 1} }, nil,
			map[string]string{"due": "The date must be after the plan started on 2 November 2026"}},
		{"new with a passed date", func(in *ObjectiveInput) { in.Due = Date{2026, 11, 10} }, nil,
			map[string]string{"due": "The date this should be achieved by must be today or in the future"}},
		{"an existing objective keeps its passed date", func(in *ObjectiveInput) { in.Due = Date{2026, 11, 10} }, was, nil},
		{"unknown status", func(in *ObjectiveInput) { in.Status = "maybe" }, nil,
			map[string]string{"status": "Select whether the objective is being worked on, achieved or no longer part of the plan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok()
			in.Clean()
			tt.change(&in)
			assertFields(t, fields(in.Check(plan, tt.was, today)), tt.want)
		})
	}
}

func TestReviewChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	plan := &Plan{StartedOn: Date{2026, 9, 1}, Objectives: []Objective{{ID: "o1"}, {ID: "o2"}}}
	score := func(n int) *int { return &n }
	tests := []struct {
		name string
		in   ReviewInput
		want map[string]string
	}{
		{"one rated", ReviewInput{HeldOn: today, NextReviewOn: today.AddDays(90), Ratings: []RatingInput{{ObjectiveID: "o1", Score: score(4)}, {ObjectiveID: "o2"}}}, nil},
		{"none rated", ReviewInput{HeldOn: today, NextReviewOn: today.AddDays(90), Ratings: []RatingInput{{ObjectiveID: "o1"}}},
			map[string]string{"ratings": "Rate the progress of at least one objective"}},
		{"off the scale", ReviewInput{HeldOn: today, NextReviewOn: today.AddDays(90), Ratings: []RatingInput{{ObjectiveID: "o1", Score: score(11)}}},
			map[string]string{"rating.o1": "Rate progress as a whole number from 0 to 10"}},
		{"another plan's objective", ReviewInput{HeldOn: today, NextReviewOn: today.AddDays(90), Ratings: []RatingInput{{ObjectiveID: "o1", Score: score(3)}, {ObjectiveID: "zz", Score: score(3)}}},
			map[string]string{"rating.zz": "This plan has no objective zz"}},
		{"an action agreed at the review needs who and a date ahead", ReviewInput{HeldOn: today, NextReviewOn: today.AddDays(90),
			Ratings: []RatingInput{{ObjectiveID: "o1", Score: score(4)}}, Actions: []NewAction{{What: "Call school", Due: today.AddDays(-1), ObjectiveID: "zz"}}},
			map[string]string{"action.0.objective": "Choose one of this plan’s objectives, or none", "action.0.owner": "Say who is responsible for this action",
				"action.0.due": "The date it will be done by must be today or in the future, unless it has already been done"}},
		{"dates", ReviewInput{HeldOn: Date{2026, 8, 1}, NextReviewOn: Date{2026, 7, 1}, Ratings: []RatingInput{{ObjectiveID: "o1", Score: score(3)}}},
			map[string]string{"held": "The review cannot be before the plan started on 1 September 2026", "next": "The next review must be after this one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			assertFields(t, fields(in.Check(plan, today)), tt.want)
		})
	}
}

func TestObjectiveTrend(t *testing.T) {
	r := func(score, day int) Rating { return Rating{Score: score, On: Date{2026, 11, day}} }
	tests := []struct {
		ratings []Rating
		want    string
	}{
		{nil, ""},
		{[]Rating{r(3, 1)}, ""},
		{[]Rating{r(3, 1), r(2, 8), r(6, 15)}, "Up from 3 to 6 since 1 November 2026"},
		{[]Rating{r(5, 1), r(2, 15)}, "Down from 5 to 2 since 1 November 2026"},
		{[]Rating{r(4, 1), r(4, 15)}, "No change from 4 since 1 November 2026"},
	}
	for _, tt := range tests {
		if got := (Objective{Ratings: tt.ratings}).Trend(); got != tt.want {
			t.Errorf("Trend(%v) = %q, want %q", tt.ratings, got, tt.want)
		}
	}
}
