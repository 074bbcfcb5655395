package kith

import "embed"

//go:embed recordtemplates/*.json
var builtinTemplates embed.FS

// BuiltinTemplates returns the templates Kith ships, read from the JSON
// files in recordtemplates/. They are checked by a test and again at
// start-up; a council's own templates are added beside them.
func BuiltinTemplates() ([]*Template, error) {
	return LoadTemplates(builtinTemplates, "recordtemplates")
}
