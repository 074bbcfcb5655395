package kith

import "time"

// AutosaveSpan is how long a run of autosaves is kept as one saved
// version. A practitioner typing for ten seconds used to leave 28 versions
// behind; now continuous typing leaves one version every few minutes, and
// each save they choose ("Save draft", finalising, checking their writing)
// is a version of its own. The draft itself always holds the latest typing.
const AutosaveSpan = 5 * time.Minute

// VersionStamp is who saved a draft's newest saved version, when, and
// whether the page saved it by itself.
type VersionStamp struct {
	Version  int
	By       string // user id
	At       time.Time
	Autosave bool
}

// KeepsVersion decides whether a save of a draft is kept as a saved
// version of its own. Every save the writer chose is; an autosave is
// unless it continues the same person's run of autosaves begun less than
// AutosaveSpan ago. A save by someone else always starts a new version, so
// the history says who wrote what.
func KeepsVersion(save VersionStamp, newest VersionStamp) bool {
	if !save.Autosave || !newest.Autosave || newest.By != save.By {
		return true
	}
	return save.At.Sub(newest.At) >= AutosaveSpan
}
