package kith

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLinkHash(t *testing.T) {
	at := time.Date(2026, 12, 5, 14, 2, 3, 456789000, time.UTC)
	rec := RecordEntry("r1", "c1", at, "abc")
	base := LinkHash(ChainRecords, 1, GenesisHash, rec)
	// The encoding is fixed: a chain kept for years must still check with
	// a later Kith (or a program written from docs/operating.md).
	if string(rec) != "6:record,2:r1,2:c1,27:2026-12-05T14:02:03.456789Z,3:abc," {
		t.Errorf("record entry = %q", rec)
	}
	if base != "9a94ef9455e38f8831ab4e9a821e7b01f937914fcf808c60530f6c533985ff76" {
		t.Errorf("link hash = %s", base)
	}
	tests := []struct {
		name string
		hash string
	}{
		{"another chain", LinkHash(ChainAudit, 1, GenesisHash, rec)},
		{"another number", LinkHash(ChainRecords, 2, GenesisHash, rec)},
		{"another previous hash", LinkHash(ChainRecords, 1, strings.Repeat("1", 64), rec)},
		{"another fingerprint", LinkHash(ChainRecords, 1, GenesisHash, RecordEntry("r1", "c1", at, "abd"))},
		{"another finalising time", LinkHash(ChainRecords, 1, GenesisHash, RecordEntry("r1", "c1", at.Add(time.Microsecond), "abc"))},
		{"another case", LinkHash(ChainRecords, 1, GenesisHash, RecordEntry("r1", "c2", at, "abc"))},
		// Fields cannot run into each other: "ab"+"c" is not "a"+"bc".
		{"fields moved between columns", LinkHash(ChainAddenda, 1, GenesisHash, AddendumEntry("a", "bc", "u", at, "t"))},
	}
	seen := map[string]string{base: "the original"}
	seen[LinkHash(ChainAddenda, 1, GenesisHash, AddendumEntry("ab", "c", "u", at, "t"))] = "the addendum before its fields moved"
	for _, tc := range tests {
		if len(tc.hash) != 64 {
			t.Errorf("%s: hash %q", tc.name, tc.hash)
		}
		if prev, ok := seen[tc.hash]; ok {
			t.Errorf("%s hashes as %s does", tc.name, prev)
		}
		seen[tc.hash] = tc.name
	}
	if LinkHash(ChainRecords, 1, GenesisHash, rec) != base {
		t.Error("the same link hashed differently twice")
	}
}

func TestAuditEntryCoversEveryColumn(t *testing.T) {
	e := AuditEvent{ID: "e", At: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), UserID: "u", Action: AuditRecordViewed, CaseID: "c",
		SubjectType: "record", SubjectID: "r", Detail: "d", IP: "192.0.2.1", UserAgent: "ua", RequestID: "q", Via: "web"}
	base := string(AuditEntry(e))
	changes := map[string]func(*AuditEvent){
		"id": func(e *AuditEvent) { e.ID = "f" }, "at": func(e *AuditEvent) { e.At = e.At.Add(time.Microsecond) },
		"user": func(e *AuditEvent) { e.UserID = "v" }, "action": func(e *AuditEvent) { e.Action = AuditRecordFinalised },
		"case": func(e *AuditEvent) { e.CaseID = "d" }, "subject type": func(e *AuditEvent) { e.SubjectType = "case" },
		"subject": func(e *AuditEvent) { e.SubjectID = "s" }, "detail": func(e *AuditEvent) { e.Detail = "x" },
		"ip": func(e *AuditEvent) { e.IP = "192.0.2.2" }, "user agent": func(e *AuditEvent) { e.UserAgent = "ub" },
		"request": func(e *AuditEvent) { e.RequestID = "r" }, "via": func(e *AuditEvent) { e.Via = "api" },
		// The user's name is not stored with the event: it may change.
		"": func(e *AuditEvent) { e.UserName = "Someone" },
	}
	for name, change := range changes {
		c := e
		change(&c)
		if same := string(AuditEntry(c)) == base; same != (name == "") {
			t.Errorf("changing the %s: entry unchanged = %v", name, same)
		}
	}
}

func TestChainRootLine(t *testing.T) {
	heads := []ChainHead{{ChainRecords, 1204, strings.Repeat("a", 64)}, {ChainAddenda, 0, GenesisHash}, {ChainWithdrawals, 3, strings.Repeat("b", 64)},
		{ChainAudit, 98765, strings.Repeat("c", 64)}}
	day := Date{2026, 12, 5}
	r := ChainRoot{Day: day, Heads: heads, Prev: GenesisHash}
	r.Root = RootHash(r.Prev, day, heads)
	line := r.Line()
	if !strings.HasPrefix(line, "kith-root 2026-12-05 "+r.Root+" prev="+GenesisHash+" record=1204:aaaa") {
		t.Errorf("line = %s", line)
	}
	for _, in := range []string{
		line,
		"  " + line + "  ",
		`{"time":"2026-12-06T00:05:00Z","level":"INFO","msg":"daily root","line":"` + line + `"}`,
		"2026-12-06 00:05 " + line + " trailing words",
	} {
		got, err := ParseRootLine(in)
		if err != nil {
			t.Errorf("parse %q: %v", in, err)
			continue
		}
		if got.Day != day || got.Root != r.Root || got.Prev != r.Prev || !slices.Equal(got.Heads, heads) {
			t.Errorf("parse %q = %+v", in, got)
		}
	}
	bad := []struct{ line, want string }{
		{"", "no \"kith-root\""},
		{"kith-root 2026-12-05", "needs a day"},
		{"kith-root 5/12/2026 " + r.Root + " prev=" + GenesisHash + " record=1:" + GenesisHash, "not a date"},
		{"kith-root 2026-12-05 xyz prev=" + GenesisHash + " record=1:" + GenesisHash, "SHA-256"},
		{"kith-root 2026-12-05 " + r.Root + " prev=" + GenesisHash, "lists no chains"},
		{"kith-root 2026-12-05 " + r.Root + " prev=" + GenesisHash + " record=x:" + GenesisHash, "not chain=number:hash"},
		// A head changed after the root was taken: the root's own hash
		// no longer matches.
		{strings.Replace(line, "record=1204:", "record=1203:", 1), "does not match"},
		{strings.Replace(line, "2026-12-05", "2026-12-04", 1), "does not match"},
	}
	for _, b := range bad {
		if _, err := ParseRootLine(b.line); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("parse %q: %v, want %q", b.line, err, b.want)
		}
	}
	// Each root covers the one before it.
	if RootHash(strings.Repeat("1", 64), day, heads) == r.Root {
		t.Error("the previous root is not covered")
	}
}

func TestRecordDifferences(t *testing.T) {
	tp := visitTemplate(t)
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	final := func() *Record {
		return &Record{ID: "r1", CaseID: "c1", TemplateKey: tp.Key, TemplateVersion: tp.Version, Headline: "Monthly visit", OccurredAt: at,
			AuthorID: "u1", Content: RecordContent{
				"present":    {People: []PersonRef{{PersonID: "p1", Name: "Amy"}}},
				"seen_alone": {Answer: "yes"},
				"views":      {Text: "Amy said she likes school."},
			}}
	}
	copies := func() FinalCopies {
		r := final()
		return FinalCopies{StoredHash: ContentHash(r), Body: PlainText(tp, r.Content), IndexFound: true, IndexHeadline: r.Headline,
			IndexBody: PlainText(tp, r.Content), Version: &RecordVersion{Version: 4, SavedAt: at.Add(time.Hour), Headline: r.Headline, OccurredAt: at, Content: final().Content}}
	}
	no := false
	tests := []struct {
		name   string
		record func(*Record)
		copies func(*FinalCopies)
		want   []string
	}{
		{"as finalised", nil, nil, nil},
		{"as finalised, loaded in bulk without versions", nil, func(c *FinalCopies) { c.Version = nil }, nil},
		{"text edited behind Kith's back", func(r *Record) { r.Content["views"] = SectionValue{Text: "Amy said she hates school."} }, nil, []string{
			"its content no longer matches the fingerprint it was finalised with",
			`it differs from its last saved version (version 4, saved 5 December 2026 at 11:00) in "Views"`,
			"the plain text kept with it for printing and search is not its text",
			"the search index holds different words from the record"}},
		{"text and fingerprint both edited", func(r *Record) { r.Headline = "Visit" }, func(c *FinalCopies) {
			r := final()
			r.Headline = "Visit"
			c.StoredHash = ContentHash(r)
		}, []string{
			"it differs from its last saved version (version 4, saved 5 December 2026 at 11:00) in the headline",
			"the search index holds different words from the record"}},
		{"several sections and a section the template lacks", func(r *Record) {
			r.OccurredAt = at.Add(time.Hour)
			r.Content["seen_alone"] = SectionValue{Answer: "no", Reason: "x"}
			r.Content["extra"] = SectionValue{Text: "x"}
		}, func(c *FinalCopies) {
			r := final()
			r.OccurredAt = at.Add(time.Hour)
			r.Content["seen_alone"] = SectionValue{Answer: "no", Reason: "x"}
			r.Content["extra"] = SectionValue{Text: "x"}
			c.StoredHash, c.Body = ContentHash(r), PlainText(tp, r.Content)
			c.IndexBody = c.Body
		}, []string{`in when it happened, "Was the child seen alone?" and a section the template does not have ("extra")`}},
		{"missing from the search index", nil, func(c *FinalCopies) { c.IndexFound = false }, []string{"it is missing from the search index"}},
		{"PostgreSQL's search document rebuilt differently", nil, func(c *FinalCopies) { c.IndexAgrees = &no }, []string{"the search index does not match its text"}},
		{"only the stored plain text edited", nil, func(c *FinalCopies) { c.Body = "x" }, []string{"the plain text kept with it"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, c := final(), copies()
			if tc.record != nil {
				tc.record(r)
			}
			if tc.copies != nil {
				tc.copies(&c)
			}
			got := RecordDifferences(r, tp, c)
			if len(got) != len(tc.want) {
				t.Fatalf("differences = %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("difference %d = %q, want %q", i, got[i], w)
				}
			}
			for _, g := range got {
				if strings.Contains(g, "hates") || strings.Contains(g, "likes") {
					t.Errorf("a difference quotes the record: %q", g)
				}
			}
		})
	}
}

func TestIntegrityReport(t *testing.T) {
	start := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	r := &IntegrityReport{StartedAt: start, FinishedAt: start.Add(1500 * time.Millisecond),
		Chains: []ChainCount{{ChainRecords, 10}, {ChainAudit, 90}}, Records: 10, Roots: 2, ExternalRoots: 1}
	if !r.OK() || r.Entries() != 100 {
		t.Fatalf("empty report: %+v", r)
	}
	if got := r.Summary(); got != "Checked 100 chain entries and 10 final records in 1.5s, against 2 daily roots (1 from outside the database). Nothing has changed." {
		t.Errorf("summary = %q", got)
	}
	for i := range MaxReportedProblems + 5 {
		r.Add(IntegrityProblem{Chain: ChainAudit, Seq: int64(i + 1), SubjectID: "e", What: "changed"})
	}
	r.Add(IntegrityProblem{Chain: ChainRecords, SubjectID: "r9", CaseReference: "KTH-2026-000001", What: "it is not in the record chain"})
	if r.OK() || r.ProblemCount != MaxReportedProblems+6 || len(r.Problems) != MaxReportedProblems {
		t.Errorf("count %d, kept %d", r.ProblemCount, len(r.Problems))
	}
	if f := r.First(); len(f) != 1 || f[0].Seq != 1 {
		t.Errorf("first = %+v", f)
	}
	if !strings.HasSuffix(r.Summary(), "Found 106 problems.") {
		t.Errorf("summary = %q", r.Summary())
	}
	msgs := []struct {
		p    IntegrityProblem
		want string
	}{
		{IntegrityProblem{Chain: ChainRecords, Seq: 12, SubjectID: "r1", CaseReference: "KTH-2026-000123", What: "changed"},
			"Record chain, entry 12 (record r1 on KTH-2026-000123): changed"},
		{IntegrityProblem{Chain: ChainAudit, Seq: 5, What: "the entry is missing"}, "Audit chain, entry 5: the entry is missing"},
		{IntegrityProblem{Chain: ChainAudit, SubjectID: "e9", What: "it is not in the audit chain"}, "Audit event e9: it is not in the audit chain"},
		{IntegrityProblem{Chain: ChainWithdrawals, SubjectID: "r2", What: "x"}, "Withdrawal of record r2: x"},
	}
	for _, m := range msgs {
		if got := m.p.Message(); got != m.want {
			t.Errorf("message = %q, want %q", got, m.want)
		}
	}
}
