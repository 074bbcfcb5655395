package kith_test

import (
	"reflect"
	"testing"

	"kith"
)

func TestWorkerSpellsOf(t *testing.T) {
	ep := func(on string) kith.Episode { return kith.Episode{ReferralAt: kith.InLondon(d(t, on), 10, 0)} }
	alloc := func(worker, from, to, reason string) kith.AllocationSpan {
		a := kith.AllocationSpan{WorkerID: worker, SWENumber: "SW" + worker, Started: d(t, from), WorkerChangeReason: reason}
		if to != "" {
			a.Ended = d(t, to)
		}
		return a
	}
	type spell struct {
		worker, from, to, reason string
		withCase                 bool
	}
	for _, tc := range []struct {
		name     string
		allocs   []kith.AllocationSpan
		episodes []kith.Episode
		want     []spell
	}{
		{"opened, allocated, transferred", []kith.AllocationSpan{
			alloc("", "2025-01-06", "2025-01-08", ""), alloc("1", "2025-01-08", "2025-06-01", "FCONTA"), alloc("2", "2025-06-01", "", "LEFTRL"),
		}, []kith.Episode{ep("2025-01-06")}, []spell{{"1", "2025-01-08", "2025-06-01", "FCONTA", false}, {"2", "2025-06-01", "", "LEFTRL", false}}},
		// A move to another team with the same worker is one spell.
		{"same worker, another team", []kith.AllocationSpan{
			alloc("1", "2025-01-08", "2025-03-01", "FCONTA"), alloc("1", "2025-03-01", "", ""),
		}, []kith.Episode{ep("2025-01-06")}, []spell{{"1", "2025-01-08", "", "FCONTA", false}}},
		// Worker taken off, case waits, then a new one; then the case
		// closes with them.
		{"a wait, then closed", []kith.AllocationSpan{
			alloc("1", "2025-01-08", "2025-03-01", "FCONTA"), alloc("", "2025-03-01", "2025-03-20", ""), alloc("2", "2025-03-20", "2025-05-01", "LEFTRL"),
		}, []kith.Episode{ep("2025-01-06")}, []spell{{"1", "2025-01-08", "2025-03-01", "FCONTA", false}, {"2", "2025-03-20", "2025-05-01", "LEFTRL", true}}},
		// Allocated and replaced the same day: not a spell.
		{"a same-day slip", []kith.AllocationSpan{
			alloc("1", "2025-01-08", "2025-01-08", "FCONTA"), alloc("2", "2025-01-08", "", "OTHERS"),
		}, []kith.Episode{ep("2025-01-06")}, []spell{{"2", "2025-01-08", "", "OTHERS", false}}},
		// Before reasons were recorded: the first worker since each
		// referral is FCONTA, a later one is left for the council to give.
		{"before reasons were recorded", []kith.AllocationSpan{
			alloc("1", "2024-01-08", "2024-05-01", ""), alloc("2", "2024-05-01", "2024-09-01", ""),
			alloc("", "2025-02-01", "2025-02-03", ""), alloc("3", "2025-02-03", "", ""),
		}, []kith.Episode{ep("2024-01-06"), ep("2025-02-01")},
			[]spell{{"1", "2024-01-08", "2024-05-01", "FCONTA", false}, {"2", "2024-05-01", "2024-09-01", "", true}, {"3", "2025-02-03", "", "FCONTA", false}}},
	} {
		var got []spell
		for _, s := range kith.WorkerSpellsOf(tc.allocs, tc.episodes) {
			to := ""
			if !s.Ended.IsZero() {
				to = s.Ended.String()
			}
			if s.SWENumber != "SW"+s.WorkerID {
				t.Errorf("%s: spell of %s has registration %q", tc.name, s.WorkerID, s.SWENumber)
			}
			got = append(got, spell{s.WorkerID, s.Started.String(), to, s.Reason, s.EndedWithCase})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

// The 903's social worker episodes are a chain: each ends when the next
// begins, and the last is open at the year's end when the case closed
// with it; a worker taken off an open case ends theirs.
func TestSSDA903SocialWorkerEpisodes(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	care := kith.LookedAfter{Episodes: []kith.CareEpisode{{StartedOn: d(t, "2025-02-01"), ReasonNew: kith.RNEStarted, LegalStatus: "C2",
		CategoryOfNeed: "N1", PlacementType: "U4"}}}
	spell := func(w, from, to string, withCase bool) kith.WorkerSpell {
		s := kith.WorkerSpell{WorkerID: w, SWENumber: "SW" + w, Started: d(t, from), Reason: "MANAGE", EndedWithCase: withCase}
		if to != "" {
			s.Ended = d(t, to)
		}
		return s
	}
	for _, tc := range []struct {
		name   string
		spells []kith.WorkerSpell
		want   []string // worker:from:to
	}{
		{"before the year and on", []kith.WorkerSpell{spell("1", "2023-01-01", "2024-06-01", false), spell("2", "2024-06-01", "2025-09-01", false),
			spell("3", "2025-09-01", "", false)}, []string{"2:2024-06-01:2025-09-01", "3:2025-09-01:"}},
		{"replaced after the year", []kith.WorkerSpell{spell("1", "2024-06-01", "2026-05-01", false), spell("2", "2026-05-01", "", false)},
			[]string{"1:2024-06-01:"}},
		{"closed with the case in the year", []kith.WorkerSpell{spell("1", "2024-06-01", "2026-02-01", true)}, []string{"1:2024-06-01:"}},
		{"closed with the case before the year", []kith.WorkerSpell{spell("1", "2024-06-01", "2025-01-01", true)}, []string{"1:2024-06-01:"}},
		{"taken off an open case", []kith.WorkerSpell{spell("1", "2024-06-01", "2026-02-01", false)}, []string{"1:2024-06-01:2026-02-01"}},
	} {
		f := &kith.ReturnFacts{CaseReference: "KTH-2025-000001", BirthDate: d(t, "2015-01-01"), Care: care, WorkerSpells: tc.spells}
		c, ok := kith.SSDA903ChildOf(f, y)
		if !ok {
			t.Fatalf("%s: not in the 903", tc.name)
		}
		var got []string
		for _, s := range c.SocialWorkers {
			to := ""
			if !s.Ended.IsZero() {
				to = s.Ended.String()
			}
			got = append(got, s.WorkerID+":"+s.Started.String()+":"+to)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
