package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// TestSuggestRecordSearch: a search for a misspelt word is offered the
// council's own word that finds records for this reader, and never a word
// that only records the reader may not see contain (a restricted case they
// are not on the list of, a case outside their team, a withdrawn record),
// nor a form of a word only those records have.
func TestSuggestRecordSearch(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := context.Background()
		p1, p2, p3, tm := c.A(c.Prac1), c.A(c.Prac2), c.A(c.Prac3), c.A(c.TM1)
		amy := c.Allocate(tm, c.Case(p1, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)
		rose := c.Allocate(tm, c.Case(p1, "Rose", "Thorne", kithtest.Date(2014, 3, 3), c.T1), c.T1, c.Prac1)
		visit := func(saw string) kith.RecordInput {
			in := homeVisit(db, 0, "Mum stayed in the room")
			in.Content["observations"] = kith.SectionValue{Text: saw}
			return in
		}
		c.Finalised(p1, amy.Reference, visit("Amy made pancakes with her brother."))
		c.Finalised(p1, rose.Reference, visit("Rose showed me her trampoline and one pancake."))
		// Five words nearer "gardenerss" (or as near, and first in the
		// alphabet) than Amy's "gardeners", all in Rose's restricted
		// record: a colleague kept from it is still offered Amy's word.
		c.Finalised(p1, amy.Reference, visit("The gardeners came on Tuesday."))
		c.Finalised(p1, rose.Reference, visit("Rose named her dolls Gardeneras, Gardenerbs, Gardenercs, Gardenerds and Gardeneres."))
		withdrawn := c.Finalised(p1, amy.Reference, visit("A xylophone in the hall."))
		if err := db.WithdrawRecord(ctx, tm, withdrawn.ID, "Written on the wrong child's file"); err != nil {
			t.Fatal(err)
		}
		cur, _, err := db.Case(ctx, tm, rose.Reference, kith.ManageAccess)
		if err != nil {
			t.Fatal(err)
		}
		// Rose's case is restricted: its list is its manager and worker.
		if err := db.SetRestricted(ctx, tm, rose.Reference, true, cur.Version); err != nil {
			t.Fatal(err)
		}

		suggest := func(a kith.Actor, typed string, s kith.RecordSearch) string {
			t.Helper()
			q, err := kith.ParseRecordQuery(typed)
			if err != nil {
				t.Fatal(err)
			}
			s.Query = q
			got, ok, err := db.SuggestRecordSearch(ctx, a, s)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return ""
			}
			return got.String()
		}
		for _, tc := range []struct {
			who   string
			a     kith.Actor
			typed string
			s     kith.RecordSearch
			want  string
		}{
			{"worker", p1, "pankakes", kith.RecordSearch{}, "pancakes"},
			{"worker", p1, `pankakes "her brothr" -syrup`, kith.RecordSearch{}, `pancakes "her brother" -syrup`},
			{"worker on the restricted case's list", p1, "trampolene", kith.RecordSearch{}, "trampoline"},
			{"team colleague", p2, "pankakes", kith.RecordSearch{}, "pancakes"},
			{"team colleague, word only in a restricted case", p2, "trampolene", kith.RecordSearch{}, ""},
			{"team colleague, nearer words only in a restricted case", p2, "gardenerss", kith.RecordSearch{}, "gardeners"},
			// "pancaje" is nearest to "pancake", which only Rose's record
			// has as written; Amy's "pancakes" shares its stem, so a
			// search for "pancake" finds Amy's record: that must not be
			// enough to offer the word Rose's record holds.
			{"worker on the list", p1, "pancaje", kith.RecordSearch{}, "pancake"},
			{"team colleague, a form only the restricted case has", p2, "pancaje", kith.RecordSearch{}, "pancakes"},
			{"another team's worker", p3, "pankakes", kith.RecordSearch{}, ""},
			{"manager, word only in a withdrawn record", tm, "xylofone", kith.RecordSearch{}, ""},
			{"a word that finds records is left alone", p1, "pancakes", kith.RecordSearch{}, ""},
			{"the filters are kept", p1, "pankakes", kith.RecordSearch{TemplateKey: "contact-note"}, ""},
			{"one case only", p1, "trampolene", kith.RecordSearch{CaseRef: amy.Reference}, ""},
			{"nothing near", p1, "qwzrtvbn", kith.RecordSearch{}, ""},
		} {
			if got := suggest(tc.a, tc.typed, tc.s); got != tc.want {
				t.Errorf("%s searching %q: suggested %q, want %q", tc.who, tc.typed, got, tc.want)
			}
		}

		// A database whose records were finalised before the vocabulary
		// existed gets their words when it is migrated.
		if err := db.RawExec(ctx, `DELETE FROM search_words`); err != nil {
			t.Fatal(err)
		}
		if got := suggest(p1, "pankakes", kith.RecordSearch{}); got != "" {
			t.Fatalf("suggested %q with no vocabulary", got)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := suggest(p1, "pankakes", kith.RecordSearch{}); got != "pancakes" {
			t.Errorf("after the backfill: suggested %q", got)
		}
	})
}
