package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

// The adopters register. Prospective adopters are not children's cases:
// only service managers (who make the returns) may read or change the
// register, and every read and change is audited. A practitioner
// recording a child's match names the household by its reference, and
// learns no more of the register than whether that household was
// approved then.

// householdRows reads the households matching where, with their adopters,
// in order of reference.
func (tx *Tx) householdRows(ctx context.Context, where string, args ...any) ([]kith.AdopterHousehold, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.reference, h.fostering_for_adoption, h.enquiry_on, h.stage1_started_on, h.stage1_ended_on,
		h.stage2_started_on, h.stage2_ended_on, h.application_on, h.approved_on, h.left_on, h.left_reason, h.version
		FROM adopter_households h WHERE `+where+` ORDER BY h.ref_year, h.ref_number`, args...)
	if err != nil {
		return nil, fmt.Errorf("load adopters: %w", err)
	}
	var out []kith.AdopterHousehold
	byID := map[string]int{}
	for rows.Next() {
		var h kith.AdopterHousehold
		var ffa int
		var d [8]scanDate
		if err := rows.Scan(&h.ID, &h.Reference, &ffa, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7], &h.LeftReason, &h.Version); err != nil {
			rows.Close()
			return nil, err
		}
		h.FosteringForAdoption = ffa == 1
		h.EnquiryOn, h.Stage1StartedOn, h.Stage1EndedOn, h.Stage2StartedOn = d[0].D, d[1].D, d[2].D, d[3].D
		h.Stage2EndedOn, h.ApplicationOn, h.ApprovedOn, h.LeftOn = d[4].D, d[5].D, d[6].D, d[7].D
		byID[h.ID] = len(out)
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT a.household_id, a.name, a.sex, a.ethnicity, a.disabled FROM adopters a
		WHERE a.household_id IN (SELECT h.id FROM adopter_households h WHERE `+where+`) ORDER BY a.household_id, a.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("load adopters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, disabled string
		var a kith.Adopter
		if err := rows.Scan(&id, &a.Name, &a.Sex, &a.Ethnicity, &disabled); err != nil {
			return nil, err
		}
		a.Disabled = kith.Answer(disabled)
		if i, ok := byID[id]; ok {
			out[i].Adopters = append(out[i].Adopters, a)
		}
	}
	return out, rows.Err()
}

// AdopterHouseholds lists the register, oldest enquiry first.
func (db *DB) AdopterHouseholds(ctx context.Context, a kith.Actor) ([]kith.AdopterHousehold, error) {
	if err := kith.MayKeepAdopters(a); err != nil {
		return nil, db.finish(ctx, a, err)
	}
	var out []kith.AdopterHousehold
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.householdRows(ctx, `1 = 1`)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditAdoptersViewed, SubjectType: "adopters", Detail: fmt.Sprintf("the register: %d households", len(out))})
}

// AdopterHousehold reads one household.
func (db *DB) AdopterHousehold(ctx context.Context, a kith.Actor, id string) (kith.AdopterHousehold, error) {
	if err := kith.MayKeepAdopters(a); err != nil {
		return kith.AdopterHousehold{}, db.finish(ctx, a, err)
	}
	var out []kith.AdopterHousehold
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.householdRows(ctx, `h.id = $1`, id)
		return err
	})
	if err == nil && len(out) == 0 {
		err = kith.NotFound("Household")
	}
	if err != nil {
		return kith.AdopterHousehold{}, db.finish(ctx, a, err)
	}
	return out[0], db.auditReads(ctx, a, auditEntry{Action: kith.AuditAdoptersViewed, SubjectType: "adopter_household", SubjectID: id, Detail: out[0].Reference})
}

// RecordAdopterHousehold adds a household to the register (id ""),
// numbered within the year of its enquiry, or corrects one read at
// in.Version.
func (db *DB) RecordAdopterHousehold(ctx context.Context, a kith.Actor, id string, in kith.AdopterHouseholdInput) (kith.AdopterHousehold, error) {
	if err := kith.MayKeepAdopters(a); err != nil {
		return kith.AdopterHousehold{}, db.finish(ctx, a, err)
	}
	var out kith.AdopterHousehold
	err := db.write(ctx, func(tx *Tx) error {
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		out = kith.AdopterHousehold{ID: id, AdopterHouseholdInput: in}
		cols := []any{zeroOne(&in.FosteringForAdoption), dt(in.EnquiryOn), dt(in.Stage1StartedOn), dt(in.Stage1EndedOn), dt(in.Stage2StartedOn),
			dt(in.Stage2EndedOn), dt(in.ApplicationOn), dt(in.ApprovedOn), dt(in.LeftOn), in.LeftReason, ts(tx.now), nullString(a.UserID())}
		if id == "" {
			year := in.EnquiryOn.Year
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(ref_number), 0) + 1 FROM adopter_households WHERE ref_year = $1`, year).Scan(&n); err != nil {
				return err
			}
			out.ID, out.Reference, out.Version = newID(), kith.AdopterReference(year, n), 1
			_, err := tx.ExecContext(ctx, `INSERT INTO adopter_households (fostering_for_adoption, enquiry_on, stage1_started_on, stage1_ended_on,
				stage2_started_on, stage2_ended_on, application_on, approved_on, left_on, left_reason, recorded_at, recorded_by,
				id, reference, ref_year, ref_number, version) VALUES (`+placeholders(1, 16)+`, 1)`, append(cols, out.ID, out.Reference, year, n)...)
			if isUniqueViolation(err) {
				return kith.Errorf(kith.ECONFLICT, "Someone else added a household at the same moment: save again.")
			}
			if err != nil {
				return fmt.Errorf("add adopters: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE adopter_households SET fostering_for_adoption = $1, enquiry_on = $2, stage1_started_on = $3,
				stage1_ended_on = $4, stage2_started_on = $5, stage2_ended_on = $6, application_on = $7, approved_on = $8, left_on = $9,
				left_reason = $10, recorded_at = $11, recorded_by = $12, version = version + 1 WHERE id = $13 AND version = $14`, append(cols, id, in.Version)...)
			if err != nil {
				return fmt.Errorf("correct adopters: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT reference FROM adopter_households WHERE id = $1`, id).Scan(&out.Reference); err != nil {
					return kith.NotFound("Household")
				}
				return staleEdit("this household")
			}
			if err := tx.QueryRowContext(ctx, `SELECT reference, version FROM adopter_households WHERE id = $1`, id).Scan(&out.Reference, &out.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM adopters WHERE household_id = $1`, id); err != nil {
				return err
			}
		}
		for i, ad := range in.Adopters {
			if _, err := tx.ExecContext(ctx, `INSERT INTO adopters (household_id, position, name, sex, ethnicity, disabled) VALUES ($1, $2, $3, $4, $5, $6)`,
				out.ID, i, ad.Name, ad.Sex, ad.Ethnicity, string(ad.Disabled)); err != nil {
				return fmt.Errorf("add adopters: %w", err)
			}
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAdoptersRecorded, SubjectType: "adopter_household", SubjectID: out.ID,
			Detail: fmt.Sprintf("%s, version %d", out.Reference, out.Version)})
	})
	return out, db.finish(ctx, a, err)
}

// householdForMatch finds the household a match names by its reference,
// and checks the match fits it.
func (tx *Tx) householdForMatch(ctx context.Context, in kith.AdoptionMatchInput) (string, error) {
	ref := strings.ToUpper(strings.TrimSpace(in.Household))
	if ref == "" {
		return "", nil
	}
	hs, err := tx.householdRows(ctx, `h.reference = $1`, ref)
	if err != nil {
		return "", err
	}
	if len(hs) == 0 {
		return "", fieldError("household", "There is no household "+ref+" in the adopters register: check the reference, or leave it blank")
	}
	if field, msg := hs[0].FitsMatch(in); msg != "" {
		return "", fieldError(field, msg)
	}
	return hs[0].ID, nil
}

// AdopterFacts reads, for Annex A, the households in the register and the
// children matched with each, with their care. Service managers only; the
// read is audited, and the children's cases as a list.
func (db *DB) AdopterFacts(ctx context.Context, a kith.Actor) ([]kith.AdopterFacts, error) {
	if err := kith.MayKeepAdopters(a); err != nil {
		return nil, db.finish(ctx, a, err)
	}
	var out []kith.AdopterFacts
	var caseIDs []string
	err := db.read(ctx, func(tx *Tx) error {
		hs, err := tx.householdRows(ctx, `1 = 1`)
		if err != nil || len(hs) == 0 {
			return err
		}
		byID := map[string]int{}
		for i, h := range hs {
			byID[h.ID] = i
			out = append(out, kith.AdopterFacts{Household: h})
		}
		matches, err := tx.matchRows(ctx, `m.household_id IS NOT NULL`)
		if err != nil {
			return err
		}
		care, err := tx.careEpisodeRows(ctx, `e.case_id IN (SELECT m.case_id FROM adoption_matches m WHERE m.household_id IS NOT NULL)`)
		if err != nil {
			return err
		}
		episodes := map[string][]kith.CareEpisode{}
		for _, e := range care {
			episodes[e.CaseID] = append(episodes[e.CaseID], e)
		}
		for _, m := range matches {
			i := byID[m.HouseholdID]
			out[i].Children = append(out[i].Children, kith.MatchedChild{Match: m, Episodes: episodes[m.CaseID]})
			caseIDs = append(caseIDs, m.CaseID)
		}
		return nil
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditAdoptersViewed, SubjectType: "adopters", Detail: fmt.Sprintf("for Annex A: %d households", len(out))}); err != nil {
		return nil, err
	}
	return out, db.auditListing(ctx, a, kith.AuditReturnMade, "Children matched with the adopters in Annex A", caseIDs)
}
