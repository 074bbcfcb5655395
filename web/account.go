package web

import (
	"net/http"
	"time"

	"kith"
)

type accountPage struct {
	formPage
	Tokens   []kith.APIToken
	NewToken string
	Teams    []kith.Team
}

// account shows the signed-in user their details and API tokens.
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, newForm(nil), "", http.StatusOK)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, f *form, newToken string, status int) error {
	a := actorFrom(r)
	tokens, err := s.DB.Tokens(r.Context(), a)
	if err != nil {
		return err
	}
	all, err := s.DB.Teams(r.Context())
	if err != nil {
		return err
	}
	var mine []kith.Team
	for _, t := range all {
		if contains(a.MemberTeamIDs, t.ID) || contains(a.ManagedTeamIDs, t.ID) {
			mine = append(mine, t)
		}
	}
	s.render(w, r, status, "account", "Your account", accountPage{formPage: formPage{Form: f}, Tokens: tokens, NewToken: newToken, Teams: mine})
	return nil
}

// tokenLifetimes are the choices for how long an API token lasts.
var tokenLifetimes = map[string]time.Duration{"30": 30 * 24 * time.Hour, "90": 90 * 24 * time.Hour, "365": 365 * 24 * time.Hour}

// createToken makes an API token and shows its text once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if f.HasErrors() {
		return s.renderAccount(w, r, f, "", http.StatusUnprocessableEntity)
	}
	lifetime, ok := tokenLifetimes[f.Get("days")]
	if !ok {
		lifetime = tokenLifetimes["90"]
	}
	text, _, err := s.DB.CreateToken(r.Context(), actorFrom(r), f.Raw("name"), lifetime)
	if err != nil {
		if f.SetErrors(err) {
			return s.renderAccount(w, r, f, "", http.StatusUnprocessableEntity)
		}
		return err
	}
	return s.renderAccount(w, r, newForm(nil), text, http.StatusCreated)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.RevokeToken(r.Context(), actorFrom(r), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "Token revoked: it no longer works")
}
