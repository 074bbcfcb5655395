package web

import (
	"net/http"
	"net/url"
	"strings"

	"kith"
	"kith/sqldb"
)

// passwordLink is the address of the page where a user sets their password
// with a one-time code: on KITH_PUBLIC_URL when it is set, or on the host
// the administrator is using.
func (s *Server) passwordLink(r *http.Request, code string) string {
	base := strings.TrimSuffix(s.Config.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.Config.SecureCookies {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/set-password/" + url.PathEscape(code)
}

type setPasswordPage struct {
	formPage
	// User is whose password the link sets; nil when the link is no good.
	User *kith.User
	Code string
}

// setPasswordForm is the page a one-time link opens: the user chooses
// their own password. A used, expired or unknown link says so.
func (s *Server) setPasswordForm(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	u, err := s.DB.PasswordResetUser(r.Context(), code)
	if err == sqldb.ErrResetLinkUsed {
		s.render(w, r, http.StatusNotFound, "set-password", "This link has expired", setPasswordPage{formPage: formPage{Form: newForm(nil)}})
		return nil
	} else if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "set-password", "Set your password", setPasswordPage{formPage: formPage{Form: newForm(nil)}, User: u, Code: code})
	return nil
}

// setPassword sets the password. It ends every session and API token the
// user had, including any in this browser, and sends them to sign in.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	code := r.PathValue("code")
	f := newForm(r.PostForm)
	u, err := s.DB.PasswordResetUser(r.Context(), code)
	if err == sqldb.ErrResetLinkUsed {
		s.render(w, r, http.StatusNotFound, "set-password", "This link has expired", setPasswordPage{formPage: formPage{Form: newForm(nil)}})
		return nil
	} else if err != nil {
		return err
	}
	pw, again := f.Values.Get("password"), f.Values.Get("password_again")
	refuse := func(err error) error {
		f.SetErrors(err)
		f.Values.Del("password")
		f.Values.Del("password_again")
		s.render(w, r, http.StatusUnprocessableEntity, "set-password", "Set your password", setPasswordPage{formPage: formPage{Form: f}, User: u, Code: code})
		return nil
	}
	if pw != "" && again != pw {
		return refuse(&kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "password_again", Message: "The passwords do not match. Type the same password in both boxes"}}})
	}
	if _, err := s.DB.RedeemPasswordReset(r.Context(), code, pw, s.from(r, kith.Actor{}, "web")); err != nil {
		if len(kith.ErrorFields(err)) > 0 {
			return refuse(err)
		}
		return err
	}
	logUser(r, u.ID)
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/sign-in?reason=password-set", http.StatusSeeOther)
	return nil
}
