package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"kith"
)

//go:embed templates
var templateFS embed.FS

// pages holds every page template, each parsed with the layout and the
// shared partials.
type pages struct {
	byName map[string]*template.Template
	// executed records which pages have been rendered, so a test can fail
	// when a page is never exercised.
	mu       sync.Mutex
	executed map[string]bool
}

func parsePages(now func() time.Time) (*pages, error) {
	base, err := template.New("").Funcs(funcs).Funcs(datedFuncs(now)).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}, executed: map[string]bool{}}
	for _, file := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(templateFS, file); err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		p.byName[strings.TrimSuffix(path.Base(file), ".html")] = t
	}
	return p, nil
}

// layout is what every page's frame needs.
type layout struct {
	Title       string
	User        *kith.User
	Actor       kith.Actor
	Section     string
	Demo        bool
	Assets      bool
	CSS, JS     string
	IdleTimeout int
	IdleWarning int
	Flash       string
	Path        string
	Kept        bool
	OIDC        bool
	// Integrity is the latest check, shown to administrators and auditors
	// in a banner on every page when it found a problem.
	Integrity *kith.IntegrityCheck
	// InlineCSS is the stylesheet itself, for a document printed to PDF
	// (see renderDocument).
	InlineCSS template.CSS
}

// view is the data a page template executes with: .L for the frame, .D for
// the page's own typed data.
type view struct {
	L layout
	D any
}

// render writes a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.Log.Error("no such page template", "page", name)
		http.Error(w, "Sorry, there is a problem with Kith.", http.StatusInternalServerError)
		return
	}
	a := actorFrom(r)
	l := layout{
		Title: title, User: a.User, Actor: a, Demo: s.Config.Demo, Assets: assetsBuilt(),
		CSS: assetURL("dist/kith.css"), JS: assetURL("kith.js"), Path: r.URL.Path,
		IdleTimeout: int(s.Config.IdleTimeout.Seconds()), IdleWarning: int(s.Config.IdleWarning.Seconds()),
		Flash: takeFlash(w, r), Section: section(r.URL.Path), OIDC: s.oidc != nil,
	}
	if f, ok := data.(interface{ kept() bool }); ok {
		l.Kept = f.kept()
	}
	// A page about a case says whose in its title: "Running record – Amy
	// Alder – Kith".
	if h, ok := data.(interface{ child() *kith.Person }); ok && h.child() != nil {
		l.Title = title + " – " + h.child().DisplayName()
	}
	if a.User != nil && kith.CanSeeIntegrity(a) {
		if c, err := s.DB.LatestCheck(r.Context()); err != nil {
			s.Log.Error("latest check of the records", "err", err, "request_id", requestID(r))
		} else if c.Failed() {
			l.Integrity = c
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", view{L: l, D: data}); err != nil {
		s.Log.Error("render", "page", name, "err", err, "request_id", requestID(r))
		http.Error(w, "Sorry, there is a problem with Kith.", http.StatusInternalServerError)
		return
	}
	s.pages.mu.Lock()
	s.pages.executed[name] = true
	s.pages.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func section(p string) string {
	switch {
	case strings.HasPrefix(p, "/admin"):
		return "admin"
	case strings.HasPrefix(p, "/search"):
		return "search"
	case strings.HasPrefix(p, "/records"):
		return "records"
	case strings.HasPrefix(p, "/settings"):
		return "settings"
	case strings.HasPrefix(p, "/reports"):
		return "reports"
	case strings.HasPrefix(p, "/work"):
		return "work"
	case strings.HasPrefix(p, "/drafts"):
		return "drafts"
	case strings.HasPrefix(p, "/account"):
		return "account"
	case strings.HasPrefix(p, "/subject-access"):
		return "subject-access"
	case strings.HasPrefix(p, "/cases"):
		return "cases"
	}
	return ""
}

const flashCookie = "kith_flash"

// flash shows a success message on the next page (POST, redirect, GET).
func (s *Server) flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: encodeFlash(msg), Path: "/", HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	return decodeFlash(c.Value)
}

// redirect sends the browser on after a successful change, with a message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, msg string) error {
	if msg != "" {
		s.flash(w, msg)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

var londonTime = func(t time.Time) time.Time { return t.In(kith.London) }
