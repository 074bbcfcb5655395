package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
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
		file, err := db.AddAttachment(ctx, prac, d.ID, kith.AttachmentInput{Filename: "jade.jpg", Description: "Jade's drawing",
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
