package e2e

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/returns"
	"kith/web"
)

func TestStatutoryReturns(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) { statutoryReturns(t, engine) })
	}
}

// statutoryReturns: on a small phone a service manager opens the returns'
// data quality page, sees Tom's missing identity items against their
// rules, narrows the list to one rule, asks for the census and downloads
// it once made; the practitioner sees the same problems on My work,
// follows the link to put one right, and it goes. With scripts off the
// filter works the same. Every page is axe-clean and fits.
func statutoryReturns(t *testing.T, engine string) {
	c := startKith(t, engine, web.DefaultConfig())
	sm := c.User("sam.sagewood", []kith.Role{kith.RoleServiceManager})
	if _, err := c.DB.SaveService(context.Background(), kith.SystemActor(), c.North.ServiceID,
		kith.ServiceInput{Name: "Children in need and protection", ManagerIDs: []string{sm.ID}}); err != nil {
		t.Fatal(err)
	}
	tom := c.Case(c.Actor(c.Prac), "Tom", "Quill", kithtest.Date(2014, 1, 1), c.North)
	c.Allocate(c.Actor(c.Manager), tom, c.North, c.Prac)

	b := newBrowser(t, c.URL)
	b.signIn(sm)
	b.narrow()
	b.open("/returns/quality")
	b.see("Data quality", "Tom Quill", "Record the child's sex.", "CIN census 4180", "Error")
	b.fits()
	b.axe()
	b.pick("rule", "CIN census 4220")
	b.press("Show the problems")
	b.see("Record the child's ethnicity")
	b.notSee("Record the child's sex.")
	b.fits()
	b.axe()

	b.press("Make a return")
	b.choose("kind", kith.ReturnKindCIN)
	b.pick("year", kith.CollectionYearOn(kithtest.Today()).String())
	b.press("Make the return")
	b.see("Kith is making this return", "Waiting")
	b.fits()
	b.axe()
	maker := &returns.Maker{DB: c.DB, LACode: "001", Release: "test", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if made, err := maker.MakeNext(context.Background()); err != nil || !made {
		t.Fatalf("making the census: %v %v", made, err)
	}
	b.open("/returns")
	b.see("Ready", "1 child, 1 episode", "cin-census-")
	b.fits()
	b.axe()

	// Annex A for the six months to today: a month of 13 is refused and
	// kept, then put right.
	today := kithtest.Today()
	from := kith.AnnexASixMonthsTo(today)
	b.choose("kind", kith.ReturnKindAnnexA)
	b.fill(map[string]string{"from-day": strconv.Itoa(from.Day), "from-month": "13", "from-year": strconv.Itoa(from.Year),
		"to-day": strconv.Itoa(today.Day), "to-month": strconv.Itoa(int(today.Month)), "to-year": strconv.Itoa(today.Year)})
	b.press("Make the return")
	b.see("There is a problem")
	b.fits()
	b.axe()
	b.fill(map[string]string{"from-month": strconv.Itoa(int(from.Month))})
	b.press("Make the return")
	b.see("Kith is making this return: Ofsted's Annex A")
	if made, err := maker.MakeNext(context.Background()); err != nil || !made {
		t.Fatalf("making Annex A: %v %v", made, err)
	}
	b.open("/returns")
	b.see("Ready", "annex-a-"+from.String())
	b.fits()
	b.axe()

	p := newBrowser(t, c.URL)
	p.signIn(c.Prac)
	p.narrow()
	p.open("/work")
	p.see("For the statutory returns (5)", "Record the child's sex.")
	p.fits()
	p.axe()
	p.open("/cases/" + tom.Reference + "/identity/edit")
	p.choose("sex", "M")
	p.press("Save")
	p.see("Identity items saved")
	p.open("/work")
	p.see("For the statutory returns (4)")
	p.notSee("Record the child's sex.")

	o := newBrowser(t, c.URL)
	o.signIn(sm)
	o.noScripts()
	o.open("/returns/quality")
	o.pick("rule", "CIN census 8866")
	o.press("Show the problems")
	o.see("Record where the referral of")
	o.notSee("Record the child's ethnicity")
}
