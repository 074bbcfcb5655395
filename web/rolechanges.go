package web

import (
	"net/http"
	"reflect"
	"time"

	"kith"
	"kith/sqldb"
)

type roleChangesPage struct {
	Changes []kith.RoleChange
	All     bool
	// Older pages back from the last change shown, when there may be more.
	Older string
}

// roleChanges lists grants and removals of access for service managers and
// auditors: who was given which role or team, by whom, and when.
func (s *Server) roleChanges(w http.ResponseWriter, r *http.Request) error {
	f, err := roleChangeFilter(r)
	if err != nil {
		return err
	}
	changes, err := s.DB.RoleChanges(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	p := roleChangesPage{Changes: changes, All: !f.CaseRolesOnly}
	if len(changes) == f.Limit {
		p.Older = changes[len(changes)-1].At.Format(time.RFC3339Nano)
	}
	s.render(w, r, http.StatusOK, "role-changes", "Role changes", p)
	return nil
}

// roleChangeFilter reads the list's query: all=yes for grants that give
// no case content too, before= to page back.
func roleChangeFilter(r *http.Request) (sqldb.RoleChangeFilter, error) {
	q := r.URL.Query()
	f := sqldb.RoleChangeFilter{CaseRolesOnly: q.Get("all") != "yes" && q.Get("all") != "true", Limit: queryInt(r, "limit", 100)}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	if b := q.Get("before"); b != "" {
		t, err := time.Parse(time.RFC3339Nano, b)
		if err != nil {
			return f, &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "before", Message: "Must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z"}}}
		}
		f.Before = t
	}
	return f, nil
}

func init() {
	enums[reflect.TypeFor[kith.GrantKind]()] = []string{string(kith.GrantRole), string(kith.GrantTeam), string(kith.GrantTeamManager), string(kith.GrantServiceManager)}
	routeDocs["GET /api/v1/role-changes"] = routeDoc{description: "Every grant or removal of a role, a team, or managing a team or service, newest first: " +
		"whose access changed (user_id, user_name), what (kind, what, what_name), whether it was granted, whether it gives case content (reads_cases), " +
		"and who made the change (by_id, by_name; empty by_id is Kith's command line) and how (via). By default only grants that give case content; " +
		"all=true adds the administrator role. Only service managers and auditors may read it (403 otherwise): administrators make these changes. " +
		"Each read is audited. Page back with before, the at of the oldest change you have."}
	routeDocs["POST /api/v1/users"] = routeDoc{created: true, description: "Adds a user without a password: administrators never choose one. " +
		"Give the user a one-time link to set their own (POST /api/v1/users/{id}/password-reset), or let them sign in through the council's identity provider. " +
		"An administrator cannot also hold a role that reads cases (practitioner, team_manager, service_manager, auditor): 422 on roles. " +
		"Each role and team given is listed in the role changes (GET /api/v1/role-changes)."}
	routeDocs["PUT /api/v1/users/{id}"] = routeDoc{description: "Changes a user's details, roles and teams. There is no password field: users set their own with a one-time link. " +
		"Nobody may change their own roles or teams (422 on roles or team_ids); an administrator cannot also hold a role that reads cases. " +
		"Each role or team given or taken away is listed in the role changes."}
	routeDocs["POST /api/v1/users/{id}/password-reset"] = routeDoc{created: true, description: "Makes a one-time link for the user to set their own password and returns it (link, expires_at). " +
		"Kith keeps only a hash of it, so this answer is the only place it appears: pass it to the user yourself. It works once, for 24 hours; " +
		"a newer link cancels an older one. Until the user sets a password, nothing changes; when they do, every session they have ends and every API token they hold is revoked. " +
		"The password must be 12 characters or more and not common, a repeated pattern, or built on their username or name."}
	routeDocs["POST /api/v1/users/{id}/disable"] = routeDoc{description: "Disables the user: they cannot sign in, their sessions end and their API tokens are revoked. " +
		"Enabling them again does not bring the tokens back."}
	routeDocs["GET /api/v1/users/{id}/tokens"] = routeDoc{description: "The user's API tokens, newest first: yours, or anyone's for administrators (404 otherwise). " +
		"expires_at is when each stops working (at most KITH_TOKEN_LIFETIME after it was made, 90 days unless the council sets another); " +
		"revoked_at and revoked_reason say when and why one was revoked (by its owner, by an administrator, a password reset, the account disabled)."}
	routeDocs["DELETE /api/v1/tokens/{id}"] = routeDoc{description: "Revokes a token: one of yours, or anyone's for administrators (404 otherwise). A revoked token never works again."}
	routeDocs["POST /api/v1/tokens"] = routeDoc{created: true, description: "Makes an API token for you. Its text is in this answer only (Kith keeps a hash). " +
		"It lasts days days, at most the council's longest (KITH_TOKEN_LIFETIME, 90 days unless set); without days, the longest. " +
		"It stops working when revoked, when your password is set with a one-time link, or when your account is disabled."}
}
