package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"
)

// static holds kith.js (committed) and dist/, the built GOV.UK assets
// (git-ignored, made by `make assets`). The build and the tests work without
// dist; pages are then unstyled and the server says so in its log.
//
//go:embed all:static
var static embed.FS

func assetsBuilt() bool {
	_, err := fs.Stat(static, "static/dist/kith.css")
	return err == nil
}

var (
	assetHashes   = map[string]string{}
	assetHashesMu sync.Mutex
)

// assetURL returns the URL of a static file with a content hash, so that
// browsers may cache it for a year and still get a new version at once.
func assetURL(name string) string {
	assetHashesMu.Lock()
	defer assetHashesMu.Unlock()
	h, ok := assetHashes[name]
	if !ok {
		b, err := static.ReadFile("static/" + name)
		if err == nil {
			sum := sha256.Sum256(b)
			h = hex.EncodeToString(sum[:6])
		}
		assetHashes[name] = h
	}
	return "/static/" + name + "?v=" + h
}

// serveStatic serves the embedded files.
func serveStatic() http.Handler {
	sub, _ := fs.Sub(static, "static")
	files := http.FileServer(http.FS(sub))
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		files.ServeHTTP(w, r)
	}))
}

// serveFavicon answers the browser's own request for /favicon.ico with
// Kith's icon (a white K on blue, in static/), rather than a 404 in every
// log.
func serveFavicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := static.ReadFile("static/favicon.ico")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/x-icon")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		_, _ = w.Write(b)
	})
}
