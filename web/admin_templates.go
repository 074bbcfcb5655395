package web

import (
	"net/http"

	"kith"
)

// adminTemplates lists every template version and takes a new one: a
// council's own template or a new version of any template, as JSON.
func (s *Server) adminTemplates(w http.ResponseWriter, r *http.Request) error {
	return s.showAdminTemplates(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) showAdminTemplates(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	if !kith.CanAdminister(actorFrom(r)) {
		return kith.Errorf(kith.EFORBIDDEN, "Only an administrator can manage record templates.")
	}
	vs, err := s.DB.TemplateVersions(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "admin-templates", "Record templates", struct {
		formPage
		Versions []kith.TemplateVersion
	}{formPage{Form: f}, vs})
	return nil
}

func (s *Server) adminAddTemplate(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if f.HasErrors() {
		return s.showAdminTemplates(w, r, f, http.StatusUnprocessableEntity)
	}
	t, err := kith.ParseTemplate([]byte(f.Raw("definition")))
	if err == nil {
		err = s.DB.AddTemplate(r.Context(), actorFrom(r), t)
	}
	if err != nil {
		fields := kith.ErrorFields(err)
		if len(fields) == 0 {
			if kith.ErrorCode(err) != kith.EINVALID {
				return err
			}
			f.Add("definition", kith.ErrorMessage(err))
		}
		// Every problem is listed, each naming the JSON field it is about.
		for _, fe := range fields {
			f.List = append(f.List, kith.FieldError{Field: "definition", Message: fe.Message})
		}
		if len(fields) > 0 {
			f.Errors["definition"] = "The template is not valid: " + fields[0].Message
		}
		return s.showAdminTemplates(w, r, f, http.StatusUnprocessableEntity)
	}
	return s.redirect(w, r, "/admin/templates", "Template "+t.Name+" version "+itoa(t.Version)+" added. New records use it from now on; records already written keep their version")
}
