package e2e

import (
	"strings"
	"testing"

	"kith"
	"kith/web"
)

// TestPasswordLinkAndRoleChanges: an administrator adds a user and gives
// them a link to set their own password; the user sets it (after a
// refused common password) and signs in; a service manager reads the
// role change that gave them access. Every page is checked with axe-core.
func TestPasswordLinkAndRoleChanges(t *testing.T) {
	c := startKith(t, "sqlite", web.DefaultConfig())
	admin := c.User("gus.galeforce", []kith.Role{kith.RoleAdministrator})
	sm := c.User("sam.sagewood", []kith.Role{kith.RoleServiceManager})
	c.ManageService(&kith.Service{ID: c.North.ServiceID, Name: "Children in need and protection"}, sm)
	b := newBrowser(t, c.URL)
	b.signIn(admin)
	b.open("/admin/users/new")
	b.axe()
	b.fill(map[string]string{"display_name": "Ivy Ivesworth", "username": "ivy.ivesworth"})
	b.choose("roles", "practitioner")
	b.choose("team_ids", c.North.ID)
	b.press("Save")
	b.see("Saved Ivy Ivesworth", "Ivy Ivesworth has no password yet", "Make a link to set a password")
	b.axe()
	b.press("Make a link to set a password")
	b.see("Link to set a password", "Give this link to Ivy Ivesworth yourself")
	b.axe()
	link := b.textOf("#password-link")
	if !strings.Contains(link, "/set-password/") {
		t.Fatalf("link %q", link)
	}
	b.press("Sign out")

	u := newBrowser(t, c.URL)
	u.open(link[strings.Index(link, "/set-password/"):])
	u.see("Set your password", "ivy.ivesworth")
	u.axe()
	u.fill(map[string]string{"password": "password1234", "password_again": "password1234"})
	u.press("Set password")
	u.see("There is a problem", "Password is on a list of common passwords")
	u.axe()
	u.fill(map[string]string{"password": "tulip-harbour-kettle", "password_again": "tulip-harbour-kettle"})
	u.press("Set password")
	u.see("Your password is set. Sign in with it.")
	u.axe()
	u.fill(map[string]string{"username": "ivy.ivesworth", "password": "tulip-harbour-kettle"})
	u.press("Sign in")
	u.see("Sign out", "My work")

	s := newBrowser(t, c.URL)
	s.signIn(sm)
	s.press("Reports")
	s.press("Role changes")
	s.see("Role changes", "Ivy Ivesworth", "Given the practitioner role", "Added to the team Kithbury North", "Gus Galeforce")
	s.axe()
}
