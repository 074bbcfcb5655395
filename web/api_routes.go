package web

import (
	"net/http"
	"slices"
	"time"

	"kith"
	"kith/sqldb"
)

func (s *Server) apiRoutes() []apiRoute {
	ref := func(r *http.Request) string { return r.PathValue("ref") }
	a := actorFrom
	return append([]apiRoute{
		{method: "GET", path: "/api/v1/openapi.json", summary: "This document", tag: "Meta", public: true, handle: s.apiOpenAPI},
		{method: "GET", path: "/api/v1/me", summary: "The signed-in user, their roles and teams", tag: "Meta", resp: meJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			act := a(r)
			return writeJSON(w, http.StatusOK, meJSON{User: act.User, MemberTeamIDs: act.MemberTeamIDs, ManagedTeamIDs: act.ManagedTeamIDs, ManagedServiceIDs: act.ManagedServiceIDs})
		}},

		// Cases
		{method: "GET", path: "/api/v1/cases", summary: "List cases: a caseload or a team's cases", tag: "Cases", resp: kith.CaseloadPage{}, query: caseloadParams, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "POST", path: "/api/v1/cases", summary: "Open a case for a child", tag: "Cases", body: kith.NewCaseInput{}, resp: kith.Case{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.NewCaseInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			c, err := s.DB.CreateCase(r.Context(), a(r), in)
			if err != nil {
				return jsonFields(err, prefixed("child", "address"))
			}
			return created(w, "/api/v1/cases/"+c.Reference, c)
		}},
		{method: "GET", path: "/api/v1/search", summary: "Find children and family members by name, date of birth, reference or phone number", tag: "Cases", resp: searchJSON{}, query: searchParams, handle: func(w http.ResponseWriter, r *http.Request) error {
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
			return writeJSON(w, http.StatusOK, searchJSON{Query: q, Results: res})
		}},
		{method: "GET", path: "/api/v1/cases/{ref}", summary: "Everything the case page shows", tag: "Cases", resp: kith.CaseOverview{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			o, err := s.DB.CaseOverview(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, o)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/allocation", summary: "Allocate, transfer or unallocate a case (managers)", tag: "Allocation", body: kith.AllocateInput{}, resp: kith.Case{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "POST", path: "/api/v1/cases/{ref}/close", summary: "Close a case (managers)", tag: "Allocation", body: kith.CloseInput{}, resp: kith.Case{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "POST", path: "/api/v1/cases/{ref}/reopen", summary: "Reopen a closed case (managers)", tag: "Allocation", body: kith.ReopenInput{}, resp: kith.Case{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "POST", path: "/api/v1/cases/{ref}/statuses", summary: "Start a status (CIN, CP, CLA, early help, care leaver)", tag: "Cases", body: kith.StatusInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.StatusInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.StartStatus(r.Context(), a(r), ref(r), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/statuses/{id}/end", summary: "End a status", tag: "Cases", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndStatus(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// People and the network
		{method: "POST", path: "/api/v1/cases/{ref}/people", summary: "Add someone to the child's network", tag: "People", body: kith.NewNetworkMemberInput{}, resp: personIDJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.NewNetworkMemberInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			id, err := s.DB.AddNetworkMember(r.Context(), a(r), ref(r), in)
			if err != nil {
				return jsonFields(err, networkField)
			}
			return created(w, "/api/v1/cases/"+ref(r)+"/people/"+id, personIDJSON{PersonID: id})
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/people/{pid}", summary: "A person on the case and their relationship to the child", tag: "People", resp: casePersonJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			_, p, rel, err := s.DB.CasePerson(r.Context(), a(r), ref(r), r.PathValue("pid"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, casePersonJSON{Person: p, Relationship: rel})
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/people/{pid}", summary: "Change a person's details", tag: "People", body: kith.PersonInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.PersonInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdatePerson(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/episodes", summary: "The case's referral-to-closure episodes, the first first; the last is the current one", tag: "Cases", resp: []kith.Episode{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			eps, err := s.DB.Episodes(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, eps)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/referral", summary: "Record or correct the referral of the current episode (version is the episode's)", tag: "Cases", body: kith.EpisodeReferralInput{}, resp: kith.Episode{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.EpisodeReferralInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			ep, err := s.DB.RecordReferral(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, ep)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/referral/decision", summary: "Record the decision on the current episode's referral, due within 1 working day of it", tag: "Cases", body: kith.DecisionInput{}, resp: kith.Episode{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.DecisionInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			ep, err := s.DB.DecideReferral(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, ep)
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/identity", summary: "The child's identity items for the statutory returns, and every saved version newest first", tag: "People", resp: childIdentityJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			versions, err := s.DB.ChildIdentity(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			out := childIdentityJSON{Current: versions[0], Versions: []kith.ChildIdentity{}}
			if versions[0].Version > 0 {
				out.Versions = versions
			}
			return writeJSON(w, http.StatusOK, out)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/identity", summary: "Record a new version of the child's identity items (UPN, sex, ethnicity, disabilities, date of death, UASC); version is the one edited, local_child_id is taken only on the first save", tag: "People", body: kith.ChildIdentityInput{}, resp: kith.ChildIdentity{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.ChildIdentityInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			saved, err := s.DB.SaveChildIdentity(r.Context(), a(r), ref(r), in)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, saved)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/people/{pid}/relationship", summary: "Change how someone is related to the child", tag: "People", body: kith.RelationshipInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.RelationshipInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdateRelationship(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/relationship/end", summary: "Record that someone is no longer in the child's network", tag: "People", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndRelationship(r.Context(), a(r), ref(r), r.PathValue("pid"), in)
		})},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/addresses", summary: "Add an address (optionally replacing the current one)", tag: "People", body: kith.AddressInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.AddressInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddAddress(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/addresses/{id}/end", summary: "Record that someone no longer lives at an address", tag: "People", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndAddress(r.Context(), a(r), ref(r), r.PathValue("pid"), r.PathValue("id"), in)
		})},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/phones", summary: "Add a phone number (optionally replacing the current one)", tag: "People", body: kith.PhoneInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.PhoneInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddPhone(r.Context(), a(r), ref(r), r.PathValue("pid"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/people/{pid}/phones/{id}/end", summary: "Record that a number is no longer used", tag: "People", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndPhone(r.Context(), a(r), ref(r), r.PathValue("pid"), r.PathValue("id"), in)
		})},

		// Professionals
		{method: "GET", path: "/api/v1/professionals", summary: "Find professionals already known to Kith", tag: "Professionals", resp: professionalsJSON{}, query: qParam, handle: func(w http.ResponseWriter, r *http.Request) error {
			found, err := s.DB.FindProfessionals(r.Context(), a(r), r.URL.Query().Get("q"))
			if err != nil {
				return err
			}
			if found == nil {
				found = []kith.Professional{}
			}
			return writeJSON(w, http.StatusOK, professionalsJSON{Professionals: found})
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/professionals", summary: "Add a professional's involvement", tag: "Professionals", body: kith.InvolvementInput{}, resp: involvementIDJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.InvolvementInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			id, err := s.DB.AddInvolvement(r.Context(), a(r), ref(r), in)
			if err != nil {
				return jsonFields(err, func(f string) string {
					if f == "note" || f == "started_on" || f == "professional_id" {
						return f
					}
					return "professional." + f
				})
			}
			return created(w, "", involvementIDJSON{InvolvementID: id})
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/professionals/{id}", summary: "Change a professional's details", tag: "Professionals", body: professionalUpdateJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in professionalUpdateJSON
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.UpdateProfessional(r.Context(), a(r), ref(r), r.PathValue("id"), in.Professional, in.Note); err != nil {
				return jsonFields(err, func(f string) string {
					if f == "note" {
						return f
					}
					return "professional." + f
				})
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/professionals/{id}/end", summary: "End a professional's involvement", tag: "Professionals", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndInvolvement(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// Warnings
		{method: "POST", path: "/api/v1/cases/{ref}/warnings", summary: "Add a warning", tag: "Warnings", body: kith.WarningInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.WarningInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.AddWarning(r.Context(), a(r), ref(r), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/warnings/{id}", summary: "Review a warning", tag: "Warnings", body: kith.WarningInput{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in kith.WarningInput
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.ReviewWarning(r.Context(), a(r), ref(r), r.PathValue("id"), in); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "POST", path: "/api/v1/cases/{ref}/warnings/{id}/end", summary: "End a warning", tag: "Warnings", body: kith.EndInput{}, handle: s.apiEnd(func(r *http.Request, in kith.EndInput) error {
			return s.DB.EndWarning(r.Context(), a(r), ref(r), r.PathValue("id"), in)
		})},

		// Access to a case
		{method: "GET", path: "/api/v1/cases/{ref}/access", summary: "Who may open the case (managers)", tag: "Access", resp: caseAccessJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			ca, err := s.DB.CaseAccess(r.Context(), a(r), ref(r))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, accessJSON(ca))
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access", summary: "Restrict the case, or lift the restriction", tag: "Access", body: restrictJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in restrictJSON
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.SetRestricted(r.Context(), a(r), ref(r), in.Restricted, in.Version); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access/allowed/{uid}", summary: "Put someone on a restricted case's access list", tag: "Access", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.AddToAccessList(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "DELETE", path: "/api/v1/cases/{ref}/access/allowed/{uid}", summary: "Take someone off the access list", tag: "Access", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.RemoveFromAccessList(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "PUT", path: "/api/v1/cases/{ref}/access/locked-out/{uid}", summary: "Lock someone out of the case", tag: "Access", body: lockOutJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in lockOutJSON
			if err := decode(w, r, &in); err != nil {
				return err
			}
			if err := s.DB.LockOut(r.Context(), a(r), ref(r), r.PathValue("uid"), in.Reason); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "DELETE", path: "/api/v1/cases/{ref}/access/locked-out/{uid}", summary: "Lift a lock-out", tag: "Access", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.LiftLockOut(r.Context(), a(r), ref(r), r.PathValue("uid")); err != nil {
				return err
			}
			return noContent(w)
		}},
		{method: "GET", path: "/api/v1/cases/{ref}/access-log", summary: "Who viewed or changed the case (managers and auditors)", tag: "Access", resp: accessLogJSON{}, query: accessLogParams, handle: func(w http.ResponseWriter, r *http.Request) error {
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
			return writeJSON(w, http.StatusOK, accessLogJSON{Events: events})
		}},

		// Administration
		{method: "GET", path: "/api/v1/users", summary: "List users (administrators; others may list a team)", tag: "Administration", resp: usersJSON{}, query: userParams, handle: func(w http.ResponseWriter, r *http.Request) error {
			users, err := s.DB.Users(r.Context(), a(r), sqldb.UserFilter{TeamID: r.URL.Query().Get("team_id"), Role: kith.Role(r.URL.Query().Get("role")),
				IncludeDisabled: r.URL.Query().Get("include_disabled") == "true"})
			if err != nil {
				return err
			}
			if users == nil {
				users = []*kith.User{}
			}
			return writeJSON(w, http.StatusOK, usersJSON{Users: users})
		}},
		{method: "POST", path: "/api/v1/users", summary: "Add a user (administrators). The account has no password: give them a link to set one (POST /api/v1/users/{id}/password-reset)", tag: "Administration", body: kith.UserInput{}, resp: kith.User{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "GET", path: "/api/v1/users/{id}", summary: "A user (administrators, or yourself)", tag: "Administration", resp: kith.User{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			u, err := s.DB.User(r.Context(), a(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, u)
		}},
		{method: "PUT", path: "/api/v1/users/{id}", summary: "Change a user (administrators; nobody changes their own roles or teams, and an administrator cannot hold a role that reads cases)", tag: "Administration", body: kith.UserInput{}, resp: kith.User{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "POST", path: "/api/v1/users/{id}/disable", summary: "Disable a user (administrators): their sessions end and their API tokens are revoked for good", tag: "Administration", resp: kith.User{}, handle: s.apiSetDisabled(true)},
		{method: "POST", path: "/api/v1/users/{id}/password-reset", summary: "Make a one-time link for a user to set their own password (administrators; it works once, for 24 hours, and is shown only in this answer). Administrators never choose passwords. When the user sets one, all their sessions end and their API tokens are revoked", tag: "Administration", resp: passwordLinkJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			code, expires, err := s.DB.IssuePasswordReset(r.Context(), a(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			return created(w, "", passwordLinkJSON{Link: s.passwordLink(r, code), ExpiresAt: expires})
		}},
		{method: "GET", path: "/api/v1/users/{id}/tokens", summary: "A user's API tokens (yours, or anyone's for administrators), with when each expires or why it was revoked", tag: "Tokens", resp: tokensJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			tokens, err := s.DB.Tokens(r.Context(), a(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, tokensJSON{Tokens: tokens})
		}},
		{method: "GET", path: "/api/v1/role-changes", summary: "Grants and removals of roles, teams and managers, newest first (service managers and auditors)", tag: "Administration", resp: roleChangesJSON{}, query: roleChangeParams, handle: func(w http.ResponseWriter, r *http.Request) error {
			f, err := roleChangeFilter(r)
			if err != nil {
				return err
			}
			changes, err := s.DB.RoleChanges(r.Context(), a(r), f)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusOK, roleChangesJSON{Changes: changes})
		}},
		{method: "POST", path: "/api/v1/users/{id}/enable", summary: "Enable a user (administrators)", tag: "Administration", resp: kith.User{}, handle: s.apiSetDisabled(false)},
		{method: "GET", path: "/api/v1/teams", summary: "List teams", tag: "Administration", resp: teamsJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			teams, err := s.DB.Teams(r.Context())
			if err != nil {
				return err
			}
			if teams == nil {
				teams = []kith.Team{}
			}
			return writeJSON(w, http.StatusOK, teamsJSON{Teams: teams})
		}},
		{method: "POST", path: "/api/v1/teams", summary: "Add a team (administrators)", tag: "Administration", body: kith.TeamInput{}, resp: kith.Team{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "PUT", path: "/api/v1/teams/{id}", summary: "Change a team (administrators)", tag: "Administration", body: kith.TeamInput{}, resp: kith.Team{}, handle: func(w http.ResponseWriter, r *http.Request) error {
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
		{method: "GET", path: "/api/v1/services", summary: "List services", tag: "Administration", resp: servicesJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			services, err := s.DB.Services(r.Context())
			if err != nil {
				return err
			}
			if services == nil {
				services = []kith.Service{}
			}
			return writeJSON(w, http.StatusOK, servicesJSON{Services: services})
		}},
		{method: "POST", path: "/api/v1/services", summary: "Add a service (administrators)", tag: "Administration", body: kith.ServiceInput{}, resp: kith.Service{}, handle: s.apiSaveService},
		{method: "PUT", path: "/api/v1/services/{id}", summary: "Change a service (administrators)", tag: "Administration", body: kith.ServiceInput{}, resp: kith.Service{}, handle: s.apiSaveService},

		// The running record (handlers in api_records.go)
		{method: "GET", path: "/api/v1/templates", summary: "The kinds of record: the newest version of each template", tag: "Records", resp: templatesJSON{}, handle: s.apiTemplates},
		{method: "GET", path: "/api/v1/templates/{key}/versions/{version}", summary: "One version of a template", tag: "Records", resp: kith.Template{}, handle: s.apiTemplate},
		{method: "GET", path: "/api/v1/cases/{ref}/records", summary: "The case's running record, newest first, with filters", tag: "Records", resp: runningRecordJSON{}, query: runningRecordParams, handle: s.apiRunningRecord},
		{method: "POST", path: "/api/v1/cases/{ref}/records", summary: "Start a record on the case (a draft)", tag: "Records", body: newRecordJSON{}, resp: recordJSON{}, handle: s.apiCreateRecord},
		{method: "GET", path: "/api/v1/me/drafts", summary: "Your unfinished drafts, soonest recording deadline first", tag: "Records", resp: myDraftsJSON{}, handle: s.apiMyDrafts},
		{method: "GET", path: "/api/v1/records/search", summary: "Search the final records of the cases you may see", tag: "Records", resp: recordSearchJSON{}, query: recordSearchParams, handle: s.apiSearchRecords},
		{method: "GET", path: "/api/v1/records/{id}", summary: "A record with its addenda and attachments", tag: "Records", resp: recordJSON{}, handle: s.apiRecord},
		{method: "PUT", path: "/api/v1/records/{id}/draft", summary: "Save a draft (with the version you started from)", tag: "Records", body: draftSaveJSON{}, resp: recordJSON{}, handle: s.apiWriteDraft(false, func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error) {
			return s.DB.SaveDraft(r.Context(), a(r), id, in)
		})},
		{method: "POST", path: "/api/v1/records/{id}/finalise", summary: "Save a draft and lock it as final (if it is refused, nothing is saved: save it with PUT .../draft to keep it)", tag: "Records", body: draftSaveJSON{}, resp: recordJSON{}, handle: s.apiWriteDraft(true, func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error) {
			return s.DB.FinaliseRecord(r.Context(), a(r), id, in)
		})},
		{method: "GET", path: "/api/v1/records/{id}/versions", summary: "Every saved version of a record, newest first", tag: "Records", resp: recordVersionsJSON{}, handle: s.apiRecordVersions},
		{method: "POST", path: "/api/v1/records/{id}/addenda", summary: "Add an addendum to a final record", tag: "Records", body: addendumInputJSON{}, handle: s.apiAddAddendum},
		{method: "POST", path: "/api/v1/records/{id}/discard", summary: "Discard a draft you started (with the version you last read); it cannot be undone", tag: "Records", body: discardInputJSON{}, handle: s.apiDiscardDraft},
		{method: "POST", path: "/api/v1/records/{id}/withdraw", summary: "Withdraw a final record written on the wrong file (managers)", tag: "Records", body: withdrawalInputJSON{}, handle: s.apiWithdrawRecord},
		{method: "POST", path: "/api/v1/records/{id}/attachments", summary: "Upload a file to a draft", tag: "Records", body: attachmentUploadForm{}, resp: attachmentJSON{}, handle: s.apiAddAttachment},
		{method: "GET", path: "/api/v1/attachments/{id}", summary: "Download a file", tag: "Records", resp: attachmentFile{}, handle: s.apiAttachment},

		// The caller's own API tokens
		{method: "GET", path: "/api/v1/tokens", summary: "Your API tokens", tag: "Tokens", resp: tokensJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			tokens, err := s.DB.Tokens(r.Context(), a(r), a(r).UserID())
			if err != nil {
				return err
			}
			if tokens == nil {
				tokens = []kith.APIToken{}
			}
			return writeJSON(w, http.StatusOK, tokensJSON{Tokens: tokens})
		}},
		{method: "POST", path: "/api/v1/tokens", summary: "Make an API token (its text is returned once). It lasts days days, at most the council's longest (KITH_TOKEN_LIFETIME, 90 days unless set); without days, the longest", tag: "Tokens", body: newTokenJSON{}, resp: createdTokenJSON{}, handle: func(w http.ResponseWriter, r *http.Request) error {
			var in newTokenJSON
			if err := decode(w, r, &in); err != nil {
				return err
			}
			// No days, or more than the council allows: the longest.
			lifetime := s.tokenLifetime()
			if in.Days > 0 && in.Days <= 3660 {
				lifetime = min(lifetime, time.Duration(in.Days)*24*time.Hour)
			}
			text, t, err := s.DB.CreateToken(r.Context(), a(r), in.Name, lifetime)
			if err != nil {
				return err
			}
			return created(w, "", createdTokenJSON{Token: text, Details: t})
		}},
		{method: "DELETE", path: "/api/v1/tokens/{id}", summary: "Revoke an API token: one of yours, or anyone's (administrators). It stays revoked", tag: "Tokens", handle: func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DB.RevokeToken(r.Context(), a(r), r.PathValue("id")); err != nil {
				return err
			}
			return noContent(w)
		}},
	}, slices.Concat(s.timelinessRoutes(), s.planRoutes(), s.referralRoutes(), s.journeyRoutes(), s.frontDoorRoutes(), s.adopterRoutes(), s.subjectAccessRoutes(), s.lookedAfterRoutes(), s.returnsRoutes(), s.supervisionRoutes(), s.chronologyRoutes(), s.summaryRoutes(), s.qualityRoutes())...)
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

// The JSON shapes of API answers and bodies that are not domain types.
type (
	meJSON struct {
		User              *kith.User `json:"user"`
		MemberTeamIDs     []string   `json:"member_team_ids"`
		ManagedTeamIDs    []string   `json:"managed_team_ids"`
		ManagedServiceIDs []string   `json:"managed_service_ids"`
	}
	searchJSON struct {
		Query   kith.SearchQuery    `json:"query"`
		Results []kith.SearchResult `json:"results"`
	}
	// childIdentityJSON is the child's identity items now, and every saved
	// version newest first (none before the first save).
	childIdentityJSON struct {
		Current  kith.ChildIdentity   `json:"current"`
		Versions []kith.ChildIdentity `json:"versions"`
	}
	personIDJSON struct {
		PersonID string `json:"person_id"`
	}
	casePersonJSON struct {
		Person       *kith.Person       `json:"person"`
		Relationship *kith.Relationship `json:"relationship"`
	}
	professionalsJSON struct {
		Professionals []kith.Professional `json:"professionals"`
	}
	involvementIDJSON struct {
		InvolvementID string `json:"involvement_id"`
	}
	professionalUpdateJSON struct {
		Professional kith.ProfessionalInput `json:"professional"`
		Note         string                 `json:"note"`
	}
	restrictJSON struct {
		Restricted bool `json:"restricted"`
		Version    int  `json:"version"`
	}
	lockOutJSON struct {
		Reason string `json:"reason"`
	}
	accessLogJSON struct {
		Events []kith.AuditEvent `json:"events"`
	}
	usersJSON struct {
		Users []*kith.User `json:"users"`
	}
	teamsJSON struct {
		Teams []kith.Team `json:"teams"`
	}
	servicesJSON struct {
		Services []kith.Service `json:"services"`
	}
	tokensJSON struct {
		Tokens []kith.APIToken `json:"tokens"`
	}
	newTokenJSON struct {
		Name string `json:"name"`
		Days int    `json:"days"`
	}
	passwordLinkJSON struct {
		Link      string    `json:"link"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	roleChangesJSON struct {
		Changes []kith.RoleChange `json:"changes"`
	}
	createdTokenJSON struct {
		Token   string         `json:"token"`
		Details *kith.APIToken `json:"details"`
	}
	caseAccessJSON struct {
		Restricted bool              `json:"restricted"`
		Version    int               `json:"version"`
		Allowed    []accessEntryJSON `json:"allowed"`
		LockedOut  []accessEntryJSON `json:"locked_out"`
	}
)

// Query parameters.
var (
	caseloadParams = []param{
		{"mine", "boolean", "Only cases allocated to you"},
		{"team_id", "string", "Only this team's cases"},
		{"worker_id", "string", "Only this worker's cases"},
		{"unallocated", "boolean", "Only cases held by a team with no worker"},
		{"include_closed", "boolean", "Closed cases too"},
		{"limit", "integer", "At most this many (1–200, default 50)"},
		{"offset", "integer", "Skip this many"},
	}
	searchParams = []param{
		{"q", "string", "Name, date of birth, case reference or phone number, as typed"},
		{"limit", "integer", "At most this many people (1–25)"},
	}
	qParam          = []param{{"q", "string", "Name or agency"}}
	accessLogParams = []param{
		{"include_lists", "boolean", "Include appearances in caseload lists and search results"},
		{"limit", "integer", "At most this many events (1–500, default 100)"},
		{"before", "string", "Only events before this time (RFC 3339), for paging"},
	}
	roleChangeParams = []param{
		{"all", "boolean", "The administrator role too (by default only grants that give case content)"},
		{"before", "string", "Only changes before this time (RFC 3339), for paging"},
		{"limit", "integer", "At most this many (1–500, default 100)"},
	}
	userParams = []param{
		{"team_id", "string", "Only members of this team"},
		{"role", "string", "Only holders of this role"},
		{"include_disabled", "boolean", "Disabled users too (administrators)"},
	}
)

type accessEntryJSON struct {
	UserID  string    `json:"user_id"`
	Name    string    `json:"name"`
	Reason  string    `json:"reason,omitempty"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

func accessJSON(ca *sqldb.CaseAccess) caseAccessJSON {
	conv := func(es []sqldb.AccessListEntry) []accessEntryJSON {
		out := []accessEntryJSON{}
		for _, e := range es {
			out = append(out, accessEntryJSON{UserID: e.UserID, Name: e.Name, Reason: e.Reason, AddedBy: e.AddedBy, AddedAt: e.AddedAt})
		}
		return out
	}
	return caseAccessJSON{Restricted: ca.Case.Restricted, Version: ca.Case.Version, Allowed: conv(ca.AccessList), LockedOut: conv(ca.LockedOut)}
}
