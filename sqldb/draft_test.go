package sqldb_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A draft keeps whatever was typed, readable or not yet: a "by when" of
// "ASAP", a date that is not real, an empty required section, a section
// longer than a final record may hold. Finalising refuses each, naming
// the field, and changes nothing stored.
func TestDraftsKeepEverythingTyped(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		amy := c.Allocate(c.A(c.TM1), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		if err != nil {
			t.Fatal(err)
		}
		in := homeVisit(db, 1, "")
		in.OccurredAt = time.Time{}
		in.Typed = map[string]string{"occurred-day": "31", "occurred-month": "2", "occurred-year": "2026", "occurred-time": "25:00"}
		in.Content["actions"] = kith.SectionValue{Actions: []kith.ActionItem{{What: "Book a school meeting", Who: "Social worker", By: "ASAP"}}}
		in.Content["analysis"] = kith.SectionValue{Text: strings.Repeat("Mornings are calmer. ", 1500)} // 31,499 characters once the last space is tidied
		delete(in.Content, "present")
		saved, err := db.SaveDraft(ctx, prac, d.ID, in)
		if err != nil {
			t.Fatalf("a draft refused what was typed: %v", err)
		}
		v, err := db.Record(ctx, prac, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := v.Record
		if r.Content["actions"].Actions[0].By != "ASAP" || len(r.Content["analysis"].Text) != 31499 || r.Typed["occurred-time"] != "25:00" ||
			r.Typed["occurred-day"] != "31" || r.Version != saved.Version {
			t.Fatalf("stored draft = actions %+v, analysis %d characters, typed %v", r.Content["actions"], len(r.Content["analysis"].Text), r.Typed)
		}

		in.Version = saved.Version
		_, err = db.FinaliseRecord(ctx, prac, d.ID, in)
		got := map[string]string{}
		for _, f := range kith.ErrorFields(err) {
			got[f.Field] = f.Message
		}
		want := map[string]string{
			"occurred":                  "“31 2 2026 25:00” cannot be read as a date or time: correct it before finalising",
			"s.actions":                 "“ASAP” is not a date: enter the date “Book a school meeting” will be done by, like",
			"s.analysis":                "must be 20000 characters or fewer",
			"s.present":                 "Enter who was present",
			"s.child_seen_alone.reason": "Say why the child was not seen alone",
		}
		for field, msg := range want {
			if !strings.Contains(got[field], msg) {
				t.Errorf("finalise: %s = %q, want %q", field, got[field], msg)
			}
		}
		after, err := db.Record(ctx, prac, d.ID)
		if err != nil || after.Record.Version != saved.Version || after.Record.Status != kith.RecordDraft {
			t.Fatalf("a refused finalise changed the draft: %+v %v", after.Record, err)
		}
	})
}

// Autosaves are kept as one saved version per few minutes of typing, and
// every save the writer chose as a version of its own. Someone else's
// save never hides the last typing before it: it is kept as a version by
// whoever typed it. The text finalised is always the newest version.
func TestAutosavesAreCoalescedIntoVersions(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		now := londonTime(2026, 12, 7, 10)
		db.Clock = clock.Func(func() time.Time { return now })
		ann, ben := c.A(c.Prac1), c.A(c.Prac2)
		amy := c.Allocate(c.A(c.TM1), c.Case(ann, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		d, err := db.CreateDraft(ctx, ann, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		if err != nil {
			t.Fatal(err)
		}
		version := d.Version
		save := func(who kith.Actor, text string, autosave bool) {
			t.Helper()
			in := homeVisit(db, version, "Mum stayed in the room")
			in.OccurredAt = londonTime(2026, 12, 7, 9)
			in.Content["discussion"] = kith.SectionValue{Text: text}
			in.Autosave = autosave
			r, err := db.SaveDraft(ctx, who, d.ID, in)
			if err != nil {
				t.Fatalf("save %q: %v", text, err)
			}
			version = r.Version
		}
		versions := func() []int {
			t.Helper()
			_, vs, err := db.RecordVersions(ctx, ann, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []int
			for _, v := range vs {
				out = append(out, v.Version)
			}
			return out
		}
		// Ten seconds of typing: an autosave every second.
		for i := range 10 {
			now = now.Add(time.Second)
			save(ann, "School mornings"+strings.Repeat(".", i), true)
		}
		if got := versions(); !slices.Equal(got, []int{2, 1}) {
			t.Fatalf("after ten seconds of typing, versions = %v, want [2 1]", got)
		}
		// Still typing five minutes later: a new version.
		now = now.Add(kith.AutosaveSpan)
		save(ann, "School mornings and homework", true)
		if got := versions(); !slices.Equal(got, []int{12, 2, 1}) {
			t.Fatalf("after five minutes, versions = %v", got)
		}
		// An autosave, then Ben saves: Ann's last typing is kept as hers.
		now = now.Add(time.Second)
		save(ann, "Ann's last words before Ben saved", true)
		now = now.Add(time.Second)
		save(ben, "Ben's version", true)
		_, vs, err := db.RecordVersions(ctx, ann, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if vs[0].Version != 14 || vs[0].SavedBy != "Ben Birch" || vs[1].Version != 13 || vs[1].SavedBy != "Ann Ash" ||
			vs[1].Content["discussion"].Text != "Ann's last words before Ben saved" {
			t.Fatalf("versions = %+v", vs[:2])
		}
		if v, err := db.Record(ctx, ann, d.ID); err != nil || v.Record.LastSavedBy != "Ben Birch" {
			t.Fatalf("last saved by %q, %v", v.Record.LastSavedBy, err)
		}
		// Save draft is a version; so is finalising, even of text an
		// autosave already stored.
		now = now.Add(time.Second)
		save(ann, "Chosen words", false)
		now = now.Add(time.Second)
		save(ann, "Final words", true)
		in := homeVisit(db, version, "Mum stayed in the room")
		in.OccurredAt = londonTime(2026, 12, 7, 9)
		in.Content["discussion"] = kith.SectionValue{Text: "Final words"}
		if _, err := db.FinaliseRecord(ctx, ann, d.ID, in); err != nil {
			t.Fatal(err)
		}
		_, vs, err = db.RecordVersions(ctx, ann, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if vs[0].Content["discussion"].Text != "Final words" || vs[1].Content["discussion"].Text != "Chosen words" {
			t.Fatalf("newest versions = %q, %q", vs[0].Content["discussion"].Text, vs[1].Content["discussion"].Text)
		}
	})
}

// Only the writer of a draft may discard it, and only the version they
// saw; the discard is in the case's access log, and a draft with nothing
// typed in it is no one's due work.
func TestDiscardDraft(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		ann, ben, tm := c.A(c.Prac1), c.A(c.Prac2), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(ann, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		blank, err := db.CreateDraft(ctx, ann, amy.Reference, kith.RecordInput{TemplateKey: "phone-call"})
		if err != nil {
			t.Fatal(err)
		}
		typed, err := db.CreateDraft(ctx, ann, amy.Reference, kith.RecordInput{TemplateKey: "phone-call", Headline: "Call with school"})
		if err != nil {
			t.Fatal(err)
		}
		work, err := db.Work(ctx, ann, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		var drafts []string
		for _, it := range append(work.Overdue, work.Upcoming...) {
			if it.RecordID != "" {
				drafts = append(drafts, it.RecordID)
			}
		}
		if !slices.Equal(drafts, []string{typed.ID}) {
			t.Errorf("drafts in My work = %v, want only the one with typing (%s), not the blank %s", drafts, typed.ID, blank.ID)
		}
		mine, err := db.MyDrafts(ctx, ann)
		if err != nil || len(mine) != 2 {
			t.Fatalf("My drafts = %+v, %v", mine, err)
		}

		if _, err := db.DiscardDraft(ctx, ben, typed.ID, 1); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a colleague discards Ann's draft: %v", err)
		}
		if _, err := db.DiscardDraft(ctx, tm, typed.ID, 1); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("a manager discards Ann's draft: %v", err)
		}
		if _, err := db.SaveDraft(ctx, ann, typed.ID, kith.RecordInput{TemplateKey: "phone-call", Version: 1, Headline: "Call with school nurse"}); err != nil {
			t.Fatal(err)
		}
		var conflict *kith.DraftConflict
		if _, err := db.DiscardDraft(ctx, ann, typed.ID, 1); !errors.As(err, &conflict) {
			t.Errorf("discarding a version saved since: %v", err)
		}
		if _, err := db.DiscardDraft(ctx, ann, typed.ID, 2); err != nil {
			t.Fatalf("discard: %v", err)
		}
		if _, err := db.Record(ctx, ann, typed.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("the discarded draft: %v", err)
		}
		_, events, err := db.AccessLog(ctx, tm, amy.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(events, func(e kith.AuditEvent) bool {
			return e.Action == kith.AuditRecordDiscarded && e.SubjectID == typed.ID && strings.Contains(e.Detail, "Call with school nurse")
		}) {
			t.Errorf("no discard in the access log: %+v", events)
		}
		// A final record cannot be discarded.
		final := finalised(t, db, ann, amy.Reference, homeVisit(db, 0, "Mum stayed in the room"))
		if _, err := db.DiscardDraft(ctx, ann, final.ID, final.Version); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("discarding a final record: %v", err)
		}
	})
}
