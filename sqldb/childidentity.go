package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

// identityColumns are child_identities' columns as scanIdentity reads them,
// with the recorder's name.
const identityColumns = `ci.local_child_id, ci.upn, ci.former_upn, ci.upn_unknown, ci.sex, ci.ethnicity, ci.disabilities,
	ci.date_of_death, ci.uasc, ci.uasc_ceased, ci.version, ci.recorded_at, COALESCE(u.display_name, '')`

type rowScanner interface{ Scan(...any) error }

func scanIdentity(row rowScanner) (kith.ChildIdentity, error) {
	var ci kith.ChildIdentity
	err := scanIdentityAfter(row, nil, &ci)
	return ci, err
}

// scanIdentityAfter scans identityColumns into ci, after a first column
// into first when first is not nil.
func scanIdentityAfter(row rowScanner, first *string, ci *kith.ChildIdentity) error {
	var disabilities string
	var death, ceased scanDate
	var at scanTime
	dest := []any{&ci.LocalChildID, &ci.UPN, &ci.FormerUPN, &ci.UPNUnknown, &ci.Sex, &ci.Ethnicity, &disabilities,
		&death, &ci.UASC, &ceased, &ci.Version, &at, &ci.RecordedBy}
	if first != nil {
		dest = append([]any{first}, dest...)
	}
	err := row.Scan(dest...)
	ci.Disabilities = strings.Fields(disabilities)
	ci.DateOfDeath, ci.UASCCeased, ci.RecordedAt = death.D, ceased.D, at.T
	return err
}

// childIdentities returns every version of the identity of a case's child,
// newest first. A child whose identity has never been recorded has one
// version 0: their local child id from the case reference and nothing else.
func (tx *Tx) childIdentities(ctx context.Context, c *kith.Case) ([]kith.ChildIdentity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+identityColumns+` FROM child_identities ci LEFT JOIN users u ON u.id = ci.recorded_by
		WHERE ci.person_id = $1 ORDER BY ci.version DESC`, c.ChildID)
	if err != nil {
		return nil, fmt.Errorf("load child identity: %w", err)
	}
	defer rows.Close()
	var out []kith.ChildIdentity
	for rows.Next() {
		ci, err := scanIdentity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ci)
	}
	if len(out) == 0 {
		out = []kith.ChildIdentity{{LocalChildID: kith.LocalChildIDFromReference(c.Reference)}}
	}
	return out, rows.Err()
}

// ChildIdentity returns the identity items of a case's child, every version
// newest first (the first is the current one).
func (db *DB) ChildIdentity(ctx context.Context, a kith.Actor, ref string) ([]kith.ChildIdentity, error) {
	var out []kith.ChildIdentity
	var c *kith.Case
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		out, err = tx.childIdentities(ctx, c)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditIdentityViewed, CaseID: c.ID, SubjectType: "person", SubjectID: c.ChildID})
}

// SaveChildIdentity records a new version of the identity items of a
// case's child. in.Version is the version the user edited; if someone saved
// another meanwhile, the save is refused rather than overwriting theirs.
// The local child id is taken from the input only on the first save.
func (db *DB) SaveChildIdentity(ctx context.Context, a kith.Actor, ref string, in kith.ChildIdentityInput) (kith.ChildIdentity, error) {
	var saved kith.ChildIdentity
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		people, err := tx.peopleWithoutContacts(ctx, []string{c.ChildID})
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), people[c.ChildID]); err != nil {
			return err
		}
		versions, err := tx.childIdentities(ctx, c)
		if err != nil {
			return err
		}
		current := versions[0]
		if in.Version != current.Version {
			return staleEdit("these details")
		}
		saved = in.Apply(current)
		if current.Version == 0 {
			if err := tx.localChildIDFree(ctx, c, saved.LocalChildID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO child_identities (person_id, version, local_child_id, upn, former_upn, upn_unknown, sex, ethnicity, disabilities,
			date_of_death, uasc, uasc_ceased, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			c.ChildID, saved.Version, saved.LocalChildID, saved.UPN, saved.FormerUPN, saved.UPNUnknown, saved.Sex, saved.Ethnicity,
			strings.Join(saved.Disabilities, " "), dt(saved.DateOfDeath), saved.UASC, dt(saved.UASCCeased), ts(tx.now), nullString(a.UserID()))
		switch {
		case isUniqueViolation(err) && current.Version == 0:
			return localChildIDTaken(saved.LocalChildID)
		case isUniqueViolation(err):
			return staleEdit("these details")
		case err != nil:
			return fmt.Errorf("insert child identity: %w", err)
		}
		saved.RecordedAt = tx.now
		if a.User != nil {
			saved.RecordedBy = a.User.DisplayName
		}
		var items []string
		for _, ch := range saved.ChangesFrom(current) {
			items = append(items, ch.Item)
		}
		detail := "No items changed"
		if len(items) > 0 {
			detail = "Changed: " + strings.Join(items, ", ")
		}
		return tx.audit(a, auditEntry{Action: kith.AuditIdentityChanged, CaseID: c.ID, SubjectType: "person", SubjectID: c.ChildID, Detail: detail})
	})
	return saved, db.finish(ctx, a, err)
}

// localChildIDFree checks that no other child has the local child id:
// neither recorded, nor derived from their case reference while they have
// none recorded.
func (tx *Tx) localChildIDFree(ctx context.Context, c *kith.Case, id string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE child_id <> $1 AND REPLACE(reference, '-', '') = $2
		AND NOT EXISTS (SELECT 1 FROM child_identities ci WHERE ci.person_id = cases.child_id)`, c.ChildID, id).Scan(&n)
	if err != nil {
		return fmt.Errorf("check local child id: %w", err)
	}
	if n > 0 {
		return localChildIDTaken(id)
	}
	return nil
}

func localChildIDTaken(id string) error {
	return fieldError("local_child_id", "Another child already has the local child ID "+id+". Check the ID from the previous system")
}
