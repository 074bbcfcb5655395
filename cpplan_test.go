package kith_test

import (
	"testing"

	"kith"
	"kith/calendar"
)

// The first core group is due 10 working days after the conference; the
// first review conference within 3 months of it, and each later one within
// 6 months of the last, keeping to the end of a shorter month.
func TestChildProtectionPlanTimescales(t *testing.T) {
	wd := calendar.EnglandAndWales()
	for _, tc := range []struct{ conference, coreGroup, firstReview string }{
		{"2026-11-04", "2026-11-18", "2027-02-04"},
		// Across Christmas: 25, 28 December and 1 January are not counted.
		{"2026-12-17", "2027-01-05", "2027-03-17"},
		// 30 November: three months on is the end of February.
		{"2026-11-30", "2026-12-14", "2027-02-28"},
	} {
		on := d(t, tc.conference)
		if got := kith.CoreGroupDue(on, wd); got != d(t, tc.coreGroup) {
			t.Errorf("conference %s: core group due %s, want %s", tc.conference, got, tc.coreGroup)
		}
		if got := kith.FirstCPReviewDue(on); got != d(t, tc.firstReview) {
			t.Errorf("conference %s: first review due %s, want %s", tc.conference, got, tc.firstReview)
		}
	}
	if got := kith.LatestCPReview(d(t, "2027-08-31")); got != d(t, "2028-02-29") {
		t.Errorf("six months after 31 August 2027: %s, want 29 February 2028", got)
	}
}

// A review of a child protection plan sets the next within 6 months; one
// made at a conference carries the category of abuse on.
func TestChildProtectionReviewRules(t *testing.T) {
	today := d(t, "2026-12-05")
	cp := &kith.Plan{Kind: kith.PlanChildProtection, StartedOn: d(t, "2026-06-01")}
	fromConf := &kith.Plan{Kind: kith.PlanChildProtection, StartedOn: d(t, "2026-06-01"), Section47ID: "s"}
	cin := &kith.Plan{Kind: kith.PlanChildInNeed, StartedOn: d(t, "2026-06-01")}
	for _, tc := range []struct {
		name  string
		p     *kith.Plan
		in    kith.ReviewInput
		field string
	}{
		{"six months on", cp, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-03-01")}, ""},
		{"a day over six months", cp, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-03-02")}, "next"},
		{"a child in need plan may wait longer", cin, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-06-01")}, ""},
		{"from a conference, with the category", fromConf, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-03-01"), Category: "EMO"}, ""},
		{"from a conference, no category", fromConf, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-03-01")}, "category"},
		{"a category not on the list", cp, kith.ReviewInput{HeldOn: d(t, "2026-09-01"), NextReviewOn: d(t, "2027-03-01"), Category: "XXX"}, "category"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkField(t, tc.in.Check(tc.p, today), tc.field) })
	}
}
