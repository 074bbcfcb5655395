package web

import (
	"archive/zip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/returns"
	"kith/sqldb"
)

// TestReturnsDataQuality: a child whose record would trouble the returns
// (no sex, ethnicity or UPN, no referral source or need recorded) is listed on the data
// quality page for service managers, with the rule and a link to the form
// that puts it right, filtered by rule (a rule not on the list is said in
// the error summary); practitioners may not see the page, but see their
// own children's problems on My work, which go once put right.
func TestReturnsDataQuality(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c, smUser, sm, tom := returnsCouncil(t, db)
		c.Allocate(c.Actor(c.Manager), tom, c.T1, c.Prac)
		fix := "/cases/" + tom.Reference + "/identity/edit"

		// A service manager sees the problems of the cases they may open:
		// none until they manage Tom's team's service.
		mustContain(t, sm.get("/returns/quality").body, "No child's record breaks a rule")
		if _, err := db.SaveService(context.Background(), kith.SystemActor(), c.T1.ServiceID, kith.ServiceInput{Name: "Children in need", ManagerIDs: []string{smUser.ID}}); err != nil {
			t.Fatal(err)
		}
		sm = c.signIn(t, smUser)

		page := sm.get("/returns/quality")
		if page.status != http.StatusOK {
			t.Fatalf("data quality page: %d", page.status)
		}
		mustContain(t, page.body, "Tom Quill", "CIN census 4180", "Record the child&#39;s sex.", `href="`+fix+`"`, "CIN census 4220", "CIN census 8866")

		one := sm.get("/returns/quality?rule=" + url.QueryEscape("CIN census 4180"))
		mustContain(t, one.body, "Record the child&#39;s sex.")
		mustNotContain(t, one.body, "Record the child&#39;s ethnicity")
		bad := sm.get("/returns/quality?rule=nonsense")
		if bad.status != http.StatusUnprocessableEntity {
			t.Errorf("a rule not on the list: %d", bad.status)
		}
		mustContain(t, bad.body, "There is a problem", `href="#rule"`, "Choose a rule from the list")

		b := c.signIn(t, c.Prac)
		if st := b.get("/returns/quality").status; st != http.StatusForbidden {
			t.Errorf("a practitioner opening the data quality page: %d", st)
		}
		work := b.get("/work")
		mustContain(t, work.body, "For the statutory returns (5)", "Record the child&#39;s sex.", `href="`+fix+`"`)

		res := b.follow(b.post(fix, url.Values{"version": {"0"}, "sex": {"M"}, "ethnicity": {"WBRI"}, "disabilities": {"NONE"}, "uasc": {"no"}, "upn_unknown": {"UN4"}}))
		mustContain(t, res.body, "Identity items saved")
		work = b.get("/work")
		mustContain(t, work.body, "For the statutory returns (2)", "Record where the referral of")
		mustNotContain(t, work.body, "Record the child&#39;s sex.")
	})
}

// TestMakingReturns: a service manager asks for the SSDA903 return and the
// census from the page and the API (a year not written as the DfE writes
// it, or one not begun, is refused against its field); the returns are
// made in the background, listed with who asked, and downloaded as a zip
// of the 903's tables and as the census XML; practitioners may neither
// ask for nor download them.
func TestMakingReturns(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c, smUser, sm, tom := returnsCouncil(t, db)
		maker := &returns.Maker{DB: db, LACode: "001", Release: "test", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		today := kithtest.Today()
		year := kith.CollectionYearOn(today).String()

		mustContain(t, sm.get("/returns").body, "No return has been made")
		bad := sm.post("/returns", url.Values{"kind": {"903"}, "year": {"2025/26"}})
		if bad.status != http.StatusUnprocessableEntity {
			t.Fatalf("a year written wrongly: %d", bad.status)
		}
		mustContain(t, bad.body, "There is a problem", `href="#year"`, "like 2025-26")
		later := kith.CollectionYearOn(today.AddDays(400)).String()
		mustContain(t, sm.post("/returns", url.Values{"kind": {"cin"}, "year": {later}}).body, "has not begun")
		mustContain(t, sm.post("/returns", url.Values{"year": {year}}).body, `href="#kind"`)

		res := sm.follow(sm.post("/returns", url.Values{"kind": {"903"}, "year": {year}}))
		mustContain(t, res.body, "Kith is making the "+year, "Waiting", "Sam Sage")
		if made, err := maker.MakeNext(context.Background()); err != nil || !made {
			t.Fatalf("making the return: %v %v", made, err)
		}
		page := sm.get("/returns")
		mustContain(t, page.body, "Ready", "ssda903-"+year+".zip")
		exports, err := db.ReturnExports(context.Background(), c.Actor(smUser))
		if err != nil || len(exports) != 1 {
			t.Fatalf("returns: %v %v", exports, err)
		}
		file := sm.get("/returns/" + exports[0].ID + "/download")
		if file.status != http.StatusOK || file.header.Get("Content-Type") != "application/zip" {
			t.Fatalf("download: %d %s", file.status, file.header.Get("Content-Type"))
		}
		z, err := zip.NewReader(strings.NewReader(file.body), int64(len(file.body)))
		if err != nil || len(z.File) != len(returns.SSDA903Tables) || z.File[0].Name != "header.csv" {
			t.Fatalf("the 903 zip: %v", err)
		}

		// The census through the API, with Tom in it.
		tok := c.token(t, smUser)
		st, body, _ := c.api(t, tok, "POST", "/api/v1/returns", map[string]any{"kind": "cin", "year": year})
		if st != http.StatusAccepted || body["state"] != "waiting" {
			t.Fatalf("asking through the API: %d %v", st, body)
		}
		id, _ := body["id"].(string)
		if made, err := maker.MakeNext(context.Background()); err != nil || !made {
			t.Fatalf("making the census: %v %v", made, err)
		}
		st, body, _ = c.api(t, tok, "GET", "/api/v1/returns/"+id, nil)
		if st != http.StatusOK || body["state"] != "ready" || body["children"] != 1.0 {
			t.Fatalf("the census asked for: %d %v", st, body)
		}
		census := sm.get("/api/v1/returns/" + id + "/file")
		mustContain(t, census.body, "<LAchildID>"+strings.ReplaceAll(tom.Reference, "-", "")+"</LAchildID>", "<LEA>001</LEA>")
		st, body, _ = c.api(t, tok, "POST", "/api/v1/returns", map[string]any{"kind": "annual", "year": year})
		if st != http.StatusUnprocessableEntity {
			t.Errorf("a kind not made: %d %v", st, body)
		}

		b := c.signIn(t, c.Prac)
		if st := b.get("/returns").status; st != http.StatusForbidden {
			t.Errorf("a practitioner listing returns: %d", st)
		}
		if st := b.post("/returns", url.Values{"kind": {"cin"}, "year": {year}}).status; st != http.StatusForbidden {
			t.Errorf("a practitioner asking for a return: %d", st)
		}
		if st := b.get("/returns/" + exports[0].ID + "/download").status; st != http.StatusForbidden {
			t.Errorf("a practitioner downloading a return: %d", st)
		}
	})
}

// returnsCouncil is the test council with a service manager, signed in,
// and Tom, whose case in the North team has nothing on his identity.
func returnsCouncil(t *testing.T, db *sqldb.DB) (*testCouncil, *kith.User, *browser, *kith.Case) {
	c := newTestCouncilOn(t, db)
	smUser := c.User("sam.sage", []kith.Role{kith.RoleServiceManager})
	tom := c.Case(c.Actor(c.Prac), "Tom", "Quill", kithtest.Date(2014, 1, 1), c.T1)
	return c, smUser, c.signIn(t, smUser), tom
}
