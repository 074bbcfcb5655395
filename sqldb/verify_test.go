package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// behindKithsBack runs fn with the triggers on tables dropped and puts them
// back after, as a database user with the rights to do so could: the way
// round the database's own refusal to change a final record or the audit
// log.
func behindKithsBack(t *testing.T, db *sqldb.DB, tables []string, fn func()) {
	t.Helper()
	ctx := context.Background()
	var defs [][]string
	for _, table := range tables {
		var mine [][]string
		if db.Dialect == sqldb.SQLite {
			mine = db.RawStrings(t, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1`, table)
			for _, d := range mine {
				must(t, db.RawExec(ctx, `DROP TRIGGER `+d[0]))
			}
		} else {
			mine = db.RawStrings(t, `SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`, table)
			for _, d := range mine {
				must(t, db.RawExec(ctx, `DROP TRIGGER `+d[0]+` ON `+table))
			}
		}
		if len(mine) == 0 {
			t.Fatalf("no triggers on %s", table)
		}
		defs = append(defs, mine...)
	}
	fn()
	for _, d := range defs {
		must(t, db.RawExec(ctx, d[1]))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// exec runs statements behind Kith's back, each with its arguments.
func exec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if err := db.RawExec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// proofStory is a case with records finalised, one with an addendum, one
// withdrawn, and reads of them in the access log.
type proofStory struct {
	t                   *testing.T
	db                  *sqldb.DB
	c                   *council
	ctx                 context.Context
	prac, tm            kith.Actor
	amy                 *kith.Case
	visit, call, wrong  *kith.Record
	addendum            string
	viewEvent, newEvent string
}

func newProofStory(t *testing.T, db *sqldb.DB) *proofStory {
	s := &proofStory{t: t, db: db, c: newCouncil(t, db), ctx: context.Background()}
	s.prac, s.tm = s.c.A(s.c.Prac1), s.c.A(s.c.TM1)
	s.amy = s.c.Allocate(s.tm, s.c.Case(s.prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), s.c.T1), s.c.T1, s.c.Prac1)
	s.visit = s.c.Finalised(s.prac, s.amy.Reference, homeVisit(db, 0, "Mum would not leave the room"))
	s.call = s.c.Finalised(s.prac, s.amy.Reference, homeVisit(db, 0, "Asleep"))
	s.wrong = s.c.Finalised(s.prac, s.amy.Reference, homeVisit(db, 0, "Not at home"))
	must(t, db.AddAddendum(s.ctx, s.prac, s.visit.ID, "The school meeting is now booked for 6 January."))
	s.addendum = db.RawStrings(t, `SELECT id FROM record_addenda`)[0][0]
	must(t, db.WithdrawRecord(s.ctx, s.tm, s.wrong.ID, "Written on the wrong child's file"))
	for range 3 {
		if _, err := db.Record(s.ctx, s.c.A(s.c.Auditor), s.visit.ID); err != nil {
			t.Fatal(err)
		}
	}
	events := db.RawStrings(t, `SELECT id FROM audit_events WHERE action = 'record.viewed' ORDER BY id`)
	s.viewEvent, s.newEvent = events[0][0], events[len(events)-1][0]
	// On PostgreSQL the views join the audit chain moments later: the
	// stories below tamper with their entries, so they must be there.
	if _, err := db.ChainAuditBacklog(s.ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// verify checks the database.
func (s *proofStory) verify(roots ...kith.ChainRoot) *kith.IntegrityReport {
	s.t.Helper()
	rep, err := s.db.Verify(s.ctx, sqldb.VerifyOptions{Roots: roots})
	if err != nil {
		s.t.Fatal(err)
	}
	return rep
}

// seq is a subject's entry in a chain.
func (s *proofStory) seq(c kith.Chain, subject string) int64 {
	s.t.Helper()
	return int64(s.db.RawCount(s.t, `SELECT seq FROM chain_links WHERE chain = $1 AND subject_id = $2`, string(c), subject))
}

// root takes a daily root and returns it as it would be kept outside the
// database: parsed back from its exported line.
func (s *proofStory) root() kith.ChainRoot {
	s.t.Helper()
	if _, _, err := s.db.TakeDailyRoot(s.ctx); err != nil {
		s.t.Fatal(err)
	}
	lines, err := s.db.DailyRootLines(s.ctx)
	if err != nil || len(lines) == 0 {
		s.t.Fatalf("roots: %v %v", lines, err)
	}
	r, err := kith.ParseRootLine(lines[len(lines)-1])
	if err != nil {
		s.t.Fatal(err)
	}
	return r
}

// forgeVisit rewrites the visit as a forger who knew every copy Kith keeps
// would: its text, fingerprint, plain text, last saved version and search
// index, so that the record agrees with itself everywhere.
func (s *proofStory) forgeVisit() {
	t, db := s.t, s.db
	v, err := db.Record(s.ctx, s.c.A(s.c.Auditor), s.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := v.Record
	r.Content["observations"] = kith.SectionValue{Text: "Ten bags of rubbish by the back door."}
	content, _ := json.Marshal(r.Content)
	body := kith.PlainText(v.Template, r.Content)
	behindKithsBack(t, db, []string{"records", "record_versions"}, func() {
		exec(t, db, `UPDATE records SET content = $2, content_hash = $3, body = $4 WHERE id = $1`, r.ID, string(content), kith.ContentHash(r), body)
		exec(t, db, `UPDATE record_versions SET content = $2 WHERE record_id = $1`, r.ID, string(content))
		if db.Dialect == sqldb.SQLite {
			exec(t, db, `UPDATE record_search SET body = $2 WHERE record_id = $1`, r.ID, body)
		} else {
			exec(t, db, `UPDATE records SET search_doc = setweight(to_tsvector('english', headline), 'A') || to_tsvector('english', body) WHERE id = $1`, r.ID)
		}
	})
}

// forgeChain rewrites a chain from an entry on, as ForgeChain does, with
// the triggers of the chains dropped.
func (s *proofStory) forgeChain(c kith.Chain, from int64) {
	behindKithsBack(s.t, s.db, []string{"chain_links", "chain_heads"}, func() {
		must(s.t, s.db.ForgeChain(s.ctx, c, from))
	})
}

// TestVerifyFindsTampering changes the record of truth behind Kith's back
// in each way the issue names (and a few more), on both engines, and
// checks that the check finds every one and names the first broken link.
func TestVerifyFindsTampering(t *testing.T) {
	type want struct {
		chain kith.Chain
		// seq is the entry named (0: the subject is named instead).
		seq  func(s *proofStory) int64
		what string
	}
	entryOf := func(c kith.Chain, subject func(s *proofStory) string) func(s *proofStory) int64 {
		return func(s *proofStory) int64 { return s.seq(c, subject(s)) }
	}
	visit := func(s *proofStory) string { return s.visit.ID }
	tests := []struct {
		name   string
		tamper func(s *proofStory) []kith.ChainRoot
		want   []want
	}{
		{"a final record's text edited, its lock dropped and put back", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"records"}, func() {
				exec(s.t, s.db, `UPDATE records SET content = replace(content, 'Three bags', 'Ten bags') WHERE id = $1`, s.visit.ID)
			})
			return nil
		}, []want{{kith.ChainRecords, entryOf(kith.ChainRecords, visit),
			`it was changed after it was finalised: its content no longer matches the fingerprint it was finalised with`}}},
		{"a final record's text and fingerprint edited", func(s *proofStory) []kith.ChainRoot {
			v, err := s.db.Record(s.ctx, s.c.A(s.c.Auditor), s.visit.ID)
			must(s.t, err)
			v.Record.Headline = "Visit to review nothing"
			behindKithsBack(s.t, s.db, []string{"records"}, func() {
				exec(s.t, s.db, `UPDATE records SET headline = $2, content_hash = $3 WHERE id = $1`, s.visit.ID, v.Record.Headline, kith.ContentHash(v.Record))
			})
			return nil
		}, []want{{kith.ChainRecords, entryOf(kith.ChainRecords, visit),
			`it was changed after it was finalised: it differs from its last saved version`}}},
		{"a final record and every copy of it forged, and its link rewritten", func(s *proofStory) []kith.ChainRoot {
			s.forgeVisit()
			behindKithsBack(s.t, s.db, []string{"chain_links"}, func() {
				// Its own link made to follow from the one before; the
				// next link still holds the old hash.
				n := s.seq(kith.ChainRecords, s.visit.ID)
				prev := kith.GenesisHash
				if n > 1 {
					prev = s.db.RawStrings(s.t, `SELECT hash FROM chain_links WHERE chain = 'record' AND seq = $1`, n-1)[0][0]
				}
				row := s.db.RawStrings(s.t, `SELECT case_id, finalised_at, content_hash FROM records WHERE id = $1`, s.visit.ID)[0]
				at, err := time.Parse(time.RFC3339Nano, strings.Replace(row[1], " ", "T", 1))
				must(s.t, err)
				exec(s.t, s.db, `UPDATE chain_links SET hash = $3 WHERE chain = $1 AND seq = $2`, "record", n,
					kith.LinkHash(kith.ChainRecords, n, prev, kith.RecordEntry(s.visit.ID, row[0], at, row[2])))
			})
			return nil
		}, []want{{kith.ChainRecords, func(s *proofStory) int64 { return s.seq(kith.ChainRecords, s.visit.ID) + 1 },
			"its entry does not follow from the one before it"}}},
		{"an addendum edited", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"record_addenda"}, func() {
				exec(s.t, s.db, `UPDATE record_addenda SET text = 'No meeting was booked.' WHERE id = $1`, s.addendum)
			})
			return nil
		}, []want{{kith.ChainAddenda, entryOf(kith.ChainAddenda, func(s *proofStory) string { return s.addendum }), "the addendum was changed after it was written"}}},
		{"an addendum deleted", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"record_addenda"}, func() {
				exec(s.t, s.db, `DELETE FROM record_addenda WHERE id = $1`, s.addendum)
			})
			return nil
		}, []want{{kith.ChainAddenda, entryOf(kith.ChainAddenda, func(s *proofStory) string { return s.addendum }), "the addendum is missing"}}},
		{"a withdrawal undone", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"records"}, func() {
				exec(s.t, s.db, `UPDATE records SET status = 'final', withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = '' WHERE id = $1`, s.wrong.ID)
			})
			return nil
		}, []want{{kith.ChainWithdrawals, entryOf(kith.ChainWithdrawals, func(s *proofStory) string { return s.wrong.ID }), "the record is no longer withdrawn"}}},
		{"an audit event deleted", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"audit_events"}, func() {
				exec(s.t, s.db, `DELETE FROM audit_events WHERE id = $1`, s.viewEvent)
			})
			return nil
		}, []want{{kith.ChainAudit, entryOf(kith.ChainAudit, func(s *proofStory) string { return s.viewEvent }), "the audit event is missing: it was deleted"}}},
		{"an audit event edited", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"audit_events"}, func() {
				exec(s.t, s.db, `UPDATE audit_events SET user_id = $2 WHERE id = $1`, s.viewEvent, s.c.Prac2.ID)
			})
			return nil
		}, []want{{kith.ChainAudit, entryOf(kith.ChainAudit, func(s *proofStory) string { return s.viewEvent }), "the event was changed or moved after it was written"}}},
		{"two audit events swapped", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"audit_events"}, func() {
				exec(s.t, s.db, `UPDATE audit_events SET id = 'swap' WHERE id = $1`, s.viewEvent)
				exec(s.t, s.db, `UPDATE audit_events SET id = $1 WHERE id = $2`, s.viewEvent, s.newEvent)
				exec(s.t, s.db, `UPDATE audit_events SET id = $1 WHERE id = 'swap'`, s.newEvent)
			})
			return nil
		}, []want{
			{kith.ChainAudit, entryOf(kith.ChainAudit, func(s *proofStory) string { return s.viewEvent }), "the event was changed or moved"},
			{kith.ChainAudit, entryOf(kith.ChainAudit, func(s *proofStory) string { return s.newEvent }), "the event was changed or moved"}}},
		{"the audit chain's last entries deleted", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"chain_links"}, func() {
				exec(s.t, s.db, `DELETE FROM chain_links WHERE chain = 'audit' AND seq > (SELECT seq FROM chain_heads WHERE chain = 'audit') - 3`)
			})
			return nil
		}, []want{{kith.ChainAudit, func(s *proofStory) int64 { return s.seq(kith.ChainAudit, s.newEvent) - 2 }, "the entries after it were deleted"}}},
		{"the audit chain cut short, its head moved back", func(s *proofStory) []kith.ChainRoot {
			behindKithsBack(s.t, s.db, []string{"chain_links", "chain_heads"}, func() {
				exec(s.t, s.db, `DELETE FROM chain_links WHERE chain = 'audit' AND seq > (SELECT seq FROM chain_heads WHERE chain = 'audit') - 3`)
				exec(s.t, s.db, `UPDATE chain_heads SET seq = seq - 3, hash = (SELECT l.hash FROM chain_links l WHERE l.chain = 'audit' AND l.seq = chain_heads.seq - 3) WHERE chain = 'audit'`)
			})
			return nil
		}, []want{{kith.ChainAudit, func(*proofStory) int64 { return 0 }, "it is not in the audit chain"}}},
		{"the audit chain cut short with its events, after a daily root", func(s *proofStory) []kith.ChainRoot {
			s.root()
			behindKithsBack(s.t, s.db, []string{"chain_links", "chain_heads", "audit_events"}, func() {
				exec(s.t, s.db, `DELETE FROM audit_events WHERE id IN (SELECT subject_id FROM chain_links WHERE chain = 'audit' AND seq > (SELECT seq FROM chain_heads WHERE chain = 'audit') - 3)`)
				exec(s.t, s.db, `DELETE FROM chain_links WHERE chain = 'audit' AND seq > (SELECT seq FROM chain_heads WHERE chain = 'audit') - 3`)
				exec(s.t, s.db, `UPDATE chain_heads SET seq = seq - 3, hash = (SELECT l.hash FROM chain_links l WHERE l.chain = 'audit' AND l.seq = chain_heads.seq - 3) WHERE chain = 'audit'`)
			})
			return nil
		}, []want{{kith.ChainAudit, func(s *proofStory) int64 { return s.seq(kith.ChainAudit, s.newEvent) }, "entries were deleted"}}},
		{"a record and its chain forged after a daily root", func(s *proofStory) []kith.ChainRoot {
			s.root()
			s.forgeVisit()
			s.forgeChain(kith.ChainRecords, s.seq(kith.ChainRecords, s.visit.ID))
			return nil
		}, []want{{kith.ChainRecords, func(s *proofStory) int64 { return 3 }, "the chain was rewritten after it was taken"}}},
		{"a record, its chain and the roots in the database forged, a root kept outside", func(s *proofStory) []kith.ChainRoot {
			kept := s.root()
			s.forgeVisit()
			s.forgeChain(kith.ChainRecords, s.seq(kith.ChainRecords, s.visit.ID))
			behindKithsBack(s.t, s.db, []string{"chain_roots"}, func() { exec(s.t, s.db, `DELETE FROM chain_roots`) })
			s.root()
			// Without the copy kept outside, nothing in the database
			// tells: the limit docs/operating.md describes.
			if rep := s.verify(); !rep.OK() {
				s.t.Errorf("a forger who rewrote everything was caught without a root kept outside: %v", rep.Problems)
			}
			return []kith.ChainRoot{kept}
		}, []want{
			{"", nil, " in the database is not the copy of the daily root of "},
			{kith.ChainRecords, func(s *proofStory) int64 { return 3 }, "the chain was rewritten after it was taken"}}},
	}
	for _, engine := range kithtest.Engines {
		for _, tc := range tests {
			t.Run(engine+"/"+tc.name, func(t *testing.T) {
				db := kithtest.OpenDB(t, engine)
				s := newProofStory(t, db)
				if rep := s.verify(); !rep.OK() {
					t.Fatalf("before any change: %v", rep.Problems)
				}
				// Entry numbers are read before the change (a swap or a
				// deletion moves the rows they are read from).
				seqs := make([]int64, len(tc.want))
				for i, w := range tc.want {
					if w.seq != nil {
						seqs[i] = w.seq(s)
					}
				}
				roots := tc.tamper(s)
				rep := s.verify(roots...)
				if rep.OK() {
					t.Fatal("the check found nothing")
				}
				if len(rep.Problems) < len(tc.want) {
					t.Fatalf("found %d problems, want %d: %v", len(rep.Problems), len(tc.want), rep.Problems)
				}
				for i, w := range tc.want {
					p := rep.Problems[i]
					if p.Chain != w.chain || p.Seq != seqs[i] || !strings.Contains(p.What, w.what) {
						t.Errorf("problem %d = %s (chain %q, entry %d), want chain %q, entry %d, %q", i, p.Message(), p.Chain, p.Seq, w.chain, seqs[i], w.what)
					}
				}
				for _, p := range rep.Problems {
					if strings.Contains(p.What, "bags") || strings.Contains(p.What, "meeting") {
						t.Errorf("the report quotes the record: %s", p.Message())
					}
				}
			})
		}
	}
}

// TestChainsOneOrderForConcurrentWriters writes from many goroutines at
// once (on PostgreSQL, as several servers would) and checks that each
// chain is one sequence without gaps that the check accepts.
func TestChainsOneOrderForConcurrentWriters(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newProofStory(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 4 {
					var err error
					if (i+j)%2 == 0 {
						_, err = db.Record(s.ctx, s.c.A(s.c.Auditor), s.visit.ID)
					} else {
						_, err = db.FinaliseRecord(s.ctx, s.prac, mustDraft(t, s), homeVisit(db, 1, fmt.Sprintf("Asleep %d %d", i, j)))
					}
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		rep := s.verify()
		if !rep.OK() {
			t.Fatalf("problems: %v", rep.Problems)
		}
		heads, err := db.ChainHeads(s.ctx)
		must(t, err)
		for _, h := range heads {
			// The head and its links in one statement, so one snapshot:
			// on PostgreSQL the chainer may be adding the check's own
			// audit event as this runs.
			got := db.RawStrings(t, `SELECT h.seq, (SELECT COUNT(*) FROM chain_links l WHERE l.chain = h.chain),
				(SELECT COALESCE(MAX(seq), 0) FROM chain_links l WHERE l.chain = h.chain) FROM chain_heads h WHERE h.chain = $1`, string(h.Chain))
			if len(got) != 1 || got[0][1] != got[0][0] || got[0][2] != got[0][0] {
				t.Errorf("%s chain: head, links and last %v", h.Chain, got)
			}
		}
		if got, want := heads[0].Seq, int64(db.RawCount(t, `SELECT COUNT(*) FROM records WHERE status <> 'draft'`)); got != want {
			t.Errorf("record chain %d, final records %d", got, want)
		}
	})
}

// mustDraft starts a home visit on Amy's case for the practitioner.
func mustDraft(t *testing.T, s *proofStory) string {
	d, err := s.db.CreateDraft(s.ctx, s.prac, s.amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
	if err != nil {
		t.Error(err)
		return ""
	}
	return d.ID
}

// TestChainsTakeInWhatCameBefore: a council's records, addenda,
// withdrawals and audit events written before migration 00024 join the
// chains when Kith next starts, and the check then passes.
func TestChainsTakeInWhatCameBefore(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newProofStory(t, db)
		// As before the chains: the migration undone, the rows kept.
		must(t, db.MigrateDownTo(s.ctx, 23))
		must(t, db.Migrate(s.ctx))
		if n := db.RawCount(t, `SELECT COUNT(*) FROM chain_backlog`); n != 0 {
			t.Errorf("%d entries left in the backlog", n)
		}
		rep := s.verify()
		if !rep.OK() || rep.Pending != 0 {
			t.Fatalf("%s %v", rep.Summary(), rep.Problems)
		}
		for c, q := range map[kith.Chain]string{
			kith.ChainRecords:     `SELECT COUNT(*) FROM records WHERE status <> 'draft'`,
			kith.ChainAddenda:     `SELECT COUNT(*) FROM record_addenda`,
			kith.ChainWithdrawals: `SELECT COUNT(*) FROM records WHERE status = 'withdrawn'`,
			kith.ChainAudit:       `SELECT COUNT(*) FROM audit_events`,
		} {
			if got, want := db.RawCount(t, `SELECT seq FROM chain_heads WHERE chain = $1`, string(c)), db.RawCount(t, q); got != want || want == 0 {
				t.Errorf("%s chain: %d entries, %d rows", c, got, want)
			}
		}
		// And what is written after joins them as usual.
		s.c.Finalised(s.prac, s.amy.Reference, homeVisit(db, 0, "Asleep"))
		if rep := s.verify(); !rep.OK() {
			t.Fatalf("%s %v", rep.Summary(), rep.Problems)
		}
	})
}
