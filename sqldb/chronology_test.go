package sqldb_test

import (
	"context"
	"kith/clock"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// finalised writes a record and finalises it, returning it.
func finalised(t *testing.T, db *sqldb.DB, a kith.Actor, ref string, in kith.RecordInput) *kith.Record {
	t.Helper()
	ctx := context.Background()
	d, err := db.CreateDraft(ctx, a, ref, kith.RecordInput{TemplateKey: in.TemplateKey})
	if err != nil {
		t.Fatal(err)
	}
	in.Version = d.Version
	r, err := db.FinaliseRecord(ctx, a, d.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func courtHearing(headline, day string, occurred time.Time) kith.RecordInput {
	return kith.RecordInput{TemplateKey: "key-event", Headline: headline, OccurredAt: occurred, Significant: true,
		Content: kith.RecordContent{"event_type": {Text: "court_hearing"}, "event_date": {Text: day}, "detail": {Text: "The next hearing is in six weeks."}}}
}

func agencyInfo(headline string, occurred time.Time) kith.RecordInput {
	return kith.RecordInput{TemplateKey: "agency-information", Headline: headline, OccurredAt: occurred, Significant: true,
		Content: kith.RecordContent{"agency": {Text: "Kithbury Primary School"}, "informant": {Text: "Ms Patel, head of year"},
			"how_received": {Text: "phone"}, "received_at": {Text: occurred.In(kith.London).Format("2006-01-02 15:04")},
			"information": {Text: "Amy came to school hungry three days this week."}}}
}

func chronRefs(es []kith.ChronologyEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Kind+" "+e.Date.String())
	}
	return out
}

// A case opened on 1 March with a referral from school that afternoon is
// allocated to Ann the next morning: her chronology begins there, with the
// opening and the referral kept before it. A significant visit, a court
// hearing written as a key event (shown once, linked to its record), a
// status and a transfer follow; a key event whose record was withdrawn
// does not appear, nor does a visit that was not significant.
func TestAutomaticChronology(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 3, 1, 10)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Case(tm, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)

		now = londonTime(2026, 3, 1, 16)
		referral := finalised(t, db, tm, amy.Reference, agencyInfo("School worried Amy is hungry", londonTime(2026, 3, 1, 14)))

		now = londonTime(2026, 3, 2, 9)
		c.Allocate(tm, amy, c.T1, c.Prac1)
		now = londonTime(2026, 3, 2, 11)
		if err := db.StartStatus(ctx, tm, amy.Reference, kith.StatusInput{Kind: kith.StatusCP}); err != nil {
			t.Fatal(err)
		}

		now = londonTime(2026, 3, 4, 16)
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt, visit.Significant = londonTime(2026, 3, 4, 10), true
		visitRec := finalised(t, db, prac, amy.Reference, visit)
		ordinary := homeVisit(db, 1, "Amy wanted her mother there")
		ordinary.OccurredAt = londonTime(2026, 3, 4, 12)
		finalised(t, db, prac, amy.Reference, ordinary)

		now = londonTime(2026, 3, 10, 16)
		court := finalised(t, db, prac, amy.Reference, courtHearing("Interim care order made", "2026-03-09", londonTime(2026, 3, 10, 9)))
		wrong := finalised(t, db, prac, amy.Reference, courtHearing("Hearing about another child", "2026-03-08", londonTime(2026, 3, 10, 10)))
		if err := db.WithdrawRecord(ctx, tm, wrong.ID, "Written on the wrong child's file"); err != nil {
			t.Fatal(err)
		}

		now = londonTime(2026, 6, 1, 9)
		c.Allocate(tm, amy, c.T1, c.Prac2, "The worker left at short notice")

		now = londonTime(2026, 6, 2, 9)
		p, err := db.Chronology(ctx, prac, amy.Reference, kith.ChronologyFilter{}, sqldb.ReadOnScreen)
		if err != nil {
			t.Fatal(err)
		}
		ch := p.Chronology
		if got, want := chronRefs(ch.BeforeAllocation), []string{"case_opened 2026-03-01", "record 2026-03-01"}; !slices.Equal(got, want) {
			t.Errorf("before allocation = %v, want %v", got, want)
		}
		want := []string{"allocated 2026-03-02", "status_started 2026-03-02", "record 2026-03-04", "recorded 2026-03-09", "transferred 2026-06-01"}
		if got := chronRefs(ch.Entries); !slices.Equal(got, want) {
			t.Fatalf("entries = %v, want %v", got, want)
		}
		first := ch.Entries[0]
		if first.Description != "Allocated to Ann Ash in North" || first.Source != "Recorded by Dee Daw" || ch.FirstAllocatedAt == nil {
			t.Errorf("first entry = %+v", first)
		}
		if v := ch.Entries[2]; v.RecordID != visitRec.ID || v.Event != "Home visit" || v.Source != "Home visit by Ann Ash" || v.Category != kith.ChronSignificant {
			t.Errorf("visit = %+v", v)
		}
		if h := ch.Entries[3]; h.RecordID != court.ID || h.Source != "Key event by Ann Ash" || h.Description != "Court hearing: Interim care order made" || h.Category != kith.ChronKeyEvent {
			t.Errorf("hearing = %+v", h)
		}
		if r := ch.BeforeAllocation[1]; r.RecordID != referral.ID || r.Description != "School worried Amy is hungry" {
			t.Errorf("referral = %+v", r)
		}
		if tr := ch.Entries[4]; tr.Description != "Transferred to Ben Birch in North" {
			t.Errorf("transfer = %+v", tr)
		}

		// Filters: a date range and a category.
		p, err = db.Chronology(ctx, prac, amy.Reference, kith.ChronologyFilter{From: kithtest.Date(2026, 3, 3), Categories: []kith.ChronologyCategory{kith.ChronSignificant, kith.ChronKeyEvent}}, sqldb.ReadCSV)
		if err != nil {
			t.Fatal(err)
		}
		if got := chronRefs(p.Chronology.Entries); !slices.Equal(got, []string{"record 2026-03-04", "recorded 2026-03-09"}) || len(p.Chronology.BeforeAllocation) != 0 || p.Chronology.Total != 7 {
			t.Errorf("filtered = %v (total %d)", got, p.Chronology.Total)
		}
		if _, err := db.Chronology(ctx, prac, amy.Reference, kith.ChronologyFilter{From: kithtest.Date(2026, 3, 3), To: kithtest.Date(2026, 3, 1)}, sqldb.ReadOnScreen); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a range back to front: %v", err)
		}
		// Someone with no business on the case cannot see it.
		if _, err := db.Chronology(ctx, c.A(c.Prac3), amy.Reference, kith.ChronologyFilter{}, sqldb.ReadOnScreen); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("an outsider: %v", err)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'chronology.viewed' AND user_id = $2`, amy.ID, c.Prac1.ID); n != 1 {
			t.Errorf("%d chronology.viewed events", n)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'chronology.exported' AND detail LIKE '%(csv)'`, amy.ID); n != 1 {
			t.Errorf("%d chronology.exported events", n)
		}

		// Key events made before records were linked to them are matched
		// to their records by the migration.
		if err := db.RawExec(ctx, `UPDATE key_events SET record_id = NULL`); err != nil {
			t.Fatal(err)
		}
		backfill := migrationStatement(t, db, "00008_chronology.sql", "UPDATE key_events")
		if err := db.RawExec(ctx, backfill); err != nil {
			t.Fatal(err)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM key_events WHERE record_id IS NOT NULL`); n != 2 {
			t.Errorf("the migration linked %d key events to records, want 2", n)
		}
		again, err := db.Chronology(ctx, prac, amy.Reference, kith.ChronologyFilter{}, sqldb.ReadOnScreen)
		if err != nil {
			t.Fatal(err)
		}
		if got := chronRefs(again.Chronology.Entries); !slices.Equal(got, want) {
			t.Errorf("after the backfill: %v", got)
		}
	})
}

// migrationStatement returns the statement of a migration that starts with
// prefix.
func migrationStatement(t *testing.T, db *sqldb.DB, file, prefix string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("migrations", db.Dialect.String(), file))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, prefix)
	if i < 0 {
		t.Fatalf("%s has no statement %q", file, prefix)
	}
	return s[i : i+strings.Index(s[i:], ";")]
}

// A case never allocated to a worker has everything before its chronology.
func TestChronologyOfAnUnallocatedCase(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		amy := c.Case(c.A(c.TM1), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1)
		p, err := db.Chronology(context.Background(), c.A(c.TM1), amy.Reference, kith.ChronologyFilter{}, sqldb.ReadOnScreen)
		if err != nil {
			t.Fatal(err)
		}
		if p.Chronology.FirstAllocatedAt != nil || len(p.Chronology.Entries) != 0 || len(p.Chronology.BeforeAllocation) != 1 || p.Curated == nil {
			t.Errorf("unallocated: %+v", p.Chronology)
		}
	})
}

// Ann builds a chronology for a conference from the automatic one, adds
// what the school told her, writes her analysis and finishes it; saves
// from an old version and changes to a finished chronology are refused,
// nothing is saved by a refused save, and a copy starts a new draft.
func TestCuratedChronology(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := londonTime(2026, 3, 1, 10)
		db.Clock = clock.Func(func() time.Time { return now })
		c := newCouncil(t, db)
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(tm, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		now = londonTime(2026, 3, 4, 16)
		visit := homeVisit(db, 1, "Amy wanted her mother there")
		visit.OccurredAt, visit.Significant = londonTime(2026, 3, 4, 10), true
		visitRec := finalised(t, db, prac, amy.Reference, visit)
		now = londonTime(2026, 3, 10, 16)
		finalised(t, db, prac, amy.Reference, courtHearing("Interim care order made", "2026-03-09", londonTime(2026, 3, 10, 9)))

		auto, err := db.Chronology(ctx, prac, amy.Reference, kith.ChronologyFilter{}, sqldb.ReadOnScreen)
		if err != nil {
			t.Fatal(err)
		}
		es := auto.Chronology.Entries
		if len(es) != 3 {
			t.Fatalf("automatic chronology: %v", chronRefs(es))
		}

		if _, err := db.CreateChronology(ctx, prac, amy.Reference, kith.ChronologyInput{Purpose: kith.PurposeConference}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("a chronology without a title: %v", err)
		}
		ch, err := db.CreateChronology(ctx, prac, amy.Reference, kith.ChronologyInput{Title: "Initial conference", Purpose: kith.PurposeConference, Refs: []string{es[1].Ref, es[2].Ref}})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Version != 1 || len(ch.Entries) != 2 || ch.Status != kith.ChronologyDraft || ch.CreatedBy != "Ann Ash" || ch.CaseReference != amy.Reference {
			t.Fatalf("created: %+v", ch)
		}
		if _, err := db.CreateChronology(ctx, c.A(c.Auditor), amy.Reference, kith.ChronologyInput{Title: "x", Purpose: kith.PurposeOther}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("an auditor starting a chronology: %v", err)
		}

		ch, err = db.AddChronologyEntries(ctx, prac, ch.ID, 1, []string{es[0].Ref, es[1].Ref})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Version != 2 || len(ch.Entries) != 3 || ch.Entries[0].Ref != es[0].Ref {
			t.Fatalf("after adding: version %d, %d entries", ch.Version, len(ch.Entries))
		}
		if _, err := db.AddChronologyEntries(ctx, prac, ch.ID, 2, []string{"record:nonsense"}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("adding an entry that is not in the chronology: %v", err)
		}

		now = londonTime(2026, 3, 12, 9)
		save := kith.ChronologySave{Version: 1, Title: "Initial conference", Purpose: kith.PurposeConference, Analysis: "A pattern of neglect."}
		if _, err := db.SaveChronology(ctx, prac, ch.ID, save, false); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a save from an old version: %v", err)
		}
		save.Version = 2
		save.Entries = []kith.EntryAnalysis{{ID: ch.Entries[1].ID, Analysis: "First time Amy said she was hungry."}}
		save.Other = &kith.OtherEntryInput{Source: "Kithbury Primary School", Event: "Amy excluded for a day"}
		_, err = db.SaveChronology(ctx, prac, ch.ID, save, false)
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "other_date" || f[0].Message != "Enter the date it happened" {
			t.Errorf("an entry from another source without a date: %v", err)
		}
		save.Other.Date = kithtest.Date(2026, 3, 6)
		save.Other.Analysis = "The school saw the same."
		ch, err = db.SaveChronology(ctx, prac, ch.ID, save, false)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Version != 3 || len(ch.Entries) != 4 || ch.Analysis != "A pattern of neglect." {
			t.Fatalf("saved: version %d, %d entries, %q", ch.Version, len(ch.Entries), ch.Analysis)
		}
		other := ch.Entries[2]
		if other.Kind != kith.EntryOther || other.Source != "Kithbury Primary School" || other.Date.String() != "2026-03-06" || other.Analysis != "The school saw the same." || other.Category != kith.ChronOther {
			t.Errorf("the school's entry: %+v", other)
		}
		if ch.Entries[1].Analysis != "First time Amy said she was hungry." || ch.Entries[1].RecordID != visitRec.ID {
			t.Errorf("the visit's analysis: %+v", ch.Entries[1])
		}

		// Finishing without an overall analysis is refused and saves
		// nothing; with one, it finishes.
		fin := kith.ChronologySave{Version: 3, Title: "Initial conference", Purpose: kith.PurposeConference, Remove: []string{ch.Entries[0].ID}}
		if _, err := db.SaveChronology(ctx, prac, ch.ID, fin, true); kith.ErrorFields(err) == nil || kith.ErrorFields(err)[0].Field != "analysis" {
			t.Errorf("finishing without an analysis: %v", err)
		}
		if now, _ := db.CuratedChronology(ctx, prac, ch.ID, sqldb.ReadOnScreen); now.Chronology.Version != 3 || len(now.Chronology.Entries) != 4 {
			t.Errorf("a refused finish saved something: version %d", now.Chronology.Version)
		}
		fin.Analysis = "A pattern of neglect, seen at school and at home."
		ch, err = db.SaveChronology(ctx, prac, ch.ID, fin, true)
		if err != nil {
			t.Fatal(err)
		}
		if !ch.Finished() || ch.FinishedBy != "Ann Ash" || ch.FinishedAt == nil || len(ch.Entries) != 3 || ch.Version != 4 {
			t.Fatalf("finished: %+v", ch)
		}
		fin.Version = 4
		if _, err := db.SaveChronology(ctx, prac, ch.ID, fin, false); kith.ErrorCode(err) != kith.ECONFLICT || !strings.Contains(kith.ErrorMessage(err), "Reopen it") {
			t.Errorf("a change to a finished chronology: %v", err)
		}
		if _, err := db.ReopenChronology(ctx, c.A(c.Auditor), ch.ID, 4); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("an auditor reopening: %v", err)
		}
		if _, err := db.CuratedChronology(ctx, c.A(c.Prac3), ch.ID, sqldb.ReadOnScreen); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("an outsider reading it: %v", err)
		}
		if v, err := db.CuratedChronology(ctx, c.A(c.Auditor), ch.ID, sqldb.ReadPrint); err != nil || !v.Chronology.Finished() || v.Can.Edit {
			t.Errorf("an auditor reading it: %v", err)
		}

		now = londonTime(2026, 3, 13, 9)
		ch, err = db.ReopenChronology(ctx, tm, ch.ID, 4)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Finished() || ch.ReopenedBy != "Dee Daw" || ch.FinishedBy != "Ann Ash" || ch.Version != 5 {
			t.Errorf("reopened: %+v", ch)
		}

		cp, err := db.CopyChronology(ctx, prac, ch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cp.ID == ch.ID || cp.CopiedFrom != ch.ID || cp.Title != "Initial conference (copy)" || len(cp.Entries) != 3 || cp.Analysis != ch.Analysis ||
			cp.Entries[1].Analysis != "The school saw the same." || cp.Status != kith.ChronologyDraft || cp.Version != 1 {
			t.Errorf("copy: %+v", cp)
		}

		// A record withdrawn after it was chosen is marked in the
		// chronologies that have it, and what it said is no longer shown.
		if err := db.WithdrawRecord(ctx, tm, visitRec.ID, "Written on the wrong child's file"); err != nil {
			t.Fatal(err)
		}
		v, err := db.CuratedChronology(ctx, prac, cp.ID, sqldb.ReadOnScreen)
		if err != nil {
			t.Fatal(err)
		}
		if e := v.Chronology.Entries[0]; !e.SourceWithdrawn || e.Description != kith.WithdrawnEntryText || e.Event != "Withdrawn record" ||
			v.Chronology.Entries[1].SourceWithdrawn {
			t.Errorf("withdrawn marks: %+v", v.Chronology.Entries)
		}

		_, list, err := db.Chronologies(ctx, prac, amy.Reference)
		if err != nil || len(list) != 2 || list[0].ID != cp.ID || list[1].Entries != 3 {
			t.Errorf("list: %+v %v", list, err)
		}
		for action, n := range map[string]int{"chronology.created": 2, "chronology.updated": 2, "chronology.finished": 1, "chronology.reopened": 1} {
			if got := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = $2`, amy.ID, action); got != n {
				t.Errorf("%d %s events, want %d", got, action, n)
			}
		}
	})
}
