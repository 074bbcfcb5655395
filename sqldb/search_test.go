package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

func TestSearchFindsChildrenHoweverTheyAreWritten(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		prac := c.A(c.Prac1)
		mk := func(first, last, knownAs string, dob kith.Date) *kith.Case {
			cs, err := db.CreateCase(ctx, prac, kith.NewCaseInput{Child: kith.PersonInput{FirstName: first, LastName: last, KnownAs: knownAs, DateOfBirth: dob}, TeamID: c.T1.ID})
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}
		jon := mk("Jonathan", "Smyth", "Jon", kithtest.Date(2015, 3, 12))
		kat := mk("Katherine", "O'Brien", "", kithtest.Date(2011, 7, 1))
		zoe := mk("Zoë", "Ashworth-Hale", "", kithtest.Date(2019, 12, 25))
		mo := mk("Mohammed", "Rahman", "", kithtest.Date(2013, 4, 30))
		mk("Joanne", "Smithers", "", kithtest.Date(2009, 1, 1))
		// A parent in Katherine's network, with a phone number.
		mum, err := db.AddNetworkMember(ctx, prac, kat.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Siobhan", LastName: "O'Brien"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddPhone(ctx, prac, kat.Reference, mum, kith.PhoneInput{Number: "07700 900982", Kind: kith.PhoneMobile}); err != nil {
			t.Fatal(err)
		}

		today := kith.Today(kithtest.Now())
		for _, tc := range []struct {
			query string
			want  string // first result's case reference
			name  string // first result's name
		}{
			{"jonathan smyth", jon.Reference, "Jonathan Smyth"},
			{"John Smith", jon.Reference, "Jonathan Smyth"}, // spelling: known as Jon, Smyth sounds like Smith
			{"jon", jon.Reference, "Jonathan Smyth"},        // known-as name
			{"smtyh", jon.Reference, "Jonathan Smyth"},      // typing slip
			{"catherine obrien", kat.Reference, "Katherine O'Brien"},
			{"o'brien", kat.Reference, "Katherine O'Brien"},
			{"zoe ashworth", zoe.Reference, "Zoë Ashworth-Hale"},
			{"hale", zoe.Reference, "Zoë Ashworth-Hale"},
			{"muhammad", mo.Reference, "Mohammed Rahman"},
			{"30/04/2013", mo.Reference, "Mohammed Rahman"},
			{"rahman 30 April 2013", mo.Reference, "Mohammed Rahman"},
			{jon.Reference, jon.Reference, "Jonathan Smyth"},
			{strings.ToLower(jon.Reference), jon.Reference, "Jonathan Smyth"},
			{"+44 7700 900982", kat.Reference, "Siobhan O'Brien"},
			{"900982", kat.Reference, "Siobhan O'Brien"},
			{"siobhan", kat.Reference, "Siobhan O'Brien"},
		} {
			q, err := kith.ParseSearch(tc.query, today)
			if err != nil {
				t.Fatalf("%q: %v", tc.query, err)
			}
			res, err := db.Search(ctx, prac, q, 10)
			if err != nil {
				t.Fatalf("%q: %v", tc.query, err)
			}
			if len(res) == 0 {
				t.Errorf("%q found nothing", tc.query)
				continue
			}
			if res[0].Name != tc.name || res[0].Links[0].Case.Reference != tc.want {
				t.Errorf("%q: first result %s (%s), want %s (%s)", tc.query, res[0].Name, res[0].Links[0].Case.Reference, tc.name, tc.want)
			}
		}
		// A parent is shown with the child they are linked to.
		q, _ := kith.ParseSearch("siobhan obrien", today)
		res, _ := db.Search(ctx, prac, q, 10)
		if len(res) != 1 || res[0].Links[0].Relationship != kith.RelParent || res[0].Links[0].Case.ChildName != "Katherine O'Brien" {
			t.Errorf("parent result: %+v", res)
		}
		// A name said alike ranks above a longer name that merely starts
		// with what was typed: "smith" finds Smyth, then Smithers.
		q, _ = kith.ParseSearch("smith", today)
		res, _ = db.Search(ctx, prac, q, 10)
		if len(res) != 2 || res[0].Name != "Jonathan Smyth" || res[1].Name != "Joanne Smithers" {
			t.Errorf("smith: %+v", names(res))
		}
		// Someone outside the team finds none of these children.
		q, _ = kith.ParseSearch("jonathan smyth", today)
		if res, _ := db.Search(ctx, c.A(c.Prac3), q, 10); len(res) != 0 {
			t.Errorf("outsider found %v", names(res))
		}
		// Each result shown is audited against its case.
		if n := db.RawCount(t, "SELECT COUNT(*) FROM audit_list_cases l JOIN audit_events e ON e.subject_type = 'list' AND e.subject_id = l.list WHERE e.action = 'case.found' AND l.case_id = $1", jon.ID); n == 0 {
			t.Error("search results were not audited")
		}
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), jon.Reference, kith.AccessLogFilter{IncludeLists: true})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range log {
			found = found || (e.Action == kith.AuditCaseFound && e.Detail == "search: John Smith" && e.UserName == "Ann Ash")
		}
		if !found {
			t.Errorf("the access log does not show the search: %+v", log)
		}
	})
}

func names(rs []kith.SearchResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}
