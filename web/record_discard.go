package web

import (
	"net/http"

	"kith"
)

// discardForm asks the writer of a draft to confirm throwing it away.
func (s *Server) discardForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.discardable(r)
	if err != nil {
		return err
	}
	p.Form = newForm(nil)
	p.Form.Set("version", itoa(p.Record.Version))
	s.render(w, r, http.StatusOK, "record-discard", "Discard a draft: "+p.Template.Name+" for "+p.Child.FullName(), p)
	return nil
}

// discard throws a draft away. The version the writer confirmed must still
// be the draft's: if someone saved it since, they are shown the draft
// again rather than discarding typing they have not seen.
func (s *Server) discard(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	_, err = s.DB.DiscardDraft(r.Context(), actorFrom(r), r.PathValue("id"), atoi(f.Get("version")))
	if kith.ErrorCode(err) == kith.ECONFLICT {
		p, perr := s.discardable(r)
		if perr != nil {
			return perr
		}
		f.Add("", "This draft was saved again since you asked to discard it, by "+p.Record.LastSavedBy+". Read it before you decide.")
		f.Set("version", itoa(p.Record.Version))
		p.Form = f
		s.render(w, r, http.StatusConflict, "record-discard", "Discard a draft: "+p.Template.Name+" for "+p.Child.FullName(), p)
		return nil
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/drafts", "Draft discarded")
}

// discardable is the draft behind a discard page, if the user may discard it.
func (s *Server) discardable(r *http.Request) (*recordPage, error) {
	p, err := s.recordView(r)
	if err != nil {
		return nil, err
	}
	if !p.Record.Editable() {
		return nil, kith.Errorf(kith.ECONFLICT, "This record is no longer a draft, so it cannot be discarded.")
	}
	if !kith.MayDiscard(actorFrom(r).User, p.Record) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only %s, who started this draft, can discard it.", p.Record.AuthorName)
	}
	return p, nil
}
