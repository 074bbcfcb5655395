package web

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"kith"
)

// funcs are the helpers templates may call.
var funcs = template.FuncMap{
	"field":     newField,
	"dateField": newDateField,
	"date":      func(d kith.Date) string { return d.Long() },
	"datetime":  formatDateTime,
	// reasonName is a redaction's exemption in words.
	"reasonName": kith.SARRedactionReasons.Name,
	// showHidden writes out invisible formatting characters in a file
	// name stored before Kith refused them ([U+202E]).
	"showHidden": kith.ShowHidden,
	// canSeeRoleChanges: the actor may read the role changes list.
	"canSeeRoleChanges": kith.CanSeeRoleChanges,
	// canSeeIntegrity: the actor may see the checks and daily roots.
	"canSeeIntegrity": kith.CanSeeIntegrity,
	"day":             func(t time.Time) string { return kith.DateOf(londonTime(t)).Long() },
	"dayp":            func(t *time.Time) string { return dayOrEmpty(t) },
	"tagClass":        tagClass,
	"lower":           strings.ToLower,
	"options":         staticOptions,
	"closeReason":     kith.CloseReasonLabel,
	// codeLabel is a DfE code with its label, from the named option list.
	"codeLabel": func(list, code string) string {
		for _, o := range staticOptions(list) {
			if o.Value == code {
				return o.Label
			}
		}
		return code
	},
	// codeName is codeLabel without its "(CODE)", for sentences.
	"codeName": func(list, code string) string {
		for _, o := range staticOptions(list) {
			if o.Value == code {
				if i := strings.LastIndex(o.Label, " ("); i > 0 {
					return o.Label[:i]
				}
				return o.Label
			}
		}
		return code
	},
	"lastEpisode": func(eps []kith.Episode) kith.Episode { return eps[len(eps)-1] },
	"lastCare":    func(eps []kith.CareEpisode) kith.CareEpisode { return eps[len(eps)-1] },
	"periodStart": kith.PeriodStart,
	"returnKind":  kith.ReturnKindLabel,
	"returnDays":  func() int { return kith.ReturnExportDays },
	"kb": func(n int) string {
		if n >= 1<<20 {
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		}
		return fmt.Sprintf("%d kB", (n+1023)/1024)
	},
	"episodeAssessments": inEpisode(func(a kith.Assessment) string { return a.EpisodeID }),
	"assessmentInProgress": func(all []kith.Assessment) bool {
		return slices.ContainsFunc(all, func(a kith.Assessment) bool { return !a.Authorised() })
	},
	"factorLabels": kith.FactorLabels,
	"journeyPanel": func(j kith.Journey, today kith.Date, child string) map[string]any {
		return map[string]any{"J": j, "Today": today, "Child": child}
	},
	"episodeSection47s": inEpisode(func(x kith.Section47) string { return x.EpisodeID }),
	"section47Open": func(all []kith.Section47) bool {
		return slices.ContainsFunc(all, func(x kith.Section47) bool { return x.Open() })
	},
	"earlierEpisodes": func(eps []kith.Episode) []kith.Episode {
		if len(eps) < 2 {
			return nil
		}
		return eps[:len(eps)-1]
	},
	"sourceLink":  summaryLink,
	"changeClass": changeClass,
	"duration":    kith.Duration,
	"roleLabels":  roleLabels,
	// capitalise starts a phrase with a capital letter.
	"capitalise": func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	},
	// query writes url.Values as a link's query string: encoded once, by
	// url.Values, and not again by html/template (which would escape its
	// = and & into the path).
	"query": func(v url.Values) template.URL { return template.URL(v.Encode()) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
}

func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := londonTime(t)
	return fmt.Sprintf("%s at %s", kith.DateOf(lt).Long(), strings.ToLower(lt.Format("3:04pm")))
}

func dayOrEmpty(t *time.Time) string {
	if t == nil {
		return ""
	}
	return kith.DateOf(londonTime(*t)).Long()
}

// datedFuncs are the helpers that need today's date, read from the
// server's clock at each call, so a page says the same on a pinned day in
// a test as it would on that day in a council.
func datedFuncs(now func() time.Time) template.FuncMap {
	return template.FuncMap{
		"ageText": func(dob kith.Date) string { return ageText(dob, kith.Today(now())) },
		// childAge is a child's age, or for an unborn child when they are
		// expected.
		"childAge": func(dob, expected kith.Date) string { return childAge(dob, expected, kith.Today(now())) },
		"overdue":  func(w kith.Warning) bool { return w.ReviewOverdue(kith.Today(now())) },
		// tokenLive: the API token still works (not revoked, not expired).
		"tokenLive": func(t kith.APIToken) bool { return t.Active(now()) },
	}
}

// ageText is an age on today as people say it: "8 years old", "11 months old".
func childAge(dob, expected, today kith.Date) string {
	switch {
	case !dob.IsZero() || expected.IsZero():
		return ageText(dob, today)
	case expected.Before(today):
		return "Unborn, expected " + expected.Long() + ": record the date of birth"
	}
	return "Unborn, expected " + expected.Long()
}

func ageText(dob, today kith.Date) string {
	if dob.IsZero() {
		return "Age not known"
	}
	years := dob.AgeOn(today)
	if years >= 2 {
		return fmt.Sprintf("%d years old", years)
	}
	months := (today.Year-dob.Year)*12 + int(today.Month) - int(dob.Month)
	if today.Day < dob.Day {
		months--
	}
	switch {
	case months < 1:
		return "Under 1 month old"
	case months == 1:
		return "1 month old"
	}
	return fmt.Sprintf("%d months old", months)
}

// tagClass gives each status badge its own GOV.UK tag colour.
func tagClass(k kith.StatusKind) string {
	switch k {
	case kith.StatusCP:
		return "govuk-tag--red"
	case kith.StatusCLA:
		return "govuk-tag--purple"
	case kith.StatusCIN:
		return "govuk-tag--blue"
	case kith.StatusCareLeaver:
		return "govuk-tag--turquoise"
	case kith.StatusEarlyHelp:
		return "govuk-tag--green"
	}
	return "govuk-tag--grey"
}

func roleLabels(rs []kith.Role) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return strings.Join(out, ", ")
}

// Field is what a GOV.UK form component partial needs. Templates build one
// with `field .Form "name" "Label"` and refine it with the chainable
// methods below.
type Field struct {
	Name, ID, Label, Hint, Value, Error  string
	Type, Class, Autocomplete, Inputmode string
	LabelClass                           string
	Heading                              bool
	NoSpellcheck                         bool
	Rows                                 int
	Options                              []Option
	Inline                               bool
	Small                                bool
	Day, Month, Year                     string
	Values                               []string
}

// Option is one choice of a radios, checkboxes or select field.
type Option struct {
	Value, Label, Hint string
	Checked            bool
	// GroupStart is the heading of the group of checkboxes this option
	// begins, in a long list sorted into groups (assessment factors).
	GroupStart string
}

func newField(f *form, name, label string) Field {
	return Field{Name: name, ID: name, Label: label, Value: f.Raw(name), Error: f.Error(name), Type: "text", Values: f.All(name)}
}

func newDateField(f *form, name, label string) Field {
	p := f.DateParts(name)
	return Field{Name: name, ID: name, Label: label, Error: f.Error(name), Day: p.Day, Month: p.Month, Year: p.Year}
}

// WithValue sets the value shown when the form has none for the field.
func (f Field) WithValue(v string) Field {
	if f.Value == "" {
		f.Value = v
	}
	return f
}

// WithHint adds hint text.
func (f Field) WithHint(h string) Field { f.Hint = h; return f }

// WithError shows a problem found with the field's group (a people
// section's, say) at the field, when the field has none of its own.
func (f Field) WithError(msg string) Field {
	if f.Error == "" {
		f.Error = msg
	}
	return f
}

// WithClass adds input classes (widths).
func (f Field) WithClass(c string) Field { f.Class = c; return f }

// WithType sets the input type (tel, email, password…).
func (f Field) WithType(t string) Field { f.Type = t; return f }

// WithAutocomplete sets the autocomplete attribute.
func (f Field) WithAutocomplete(a string) Field { f.Autocomplete = a; return f }

// WithInputmode sets the inputmode attribute.
func (f Field) WithInputmode(m string) Field { f.Inputmode = m; return f }

// AsHeading makes the label the page heading (one-question pages).
func (f Field) AsHeading() Field { f.Heading = true; f.LabelClass = "govuk-label--l"; return f }

// WithLabelClass sets the label (or legend) size class.
func (f Field) WithLabelClass(c string) Field { f.LabelClass = c; return f }

// NoSpell turns spellcheck off (names, numbers).
func (f Field) NoSpell() Field { f.NoSpellcheck = true; return f }

// WithRows sets a text area's height.
func (f Field) WithRows(n int) Field { f.Rows = n; return f }

// InlineOptions lays radios out in a row.
func (f Field) InlineOptions() Field { f.Inline = true; return f }

// SmallOptions uses the small radios and checkboxes.
func (f Field) SmallOptions() Field { f.Small = true; return f }

// WithOptions sets the choices, marking the chosen ones.
func (f Field) WithOptions(opts []Option) Field {
	f.Options = make([]Option, len(opts))
	for i, o := range opts {
		o.Checked = o.Value == f.Value
		for _, v := range f.Values {
			o.Checked = o.Checked || o.Value == v
		}
		f.Options[i] = o
	}
	return f
}

// staticOptions returns the choices of Kith's fixed lists by name.
func staticOptions(name string) []Option {
	var out []Option
	switch name {
	case "relationship":
		for _, k := range kith.RelationshipKinds {
			out = append(out, Option{Value: string(k), Label: k.Label()})
		}
	case "gender":
		for _, g := range kith.Genders {
			out = append(out, Option{Value: string(g), Label: g.Label()})
		}
	case "status":
		for _, k := range kith.StatusKinds {
			o := Option{Value: string(k), Label: k.Label()}
			if k.Badge() != k.Label() {
				o.Hint = k.Badge()
			}
			out = append(out, o)
		}
	case "warning":
		for _, k := range kith.WarningKinds {
			out = append(out, Option{Value: string(k), Label: k.Label()})
		}
	case "phone":
		for _, k := range kith.PhoneKinds {
			out = append(out, Option{Value: string(k), Label: k.Label()})
		}
	case "summary-reason":
		for _, x := range kith.SummaryReasons {
			out = append(out, Option{Value: string(x), Label: x.Label()})
		}
	case "written-by":
		out = []Option{{Value: kith.WrittenByFamily, Label: "The child or family wrote them"}, {Value: kith.WrittenForThem, Label: "I wrote them down for them, in their words"}}
	case "answer":
		for _, a := range []kith.Answer{kith.Yes, kith.No, kith.NotKnown} {
			out = append(out, Option{Value: string(a), Label: a.Label()})
		}
	case "yesno":
		out = []Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	case "attended":
		out = []Option{{Value: kith.Attended, Label: "Attended"}, {Value: kith.Apologies, Label: "Sent apologies"}}
	case "action-status":
		for _, st := range kith.ActionStatuses {
			out = append(out, Option{Value: string(st), Label: st.Label()})
		}
	case "plan":
		for _, k := range kith.PlanKinds {
			out = append(out, Option{Value: string(k), Label: k.Label()})
		}
	case "close":
		for _, r := range kith.CloseReasons {
			out = append(out, Option{Value: r.Code, Label: r.Label})
		}
	case "sex":
		out = codeOptions(kith.Sexes)
	case "disability":
		out = codeOptions(kith.Disabilities)
	case "assessment-factor":
		out = codeOptions(kith.AssessmentFactors)
	case "referral-source":
		out = append([]Option{{Value: "", Label: "Select where it came from"}}, codeOptions(kith.ReferralSources)...)
	case "ethnicity":
		out = append([]Option{{Value: "", Label: "Select their ethnicity"}}, codeOptions(kith.Ethnicities)...)
	case "adopter-left":
		out = []Option{{Value: "", Label: "They are still in the process"}}
		for _, c := range kith.AdopterLeavingReasons {
			out = append(out, Option{Value: c.Code, Label: c.Label})
		}
	case "permanence-plan":
		for _, c := range kith.PermanencePlans {
			out = append(out, Option{Value: c.Code, Label: c.Label})
		}
	case "sar-relation", "sar-identity":
		l := kith.SARRelations
		if name == "sar-identity" {
			l = kith.SARIdentityChecks
		}
		for _, c := range l {
			out = append(out, Option{Value: c.Code, Label: c.Label})
		}
	case "sar-reason":
		for _, c := range kith.SARRedactionReasons {
			out = append(out, Option{Value: c.Code, Label: c.Label})
		}
	case "disposal-decision":
		out = []Option{{Value: kith.DisposalApprove, Label: "Approve: dispose of the record now"}, {Value: kith.DisposalTurnDown, Label: "Turn it down"}}
	case "sar-extension":
		out = []Option{{Value: "0", Label: "Not extended"}, {Value: "1", Label: "By 1 month"}, {Value: "2", Label: "By 2 months"}}
	case "contact-outcome":
		for _, c := range kith.ContactOutcomes {
			out = append(out, Option{Value: c.Code, Label: c.Label})
		}
	case "primary-need":
		out = append([]Option{{Value: "", Label: "Not yet known"}}, codeOptions(kith.PrimaryNeeds)...)
	case "conference-decision":
		for _, d := range kith.ConferenceDecisions {
			out = append(out, Option{Value: string(d), Label: d.Label()})
		}
	case "abuse-category":
		out = codeOptions(kith.CategoriesOfAbuse)
	case "s47-outcome":
		for _, o := range kith.S47Outcomes {
			out = append(out, Option{Value: string(o), Label: o.Label()})
		}
	case "referral-decision":
		for _, d := range kith.ReferralDecisions {
			out = append(out, Option{Value: string(d), Label: d.Label()})
		}
	case "legal-status":
		out = append([]Option{{Value: "", Label: "Select the legal status"}}, codeOptions(kith.LegalStatuses)...)
	case "placement-type":
		out = append([]Option{{Value: "", Label: "Select the type of placement"}}, codeOptions(kith.PlacementTypes)...)
	case "placement-provider":
		out = append([]Option{{Value: "", Label: "Select who provides it"}}, codeOptions(kith.PlacementProviders)...)
	case "care-need":
		out = append([]Option{{Value: "", Label: "Select the category of need"}}, codeOptions(kith.CareCategoriesOfNeed)...)
	case "care-ended":
		out = append([]Option{{Value: "", Label: "Select why care ended"}}, codeOptions(kith.ReasonsEnded)...)
	case "place-change-reason":
		out = append([]Option{{Value: "", Label: "Select why the placement changed"}}, codeOptions(kith.PlaceChangeReasons)...)
	case "reason-new":
		out = codeOptions(kith.ReasonsNew)
	case "participation":
		out = codeOptions(kith.Participations)
	case "previous-permanence":
		out = codeOptions(kith.PreviousPermanenceOptions)
	case "sdq-reason":
		out = append([]Option{{Value: "", Label: "There is a score"}}, codeOptions(kith.SDQReasons)...)
	case "reversal-reason":
		out = append([]Option{{Value: "", Label: "The plan stands"}}, codeOptions(kith.ReversalReasons)...)
	case "adopters-sex":
		out = codeOptions(kith.AdoptersSexes)
	case "adopters-status":
		out = codeOptions(kith.AdoptersStatuses)
	case "in-touch":
		out = codeOptions(kith.InTouchCodes)
	case "leaver-activity":
		out = append([]Option{{Value: "", Label: "Not known"}}, codeOptions(kith.CareLeaverActivities)...)
	case "leaver-accommodation":
		out = append([]Option{{Value: "", Label: "Not known"}}, codeOptions(kith.CareLeaverAccommodations)...)
	case "suitable":
		out = []Option{{Value: "1", Label: "Suitable", Hint: "Safe, secure and affordable"}, {Value: "2", Label: "Not suitable", Hint: "It exposes them to risk of harm or social exclusion"}}
	case "missing-kind":
		out = codeOptions(kith.MissingKinds)
	case "yesno-unknown":
		out = []Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}, {Value: "", Label: "Not yet known"}}
	case "upn-unknown":
		out = append([]Option{{Value: "", Label: "There is a UPN, or no reason yet"}}, codeOptions(kith.UPNUnknownReasons)...)
	case "role":
		for _, r := range kith.Roles {
			out = append(out, Option{Value: string(r), Label: r.Label()})
		}
	default:
		panic("no option list " + name)
	}
	return out
}

// codeOptions offers a DfE code list: each code's label, with the code as
// its hint so that someone copying from another system can find it.
func codeOptions(l kith.CodeList) []Option {
	out := make([]Option, len(l))
	for i, c := range l {
		out[i] = Option{Value: c.Code, Label: c.Label + " (" + c.Code + ")"}
		if c.Group != "" && (i == 0 || l[i-1].Group != c.Group) {
			out[i].GroupStart = c.Group
		}
	}
	return out
}

// DescribedBy is the aria-describedby of a field: its hint and its error.
func (f Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// OptionID is the id of the i-th radio or checkbox: the first takes the
// field's id, so the error summary's link lands on it.
func (f Field) OptionID(i int) string {
	if i == 0 {
		return f.ID
	}
	return fmt.Sprintf("%s-%d", f.ID, i+1)
}

// navLink is an item of the service navigation.
type navLink struct {
	Href, Label string
	Active      bool
}

func init() {
	funcs["navItem"] = func(l layout, section, href, label string) navLink {
		return navLink{Href: href, Label: label, Active: l.Section == section}
	}
	funcs["assetURL"] = assetURL
	// hasErrors lets the layout prefix the title with "Error:" when the
	// page's form has errors, as GOV.UK asks.
	funcs["hasErrors"] = func(d any) bool {
		if f, ok := d.(interface{ formErrors() bool }); ok {
			return f.formErrors()
		}
		return false
	}
}

func init() {
	funcs["deref"] = func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	}
	funcs["allocationKind"] = func(k kith.AllocationKind) string {
		switch k {
		case kith.AllocationOpened:
			return "Case opened"
		case kith.AllocationAllocated:
			return "Allocated"
		case kith.AllocationTransferred:
			return "Transferred"
		case kith.AllocationUnallocated:
			return "Returned to the team"
		case kith.AllocationReopened:
			return "Case reopened"
		}
		return string(k)
	}
	funcs["option"] = func(value, label, hint string) Option { return Option{Value: value, Label: label, Hint: hint} }
	funcs["prepend"] = func(o Option, opts []Option) []Option { return append([]Option{o}, opts...) }
}

func init() {
	funcs["ifThen"] = func(cond bool, yes, no string) string {
		if cond {
			return yes
		}
		return no
	}
}

func init() {
	funcs["professionalOptions"] = func(ps []kith.Professional) []Option {
		out := make([]Option, len(ps))
		for i, p := range ps {
			contact := p.Phone
			if contact == "" {
				contact = p.Email
			}
			out[i] = Option{Value: p.ID, Label: p.Name + ", " + p.Role, Hint: p.Agency + " · " + contact}
		}
		return out
	}
}

// inEpisode makes a template function that keeps the steps of one episode
// (assessments, enquiries) from a case's list.
func inEpisode[T any](episodeOf func(T) string) func([]T, string) []T {
	return func(all []T, episodeID string) []T {
		var out []T
		for _, x := range all {
			if episodeOf(x) == episodeID {
				out = append(out, x)
			}
		}
		return out
	}
}
