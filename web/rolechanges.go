package web

import (
	"net/http"
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
