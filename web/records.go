package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kith"
	"kith/calendar"
	"kith/quality"
	"kith/sqldb"
)

// recordPage is the data of the record pages: the identity bar, the record
// and its template, and what the page offers around them.
type recordPage struct {
	formPage
	caseHeader
	Record   *kith.Record
	Template *kith.Template
	Group    []kith.GroupCopy
	Mentions []kith.NameMention
	// People are the choices of a people section: the child and their
	// network.
	People []Option
	// Owners are who an action may be given to: people on the case, or
	// someone else.
	Owners []Option
	// Objectives are the current plan's objectives, to link the record
	// and its actions to.
	Objectives []Option
	// Assessment is, for a session of direct work, the assessment it
	// follows (kith.AssessmentFor); AssessmentShown says it was looked
	// for, so the page can say when there is none.
	Assessment      *kith.Assessment
	AssessmentShown bool
	// Supervision is what a supervision draft is written beside.
	Supervision *sqldb.SupervisionContext
	// Summary is a case summary's period, gathered facts, sharing and
	// sign-off, written and read beside it.
	Summary  *kith.Summary
	Siblings []kith.SiblingCase
	// Theirs is the saved version shown beside the user's own after a
	// conflicting save.
	Theirs []compareRow
	// Today is the council's date, to say whether a draft is overdue.
	Today kith.Date
	// Quality is what the writing coach found, once it has been asked;
	// Kept is what it found when the record was finalised.
	Quality *qualityView
	Kept    []quality.StoredFinding
	// MayDiscard: the user started this draft and may throw it away.
	MayDiscard bool
}

// compareRow is one line of the side-by-side comparison of two versions.
type compareRow struct {
	Label, Yours, Theirs string
}

// recordView loads a record for a page, with the case's identity bar.
func (s *Server) recordView(r *http.Request) (*recordPage, error) {
	v, err := s.DB.Record(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if v.Case.Reference != r.PathValue("ref") {
		return nil, kith.NotFound("Record")
	}
	h, err := s.caseFor(r, kith.ViewCase)
	if err != nil {
		return nil, err
	}
	h.Tab = "records"
	p := &recordPage{caseHeader: h, Record: v.Record, Template: v.Template, Group: v.Group, Today: calendar.DayOf(s.now())}
	p.Mentions = kith.FindNames(v.Template, v.Record.Headline, v.Record.Content, v.Group)
	if kith.DirectWorkTemplate(v.Template) && !v.Record.ContentWithheld {
		if err := s.followedAssessment(r, p); err != nil {
			return nil, err
		}
	}
	if v.Template.Summary && !v.Record.ContentWithheld {
		if p.Summary, err = s.DB.Summary(r.Context(), actorFrom(r), v.Record.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// record shows a record: the form for a draft, the locked record (with its
// addenda) otherwise.
func (s *Server) record(w http.ResponseWriter, r *http.Request) error {
	p, err := s.recordView(r)
	if err != nil {
		return err
	}
	if p.Record.Editable() {
		f, kept := s.keptForm(r)
		if !kept {
			f = newForm(nil)
			fillRecordForm(f, p.Record, p.Template)
		}
		// Typing kept as typed (a "by when" of "ASAP", a date that is not
		// real) is shown with what finalising will ask of it.
		readRecordForm(f, p.Template, recordChoices{}, s.now())
		// "Check my writing" saved the draft and came here to show what
		// the coach finds in it.
		if r.URL.Query().Get("check") != "" {
			if err := s.checkDraft(r, p, p.Record.Input()); err != nil {
				return err
			}
		}
		return s.showDraft(w, r, p, f, http.StatusOK)
	}
	p.Form = newForm(nil)
	// What the coach noticed is for learning: the writer and the case's
	// managers see it, not every reader of the record.
	if p.Record.Status == kith.RecordFinal && kith.SeesRecordFindings(actorFrom(r), p.Record.AuthorID, p.Can) {
		kept, err := s.DB.RecordFindings(r.Context(), actorFrom(r), p.Record.ID)
		if err != nil {
			return err
		}
		p.Kept = kept
	}
	s.render(w, r, http.StatusOK, "record", p.Template.Name+": "+headlineOr(p.Record), p)
	return nil
}

func headlineOr(r *kith.Record) string {
	if r.ContentWithheld {
		return "withdrawn"
	}
	if r.Headline != "" {
		return r.Headline
	}
	return "untitled draft"
}

// showDraft renders the draft form with its choices.
func (s *Server) showDraft(w http.ResponseWriter, r *http.Request, p *recordPage, f *form, status int) error {
	p.Form = f
	p.MayDiscard = kith.MayDiscard(actorFrom(r).User, p.Record)
	net, err := s.networkChoices(r, p.caseHeader)
	if err != nil {
		return err
	}
	p.People = net
	if p.Owners, err = s.ownerOptions(r, p.caseHeader); err != nil {
		return err
	}
	if p.Objectives, err = s.objectiveOptions(r, p.caseHeader); err != nil {
		return err
	}
	// An objective the draft already works on stays offered (and ticked)
	// after it is achieved or its plan ends, so saving does not unlink it.
	for _, o := range p.Record.Objectives {
		if !slices.ContainsFunc(p.Objectives, func(opt Option) bool { return opt.Value == o.ID }) {
			p.Objectives = append(p.Objectives, Option{Value: o.ID, Label: o.Title, Hint: "No longer a current objective"})
		}
	}
	if p.Template.Supervision {
		if p.Supervision, err = s.DB.Supervision(r.Context(), actorFrom(r), p.Case.Reference); err != nil {
			return err
		}
	}
	if p.Siblings, err = s.DB.RecordSiblings(r.Context(), actorFrom(r), p.Case.Reference); err != nil {
		return err
	}
	anchorRecordForm(f, p.Template, len(p.People) > 0)
	s.render(w, r, status, "record-edit", p.Template.Name+" (draft)", p)
	return nil
}

// networkChoices are the people a people section offers: the child and
// everyone currently in their network.
func (s *Server) networkChoices(r *http.Request, h caseHeader) ([]Option, error) {
	members, err := s.DB.CaseNetwork(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return nil, err
	}
	opts := []Option{{Value: h.Case.ChildID, Label: h.Child.FullName(), Hint: "The child"}}
	for _, m := range members {
		if m.Relationship.Current() {
			opts = append(opts, Option{Value: m.Person.ID, Label: m.Person.FullName(), Hint: m.Relationship.Kind.Label()})
		}
	}
	return opts, nil
}

// objectiveOptions are the current plan's objectives still being worked
// on, for a record to be linked to.
func (s *Server) objectiveOptions(r *http.Request, h caseHeader) ([]Option, error) {
	objectives, err := s.DB.CurrentObjectives(r.Context(), actorFrom(r), h.Case.Reference)
	if err != nil {
		return nil, err
	}
	var opts []Option
	for _, o := range objectives {
		opts = append(opts, Option{Value: o.ID, Label: o.Title()})
	}
	return opts, nil
}

func optionNames(opts []Option) map[string]string {
	out := make(map[string]string, len(opts))
	for _, o := range opts {
		out[o.Value] = o.Label
	}
	return out
}

// saveRecord handles the draft form's buttons: save, finalise, copy to
// other children, upload a file, and the script's autosave.
func (s *Server) saveRecord(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	p, err := s.recordView(r)
	if err != nil {
		return err
	}
	if !p.Record.Editable() {
		// The record was finalised (perhaps in another tab): what was typed
		// is shown back, so nothing is lost, with the reason it cannot be
		// saved.
		f.SetErrors(kith.Errorf(kith.ECONFLICT, "This record was finalised and can no longer be changed. What you typed is in the addendum box below: keep what is still needed and add it as an addendum."))
		typed := readRecordForm(newForm(f.Values), p.Template, recordChoices{}, s.now())
		f.Set("text", kith.PlainText(p.Template, typed.Content))
		p.Form = f
		s.render(w, r, http.StatusConflict, "record", p.Template.Name, p)
		return nil
	}
	net, err := s.networkChoices(r, p.caseHeader)
	if err != nil {
		return err
	}
	owners, err := s.ownerOptions(r, p.caseHeader)
	if err != nil {
		return err
	}
	// A character the writer cannot see (a word processor's vertical tab,
	// pasted in with the text) cannot be stored: it is taken out, the rest
	// is saved as typed, and the writer is told which answers it was in.
	removed := f.takeOutBadChars()
	in := readRecordForm(f, p.Template, recordChoices{Network: optionNames(net), Owners: optionNames(owners)}, s.now())
	a, id, action := actorFrom(r), p.Record.ID, f.Get("action")
	autosave := action == "autosave"
	in.Autosave = autosave
	for _, e := range removed {
		f.Add(e.Field, e.Message) // finalising waits until they have looked
	}
	// Typing that cannot be read yet (a "by when" of "ASAP", a date that
	// is not real) is saved as typed, like everything else: only
	// finalising refuses it. So every button saves the draft first.
	var saved *kith.Record
	switch action {
	case "regather":
		if _, err = s.DB.RegatherSummary(r.Context(), a, id, &in); err == nil {
			saved = p.Record
		}
	case "finalise":
		promptInjury(f, p.Template, in)
		if !f.HasErrors() {
			saved, err = s.DB.FinaliseRecord(r.Context(), a, id, in)
		}
		if f.HasErrors() || kith.ErrorCode(err) == kith.EINVALID {
			return s.refusedFinalise(w, r, p, f, in, err)
		}
	default:
		saved, err = s.DB.SaveDraft(r.Context(), a, id, in)
	}
	var conflict *kith.DraftConflict
	if errors.As(err, &conflict) {
		if autosave {
			return writeJSON(w, http.StatusConflict, map[string]any{"saved": false, "conflict": true, "version": conflict.Current.Version,
				"message": kith.ErrorMessage(err)})
		}
		return s.showConflict(w, r, p, f, in, conflict)
	}
	if autosave {
		if err != nil {
			return writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"saved": false, "message": kith.ErrorMessage(err), "errors": kith.ErrorFields(err)})
		}
		out := map[string]any{"saved": true, "version": saved.Version, "saved_at": saved.UpdatedAt.In(kith.London).Format("15:04:05"), "to_correct": len(f.List)}
		if len(removed) > 0 {
			out["notice"] = removed[0].Message
		}
		return writeJSON(w, http.StatusOK, out)
	}
	if err != nil {
		if f.SetErrors(err) {
			return s.showDraft(w, r, p, f, statusFor(f))
		}
		return err
	}
	// The draft is saved: anything that goes wrong from here shows it
	// again with the typing, starting from the version just saved.
	f.Set("version", itoa(saved.Version))
	p.Record = saved
	if actionID, ok := strings.CutPrefix(action, "review:"); ok && f.Get("review."+actionID+".status") == "" {
		f.Add("review."+actionID+".status", "Select whether the action is open, done or no longer needed")
		return s.showDraft(w, r, p, f, http.StatusUnprocessableEntity)
	}
	// Actions reviewed in a supervision draft are updated once the draft
	// is saved: a problem with one shows the draft again, typing kept.
	if err := s.reviewActions(r, p, f); err != nil {
		if !f.SetErrors(err) {
			return err
		}
		return s.showDraft(w, r, p, f, statusFor(f))
	}
	s.savedKept(r, f)
	base := "/cases/" + p.Case.Reference + "/records/" + id
	if strings.HasPrefix(action, "review:") {
		return s.redirect(w, r, base+"#agreed-actions", "Draft saved and actions updated")
	}
	if key, ok := strings.CutPrefix(action, "dismiss:"); ok {
		return s.dismissFinding(w, r, p, f, key, in, saved)
	}
	if actionID, ok := strings.CutPrefix(action, "redate:"); ok {
		return s.redirect(w, r, "/cases/"+p.Case.Reference+"/actions/"+url.PathEscape(actionID), "Draft saved")
	}
	switch action {
	case "regather":
		return s.redirect(w, r, base+"#facts", "Draft saved and the facts gathered again")
	case "check":
		return s.redirect(w, r, base+"?check=1#quality", "Draft saved and checked")
	case "finalise":
		if p.Template.Summary {
			return s.redirect(w, r, base, "Summary finalised. Share it with the child and family, and record what they said")
		}
		return s.redirect(w, r, base, "Record finalised. It can no longer be changed; add an addendum if something needs correcting")
	case "copy":
		return s.copyRecord(w, r, p, f)
	case "upload":
		return s.redirect(w, r, base+"/files/new", "")
	case "more":
		return s.redirect(w, r, base+"#"+url.PathEscape(f.Get("section")), "Draft saved")
	}
	msg := "Draft saved at " + saved.UpdatedAt.In(kith.London).Format("15:04")
	if len(removed) > 0 {
		msg += ". A hidden character pasted in with the text was taken out of " + plural(len(removed), "answer", "answers") + ": check they still read as you meant"
	}
	return s.redirect(w, r, base, msg)
}

// promptInjury holds back, once, the finalising of a record that
// describes an injury without "Harm or injury occurred" ticked: the tick
// makes the record due by the end of the next working day, and a writer
// who described a bruise may simply have missed it. Finalising again (the
// form then carries injury_checked) goes ahead as the writer decides.
func promptInjury(f *form, t *kith.Template, in kith.RecordInput) {
	if f.Get("injury_checked") != "" {
		return
	}
	if quote, ok := kith.InjuryPrompt(t, in); ok {
		f.Add("risk", "You wrote “"+quote+"”. If harm or an injury occurred, tick “Harm or injury occurred, or a risk was identified”: the record is then due by the end of the next working day. If not, finalise again")
		f.Set("injury_checked", "1")
	}
}

// refusedFinalise answers a finalise that could not go ahead: the draft is
// saved first, exactly as typed, then shown with everything finalising asks
// for and what the writing coach finds. Reloading the page, or leaving it,
// loses nothing.
func (s *Server) refusedFinalise(w http.ResponseWriter, r *http.Request, p *recordPage, f *form, in kith.RecordInput, refusal error) error {
	saved, err := s.DB.SaveDraft(r.Context(), actorFrom(r), p.Record.ID, in)
	var conflict *kith.DraftConflict
	if errors.As(err, &conflict) {
		return s.showConflict(w, r, p, f, in, conflict)
	} else if err != nil {
		if f.SetErrors(err) {
			return s.showDraft(w, r, p, f, statusFor(f))
		}
		return err
	}
	f.Set("version", itoa(saved.Version))
	p.Record = saved
	if refusal == nil {
		refusal = in.CheckFinal(p.Template, kith.RecordRules{Now: s.now(), YearsBack: s.DB.RecordYearsBack})
	}
	f.SetErrors(refusal)
	if err := s.checkDraft(r, p, in); err != nil && kith.ErrorCode(err) != kith.EINVALID {
		return err
	}
	return s.showDraft(w, r, p, f, http.StatusUnprocessableEntity)
}

// showConflict shows two people's versions of a draft side by side: the
// user's typing stays in the form, and the stored version is taken as the
// one they start from, so saving again replaces it knowingly.
func (s *Server) showConflict(w http.ResponseWriter, r *http.Request, p *recordPage, f *form, in kith.RecordInput, conflict *kith.DraftConflict) error {
	f.SetErrors(conflict)
	p.Theirs = compare(p.Template, in, conflict.Current)
	f.Set("version", itoa(conflict.Current.Version))
	return s.showDraft(w, r, p, f, http.StatusConflict)
}

// reviewActions updates the case's actions reviewed in a supervision
// draft: each whose answer was chosen (done or no longer needed today, or
// still open). Problems are named against the action's own fields.
func (s *Server) reviewActions(r *http.Request, p *recordPage, f *form) error {
	var v kith.Validation
	for name := range f.Values {
		rest, ok := strings.CutPrefix(name, "review.")
		actionID, isStatus := strings.CutSuffix(rest, ".status")
		if !ok || !isStatus || f.Get(name) == "" {
			continue
		}
		pre := "review." + actionID + "."
		u := kith.ActionUpdate{Status: kith.ActionStatus(f.Get(pre + "status")), Outcome: f.Raw(pre + "outcome"), Version: atoi(f.Get(pre + "version"))}
		if u.Status != kith.ActionOpen {
			u.On = today(s)
		}
		_, err := s.DB.UpdateAction(r.Context(), actorFrom(r), p.Case.Reference, actionID, u)
		if other := v.Merge(pre, err); other != nil {
			return other
		}
		if err == nil {
			// Done: the next save must not apply it again.
			f.Values.Del(pre + "status")
		}
	}
	return v.Err()
}

// copyRecord applies the saved draft to the chosen siblings.
func (s *Server) copyRecord(w http.ResponseWriter, r *http.Request, p *recordPage, f *form) error {
	copies, err := s.DB.CopyDraft(r.Context(), actorFrom(r), p.Record.ID, f.All("children"))
	if err != nil {
		if f.SetErrors(err) {
			v, verr := s.recordView(r)
			if verr != nil {
				return verr
			}
			fillRecordForm(f, v.Record, v.Template)
			return s.showDraft(w, r, v, f, http.StatusUnprocessableEntity)
		}
		return err
	}
	refs := make([]string, len(copies))
	for i, c := range copies {
		refs[i] = c.CaseReference
	}
	return s.redirect(w, r, "/cases/"+p.Case.Reference+"/records/"+p.Record.ID,
		"Copied to "+strings.Join(refs, ", ")+". Check each copy: it must only say what is about that child")
}

// compare lists the fields where the user's version and the saved one
// differ, for the conflict page.
func compare(t *kith.Template, yours kith.RecordInput, theirs *kith.Record) []compareRow {
	var out []compareRow
	a, b := recordParts(t, yours), recordParts(t, theirs.Input())
	for i := range a {
		if a[i].Text != b[i].Text {
			out = append(out, compareRow{Label: a[i].Label, Yours: a[i].Text, Theirs: b[i].Text})
		}
	}
	return out
}

// recordPart is one part of a record as plain text, to compare versions.
type recordPart struct {
	Label, Text string
}

// recordParts is a record's headline, time, place and each section of its
// template as plain text, always the same parts in the same order, with
// typing that could not be read shown as typed.
func recordParts(t *kith.Template, in kith.RecordInput) []recordPart {
	when := formatDateTime(in.OccurredAt)
	if typed := typedLine(in.Typed, "occurred"); typed != "" {
		when = typed + " (as typed)"
	}
	out := []recordPart{{t.Headline.Label, in.Headline}, {"When it happened", when}, {"Location", in.Location}}
	for _, s := range t.Sections {
		one := &kith.Template{Sections: []kith.Section{s}}
		text := strings.TrimSpace(strings.TrimPrefix(kith.PlainText(one, kith.RecordContent{s.Key: in.Content[s.Key]}), s.Label+": "))
		if typed := typedLine(in.Typed, s.Field()); typed != "" {
			text = typed + " (as typed)"
		}
		out = append(out, recordPart{s.Label, text})
	}
	return out
}

// typedLine is what was typed into a date field's boxes, as one line.
func typedLine(typed map[string]string, field string) string {
	var parts []string
	for _, suffix := range []string{"-day", "-month", "-year", "-time"} {
		if v := typed[field+suffix]; v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// newRecordPage offers the kinds of record to start.
type newRecordPage struct {
	formPage
	caseHeader
	Templates []*kith.Template
}

func (s *Server) newRecordForm(w http.ResponseWriter, r *http.Request) error {
	return s.showNewRecord(w, r, newForm(nil), http.StatusOK)
}

func (s *Server) showNewRecord(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	h, err := s.caseFor(r, kith.EditCase)
	if err != nil {
		return err
	}
	h.Tab = "records"
	all, err := s.DB.Templates(r.Context())
	if err != nil {
		return err
	}
	var ts []*kith.Template
	for _, t := range all {
		if t.MayWrite(actorFrom(r).User) {
			ts = append(ts, t)
		}
	}
	s.render(w, r, status, "record-new", "Start a record", newRecordPage{formPage: formPage{Form: f}, caseHeader: h, Templates: ts})
	return nil
}

func (s *Server) newRecord(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	key := f.Get("template")
	if key == sqldb.SummaryTemplate {
		return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/summaries/new", "")
	}
	if key == "" {
		f.Add("template", "Select the kind of record")
		return s.showNewRecord(w, r, f, http.StatusUnprocessableEntity)
	}
	d, err := s.DB.CreateDraft(r.Context(), actorFrom(r), r.PathValue("ref"), kith.RecordInput{TemplateKey: key})
	if err != nil {
		if f.SetErrors(err) {
			return s.showNewRecord(w, r, f, http.StatusUnprocessableEntity)
		}
		return err
	}
	return s.redirect(w, r, "/cases/"+d.CaseReference+"/records/"+d.ID, "")
}

// addAddendum adds a note to a final record.
func (s *Server) addAddendum(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if !f.HasErrors() {
		err = s.DB.AddAddendum(r.Context(), actorFrom(r), r.PathValue("id"), f.Raw("text"))
	}
	if f.HasErrors() || err != nil {
		if err != nil && !f.SetErrors(err) {
			return err
		}
		p, perr := s.recordView(r)
		if perr != nil {
			return perr
		}
		p.Form = f
		s.render(w, r, statusFor(f), "record", p.Template.Name, p)
		return nil
	}
	s.savedKept(r, f)
	return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/records/"+r.PathValue("id"), "Addendum added")
}

// withdrawForm asks a manager why a record is being withdrawn.
func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.recordView(r)
	if err != nil {
		return err
	}
	if !p.Can.Manage {
		return kith.Errorf(kith.EFORBIDDEN, "Only a manager of the case can withdraw a record.")
	}
	p.Form = newForm(nil)
	s.render(w, r, http.StatusOK, "record-withdraw", "Withdraw a record", p)
	return nil
}

func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(w, r)
	if err != nil {
		return err
	}
	if !f.HasErrors() {
		err = s.DB.WithdrawRecord(r.Context(), actorFrom(r), r.PathValue("id"), f.Raw("reason"))
	}
	if f.HasErrors() || err != nil {
		if err != nil && !f.SetErrors(err) {
			return err
		}
		p, perr := s.recordView(r)
		if perr != nil {
			return perr
		}
		if !p.Can.Manage {
			return kith.Errorf(kith.EFORBIDDEN, "Only a manager of the case can withdraw a record.")
		}
		p.Form = f
		s.render(w, r, statusFor(f), "record-withdraw", "Withdraw a record", p)
		return nil
	}
	return s.redirect(w, r, "/cases/"+r.PathValue("ref")+"/records", "Record withdrawn. The running record shows that it was withdrawn, by whom and why")
}

// anchorRecordForm points the error summary's links at fields that take
// focus: the day of a date, the first tick box of a people section (or
// its "anyone else" box when there is nobody to tick), and the first box
// of an actions or attendance section.
func anchorRecordForm(f *form, t *kith.Template, people bool) {
	f.dateFields["occurred"] = true
	for _, sec := range t.Sections {
		name := sec.Field()
		switch sec.Kind {
		case kith.SectionDateTime:
			f.dateFields[name] = true
		case kith.SectionPeople:
			if people {
				f.AnchorTo(name, name+".people")
			} else {
				f.AnchorTo(name, name+".others")
			}
		case kith.SectionActions:
			f.AnchorTo(name, name+".0.what")
		case kith.SectionAttendance:
			f.AnchorTo(name, name+".0.name")
		}
	}
}

// followedAssessment finds the assessment a session of direct work
// follows: the latest authorised by the day of the session (or today, for
// a draft not yet dated).
func (s *Server) followedAssessment(r *http.Request, p *recordPage) error {
	all, err := s.DB.Assessments(r.Context(), actorFrom(r), p.Case.Reference)
	if err != nil {
		return err
	}
	on := p.Today
	if !p.Record.OccurredAt.IsZero() {
		on = kith.DateOf(p.Record.OccurredAt.In(kith.London))
	}
	if a, ok := kith.AssessmentFor(all, on); ok {
		p.Assessment = &a
	}
	p.AssessmentShown = true
	return nil
}
