package sqldb

import (
	"context"

	"kith"
)

// Household returns a child, the brothers and sisters in their network and
// the adults the children share (kith.SharedAdults), for the household
// page. A sibling's case, status, worker and address come only from a case
// the actor may open; a sibling whose case they may not open (or who has
// none) is shown as the child's network shows them, and their own network
// is not read, so no adult is named as shared through them. Showing it
// reads the child's case and each sibling case shown, so each is audited.
// can is what the actor may do to the child's case, for the page's header.
func (db *DB) Household(ctx context.Context, a kith.Actor, ref string) (*kith.Household, kith.CasePermissions, error) {
	h := &kith.Household{}
	var can kith.CasePermissions
	var caseIDs []string
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		can = tx.permissions(ctx, a, c)
		rels, err := tx.relationships(ctx, c.ChildID)
		if err != nil {
			return err
		}
		ids := []string{c.ChildID}
		var siblings []kith.Relationship
		for _, r := range rels {
			if r.Kind == kith.RelSibling && r.Current() {
				siblings = append(siblings, r)
				ids = append(ids, r.PersonID)
			}
		}
		people, err := tx.loadPeople(ctx, ids)
		if err != nil {
			return err
		}
		if err := tx.withholdHiddenChildren(ctx, a, people); err != nil {
			return err
		}
		own, err := tx.visibleOwnCases(ctx, a, ids[1:])
		if err != nil {
			return err
		}
		h.Children = append(h.Children, kith.HouseholdChild{Person: *people[c.ChildID], Case: c})
		networks := []kith.FamilyNetwork{{ChildID: c.ChildID, ChildName: people[c.ChildID].DisplayName(), Network: rels}}
		caseIDs = append(caseIDs, c.ID)
		for i, r := range siblings {
			hc := kith.HouseholdChild{Person: *people[r.PersonID], Relationship: &siblings[i]}
			if sref, ok := own[r.PersonID]; ok {
				sc, err := tx.caseFor(a, sref, kith.ViewCase)
				if err != nil {
					return err
				}
				hc.Case = sc
				caseIDs = append(caseIDs, sc.ID)
				srels, err := tx.relationships(ctx, sc.ChildID)
				if err != nil {
					return err
				}
				networks = append(networks, kith.FamilyNetwork{ChildID: sc.ChildID, ChildName: hc.Person.DisplayName(), Network: srels})
			} else {
				// As the network shows them: no address or phone, whatever
				// the reason they have no case to open.
				hc.Person.Addresses, hc.Person.Phones = []kith.Address{}, []kith.Phone{}
			}
			h.Children = append(h.Children, hc)
		}
		h.Adults = kith.SharedAdults(networks)
		var adultIDs []string
		for _, ad := range h.Adults {
			adultIDs = append(adultIDs, ad.Person.ID)
		}
		adults, err := tx.loadPeople(ctx, adultIDs)
		if err != nil {
			return err
		}
		if err := tx.withholdHiddenChildren(ctx, a, adults); err != nil {
			return err
		}
		for i := range h.Adults {
			h.Adults[i].Person = *adults[h.Adults[i].Person.ID]
		}
		return nil
	})
	if err != nil {
		return nil, can, db.finish(ctx, a, err)
	}
	// A sibling's access log says the page, not the other child's case.
	entries := []auditEntry{{Action: kith.AuditCaseViewed, CaseID: caseIDs[0], SubjectType: "page", Detail: "household"}}
	for _, id := range caseIDs[1:] {
		entries = append(entries, auditEntry{Action: kith.AuditCaseViewed, CaseID: id, SubjectType: "page", Detail: "household, through a brother's or sister's case"})
	}
	if err := db.auditReads(ctx, a, entries...); err != nil {
		return nil, can, err
	}
	return h, can, nil
}
