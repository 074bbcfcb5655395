package synth_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/synth"
)

// TestGeneratedRecordsAreValid reads every generated record back through
// the service methods and checks it as Kith would: it uses only its
// template's sections, passes the checks for a final record, reads as
// its stored body, and its content hash is the one kith.ContentHash gives.
// The running record, search and the demo users' drafts work on them.
func TestGeneratedRecordsAreValid(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			cfg := smallConfig(5)
			cfg.BusyCaseRecords = 300
			db, c := generate(t, engine, cfg)
			n := c.Counts
			if n.Records < 20*n.Cases/2 || n.Drafts < 4 {
				t.Fatalf("%d records and %d drafts for %d cases", n.Records, n.Drafts, n.Cases)
			}
			auditor := actor(t, db, c.AuditorID)
			rows, err := db.ReadPool().QueryContext(ctx, `SELECT r.id, r.body, c.reference FROM records r JOIN cases c ON c.id = r.case_id
				WHERE r.status = 'final' AND c.restricted = FALSE ORDER BY r.id`)
			if err != nil {
				t.Fatal(err)
			}
			type row struct{ id, body, ref string }
			var all []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.body, &r.ref); err != nil {
					t.Fatal(err)
				}
				all = append(all, r)
			}
			rows.Close()
			if len(all) < n.Records*9/10 {
				t.Fatalf("read %d of %d records", len(all), n.Records)
			}
			kinds := map[string]int{}
			authors := map[string]*kith.User{}
			for _, r := range all {
				v, err := db.Record(ctx, auditor, r.id)
				if err != nil {
					t.Fatal(err)
				}
				rec, tp := v.Record, v.Template
				kinds[tp.Key]++
				for key := range rec.Content {
					if _, ok := tp.Section(key); !ok {
						t.Errorf("%s: %s has no section %q", r.id, tp.Ref(), key)
					}
				}
				in := kith.RecordInput{TemplateKey: tp.Key, Headline: rec.Headline, OccurredAt: rec.OccurredAt, OccurredUntil: rec.OccurredUntil,
					Location: rec.Location, Significant: rec.Significant, Content: rec.Content}
				if err := in.CheckFinal(tp, kith.RecordRules{Now: *rec.FinalisedAt}); err != nil {
					t.Errorf("%s (%s %q) would not finalise: %v", r.id, tp.Key, rec.Headline, kith.ErrorFields(err))
				}
				if got := kith.ContentHash(rec); got != rec.ContentHash {
					t.Errorf("%s: content hash %s, want %s", r.id, rec.ContentHash, got)
				}
				if body := kith.PlainText(tp, rec.Content); body != r.body {
					t.Errorf("%s: body\n%s\nwant\n%s", r.id, r.body, body)
				}
				if rec.Status != kith.RecordFinal || rec.Version != 1 || rec.FinalisedAt.Before(rec.CreatedAt) || rec.FinalisedAt.Before(rec.OccurredAt) ||
					rec.FinalisedAt.After(testNow) || rec.CreatedAt.Before(rec.OccurredAt) {
					t.Errorf("%s: status %s version %d, occurred %s, begun %s, finalised %s", r.id, rec.Status, rec.Version, rec.OccurredAt, rec.CreatedAt, rec.FinalisedAt)
				}
				if rec.CaseReference != r.ref {
					t.Errorf("%s: on %s, want %s", r.id, rec.CaseReference, r.ref)
				}
				u := authors[rec.AuthorID]
				if u == nil {
					u = actor(t, db, rec.AuthorID).User
					authors[rec.AuthorID] = u
				}
				if !tp.MayWrite(u) {
					t.Errorf("%s: %s may not write a %s", r.id, u.DisplayName, tp.Name)
				}
				for _, s := range strings.Split(strings.TrimSpace(r.body), "\n") {
					if strings.ContainsAny(s, "{}") {
						t.Errorf("%s: placeholder left in %q", r.id, s)
					}
				}
			}
			for _, key := range []string{"home-visit", "phone-call", "agency-information", "email-or-letter", "case-discussion",
				"professionals-meeting", "management-decision", "direct-session", "contact-note", "key-event", "intervention-session"} {
				if kinds[key] == 0 {
					t.Errorf("no %s records in %v", key, kinds)
				}
			}
			if kinds["home-visit"] < kinds["key-event"] || kinds["phone-call"] < kinds["management-decision"] {
				t.Errorf("unlikely mix of records: %v", kinds)
			}

			// The busy case's running record pages through its records,
			// newest first.
			worker := actor(t, db, c.BusyWorkerID)
			_, rr, err := db.RunningRecord(ctx, worker, c.BusyReference, kith.RecordFilter{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(rr.Rows) != 50 || rr.Next == "" {
				t.Fatalf("busy case: %d rows, next %q", len(rr.Rows), rr.Next)
			}
			for i := 1; i < len(rr.Rows); i++ {
				if rr.Rows[i].OccurredAt.After(rr.Rows[i-1].OccurredAt) {
					t.Errorf("running record out of order at %d", i)
				}
			}
			var busy int
			if err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*) FROM records r JOIN cases c ON c.id = r.case_id
				WHERE c.reference = $1 AND r.status = 'final'`, c.BusyReference).Scan(&busy); err != nil || busy != 300 {
				t.Errorf("the busy case has %d records (%v), want 300", busy, err)
			}

			// Search finds generated records, for those who may see them.
			q, _ := kith.ParseRecordQuery("school attendance")
			hits, _, err := db.SearchRecords(ctx, auditor, kith.RecordSearch{Query: q})
			if err != nil || len(hits) == 0 || !strings.Contains(hits[0].Snippet, kith.MarkStart) {
				t.Fatalf("search: %v, %d hits", err, len(hits))
			}

			// The demo practitioner has drafts to finish, due within days.
			drafts, err := db.MyDrafts(ctx, actor(t, db, c.PractitionerID))
			if err != nil || len(drafts) < 3 {
				t.Fatalf("my drafts: %v, %d", err, len(drafts))
			}
			for _, d := range drafts {
				view, err := db.Record(ctx, actor(t, db, c.PractitionerID), d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !view.Record.Editable() || view.Record.LastSavedBy == "" || view.Record.OccurredAt.After(testNow) {
					t.Errorf("draft %+v", view.Record)
				}
				if d.DueBy.Before(kith.Today(testNow.Add(-10 * 24 * time.Hour))) {
					t.Errorf("draft due %s", d.DueBy)
				}
			}
			if mine, err := db.MyDrafts(ctx, actor(t, db, c.ManagerID)); err != nil || len(mine) != 1 {
				t.Errorf("the demo manager's drafts: %v, %d", err, len(mine))
			}
		})
	}
}

// TestRecordsLeaveTheCouncilAlone checks that records are made from their
// own random numbers: the same seed makes the same cases with or without
// them.
func TestRecordsLeaveTheCouncilAlone(t *testing.T) {
	list := func(records int) []string {
		cfg := smallConfig(9)
		cfg.RecordsPerCase = records
		db, c := generate(t, "sqlite", cfg)
		page, err := db.Caseload(context.Background(), actor(t, db, c.AuditorID), kith.CaseloadFilter{IncludeClosed: true, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range page.Cases {
			out = append(out, s.Reference+" "+s.ChildName+" "+s.WorkerName)
		}
		if records < 0 && c.Counts.Records != 0 {
			t.Errorf("%d records made when none were asked for", c.Counts.Records)
		}
		return out
	}
	if a, b := list(-1), list(40); strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Error("records changed the council")
	}
	_ = synth.DefaultRecordsPerCase
}

// TestActionsSayWhoTheyAreFor: the actions a generated council's records
// agree are given to the worker, the family or a professional, as a
// worker chooses them from the form's list, so the family version of a
// summary names who does what; only a parent the list does not offer is
// typed in.
func TestActionsSayWhoTheyAreFor(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(5))
	rows, err := db.ReadPool().QueryContext(ctx, `SELECT owner_kind, COALESCE(owner_id, ''), owner_name, owner_role, owner_agency FROM actions WHERE source_kind = 'record'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	kinds := map[kith.OwnerKind]int{}
	outside := 0
	for rows.Next() {
		var o kith.Owner
		if err := rows.Scan(&o.Kind, &o.ID, &o.Name, &o.Role, &o.Agency); err != nil {
			t.Fatal(err)
		}
		kinds[o.Kind]++
		if o.Kind != kith.OwnerOther && (o.ID == "" || kith.FamilyWho(o, o.Name) == "Someone outside the family") {
			t.Errorf("an action for %+v reads %q in the family version", o, kith.FamilyWho(o, o.Name))
		}
		if o.Kind == kith.OwnerOther {
			outside++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	total := kinds[kith.OwnerWorker] + kinds[kith.OwnerFamily] + kinds[kith.OwnerProfessional] + outside
	if total == 0 || kinds[kith.OwnerWorker] == 0 || kinds[kith.OwnerFamily] == 0 || kinds[kith.OwnerProfessional] == 0 || outside*10 > total {
		t.Errorf("owners of the generated actions: %v", kinds)
	}
}

// TestParentsAreOldEnough: in the generated council every parent,
// step-parent or carer of a child was at least 16 when the child was born.
func TestParentsAreOldEnough(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(200))
	rows, err := db.ReadPool().QueryContext(ctx, `SELECT r.kind, p.first_name, p.date_of_birth, ch.first_name, ch.date_of_birth
		FROM relationships r JOIN people p ON p.id = r.person_id JOIN people ch ON ch.id = r.child_id
		WHERE r.kind IN ('parent', 'step_parent') AND p.date_of_birth IS NOT NULL AND ch.date_of_birth IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var kind, parent, child, pdob, cdob string
		if err := rows.Scan(&kind, &parent, &pdob, &child, &cdob); err != nil {
			t.Fatal(err)
		}
		p, err1 := kith.ParseISODate(pdob[:10])
		c, err2 := kith.ParseISODate(cdob[:10])
		if err1 != nil || err2 != nil {
			t.Fatalf("dates %q %q", pdob, cdob)
		}
		n++
		if p.AddDays(16 * 365).After(c) {
			t.Errorf("%s %s, born %s, is %s's %s, born %s", kind, parent, p, child, kind, c)
		}
	}
	if n == 0 {
		t.Fatal("no parents with dates of birth")
	}
}

// TestBabiesAreNotSeenAlone: no generated record says a child under three
// was seen alone.
func TestBabiesAreNotSeenAlone(t *testing.T) {
	ctx := context.Background()
	db, _ := generate(t, "sqlite", smallConfig(200))
	var n int
	var example sql.NullString
	err := db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*), MIN(r.template_key || ' on ' || substr(r.occurred_at, 1, 10) || ' for a child born ' || substr(ch.date_of_birth, 1, 10))
		FROM records r JOIN cases c ON c.id = r.case_id JOIN people ch ON ch.id = c.child_id
		WHERE json_extract(r.content, '$.child_seen_alone.answer') = 'yes' AND date(r.occurred_at) < date(ch.date_of_birth, '+3 years')`).Scan(&n, &example)
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		t.Errorf("%d records say a child under three was seen alone, such as a %s", n, example.String)
	}
	// Nor does a case page, which shows when the child was last seen alone.
	err = db.ReadPool().QueryRowContext(ctx, `SELECT COUNT(*), MIN(c.reference) FROM case_facts f JOIN cases c ON c.id = f.case_id JOIN people ch ON ch.id = c.child_id
		WHERE f.last_seen_alone_on IS NOT NULL AND date(f.last_seen_alone_on) < date(ch.date_of_birth, '+3 years')`).Scan(&n, &example)
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		t.Errorf("%d cases say their child was last seen alone before the age of three, such as %s", n, example.String)
	}
}
