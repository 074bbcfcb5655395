package sqldb

import (
	"context"
	"fmt"
	"time"

	"kith"
)

// keyEvent records a dated key event on a case: the allocation, transfer,
// closure and status changes the chronology is built from.
func (tx *Tx) keyEvent(ctx context.Context, a kith.Actor, caseID string, kind kith.KeyEventKind, at time.Time, summary string) error {
	return tx.recordKeyEvent(ctx, a, caseID, kind, at, summary, "")
}

// recordKeyEvent records a key event made by a record (recordID), such as a
// court hearing written as a key-event record, linked to it: the chronology
// shows the event once, with a link to the record, and drops it if the
// record is withdrawn.
func (tx *Tx) recordKeyEvent(ctx context.Context, a kith.Actor, caseID string, kind kith.KeyEventKind, at time.Time, summary, recordID string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO key_events (id, case_id, kind, occurred_at, summary, by_user_id, created_at, record_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		newID(), caseID, string(kind), ts(at), summary, nullString(a.UserID()), ts(tx.now), nullString(recordID))
	if err != nil {
		return fmt.Errorf("record key event: %w", err)
	}
	return nil
}

// onDate turns a date the user gave into the time of an event: now when the
// date is today, otherwise midday in the council's zone on that date (so the
// date reads the same in any zone arithmetic).
func (tx *Tx) onDate(d kith.Date) time.Time {
	if d.IsZero() || d == tx.Today() {
		return tx.now
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, kith.London).UTC()
}
