package kith

import (
	"strings"
	"testing"
	"time"
)

func TestCaseFileStages(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		e     CaseFileExport
		stage string
		words string
	}{
		{CaseFileExport{}, "waiting", "Waiting to start"},
		{CaseFileExport{StartedAt: &at, Done: 120, Total: 5003}, "making", "Gathered 120 of 5003 records"},
		{CaseFileExport{StartedAt: &at, Done: 5003, Total: 5003, Printing: true}, "making", "5003 records gathered; making the PDF"},
		{CaseFileExport{StartedAt: &at, FinishedAt: &at, Total: 12}, "ready", "Ready: 12 records"},
		{CaseFileExport{StartedAt: &at, FinishedAt: &at, Total: 1}, "ready", "Ready: 1 record"},
		{CaseFileExport{StartedAt: &at, FinishedAt: &at, Total: 12, Expired: true}, "expired", "No longer kept"},
		{CaseFileExport{StartedAt: &at, FinishedAt: &at, Error: "Chromium is not installed"}, "failed", "Could not be made: Chromium"},
	}
	for _, tt := range tests {
		if got := tt.e.Stage(); got != tt.stage {
			t.Errorf("%+v: stage %q, want %q", tt.e, got, tt.stage)
		}
		if got := tt.e.Progress(); !strings.HasPrefix(got, tt.words) {
			t.Errorf("%+v: progress %q, want %q", tt.e, got, tt.words)
		}
	}
}

func TestCaseFilePeriod(t *testing.T) {
	from, to := Date{2026, time.March, 1}, Date{2026, time.November, 30}
	if got := (CaseFileExport{From: from, To: to}).Period(); got != "records from 1 March 2026 to 30 November 2026" {
		t.Errorf("period %q", got)
	}
	if got := (CaseFileExport{}).Period(); got != "all records" {
		t.Errorf("period %q", got)
	}
	if err := (CaseFileInput{From: to, To: from}).Validate(); err == nil || !strings.Contains(err.Error(), "after its start, 30 November 2026") {
		t.Errorf("a period that ends before it starts: %v", err)
	}
}
