package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"kith"
)

// personOnCase checks that personID is the case's child or in the child's
// network, and returns the relationship (nil for the child). A person who
// is also the child of another case (a sibling known to the service) is
// reached only if the actor may do action to that case too: a restricted
// child's details must not be read or changed through a brother's case.
func (tx *Tx) personOnCase(ctx context.Context, a kith.Actor, c *kith.Case, personID string, action kith.Permission) (*kith.Relationship, error) {
	rel, _, err := tx.personOnCaseWithOwn(ctx, a, c, personID, action)
	return rel, err
}

// personOnCaseWithOwn is personOnCase that also returns the id of the
// person's own case, when they have one, so that what is read or changed
// about them is audited there too.
func (tx *Tx) personOnCaseWithOwn(ctx context.Context, a kith.Actor, c *kith.Case, personID string, action kith.Permission) (*kith.Relationship, string, error) {
	if personID == c.ChildID {
		return nil, "", nil
	}
	rels, err := tx.relationships(ctx, c.ChildID)
	if err != nil {
		return nil, "", err
	}
	var rel *kith.Relationship
	for i := range rels {
		if rels[i].PersonID == personID {
			rel = &rels[i]
		}
	}
	if rel == nil {
		return nil, "", kith.NotFound("Person")
	}
	var own string
	err = tx.QueryRowContext(ctx, `SELECT reference FROM cases WHERE child_id = $1`, personID).Scan(&own)
	if errNoRows(err) {
		return rel, "", nil
	} else if err != nil {
		return nil, "", err
	}
	ownCase, err := tx.caseFor(a, own, action)
	if err != nil {
		var d *deniedError
		if errors.As(err, &d) {
			d.err = kith.NotFound("Person")
			return nil, "", d
		}
		return nil, "", err
	}
	return rel, ownCase.ID, nil
}

// alsoOn copies audit entries onto a person's own case, when they have one
// other than the case the change was made through.
func alsoOn(ownCaseID string, entries ...auditEntry) []auditEntry {
	out := entries
	for _, e := range entries {
		if ownCaseID != "" && ownCaseID != e.CaseID {
			e.CaseID = ownCaseID
			out = append(out, e)
		}
	}
	return out
}

// withholdHiddenChildren removes the addresses and phone numbers of people
// who are the children of cases the actor may not open, so that a
// restricted child's whereabouts do not show in a sibling's network.
func (tx *Tx) withholdHiddenChildren(ctx context.Context, a kith.Actor, people map[string]*kith.Person) error {
	ids := make([]string, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	own, err := tx.strings(ctx, `SELECT child_id FROM cases WHERE child_id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...)
	if err != nil || len(own) == 0 {
		return err
	}
	visible, err := tx.visibleOwnCases(ctx, a, own)
	if err != nil {
		return err
	}
	for _, id := range own {
		if _, ok := visible[id]; !ok {
			people[id].Addresses, people[id].Phones = []kith.Address{}, []kith.Phone{}
		}
	}
	return nil
}

// CasePerson returns a person on a case (the child or someone in the
// network) with their relationship to the child, for the edit pages.
func (db *DB) CasePerson(ctx context.Context, a kith.Actor, ref, personID string) (*kith.Case, *kith.Person, *kith.Relationship, error) {
	c, p, rel, _, err := db.CasePersonWithOwnCase(ctx, a, ref, personID)
	return c, p, rel, err
}

// CasePersonWithOwnCase is CasePerson that also returns the reference of
// the person's own case, when they are a child with one (a brother or
// sister in the network): the actor may open it, or the person would not
// be shown at all (personOnCaseWithOwn).
func (db *DB) CasePersonWithOwnCase(ctx context.Context, a kith.Actor, ref, personID string) (*kith.Case, *kith.Person, *kith.Relationship, string, error) {
	var c *kith.Case
	var p *kith.Person
	var rel *kith.Relationship
	var own, ownRef string
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		if rel, own, err = tx.personOnCaseWithOwn(ctx, a, c, personID, kith.ViewCase); err != nil {
			return err
		}
		if own != "" {
			oc, err := tx.caseByID(ctx, own)
			if err != nil {
				return err
			}
			ownRef = oc.Reference
		}
		people, err := tx.loadPeople(ctx, []string{personID})
		if err != nil {
			return err
		}
		p = people[personID]
		return nil
	})
	if err != nil {
		return nil, nil, nil, "", db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, alsoOn(own, auditEntry{Action: kith.AuditPersonViewed, CaseID: c.ID, SubjectType: "person", SubjectID: personID})...); err != nil {
		return nil, nil, nil, "", err
	}
	return c, p, rel, ownRef, nil
}

// editCase opens a case for a change: the actor must be allowed to edit it
// and the case must be open.
func (tx *Tx) editCase(a kith.Actor, ref string) (*kith.Case, error) {
	c, err := tx.caseFor(a, ref, kith.EditCase)
	if err != nil {
		return nil, err
	}
	return c, c.CheckOpen()
}

// AddNetworkMember adds someone to a child's network: a new person, or one
// already recorded (a parent shared by siblings), whom the actor must be
// able to see through another case.
func (db *DB) AddNetworkMember(ctx context.Context, a kith.Actor, ref string, in kith.NewNetworkMemberInput) (string, error) {
	var personID string
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		name := ""
		if in.ExistingPersonID != "" {
			if in.ExistingPersonID == c.ChildID {
				return fieldError("existing_person_id", "A child cannot be in their own network")
			}
			ok, err := tx.personVisible(ctx, a, in.ExistingPersonID)
			if err != nil {
				return err
			}
			if !ok {
				return kith.NotFound("Person")
			}
			personID = in.ExistingPersonID
			people, err := tx.loadPeople(ctx, []string{personID})
			if err != nil {
				return err
			}
			name = people[personID].FullName()
		} else {
			if personID, err = tx.insertPerson(ctx, a, in.Person); err != nil {
				return err
			}
			name = in.Person.FirstName + " " + in.Person.LastName
		}
		r := in.Relationship
		_, err = tx.ExecContext(ctx, `INSERT INTO relationships (id, child_id, person_id, kind, lives_with_child, parental_responsibility, notes, started_on, created_at, updated_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
			newID(), c.ChildID, personID, string(r.Kind), r.LivesWithChild, string(r.ParentalResponsibility), r.Notes, dt(r.StartedOn), ts(tx.now), nullString(a.UserID()))
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "%s is already in this child's network. Change their relationship instead.", name)
		} else if err != nil {
			return fmt.Errorf("insert relationship: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditPersonAdded, CaseID: c.ID, SubjectType: "person", SubjectID: personID, Detail: name + " as " + r.Kind.Label()})
	})
	return personID, db.finish(ctx, a, err)
}

// personVisible reports whether the actor can see a person through some
// case: as its child, or in its child's network.
func (tx *Tx) personVisible(ctx context.Context, a kith.Actor, personID string) (bool, error) {
	scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 2)
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE (c.child_id = $1 OR c.child_id IN (SELECT child_id FROM relationships WHERE person_id = $1)) AND `+scope,
		append([]any{personID}, args...)...).Scan(&n)
	return n > 0, err
}

// UpdatePerson corrects a person's details. People are stored once, so the
// change shows on every case they appear on. version is the person version
// the user edited; if someone else saved in between, the change is refused
// rather than overwriting theirs.
func (db *DB) UpdatePerson(ctx context.Context, a kith.Actor, ref, personID string, in kith.PersonInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		rel, own, err := tx.personOnCaseWithOwn(ctx, a, c, personID, kith.EditCase)
		if err != nil {
			return err
		}
		if rel == nil {
			err = in.ValidateChild(tx.Today())
		} else {
			err = in.ValidateAdult(tx.Today())
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE people SET first_name = $3, last_name = $4, known_as = $5, date_of_birth = $6, gender = $7, nhs_number = $8,
			expected_date_of_birth = $10, version = version + 1, updated_at = $9 WHERE id = $1 AND version = $2`,
			personID, in.Version, in.FirstName, in.LastName, in.KnownAs, dt(in.DateOfBirth), string(in.Gender), in.NHSNumber, ts(tx.now), dt(in.ExpectedDateOfBirth))
		if err != nil {
			return fmt.Errorf("update person: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleEdit("these details")
		}
		if err := tx.indexName(ctx, personID, in.FirstName, in.LastName, in.KnownAs); err != nil {
			return err
		}
		return tx.audit(a, alsoOn(own, auditEntry{Action: kith.AuditPersonUpdated, CaseID: c.ID, SubjectType: "person", SubjectID: personID,
			Detail: in.FirstName + " " + in.LastName})...)
	})
	return db.finish(ctx, a, err)
}

// UpdateRelationship changes how someone is related to the child.
func (db *DB) UpdateRelationship(ctx context.Context, a kith.Actor, ref, personID string, in kith.RelationshipInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		rel, err := tx.personOnCase(ctx, a, c, personID, kith.EditCase)
		if err != nil {
			return err
		}
		if rel == nil {
			return kith.Errorf(kith.EINVALID, "This is the child. A relationship links someone else to them.")
		}
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE relationships SET kind = $3, lives_with_child = $4, parental_responsibility = $5, notes = $6, started_on = $7,
			version = version + 1, updated_at = $8 WHERE id = $1 AND version = $2`,
			rel.ID, in.Version, string(in.Kind), in.LivesWithChild, string(in.ParentalResponsibility), in.Notes, dt(in.StartedOn), ts(tx.now))
		if err != nil {
			return fmt.Errorf("update relationship: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleEdit("this relationship")
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRelationshipChange, CaseID: c.ID, SubjectType: "person", SubjectID: personID,
			Detail: fmt.Sprintf("%s; lives with child: %v; parental responsibility: %s", in.Kind.Label(), in.LivesWithChild, in.ParentalResponsibility.Label())})
	})
	return db.finish(ctx, a, err)
}

// EndRelationship records that someone is no longer part of the child's
// network (for example a carer who has left). The relationship stays in
// the history.
func (db *DB) EndRelationship(ctx context.Context, a kith.Actor, ref, personID string, in kith.EndInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		rel, err := tx.personOnCase(ctx, a, c, personID, kith.EditCase)
		if err != nil {
			return err
		}
		if rel == nil {
			return kith.Errorf(kith.EINVALID, "This is the child. Close the case instead.")
		}
		if !rel.Current() {
			return kith.Errorf(kith.EINVALID, "This relationship already ended on %s.", rel.EndedOn.Long())
		}
		if err := in.Validate(rel.StartedOn, tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE relationships SET ended_on = $2, lives_with_child = FALSE, version = version + 1, updated_at = $3 WHERE id = $1`,
			rel.ID, dt(in.EndedOn), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRelationshipChange, CaseID: c.ID, SubjectType: "person", SubjectID: personID, Detail: "ended " + in.EndedOn.String() + ": " + in.Reason})
	})
	return db.finish(ctx, a, err)
}

// AddAddress records a new address for a person on a case.
func (db *DB) AddAddress(ctx context.Context, a kith.Actor, ref, personID string, in kith.AddressInput) error {
	return db.addToPerson(ctx, a, ref, personID, in.Validate, kith.AuditAddressAdded, "address", func(tx *Tx) (string, error) {
		return tx.insertAddress(ctx, a, personID, in)
	})
}

// addToPerson adds something (an address, a phone number) to a person on
// an open case the actor may edit.
func (db *DB) addToPerson(ctx context.Context, a kith.Actor, ref, personID string, validate func(kith.Date) error, action kith.AuditAction,
	subject string, insert func(tx *Tx) (string, error)) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		_, own, err := tx.personOnCaseWithOwn(ctx, a, c, personID, kith.EditCase)
		if err != nil {
			return err
		}
		if err := validate(tx.Today()); err != nil {
			return err
		}
		id, err := insert(tx)
		if err != nil {
			return err
		}
		return tx.audit(a, alsoOn(own, auditEntry{Action: action, CaseID: c.ID, SubjectType: subject, SubjectID: id, Detail: "person " + personID})...)
	})
	return db.finish(ctx, a, err)
}

// EndAddress records that a person no longer lives at an address; it stays
// visible as a previous address.
func (db *DB) EndAddress(ctx context.Context, a kith.Actor, ref, personID, addressID string, in kith.EndInput) error {
	return db.endDated(ctx, a, ref, personID, "addresses", addressID, in, kith.AuditAddressEnded, "Address")
}

// AddPhone records a new telephone number for a person on a case.
func (db *DB) AddPhone(ctx context.Context, a kith.Actor, ref, personID string, in kith.PhoneInput) error {
	return db.addToPerson(ctx, a, ref, personID, in.Validate, kith.AuditPhoneAdded, "phone", func(tx *Tx) (string, error) {
		return tx.insertPhone(ctx, a, personID, in)
	})
}

// EndPhone records that a number is no longer in use; it stays visible as
// an old number, with its dates.
func (db *DB) EndPhone(ctx context.Context, a kith.Actor, ref, personID, phoneID string, in kith.EndInput) error {
	return db.endDated(ctx, a, ref, personID, "phones", phoneID, in, kith.AuditPhoneEnded, "Telephone number")
}

// endDated ends an address or phone number of a person on a case.
func (db *DB) endDated(ctx context.Context, a kith.Actor, ref, personID, table, id string, in kith.EndInput, action kith.AuditAction, what string) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		_, own, err := tx.personOnCaseWithOwn(ctx, a, c, personID, kith.EditCase)
		if err != nil {
			return err
		}
		var from, to scanDate
		err = tx.QueryRowContext(ctx, `SELECT from_date, to_date FROM `+table+` WHERE id = $1 AND person_id = $2`, id, personID).Scan(&from, &to)
		if errNoRows(err) {
			return kith.NotFound(what)
		} else if err != nil {
			return err
		}
		if !to.D.IsZero() {
			return kith.Errorf(kith.EINVALID, "This %s already ended on %s.", lowerFirst(what), to.D.Long())
		}
		if err := in.Validate(from.D, tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET to_date = $2 WHERE id = $1`, id, dt(in.EndedOn)); err != nil {
			return err
		}
		return tx.audit(a, alsoOn(own, auditEntry{Action: action, CaseID: c.ID, SubjectType: table, SubjectID: id, Detail: "ended " + in.EndedOn.String()})...)
	})
	return db.finish(ctx, a, err)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// PersonThroughCase finds a person the actor can see through some case (as
// its child or in its child's network) and returns that case, for choosing
// someone already known to add to another network.
func (db *DB) PersonThroughCase(ctx context.Context, a kith.Actor, personID string) (*kith.Case, *kith.Person, *kith.Relationship, error) {
	var c *kith.Case
	var p *kith.Person
	err := db.read(ctx, func(tx *Tx) error {
		scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 2)
		var id string
		err := tx.QueryRowContext(ctx, `SELECT c.id FROM cases c WHERE (c.child_id = $1 OR c.child_id IN (SELECT child_id FROM relationships WHERE person_id = $1)) AND `+scope+` ORDER BY c.reference LIMIT 1`,
			append([]any{personID}, args...)...).Scan(&id)
		if errNoRows(err) {
			return kith.NotFound("Person")
		} else if err != nil {
			return err
		}
		if c, err = tx.caseByID(ctx, id); err != nil {
			return err
		}
		people, err := tx.loadPeople(ctx, []string{personID})
		if err != nil {
			return err
		}
		if err := tx.withholdHiddenChildren(ctx, a, people); err != nil {
			return err
		}
		p = people[personID]
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditPersonViewed, CaseID: c.ID, SubjectType: "person", SubjectID: personID}); err != nil {
		return nil, nil, nil, err
	}
	return c, p, nil, nil
}

// CaseNetwork returns a child's network (people and relationships) for
// forms that choose someone from it.
func (db *DB) CaseNetwork(ctx context.Context, a kith.Actor, ref string) ([]kith.NetworkMember, error) {
	var out []kith.NetworkMember
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		rels, err := tx.relationships(ctx, c.ChildID)
		if err != nil {
			return err
		}
		ids := make([]string, len(rels))
		for i, r := range rels {
			ids[i] = r.PersonID
		}
		people, err := tx.loadPeople(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range rels {
			out = append(out, kith.NetworkMember{Relationship: r, Person: *people[r.PersonID]})
		}
		return nil
	})
	return out, db.finish(ctx, a, err)
}
