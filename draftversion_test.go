package kith

import (
	"testing"
	"time"
)

func TestKeepsVersion(t *testing.T) {
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	ann := VersionStamp{Version: 4, By: "ann", At: at, Autosave: true}
	tests := []struct {
		name string
		save VersionStamp
		want bool
	}{
		{"an autosave seconds after Ann's last joins it", VersionStamp{By: "ann", At: at.Add(3 * time.Second), Autosave: true}, false},
		{"an autosave just inside the span joins it", VersionStamp{By: "ann", At: at.Add(AutosaveSpan - time.Second), Autosave: true}, false},
		{"an autosave once the span has passed is a new version", VersionStamp{By: "ann", At: at.Add(AutosaveSpan), Autosave: true}, true},
		{"Save draft is always a version", VersionStamp{By: "ann", At: at.Add(time.Second)}, true},
		{"someone else's autosave is a version", VersionStamp{By: "ben", At: at.Add(time.Second), Autosave: true}, true},
	}
	for _, tt := range tests {
		if got := KeepsVersion(tt.save, ann); got != tt.want {
			t.Errorf("%s: KeepsVersion = %v, want %v", tt.name, got, tt.want)
		}
	}
	// After a save Ann chose, her next autosave starts a new run.
	chosen := VersionStamp{Version: 5, By: "ann", At: at}
	if !KeepsVersion(VersionStamp{By: "ann", At: at.Add(time.Second), Autosave: true}, chosen) {
		t.Error("an autosave after Save draft joined the chosen version")
	}
}
