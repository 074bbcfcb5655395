package web

import (
	"net/http"
	"strconv"

	"kith"
)

// versionsPage is a record's saved versions, or one of them compared with
// the record's text now.
type versionsPage struct {
	caseHeader
	Record   *kith.Record
	Template *kith.Template
	Versions []kith.RecordVersion
	// Version is the one opened, and Changes its parts against the text
	// now (only the parts that differ, unless Same).
	Version *kith.RecordVersion
	Changes []versionChange
	Same    bool
}

// versionChange is one part of a record, word by word, from a saved
// version to the text now.
type versionChange struct {
	Label string
	Diff  []kith.DiffSpan
}

// versions loads a record's saved versions for a page.
func (s *Server) versions(r *http.Request) (*versionsPage, error) {
	v, versions, err := s.DB.RecordVersions(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return nil, err
	}
	if v.Case.ID != h.Case.ID {
		return nil, kith.NotFound("Record")
	}
	h.Tab = "records"
	return &versionsPage{caseHeader: h, Record: v.Record, Template: v.Template, Versions: versions}, nil
}

// recordVersions lists the saved versions of a record.
func (s *Server) recordVersions(w http.ResponseWriter, r *http.Request) error {
	p, err := s.versions(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "record-versions", "Saved versions of a record for "+p.Child.FullName(), p)
	return nil
}

// recordVersion opens one saved version, compared word by word with the
// record's text now.
func (s *Server) recordVersion(w http.ResponseWriter, r *http.Request) error {
	p, err := s.versions(r)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PathValue("n"))
	for i := range p.Versions {
		if p.Versions[i].Version == n {
			p.Version = &p.Versions[i]
		}
	}
	if p.Version == nil {
		return kith.NotFound("Saved version")
	}
	old := kith.RecordInput{Headline: p.Version.Headline, OccurredAt: p.Version.OccurredAt, Content: p.Version.Content, Typed: p.Version.Typed,
		Location: p.Record.Location}
	was, now := recordParts(p.Template, old), recordParts(p.Template, p.Record.Input())
	// Saved versions do not keep the place: it is compared as it is now.
	for i := range was {
		if was[i].Text != now[i].Text {
			p.Changes = append(p.Changes, versionChange{Label: was[i].Label, Diff: kith.DiffWords(was[i].Text, now[i].Text)})
		}
	}
	p.Same = len(p.Changes) == 0
	s.render(w, r, http.StatusOK, "record-version", "Version "+itoa(n)+" of a record for "+p.Child.FullName(), p)
	return nil
}
