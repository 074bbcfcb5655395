package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kith/internal/kithtest"
)

// smallDisk mounts a file system of size bytes for one test, or skips the
// test where the machine does not allow it (mounting needs root).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		t.Skip("skipping the disk-full test: mounting a small file system needs root")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+itoa(size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("skipping the disk-full test: this machine does not allow mounting a small file system (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillDisk writes a file until the disk has no room left, and returns it.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return path
			}
			t.Fatal(err)
		}
	}
}

// When the disk fills, a practitioner is told exactly that, with their
// typing still on the page; nothing is shown that the access log cannot
// record; /healthz says why it is unhealthy; and once there is room again,
// saving works again by itself within seconds, with no restart.
func TestDiskFull(t *testing.T) {
	dir := smallDisk(t, 48<<20)
	db := kithtest.OpenAt(t, filepath.Join(dir, "kith.db"))
	db.MinFree = 2 << 20
	c := newTestCouncilOn(t, db)
	amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
	b := c.signIn(t, c.Prac)
	draft := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}}).location
	if res := b.get("/healthz"); res.status != http.StatusOK {
		t.Fatalf("healthz before the disk filled: %d %s", res.status, res.body)
	}

	// The log starts empty, so the next write must take new space.
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	filler := fillDisk(t, dir)

	form := visitForm("1", "Mum stayed in the room")
	form.Set("s.discussion", "Typed while the disk was full")
	res := b.post(draft, withAction(form, "autosave"))
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, "Kith cannot save just now") {
		t.Fatalf("autosave on a full disk: %d %s", res.status, res.body)
	}
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusServiceUnavailable {
		t.Fatalf("Save draft on a full disk: %d %s", res.status, text(res.body))
	}
	mustContain(t, res.body, "Kith cannot", "Typed while the disk was full", "Try again", `name="s.discussion" value="Typed while the disk was full"`)
	// Reads are written to the access log first: no log, no page.
	res = b.get("/cases/" + amy.Reference)
	if res.status != http.StatusServiceUnavailable || strings.Contains(res.body, "Amy Alder") {
		t.Fatalf("a case page on a full disk: %d %s", res.status, text(res.body))
	}
	mustContain(t, res.body, "every record opened is written in the case")
	res = b.get("/healthz")
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, "cannot write") {
		t.Fatalf("healthz on a full disk: %d %s", res.status, res.body)
	}

	// Room again: within seconds, with no restart, saving works.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for b.get("/healthz").status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("healthz did not recover once the disk had room: %s", b.get("/healthz").body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	res = b.post(draft, withAction(form, "save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("Save draft once the disk had room: %d %s", res.status, text(res.body))
	}
	mustContain(t, b.follow(res).body, "Draft saved", "Typed while the disk was full")
}
