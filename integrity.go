package kith

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Chain is one of the append-only hash chains that make changes to the
// record of truth evident. Each entry's hash covers the entry and the hash
// of the entry before it, so an entry cannot be changed, removed, moved or
// slipped in without breaking every link after it; and the daily root
// (ChainRoot), kept outside the database, pins the chains as they stood,
// so that even rewriting every later link is caught.
//
// There is one chain per kind of thing rather than one for everything:
// every page read appends to the audit chain, while a court asks about
// one record, whose proof should not need a walk over hundreds of
// millions of reads. Within a chain entries are numbered 1, 2, 3 … in the
// order their transactions committed (see sqldb's seal).
type Chain string

// The chains.
const (
	ChainRecords     Chain = "record"
	ChainAddenda     Chain = "addendum"
	ChainWithdrawals Chain = "withdrawal"
	ChainAudit       Chain = "audit"
)

// Chains lists every chain, in the order a transaction appends to them:
// one order for every writer, so two writers never wait on each other's
// chains in a circle.
var Chains = []Chain{ChainRecords, ChainAddenda, ChainWithdrawals, ChainAudit}

// Label names a chain's entries in words.
func (c Chain) Label() string {
	switch c {
	case ChainRecords:
		return "final records"
	case ChainAddenda:
		return "addenda"
	case ChainWithdrawals:
		return "withdrawals"
	case ChainAudit:
		return "audit events"
	}
	return string(c)
}

// noun names one entry of the chain.
func (c Chain) noun() string {
	switch c {
	case ChainRecords:
		return "record"
	case ChainAddenda:
		return "addendum"
	case ChainWithdrawals:
		return "withdrawal of record"
	case ChainAudit:
		return "audit event"
	}
	return string(c)
}

// GenesisHash is the hash before a chain's first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// chainVersion names the encoding below, so that a later one can be told
// apart.
const chainVersion = "kith-chain-1"

// entry is the canonical encoding of an entry: each field as a netstring
// (its length in bytes, a colon, the bytes, a comma), which no choice of
// field values can make ambiguous, and which any language can reproduce
// to check a chain without Kith.
type entry []byte

func (e entry) add(fields ...string) entry {
	for _, f := range fields {
		e = strconv.AppendInt(e, int64(len(f)), 10)
		e = append(e, ':')
		e = append(e, f...)
		e = append(e, ',')
	}
	return e
}

// ChainTime writes a time as entries hold it: UTC to the microsecond, as
// both databases store it.
func ChainTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// RecordEntry is a final record's entry in the record chain: which record,
// on which case, when it was finalised, and its content hash (ContentHash),
// which covers everything the record says.
func RecordEntry(id, caseID string, finalisedAt time.Time, contentHash string) []byte {
	return entry(nil).add(string(ChainRecords), id, caseID, ChainTime(finalisedAt), contentHash)
}

// AddendumEntry is an addendum's entry: the note, on which record, by whom
// and when.
func AddendumEntry(id, recordID, authorID string, createdAt time.Time, text string) []byte {
	return entry(nil).add(string(ChainAddenda), id, recordID, authorID, ChainTime(createdAt), text)
}

// WithdrawalEntry is a record's withdrawal: who withdrew it, when and why.
func WithdrawalEntry(recordID, byID string, at time.Time, reason string) []byte {
	return entry(nil).add(string(ChainWithdrawals), recordID, byID, ChainTime(at), reason)
}

// AuditEntry is an audit event's entry: every column of it.
func AuditEntry(e AuditEvent) []byte {
	return entry(nil).add(string(ChainAudit), e.ID, ChainTime(e.At), e.UserID, string(e.Action), e.CaseID,
		e.SubjectType, e.SubjectID, e.Detail, e.IP, e.UserAgent, e.RequestID, e.Via)
}

// LinkHash is the hash of entry number seq of a chain, whose previous
// entry's hash is prev (GenesisHash for the first): SHA-256 over the
// chain, the number, prev and the entry's own SHA-256.
func LinkHash(c Chain, seq int64, prev string, e []byte) string {
	return LinkHashOfDigest(c, seq, prev, EntryDigest(e))
}

// EntryDigest is the SHA-256 of an entry, in hex: all a link holds of it.
// A disposal keeps it in place of the entry's row (kith.CaseDisposal), so
// the link is checked across the disposal without the content.
func EntryDigest(e []byte) string {
	d := sha256.Sum256(e)
	return hex.EncodeToString(d[:])
}

// LinkHashOfDigest is LinkHash from the entry's digest.
func LinkHashOfDigest(c Chain, seq int64, prev, digest string) string {
	sum := sha256.Sum256(entry(nil).add(chainVersion, string(c), strconv.FormatInt(seq, 10), prev, digest))
	return hex.EncodeToString(sum[:])
}

// A ChainHead is a chain as it stood: its last entry's number and hash
// (0 and GenesisHash when empty).
type ChainHead struct {
	Chain Chain  `json:"chain"`
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
}

// A ChainRoot is the daily root: every chain's head at a moment of the
// day after Day, hashed together with the root before it. Kith writes one
// a day to its log and keeps it in the database; an operator keeps a copy
// elsewhere (the log store, a printout, an email to the information
// governance officer). Whoever rewrites the chains after a root was taken
// cannot make them match it again.
type ChainRoot struct {
	Day     Date        `json:"day"`
	TakenAt time.Time   `json:"taken_at"`
	Heads   []ChainHead `json:"heads"`
	Prev    string      `json:"prev"`
	Root    string      `json:"root"`
}

// RootHash is the hash of a day's root: the previous root (GenesisHash for
// the first), the day and each chain's head.
func RootHash(prev string, day Date, heads []ChainHead) string {
	e := entry(nil).add(chainVersion, "root", prev, day.String())
	for _, h := range heads {
		e = e.add(string(h.Chain), strconv.FormatInt(h.Seq, 10), h.Hash)
	}
	sum := sha256.Sum256(e)
	return hex.EncodeToString(sum[:])
}

// rootPrefix starts every root's line.
const rootPrefix = "kith-root"

// Line writes the root as one line of text, the form it is logged,
// shown and exported in, and that ParseRootLine (kith verify --roots)
// reads back:
//
//	kith-root 2026-12-05 <root> prev=<hash> record=1204:<hash> addendum=31:<hash> …
func (r ChainRoot) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s prev=%s", rootPrefix, r.Day, r.Root, r.Prev)
	for _, h := range r.Heads {
		fmt.Fprintf(&b, " %s=%d:%s", h.Chain, h.Seq, h.Hash)
	}
	return b.String()
}

// ParseRootLine reads a root written by Line. Text before "kith-root" on
// the line (a log's time stamp, say) is ignored, and so is a closing
// quote or anything after the heads. The root's hash is checked against
// its contents.
func ParseRootLine(s string) (ChainRoot, error) {
	i := strings.Index(s, rootPrefix+" ")
	if i < 0 {
		return ChainRoot{}, fmt.Errorf("no %q in the line", rootPrefix)
	}
	f := strings.Fields(s[i+len(rootPrefix):])
	if len(f) < 3 {
		return ChainRoot{}, fmt.Errorf("a root needs a day, a hash and prev=")
	}
	var r ChainRoot
	var err error
	if r.Day, err = ParseISODate(f[0]); err != nil {
		return r, fmt.Errorf("the day %q is not a date like 2026-12-05", f[0])
	}
	r.Root = f[1]
	prev, ok := strings.CutPrefix(f[2], "prev=")
	if !ok || !isHash(prev) || !isHash(r.Root) {
		return r, fmt.Errorf("the root and prev= must be SHA-256 hashes (64 hexadecimal digits)")
	}
	r.Prev = prev
	for _, w := range f[3:] {
		name, rest, ok := strings.Cut(strings.TrimRight(w, `"'}],`), "=")
		if !ok {
			break
		}
		n, hash, ok := strings.Cut(rest, ":")
		seq, err := strconv.ParseInt(n, 10, 64)
		if !ok || err != nil || seq < 0 || !isHash(hash) {
			return r, fmt.Errorf("the head %q is not chain=number:hash", w)
		}
		r.Heads = append(r.Heads, ChainHead{Chain: Chain(name), Seq: seq, Hash: hash})
	}
	if len(r.Heads) == 0 {
		return r, fmt.Errorf("the root lists no chains")
	}
	if RootHash(r.Prev, r.Day, r.Heads) != r.Root {
		return r, fmt.Errorf("the root's hash does not match what it lists")
	}
	return r, nil
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ShortHash is the start of a hash, enough to tell two apart in a message.
func ShortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// An IntegrityProblem is one thing the check found changed, missing or out
// of place. It names what and where, never what a record says: the report
// goes to administrators, who read no case content.
type IntegrityProblem struct {
	Chain Chain `json:"chain"`
	// Seq is the entry of the chain (0 when the thing is not in it).
	Seq int64 `json:"seq,omitempty"`
	// SubjectID is the record, addendum or audit event.
	SubjectID string `json:"subject_id,omitempty"`
	// RecordID and CaseReference say where a record, addendum or
	// withdrawal is (shown to auditors, who may read every case).
	RecordID      string `json:"record_id,omitempty"`
	CaseReference string `json:"case_reference,omitempty"`
	// What differs, in words.
	What string `json:"what"`
}

// Message is the problem in one sentence.
func (p IntegrityProblem) Message() string {
	var b strings.Builder
	switch {
	case p.Chain == "":
		return "Daily roots: " + p.What
	case p.Seq > 0:
		fmt.Fprintf(&b, "%s chain, entry %d", strings.ToUpper(string(p.Chain[:1]))+string(p.Chain[1:]), p.Seq)
		if p.SubjectID != "" {
			fmt.Fprintf(&b, " (%s %s", p.Chain.noun(), p.SubjectID)
			if p.CaseReference != "" {
				b.WriteString(" on " + p.CaseReference)
			}
			b.WriteString(")")
		}
	default:
		fmt.Fprintf(&b, "%s %s", strings.ToUpper(p.Chain.noun()[:1])+p.Chain.noun()[1:], p.SubjectID)
		if p.CaseReference != "" {
			b.WriteString(" on " + p.CaseReference)
		}
	}
	b.WriteString(": " + p.What)
	return b.String()
}

// MaxReportedProblems is how many problems a report lists (it counts them
// all): the first broken link is what matters, and a rewritten table would
// otherwise fill the report with millions of lines.
const MaxReportedProblems = 100

// ChainCount is how many entries of a chain a check walked.
type ChainCount struct {
	Chain   Chain `json:"chain"`
	Entries int64 `json:"entries"`
}

// An IntegrityReport is what a check of the chains and the final records
// found.
type IntegrityReport struct {
	StartedAt  time.Time    `json:"started_at"`
	FinishedAt time.Time    `json:"finished_at"`
	Chains     []ChainCount `json:"chains"`
	// Records is how many final and withdrawn records had their content
	// checked against their fingerprint, saved versions and search index.
	Records int64 `json:"records"`
	// WithoutVersions counts final records with no saved version to
	// compare (records loaded in bulk are stored without them).
	WithoutVersions int64 `json:"without_versions"`
	// Disposed counts chain entries whose rows a disposal removed: each
	// link was checked from the digest the disposal kept.
	Disposed int64 `json:"disposed"`
	// Roots is how many daily roots were checked against the chains, and
	// ExternalRoots how many of those came from outside the database.
	Roots         int `json:"roots"`
	ExternalRoots int `json:"external_roots"`
	// Pending counts entries waiting to be added to the chains (see
	// sqldb's backlog): written before the chains existed, or loaded in
	// bulk, or, on PostgreSQL, audit events written moments ago. The
	// check says so and does not count them as problems.
	Pending int64 `json:"pending"`
	// Problems are the first MaxReportedProblems found, in the order the
	// check met them; ProblemCount counts them all.
	Problems     []IntegrityProblem `json:"problems"`
	ProblemCount int                `json:"problem_count"`
}

// Add notes a problem.
func (r *IntegrityReport) Add(p IntegrityProblem) {
	r.ProblemCount++
	if len(r.Problems) < MaxReportedProblems {
		r.Problems = append(r.Problems, p)
	}
}

// OK reports whether the check found nothing wrong.
func (r *IntegrityReport) OK() bool { return r.ProblemCount == 0 }

// Entries is how many chain entries the check walked.
func (r *IntegrityReport) Entries() int64 {
	var n int64
	for _, c := range r.Chains {
		n += c.Entries
	}
	return n
}

// First is the first problem found for each chain: the first broken link.
func (r *IntegrityReport) First() []IntegrityProblem {
	seen := map[Chain]bool{}
	var out []IntegrityProblem
	for _, p := range r.Problems {
		if !seen[p.Chain] {
			seen[p.Chain] = true
			out = append(out, p)
		}
	}
	return out
}

// Summary says what the check found in a sentence.
func (r *IntegrityReport) Summary() string {
	took := r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond)
	s := fmt.Sprintf("Checked %d chain entries and %d final records in %s", r.Entries(), r.Records, took)
	if r.Roots > 0 {
		s += fmt.Sprintf(", against %d daily roots", r.Roots)
		if r.ExternalRoots > 0 {
			s += fmt.Sprintf(" (%d from outside the database)", r.ExternalRoots)
		}
	}
	s += "."
	if r.Pending > 0 {
		s += fmt.Sprintf(" %d entries are still waiting to be added to the chains.", r.Pending)
	}
	if r.OK() {
		return s + " Nothing has changed."
	}
	if r.ProblemCount == 1 {
		return s + " Found 1 problem."
	}
	return s + fmt.Sprintf(" Found %d problems.", r.ProblemCount)
}

// An IntegrityCheck is one run of the check (sqldb's Verify): at night,
// asked for on the integrity page, or from kith verify. Its result is kept
// in the database, so every server shows, and exports as a metric, the
// same latest result.
type IntegrityCheck struct {
	ID string `json:"id"`
	// Night is the date of a nightly check (zero for one asked for).
	Night Date `json:"night,omitzero"`
	// RequestedBy names who asked for it ("" for Kith itself).
	RequestedBy string    `json:"requested_by,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	// StartedAt is when a server began it; FinishedAt when it ended, with
	// the Report. A check started and never finished was stopped with its
	// server.
	StartedAt  *time.Time       `json:"started_at,omitempty"`
	FinishedAt *time.Time       `json:"finished_at,omitempty"`
	Report     *IntegrityReport `json:"report,omitempty"`
}

// Failed reports whether the check finished and found a problem.
func (c *IntegrityCheck) Failed() bool {
	return c != nil && c.Report != nil && !c.Report.OK()
}

// CanSeeIntegrity reports whether the actor may see the checks and the
// daily roots, and ask for a check: administrators, who run Kith, and
// auditors, who answer for the record. Neither sees a record's content
// there: problems name records, never what they say.
func CanSeeIntegrity(a Actor) bool {
	return a.System || a.Has(RoleAdministrator) || a.Has(RoleAuditor)
}
