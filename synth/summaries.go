package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"kith"
	"kith/clock"
	"kith/sqldb"
)

// summarySalt seeds the choice of when each case's last summary was
// written, apart from everything else generated.
const summarySalt = 0x73756d6d

// heldCase is an open case with a worker, kept to write its last case
// summary once the council is loaded.
type heldCase struct {
	ref, workerID string
	child         string // the child's first name
	born          kith.Date
	openedOn      kith.Date
}

// summaryThemes are the short sentences a summary's analysis is made of,
// one from each theme, and summaryVoices the family's views. Kith refuses
// a passage found in another child's record (names and numbers masked), so
// each summary is put together from many small choices, each sentence
// shorter than the twelve words of a whole-sentence match; a summary the
// coach still finds copied is put together again.
var summaryThemes = [][]string{
	{"Progress this period has been steady.", "This has been a harder few months.", "Things are calmer at home than last time.",
		"The period started badly but ended better.", "Change has been slow but real.", "Most of the plan is on track.", "Little has changed since the last summary."},
	{"Visits were mostly kept, with two missed.", "{child} was seen regularly, often alone.", "Every planned visit went ahead.",
		"Two visits were cancelled by the family.", "{child} was seen at home and at school.", "Seeing {child} alone has been harder lately."},
	{"School attendance has improved a little.", "The school still worries about lateness.", "Health appointments were all kept.",
		"The dentist visit is still outstanding.", "Nursery say {child} is settling well.", "College attendance has dropped this term."},
	{"Mum has engaged well with the parenting course.", "Dad has not taken part yet.", "The home conditions have improved.",
		"Money worries have eased since the benefits review.", "The housing decision is still awaited.", "Grandparents now help with the school run."},
	{"The plan should stay as it is for now.", "I will ask the next review to reconsider the plan.", "Next steps are agreed with the family.",
		"The core group will revisit the safety plan.", "Two objectives can be marked achieved.", "We should step down at the next review if this holds."},
}

var summaryVoices = [][]string{
	{"{child} said “school feels better now”.", "{child} told me “I want more time with my friends”.", "{child} did not want to talk about home.",
		"{child} drew the family and said “that's all of us”.", "{child} asked “when will you stop coming?”", "{child} said “my new bedroom is the best thing”."},
	{"Mum feels listened to.", "Dad thinks the visits are too frequent.", "The family want visits after work.",
		"Mum worries about the housing decision.", "The carers say things are settled.", "Nan would like to be invited to meetings."},
}

// babyVoices are what a child too young for words showed.
var babyVoices = [][]string{
	{"{child} smiled and reached for Mum.", "{child} settled quickly and played with the bricks.", "{child} babbled and watched Mum throughout.",
		"{child} cried when Mum left the room, then calmed.", "{child} crawled to the toys and laughed."},
	summaryVoices[1],
}

// summaryText picks one sentence from each bank in turn and fills in the
// child's name.
func summaryText(r *rand.Rand, first string, banks [][]string) string {
	parts := make([]string, len(banks))
	for i, b := range banks {
		parts[i] = strings.ReplaceAll(pick(r, b), "{child}", first)
	}
	return strings.Join(parts, " ")
}

// writeSummaries writes each held case's last case summary through
// Kith's own summary service, as its worker would have on the day: the
// facts are gathered from the case's record as it stood then. Most were
// written within the last three months; about one in twelve is overdue.
// Only small councils get them (Config.CaseSummaries): each is a few
// ordinary transactions.
func (g *gen) writeSummaries(ctx context.Context, db *sqldb.DB) error {
	if !g.cfg.CaseSummaries || len(g.held) == 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(g.cfg.Seed)^summarySalt, 0))
	type planned struct {
		heldCase
		at time.Time
	}
	var plan []planned
	for _, h := range g.held {
		ago := between(r, 7, 80)
		if chance(r, 1.0/12) {
			ago = between(r, 93, 120)
		}
		day := g.today.AddDays(-ago)
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDays(-1)
		}
		if days(h.openedOn, day) < 28 {
			continue // too new for a summary: its clock counts from allocation
		}
		plan = append(plan, planned{h, kith.InLondon(day, between(r, 13, 16), between(r, 0, 59))})
	}
	// Oldest first, as they were written.
	sort.SliceStable(plan, func(i, j int) bool { return plan[i].at.Before(plan[j].at) })
	was := db.Clock
	defer func() { db.Clock = was }()
	for _, p := range plan {
		at := p.at
		db.Clock = clock.Func(func() time.Time { return at })
		a, err := db.Actor(ctx, p.workerID)
		if err != nil {
			return err
		}
		day := kith.DateOf(at.In(kith.London))
		from := day.AddDays(-91)
		if from.Before(p.openedOn) {
			from = p.openedOn
		}
		s, err := db.StartSummary(ctx, a, p.ref, kith.SummaryStart{Reason: kith.SummaryPeriodic, Period: kith.SummaryPeriod{From: from, To: day}})
		if err != nil {
			return fmt.Errorf("summary of %s: %w", p.ref, err)
		}
		voices := summaryVoices
		if p.born.AgeOn(day) < 3 {
			voices = babyVoices
		}
		for try := 0; ; try++ {
			in := kith.RecordInput{TemplateKey: sqldb.SummaryTemplate, Headline: s.Title(), OccurredAt: at, Version: 1, Content: kith.RecordContent{
				"analysis": {Text: summaryText(r, p.child, summaryThemes)}, "views": {Text: summaryText(r, p.child, voices)}}}
			_, err := db.FinaliseRecord(ctx, a, s.RecordID, in)
			if err == nil {
				break
			}
			if kith.ErrorCode(err) != kith.EINVALID {
				return fmt.Errorf("summary of %s: %w", p.ref, err)
			}
			if try == 20 {
				// The coach would not take any wording: leave the case
				// without a summary (so it is overdue) rather than fail
				// the load, and leave no draft behind.
				if _, err := db.DiscardDraft(ctx, a, s.RecordID, 1); err != nil {
					return fmt.Errorf("summary of %s: %w", p.ref, err)
				}
				break
			}
		}
	}
	return nil
}
