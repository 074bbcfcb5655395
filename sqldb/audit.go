package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/uuid"

	"kith"
)

// auditEntry is one event to append; the actor supplies who and from where.
type auditEntry struct {
	Action      kith.AuditAction
	CaseID      string
	SubjectType string
	SubjectID   string
	Detail      string
}

// audit appends events to the audit log inside tx, and to the audit chain
// as tx commits. It is the only code that writes audit_events (with
// auditListing), and nothing in Kith updates or deletes them.
func (tx *Tx) audit(a kith.Actor, entries ...auditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	const cols = 12
	var b strings.Builder
	b.WriteString("INSERT INTO audit_events (id, at, user_id, action, case_id, subject_type, subject_id, detail, ip, user_agent, request_id, via) VALUES ")
	args := make([]any, 0, len(entries)*cols)
	for i, e := range entries {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + placeholders(i*cols+1, cols) + ")")
		ev := kith.AuditEvent{ID: newID(), At: tx.now, UserID: a.UserID(), Action: e.Action, CaseID: e.CaseID, SubjectType: e.SubjectType,
			SubjectID: e.SubjectID, Detail: truncate(e.Detail, 2000), IP: truncate(a.IP, 100), UserAgent: truncate(a.UserAgent, 300),
			RequestID: a.RequestID, Via: a.Via}
		args = append(args, ev.ID, ts(ev.At), nullString(ev.UserID), string(ev.Action), nullString(ev.CaseID),
			ev.SubjectType, ev.SubjectID, ev.Detail, ev.IP, ev.UserAgent, ev.RequestID, ev.Via)
		if tx.db.Dialect != Postgres {
			tx.chain(kith.ChainAudit, ev.ID, kith.AuditEntry(ev))
		}
	}
	stmt := b.String()
	if tx.db.Dialect == Postgres {
		// The events are listed in the audit chain's backlog by the same
		// statement (see seal): one round trip fewer on every page.
		stmt = `WITH e AS (` + stmt + ` RETURNING id) INSERT INTO chain_backlog (chain, subject_id) SELECT '` + string(kith.ChainAudit) + `', id FROM e`
		tx.deferred = true
	}
	if _, err := tx.ExecContext(context.Background(), stmt, args...); err != nil {
		return fmt.Errorf("append audit events: %w", err)
	}
	return nil
}

// auditListing records that a list of cases (a caseload, search results)
// was shown: one event, whose subject is the list (its key, listKey), and
// the cases in the list, kept once for every event that shows the same
// list (audit_list_cases). Opening one's caseload twenty times a day adds
// twenty events and one list.
func (db *DB) auditListing(ctx context.Context, a kith.Actor, action kith.AuditAction, detail string, caseIDs []string) error {
	// A list of its own: the transaction may run again (retried, or a
	// shared one that failed written alone), and must list the same
	// cases each time.
	ids := dedupe(caseIDs)
	list := listKey(ids)
	// The transaction may be shared with other reads (auditInBatch): its
	// statements do not end with this request.
	wctx := context.WithoutCancel(ctx)
	return db.auditInBatch(ctx, func(tx *Tx) error {
		ev := kith.AuditEvent{ID: newID(), At: tx.now, UserID: a.UserID(), Action: action, SubjectType: "list", SubjectID: list, Detail: truncate(detail, 2000),
			IP: truncate(a.IP, 100), UserAgent: truncate(a.UserAgent, 300), RequestID: a.RequestID, Via: a.Via}
		if len(ids) > 0 {
			// The list's cases are written with the first event to show
			// it, in the same transaction, so an event is never without
			// them.
			var known bool
			if err := tx.QueryRowContext(wctx, `SELECT EXISTS (SELECT 1 FROM audit_events WHERE subject_type = 'list' AND subject_id = $1)`, list).Scan(&known); err != nil {
				return fmt.Errorf("look up the list shown: %w", err)
			}
			if !known {
				if err := tx.auditListCases(wctx, list, ids); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(wctx, `INSERT INTO audit_events (id, at, user_id, action, subject_type, subject_id, detail, ip, user_agent, request_id, via)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			ev.ID, ts(ev.At), nullString(ev.UserID), string(ev.Action), ev.SubjectType, ev.SubjectID, ev.Detail, ev.IP, ev.UserAgent, ev.RequestID, ev.Via); err != nil {
			return fmt.Errorf("append audit event: %w", err)
		}
		tx.chain(kith.ChainAudit, ev.ID, kith.AuditEntry(ev))
		return nil
	})
}

// auditListCases keeps which cases a list held.
func (tx *Tx) auditListCases(ctx context.Context, list string, ids []string) error {
	// A service manager's team work can list every open case in the
	// council: insert in batches within the engines' limits on
	// parameters in one statement.
	const batch = 1000
	for len(ids) > 0 {
		n := min(batch, len(ids))
		var b strings.Builder
		b.WriteString(`INSERT INTO audit_list_cases (case_id, list) VALUES `)
		args := make([]any, 0, 2*n)
		for i, c := range ids[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, c, list)
		}
		b.WriteString(` ON CONFLICT DO NOTHING`)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("append the cases listed: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

// listKey names a list of cases by what is in it, in any order: the
// first 128 bits of the SHA-256 of its sorted case ids, in hex. The same
// cases shown again make the same key; the event keeps it, so the access
// log's chain covers which list each event showed. An empty list has
// none.
func listKey(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	h := sha256.New()
	for _, id := range sorted {
		h.Write([]byte(id))
		h.Write([]byte{'\n'})
	}
	return "list:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// auditReads records reads in a short write transaction (shared with any
// other reads being audited at that moment: see auditInBatch), after the
// read transaction that fetched the data and before anything is shown: a
// read that cannot be audited is not shown.
func (db *DB) auditReads(ctx context.Context, a kith.Actor, entries ...auditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := db.auditInBatch(ctx, func(tx *Tx) error { return tx.audit(a, entries...) })
	if isUnavailable(err) {
		// Fail closed: nothing is shown that the access log cannot record.
		return kith.Errorf(kith.EUNAVAILABLE, "%s", kith.CannotReadMessage)
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// newID returns a UUIDv7: time-ordered, so new rows append to indexes.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// AccessLog returns who viewed or changed a case, newest first. Managers of
// the case and auditors may see it; looking at it is itself audited.
func (db *DB) AccessLog(ctx context.Context, a kith.Actor, ref string, f kith.AccessLogFilter) (*kith.Case, []kith.AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var c *kith.Case
	var events []kith.AuditEvent
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewAccessLog); err != nil {
			return err
		}
		// Events about the case itself and, when asked for, the lists and
		// search results it appeared in, each newest first; then merged.
		before, args := "", []any{c.ID}
		if !f.Before.IsZero() {
			args = append(args, ts(f.Before))
			before = " AND e.at < $2"
		}
		args = append(args, f.Limit)
		limit := fmt.Sprintf(" ORDER BY e.at DESC, e.id DESC LIMIT $%d", len(args))
		cols := `SELECT e.id, e.at, COALESCE(e.user_id, ''), COALESCE(u.display_name, ''), e.action, e.subject_type, e.subject_id,
			e.detail, e.ip, e.user_agent, e.request_id, e.via`
		if events, err = tx.auditEvents(ctx, cols+` FROM audit_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = $1`+before+limit, c.ID, args...); err != nil {
			return err
		}
		if f.IncludeLists {
			// Lists shown since lists were kept once (audit_list_cases),
			// and those shown before (a row per case per event).
			// From the case's lists to their events: SQLite is told the
			// order (CROSS JOIN), or it may read every list event there
			// is to find the few of this case's lists.
			join := ","
			if tx.db.Dialect == SQLite {
				join = " CROSS JOIN"
			}
			listed, err := tx.auditEvents(ctx, cols+` FROM audit_list_cases l`+join+` audit_events e LEFT JOIN users u ON u.id = e.user_id
				WHERE l.case_id = $1 AND e.subject_type = 'list' AND e.subject_id = l.list`+before+limit, c.ID, args...)
			if err != nil {
				return err
			}
			events = append(events, listed...)
			if listed, err = tx.auditEvents(ctx, cols+` FROM audit_listings l JOIN audit_events e ON e.id = l.event_id LEFT JOIN users u ON u.id = e.user_id
				WHERE l.case_id = $1`+before+limit, c.ID, args...); err != nil {
				return err
			}
			events = append(events, listed...)
			sort.Slice(events, func(i, j int) bool {
				if !events[i].At.Equal(events[j].At) {
					return events[i].At.After(events[j].At)
				}
				return events[i].ID > events[j].ID
			})
			if len(events) > f.Limit {
				events = events[:f.Limit]
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditAccessLogViewed, CaseID: c.ID}); err != nil {
		return nil, nil, err
	}
	return c, events, nil
}

func (tx *Tx) auditEvents(ctx context.Context, q, caseID string, args ...any) ([]kith.AuditEvent, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("access log: %w", err)
	}
	defer rows.Close()
	var events []kith.AuditEvent
	for rows.Next() {
		var e kith.AuditEvent
		var at scanTime
		var action string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.UserName, &action, &e.SubjectType, &e.SubjectID, &e.Detail, &e.IP, &e.UserAgent, &e.RequestID, &e.Via); err != nil {
			return nil, err
		}
		e.At, e.Action, e.CaseID = at.T, kith.AuditAction(action), caseID
		events = append(events, e)
	}
	return events, rows.Err()
}
