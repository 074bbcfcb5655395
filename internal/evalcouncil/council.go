// Package evalcouncil builds the small council the quality coach is
// evaluated against (quality/corpus/council.yml): children, their
// networks, professionals and earlier final records, written through the
// same storage methods the application uses, so that the copy-paste and
// names rules are scored against real indexes on a real database.
package evalcouncil

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"kith"
	"kith/clock"
	"kith/quality"
	"kith/sqldb"
)

type council struct {
	Children []struct {
		First     string `yaml:"first"`
		Last      string `yaml:"last"`
		DOB       string `yaml:"dob"`
		NHS       string `yaml:"nhs"`
		SiblingOf string `yaml:"sibling_of"`
		Network   []struct {
			First   string `yaml:"first"`
			Last    string `yaml:"last"`
			KnownAs string `yaml:"known_as"`
			Kind    string `yaml:"kind"`
			Lives   bool   `yaml:"lives"`
			Phone   string `yaml:"phone"`
			Address string `yaml:"address"`
			Town    string `yaml:"town"`
			Post    string `yaml:"postcode"`
		} `yaml:"network"`
		Professionals []struct {
			Name   string `yaml:"name"`
			Role   string `yaml:"role"`
			Agency string `yaml:"agency"`
		} `yaml:"professionals"`
		Records []struct {
			On   string `yaml:"on"`
			Text string `yaml:"text"`
		} `yaml:"records"`
	} `yaml:"children"`
	BoilerplateChildren int    `yaml:"boilerplate_children"`
	Boilerplate         string `yaml:"boilerplate"`
}

// A Council is the seeded evaluation council: the practitioner who writes
// every record, and the reference of the case every passage is for.
type Council struct {
	DB     *sqldb.DB
	Worker kith.Actor
	// Case is the reference of the first child's case; Refs has every
	// child's by first name.
	Case string
	Refs map[string]string
}

// AsOf is the moment the evaluation council is written at: its records are
// dated (the last on 12 October 2026) and its children's ages count, so it
// is seeded and scored on a clock stopped here (see Clock), and the
// evaluation gives the same numbers on any day it is run.
var AsOf = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// Clock is the clock an evaluation council's database runs on.
func Clock() clock.Clock { return clock.Func(func() time.Time { return AsOf }) }

// Seed builds the evaluation council in db, a fresh migrated database
// whose clock is Clock().
func Seed(ctx context.Context, db *sqldb.DB) (*Council, error) {
	src, err := quality.CouncilFile()
	if err != nil {
		return nil, err
	}
	var def council
	if err := yaml.Unmarshal(src, &def); err != nil {
		return nil, fmt.Errorf("council.yml: %w", err)
	}
	sys := kith.SystemActor()
	svc, err := db.SaveService(ctx, sys, "", kith.ServiceInput{Name: "Evaluation service"})
	if err != nil {
		return nil, err
	}
	team, err := db.CreateTeam(ctx, sys, kith.TeamInput{Name: "Evaluation team", ServiceID: svc.ID})
	if err != nil {
		return nil, err
	}
	mgr, err := db.CreateUser(ctx, sys, kith.UserInput{Username: "eval.manager", DisplayName: "Evaluation Manager",
		Roles: []kith.Role{kith.RoleTeamManager}, TeamIDs: []string{team.ID}})
	if err != nil {
		return nil, err
	}
	if _, err := db.UpdateTeam(ctx, sys, team.ID, kith.TeamInput{Name: team.Name, ServiceID: svc.ID, ManagerIDs: []string{mgr.ID}}); err != nil {
		return nil, err
	}
	worker, err := db.CreateUser(ctx, sys, kith.UserInput{Username: "eval.worker", DisplayName: "Evaluation Worker",
		Roles: []kith.Role{kith.RolePractitioner}, TeamIDs: []string{team.ID}})
	if err != nil {
		return nil, err
	}
	m, err := db.Actor(ctx, mgr.ID)
	if err != nil {
		return nil, err
	}
	w, err := db.Actor(ctx, worker.ID)
	if err != nil {
		return nil, err
	}
	out := &Council{DB: db, Worker: w, Refs: map[string]string{}}
	childIDs := map[string]string{}
	newCase := func(first, last, dob, nhs string) (*kith.Case, error) {
		d, err := kith.ParseISODate(dob)
		if err != nil {
			return nil, fmt.Errorf("council.yml: %s %s: %w", first, last, err)
		}
		c, err := db.CreateCase(ctx, m, kith.NewCaseInput{TeamID: team.ID,
			Child: kith.PersonInput{FirstName: first, LastName: last, DateOfBirth: d, NHSNumber: nhs}})
		if err != nil {
			return nil, fmt.Errorf("council.yml: case for %s: %w", first, err)
		}
		cur, _, err := db.Case(ctx, m, c.Reference, kith.ManageCase)
		if err != nil {
			return nil, err
		}
		if _, err := db.Allocate(ctx, m, c.Reference, kith.AllocateInput{TeamID: team.ID, WorkerID: worker.ID, Version: cur.Version, WorkerChangeReason: "MANAGE"}); err != nil {
			return nil, fmt.Errorf("council.yml: allocate %s: %w", first, err)
		}
		return c, nil
	}
	for _, ch := range def.Children {
		c, err := newCase(ch.First, ch.Last, ch.DOB, strings.ReplaceAll(ch.NHS, " ", ""))
		if err != nil {
			return nil, err
		}
		if out.Case == "" {
			out.Case = c.Reference
		}
		out.Refs[ch.First] = c.Reference
		childIDs[ch.First] = c.ChildID
		if ch.SiblingOf != "" {
			if _, err := db.AddNetworkMember(ctx, w, c.Reference, kith.NewNetworkMemberInput{ExistingPersonID: childIDs[ch.SiblingOf],
				Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true, ParentalResponsibility: kith.No}}); err != nil {
				return nil, fmt.Errorf("council.yml: %s's sibling: %w", ch.First, err)
			}
		}
		for _, p := range ch.Network {
			in := kith.NewNetworkMemberInput{Relationship: kith.RelationshipInput{Kind: kith.RelationshipKind(p.Kind), LivesWithChild: p.Lives,
				ParentalResponsibility: kith.NotKnown}}
			// A parent already recorded for a brother or sister is the same
			// person, not a namesake.
			if id, ok := out.findPerson(ctx, p.First, p.Last); ok {
				in.ExistingPersonID = id
			} else {
				in.Person = kith.PersonInput{FirstName: p.First, LastName: p.Last, KnownAs: p.KnownAs}
			}
			id, err := db.AddNetworkMember(ctx, w, c.Reference, in)
			if err != nil {
				return nil, fmt.Errorf("council.yml: %s %s: %w", p.First, p.Last, err)
			}
			if p.Phone != "" {
				if err := db.AddPhone(ctx, w, c.Reference, id, kith.PhoneInput{Number: p.Phone, Kind: kith.PhoneMobile}); err != nil {
					return nil, fmt.Errorf("council.yml: %s's phone: %w", p.First, err)
				}
			}
			if p.Address != "" {
				if err := db.AddAddress(ctx, w, c.Reference, id, kith.AddressInput{Line1: p.Address, Town: p.Town, Postcode: p.Post}); err != nil {
					return nil, fmt.Errorf("council.yml: %s's address: %w", p.First, err)
				}
			}
		}
		for _, p := range ch.Professionals {
			if _, err := db.AddInvolvement(ctx, w, c.Reference, kith.InvolvementInput{Professional: kith.ProfessionalInput{Name: p.Name, Role: p.Role,
				Agency: p.Agency, Email: strings.ToLower(strings.ReplaceAll(p.Name, " ", ".")) + "@example.org"}}); err != nil {
				return nil, fmt.Errorf("council.yml: professional %s: %w", p.Name, err)
			}
		}
		for _, r := range ch.Records {
			if err := out.letter(ctx, c.Reference, r.On, r.Text); err != nil {
				return nil, err
			}
		}
	}
	if err := out.boilerplate(ctx, team.ID, worker.ID, def.BoilerplateChildren, def.Boilerplate); err != nil {
		return nil, err
	}
	return out, nil
}

// boilerplate loads n more children, each with one final record holding
// text, in bulk (as a council's records would already be there), then
// indexes them as an upgraded council's records are indexed.
func (c *Council) boilerplate(ctx context.Context, teamID, workerID string, n int, text string) error {
	t, err := c.DB.Template(ctx, "email-or-letter", 1)
	if err != nil {
		return err
	}
	b, err := c.DB.Bulk(ctx)
	if err != nil {
		return err
	}
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, kith.London)
	for i := 0; i < n; i++ {
		child := &kith.Person{FirstName: "Robin", LastName: "Boilerplate-" + strings.Repeat("x", i+1), DateOfBirth: kith.Date{Year: 2014, Month: 1, Day: 1}}
		if err := b.Person(child, at, workerID); err != nil {
			b.Rollback()
			return err
		}
		err := b.Case(&sqldb.BulkCase{ChildID: child.ID, TeamID: teamID, OpenedOn: kith.DateOf(at), OpenedAt: at, OpenedBy: workerID,
			Records: []sqldb.BulkRecord{{Template: t, Headline: "Notes from a visit", OccurredAt: at.Add(time.Hour), AuthorID: workerID,
				CreatedAt: at.Add(2 * time.Hour), FinalisedAt: at.Add(3 * time.Hour),
				Content: kith.RecordContent{"direction": {Text: "sent"}, "correspondents": {Text: "Case file"}, "content": {Text: strings.TrimSpace(text)}}}}})
		if err != nil {
			b.Rollback()
			return err
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	_, err = c.DB.IndexFinalRecords(ctx, nil)
	return err
}

// findPerson finds someone already in a seeded child's network by name.
func (c *Council) findPerson(ctx context.Context, first, last string) (string, bool) {
	for _, ref := range c.Refs {
		net, err := c.DB.CaseNetwork(ctx, c.Worker, ref)
		if err != nil {
			continue
		}
		for _, m := range net {
			if m.Person.FirstName == first && m.Person.LastName == last {
				return m.Person.ID, true
			}
		}
	}
	return "", false
}

// letter writes and finalises an earlier record: a letter, whose one
// text section holds the text.
func (c *Council) letter(ctx context.Context, ref, on, text string) error {
	d, err := kith.ParseISODate(on)
	if err != nil {
		return fmt.Errorf("council.yml: record date %q: %w", on, err)
	}
	draft, err := c.DB.CreateDraft(ctx, c.Worker, ref, kith.RecordInput{TemplateKey: "email-or-letter"})
	if err != nil {
		return err
	}
	in := kith.RecordInput{TemplateKey: "email-or-letter", Version: draft.Version, Headline: "Notes from a visit",
		OccurredAt: d.Time(kith.London).Add(10 * time.Hour),
		Content:    kith.RecordContent{"direction": {Text: "sent"}, "correspondents": {Text: "Case file"}, "content": {Text: strings.TrimSpace(text)}}}
	if _, err := c.DB.FinaliseRecord(ctx, c.Worker, draft.ID, in); err != nil {
		return fmt.Errorf("council.yml: record on %s for %s: %w", on, ref, err)
	}
	return nil
}

// Lookup returns the lookup that checks a passage against the council, as
// the worker writing on the first child's record.
func (c *Council) Lookup(ctx context.Context) quality.Lookup {
	return func(p quality.Passage, n quality.Note) ([]quality.Finding, error) {
		return c.DB.IndexFindings(ctx, c.Worker, c.Case, n)
	}
}

// Year replaces {year} in corpus text with the year the council's case
// references carry.
func (c *Council) Year() string { return strings.Split(c.Case, "-")[1] }
