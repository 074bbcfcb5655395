package web

import (
	"net/http"
	"strconv"
	"time"

	"kith"
)

type accountPage struct {
	formPage
	Tokens    []kith.APIToken
	NewToken  string
	Teams     []kith.Team
	TokenDays []Option
	DaysHint  string
}

// account shows the signed-in user their details and API tokens.
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, newForm(nil), "", http.StatusOK)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, f *form, newToken string, status int) error {
	a := actorFrom(r)
	tokens, err := s.DB.Tokens(r.Context(), a, a.UserID())
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
	days := tokenDayChoices(s.tokenLifetime())
	if f.Get("days") == "" {
		f.Set("days", days[len(days)-1].Value)
	}
	hint := "Tokens last at most " + dayCount(days[len(days)-1].Value) + " here: make a new one before it runs out"
	s.render(w, r, status, "account", "Your account", accountPage{formPage: formPage{Form: f}, Tokens: tokens, NewToken: newToken, Teams: mine, TokenDays: days, DaysHint: hint})
	return nil
}

// tokenLifetime is the longest an API token lasts (KITH_TOKEN_LIFETIME).
func (s *Server) tokenLifetime() time.Duration {
	if s.DB.TokenLifetime > 0 {
		return s.DB.TokenLifetime
	}
	return kith.DefaultTokenLifetime
}

// tokenDayChoices are how long a new token may last: a week, 30 and 90
// days, a year, whichever are within the longest, and the longest itself.
func tokenDayChoices(longest time.Duration) []Option {
	max := int(longest / (24 * time.Hour))
	if max < 1 {
		max = 1
	}
	var out []Option
	for _, d := range []int{7, 30, 90, 365} {
		if d < max {
			out = append(out, Option{Value: strconv.Itoa(d), Label: dayCount(strconv.Itoa(d))})
		}
	}
	return append(out, Option{Value: strconv.Itoa(max), Label: dayCount(strconv.Itoa(max))})
}

func dayCount(days string) string {
	if days == "1" {
		return "1 day"
	}
	return days + " days"
}

// createToken makes an API token and shows its text once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if f.HasErrors() {
		return s.renderAccount(w, r, f, "", http.StatusUnprocessableEntity)
	}
	// A choice beyond the longest is cut to it by storage.
	lifetime := s.tokenLifetime()
	if n, err := strconv.Atoi(f.Get("days")); err == nil && n > 0 {
		lifetime = min(lifetime, time.Duration(n)*24*time.Hour)
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
