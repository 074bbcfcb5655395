package sqldb_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestRecordPageChecksTheRecord: reading a final record checks it against
// its fingerprint, copies and links, so that whoever may read it is told
// when it was changed behind Kith's back.
func TestRecordPageChecksTheRecord(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newProofStory(t, db)
		read := func(id string) *kith.RecordIntegrity {
			t.Helper()
			// The withdrawn record is read by the case's manager: only they
			// read what it said (kith.SeesRecordContent), and so its proof.
			who := s.prac
			if id == s.wrong.ID {
				who = s.tm
			}
			v, err := db.Record(s.ctx, who, id)
			must(t, err)
			if v.Record.Integrity == nil {
				t.Fatal("a final record was read unchecked")
			}
			return v.Record.Integrity
		}
		for _, id := range []string{s.visit.ID, s.call.ID, s.wrong.ID} {
			if in := read(id); !in.Unchanged() || in.Seq == 0 || len(in.LinkHash) != 64 || in.Checked.IsZero() {
				t.Errorf("record %s: %+v", id, in)
			}
		}
		d, err := db.CreateDraft(s.ctx, s.prac, s.amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
		must(t, err)
		if v, err := db.Record(s.ctx, s.prac, d.ID); err != nil || v.Record.Integrity != nil {
			t.Errorf("a draft: %v %+v", err, v.Record.Integrity)
		}

		behindKithsBack(t, db, []string{"records"}, func() {
			exec(t, db, `UPDATE records SET content = replace(content, 'Three bags', 'Ten bags') WHERE id = $1`, s.call.ID)
		})
		var logged bytes.Buffer
		db.Log = slog.New(slog.NewTextHandler(&logged, nil))
		in := read(s.call.ID)
		if in.Unchanged() || !strings.Contains(in.Problems[0], "no longer matches the fingerprint") {
			t.Errorf("edited record: %q", in.Problems)
		}
		// The operator is told which record, by its id: never the case's
		// reference, which the log's readers may not be allowed to learn.
		if !strings.Contains(logged.String(), s.call.ID) || strings.Contains(logged.String(), s.amy.Reference) {
			t.Errorf("the log of a changed record: %s", logged.String())
		}
		// The record before it is untouched, and says so.
		if in := read(s.visit.ID); !in.Unchanged() {
			t.Errorf("the record before: %q", in.Problems)
		}

		behindKithsBack(t, db, []string{"record_addenda"}, func() {
			exec(t, db, `UPDATE record_addenda SET text = 'No meeting was booked.' WHERE id = $1`, s.addendum)
		})
		if in := read(s.visit.ID); len(in.Problems) != 1 || !strings.Contains(in.Problems[0], "addendum of") {
			t.Errorf("edited addendum: %q", in.Problems)
		}

		// A forger who rewrites the withdrawn record's fingerprint and its
		// own link still breaks the link after it.
		behindKithsBack(t, db, []string{"records"}, func() {
			exec(t, db, `UPDATE records SET content_hash = $2 WHERE id = $1`, s.wrong.ID, strings.Repeat("a", 64))
		})
		n := s.seq(kith.ChainRecords, s.wrong.ID)
		behindKithsBack(t, db, []string{"chain_links"}, func() {
			row := db.RawStrings(t, `SELECT case_id, finalised_at FROM records WHERE id = $1`, s.wrong.ID)[0]
			at, err := time.Parse(time.RFC3339Nano, strings.Replace(row[1], " ", "T", 1))
			must(t, err)
			prev := db.RawStrings(t, `SELECT hash FROM chain_links WHERE chain = 'record' AND seq = $1`, n-1)[0][0]
			exec(t, db, `UPDATE chain_links SET hash = $2 WHERE chain = 'record' AND seq = $1`, n,
				kith.LinkHash(kith.ChainRecords, n, prev, kith.RecordEntry(s.wrong.ID, row[0], at, strings.Repeat("a", 64))))
		})
		if in := read(s.wrong.ID); in.Unchanged() || !strings.Contains(strings.Join(in.Problems, "; "), "no longer matches the fingerprint") {
			t.Errorf("forged record: %q", in.Problems)
		}
		s.c.Finalised(s.prac, s.amy.Reference, homeVisit(db, 0, "Out"))
		in = read(s.wrong.ID)
		if !strings.Contains(strings.Join(in.Problems, "; "), "the record chain is broken just after it") {
			t.Errorf("forged record, its own link rewritten: %q", in.Problems)
		}
	})
}
