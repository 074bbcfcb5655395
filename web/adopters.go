package web

import (
	"net/http"
	"strconv"

	"kith"
)

// The adopters register, for service managers: the households of
// prospective adopters and where each is in the process (Annex A list
// 11).

// adoptersPage is the register's list.
type adoptersPage struct {
	Households []kith.AdopterHousehold
	Today      kith.Date
}

func (s *Server) adoptersList(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.DB.AdopterHouseholds(r.Context(), actorFrom(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "adopters", "The adopters register", adoptersPage{Households: hs, Today: today(s)})
	return nil
}

// adoptersHouseholdPage is a household's form.
type adoptersHouseholdPage struct {
	formPage
	Household kith.AdopterHousehold
}

// householdDates are the form's dates, in the process's order, with their
// labels as in a sentence.
var householdDates = []struct{ name, label string }{
	{"enquiry_on", "date of the enquiry"}, {"stage1_started_on", "date stage 1 started"}, {"stage1_ended_on", "date stage 1 ended"},
	{"stage2_started_on", "date stage 2 started"}, {"stage2_ended_on", "date stage 2 ended"}, {"application_on", "date of the application"},
	{"approved_on", "date of approval"}, {"left_on", "date they left the process"},
}

// householdDatePtrs are the input's dates, in householdDates' order.
func householdDatePtrs(in *kith.AdopterHouseholdInput) []*kith.Date {
	return []*kith.Date{&in.EnquiryOn, &in.Stage1StartedOn, &in.Stage1EndedOn, &in.Stage2StartedOn, &in.Stage2EndedOn,
		&in.ApplicationOn, &in.ApprovedOn, &in.LeftOn}
}

func adopterField(i int, part string) string { return "adopters." + strconv.Itoa(i) + "." + part }

func (s *Server) householdForm(w http.ResponseWriter, r *http.Request) error {
	f := newForm(nil)
	var h kith.AdopterHousehold
	if id := r.PathValue("id"); id != "" {
		var err error
		if h, err = s.DB.AdopterHousehold(r.Context(), actorFrom(r), id); err != nil {
			return err
		}
		fillHousehold(f, h)
	} else {
		if err := kith.MayKeepAdopters(actorFrom(r)); err != nil {
			return err
		}
		f.Set("version", "0")
	}
	return s.showHousehold(w, r, f, h, http.StatusOK)
}

func fillHousehold(f *form, h kith.AdopterHousehold) {
	for i, a := range h.Adopters {
		f.Set(adopterField(i, "name"), a.Name)
		f.Set(adopterField(i, "sex"), a.Sex)
		f.Set(adopterField(i, "ethnicity"), a.Ethnicity)
		f.Set(adopterField(i, "disabled"), string(a.Disabled))
	}
	if h.FosteringForAdoption {
		f.Set("fostering_for_adoption", "yes")
	} else {
		f.Set("fostering_for_adoption", "no")
	}
	in := h.AdopterHouseholdInput
	for i, d := range householdDatePtrs(&in) {
		f.SetDate(householdDates[i].name, *d)
	}
	f.Set("left_reason", h.LeftReason)
	f.Set("version", itoa(h.Version))
}

func (s *Server) showHousehold(w http.ResponseWriter, r *http.Request, f *form, h kith.AdopterHousehold, status int) error {
	title := "Add a household to the adopters register"
	if h.ID != "" {
		title = h.Reference + ": " + h.Names()
	}
	s.render(w, r, status, "adopter-household", title, adoptersHouseholdPage{formPage: formPage{Form: f}, Household: h})
	return nil
}

func (s *Server) householdSave(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	in := kith.AdopterHouseholdInput{FosteringForAdoption: f.Get("fostering_for_adoption") == "yes", LeftReason: f.Get("left_reason"),
		Version: atoi(f.Get("version"))}
	for i := range kith.MaxAdopters {
		in.Adopters = append(in.Adopters, kith.Adopter{Name: f.Get(adopterField(i, "name")), Sex: f.Get(adopterField(i, "sex")),
			Ethnicity: f.Get(adopterField(i, "ethnicity")), Disabled: kith.Answer(f.Get(adopterField(i, "disabled")))})
	}
	for i, d := range householdDatePtrs(&in) {
		*d = f.Date(householdDates[i].name, kith.DateRule{Label: householdDates[i].label})
	}
	id := r.PathValue("id")
	validate := func() error { return in.Validate(today(s)) }
	var saved kith.AdopterHousehold
	ok, err := submit(f, validate, func() error {
		var err error
		saved, err = s.DB.RecordAdopterHousehold(r.Context(), actorFrom(r), id, in)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		var h kith.AdopterHousehold
		if id != "" {
			if h, err = s.DB.AdopterHousehold(r.Context(), actorFrom(r), id); err != nil {
				return err
			}
			if statusFor(f) == http.StatusConflict {
				f.Set("version", itoa(h.Version)) // what they typed stays, over the newer version
			}
		}
		return s.showHousehold(w, r, f, h, statusFor(f))
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/adopters", saved.Reference+" saved")
}

// adopterFields is what the form's part for one adopter needs.
type adopterFields struct {
	F       *form
	I       int
	Heading string
}

func init() {
	funcs["adopterField"] = adopterField
	funcs["adopterFields"] = func(f *form, i int) adopterFields {
		return adopterFields{F: f, I: i, Heading: []string{"The adopter, or the first of a couple", "The second of a couple (leave blank for one adopter)"}[i]}
	}
}
