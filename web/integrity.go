package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"kith"
)

// integrityPage is the record integrity page: the latest checks of the
// chains and final records, and the daily roots to keep outside Kith.
type integrityPage struct {
	// Latest is the check that finished last; Checks the latest few.
	Latest *kith.IntegrityCheck
	Checks []kith.IntegrityCheck
	// Waiting: a check was asked for and has not finished.
	Waiting bool
	Roots   []kith.ChainRoot
	Heads   []kith.ChainHead
	// First is the first broken link of each chain the latest check found,
	// All everything it listed.
	First, All []problemRow
}

// problemRow is a problem as the page lists it.
type problemRow struct {
	Text string
	// Link opens the record it names: for auditors only, who may read
	// every case. Administrators read no case, and are not told which
	// case a record is on (a restricted case's reference is itself
	// something they may not learn).
	Link string
}

func problemRows(ps []kith.IntegrityProblem, auditor bool) []problemRow {
	out := make([]problemRow, 0, len(ps))
	for _, p := range ps {
		ref := p.CaseReference
		if !auditor {
			p.CaseReference = ""
		}
		row := problemRow{Text: p.Message()}
		if auditor && ref != "" && p.RecordID != "" {
			row.Link = "/cases/" + ref + "/records/" + p.RecordID
		}
		out = append(out, row)
	}
	return out
}

// integrity shows administrators and auditors whether the records are as
// they were written.
func (s *Server) integrity(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	checks, err := s.DB.IntegrityChecks(r.Context(), a, 10)
	if err != nil {
		return err
	}
	p := integrityPage{Checks: checks}
	if p.Latest, err = s.DB.LatestCheck(r.Context()); err != nil {
		return err
	}
	if p.Latest.Failed() {
		auditor := a.Has(kith.RoleAuditor)
		p.First, p.All = problemRows(p.Latest.Report.First(), auditor), problemRows(p.Latest.Report.Problems, auditor)
	}
	for _, c := range checks {
		if c.FinishedAt == nil && (c.StartedAt == nil || s.now().Sub(*c.StartedAt) < staleCheck) {
			p.Waiting = true
		}
	}
	if p.Roots, err = s.DB.DailyRoots(r.Context(), 14); err != nil {
		return err
	}
	if p.Heads, err = s.DB.ChainHeads(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "integrity", "Record integrity", p)
	return nil
}

// staleCheck is how long after a check started the page stops saying it
// is running: a check that long unfinished was stopped with its server.
const staleCheck = 12 * time.Hour

// integrityCheck asks for a check now: this server starts it at once.
func (s *Server) integrityCheck(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.DB.RequestCheck(r.Context(), actorFrom(r)); err != nil {
		return err
	}
	s.WakeIntegrity()
	return s.redirect(w, r, "/integrity", "Kith is checking the records. Reload this page to see what it finds: on a large council it takes some minutes.")
}

// integrityRoots downloads every daily root, one a line, oldest first: the
// copy to keep outside the database, which kith verify --roots reads.
func (s *Server) integrityRoots(w http.ResponseWriter, r *http.Request) error {
	if !kith.CanSeeIntegrity(actorFrom(r)) {
		return kith.Errorf(kith.EFORBIDDEN, "Only administrators and auditors can download the daily roots.")
	}
	lines, err := s.DB.DailyRootLines(r.Context())
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Kith's daily roots, downloaded %s.\n", s.now().UTC().Format("2006-01-02 15:04:05Z"))
	b.WriteString("# Keep this file outside Kith's database. Check the database against it with: kith verify --roots FILE\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kith-daily-roots-%s.txt"`, kith.Today(s.now())))
	_, _ = w.Write([]byte(b.String()))
	return nil
}

// WakeIntegrity tells this server's background check (serve's
// CheckIntegrityInBackground, reading IntegrityWake) to look for a check
// to run now, rather than at its next minute.
func (s *Server) WakeIntegrity() {
	select {
	case s.integrityWake <- struct{}{}:
	default:
	}
}

// IntegrityWake is what WakeIntegrity signals on.
func (s *Server) IntegrityWake() <-chan struct{} { return s.integrityWake }
