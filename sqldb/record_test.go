package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// homeVisit is a complete home visit in which the child was not seen
// alone, two hours before the database's now (a test's story may set its
// own), with an action due two months after.
func homeVisit(db *sqldb.DB, version int, notAloneReason string) kith.RecordInput {
	return homeVisitAt(db.Now(), version, notAloneReason)
}

// homeVisitAt is homeVisit as it would be written at now.
func homeVisitAt(now time.Time, version int, notAloneReason string) kith.RecordInput {
	return kith.RecordInput{TemplateKey: "home-visit", Version: version, Headline: "Monthly visit to review the safety plan",
		OccurredAt: now.Add(-2 * time.Hour).Truncate(time.Minute), Location: "Home",
		Content: kith.RecordContent{
			"present":          {Others: "Amy, her mother Carol"},
			"child_seen":       {Answer: "yes"},
			"child_seen_alone": {Answer: "no", Reason: notAloneReason},
			"bedroom_seen":     {Answer: "yes"},
			"child_views":      {Text: "Amy said: “I like my new room, it is quiet.”"},
			"discussion":       {Text: "We talked about school mornings."},
			"concerns":         {Text: "None raised today."},
			"observations":     {Text: "Three bags of rubbish by the back door; Amy's bed had clean sheets."},
			"analysis":         {Text: "Improving: mornings are calmer."},
			"actions":          {Actions: []kith.ActionItem{{What: "Book a school meeting", Who: "Social worker", By: kith.DateOf(now.AddDate(0, 2, 0)).String()}}},
		}}
}

func TestRecordLifecycle(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

		tp, err := db.Template(ctx, "home-visit", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"present", "child_seen", "child_seen_alone", "bedroom_seen", "child_views", "observations", "analysis", "actions"} {
			if _, ok := tp.Section(s); !ok {
				t.Fatalf("home visit has no section %s", s)
			}
		}

		// A draft is on the server from the first save.
		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		if err != nil {
			t.Fatal(err)
		}
		in := homeVisit(db, 1, "")
		saved, err := db.SaveDraft(ctx, prac, d.ID, in)
		if err != nil || saved.Version != 2 {
			t.Fatalf("save: %v, %+v", err, saved)
		}
		// Saving the same again (autosave with nothing typed) changes nothing.
		in.Version = 2
		if again, err := db.SaveDraft(ctx, prac, d.ID, in); err != nil || again.Version != 2 {
			t.Fatalf("idempotent save: %v, %v", err, again.Version)
		}

		// A second writer who started from version 1 is refused, and sees
		// what is stored; nothing is overwritten.
		other := homeVisit(db, 1, "")
		other.Headline = "Someone else's headline"
		_, err = db.SaveDraft(ctx, tm, d.ID, other)
		var conflict *kith.DraftConflict
		if !errors.As(err, &conflict) || kith.ErrorCode(err) != kith.ECONFLICT || conflict.Current.Headline != in.Headline {
			t.Fatalf("stale save: %v", err)
		}

		// Finalising demands the reason the child was not seen alone.
		_, err = db.FinaliseRecord(ctx, prac, d.ID, homeVisit(db, 2, ""))
		if f := kith.ErrorFields(err); len(f) != 1 || f[0].Field != "s.child_seen_alone.reason" || f[0].Message != "Say why the child was not seen alone" {
			t.Fatalf("finalise without reason: %v", err)
		}
		// A practitioner cannot write a management decision.
		if _, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "management-decision"}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("practitioner management decision: %v", err)
		}

		final, err := db.FinaliseRecord(ctx, prac, d.ID, homeVisit(db, 2, "Mum would not leave the room"))
		if err != nil {
			t.Fatal(err)
		}
		if final.Status != kith.RecordFinal || final.FinalisedAt == nil || final.ContentHash != kith.ContentHash(final) {
			t.Fatalf("final record: %+v", final)
		}
		// Locked: through the service and straight through SQL.
		if _, err := db.SaveDraft(ctx, prac, d.ID, homeVisit(db, 3, "x")); kith.ErrorCode(err) != kith.ECONFLICT || !strings.Contains(kith.ErrorMessage(err), "Add an addendum") {
			t.Errorf("editing a final record: %v", err)
		}
		if err := db.RawExec(ctx, `UPDATE records SET headline = 'changed' WHERE id = $1`, d.ID); err == nil {
			t.Error("the database let a final record change")
		}
		if err := db.RawExec(ctx, `UPDATE records SET status = 'draft' WHERE id = $1`, d.ID); err == nil {
			t.Error("the database let a final record become a draft")
		}
		if err := db.RawExec(ctx, `DELETE FROM records WHERE id = $1`, d.ID); err == nil {
			t.Error("the database let a final record be deleted")
		}

		// Addenda are added, attributed and shown with the record.
		if err := db.AddAddendum(ctx, prac, d.ID, ""); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("empty addendum: %v", err)
		}
		if err := db.AddAddendum(ctx, prac, d.ID, "The school meeting is now booked for 6 January."); err != nil {
			t.Fatal(err)
		}
		view, err := db.Record(ctx, prac, d.ID)
		if err != nil || len(view.Record.Addenda) != 1 || view.Record.Addenda[0].AuthorName == "" {
			t.Fatalf("record view: %v %+v", err, view)
		}
		_, versions, err := db.RecordVersions(ctx, prac, d.ID)
		if err != nil || len(versions) != 3 || versions[0].Version != 3 {
			t.Fatalf("versions: %v %d", err, len(versions))
		}

		// The running record lists it; a practitioner elsewhere cannot see it.
		_, rr, err := db.RunningRecord(ctx, prac, amy.Reference, kith.RecordFilter{})
		if err != nil || len(rr.Rows) != 1 || rr.Rows[0].TemplateName != "Home visit" {
			t.Fatalf("running record: %v %+v", err, rr)
		}
		if _, err := db.Record(ctx, c.A(c.Prac3), d.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("outsider reads the record: %v", err)
		}

		// Search finds it for those who may see the case, and only them.
		q, _ := kith.ParseRecordQuery(`rubbish "clean sheets" -dog`)
		hits, _, err := db.SearchRecords(ctx, prac, kith.RecordSearch{Query: q})
		if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, kith.MarkStart) {
			t.Fatalf("search: %v %+v", err, hits)
		}
		q2, _ := kith.ParseRecordQuery(`visits -rubbish`)
		if hits, _, _ := db.SearchRecords(ctx, prac, kith.RecordSearch{Query: q2}); len(hits) != 0 {
			t.Errorf("exclusion ignored: %+v", hits)
		}
		q3, _ := kith.ParseRecordQuery(`visits`)
		if hits, _, _ := db.SearchRecords(ctx, prac, kith.RecordSearch{Query: q3}); len(hits) != 1 {
			t.Errorf("stemmed search found %d", len(hits))
		}
		if hits, _, err := db.SearchRecords(ctx, c.A(c.Prac3), kith.RecordSearch{Query: q}); err != nil || len(hits) != 0 {
			t.Errorf("outsider search: %v %+v", err, hits)
		}
		// The service manager and the auditor search the whole index (a
		// different path from a caseload's) and find it too.
		for _, u := range []*kith.User{c.SM1, c.Auditor} {
			if hits, _, err := db.SearchRecords(ctx, c.A(u), kith.RecordSearch{Query: q}); err != nil || len(hits) != 1 {
				t.Errorf("%s search: %v %+v", u.Username, err, hits)
			}
		}
		if hits, _, err := db.SearchRecords(ctx, c.A(c.TM3), kith.RecordSearch{Query: q}); err != nil || len(hits) != 0 {
			t.Errorf("another team's manager finds it: %v %+v", err, hits)
		}

		// Only a manager withdraws, with a reason; the case keeps a notice.
		if err := db.WithdrawRecord(ctx, prac, d.ID, "wrong child"); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("practitioner withdraws: %v", err)
		}
		if err := db.WithdrawRecord(ctx, tm, d.ID, ""); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("withdraw without reason: %v", err)
		}
		if err := db.WithdrawRecord(ctx, tm, d.ID, "Written on Amy's file but about her cousin"); err != nil {
			t.Fatal(err)
		}
		_, rr, _ = db.RunningRecord(ctx, prac, amy.Reference, kith.RecordFilter{})
		if len(rr.Rows) != 0 || len(rr.Withdrawn) != 1 || rr.Withdrawn[0].WithdrawnByName == "" {
			t.Fatalf("after withdrawal: %+v", rr)
		}
		if hits, _, _ := db.SearchRecords(ctx, prac, kith.RecordSearch{Query: q}); len(hits) != 0 {
			t.Error("a withdrawn record is still found")
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE subject_id = $1`, d.ID); n < 8 {
			t.Errorf("only %d audit events for the record", n)
		}
	})
}

func TestGroupRecordingAndAttachments(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		ben := c.Allocate(tm, c.Case(prac, "Ben", "Alder", kithtest.Date(2017, 6, 6), c.T1), c.T1, c.Prac1)
		if _, err := db.AddNetworkMember(ctx, prac, amy.Reference, kith.NewNetworkMemberInput{ExistingPersonID: ben.ChildID,
			Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true}}); err != nil {
			t.Fatal(err)
		}
		sibs, err := db.RecordSiblings(ctx, prac, amy.Reference)
		if err != nil || len(sibs) != 1 || sibs[0].Reference != ben.Reference {
			t.Fatalf("siblings: %v %+v", err, sibs)
		}
		in := homeVisit(db, 0, "Ben was with her")
		in.TemplateKey = "home-visit"
		d, err := db.CreateDraft(ctx, prac, amy.Reference, in)
		if err != nil {
			t.Fatal(err)
		}
		copies, err := db.CopyDraft(ctx, prac, d.ID, []string{ben.Reference})
		if err != nil || len(copies) != 1 || copies[0].CaseID != ben.ID {
			t.Fatalf("copy: %v %+v", err, copies)
		}
		view, err := db.Record(ctx, prac, d.ID)
		if err != nil || len(view.Group) != 1 || view.Group[0].ChildName != "Ben Alder" {
			t.Fatalf("group: %v %+v", err, view)
		}
		mentions := kith.FindNames(view.Template, view.Record.Headline, view.Record.Content, view.Group)
		if len(mentions) != 1 || mentions[0].Name != "Ben" {
			t.Fatalf("mentions in Amy's copy: %+v", mentions)
		}
		// My drafts lists both copies with a recording deadline.
		drafts, err := db.MyDrafts(ctx, prac)
		if err != nil || len(drafts) != 2 || drafts[0].DueBy.IsZero() {
			t.Fatalf("my drafts: %v %+v", err, drafts)
		}

		// A photo of direct work; an executable dressed as a photo is refused.
		jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
		up := kith.AttachmentInput{Filename: "drawing.jpg", Description: "Amy's drawing of her family", AltText: "Amy, her mum and her cat in crayon",
			ReceivedOn: kith.Today(kithtest.Now()), ProvidedBy: "Amy", ProvidedRole: "the child"}
		at, err := db.AddAttachment(ctx, prac, d.ID, up, jpeg, kith.DefaultMaxAttachment)
		if err != nil {
			t.Fatal(err)
		}
		up.Filename = "photo.jpg"
		if _, err := db.AddAttachment(ctx, prac, d.ID, up, []byte("MZ\x90\x00\x03\x00\x00\x00"), kith.DefaultMaxAttachment); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("exe as jpg: %v", err)
		}
		got, data, err := db.Attachment(ctx, prac, at.ID)
		if err != nil || got.ContentType != "image/jpeg" || len(data) != len(jpeg) || got.AltText != up.AltText {
			t.Fatalf("attachment: %v %+v", err, got)
		}
		if _, _, err := db.Attachment(ctx, c.A(c.Prac3), at.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("outsider opens the file: %v", err)
		}
	})
}

func TestKeyEventRecordJoinsTheKeyEvents(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "key-event"})
		if err != nil || !d.Significant {
			t.Fatalf("key event draft: %v, significant %v", err, d.Significant)
		}
		in := kith.RecordInput{TemplateKey: "key-event", Version: 1, Headline: "Interim care order granted", OccurredAt: kithtest.Now().Add(-time.Hour), Significant: true,
			Content: kith.RecordContent{"event_type": {Text: "court_hearing"}, "event_date": {Text: "2026-11-20"}, "detail": {Text: "Family court, Kithton"}}}
		if _, err := db.FinaliseRecord(ctx, prac, d.ID, in); err != nil {
			t.Fatal(err)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM key_events WHERE case_id = $1 AND kind = 'recorded' AND summary = 'Court hearing: Interim care order granted'`, amy.ID); n != 1 {
			t.Fatalf("key events from the record: %d", n)
		}
	})
}
