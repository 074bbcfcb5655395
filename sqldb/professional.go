package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// AddInvolvement records a professional's involvement with a case: someone
// already known to Kith (their details are kept in one place) or someone
// new.
func (db *DB) AddInvolvement(ctx context.Context, a kith.Actor, ref string, in kith.InvolvementInput) (string, error) {
	var id string
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		profID := in.ProfessionalID
		if profID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM professionals WHERE id = $1`, profID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldError("professional_id", "Select a professional from the list")
			}
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM involvements WHERE case_id = $1 AND professional_id = $2 AND ended_on IS NULL`, c.ID, profID).Scan(&current); err != nil {
				return err
			}
			if current > 0 {
				return kith.Errorf(kith.ECONFLICT, "This professional is already involved with the case.")
			}
		} else {
			profID = newID()
			p := in.Professional
			if _, err := tx.ExecContext(ctx, `INSERT INTO professionals (id, name, role, agency, phone, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
				profID, p.Name, p.Role, p.Agency, p.Phone, p.Email, ts(tx.now)); err != nil {
				return fmt.Errorf("insert professional: %w", err)
			}
		}
		id = newID()
		started := in.StartedOn
		if started.IsZero() {
			started = tx.Today()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO involvements (id, case_id, professional_id, note, started_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, c.ID, profID, in.Note, dt(started), ts(tx.now), nullString(a.UserID()))
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "This professional is already involved with the case.")
		} else if err != nil {
			return fmt.Errorf("insert involvement: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditProfessionalAdded, CaseID: c.ID, SubjectType: "professional", SubjectID: profID, Detail: in.Note})
	})
	return id, db.finish(ctx, a, err)
}

// involvementOnCase finds an involvement of a case.
func (tx *Tx) involvementOnCase(ctx context.Context, c *kith.Case, id string) (*kith.Involvement, error) {
	all, err := tx.involvements(ctx, c.ID)
	return byID(all, err, id, func(i *kith.Involvement) string { return i.ID }, "Professional")
}

// Involvement returns one involvement of a case, for the edit page.
func (db *DB) Involvement(ctx context.Context, a kith.Actor, ref, id string) (*kith.Case, *kith.Involvement, error) {
	return caseItem(db, ctx, a, ref, func(tx *Tx, c *kith.Case) (*kith.Involvement, error) { return tx.involvementOnCase(ctx, c, id) })
}

// byID finds the item with an id among a case's items (what names it in
// the "not found" message).
func byID[T any](items []T, err error, id string, idOf func(*T) string, what string) (*T, error) {
	if err != nil {
		return nil, err
	}
	for i := range items {
		if idOf(&items[i]) == id {
			return &items[i], nil
		}
	}
	return nil, kith.NotFound(what)
}

// caseItem reads one item of a case the actor may view, for an edit page.
func caseItem[T any](db *DB, ctx context.Context, a kith.Actor, ref string, find func(tx *Tx, c *kith.Case) (*T, error)) (*kith.Case, *T, error) {
	var c *kith.Case
	var item *T
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		item, err = find(tx, c)
		return err
	})
	return c, item, db.finish(ctx, a, err)
}

// UpdateProfessional changes a professional's contact details (through a
// case they are involved with). The change shows on every case they are
// involved in.
func (db *DB) UpdateProfessional(ctx context.Context, a kith.Actor, ref, involvementID string, in kith.ProfessionalInput, note string) error {
	note = kith.CleanText(note)
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		inv, err := tx.involvementOnCase(ctx, c, involvementID)
		if err != nil {
			return err
		}
		var v kith.Validation
		_ = v.Merge("", in.Validate())
		kith.CheckLength(&v, "note", "note", note, kith.MaxShortText)
		if err := v.Err(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE professionals SET name = $3, role = $4, agency = $5, phone = $6, email = $7, version = version + 1, updated_at = $8
			WHERE id = $1 AND version = $2`, inv.Professional.ID, in.Version, in.Name, in.Role, in.Agency, in.Phone, in.Email, ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleEdit("this professional's details")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE involvements SET note = $2 WHERE id = $1`, involvementID, note); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditProfessionalChange, CaseID: c.ID, SubjectType: "professional", SubjectID: inv.Professional.ID,
			Detail: fmt.Sprintf("%s, %s, %s", in.Name, in.Role, in.Agency)})
	})
	return db.finish(ctx, a, err)
}

// EndInvolvement records that a professional is no longer involved.
func (db *DB) EndInvolvement(ctx context.Context, a kith.Actor, ref, involvementID string, in kith.EndInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		inv, err := tx.involvementOnCase(ctx, c, involvementID)
		if err != nil {
			return err
		}
		if !inv.Current() {
			return kith.Errorf(kith.EINVALID, "This involvement already ended on %s.", inv.EndedOn.Long())
		}
		if err := in.Validate(inv.StartedOn, tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE involvements SET ended_on = $2 WHERE id = $1`, involvementID, dt(in.EndedOn)); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditProfessionalChange, CaseID: c.ID, SubjectType: "professional", SubjectID: inv.Professional.ID, Detail: "involvement ended " + in.EndedOn.String()})
	})
	return db.finish(ctx, a, err)
}

// FindProfessionals finds professionals by name or agency, to add one who
// is already known to Kith rather than typing their details again.
// Professionals' work contact details are not case content, so anyone with
// a case role may search them.
func (db *DB) FindProfessionals(ctx context.Context, a kith.Actor, text string) ([]kith.Professional, error) {
	if !a.HasCaseRole() {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only practitioners and managers can search professionals.")
	}
	text = kith.CleanText(text)
	if text == "" || len(text) > kith.MaxShortText {
		return nil, nil
	}
	var out []kith.Professional
	err := db.read(ctx, func(tx *Tx) error {
		pattern := "%" + escapeLike(lowerASCII(text)) + "%"
		rows, err := tx.QueryContext(ctx, `SELECT id, name, role, agency, phone, email, version FROM professionals
			WHERE lower(name) LIKE $1 ESCAPE '\' OR lower(agency) LIKE $1 ESCAPE '\' ORDER BY lower(name) LIMIT 20`, pattern)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p kith.Professional
			if err := rows.Scan(&p.ID, &p.Name, &p.Role, &p.Agency, &p.Phone, &p.Email, &p.Version); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
