package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// disposalStory is a closed case with something in every part of its
// record, a sibling's case still open that shares its father, and two
// information governance officers.
type disposalStory struct {
	t        *testing.T
	db       *sqldb.DB
	c        *council
	ctx      context.Context
	ig1, ig2 kith.Actor
	amy, ben *kith.Case
	records  []string
	dad      string
}

// The words the story writes into Amy's record, none of them anywhere
// else: after disposal none may be left in any table.
var disposedWords = []string{"Three bags of rubbish", "Quennell", "07700900461", "grandad's allotment", "crayon drawing of the allotment"}

func newDisposalStory(t *testing.T, db *sqldb.DB) *disposalStory {
	s := &disposalStory{t: t, db: db, ctx: context.Background()}
	// Amy's case was open in the spring of 2024.
	kithtest.ClockOf(db).Set(londonTime(2024, 3, 1, 10))
	s.c = newCouncil(t, db)
	s.ig1 = s.c.A(s.c.User("ida.info", []kith.Role{kith.RoleInformationGovernance}))
	s.ig2 = s.c.A(s.c.User("ira.info", []kith.Role{kith.RoleInformationGovernance}))
	prac, tm := s.c.A(s.c.Prac1), s.c.A(s.c.TM1)
	s.amy = s.c.Allocate(tm, s.c.Case(prac, "Amy", "Quennell", kithtest.Date(2015, 5, 5), s.c.T1), s.c.T1, s.c.Prac1)
	s.ben = s.c.Allocate(tm, s.c.Case(prac, "Ben", "Ashdown", kithtest.Date(2013, 2, 2), s.c.T1), s.c.T1, s.c.Prac1)
	var err error
	s.dad, err = s.db.AddNetworkMember(s.ctx, prac, s.amy.Reference, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Wilfred", LastName: "Quennell"},
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes},
	})
	must(t, err)
	must(t, db.AddPhone(s.ctx, prac, s.amy.Reference, s.dad, kith.PhoneInput{Number: "07700 900 461", Kind: kith.PhoneMobile}))
	// Ben's mother, in Amy's network and Ben's: she stays, with Ben's case.
	mum, err := s.db.AddNetworkMember(s.ctx, prac, s.ben.Reference, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Carol", LastName: "Ashdown"},
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes},
	})
	must(t, err)
	_, err = s.db.AddNetworkMember(s.ctx, prac, s.amy.Reference, kith.NewNetworkMemberInput{ExistingPersonID: mum,
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes}})
	must(t, err)

	visit := s.c.Finalised(prac, s.amy.Reference, homeVisit(db, 0, "Mum stayed in the room"))
	must(t, db.AddAddendum(s.ctx, prac, visit.ID, "They had been at grandad's allotment all morning."))
	wrong := s.c.Finalised(prac, s.amy.Reference, homeVisit(db, 0, "Not at home"))
	must(t, db.WithdrawRecord(s.ctx, tm, wrong.ID, "Written on the wrong child's file"))
	d, err := db.CreateDraft(s.ctx, prac, s.amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
	must(t, err)
	jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
	_, err = db.AddAttachment(s.ctx, prac, d.ID, kith.AttachmentInput{Filename: "allotment.jpg", Description: "Amy's crayon drawing of the allotment",
		AltText: "A shed and a bean row", ReceivedOn: kith.Today(db.Now()), ProvidedBy: "Amy", ProvidedRole: "the child"}, jpeg, kith.DefaultMaxAttachment)
	must(t, err)
	// The file moved the draft on a version.
	in := homeVisit(db, db.RawCount(t, `SELECT version FROM records WHERE id = $1`, d.ID), "Asleep")
	_, err = db.FinaliseRecord(s.ctx, prac, d.ID, in)
	must(t, err)
	// A draft left unfinished, as drafts are.
	_, err = db.CreateDraft(s.ctx, prac, s.amy.Reference, kith.RecordInput{TemplateKey: "home-visit"})
	must(t, err)
	for _, row := range db.RawStrings(t, `SELECT id FROM records WHERE case_id = $1`, s.amy.ID) {
		s.records = append(s.records, row[0])
	}
	// A summary started and not finished: the case closes without it.
	_, err = db.StartSummary(s.ctx, prac, s.amy.Reference, kith.SummaryStart{Reason: kith.SummaryPeriodic,
		Period: kith.SummaryPeriod{From: kithtest.Date(2024, 1, 1), To: kithtest.Date(2024, 3, 1)}})
	must(t, err)
	o, err := db.CaseOverview(s.ctx, tm, s.amy.Reference)
	must(t, err)
	_, err = db.CloseCase(s.ctx, tm, s.amy.Reference, kith.CloseInput{Reason: "RC8", Note: "No further action", Version: o.Case.Version,
		WithoutSummary: "The family moved away before it was written"})
	must(t, err)
	// The chains take in what is waiting (PostgreSQL's audit events).
	_, err = db.ChainAuditBacklog(s.ctx)
	must(t, err)
	return s
}

// at moves the story's clock to 10 a.m. on a day.
func (s *disposalStory) at(y int, m time.Month, d int) {
	kithtest.ClockOf(s.db).Set(londonTime(y, m, d, 10))
}

func TestDisposalNeedsTwoPeopleAndHonoursHolds(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		ctx, ref := s.ctx, s.amy.Reference
		// Only information governance officers.
		for _, who := range []kith.Actor{s.c.A(s.c.Prac1), s.c.A(s.c.TM1), s.c.A(s.c.Admin), s.c.A(s.c.Auditor)} {
			if _, err := db.RetentionReview(ctx, who); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s saw the review list: %v", who.User.Username, err)
			}
			if err := db.ProposeDisposal(ctx, who, ref, ""); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s proposed a disposal: %v", who.User.Username, err)
			}
		}
		// The council keeps everything a year after closure.
		if err := db.SetRetentionPolicy(ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 0, OtherYears: 1}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("no years for child protection: %v", err)
		}
		must(t, db.SetRetentionPolicy(ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))

		// Still within its year: refused, saying until when.
		s.at(2025, 2, 20)
		if err := db.ProposeDisposal(ctx, s.ig1, ref, ""); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorMessage(err), "It must be kept until 1 March 2025: 1 year after the case closed") {
			t.Errorf("proposed within retention: %v", err)
		}
		if err := db.ProposeDisposal(ctx, s.ig1, s.ben.Reference, ""); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorMessage(err), "is open") {
			t.Errorf("proposed an open case: %v", err)
		}

		s.at(2025, 3, 5)
		rv, err := db.RetentionReview(ctx, s.ig1)
		must(t, err)
		if rv.DueCount != 1 || rv.Due[0].CaseReference != ref || rv.Due[0].Kind != "Child in need or other" || rv.Due[0].Due.Until != kithtest.Date(2025, 3, 1) {
			t.Fatalf("review list: %+v", rv)
		}
		// A hold stops it being proposed; lifted, it may be.
		if err := db.PlaceLegalHold(ctx, s.ig1, ref, kith.LegalHoldInput{PlacedOn: kithtest.Date(2025, 3, 6)}); len(kith.ErrorFields(err)) != 2 {
			t.Errorf("a hold with no reason, tomorrow: %v", err)
		}
		must(t, db.PlaceLegalHold(ctx, s.ig1, ref, kith.LegalHoldInput{Reason: "Claim against the council, letter of 2 March", PlacedOn: kithtest.Date(2025, 3, 4)}))
		if err := db.ProposeDisposal(ctx, s.ig1, ref, ""); kith.ErrorCode(err) != kith.EINVALID || !strings.Contains(kith.ErrorMessage(err), "A legal hold stands (Claim against the council") {
			t.Errorf("proposed under a hold: %v", err)
		}
		rv, err = db.RetentionReview(ctx, s.ig1)
		must(t, err)
		if rv.DueCount != 0 || len(rv.Held) != 1 {
			t.Errorf("held case: %+v", rv)
		}
		cr, err := db.CaseRetention(ctx, s.ig1, ref)
		must(t, err)
		must(t, db.LiftLegalHold(ctx, s.ig2, ref, kith.LiftHoldInput{HoldID: cr.Holds[0].ID, Reason: "Claim settled"}))
		must(t, db.ProposeDisposal(ctx, s.ig1, ref, "First review under the new policy"))
		if err := db.ProposeDisposal(ctx, s.ig2, ref, ""); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("proposed twice: %v", err)
		}
		// The proposer cannot approve it.
		if _, err := db.DecideDisposal(ctx, s.ig1, ref, kith.DisposalDecision{Decision: kith.DisposalApprove}); kith.ErrorCode(err) != kith.EFORBIDDEN {
			t.Errorf("the proposer approved: %v", err)
		}
		// A subject access request arrives: it holds the record while it
		// is answered, so approval is refused.
		sar, err := db.RecordSubjectAccessRequest(ctx, s.ig1, "", kith.SubjectAccessInput{CaseReference: ref, RequesterName: "Amy Quennell",
			Relation: "self", ReceivedOn: kithtest.Date(2025, 3, 5), IdentityCheck: "photo_id"})
		must(t, err)
		if _, err := db.DecideDisposal(ctx, s.ig2, ref, kith.DisposalDecision{Decision: kith.DisposalApprove}); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorMessage(err), "subject access request "+sar.Reference+" is being answered") {
			t.Errorf("approved while a request is answered: %v", err)
		}
		in := sar.SubjectAccessInput
		in.RespondedOn = kithtest.Date(2025, 3, 5)
		in.Version = sar.Version
		_, err = db.RecordSubjectAccessRequest(ctx, s.ig1, sar.ID, in)
		must(t, err)
		// Turned down, with why; proposed again; approved.
		if _, err := db.DecideDisposal(ctx, s.ig2, ref, kith.DisposalDecision{}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("turned down without a reason: %v", err)
		}
		d, err := db.DecideDisposal(ctx, s.ig2, ref, kith.DisposalDecision{Decision: kith.DisposalTurnDown, Note: "Wait for the requester's reply"})
		must(t, err)
		if d.State != kith.DisposalCancelled {
			t.Errorf("turned down: %+v", d)
		}
		must(t, db.ProposeDisposal(ctx, s.ig2, ref, ""))
		d, err = db.DecideDisposal(ctx, s.ig1, ref, kith.DisposalDecision{Decision: kith.DisposalApprove, Note: "Checked against the schedule"})
		must(t, err)
		if d.State != kith.DisposalDisposed || d.Records != 5 || d.Files != 1 || d.ProposedBy != "Ira Info" || d.DecidedBy != "Ida Info" {
			t.Errorf("tombstone %+v", d)
		}
		rv, err = db.RetentionReview(ctx, s.ig1)
		must(t, err)
		if rv.DueCount != 0 || len(rv.Disposed) != 1 || rv.Disposed[0].CaseReference != ref {
			t.Errorf("after disposal: %+v", rv)
		}
		if err := db.PlaceLegalHold(ctx, s.ig1, ref, kith.LegalHoldInput{Reason: "Inquiry", PlacedOn: kithtest.Date(2025, 3, 5)}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("held after disposal: %v", err)
		}
		if _, err := db.DecideDisposal(ctx, s.ig2, ref, kith.DisposalDecision{Decision: kith.DisposalApprove}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("disposed twice: %v", err)
		}
	})
}

func TestDisposalLeavesNothingOfTheCase(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		files := t.TempDir()
		db.FilesDir = files
		s := newDisposalStory(t, db)
		ctx, ref := s.ctx, s.amy.Reference
		stored, _ := filepath.Glob(filepath.Join(files, "*", "*"))
		must(t, db.SetRetentionPolicy(ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		before := s.verify()
		must(t, db.ProposeDisposal(ctx, s.ig1, ref, ""))
		_, err := db.DecideDisposal(ctx, s.ig2, ref, kith.DisposalDecision{Decision: kith.DisposalApprove})
		must(t, err)

		// The chains still verify, every link checked, the removed ones
		// from the digests kept.
		rep := s.verify()
		if rep.Disposed != 5 || rep.Records != before.Records-3 || rep.ProblemCount != 0 {
			t.Errorf("disposed entries %d (want 3 records, 1 addendum, 1 withdrawal), records checked %d (before %d)", rep.Disposed, rep.Records, before.Records)
		}
		// Nothing of what the record said, nor of the father, nor any
		// trace of its records, is left in any table but the audit log
		// (which says who saw the case and when, and is never changed)
		// and the chains (digests only).
		keep := map[string]bool{"audit_events": true, "audit_listings": true, "audit_list_cases": true, "chain_links": true,
			"disposed_entries": true, "chain_backlog": true}
		for _, w := range append(append([]string{}, disposedWords...), s.records...) {
			for _, table := range tablesHolding(t, db, w) {
				if !keep[table] {
					t.Errorf("%q is still in %s", w, table)
				}
			}
		}
		if len(stored) != 1 {
			t.Fatalf("files stored before: %v", stored)
		}
		if _, err := os.Stat(stored[0]); !os.IsNotExist(err) {
			t.Errorf("the drawing's file is still stored: %v", err)
		}
		// Ben's mother stays, in Ben's network.
		if n := db.RawCount(t, `SELECT COUNT(*) FROM people WHERE first_name = 'Carol'`); n != 1 {
			t.Errorf("Ben's mother: %d", n)
		}
		// Who could have seen the case is told it was disposed of;
		// anyone else is told nothing.
		if _, err := db.CaseOverview(ctx, s.c.A(s.c.TM1), ref); kith.ErrorCode(err) != kith.ENOTFOUND ||
			!strings.Contains(kith.ErrorMessage(err), "record was disposed of on 5 March 2025 under the retention policy") {
			t.Errorf("the manager opening it: %v", err)
		}
		if _, err := db.CaseOverview(ctx, s.c.A(s.c.Prac3), ref); kith.ErrorMessage(err) != kith.ErrorMessage(kith.NotFound("Case")) {
			t.Errorf("an outsider opening it: %v", err)
		}
		// Tampering still shows: a disposed entry's digest changed.
		behindKithsBack(t, db, []string{"disposed_entries"}, func() {
			exec(t, db, `UPDATE disposed_entries SET entry_digest = 'a digest that was never an entry''s' WHERE chain = 'addendum'`)
		})
		rep = s.verify()
		if rep.ProblemCount != 1 || !strings.Contains(rep.Problems[0].What, "does not match its link") {
			t.Errorf("a changed digest: %+v", rep.Problems)
		}
	})
}

// A record deleted behind Kith's back with a digest put in its place, but
// no approved disposal: verify says so.
func TestRemovalWithoutDisposalShows(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		must(t, db.SetRetentionPolicy(s.ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		must(t, db.ProposeDisposal(s.ctx, s.ig1, s.amy.Reference, ""))
		id := db.RawStrings(t, `SELECT id FROM case_disposals`)[0][0]
		addendum := db.RawStrings(t, `SELECT id FROM record_addenda`)[0][0]
		row := db.RawStrings(t, `SELECT a.record_id, a.author_id, a.created_at, a.text FROM record_addenda a WHERE a.id = $1`, addendum)[0]
		at, err := time.Parse(time.RFC3339Nano, strings.Replace(row[2], " ", "T", 1))
		must(t, err)
		digest := kith.EntryDigest(kith.AddendumEntry(addendum, row[0], row[1], at, row[3]))
		behindKithsBack(t, db, []string{"record_addenda"}, func() {
			exec(t, db, `DELETE FROM record_addenda WHERE id = $1`, addendum)
			exec(t, db, `INSERT INTO disposed_entries (chain, subject_id, entry_digest, disposal_id) VALUES ('addendum', $1, $2, $3)`, addendum, digest, id)
		})
		rep := s.verify()
		if rep.ProblemCount != 1 {
			t.Fatalf("problems %+v", rep.Problems)
		}
		if w := rep.Problems[0].What; !strings.Contains(w, "no approved disposal covers it") {
			t.Errorf("problem %q", w)
		}
		// Only proposed: the database itself still refuses to delete a
		// final record.
		if err := db.RawExec(s.ctx, `DELETE FROM records WHERE id = $1 AND status = 'final'`, s.records[0]); err == nil {
			t.Error("a final record was deleted without a disposal")
		}
	})
}

func (s *disposalStory) verify() *kith.IntegrityReport {
	s.t.Helper()
	_, err := s.db.ChainAuditBacklog(s.ctx)
	must(s.t, err)
	rep, err := s.db.Verify(s.ctx, sqldb.VerifyOptions{})
	must(s.t, err)
	for _, p := range rep.Problems {
		s.t.Logf("problem: %+v", p)
	}
	return rep
}

// tablesHolding lists the tables any of whose values holds w.
func tablesHolding(t *testing.T, db *sqldb.DB, w string) []string {
	t.Helper()
	var out []string
	if db.Dialect == sqldb.Postgres {
		for _, r := range db.RawStrings(t, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
			if db.RawCount(t, `SELECT COUNT(*) FROM `+r[0]+` x WHERE x::text ILIKE '%' || $1 || '%'`, w) > 0 {
				out = append(out, r[0])
			}
		}
		return out
	}
	for _, r := range db.RawStrings(t, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'record_search_%' AND name NOT LIKE 'sqlite_%'`) {
		var conds []string
		for _, c := range db.RawStrings(t, `SELECT name FROM pragma_table_info($1)`, r[0]) {
			conds = append(conds, `CAST("`+c[0]+`" AS TEXT) LIKE '%' || $1 || '%'`)
		}
		if len(conds) > 0 && db.RawCount(t, `SELECT COUNT(*) FROM "`+r[0]+`" WHERE `+strings.Join(conds, " OR "), w) > 0 {
			out = append(out, r[0])
		}
	}
	return out
}

// Two officers approve the same disposal at the same moment: one
// disposes of the record, the other is told someone else decided, and
// the tombstone and the access log say it once.
func TestConcurrentDisposalApprovals(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		ig3 := s.c.A(s.c.User("ivo.info", []kith.Role{kith.RoleInformationGovernance}))
		must(t, db.SetRetentionPolicy(s.ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		must(t, db.ProposeDisposal(s.ctx, s.ig1, s.amy.Reference, ""))
		errs := make([]error, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, who := range []kith.Actor{s.ig2, ig3} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = db.DecideDisposal(s.ctx, who, s.amy.Reference, kith.DisposalDecision{Decision: kith.DisposalApprove})
			}()
		}
		close(start)
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case kith.ErrorCode(err) == kith.ECONFLICT:
				conflicts++
			default:
				t.Errorf("approval: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Errorf("%d approved, %d told of the other: %v", ok, conflicts, errs)
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM audit_events WHERE action = 'case.disposed'`); n != 1 {
			t.Errorf("%d disposal events", n)
		}
		if rep := s.verify(); rep.ProblemCount != 0 || rep.Disposed != 5 {
			t.Errorf("verify after two approvals: %d problems, %d disposed", rep.ProblemCount, rep.Disposed)
		}
	})
}

// A hold placed at the moment a disposal is approved: one of the two
// happens first and the other sees it. Never a hold on a record that is
// gone, nor a record gone under a hold.
func TestHoldRacingApproval(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		must(t, db.SetRetentionPolicy(s.ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		must(t, db.ProposeDisposal(s.ctx, s.ig1, s.amy.Reference, ""))
		var holdErr, approveErr error
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			holdErr = db.PlaceLegalHold(s.ctx, s.ig1, s.amy.Reference, kith.LegalHoldInput{Reason: "Inquiry", PlacedOn: kithtest.Date(2025, 3, 5)})
		}()
		go func() {
			defer wg.Done()
			<-start
			_, approveErr = db.DecideDisposal(s.ctx, s.ig2, s.amy.Reference, kith.DisposalDecision{Decision: kith.DisposalApprove})
		}()
		close(start)
		wg.Wait()
		if (holdErr == nil) == (approveErr == nil) {
			t.Errorf("hold: %v; approval: %v", holdErr, approveErr)
		}
	})
}

// A case reopened while its disposal waits for approval is kept: the
// proposal is turned down by the reopening, and nothing waits.
func TestReopeningTurnsDownADisposal(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		must(t, db.SetRetentionPolicy(s.ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		must(t, db.ProposeDisposal(s.ctx, s.ig1, s.amy.Reference, ""))
		tm := s.c.A(s.c.TM1)
		o, err := db.CaseOverview(s.ctx, tm, s.amy.Reference)
		must(t, err)
		_, err = db.ReopenCase(s.ctx, tm, s.amy.Reference, kith.ReopenInput{Reason: "New referral", Version: o.Case.Version,
			Referral: kith.EpisodeReferralInput{ReferralAt: kithtest.ClockOf(db).Now(), Source: "2A"}})
		must(t, err)
		if got := db.RawStrings(t, `SELECT state, decision_note FROM case_disposals`)[0]; got[0] != "cancelled" || got[1] != "The case was reopened" {
			t.Errorf("the proposal after reopening: %v", got)
		}
		rv, err := db.RetentionReview(s.ctx, s.ig1)
		must(t, err)
		if len(rv.Proposed) != 0 {
			t.Errorf("still waiting: %+v", rv.Proposed)
		}
	})
}

// A child who was looked after is kept to their 75th birthday, whatever
// the council's years: the review list does not offer their record, and
// it cannot be proposed.
func TestLookedAfterRecordKeptToThe75thBirthday(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		s := newDisposalStory(t, db)
		tm := s.c.A(s.c.TM1)
		lee := s.c.LookedAfter(tm, "Lee", "Larch", kithtest.Date(2008, 6, 30), s.c.T1, s.c.Prac1, kithtest.Date(2023, 1, 10), kithtest.Date(2024, 2, 1))
		o, err := db.CaseOverview(s.ctx, tm, lee.Reference)
		must(t, err)
		_, err = db.CloseCase(s.ctx, tm, lee.Reference, kith.CloseInput{Reason: "RC8", Version: o.Case.Version, WithoutSummary: "Returned home"})
		must(t, err)
		must(t, db.SetRetentionPolicy(s.ctx, s.ig1, kith.RetentionPolicy{ChildProtectionYears: 1, OtherYears: 1}))
		s.at(2025, 3, 5)
		cr, err := db.CaseRetention(s.ctx, s.ig1, lee.Reference)
		must(t, err)
		if cr.Kind != "Looked after" || cr.Due.Until != kithtest.Date(2083, 6, 30) {
			t.Errorf("Lee's retention: %s until %s (%s)", cr.Kind, cr.Due.Until, cr.Due.Rule)
		}
		if err := db.ProposeDisposal(s.ctx, s.ig1, lee.Reference, ""); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorMessage(err), "the child’s 75th birthday") {
			t.Errorf("proposed a looked-after child's record: %v", err)
		}
	})
}
