package kith_test

import (
	"slices"
	"testing"

	"kith"
)

func TestWorkTier(t *testing.T) {
	cp, cla, cin := []kith.StatusKind{kith.StatusCP}, []kith.StatusKind{kith.StatusCLA}, []kith.StatusKind{kith.StatusCIN}
	tests := []struct {
		name string
		it   kith.WorkItem
		want kith.WorkTier
	}{
		{"child protection plan", kith.WorkItem{CaseStatuses: cp}, kith.TierProtection},
		{"looked after and on a plan", kith.WorkItem{CaseStatuses: []kith.StatusKind{kith.StatusCLA, kith.StatusCP}}, kith.TierProtection},
		{"harm or risk on a child in need", kith.WorkItem{CaseStatuses: cin, HarmOrRisk: true}, kith.TierProtection},
		{"harm or risk, no status yet", kith.WorkItem{HarmOrRisk: true}, kith.TierProtection},
		{"looked after", kith.WorkItem{CaseStatuses: cla}, kith.TierLookedAfter},
		{"child in need", kith.WorkItem{CaseStatuses: cin}, kith.TierOther},
		{"care leaver", kith.WorkItem{CaseStatuses: []kith.StatusKind{kith.StatusCareLeaver}}, kith.TierOther},
		{"no status", kith.WorkItem{}, kith.TierOther},
	}
	for _, tt := range tests {
		if got := tt.it.Tier(); got != tt.want {
			t.Errorf("%s: tier %d (%s), want %d (%s)", tt.name, got, got.Name(), tt.want, tt.want.Name())
		}
	}
}

// The order of My work: the more serious tier first, then the later the
// sooner, then the earlier due, then a write-up before a visit, then by
// child.
func TestTriageLess(t *testing.T) {
	cp, cla, cin := []kith.StatusKind{kith.StatusCP}, []kith.StatusKind{kith.StatusCLA}, []kith.StatusKind{kith.StatusCIN}
	item := func(title string, st []kith.StatusKind, late int, due string, kind kith.ClockKind) kith.WorkItem {
		return kith.WorkItem{Title: title, CaseStatuses: st, WorkingDaysOverdue: late, Due: d(t, due), Kind: kind, ChildName: "Ava", CaseReference: "C-1"}
	}
	tests := []struct {
		name        string
		first, then kith.WorkItem
	}{
		{"a CP visit a day late before a summary 534 days late",
			item("visit", cp, 1, "2026-11-23", kith.ClockVisit), item("summary", cin, 534, "2024-10-01", kith.ClockSummary)},
		{"harm or risk on a draft before a looked-after visit far later",
			kith.WorkItem{Title: "draft", HarmOrRisk: true, WorkingDaysOverdue: 1, Due: d(t, "2026-11-23"), Kind: kith.ClockRecording},
			item("visit", cla, 40, "2026-09-01", kith.ClockVisit)},
		{"looked after before the rest, however late",
			item("visit", cla, 2, "2026-11-20", kith.ClockVisit), item("action", nil, 90, "2026-07-01", kith.WorkAction)},
		{"in a tier, the later first",
			item("summary", cin, 30, "2026-10-01", kith.ClockSummary), item("visit", cin, 3, "2026-11-19", kith.ClockVisit)},
		{"as late: the earlier due first",
			item("a", cin, 3, "2026-11-18", kith.ClockSummary), item("b", cin, 3, "2026-11-19", kith.ClockRecording)},
		{"as late, same day: a write-up before a visit",
			item("write", cin, 3, "2026-11-19", kith.ClockRecording), item("visit", cin, 3, "2026-11-19", kith.ClockVisit)},
		{"a visit before an action",
			item("visit", cin, 3, "2026-11-19", kith.ClockVisit), item("action", cin, 3, "2026-11-19", kith.WorkAction)},
		{"all else equal: by child",
			kith.WorkItem{ChildName: "ava Jones", Due: d(t, "2026-11-19")}, kith.WorkItem{ChildName: "Ben Ash", Due: d(t, "2026-11-19")}},
		{"not yet due, in a tier: the sooner first",
			item("today", cin, 0, "2026-11-24", kith.ClockSummary), item("later", cin, 0, "2026-11-26", kith.ClockRecording)},
	}
	for _, tt := range tests {
		if !kith.TriageLess(tt.first, tt.then) {
			t.Errorf("%s: %q should come before %q", tt.name, tt.first.Title, tt.then.Title)
		}
		if kith.TriageLess(tt.then, tt.first) {
			t.Errorf("%s: %q should not come before %q", tt.name, tt.then.Title, tt.first.Title)
		}
	}
}

func TestMustHappenToday(t *testing.T) {
	today := d(t, "2026-11-24")
	tests := []struct {
		name string
		it   kith.WorkItem
		want bool
	}{
		{"due today", kith.WorkItem{Due: today}, true},
		{"an overdue visit on a CP plan", kith.WorkItem{Kind: kith.ClockVisit, Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCP}}, true},
		{"an overdue harm or risk write-up", kith.WorkItem{Kind: kith.ClockRecording, Due: d(t, "2026-11-23"), HarmOrRisk: true}, true},
		{"an overdue summary on a CP plan", kith.WorkItem{Kind: kith.ClockSummary, Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCP}}, false},
		{"an overdue action on a CP plan", kith.WorkItem{Kind: kith.WorkAction, Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCP}}, false},
		{"an overdue write-up on a CP plan, no harm or risk in it", kith.WorkItem{Kind: kith.ClockRecording, Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCP}}, false},
		{"an overdue visit, looked after", kith.WorkItem{Kind: kith.ClockVisit, Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCLA}}, false},
		{"overdue, looked after", kith.WorkItem{Due: d(t, "2026-11-20"), CaseStatuses: []kith.StatusKind{kith.StatusCLA}}, false},
		{"overdue, child in need", kith.WorkItem{Due: d(t, "2026-11-20")}, false},
		{"due tomorrow on a CP plan", kith.WorkItem{Due: d(t, "2026-11-25"), CaseStatuses: []kith.StatusKind{kith.StatusCP}}, false},
	}
	for _, tt := range tests {
		if got := tt.it.MustHappenToday(today); got != tt.want {
			t.Errorf("%s: must happen today = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Today's items, then the rest of the overdue by child (the child whose
// worst item is worst first: Bo's action on a child protection plan
// before Cy, looked after, before Ann's older summary), then what is
// coming up by child.
func TestTriageWork(t *testing.T) {
	today := d(t, "2026-11-24")
	cp, cla := []kith.StatusKind{kith.StatusCP}, []kith.StatusKind{kith.StatusCLA}
	w := kith.Work{Today: today,
		Overdue: []kith.WorkItem{
			{CaseID: "ann", ChildName: "Ann", Title: "Ann summary", Due: d(t, "2024-10-01"), WorkingDaysOverdue: 534, Kind: kith.ClockSummary},
			{CaseID: "bo", ChildName: "Bo", Title: "Bo visit", Due: d(t, "2026-11-20"), WorkingDaysOverdue: 2, Kind: kith.ClockVisit, CaseStatuses: cp},
			{CaseID: "cy", ChildName: "Cy", Title: "Cy visit", Due: d(t, "2026-11-10"), WorkingDaysOverdue: 10, Kind: kith.ClockVisit, CaseStatuses: cla},
			{CaseID: "ann", ChildName: "Ann", Title: "Ann action", Due: d(t, "2026-11-17"), WorkingDaysOverdue: 5, Kind: kith.WorkAction},
			{CaseID: "cy", ChildName: "Cy", Title: "Cy summary", Due: d(t, "2026-11-23"), WorkingDaysOverdue: 1, Kind: kith.ClockSummary, CaseStatuses: cla},
			{CaseID: "bo", ChildName: "Bo", Title: "Bo action", Due: d(t, "2026-11-23"), WorkingDaysOverdue: 1, Kind: kith.WorkAction, CaseStatuses: cp},
		},
		Upcoming: []kith.WorkItem{
			{CaseID: "ann", ChildName: "Ann", Title: "Ann visit", Due: d(t, "2026-11-27"), Kind: kith.ClockVisit},
			{CaseID: "cy", ChildName: "Cy", Title: "Cy oversight", Due: today, Kind: kith.ClockOversight, CaseStatuses: cla},
			{CaseID: "bo", ChildName: "Bo", Title: "Bo summary", Due: d(t, "2026-11-25"), Kind: kith.ClockSummary, CaseStatuses: cp},
			{CaseID: "ann", ChildName: "Ann", Title: "Ann write-up", Due: d(t, "2026-11-25"), Kind: kith.ClockRecording},
		},
	}
	tr := kith.TriageWork(w)
	var todays []string
	for _, it := range tr.Today {
		todays = append(todays, it.Title)
	}
	if want := []string{"Bo visit", "Cy oversight"}; !slices.Equal(todays, want) {
		t.Errorf("today = %q, want %q", todays, want)
	}
	groups := func(gs []kith.ChildWork) []string {
		var out []string
		for _, g := range gs {
			for _, it := range g.Items {
				out = append(out, g.ChildName+": "+it.Title)
			}
		}
		return out
	}
	if got, want := groups(tr.Overdue), []string{"Bo: Bo action", "Cy: Cy visit", "Cy: Cy summary", "Ann: Ann summary", "Ann: Ann action"}; !slices.Equal(got, want) {
		t.Errorf("overdue = %q\nwant %q", got, want)
	}
	if got, want := groups(tr.Upcoming), []string{"Bo: Bo summary", "Ann: Ann write-up", "Ann: Ann visit"}; !slices.Equal(got, want) {
		t.Errorf("coming up = %q\nwant %q", got, want)
	}
	if tr.OverdueItems != 5 || tr.UpcomingItems != 3 || tr.Overdue[1].Worst().Title != "Cy visit" {
		t.Errorf("counts %d and %d, Cy's worst %q; want 5, 3 and Cy visit", tr.OverdueItems, tr.UpcomingItems, tr.Overdue[1].Worst().Title)
	}
}

func TestOnlyWork(t *testing.T) {
	w := kith.Work{
		Overdue:  []kith.WorkItem{{Title: "a", Kind: kith.ClockVisit, CaseReference: "C-1"}, {Title: "b", Kind: kith.ClockSummary, CaseReference: "C-1"}, {Title: "c", Kind: kith.ClockVisit, CaseReference: "C-2"}},
		Upcoming: []kith.WorkItem{{Title: "d", Kind: kith.ClockVisit, CaseReference: "C-2"}},
	}
	titles := func(w kith.Work) []string {
		var out []string
		for _, it := range append(w.Overdue, w.Upcoming...) {
			out = append(out, it.Title)
		}
		return out
	}
	tests := []struct {
		kind kith.ClockKind
		ref  string
		want []string
	}{
		{"", "", []string{"a", "b", "c", "d"}},
		{kith.ClockVisit, "", []string{"a", "c", "d"}},
		{"", "C-1", []string{"a", "b"}},
		{kith.ClockVisit, "C-2", []string{"c", "d"}},
		{kith.WorkAction, "", nil},
	}
	for _, tt := range tests {
		if got := titles(kith.OnlyWork(w, tt.kind, tt.ref)); !slices.Equal(got, tt.want) {
			t.Errorf("kind %q child %q: %q, want %q", tt.kind, tt.ref, got, tt.want)
		}
	}
}
