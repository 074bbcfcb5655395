package main

import (
	"context"
	"fmt"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// addDemoRequests logs a handful of subject access requests in the demo
// council, as its information governance officer would have, so the
// officer's list shows each state: answered in time, open and late,
// extended, waiting for proof of identity, due soon, and withdrawn; the
// late one's record is gathered for review. They are written through the
// same checks and audit as the pages use.
func addDemoRequests(ctx context.Context, db *sqldb.DB, c *synth.Council) error {
	if c.InformationGovernanceID == "" || len(c.References) < 6 {
		return nil
	}
	ig, err := db.Actor(ctx, c.InformationGovernanceID)
	if err != nil {
		return err
	}
	today := kith.DateOf(db.Now().In(kith.London))
	day := func(n int) kith.Date { return today.AddDays(-n) }
	requests := []kith.SubjectAccessInput{
		{Relation: "self", IdentityCheck: "photo_id", ReceivedOn: day(40), RespondedOn: day(12)},
		{Relation: "self", IdentityCheck: "known", ReceivedOn: day(36), Notes: "Asked the school and the health visitor for the letters they sent."},
		{Relation: "representative", RequesterName: "Patel & Co Solicitors", IdentityCheck: "authority", ReceivedOn: day(20),
			ExtensionMonths: 2, ExtensionReason: "Eighteen years of records, some held on paper by two other councils.", ExtendedOn: day(15)},
		{Relation: "parent", RequesterName: "Sam Pearce", IdentityCheck: "pending", ReceivedOn: day(6)},
		{Relation: "self", IdentityCheck: "documents", ReceivedOn: day(12)},
		{Relation: "parent", RequesterName: "Chris Holt", IdentityCheck: "photo_id", ReceivedOn: day(25), WithdrawnOn: day(22)},
	}
	for i, in := range requests {
		in.CaseReference = c.References[len(c.References)-1-i*3%len(c.References)]
		if in.RequesterName == "" {
			var name string
			if err := db.WritePool().QueryRowContext(ctx, `SELECT p.first_name || ' ' || p.last_name FROM cases c JOIN people p ON p.id = c.child_id
				WHERE c.reference = $1`, in.CaseReference).Scan(&name); err != nil {
				return fmt.Errorf("demo request %d: %w", i+1, err)
			}
			in.RequesterName = name
		}
		req, err := db.RecordSubjectAccessRequest(ctx, ig, "", in)
		if err != nil {
			return fmt.Errorf("demo request %d: %w", i+1, err)
		}
		// The late one's record is gathered, its redactions proposed and
		// waiting for the officer's review.
		if i == 1 {
			if _, err := db.GatherSARBundle(ctx, ig, req.ID); err != nil {
				return fmt.Errorf("demo request %d's bundle: %w", i+1, err)
			}
		}
	}
	return nil
}
