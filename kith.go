// Package kith holds the nouns and rules of Kith, a case recording system for
// children's and family social care: cases, people, relationships, allocation,
// users and teams, and the one place that decides who may do what to a case.
//
// The package imports nothing else from the project. Storage (sqldb) and the
// web and API layers (web) depend on it, never the reverse, so every rule from
// the practice guidance can be read and tested here without a database.
package kith

import "time"

// Version is the build version, set with -ldflags at release time.
var Version = "dev"

// London is the council's time zone. Times are stored in UTC and shown, and
// counted in working days, in this zone.
var London = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// The binary embeds the zone database (see cmd/kith), so this only
		// fails if that import is removed.
		panic("kith: cannot load time zone " + name + ": " + err.Error())
	}
	return loc
}

// Today returns the civil date of now in the council's time zone.
func Today(now time.Time) Date {
	return DateOf(now.In(London))
}
