package synth_test

import (
	"context"
	"testing"
)

// The synthetic council's journeys read back as a council's would: every
// child protection plan that began at a conference comes from an enquiry
// started at a final strategy discussion of the same case, before the
// conference; the plan carries the conference's category; referrals
// decided for assessment mostly have one, authorised by a manager no
// earlier than it started.
func TestJourneysHangTogether(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(200))
	var enquiries, linked, badStrategy, badOrder, badCategory int
	err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*),
		SUM(CASE WHEN p.id IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.case_id <> s.case_id OR r.status <> 'final' OR r.content NOT LIKE '%"strategy_discussion"%' THEN 1 ELSE 0 END),
		SUM(CASE WHEN s.conference_on < s.started_on OR s.concluded_on < s.started_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.id IS NOT NULL AND (p.initial_category NOT IN ('NEG', 'PHY', 'SAB', 'EMO', 'MUL') OR p.started_on <> s.conference_on) THEN 1 ELSE 0 END)
		FROM section47s s JOIN records r ON r.id = s.strategy_record_id LEFT JOIN plans p ON p.section47_id = s.id`).Scan(&enquiries, &linked, &badStrategy, &badOrder, &badCategory)
	if err != nil {
		t.Fatal(err)
	}
	if enquiries == 0 || linked == 0 || badStrategy+badOrder+badCategory > 0 {
		t.Errorf("%d enquiries, %d made plans: %d not from a final strategy discussion of the case, %d out of order, %d plans without the conference's category or day",
			enquiries, linked, badStrategy, badOrder, badCategory)
	}
	var assessed, withAssessment, badAuthorisation int
	err = db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = e.id) THEN 1 ELSE 0 END),
		(SELECT COUNT(*) FROM assessments a WHERE a.authorised_on < a.started_on OR (a.authorised_on IS NOT NULL AND a.factors = ''))
		FROM episodes e WHERE e.decision = 'assessment'`).Scan(&assessed, &withAssessment, &badAuthorisation)
	if err != nil {
		t.Fatal(err)
	}
	if assessed == 0 || withAssessment*10 < assessed*8 || badAuthorisation > 0 {
		t.Errorf("%d referrals decided for assessment, %d with one; %d authorised before starting or with no factors", assessed, withAssessment, badAuthorisation)
	}
}

// No episode of the synthetic council closed with its assessment in
// progress or its enquiry unfinished, as Kith would not let a case close
// so (census rules 8867 and 8868).
func TestClosedEpisodesFinishedTheirSteps(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(200))
	var assessing, enquiring int
	err := db.ReadPool().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM assessments a JOIN episodes e ON e.id = a.episode_id WHERE e.closed_on IS NOT NULL AND a.authorised_on IS NULL),
		(SELECT COUNT(*) FROM section47s s JOIN episodes e ON e.id = s.episode_id WHERE e.closed_on IS NOT NULL AND s.conference_on IS NULL AND s.outcome IN ('', 'conference'))`).Scan(&assessing, &enquiring)
	if err != nil {
		t.Fatal(err)
	}
	if assessing+enquiring > 0 {
		t.Errorf("closed episodes with %d assessments in progress and %d enquiries unfinished", assessing, enquiring)
	}
}
