package web

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
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
		mustContain(t, res.body, "Kith is making this return: SSDA903 (children looked after) "+year, "Waiting", "Sam Sage")
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

// TestMakingAnnexA: a service manager asks for Ofsted's Annex A for a
// period from the page (a date that is not real, a period that runs
// backwards or ends after today is refused against its field, keeping
// what was typed) and through the API; it is made in the background and
// downloaded as a zip of the workbook and the eleven lists as CSV files,
// with Tom's referral in list 3.
func TestMakingAnnexA(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c, smUser, sm, tom := returnsCouncil(t, db)
		maker := &returns.Maker{DB: db, LACode: "001", Release: "test", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		today := kithtest.Today()
		from := kith.AnnexASixMonthsTo(today)
		dates := func(f, t kith.Date) url.Values {
			v := url.Values{"kind": {"annex-a"}}
			for name, d := range map[string]kith.Date{"from": f, "to": t} {
				v.Set(name+"-day", strconv.Itoa(d.Day))
				v.Set(name+"-month", strconv.Itoa(int(d.Month)))
				v.Set(name+"-year", strconv.Itoa(d.Year))
			}
			return v
		}
		bad := dates(from, today)
		bad.Set("from-month", "13")
		res := sm.post("/returns", bad)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("a month 13: %d", res.status)
		}
		mustContain(t, res.body, "There is a problem", `href="#from-day"`, `value="13"`)
		mustContain(t, sm.post("/returns", dates(today, from)).body, `href="#from-day"`, "on or after its first day")
		mustContain(t, sm.post("/returns", dates(from, today.AddDays(1))).body, `href="#to-day"`, "today or earlier")

		res = sm.follow(sm.post("/returns", dates(from, today)))
		mustContain(t, res.body, "Kith is making this return: Ofsted&#39;s Annex A, "+from.Long()+" to "+today.Long())
		if made, err := maker.MakeNext(context.Background()); err != nil || !made {
			t.Fatalf("making Annex A: %v %v", made, err)
		}
		exports, err := db.ReturnExports(context.Background(), c.Actor(smUser))
		if err != nil || len(exports) != 1 || exports[0].State != "ready" {
			t.Fatalf("returns: %+v %v", exports, err)
		}
		file := sm.get("/returns/" + exports[0].ID + "/download")
		if file.status != http.StatusOK || file.header.Get("Content-Type") != "application/zip" {
			t.Fatalf("download: %d %s", file.status, file.header.Get("Content-Type"))
		}
		z, err := zip.NewReader(strings.NewReader(file.body), int64(len(file.body)))
		if err != nil || len(z.File) != 12 {
			t.Fatalf("the Annex A zip: %d files, %v", len(z.File), err)
		}
		var referrals string
		for _, f := range z.File {
			if f.Name == "list-03-referrals.csv" {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				referrals = string(b)
			}
		}
		if tom.Reference == "" || !strings.Contains(referrals, strings.ReplaceAll(tom.Reference, "-", "")) {
			t.Errorf("Tom's referral is not in list 3:\n%s", referrals)
		}

		tok := c.token(t, smUser)
		st, body, _ := c.api(t, tok, "POST", "/api/v1/returns", map[string]any{"kind": "annex-a", "from": from.String(), "to": today.String()})
		if st != http.StatusAccepted || body["year"] != from.String()+"/"+today.String() {
			t.Fatalf("asking through the API: %d %v", st, body)
		}
		st, body, _ = c.api(t, tok, "POST", "/api/v1/returns", map[string]any{"kind": "annex-a", "from": today.String()})
		if st != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(body), "to") {
			t.Errorf("no last day: %d %v", st, body)
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
