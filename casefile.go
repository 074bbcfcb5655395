package kith

import (
	"fmt"
	"time"
)

// The whole case file as one PDF: every final record on a child's case
// (or those in a period) in date order, with its addenda and files, made
// in the background because a long-open case has thousands of records,
// with its progress shown, and kept for CaseFileKeepDays for whoever may
// read the case to download.

// CaseFileKeepDays is how long a case file's PDF is kept after it is made.
// The request stays in the list, saying it has expired.
const CaseFileKeepDays = 7

// CaseFileStale is how long after a case file's making was last heard of
// it is taken to have stopped with its server, and is made again.
const CaseFileStale = 10 * time.Minute

// CaseFileExport is one request for the whole file.
type CaseFileExport struct {
	ID            string `json:"id"`
	CaseID        string `json:"-"`
	CaseReference string `json:"case_reference"`
	// From and To bound the records by when they happened; zero is open.
	From        Date       `json:"from,omitzero"`
	To          Date       `json:"to,omitzero"`
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	// Done of Total records have been gathered; Printing once they all
	// have and Chromium is making the PDF.
	Done     int  `json:"done"`
	Total    int  `json:"total"`
	Printing bool `json:"printing,omitempty"`
	Size     int  `json:"size"`
	// Error says why it could not be made.
	Error string `json:"error,omitempty"`
	// Expired: the PDF was made but is no longer kept.
	Expired bool `json:"expired,omitempty"`
	// State is "waiting", "making", "ready", "failed" or "expired".
	State string `json:"state"`
}

// Stage says where the request is.
func (e CaseFileExport) Stage() string {
	switch {
	case e.FinishedAt != nil && e.Error != "":
		return "failed"
	case e.Expired:
		return "expired"
	case e.FinishedAt != nil:
		return "ready"
	case e.StartedAt != nil:
		return "making"
	}
	return "waiting"
}

// Progress says how far the making has got, in words.
func (e CaseFileExport) Progress() string {
	switch e.Stage() {
	case "waiting":
		return "Waiting to start"
	case "making":
		if e.Printing {
			return fmt.Sprintf("%s gathered; making the PDF", CountRecords(e.Total))
		}
		if e.Total == 0 {
			return "Starting"
		}
		return fmt.Sprintf("Gathered %d of %d records", e.Done, e.Total)
	case "ready":
		return "Ready: " + CountRecords(e.Total)
	case "expired":
		return fmt.Sprintf("No longer kept: PDFs are kept for %d days", CaseFileKeepDays)
	}
	return "Could not be made: " + e.Error
}

// Period says which records it holds: "all records", "records from 1
// March 2026 to 30 November 2026".
func (e CaseFileExport) Period() string {
	switch {
	case e.From.IsZero() && e.To.IsZero():
		return "all records"
	case e.To.IsZero():
		return "records from " + e.From.Long()
	case e.From.IsZero():
		return "records up to " + e.To.Long()
	}
	return "records from " + e.From.Long() + " to " + e.To.Long()
}

// CaseFileInput asks for the whole file, or the records in a period.
type CaseFileInput struct {
	From Date `json:"from,omitzero"`
	To   Date `json:"to,omitzero"`
}

// Validate checks the period: its end not before its start.
func (in CaseFileInput) Validate() error {
	v := &Validation{}
	if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
		v.Add("to", "The end of the period must be the same as or after its start, "+in.From.Long())
	}
	return v.Err()
}

// CountRecords is "1 record" or "N records".
func CountRecords(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

// CountFiles is "1 file" or "n files".
func CountFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}
