package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"kith"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
	sessionKey
	requestLogKey
)

// requestLog is what a request's log line says that is learnt while the
// request is handled. observe logs the line, but it wraps the handlers
// that authenticate, and a value they put in the request's context is
// invisible to it; so observe puts this holder in the context and they
// fill it in. One request's handlers run on one goroutine, so it needs no
// lock.
type requestLog struct {
	userID string
}

// actorFrom returns the signed-in actor of a request. Handlers behind
// requireUser always have one.
func actorFrom(r *http.Request) kith.Actor {
	a, _ := r.Context().Value(actorKey).(kith.Actor)
	return a
}

// withActor makes a the request's actor, and names its user in the
// request's log line.
func withActor(r *http.Request, a kith.Actor) *http.Request {
	logUser(r, a.UserID())
	return r.WithContext(context.WithValue(r.Context(), actorKey, a))
}

// logUser names the user (by id: never their name or username) in the
// request's log line.
func logUser(r *http.Request, userID string) {
	if l, ok := r.Context().Value(requestLogKey).(*requestLog); ok {
		l.userID = userID
	}
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// statusRecorder remembers the status a handler wrote, for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, recovers from panics (answering 500
// without detail), and logs and measures every request. The log line
// carries the request id and the id of the user who made it, once the
// authentication deeper in the chain knows it (requestLog).
func (s *Server) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		info := &requestLog{}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		r = r.WithContext(context.WithValue(ctx, requestLogKey, info))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		rec.Header().Set("X-Request-Id", id)
		defer func() {
			if p := recover(); p != nil {
				s.Log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.wrote {
					s.renderError(rec, r, fmt.Errorf("panic: %v", p))
				}
			}
			elapsed := time.Since(start)
			s.metrics.observe(route, r.Method, rec.status, elapsed)
			level := s.Log.Debug
			if rec.status >= 500 {
				level = s.Log.Error
			} else if !strings.HasPrefix(route, "GET /static/") && route != "GET /healthz" && route != "GET /favicon.ico" {
				level = s.Log.Info
			}
			level("request", "request_id", id, "method", r.Method, "route", route, "status", rec.status, "ms", float64(elapsed.Microseconds())/1000, "user_id", info.userID)
		}()
		next.ServeHTTP(rec, r)
	})
}

// secure sets the headers every response carries: no framing, no sniffing,
// no referrer leaking case references, and a content security policy that
// allows only Kith's own scripts and styles. With secure cookies (Kith
// behind HTTPS) it adds Strict-Transport-Security, so a browser that has
// been here once never sends a cookie over plain HTTP; without them
// (plain-HTTP local use) it must not, or the browser would refuse the
// site until the header expired. The header names no subdomains: the
// council's other sites are not Kith's to decide.
func (s *Server) secure(next http.Handler) http.Handler {
	hsts := s.Config.SecureCookies
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Case pages must not be kept by the browser or a proxy.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is where a request came from, for the audit log.
func (s *Server) clientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		// The right-most address is the one the trusted proxy added; the
		// ones before it are whatever the client claimed.
		if f := r.Header.Values("X-Forwarded-For"); len(f) > 0 {
			parts := strings.Split(f[len(f)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// from fills in the request details an actor carries into the audit log.
func (s *Server) from(r *http.Request, a kith.Actor, via string) kith.Actor {
	a.IP, a.UserAgent, a.RequestID, a.Via = s.clientIP(r), r.UserAgent(), requestID(r), via
	return a
}
