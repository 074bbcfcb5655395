package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/quality"
	"kith/sqldb"
)

// TestWithdrawnRecordShowsOnlyItsNotice: once a manager withdraws a record
// written on the wrong child's file, everyone but the case's managers reads
// only its notice, on every path that reads a record (kith.SeesRecordContent):
// the record, its saved versions, the coach's findings, its files, its
// summary. The managers still read all of it.
func TestWithdrawnRecordShowsOnlyItsNotice(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

		in := homeVisit(db, 0, "Mum would not leave the room")
		in.Headline, in.Location = "Visit to Jade Birch at Ivy Lane", "14 Ivy Lane"
		d, err := db.CreateDraft(ctx, prac, amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		if err != nil {
			t.Fatal(err)
		}
		jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
		file, err := db.AddAttachment(ctx, prac, d.ID, kith.AttachmentInput{Filename: "jade.jpg", Description: "Jade's drawing", AltText: "A drawing of Jade and her dog",
			ReceivedOn: kith.Today(db.Now()), ProvidedBy: "Jade", ProvidedRole: "the child"}, jpeg, kith.DefaultMaxAttachment)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := db.Record(ctx, prac, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		in.Version = cur.Record.Version
		if _, err := db.FinaliseRecord(ctx, prac, d.ID, in); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAddendum(ctx, prac, d.ID, "Jade's school rang about her attendance."); err != nil {
			t.Fatal(err)
		}
		// A case summary written, finalised and then withdrawn as well.
		today := kith.Today(db.Now())
		sum, err := db.StartSummary(ctx, prac, amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic,
			Period: kith.SummaryPeriod{From: today.AddDays(-30), To: today}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.FinaliseRecord(ctx, prac, sum.RecordID, kith.RecordInput{TemplateKey: "case-summary", Headline: "Summary of Jade's month",
			OccurredAt: db.Now(), Version: 1, Content: kith.RecordContent{"analysis": {Text: "Jade is settling at school."},
				"views": {Text: "Jade said “it is better now”."}}}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{d.ID, sum.RecordID} {
			if err := db.WithdrawRecord(ctx, tm, id, "About Amy's cousin Jade, not Amy"); err != nil {
				t.Fatal(err)
			}
		}

		secret := []string{"Jade Birch", "Ivy Lane", "Three bags of rubbish", "school rang", "jade.jpg", "settling at school"}
		leaks := func(what string, v any) {
			t.Helper()
			s := strings.ToLower(strings.Join(strings.Fields(fmtAll(v)), " "))
			for _, w := range secret {
				if strings.Contains(s, strings.ToLower(w)) {
					t.Errorf("%s shows %q", what, w)
				}
			}
		}
		// The writer, a colleague in the team and an auditor: the notice only.
		for _, u := range []*kith.User{c.Prac1, c.Prac2, c.Auditor} {
			a := c.A(u)
			v, err := db.Record(ctx, a, d.ID)
			if err != nil {
				t.Fatalf("%s reads the notice: %v", u.Username, err)
			}
			r := v.Record
			if !r.ContentWithheld || r.Status != kith.RecordWithdrawn || r.WithdrawReason != "About Amy's cousin Jade, not Amy" ||
				r.WithdrawnByName != c.TM1.DisplayName || r.AuthorName != c.Prac1.DisplayName || r.TemplateName != "Home visit" || r.OccurredAt.IsZero() {
				t.Errorf("%s: the notice is not whole: %+v", u.Username, r)
			}
			if r.Headline != "" || r.Location != "" || len(r.Content) != 0 || len(r.Addenda) != 0 || len(r.Attachments) != 0 ||
				r.ContentHash != "" || r.Timeliness != nil || r.Significant || r.RiskIdentified {
				t.Errorf("%s reads a withdrawn record's content: %+v", u.Username, r)
			}
			leaks(u.Username+"'s record", v)
			if _, vs, err := db.RecordVersions(ctx, a, d.ID); kith.ErrorCode(err) != kith.EFORBIDDEN || vs != nil {
				t.Errorf("%s reads the saved versions: %v, %d versions", u.Username, err, len(vs))
			}
			if fs, err := db.RecordFindings(ctx, a, d.ID); kith.ErrorCode(err) != kith.EFORBIDDEN || fs != nil {
				t.Errorf("%s reads the coach's findings: %v %+v", u.Username, err, fs)
			}
			if _, data, err := db.Attachment(ctx, a, file.ID); kith.ErrorCode(err) != kith.ENOTFOUND || data != nil {
				t.Errorf("%s opens the file: %v", u.Username, err)
			}
			if s, err := db.Summary(ctx, a, sum.RecordID); kith.ErrorCode(err) != kith.EFORBIDDEN || s != nil {
				t.Errorf("%s reads the withdrawn summary: %v", u.Username, err)
			}
			sv, err := db.Record(ctx, a, sum.RecordID)
			if err != nil || !sv.Record.ContentWithheld {
				t.Errorf("%s reads the withdrawn summary's record: %v %+v", u.Username, err, sv)
			} else {
				leaks(u.Username+"'s summary record", sv)
			}
		}
		// Refusals are in the access log.
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE action = $1 AND case_id = $2`, string(kith.AuditAccessDenied), amy.ID); n < 9 {
			t.Errorf("%d refusals audited, want at least 9", n)
		}

		// The case's team manager and service manager read all of it.
		for _, u := range []*kith.User{c.TM1, c.SM1} {
			a := c.A(u)
			v, err := db.Record(ctx, a, d.ID)
			if err != nil || v.Record.ContentWithheld || v.Record.Headline != in.Headline || v.Record.Location != in.Location ||
				len(v.Record.Addenda) != 1 || len(v.Record.Attachments) != 1 || v.Record.ContentHash == "" {
				t.Errorf("%s reads the withdrawn record: %v %+v", u.Username, err, v)
			}
			if _, vs, err := db.RecordVersions(ctx, a, d.ID); err != nil || len(vs) == 0 || vs[0].Headline != in.Headline {
				t.Errorf("%s reads the saved versions: %v %+v", u.Username, err, vs)
			}
			if _, err := db.RecordFindings(ctx, a, d.ID); err != nil {
				t.Errorf("%s reads the coach's findings: %v", u.Username, err)
			}
			if _, data, err := db.Attachment(ctx, a, file.ID); err != nil || len(data) != len(jpeg) {
				t.Errorf("%s opens the file: %v", u.Username, err)
			}
			if s, err := db.Summary(ctx, a, sum.RecordID); err != nil || s == nil {
				t.Errorf("%s reads the withdrawn summary: %v", u.Username, err)
			}
		}
		// Someone who cannot open the case learns nothing, as before.
		if _, err := db.Record(ctx, c.A(c.Prac3), d.ID); kith.ErrorCode(err) != kith.ENOTFOUND {
			t.Errorf("outsider: %v", err)
		}
	})
}

// fmtAll is everything v holds, as text, to look for words in.
func fmtAll(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestWithdrawnRecordLeavesNoTrace: what a withdrawn record said does not
// live on elsewhere on the case: its key event leaves the case page (as it
// leaves the chronology), the actions agreed in it are closed and their
// words withheld in every list, and its text is no longer a source the
// writing coach matches, so the record rewritten on the right child's file
// is not stopped as text from "another child's record".
func TestWithdrawnRecordLeavesNoTrace(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac, tm := c.A(c.Prac1), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		jade := c.Allocate(tm, c.Case(prac, "Jade", "Birch", kithtest.Date(2014, 4, 4), c.T1), c.T1, c.Prac1)

		passage := "Her mother showed me the letter from the housing office about the damp in the back bedroom and the mould on the ceiling above the bed."
		in := homeVisit(db, 0, "Her mother would not leave the room")
		in.Content["observations"] = kith.SectionValue{Text: passage}
		in.Content["actions"] = kith.SectionValue{Actions: []kith.ActionItem{{What: "Ask the housing office to treat Jade's damp bedroom", Who: "Social worker",
			By: kith.DateOf(db.Now().AddDate(0, 0, 1)).String()}}}
		visit := c.Finalised(prac, amy.Reference, in)
		event := c.Finalised(prac, amy.Reference, kith.RecordInput{TemplateKey: "key-event", Headline: "Jade moved to her aunt's", OccurredAt: db.Now().Add(-time.Hour),
			Significant: true, Content: kith.RecordContent{"event_type": {Text: "placement_change"}, "event_date": {Text: kith.Today(db.Now()).String()}, "detail": {Text: "Jade moved to her aunt's in Kithton"}}})
		// A week later the action is overdue, and the record is withdrawn.
		kithtest.ClockOf(db).Add(7 * 24 * time.Hour)
		for _, r := range []*kith.Record{visit, event} {
			if err := db.WithdrawRecord(ctx, tm, r.ID, "About Jade, not Amy"); err != nil {
				t.Fatal(err)
			}
		}

		for _, a := range []kith.Actor{prac, tm, c.A(c.Auditor)} {
			o, err := db.CaseOverview(ctx, a, amy.Reference)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range o.KeyEvents {
				if strings.Contains(e.Summary, "aunt") {
					t.Errorf("%s: the case page shows the withdrawn record's key event %q", a.User.Username, e.Summary)
				}
			}
			_, actions, err := db.CaseActions(ctx, a, amy.Reference, kith.ActionFilter{})
			if err != nil || len(actions) != 1 {
				t.Fatalf("%s: actions %v %+v", a.User.Username, err, actions)
			}
			x := actions[0]
			if x.Status != kith.ActionNotNeeded || !x.SourceWithdrawn || strings.Contains(x.What, "housing") || x.Outcome == "" {
				t.Errorf("%s: the withdrawn record's action: %+v", a.User.Username, x)
			}
		}
		// No longer due: not in My work, nor the team's overdue actions.
		work, err := db.Work(ctx, prac, sqldb.WorkFilter{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		if s := fmtAll(work); strings.Contains(s, "housing") {
			t.Errorf("my work lists the withdrawn record's action: %s", s)
		}
		overdue, err := db.OverdueActions(ctx, tm, sqldb.WorkFilter{}, 100, 0)
		if err != nil || overdue.Total != 0 {
			t.Errorf("the team's overdue actions: %v %+v", err, overdue)
		}

		// Rewritten on Jade's file, the passage is hers: nothing matches it.
		note := quality.Note{Child: quality.Child{FirstName: "Jade"}, Parts: []quality.Part{{Key: "observations", Role: quality.RoleGeneral, Text: passage}}}
		fs, err := db.IndexFindings(ctx, prac, jade.Reference, note)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if strings.HasPrefix(f.Rule, "paste.") {
				t.Errorf("the withdrawn record is still a source: %+v", f)
			}
		}
	})
}
