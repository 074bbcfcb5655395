package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"kith"
	"kith/export"
	"kith/password"
	"kith/quality"
	"kith/returns"
	"kith/sqldb"
	"kith/synth"
	"kith/web"
)

// envDuration reads a duration from the environment (like 30m or 12h).
func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, usageError{fmt.Sprintf("%s=%q is not a duration like 30m or 12h", name, v)}
	}
	return d, nil
}

// envDays reads a lifetime given in days (90d) or as a duration (2160h).
func envDays(name string, def time.Duration) (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def, nil
	}
	if n, ok := strings.CutSuffix(v, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 && days <= 3660 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d, nil
	}
	return 0, usageError{fmt.Sprintf("%s=%q is not a number of days like 90d, or a duration like 720h", name, v)}
}

// serveEnv is what kith serve reads from the environment besides the web
// server's configuration.
type serveEnv struct {
	// MetricsAddr is where /metrics is served (KITH_METRICS_ADDR); empty
	// for nowhere.
	MetricsAddr string
	// TokenLifetime is the longest an API token lasts (KITH_TOKEN_LIFETIME).
	TokenLifetime time.Duration
	// Integrity is when the records are checked by themselves
	// (KITH_VERIFY_AT).
	Integrity sqldb.IntegritySchedule
	// LACode is the council's local authority code, for the census
	// (KITH_LA_CODE).
	LACode string
}

// readVerifyAt reads KITH_VERIFY_AT: the time of day (council's time,
// 24-hour, like 02:00) the nightly check starts after, or "off".
func readVerifyAt() (sqldb.IntegritySchedule, error) {
	v := strings.TrimSpace(os.Getenv("KITH_VERIFY_AT"))
	switch v {
	case "":
		return sqldb.DefaultIntegritySchedule, nil
	case "off":
		return sqldb.IntegritySchedule{Off: true}, nil
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return sqldb.IntegritySchedule{}, usageError{fmt.Sprintf("KITH_VERIFY_AT=%q is not a time of day like 02:00, or off", v)}
	}
	return sqldb.IntegritySchedule{At: time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute}, nil
}

func readServeEnv() (serveEnv, error) {
	e := serveEnv{MetricsAddr: strings.TrimSpace(os.Getenv("KITH_METRICS_ADDR"))}
	var err error
	if e.TokenLifetime, err = envDays("KITH_TOKEN_LIFETIME", kith.DefaultTokenLifetime); err != nil {
		return e, err
	}
	if e.Integrity, err = readVerifyAt(); err != nil {
		return e, err
	}
	e.LACode = os.Getenv("KITH_LA_CODE")
	if e.LACode != "" && !laCode.MatchString(e.LACode) {
		return e, usageError{fmt.Sprintf("KITH_LA_CODE=%q is not a three-digit local authority code like 123", e.LACode)}
	}
	return e, nil
}

// config reads the server's configuration from the environment.
func config() (web.Config, error) {
	cfg := web.DefaultConfig()
	var err error
	if cfg.IdleTimeout, err = envDuration("KITH_IDLE_TIMEOUT", cfg.IdleTimeout); err != nil {
		return cfg, err
	}
	if cfg.IdleWarning, err = envDuration("KITH_IDLE_WARNING", cfg.IdleWarning); err != nil {
		return cfg, err
	}
	if cfg.SessionLifetime, err = envDuration("KITH_SESSION_LIFETIME", cfg.SessionLifetime); err != nil {
		return cfg, err
	}
	cfg.PublicURL = strings.TrimSuffix(os.Getenv("KITH_PUBLIC_URL"), "/")
	cfg.SecureCookies = os.Getenv("KITH_SECURE_COOKIES") != "false" && !strings.HasPrefix(cfg.PublicURL, "http://")
	cfg.TrustProxy = os.Getenv("KITH_TRUST_PROXY") == "true"
	cfg.Marking = strings.TrimSpace(os.Getenv("KITH_PROTECTIVE_MARKING"))
	if v := os.Getenv("KITH_MAX_UPLOAD_MB"); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 1024 {
			return cfg, fmt.Errorf("KITH_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1024, not %q", v)
		}
		cfg.MaxUpload = int64(mb) << 20
	}
	cfg.OIDC = web.OIDCConfig{
		Issuer:       os.Getenv("KITH_OIDC_ISSUER"),
		ClientID:     os.Getenv("KITH_OIDC_CLIENT_ID"),
		ClientSecret: os.Getenv("KITH_OIDC_CLIENT_SECRET"),
		RedirectURL:  os.Getenv("KITH_OIDC_REDIRECT_URL"),
	}
	if cfg.OIDC.Issuer != "" && cfg.OIDC.RedirectURL == "" && cfg.PublicURL != "" {
		cfg.OIDC.RedirectURL = cfg.PublicURL + "/sign-in/oidc/callback"
	}
	return cfg, nil
}

// logger makes the JSON (default) or text logger KITH_LOG_FORMAT asks for.
func logger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("KITH_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if os.Getenv("KITH_LOG_FORMAT") == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr :8080] [--db …] [--demo]", stderr)
	defAddr := os.Getenv("KITH_ADDR")
	if defAddr == "" {
		defAddr = ":8080"
	}
	addr := fs.String("addr", defAddr, "address to listen on (env KITH_ADDR)")
	dbAddr := dbFlag(fs)
	demo := fs.Bool("demo", os.Getenv("KITH_DEMO") == "true", "load a synthetic demo council into an empty database, and say so on every page (env KITH_DEMO)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := config()
	if err != nil {
		return err
	}
	cfg.Demo = *demo
	env, err := readServeEnv()
	if err != nil {
		return err
	}
	log := logger(stderr)
	if password.Common() == nil {
		log.Warn("the list of common passwords was not built into this binary (make assets): new passwords are checked for length, repeats and the user's own name only")
	}
	// A mistake in a council's own rule file stops the server, naming the
	// file and line, rather than coaching wrongly.
	checker, err := quality.New(os.Getenv("KITH_QUALITY_RULES"))
	if err != nil {
		return fmt.Errorf("KITH_QUALITY_RULES: %w", err)
	}
	if checker.Speller() == nil {
		log.Warn("the British English word list was not built into this binary (make assets): the coach will not look for unknown words")
	}
	db, err := openDB(ctx, *dbAddr, log)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Quality = checker
	db.FilesDir = os.Getenv("KITH_FILES_DIR")
	db.TokenLifetime = env.TokenLifetime
	if v := os.Getenv("KITH_RECORD_YEARS_BACK"); v != "" {
		if db.RecordYearsBack, err = strconv.Atoi(v); err != nil || db.RecordYearsBack < 1 {
			return fmt.Errorf("KITH_RECORD_YEARS_BACK must be a whole number of years, 1 or more, not %q", v)
		}
	}
	var signIns []demoSignIn
	if *demo {
		if signIns, err = loadDemoIfEmpty(ctx, db, stdout); err != nil {
			return err
		}
	}
	srv, err := web.New(ctx, db, cfg, log)
	if err != nil {
		return err
	}
	printer := export.NewPrinter("")
	defer printer.Close()
	srv.SetPrinter(printer)
	if !printer.Available() {
		log.Warn("PDF export is off: " + export.ErrNoChromium.Error() + ". The print pages are offered instead.")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Metrics have an address of their own, or none (see web.MetricsHandler).
	var mln net.Listener
	var ms *http.Server
	if env.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", env.MetricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("KITH_METRICS_ADDR: %w", err)
		}
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go housekeeping(ctx, srv)
	go indexRecords(ctx, db, log)
	go db.MergeTextInBackground(ctx, time.Second)
	go db.CheckpointInBackground(ctx, sqldb.CheckpointEvery)
	go db.CheckIntegrityInBackground(ctx, env.Integrity, time.Minute, srv.IntegrityWake())
	maker := &returns.Maker{DB: db, LACode: env.LACode, Release: kith.Version, Log: log}
	if *demo && maker.LACode == "" {
		maker.LACode = synth.LACode
	}
	go maker.Run(ctx, time.Minute, srv.ReturnsWake())
	go srv.RunCaseFiles(ctx, time.Minute)
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	if mln != nil {
		ms = &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() { errc <- ms.Serve(mln) }()
		log.Info("serving metrics", "url", "http://"+displayAddr(mln.Addr())+"/metrics")
	} else {
		log.Info("metrics are not served: set KITH_METRICS_ADDR to an address only the monitoring network reaches")
	}

	url := "http://" + displayAddr(ln.Addr())
	if cfg.PublicURL != "" {
		url = cfg.PublicURL
	}
	log.Info("serving", "url", url, "db", db.DSN, "dialect", db.Dialect.String())
	fmt.Fprintf(stdout, "\nKith is running at %s\n", url)
	printSignIns(stdout, signIns)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if ms != nil {
		_ = ms.Shutdown(shutdown)
	}
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func housekeeping(ctx context.Context, srv *web.Server) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		srv.Housekeeping(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
