package kith

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// FinalCopies is what Kith keeps of a final record beside the record
// itself: the fingerprint it was locked with, its plain text, its last
// saved version and its entry in the search index. Each was written in
// the transaction that finalised it, so each must still agree with it; a
// record changed behind Kith's back (the database's lock dropped, the row
// edited, the lock put back) disagrees with some of them.
type FinalCopies struct {
	// StoredHash is the content hash stored when it was finalised.
	StoredHash string
	// Body is the plain text stored with it (what prints and search use).
	Body string
	// Version is its newest saved version; nil when it has none (records
	// loaded in bulk are stored without their drafts' versions).
	Version *RecordVersion
	// IndexAgrees, when not nil, is the database's own answer to whether
	// the search index still matches the record's text (PostgreSQL builds
	// its search document from that text, so it can rebuild and compare).
	IndexAgrees *bool
	// Otherwise IndexFound says whether the search index holds the record
	// and IndexHeadline and IndexBody what it holds (SQLite).
	IndexFound               bool
	IndexHeadline, IndexBody string
}

// RecordDifferences lists how a final record disagrees with its
// fingerprint and its copies, each in a phrase that names the part
// (a section's label, the headline) but never quotes what it says:
// the list is shown to administrators too, who read no case content.
// Nothing is listed when the record is as it was finalised.
func RecordDifferences(r *Record, t *Template, c FinalCopies) []string {
	var out []string
	if now := ContentHash(r); now != c.StoredHash {
		out = append(out, fmt.Sprintf("its content no longer matches the fingerprint it was finalised with (%s, now %s)", ShortHash(c.StoredHash), ShortHash(now)))
	}
	if v := c.Version; v != nil {
		if parts := versionDifferences(r, t, v); len(parts) > 0 {
			out = append(out, fmt.Sprintf("it differs from its last saved version (version %d, saved %s) in %s",
				v.Version, v.SavedAt.In(London).Format("2 January 2006 at 15:04"), joinAnd(parts)))
		}
	}
	text := PlainText(t, r.Content)
	if c.Body != text {
		out = append(out, "the plain text kept with it for printing and search is not its text")
	}
	switch {
	case c.IndexAgrees != nil:
		if !*c.IndexAgrees {
			out = append(out, "the search index does not match its text")
		}
	case !c.IndexFound:
		out = append(out, "it is missing from the search index")
	case c.IndexHeadline != r.Headline || c.IndexBody != text:
		out = append(out, "the search index holds different words from the record")
	}
	return out
}

// versionDifferences names the parts of a record that differ from a saved
// version of it.
func versionDifferences(r *Record, t *Template, v *RecordVersion) []string {
	var parts []string
	if r.Headline != v.Headline {
		parts = append(parts, "the headline")
	}
	if !r.OccurredAt.Equal(v.OccurredAt) {
		parts = append(parts, "when it happened")
	}
	seen := map[string]bool{}
	for _, s := range t.Sections {
		seen[s.Key] = true
		if !sameSection(r.Content[s.Key], v.Content[s.Key]) {
			parts = append(parts, fmt.Sprintf("%q", s.Label))
		}
	}
	for _, m := range []RecordContent{r.Content, v.Content} {
		for k := range m {
			if !seen[k] && !sameSection(r.Content[k], v.Content[k]) {
				seen[k] = true
				parts = append(parts, fmt.Sprintf("a section the template does not have (%q)", k))
			}
		}
	}
	return parts
}

func sameSection(a, b SectionValue) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// joinAnd joins phrases as a list in words: "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// RecordIntegrity is what the record page says about whether a final
// record is as it was finalised: checked as the page is read, against its
// fingerprint, its copies and its links in the chains.
type RecordIntegrity struct {
	// Checked is when the page checked it.
	Checked time.Time
	// Problems are what differs, in words; none when it is unchanged.
	Problems []string
	// Seq and LinkHash are its entry in the record chain (Seq 0 when it
	// is not in it yet: a record finalised before the chains, waiting to
	// be added).
	Seq      int64
	LinkHash string
	// Pending says it waits to be added to the chain.
	Pending bool
}

// Unchanged reports whether nothing was found changed.
func (i *RecordIntegrity) Unchanged() bool { return i != nil && len(i.Problems) == 0 }
