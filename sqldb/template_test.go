package sqldb_test

import (
	"context"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// TestTemplatesAreEachDatabasesOwn opens two councils' databases in one
// process, each with its own template under the same key and version:
// each must read back its own. Templates are cached, and a cache shared
// by the whole process would hand one council the other's.
func TestTemplatesAreEachDatabasesOwn(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			for _, name := range []string{"Family time note (North)", "Family time note (South)"} {
				db := kithtest.OpenDB(t, engine)
				f := kithtest.NewFixture(t, db)
				admin := f.Actor(f.User("gus.gale", []kith.Role{kith.RoleAdministrator}))
				tp := &kith.Template{Key: "family-time-note", Version: 1, Name: name, Headline: kith.HeadlinePrompt{Label: "Reason"},
					Sections: []kith.Section{{Key: "notes", Label: "What happened", Kind: kith.SectionText}}}
				if err := db.AddTemplate(ctx, admin, tp); err != nil {
					t.Fatal(err)
				}
				got, err := db.Template(ctx, "family-time-note", 1)
				if err != nil {
					t.Fatal(err)
				}
				if got.Name != name {
					t.Errorf("this council's template is %q, want its own, %q", got.Name, name)
				}
			}
		})
	}
}
