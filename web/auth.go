package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"

	"kith"
	"kith/sqldb"
)

const sessionCookie = "kith_session"

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.Config.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.Config.SessionLifetime.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func sessionToken(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// requireUser lets a request through only with a live session, restarting
// the session's idle clock. Without one, a page request goes to the
// sign-in page; a form submission is kept first, so what the user typed
// comes back after they sign in again.
func (s *Server) requireUser(next handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := sessionToken(r)
		sess, a, err := s.DB.Session(r.Context(), token, s.Config.IdleTimeout, true)
		if err == sqldb.ErrSessionEnded {
			return s.signInAgain(w, r, token)
		} else if err != nil {
			return err
		}
		r = withActor(r, s.from(r, a, "web"))
		r = r.WithContext(context.WithValue(r.Context(), sessionKey, sess))
		return next(w, r)
	}
}

// signInAgain sends a signed-out user to sign in, keeping a form they were
// submitting.
func (s *Server) signInAgain(w http.ResponseWriter, r *http.Request, token string) error {
	q := url.Values{}
	if token != "" {
		// The cookie stays: other tabs' unsaved forms can still be kept
		// for their owner, and signing in again replaces it.
		q.Set("reason", "timeout")
	}
	if r.Method == http.MethodPost {
		if owner := s.DB.SessionOwner(r.Context(), token); owner != "" {
			if err := parseForm(w, r); err != nil {
				return err
			}
			id, err := s.DB.KeepForm(r.Context(), owner, r.URL.Path, keepable(r.PostForm).Encode())
			if err != nil {
				return err
			}
			q.Set("kept", id)
		}
		q.Set("next", r.URL.Path)
	} else {
		q.Set("next", r.URL.RequestURI())
	}
	http.Redirect(w, r, "/sign-in?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// safeNext keeps redirects inside Kith: a path on this site, cleaned, with
// no backslash or control character a browser might read as another host
// (/\evil.example, /\t/evil.example), and never back to signing in.
func safeNext(next string) string {
	const home = "/work"
	if next == "" || next[0] != '/' || strings.ContainsAny(next, "\\") || strings.ContainsFunc(next, unicode.IsControl) {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return home
	}
	clean := path.Clean(u.EscapedPath())
	if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") || strings.HasPrefix(clean, "/sign-") {
		return home
	}
	if u.RawQuery != "" {
		clean += "?" + u.RawQuery
	}
	return clean
}

// keepable removes from a form what must never be kept on the server, such
// as a password an administrator was typing.
func keepable(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		if strings.Contains(strings.ToLower(k), "password") || k == "kept" || k == "kith_path" {
			continue
		}
		out[k] = v
	}
	return out
}

type signInPage struct {
	formPage
	Next     string
	Kept     string
	Reason   string
	OIDC     bool
	Username string
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	// Already signed in: go on.
	if _, _, err := s.DB.Session(r.Context(), sessionToken(r), s.Config.IdleTimeout, false); err == nil {
		http.Redirect(w, r, safeNext(q.Get("next")), http.StatusSeeOther)
		return nil
	}
	p := signInPage{formPage: formPage{Form: newForm(nil)}, Next: safeNext(q.Get("next")), Kept: q.Get("kept"), Reason: q.Get("reason"), OIDC: s.oidc != nil}
	s.render(w, r, http.StatusOK, "sign-in", "Sign in", p)
	return nil
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	p := signInPage{formPage: formPage{Form: f}, Next: safeNext(f.Get("next")), Kept: f.Get("kept"), OIDC: s.oidc != nil}
	username, pw := strings.TrimSpace(f.Get("username")), f.Get("password")
	var v kith.Validation
	if username == "" {
		v.Add("username", "Enter your username")
	}
	if pw == "" {
		v.Add("password", "Enter your password")
	}
	if err := v.Err(); err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "sign-in", "Sign in", p)
		return nil
	}
	u, err := s.DB.Authenticate(r.Context(), username, pw, s.from(r, kith.Actor{}, "web"))
	if code := kith.ErrorCode(err); code == kith.EUNAUTHENTICATED || code == kith.ETOOMANY {
		f.SetErrors(&kith.Error{Code: kith.EINVALID, Fields: []kith.FieldError{{Field: "username", Message: kith.ErrorMessage(err)}}})
		f.Values.Del("password")
		status := http.StatusUnauthorized
		if code == kith.ETOOMANY {
			status = http.StatusTooManyRequests
		}
		s.render(w, r, status, "sign-in", "Sign in", p)
		return nil
	} else if err != nil {
		return err
	}
	return s.startSession(w, r, u, p.Next, p.Kept, "web")
}

// startSession signs a user in and sends them on, restoring a kept form
// when there is one of theirs.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *kith.User, next, kept, via string) error {
	token, err := s.DB.CreateSession(r.Context(), u.ID, s.Config.SessionLifetime, s.from(r, kith.Actor{}, via))
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	logUser(r, u.ID)
	next = safeNext(next)
	if kept != "" {
		if path, _, err := s.DB.KeptForm(r.Context(), u.ID, kept); err == nil {
			next = path + "?kept=" + url.QueryEscape(kept)
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if err := s.DB.EndSession(r.Context(), sessionToken(r), a, "signed out"); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/signed-out", http.StatusSeeOther)
	return nil
}

func (s *Server) signedOut(w http.ResponseWriter, r *http.Request) error {
	reason := r.URL.Query().Get("reason")
	s.render(w, r, http.StatusOK, "signed-out", "You have been signed out", struct{ Reason string }{reason})
	return nil
}

// sessionStatus tells the timeout warning how long is left, without
// counting as activity.
func (s *Server) sessionStatus(w http.ResponseWriter, r *http.Request) error {
	sess, _, err := s.DB.Session(r.Context(), sessionToken(r), s.Config.IdleTimeout, false)
	left := 0.0
	if err == nil {
		left = sess.IdleExpiry(s.Config.IdleTimeout).Sub(s.now()).Seconds()
	}
	return writeJSON(w, http.StatusOK, map[string]any{"signed_in": err == nil, "seconds_left": int(max(left, 0))})
}

// extendSession is the "Stay signed in" button of the timeout warning.
func (s *Server) extendSession(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.DB.ExtendSession(r.Context(), sessionToken(r), s.Config.IdleTimeout)
	if err == sqldb.ErrSessionEnded {
		return writeJSON(w, http.StatusUnauthorized, map[string]any{"signed_in": false, "seconds_left": 0})
	} else if err != nil {
		return err
	}
	if r.Header.Get("Accept") != "application/json" {
		// Without JavaScript the button is an ordinary form: go back.
		http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
		return nil
	}
	return writeJSON(w, http.StatusOK, map[string]any{"signed_in": true, "seconds_left": int(sess.IdleExpiry(s.Config.IdleTimeout).Sub(s.now()).Seconds())})
}

// timeoutSession ends a session whose idle time ran out in the browser. The
// page sends what the user had typed into an unsaved form (with kith_path,
// the form's address); it is kept for them rather than submitted, so that
// nothing is saved that they did not choose to save. If the session is in
// fact still in use (in another tab), nothing ends and the page is told
// how long is left.
func (s *Server) timeoutSession(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	token := sessionToken(r)
	if sess, _, err := s.DB.Session(r.Context(), token, s.Config.IdleTimeout, false); err == nil {
		left := sess.IdleExpiry(s.Config.IdleTimeout).Sub(s.now()).Seconds()
		return writeJSON(w, http.StatusOK, map[string]any{"signed_in": true, "seconds_left": int(max(left, 0)) + 1})
	}
	owner := s.DB.SessionOwner(r.Context(), token)
	if owner == "" {
		return writeJSON(w, http.StatusOK, map[string]any{"signed_in": false, "kept": ""})
	}
	path := r.PostForm.Get("kith_path")
	form := keepable(r.PostForm)
	kept := ""
	if path != "" && safeNext(path) == path && len(form) > 0 {
		var err error
		if kept, err = s.DB.KeepForm(r.Context(), owner, path, form.Encode()); err != nil {
			return err
		}
	}
	a := s.from(r, kith.Actor{User: &kith.User{ID: owner}}, "web")
	if err := s.DB.TimeOutSession(r.Context(), token, a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"signed_in": false, "kept": kept})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
