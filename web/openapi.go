package web

import (
	_ "embed"
	"net/http"
)

// openapiDoc describes the API; TestOpenAPIMatchesRoutes keeps it and the
// routes in step.
//
//go:embed openapi.json
var openapiDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}
