package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"kith"
	"kith/internal/kithtest"
	"kith/internal/pgtest"
	"kith/sqldb"
)

// Two Kith servers on one PostgreSQL database behave as one: a session made
// on one works on the other, and two managers allocating the same case at
// once through different servers get one success and one clear refusal.
func TestTwoServersShareOnePostgreSQLDatabase(t *testing.T) {
	addr := pgtest.Database(t)
	ctx := context.Background()
	var servers []*httptest.Server
	var dbs []*sqldb.DB
	for i := 0; i < 2; i++ {
		db, err := sqldb.Open(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		db.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
		// Both servers migrate at start-up, as `kith serve` does.
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		cfg := DefaultConfig()
		cfg.SecureCookies = false
		srv, err := New(ctx, db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		servers, dbs = append(servers, hs), append(dbs, db)
	}
	f := kithtest.NewFixture(t, dbs[0])
	svc := f.Service("Children in need")
	team := f.Team("North", svc)
	prac := f.User("ann.ash", []kith.Role{kith.RolePractitioner}, team)
	m1 := f.User("dee.daw", []kith.Role{kith.RoleTeamManager}, team)
	m2 := f.User("eve.elm", []kith.Role{kith.RoleTeamManager}, team)
	f.Manage(team, m1, m2)
	cs := f.Case(f.Actor(prac), "Rowan", "Thistledown", kithtest.Date(2016, 5, 4), team)

	// Sign in on server A; the same cookie works on server B.
	c := &testCouncil{Fixture: f}
	c.http = servers[0]
	a := c.signIn(t, prac)
	b := &browser{t: t, base: servers[1].URL, client: a.client}
	// The cookie jar is keyed by host; copy the session to server B's host.
	u0, _ := url.Parse(servers[0].URL)
	u1, _ := url.Parse(servers[1].URL)
	a.client.Jar.SetCookies(u1, a.client.Jar.Cookies(u0))
	page := b.get("/cases/" + cs.Reference)
	if page.status != http.StatusOK {
		t.Fatalf("server B with server A's session: %d", page.status)
	}
	mustContain(t, page.body, "Rowan Thistledown")
	// Signing out on B ends the session on A too.
	b.post("/sign-out", nil)
	if res := a.get("/cases"); res.status != http.StatusSeeOther {
		t.Errorf("server A after signing out on B: %d", res.status)
	}

	// Two managers, two servers, one case, one moment.
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	bodies := make([]string, 2)
	start := make(chan struct{})
	for i, m := range []*kith.User{m1, m2} {
		c.http = servers[i]
		mb := c.signIn(t, m)
		worker := []*kith.User{prac, m}[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := mb.post("/cases/"+cs.Reference+"/allocate", url.Values{"team_id": {team.ID}, "worker_id": {worker.ID}, "version": {itoa(cs.Version)}, "worker_change_reason": {"MANAGE"}})
			statuses[i], bodies[i] = res.status, res.body
		}()
	}
	close(start)
	wg.Wait()
	won, told := 0, 0
	for i := range statuses {
		switch statuses[i] {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
			told++
			if !strings.Contains(text(bodies[i]), "Someone else changed this case while you were working on it") {
				t.Errorf("the refused manager was not told why: %s", text(bodies[i]))
			}
		default:
			t.Errorf("allocation answered %d", statuses[i])
		}
	}
	if won != 1 || told != 1 {
		t.Fatalf("%d won and %d were told; want 1 and 1", won, told)
	}
}
