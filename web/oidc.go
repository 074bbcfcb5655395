package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"kith"
	"kith/sqldb"
)

// OIDCConfig names the council's OpenID Connect identity provider.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is Kith's callback as the provider knows it:
	// https://kith.example.gov.uk/sign-in/oidc/callback.
	RedirectURL string
}

const oidcStateCookie = "kith_oidc_state"

type oidcClient struct {
	verifier *oidc.IDTokenVerifier
	config   oauth2.Config
}

func newOIDCClient(ctx context.Context, cfg OIDCConfig) (*oidcClient, error) {
	if cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, fmt.Errorf("OIDC needs a client id and a redirect URL as well as an issuer")
	}
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC provider %s: %w", cfg.Issuer, err)
	}
	return &oidcClient{
		verifier: provider.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		config: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"}},
	}, nil
}

// oidcStart sends the user to the council's identity provider, with state,
// nonce and PKCE kept in the database.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return kith.NotFound("Page")
	}
	q := r.URL.Query()
	ret := url.Values{"next": {safeNext(q.Get("next"))}}
	if k := q.Get("kept"); k != "" {
		ret.Set("kept", k)
	}
	l := sqldb.OIDCLogin{State: oauth2.GenerateVerifier(), Nonce: oauth2.GenerateVerifier(), Verifier: oauth2.GenerateVerifier(), ReturnTo: ret.Encode()}
	if err := s.DB.SaveOIDCLogin(r.Context(), l); err != nil {
		return err
	}
	// The state is also kept in this browser, so that a callback link
	// made in one browser cannot sign in another (login CSRF).
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: l.State, Path: "/sign-in/oidc/callback", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 600})
	http.Redirect(w, r, s.oidc.config.AuthCodeURL(l.State, oidc.Nonce(l.Nonce), oauth2.S256ChallengeOption(l.Verifier)), http.StatusFound)
	return nil
}

// oidcCallback finishes a sign-in through the identity provider.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return kith.NotFound("Page")
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		s.Log.Warn("identity provider refused sign-in", "error", e, "description", q.Get("error_description"))
		return kith.Errorf(kith.EUNAUTHENTICATED, "Your council's sign-in service did not sign you in. Try again, or sign in with a Kith username and password.")
	}
	state := q.Get("state")
	c, err := r.Cookie(oidcStateCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		return kith.Errorf(kith.EUNAUTHENTICATED, "This sign-in was started in another browser or has expired. Sign in again.")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Path: "/sign-in/oidc/callback", MaxAge: -1})
	l, err := s.DB.TakeOIDCLogin(r.Context(), state)
	if err != nil {
		return err
	}
	tok, err := s.oidc.config.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(l.Verifier))
	if err != nil {
		s.Log.Warn("OIDC code exchange failed", "err", err)
		return kith.Errorf(kith.EUNAUTHENTICATED, "Your council's sign-in service could not confirm who you are. Sign in again.")
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return kith.Errorf(kith.EUNAUTHENTICATED, "Your council's sign-in service did not say who you are. Sign in again.")
	}
	idt, err := s.oidc.verifier.Verify(r.Context(), raw)
	if err != nil || idt.Nonce != l.Nonce {
		s.Log.Warn("OIDC ID token rejected", "err", err)
		return kith.Errorf(kith.EUNAUTHENTICATED, "Your council's sign-in service could not confirm who you are. Sign in again.")
	}
	var claims struct {
		Email    string `json:"email"`
		Verified *bool  `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return err
	}
	// Providers that do not send email_verified (some council directories)
	// vouch for the addresses they hold; an explicit false is refused.
	verified := claims.Verified == nil || *claims.Verified
	u, err := s.DB.UserForOIDC(r.Context(), idt.Subject, claims.Email, verified, s.from(r, kith.Actor{}, "oidc"))
	if err != nil {
		return err
	}
	ret, _ := url.ParseQuery(l.ReturnTo)
	return s.startSession(w, r, u, ret.Get("next"), ret.Get("kept"), "oidc")
}
