package web

import (
	"net/http"
	"time"

	"kith"
	"kith/sqldb"
)

func (s *Server) apiRoutes() []apiRoute {
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	a := actorFrom
	return []apiRoute{
		{method: "GET", path: "/api/v1/openapi.json", public: true, handle: s.apiOpenAPI},
		{method: "GET", path: "/api/v1/me", handle: func(w http.ResponseWriter, r *http.Request) error {
			act := a(r)
			return writeJSON(w, http.StatusOK, map[string]any{"user": act.User, "member_team_ids": act.MemberTeamIDs,
				"managed_team_ids": act.ManagedTeamIDs, "managed_service_ids": act.ManagedServiceIDs})
		}},

		// Cases
		{method: "GET", path: "/api/v1/cases", handle: func(w http.ResponseWriter, r *http.Request) error {
			q := r.URL.Query()
			page, err := s.DB.Caseload(r.Context(), a(r), kith.CaseloadFilter{
				Mine: q.Get("mine") == "true", TeamID: q.Get("team_id"), WorkerID: q.Get("worker_id"),
				Unallocated: q.Get("unallocated") == "true", IncludeClosed: q.Get("include_closed") == "true",
				Limit: queryInt(r, "limit", 50), Offset: queryInt(r, "offset", 0)})
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, page)
		}},
		{method: "POST", path: "/api/v1/cases", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.NewCaseInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			c, err := s.DB.CreateCase(r.Context(), a(r), in)
			if err != nil {
				return err
			}
			return created(w, "/api/v1/cases/"+c.Reference, c)
		}},
		{method: "GET", path: "/api/v1/search", handle: func(w http.ResponseWriter, r *http.Request) error {
			q, err := kith.ParseSearch(r.URL.Query().Get("q"), kith.Today(s.now()))
			if err != nil {
				return err
			}
			res, err := s.DB.Search(r.Context(), a(r), q, queryInt(r, "limit", sqldb.MaxSearchResults))
			if err != nil {
				return err
			}
			if res == nil {
				res = []kith.SearchResult{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"query": q, "results": res})
		}},
		{method: "GET", path: "/api/v1/cases/{ref}", handle: func(w http.ResponseWriter, r *http.Request) error {
			o, err := s.DB.CaseOverview(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, o)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/allocation", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.AllocateInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			c, err := s.DB.Allocate(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, c)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/close", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.CloseInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			c, err := s.DB.CloseCase(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, c)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/reopen", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.ReopenInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			c, err := s.DB.ReopenCase(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, c)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/statuses", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.StatusInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.StartStatus(r.Context(), a(r), ref(r), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/statuses/{id}/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndStatus(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// People and the network
		{method: "POST", path: "/api/v1/cases/{ref}/people", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.NewNetworkMemberInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			id, err := s.DB.AddNetworkMember(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return created(w, "/api/v1/cases/"+ref(r)+"/people/"+id, map[string]string{"person_id": id})
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/people/{pid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			_, p, rel, err := s.DB.CasePerson(r.Context(), a(r), ref(r), r.PathValue("pid"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, map[string]any{"person": p, "relationship": rel})
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/people/{pid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.PersonInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdatePerson(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/people/{pid}/relationship", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.RelationshipInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdateRelationship(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/relationship/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndRelationship(r.Context(), a(r), ref(r), r.PathValue("pid"), in)
		})},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/addresses", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.AddressInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddAddress(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/addresses/{id}/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndAddress(r.Context(), a(r), ref(r), r.PathValue("pid"), r.PathValue("id"), in)
		})},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/phones", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.PhoneInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddPhone(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/phones/{id}/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndPhone(r.Context(), a(r), ref(r), r.PathValue("pid"), r.PathValue("id"), in)
		})},

		// Professionals
		{method: "GET", path: "/api/v1/professionals", handle: func(w http.ResponseWriter, r *http.Request) error {
			found, err := s.DB.FindProfessionals(r.Context(), a(r), r.URL.Query().Get("q"))
			if err != nil {
				return err
			}
			if found == nil {
				found = []kith.Professional{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"professionals": found})
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/professionals", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.InvolvementInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			id, err := s.DB.AddInvolvement(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return created(w, "", map[string]string{"involvement_id": id})
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/professionals/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in struct {
				Professional kith.ProfessionalInput `json:"professional"`
				Note         string                 `json:"note"`
			}
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdateProfessional(r.Context(), a(r), ref(r), r.PathValue("id"), in.Professional, in.Note); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/professionals/{id}/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndInvolvement(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// Warnings
		{method: "POST", path: "/api/v1/cases/{ref}/warnings", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.WarningInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddWarning(r.Context(), a(r), ref(r), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/warnings/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.WarningInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.ReviewWarning(r.Context(), a(r), ref(r), r.PathValue("id"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/warnings/{id}/end", handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndWarning(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// Access to a case
		{method: "GET", path: "/api/v1/cases/{ref}/access", handle: func(w http.ResponseWriter, r *http.Request) error {
			ca, err := s.DB.CaseAccess(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, accessJSON(ca))
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in struct {
				Restricted bool `json:"restricted"`
				Version    int  `json:"version"`
			}
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.SetRestricted(r.Context(), a(r), ref(r), in.Restricted, in.Version); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access/allowed/{uid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.AddToAccessList(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "DELETE", path: "/api/v1/cases/{ref}/access/allowed/{uid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.RemoveFromAccessList(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access/locked-out/{uid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in struct {
				Reason string `json:"reason"`
			}
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.LockOut(r.Context(), a(r), ref(r), r.PathValue("uid"), in.Reason); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "DELETE", path: "/api/v1/cases/{ref}/access/locked-out/{uid}", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.LiftLockOut(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/access-log", handle: func(w http.ResponseWriter, r *http.Request) error {
			f := kith.AccessLogFilter{IncludeLists: r.URL.Query().Get("include_lists") == "true", Limit: queryInt(r, "limit", 100)}
			if b := r.URL.Query().Get("before"); b != "" {
				t, err := time.Parse(time.RFC3339Nano, b)
				if err != nil {
					return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "before", Message: "Must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z"}}}
				}
				f.Before = t
			}
			_, events, err := s.DB.AccessLog(r.Context(), a(r), ref(r), f)
			if err != nil {
				return err
			}
			if events == nil {
				events = []kith.AuditEvent{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"events": events})
		}},

		// Administration
		{method: "GET", path: "/api/v1/users", handle: func(w http.ResponseWriter, r *http.Request) error {
			users, err := s.DB.Users(r.Context(), a(r), sqldb.UserFilter{TeamID: r.URL.Query().Get("team_id"), Role: kith.Role(r.URL.Query().Get("role")),
				IncludeDisabled: r.URL.Query().Get("include_disabled") == "true"})
			if err != nil {
				return err
			}
			if users == nil {
				users = []*kith.User{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"users": users})
		}},
		{method: "POST", path: "/api/v1/users", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.UserInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			u, err := s.DB.CreateUser(r.Context(), a(r), in)
			if err != nil {
				return err
			}
			return created(w, "/api/v1/users/"+u.ID, u)
		}},
		{method: "GET", path: "/api/v1/users/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			u, err := s.DB.User(r.Context(), a(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, u)
		}},
		{method: "PUT", path: "/api/v1/users/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.UserInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			u, err := s.DB.UpdateUser(r.Context(), a(r), r.PathValue("id"), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, u)
		}},
		{method: "POST", path: "/api/v1/users/{id}/disable", handle: s.apiSetDisabled(true)},
		{method: "POST", path: "/api/v1/users/{id}/enable", handle: s.apiSetDisabled(false)},
		{method: "GET", path: "/api/v1/teams", handle: func(w http.ResponseWriter, r *http.Request) error {
			teams, err := s.DB.Teams(r.Context())
			if err != nil {
				return err
			}
			if teams == nil {
				teams = []kith.Team{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"teams": teams})
		}},
		{method: "POST", path: "/api/v1/teams", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.TeamInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			t, err := s.DB.CreateTeam(r.Context(), a(r), in)
			if err != nil {
				return err
			}
			return created(w, "", t)
		}},
		{method: "PUT", path: "/api/v1/teams/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.TeamInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			t, err := s.DB.UpdateTeam(r.Context(), a(r), r.PathValue("id"), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, t)
		}},
		{method: "GET", path: "/api/v1/services", handle: func(w http.ResponseWriter, r *http.Request) error {
			services, err := s.DB.Services(r.Context())
			if err != nil {
				return err
			}
			if services == nil {
				services = []kith.Service{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"services": services})
		}},
		{method: "POST", path: "/api/v1/services", handle: s.apiSaveService},
		{method: "PUT", path: "/api/v1/services/{id}", handle: s.apiSaveService},

		// The caller's own API tokens
		{method: "GET", path: "/api/v1/tokens", handle: func(w http.ResponseWriter, r *http.Request) error {
			tokens, err := s.DB.Tokens(r.Context(), a(r))
			if err != nil {
				return err
			}
			if tokens == nil {
				tokens = []kith.APIToken{}
			}
			return writeJSON(w, http.StatusOK, map[string]any{"tokens": tokens})
		}},
		{method: "POST", path: "/api/v1/tokens", handle: func(w http.ResponseWriter, r *http.Request) error {
			var in struct {
				Name string `json:"name"`
				Days int    `json:"days"`
			}
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if in.Days <= 0 || in.Days > 366 {
				in.Days = 90
			}
			text, t, err := s.DB.CreateToken(r.Context(), a(r), in.Name, time.Duration(in.Days)*24*time.Hour)
			if err != nil {
				return err
			}
			return created(w, "", map[string]any{"token": text, "details": t})
		}},
		{method: "DELETE", path: "/api/v1/tokens/{id}", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.RevokeToken(r.Context(), a(r), r.PathValue("id")); err != nil {
				return err
			}
			return noContent(w)
		}},
	}
}

// apiEnd is an endpoint that ends something on a case.
func (s *Server) apiEnd(end func(r *http.Request, in kith.EndInput) error) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in kith.EndInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := end(r, in); err != nil {
			return err
		}
		return noContent(w)
	}
}

func (s *Server) apiSetDisabled(disabled bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.DB.SetUserDisabled(r.Context(), actorFrom(r), r.PathValue("id"), disabled)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, u)
	}
}

func (s *Server) apiSaveService(w http.ResponseWriter, r *http.Request) error {
	var in kith.ServiceInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	svc, err := s.DB.SaveService(r.Context(), actorFrom(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		return created(w, "", svc)
	}
	return writeJSON(w, http.StatusOK, svc)
}

type accessEntryJSON struct {
	UserID  string    `json:"user_id"`
	Name    string    `json:"name"`
	Reason  string    `json:"reason,omitempty"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

func accessJSON(ca *sqldb.CaseAccess) map[string]any {
	conv := func(es []sqldb.AccessListEntry) []accessEntryJSON {
		out := []accessEntryJSON{}
		for _, e := range es {
			out = append(out, accessEntryJSON{UserID: e.UserID, Name: e.Name, Reason: e.Reason, AddedBy: e.AddedBy, AddedAt: e.AddedAt})
		}
		return out
	}
	return map[string]any{"restricted": ca.Case.Restricted, "version": ca.Case.Version, "allowed": conv(ca.AccessList), "locked_out": conv(ca.LockedOut)}
}
