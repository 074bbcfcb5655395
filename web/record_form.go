package web

import (
	"strings"
	"time"

	"kith"
)

// The record form's field names. Sections are "s.<key>", with suffixes for
// the parts of a section (".reason", ".people", ".others", ".<n>.what").
// Validation messages from the domain name the same fields, so the error
// summary links to the right input.

// maxActionRows is how many action rows the form offers: those written so
// far plus two blank ones (without JavaScript, saving adds more).
const blankActionRows = 2

// recordChoices name what a record form's choices point at: people in the
// network by id, and action owners by reference (kith.Owner.Ref).
type recordChoices struct {
	Network, Owners map[string]string
}

// readRecordForm turns a submitted record form into a RecordInput. Dates
// and times that cannot be read are recorded on the form as errors, and
// what was typed into them is kept in the input's Typed, so a draft saves
// it as typed; the rest is checked by the domain.
func readRecordForm(f *form, t *kith.Template, choices recordChoices, now time.Time) kith.RecordInput {
	in := kith.RecordInput{TemplateKey: t.Key, Headline: f.Raw("headline"), Location: f.Raw("location"),
		Significant: f.Bool("significant"), RiskIdentified: f.Bool("risk"), Version: atoi(f.Get("version")), Content: kith.RecordContent{}}
	// keepTyped keeps the named boxes as typed when reading them added a
	// message to the form.
	keepTyped := func(before int, names ...string) {
		if len(f.List) == before {
			return
		}
		for _, n := range names {
			if v := f.Raw(n); v != "" {
				if in.Typed == nil {
					in.Typed = map[string]string{}
				}
				in.Typed[n] = v
			}
		}
	}
	before := len(f.List)
	if !f.DateParts("occurred").Empty() || f.Get("occurred-time") != "" {
		today := kith.Today(now)
		day := f.Date("occurred", kith.DateRule{Label: "date it happened", NotAfter: &today})
		if !day.IsZero() {
			at, ok := atTime(day, f.Get("occurred-time"))
			if !ok {
				f.Add("occurred", "Enter the time it happened as hours and minutes, like 14:30")
			}
			in.OccurredAt = at
			if until := f.Get("until-time"); until != "" && t.Session {
				u, ok := atTime(day, until)
				if !ok {
					f.Add("until", "Enter the end time as hours and minutes, like 15:45")
				} else {
					in.OccurredUntil = &u
				}
			}
		}
	}
	if f.Get("until-time") != "" && t.Session && in.OccurredAt.IsZero() {
		f.Add("until", "Enter the date and time it started as well as the end time")
	}
	keepTyped(before, "occurred-day", "occurred-month", "occurred-year", "occurred-time", "until-time")
	for _, s := range t.Sections {
		name := s.Field()
		var v kith.SectionValue
		switch s.Kind {
		case kith.SectionYesNo:
			v.Answer, v.Reason = f.Get(name), f.Raw(name+".reason")
		case kith.SectionPeople:
			for _, id := range f.All(name + ".people") {
				if n, ok := choices.Network[id]; ok {
					v.People = append(v.People, kith.PersonRef{PersonID: id, Name: n})
				}
			}
			v.Others = f.Raw(name + ".others")
		case kith.SectionActions:
			for i := 0; i < 50; i++ {
				p := name + "." + itoa(i)
				if _, ok := f.Values[p+".what"]; !ok {
					break
				}
				a := kith.ActionItem{What: f.Raw(p + ".what"), Who: f.Raw(p + ".who"), Done: f.Bool(p + ".done"), Objective: f.Get(p + ".objective")}
				if ref := f.Get(p + ".who_ref"); ref != "" && ref != string(kith.OwnerOther) {
					a.WhoRef, a.Who = ref, choices.Owners[ref]
				}
				if by := f.Get(p + ".by"); by != "" {
					d, msg := kith.ParseDue(by, "“"+strings.TrimSpace(a.What)+"”", kith.Today(now))
					if msg != "" {
						f.Add(name, msg)
						a.By = by
					} else {
						a.By = d.String()
					}
				}
				v.Actions = append(v.Actions, a)
			}
		case kith.SectionAttendance:
			for i := 0; i < 100; i++ {
				p := name + "." + itoa(i)
				if _, ok := f.Values[p+".name"]; !ok {
					break
				}
				v.Attendance = append(v.Attendance, kith.Attendee{Name: f.Raw(p + ".name"), Role: f.Raw(p + ".role"), Agency: f.Raw(p + ".agency"),
					Attended: f.Get(p + ".attended")})
			}
		case kith.SectionDateTime:
			before := len(f.List)
			if !f.DateParts(name).Empty() {
				d := f.Date(name, kith.DateRule{Label: lowerLabel(s.Label)})
				if !d.IsZero() {
					v.Text = d.String()
					if tm := f.Get(name + "-time"); tm != "" {
						if _, ok := atTime(d, tm); !ok {
							f.Add(name, "Enter the time as hours and minutes, like 14:30")
						} else {
							v.Text += " " + normaliseClock(tm)
						}
					}
				}
			} else if f.Get(name+"-time") != "" {
				f.Add(name, "Enter the date as well as the time")
			}
			keepTyped(before, name+"-day", name+"-month", name+"-year", name+"-time")
		case kith.SectionFile:
			v.Files = f.All(name + ".files")
		default:
			v.Text = f.Raw(name)
		}
		in.Content[s.Key] = v
	}
	if f.Get("objectives-offered") == "yes" {
		in.Objectives = append([]string{}, f.All("objectives")...)
	}
	in.Clean(t)
	return in
}

func lowerLabel(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// atTime reads "14:30" (or "14.30", "2:30pm") on day, in the council's zone.
func atTime(day kith.Date, clock string) (time.Time, bool) {
	if clock == "" {
		return time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, kith.London).UTC(), true
	}
	c := normaliseClock(clock)
	t, err := time.Parse("15:04", c)
	if err != nil {
		return time.Time{}, false
	}
	return kith.InLondon(day, t.Hour(), t.Minute()), true
}

// normaliseClock turns the ways people type a time into HH:MM.
func normaliseClock(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), ".", ":"))
	pm := strings.HasSuffix(s, "pm")
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "pm"), "am"))
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		h, m = s, "00"
	}
	hh, mm := atoi(h), atoi(m)
	if pm && hh < 12 {
		hh += 12
	}
	if hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return s
	}
	return pad2(hh) + ":" + pad2(mm)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// fillRecordForm puts a saved record into the form, to edit it, with
// anything typed that could not be read shown back exactly as typed.
func fillRecordForm(f *form, r *kith.Record, t *kith.Template) {
	defer func() {
		for name, v := range r.Typed {
			f.Set(name, v)
		}
	}()
	f.Set("headline", r.Headline)
	f.Set("location", r.Location)
	f.Set("version", itoa(r.Version))
	if r.Significant {
		f.Set("significant", "yes")
	}
	if r.RiskIdentified {
		f.Set("risk", "yes")
	}
	if !r.OccurredAt.IsZero() {
		local := r.OccurredAt.In(kith.London)
		f.SetDate("occurred", kith.DateOf(local))
		f.Set("occurred-time", local.Format("15:04"))
	}
	if r.OccurredUntil != nil {
		f.Set("until-time", r.OccurredUntil.In(kith.London).Format("15:04"))
	}
	for _, o := range r.Objectives {
		f.Values.Add("objectives", o.ID)
	}
	for _, s := range t.Sections {
		v, name := r.Content[s.Key], s.Field()
		switch s.Kind {
		case kith.SectionYesNo:
			f.Set(name, v.Answer)
			f.Set(name+".reason", v.Reason)
		case kith.SectionPeople:
			for _, p := range v.People {
				f.Values.Add(name+".people", p.PersonID)
			}
			f.Set(name+".others", v.Others)
		case kith.SectionActions:
			for i, a := range v.Actions {
				p := name + "." + itoa(i)
				f.Set(p+".what", a.What)
				if a.WhoRef != "" {
					f.Set(p+".who_ref", a.WhoRef)
				} else {
					f.Set(p+".who", a.Who)
					if a.Who != "" {
						f.Set(p+".who_ref", string(kith.OwnerOther))
					}
				}
				if a.Done {
					f.Set(p+".done", "yes")
				}
				f.Set(p+".objective", a.Objective)
				if d, err := kith.ParseISODate(a.By); err == nil {
					f.Set(p+".by", d.Long())
				} else {
					f.Set(p+".by", a.By)
				}
			}
		case kith.SectionAttendance:
			for i, a := range v.Attendance {
				p := name + "." + itoa(i)
				f.Set(p+".name", a.Name)
				f.Set(p+".role", a.Role)
				f.Set(p+".agency", a.Agency)
				f.Set(p+".attended", a.Attended)
			}
		case kith.SectionDateTime:
			if at, err := kith.ParseSectionDateTime(v.Text); err == nil {
				f.SetDate(name, kith.DateOf(at))
				if strings.Contains(v.Text, " ") {
					f.Set(name+"-time", at.Format("15:04"))
				}
			}
		case kith.SectionFile:
			for _, id := range v.Files {
				f.Values.Add(name+".files", id)
			}
		default:
			f.Set(name, v.Text)
		}
	}
}

// actionRows is how many action rows to show for a section.
func actionRows(f *form, name string) []int { return formRows(f, name, ".what") }

// attendanceRows is how many attendance rows to show for a section.
func attendanceRows(f *form, name string) []int { return formRows(f, name, ".name") }

// formRows numbers the rows a repeating section shows: those filled in so
// far (known by the field that ends in key) and two blank ones.
func formRows(f *form, name, key string) []int {
	n := 0
	for {
		if _, ok := f.Values[name+"."+itoa(n)+key]; !ok {
			break
		}
		n++
	}
	rows := make([]int, n+blankActionRows)
	for i := range rows {
		rows[i] = i
	}
	return rows
}
