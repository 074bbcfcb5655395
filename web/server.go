// Package web serves Kith's pages and its JSON API. Handlers are thin: they
// read the request, call the storage service (which checks access and
// audits), and render a page or JSON. Pages are server-rendered with GOV.UK
// Frontend components and work without JavaScript.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// Config is how an operator sets Kith up.
type Config struct {
	// IdleTimeout signs a user out after this long without activity.
	IdleTimeout time.Duration
	// IdleWarning is how long before the timeout the warning appears.
	IdleWarning time.Duration
	// SessionLifetime is the longest a session lasts, however active.
	SessionLifetime time.Duration
	// SecureCookies marks cookies Secure (sent only over HTTPS). On by
	// default; off for plain-HTTP local use.
	SecureCookies bool
	// PublicURL is the address users reach Kith at, used for OIDC
	// redirects and as a trusted origin behind a proxy.
	PublicURL string
	// OIDC, when Issuer is set, offers sign-in through the council's
	// identity provider.
	OIDC OIDCConfig
	// Demo shows a banner saying every name is invented.
	Demo bool
	// MaxUpload is the largest file a user may upload, in bytes.
	MaxUpload int64
	// TrustProxy takes the client address from X-Forwarded-For (only set
	// this behind a proxy that sets it).
	TrustProxy bool
	// Marking is the protective marking on every page of an exported PDF
	// (KITH_PROTECTIVE_MARKING; OFFICIAL-SENSITIVE when empty).
	Marking string
}

// DefaultConfig is the configuration with every default filled in.
func DefaultConfig() Config {
	return Config{
		IdleTimeout:     30 * time.Minute,
		IdleWarning:     5 * time.Minute,
		SessionLifetime: 12 * time.Hour,
		SecureCookies:   true,
		MaxUpload:       kith.DefaultMaxAttachment,
	}
}

// Server serves Kith over HTTP.
type Server struct {
	DB     *sqldb.DB
	Config Config
	Log    *slog.Logger
	// printer makes PDFs (see SetPrinter).
	printer atomic.Pointer[export.Printer]

	pages   *pages
	metrics *metrics
	oidc    *oidcClient
	handler http.Handler
	// now is the clock for pages (tests may replace it).
	now func() time.Time
	// integrityWake starts this server's background check at once when a
	// check is asked for (see WakeIntegrity).
	integrityWake chan struct{}
	// returnsWake starts this server's making of the returns asked for at
	// once (see WakeReturns).
	returnsWake chan struct{}
	// caseFilesWake starts this server's making of the case files asked
	// for at once (see RunCaseFiles).
	caseFilesWake chan struct{}
}

// SetPrinter gives the server the printer that makes its PDFs; none, or
// one without Chromium, means the print pages are offered instead, saying
// why. It may be changed while the server serves.
func (s *Server) SetPrinter(p *export.Printer) { s.printer.Store(p) }

// Printer is the printer that makes the server's PDFs, or nil.
func (s *Server) Printer() *export.Printer { return s.printer.Load() }

// New builds a server: it parses and checks every template, so a broken
// template stops start-up rather than failing on a user's screen.
func New(ctx context.Context, db *sqldb.DB, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultConfig().IdleTimeout
	}
	if cfg.IdleWarning <= 0 || cfg.IdleWarning >= cfg.IdleTimeout {
		cfg.IdleWarning = min(DefaultConfig().IdleWarning, cfg.IdleTimeout/2)
	}
	if cfg.SessionLifetime <= 0 {
		cfg.SessionLifetime = DefaultConfig().SessionLifetime
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultConfig().MaxUpload
	}
	// Pages keep the database's clock, so a test that moves one moves both.
	s := &Server{DB: db, Config: cfg, Log: log, now: func() time.Time { return db.Now() }, integrityWake: make(chan struct{}, 1),
		returnsWake: make(chan struct{}, 1), caseFilesWake: make(chan struct{}, 1)}
	var err error
	if s.pages, err = parsePages(s.now); err != nil {
		return nil, err
	}
	if !assetsBuilt() {
		log.Warn("front-end assets are not built: pages will be unstyled. Run `make assets`.")
	}
	s.metrics = newMetrics(db)
	if cfg.OIDC.Issuer != "" {
		if s.oidc, err = newOIDCClient(ctx, cfg.OIDC); err != nil {
			return nil, err
		}
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Housekeeping removes ended sessions and old kept forms, and refreshes
// the query planner's statistics; the caller runs it periodically. Every
// server can run it: the work is idempotent.
func (s *Server) Housekeeping(ctx context.Context) {
	if n, err := s.DB.DeleteExpiredSessions(ctx, s.Config.IdleTimeout); err != nil {
		s.Log.Error("housekeeping", "err", err)
	} else if n > 0 {
		s.Log.Info("removed ended sessions", "count", n)
	}
	if err := s.DB.Optimize(ctx); err != nil {
		s.Log.Error("housekeeping: optimize", "err", err)
	}
}
