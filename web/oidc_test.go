package web

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"kith"
)

// fakeProvider is an OpenID Connect provider in the test process: it signs
// in whoever the test says, checks PKCE, and signs ID tokens.
type fakeProvider struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	mu     sync.Mutex
	codes  map[string]fakeCode
	who    struct{ sub, email string }
	nonce  string // when set, put this nonce in tokens instead of the right one
	client string
}

type fakeCode struct{ nonce, challenge, redirect string }

func newFakeProvider(t *testing.T) *fakeProvider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProvider{t: t, key: key, codes: map[string]fakeCode{}, client: "kith"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize", "token_endpoint": p.srv.URL + "/token",
			"jwks_uri": p.srv.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("client_id") != p.client {
			http.Error(w, "bad request", 400)
			return
		}
		code := "code-" + q.Get("state")[:8]
		p.mu.Lock()
		p.codes[code] = fakeCode{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = r.ParseForm()
		p.mu.Lock()
		c, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			w.WriteHeader(400)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
			return
		}
		nonce := c.nonce
		if p.nonce != "" {
			nonce = p.nonce
		}
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: p.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
		// The provider's own clock, which the OpenID Connect library checks
		// the token against: the machine's, not the suite's.
		now := time.Now()
		idt, _ := jwt.Signed(signer).Claims(jwt.Claims{Issuer: p.srv.URL, Subject: p.who.sub, Audience: jwt.Audience{p.client},
			IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Minute))}).
			Claims(map[string]any{"nonce": nonce, "email": p.who.email, "email_verified": true}).Serialize()
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": idt})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func TestSignInThroughTheCouncilsIdentityProvider(t *testing.T) {
	idp := newFakeProvider(t)
	c := newTestCouncil(t, "sqlite")
	// A second server on the same database, configured for the provider.
	cfg := DefaultConfig()
	cfg.SecureCookies = false
	var kithURL string
	cfg.OIDC = OIDCConfig{Issuer: idp.srv.URL, ClientID: "kith", ClientSecret: "s3cret", RedirectURL: "http://placeholder/sign-in/oidc/callback"}
	mux := http.NewServeMux()
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	kithURL = hs.URL
	cfg.OIDC.RedirectURL = kithURL + "/sign-in/oidc/callback"
	srv, err := New(context.Background(), c.DB, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { notePages(srv.pages) })
	mux.Handle("/", srv)
	// The administrator gave Ann Ash her work email address.
	if _, err := c.DB.UpdateUser(context.Background(), kith.SystemActor(), c.Prac.ID, kith.UserInput{Username: c.Prac.Username, DisplayName: c.Prac.DisplayName,
		Email: "ann.ash@kithshire.example", Roles: c.Prac.Roles, TeamIDs: c.Prac.TeamIDs}); err != nil {
		t.Fatal(err)
	}

	signIn := func(sub, email string) (*browser, response) {
		idp.who.sub, idp.who.email = sub, email
		b := c.browser(t)
		b.base = kithURL
		page := b.get("/sign-in?next=/search")
		mustContain(t, page.body, "Sign in with your council account")
		res := b.get("/sign-in/oidc?next=/search")
		if res.status != http.StatusFound || !strings.HasPrefix(res.location, idp.srv.URL+"/authorize?") {
			t.Fatalf("start: %d %s", res.status, res.location)
		}
		// The provider signs them in and sends the browser back to Kith.
		req, _ := http.NewRequest("GET", res.location, nil)
		back := b.do(req)
		if back.status != http.StatusFound {
			t.Fatalf("provider: %d %s", back.status, back.body)
		}
		// The same callback in another browser is refused (login CSRF).
		other := c.browser(t)
		req, _ = http.NewRequest("GET", back.location, nil)
		if res := other.do(req); res.status != http.StatusUnauthorized {
			t.Errorf("callback from another browser: %d", res.status)
		}
		req, _ = http.NewRequest("GET", back.location, nil)
		return b, b.do(req)
	}
	// Someone the council knows, but Kith does not: refused, with a reason.
	_, res := signIn("sub-unknown", "someone.else@kithshire.example")
	if res.status != http.StatusForbidden {
		t.Fatalf("unknown user: %d %s", res.status, text(res.body))
	}
	mustContain(t, res.body, "Your council account is not set up in Kith")

	// Ann signs in; her identity is linked by her email address.
	b, res := signIn("sub-ann", "Ann.Ash@kithshire.example")
	if res.status != http.StatusSeeOther || res.location != "/search" {
		t.Fatalf("callback: %d %s\n%s", res.status, res.location, text(res.body))
	}
	mustContain(t, b.get("/search").body, "Find a child", "Ann Ash")
	// Next time the provider's subject alone is enough, whatever the email.
	_, res = signIn("sub-ann", "renamed@kithshire.example")
	if res.status != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d\n%s", res.status, text(res.body))
	}
	// A token whose nonce does not match is refused.
	idp.nonce = "not-the-nonce"
	_, res = signIn("sub-ann", "")
	if res.status != http.StatusUnauthorized {
		t.Errorf("wrong nonce: %d", res.status)
	}
	idp.nonce = ""
	// A state can only be used once.
	res = b.get("/sign-in/oidc/callback?code=x&state=never-issued")
	if res.status != http.StatusUnauthorized {
		t.Errorf("unknown state: %d", res.status)
	}
	// A disabled user cannot sign in this way either.
	if _, err := c.DB.SetUserDisabled(context.Background(), kith.SystemActor(), c.Prac.ID, true); err != nil {
		t.Fatal(err)
	}
	_, res = signIn("sub-ann", "")
	if res.status != http.StatusForbidden {
		t.Errorf("disabled user: %d", res.status)
	}
}
