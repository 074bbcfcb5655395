package sqldb

import (
	"context"

	"kith"
)

// ownerChoices are the people who can be made responsible for an action or
// objective on a case, as forms offer them: the case's worker and the
// actor, the child and their current network, and the professionals
// currently involved. Anyone else is typed in as an OwnerOther.
func (tx *Tx) ownerChoices(ctx context.Context, a kith.Actor, c *kith.Case) ([]kith.Owner, error) {
	var out []kith.Owner
	seen := map[string]bool{}
	add := func(o kith.Owner) {
		if o.Name == "" || seen[o.Ref()] {
			return
		}
		seen[o.Ref()] = true
		out = append(out, o)
	}
	worker := func(id string) error {
		var name, title string
		err := tx.QueryRowContext(ctx, `SELECT display_name, job_title FROM users WHERE id = $1`, id).Scan(&name, &title)
		if errNoRows(err) {
			return nil
		} else if err != nil {
			return err
		}
		if title == "" {
			title = "Worker"
		}
		add(kith.Owner{Kind: kith.OwnerWorker, ID: id, Name: name, Role: title, Agency: ""})
		return nil
	}
	if c.WorkerID != "" {
		if err := worker(c.WorkerID); err != nil {
			return nil, err
		}
	}
	if a.UserID() != "" && a.UserID() != c.WorkerID && a.HasCaseRole() {
		if err := worker(a.UserID()); err != nil {
			return nil, err
		}
	}
	rels, err := tx.relationships(ctx, c.ChildID)
	if err != nil {
		return nil, err
	}
	ids := []string{c.ChildID}
	for _, r := range rels {
		if r.Current() {
			ids = append(ids, r.PersonID)
		}
	}
	// Names only: a brother's or sister's own case may be closed to the
	// actor, but only their address and phone are withheld for that, and
	// choices show neither.
	people, err := tx.peopleWithoutContacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	// The child needs no role: their name is enough, even on exports.
	add(kith.Owner{Kind: kith.OwnerFamily, ID: c.ChildID, Name: people[c.ChildID].DisplayName()})
	for _, r := range rels {
		if p := people[r.PersonID]; p != nil && r.Current() {
			add(kith.Owner{Kind: kith.OwnerFamily, ID: r.PersonID, Name: p.DisplayName(), Role: r.Kind.Label()})
		}
	}
	invs, err := tx.involvements(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, i := range invs {
		if i.Current() {
			add(kith.Owner{Kind: kith.OwnerProfessional, ID: i.Professional.ID, Name: i.Professional.Name, Role: i.Professional.Role, Agency: i.Professional.Agency})
		}
	}
	return out, nil
}

// resolveOwner turns an owner as a form or client sent it into the owner
// stored: a known owner (by Ref) gets their current name, role and agency;
// someone else keeps what was typed. field names the input for errors.
func (tx *Tx) resolveOwner(ctx context.Context, a kith.Actor, c *kith.Case, o kith.Owner, field string) (kith.Owner, error) {
	if o.Kind == kith.OwnerOther || (o.ID == "" && o.Kind == "") {
		o.Kind, o.ID = kith.OwnerOther, ""
		return o, nil
	}
	choices, err := tx.ownerChoices(ctx, a, c)
	if err != nil {
		return o, err
	}
	for _, ch := range choices {
		if ch.Ref() == o.Ref() {
			return ch, nil
		}
	}
	return o, fieldError(field, "Choose who is responsible from the list, or name someone else")
}

// resolveOwnerInto resolves a known owner (one with an ID) in place, adding
// a message to v under field when they are not on the case. An owner
// typed in is left for the domain's checks.
func (tx *Tx) resolveOwnerInto(ctx context.Context, a kith.Actor, c *kith.Case, o *kith.Owner, v *kith.Validation, field string) error {
	if o.ID == "" || o.Kind == kith.OwnerOther {
		if o.Kind == "" && o.Name != "" {
			o.Kind = kith.OwnerOther
		}
		return nil
	}
	resolved, err := tx.resolveOwner(ctx, a, c, *o, field)
	if err := v.Merge("", err); err != nil {
		return err
	}
	if err == nil {
		*o = resolved
	}
	return nil
}

// OwnerChoices lists who may be made responsible on a case, for forms.
func (db *DB) OwnerChoices(ctx context.Context, a kith.Actor, ref string) ([]kith.Owner, error) {
	var out []kith.Owner
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		out, err = tx.ownerChoices(ctx, a, c)
		return err
	})
	return out, db.finish(ctx, a, err)
}
