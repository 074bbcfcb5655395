package web

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"kith"
	"kith/sqldb"
)

// The running record's JSON API: templates, drafts saved with versions,
// finalising, addenda, withdrawal, the running record itself, full-text
// search and attachments. Storage checks access and audits every call; the
// handlers here only translate between JSON and the domain.

// The JSON shapes of the running record.
type (
	// timeText is a time in a request body, in RFC 3339 form. It is read as
	// text so that a malformed time is answered with the field it is in.
	timeText string

	newRecordJSON struct {
		Template      string             `json:"template"`
		Headline      string             `json:"headline,omitempty"`
		OccurredAt    timeText           `json:"occurred_at,omitempty"`
		OccurredUntil timeText           `json:"occurred_until,omitempty"`
		Location      string             `json:"location,omitempty"`
		Significant   *bool              `json:"significant,omitempty"`
		Risk          bool               `json:"risk_identified,omitempty"`
		Content       kith.RecordContent `json:"content,omitempty"`
		Objectives    []string           `json:"objective_ids,omitempty"`
	}
	draftSaveJSON struct {
		Version       int                `json:"version"`
		Headline      string             `json:"headline"`
		OccurredAt    timeText           `json:"occurred_at"`
		OccurredUntil timeText           `json:"occurred_until,omitempty"`
		Location      string             `json:"location"`
		Significant   bool               `json:"significant"`
		Risk          bool               `json:"risk_identified"`
		Content       kith.RecordContent `json:"content"`
		// Objectives replaces the plan objectives the record works on;
		// leave it out to keep them as they are.
		Objectives []string `json:"objective_ids,omitempty"`
		// Typed is what was typed into the web form's date and time boxes
		// that cannot be read yet, by field name, as the record gives it.
		// Send it back to keep it; finalising refuses a record with any.
		Typed map[string]string `json:"typed,omitempty"`
	}
	addendumInputJSON struct {
		Text string `json:"text"`
	}
	withdrawalInputJSON struct {
		Reason string `json:"reason"`
	}
	discardInputJSON struct {
		// Version is the draft's version when you read it: if someone
		// saved it since, nothing is discarded (409).
		Version int `json:"version"`
	}

	recordJSON struct {
		ID              string              `json:"id"`
		CaseID          string              `json:"case_id"`
		CaseReference   string              `json:"case_reference"`
		GroupID         string              `json:"group_id,omitempty"`
		Template        string              `json:"template"`
		TemplateVersion int                 `json:"template_version"`
		TemplateName    string              `json:"template_name"`
		Status          kith.RecordStatus   `json:"status"`
		Version         int                 `json:"version"`
		Headline        string              `json:"headline"`
		OccurredAt      *time.Time          `json:"occurred_at,omitempty"`
		OccurredUntil   *time.Time          `json:"occurred_until,omitempty"`
		Location        string              `json:"location"`
		Significant     bool                `json:"significant"`
		Risk            bool                `json:"risk_identified"`
		Content         kith.RecordContent  `json:"content"`
		Objectives      []kith.ObjectiveRef `json:"objectives"`
		AuthorID        string              `json:"author_id"`
		AuthorName      string              `json:"author_name"`
		CreatedAt       time.Time           `json:"created_at"`
		UpdatedAt       time.Time           `json:"updated_at"`
		LastSavedBy     string              `json:"last_saved_by"`
		FinalisedAt     *time.Time          `json:"finalised_at,omitempty"`
		ContentHash     string              `json:"content_hash,omitempty"`
		Withdrawal      *withdrawalJSON     `json:"withdrawal,omitempty"`
		// ContentWithheld: the record was withdrawn and you are not one of
		// the case's managers, so it holds only its withdrawal notice: no
		// headline, place, content, addenda or files (its versions and
		// findings answer 403).
		ContentWithheld bool `json:"content_withheld,omitempty"`
		// Typed (drafts only): what was typed into the web form's date and
		// time boxes that cannot be read yet, kept exactly as typed.
		Typed map[string]string `json:"typed,omitempty"`
		// Read with GET /api/v1/records/{id} only.
		Timeliness   *kith.RecordTimeliness `json:"timeliness,omitempty"`
		Integrity    *integrityJSON         `json:"integrity,omitempty"`
		Addenda      []addendumJSON         `json:"addenda,omitzero"`
		Attachments  []attachmentJSON       `json:"attachments,omitzero"`
		Group        []groupCopyJSON        `json:"group,omitzero"`
		NameMentions []nameMentionJSON      `json:"name_mentions,omitzero"`
		Permissions  *kith.CasePermissions  `json:"permissions,omitempty"`
	}
	// integrityJSON is whether a final record is as it was finalised,
	// checked as it was read.
	integrityJSON struct {
		Unchanged bool      `json:"unchanged"`
		CheckedAt time.Time `json:"checked_at"`
		// Problems say what differs, when something does.
		Problems []string `json:"problems"`
		// ChainEntry and LinkHash are its entry in the record chain (0 and
		// empty while it waits to join it).
		ChainEntry int64  `json:"chain_entry"`
		LinkHash   string `json:"link_hash"`
	}
	withdrawalJSON struct {
		At     time.Time `json:"at"`
		By     string    `json:"by"`
		Reason string    `json:"reason"`
	}
	addendumJSON struct {
		ID         string    `json:"id"`
		Text       string    `json:"text"`
		AuthorName string    `json:"author_name"`
		CreatedAt  time.Time `json:"created_at"`
	}
	attachmentJSON struct {
		ID          string `json:"id"`
		RecordID    string `json:"record_id"`
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
		SHA256      string `json:"sha256"`
		Description string `json:"description"`
		// AltText describes a picture for someone who cannot see it
		// (every image has one; empty for other files).
		AltText      string    `json:"alt_text,omitempty"`
		ReceivedOn   kith.Date `json:"received_on"`
		ProvidedBy   string    `json:"provided_by"`
		ProvidedRole string    `json:"provided_role,omitempty"`
		UploadedBy   string    `json:"uploaded_by"`
		UploadedAt   time.Time `json:"uploaded_at"`
		Download     string    `json:"download"`
	}
	groupCopyJSON struct {
		RecordID      string            `json:"record_id"`
		CaseReference string            `json:"case_reference"`
		ChildName     string            `json:"child_name"`
		Status        kith.RecordStatus `json:"status"`
	}
	nameMentionJSON struct {
		Section   string `json:"section"`
		Name      string `json:"name"`
		ChildName string `json:"child_name"`
	}
	conflictProblemJSON struct {
		Type      string      `json:"type"`
		Title     string      `json:"title"`
		Status    int         `json:"status"`
		Detail    string      `json:"detail"`
		RequestID string      `json:"request_id,omitempty"`
		Current   *recordJSON `json:"current,omitempty"`
	}

	recordRowJSON struct {
		ID              string            `json:"id"`
		CaseReference   string            `json:"case_reference"`
		Template        string            `json:"template"`
		TemplateVersion int               `json:"template_version"`
		TemplateName    string            `json:"template_name"`
		Headline        string            `json:"headline"`
		OccurredAt      *time.Time        `json:"occurred_at,omitempty"`
		AuthorName      string            `json:"author_name"`
		Status          kith.RecordStatus `json:"status"`
		Significant     bool              `json:"significant"`
		FinalisedAt     *time.Time        `json:"finalised_at,omitempty"`
		WorkingDaysLate int               `json:"working_days_late,omitempty"`
	}
	runningRecordJSON struct {
		CaseReference string              `json:"case_reference"`
		Records       []recordRowJSON     `json:"records"`
		Next          string              `json:"next,omitempty"`
		Drafts        []recordRowJSON     `json:"drafts"`
		Withdrawn     []withdrawnNoteJSON `json:"withdrawn"`
		Authors       []recordAuthorJSON  `json:"authors"`
	}
	withdrawnNoteJSON struct {
		ID         string    `json:"id"`
		Template   string    `json:"template"`
		OccurredAt time.Time `json:"occurred_at"`
		AuthorName string    `json:"author_name"`
		At         time.Time `json:"withdrawn_at"`
		By         string    `json:"withdrawn_by"`
		Reason     string    `json:"reason"`
	}
	recordAuthorJSON struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	myDraftJSON struct {
		recordRowJSON
		ChildName string    `json:"child_name"`
		UpdatedAt time.Time `json:"updated_at"`
		DueBy     kith.Date `json:"due_by,omitzero"`
	}
	myDraftsJSON struct {
		Drafts []myDraftJSON `json:"drafts"`
	}
	recordVersionJSON struct {
		Version    int                `json:"version"`
		SavedAt    time.Time          `json:"saved_at"`
		SavedBy    string             `json:"saved_by"`
		Headline   string             `json:"headline"`
		OccurredAt *time.Time         `json:"occurred_at,omitempty"`
		Content    kith.RecordContent `json:"content"`
	}
	recordVersionsJSON struct {
		RecordID string              `json:"record_id"`
		Versions []recordVersionJSON `json:"versions"`
	}
	recordHitJSON struct {
		recordRowJSON
		ChildName  string   `json:"child_name"`
		Snippet    string   `json:"snippet"`
		Highlights [][2]int `json:"highlights"`
	}
	recordSearchJSON struct {
		Query      string          `json:"query"`
		Hits       []recordHitJSON `json:"hits"`
		More       bool            `json:"more"`
		NextOffset int             `json:"next_offset,omitempty"`
		// DidYouMean is a corrected query that finds records for the
		// caller, offered when the search found nothing or very little.
		DidYouMean string `json:"did_you_mean,omitempty"`
	}
	templatesJSON struct {
		Templates []*kith.Template `json:"templates"`
	}

	// attachmentUploadForm describes the multipart/form-data body of an
	// upload, for the OpenAPI document.
	attachmentUploadForm struct {
		File        binaryData `json:"file"`
		Description string     `json:"description"`
		// AltText is needed when the file is a picture (JPEG, PNG, GIF or
		// WebP, by its content): what it shows, for someone who cannot
		// see it.
		AltText      string    `json:"alt_text,omitempty"`
		ReceivedOn   kith.Date `json:"received_on"`
		ProvidedBy   string    `json:"provided_by"`
		ProvidedRole string    `json:"provided_role,omitempty"`
	}
	// attachmentFile is a file's bytes, served with its stored type.
	attachmentFile struct{}
)

func (attachmentUploadForm) mediaType() string { return "multipart/form-data" }
func (attachmentFile) mediaType() string       { return "*/*" }

// Query parameters of the running record.
var (
	runningRecordParams = []param{
		{"template", "string", "Only records on this template (its key, like home-visit)"},
		{"author", "string", "Only records written by this user (their id)"},
		{"from", "string", "Only records of things that happened on or after this date (YYYY-MM-DD)"},
		{"to", "string", "Only records of things that happened on or before this date (YYYY-MM-DD)"},
		{"significant", "boolean", "Only significant events"},
		{"cursor", "string", "The next value of the previous page, to read the page after it"},
		{"limit", "integer", "At most this many records (1–200, default 50)"},
	}
	recordSearchParams = []param{
		{"q", "string", `Words that must all appear; "a phrase" to appear as written; -word to exclude`},
		{"template", "string", "Only records on this template (its key)"},
		{"from", "string", "Only records of things that happened on or after this date (YYYY-MM-DD)"},
		{"to", "string", "Only records of things that happened on or before this date (YYYY-MM-DD)"},
		{"case", "string", "Only this case's records (its reference)"},
		{"offset", "integer", "Skip this many hits (the next_offset of the previous page)"},
		{"limit", "integer", "At most this many hits (1–100, default 20)"},
	}
)

// routeDocs adds to the OpenAPI operations what the route table does not
// say: a description, a 201 answer and the body of a richer 409.
var routeDocs = map[string]routeDoc{
	"POST /api/v1/cases/{ref}/records": {created: true, description: "Starts a draft on the newest version of the template. " +
		"Times are RFC 3339. content holds the answers by section key, in the shape of the template's sections " +
		"(text, answer and reason, people and others, actions, files); a key the template does not have is refused. " +
		"significant defaults to the template's setting. Field errors name the JSON path: content.<key> for a section, " +
		"content.<key>.reason for the reason a yes/no answer needs, content.<key>.actions.<n>.by for an agreed action's date (YYYY-MM-DD)."},
	"GET /api/v1/records/{id}": {description: "The record with its addenda, attachments, the other children's copies when it was written " +
		"for several children (and where their names appear in this copy), and what you may do to its case. " +
		"Text is returned exactly as stored: it is plain text, never HTML, and must be escaped when shown. " +
		"A withdrawn record (written on the wrong child's file) is read in full only by the case's team and service managers; " +
		"to everyone else it is its notice alone (content_withheld is true: no headline, location, content, addenda, attachments " +
		"or fingerprint), and its versions, findings and files are refused."},
	"GET /api/v1/records/{id}/versions": {description: "Every saved version of a record, newest first, with what it said. " +
		"A withdrawn record's versions are for the case's managers only: anyone else gets 403."},
	"PUT /api/v1/records/{id}/draft": {conflict: conflictProblemJSON{}, description: "Saves the whole draft as a new version. " +
		"version must be the version you started from: if someone saved since, nothing is overwritten and the answer is 409 " +
		"with the stored record in current, to compare and save again with its version. Saving what is stored changes nothing. " +
		"A final or withdrawn record answers 409: add an addendum instead. An answer for a section the record's template does not have is refused " +
		"(422, naming content.<key>), never dropped. An empty occurred_at (or none) saves the draft with no time yet."},
	"POST /api/v1/records/{id}/finalise": {conflict: conflictProblemJSON{}, description: "Saves the draft (as PUT …/draft does) and locks it: " +
		"every required section and every reason asked for must be given, or the answer is 422 naming each field by its JSON path " +
		"(content.child_seen_alone.reason). A final record cannot be changed; add an addendum to correct it."},
	"POST /api/v1/records/{id}/addenda": {description: "Adds a dated, attributed note to a final record: the only way to correct or add to it."},
	"POST /api/v1/records/{id}/withdraw": {description: "Takes a final record out of the running record because it was written on the wrong child's file " +
		"(team and service managers). The case keeps a notice of who withdrew it and why; from then on only the case's managers " +
		"read what it said (see GET /api/v1/records/{id})."},
	"GET /api/v1/cases/{ref}/records": {description: "The case's final records, newest first, a page at a time: pass next back as cursor " +
		"for the following page (next is absent on the last page). drafts lists the case's drafts for those who may edit it; " +
		"withdrawn lists notices of withdrawn records."},
	"GET /api/v1/records/search": {description: "Searches the final records of every case you may see. snippet is plain text around the " +
		"matching words; highlights lists each match as [start, end) offsets into snippet, counted in Unicode code points " +
		"(Array.from(snippet) in JavaScript). Pass next_offset back as offset for more. When the search finds nothing or very little, " +
		"did_you_mean may offer the query with misspelt words replaced by words of the council's own records; it is only offered " +
		"when it finds records you may see (run it as q, with the same filters)."},
	"POST /api/v1/records/{id}/attachments": {created: true, description: "Uploads a file to a draft as multipart/form-data. " +
		"The file must be at most 25 MB and a " + kith.AllowedFileTypes + " whose content matches its name; a photo or scan " +
		"(JPEG, PNG, GIF, WebP or PDF) is taken as what its content is, whatever its name says. A picture needs alt_text, " +
		"which describes it for someone who cannot see it."},
	"GET /api/v1/attachments/{id}": {description: "The file's bytes with its stored content type (X-Content-Type-Options: nosniff), as a download (Content-Disposition: attachment). " +
		"Repr-Digest carries its SHA-256."},
}

// recordField names a domain field by the JSON path of the API body:
// sections (s.child_views) are under content, occurred is occurred_at.
func recordField(f kith.FieldError) string {
	if rest, ok := strings.CutPrefix(f.Field, "s."); ok {
		return "content." + rest
	}
	switch f.Field {
	case "occurred":
		return "occurred_at"
	case "until":
		return "occurred_until"
	case "received":
		return "received_on"
	case "alt":
		return "alt_text"
	case "headline":
		if strings.HasPrefix(f.Message, "This record is too long") {
			return "content"
		}
	}
	return f.Field
}

// recordProblem renames the fields of a validation error to JSON paths.
func recordProblem(err error) error {
	var e *kith.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]kith.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out.Fields[i] = kith.FieldError{Field: recordField(f), Message: f.Message}
	}
	return &out
}

func fieldProblem(field, message string) error {
	return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: field, Message: message}}}
}

// checkActionDates refuses an agreed action's "by" that is a date before
// 1900 and, when the record is being finalised, one that is not a real
// date (a draft keeps what cannot be read yet, as it does for the form),
// naming the action by its own path: content.actions.actions.0.by.
// Finalising checks the same rule in storage, but can name only the
// section: blank rows are gone by the time it looks.
func checkActionDates(content kith.RecordContent, final bool) error {
	var v kith.Validation
	for _, key := range slices.Sorted(maps.Keys(content)) {
		for i, a := range content[key].Actions {
			by := strings.TrimSpace(a.By)
			if by == "" {
				continue
			}
			path := "content." + key + ".actions." + strconv.Itoa(i) + ".by"
			if d, err := kith.ParseISODate(by); err != nil && final {
				v.Add(path, path+" must be a real date in the form YYYY-MM-DD, like 2026-03-27")
			} else if err == nil && d.TooEarly() {
				v.Add(path, path+" must be "+strconv.Itoa(kith.EarliestYear)+"-01-01 or later")
			}
		}
	}
	return v.Err()
}

// parseTimes reads the RFC 3339 times of a body; "" is not (yet) given.
func parseTimes(at, until timeText) (time.Time, *time.Time, error) {
	var v kith.Validation
	parse := func(field string, s timeText) *time.Time {
		if s == "" {
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, string(s))
		if err != nil {
			v.Add(field, "Must be a time in RFC 3339 form, like 2026-11-23T09:30:00Z")
			return nil
		}
		return &t
	}
	var occurred time.Time
	if t := parse("occurred_at", at); t != nil {
		occurred = *t
	}
	return occurred, parse("occurred_until", until), v.Err()
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func recordOut(r *kith.Record) *recordJSON {
	out := &recordJSON{ID: r.ID, CaseID: r.CaseID, CaseReference: r.CaseReference, GroupID: r.GroupID, Template: r.TemplateKey,
		TemplateVersion: r.TemplateVersion, TemplateName: r.TemplateName, Status: r.Status, Version: r.Version, Headline: r.Headline,
		OccurredAt: optTime(r.OccurredAt), OccurredUntil: r.OccurredUntil, Location: r.Location, Significant: r.Significant,
		Risk: r.RiskIdentified, Timeliness: r.Timeliness, Content: r.Content, AuthorID: r.AuthorID, AuthorName: r.AuthorName, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		LastSavedBy: r.LastSavedBy, FinalisedAt: r.FinalisedAt, ContentHash: r.ContentHash, Objectives: r.Objectives, Typed: r.Typed,
		ContentWithheld: r.ContentWithheld}
	if out.Objectives == nil {
		out.Objectives = []kith.ObjectiveRef{}
	}
	if in := r.Integrity; in != nil {
		out.Integrity = &integrityJSON{Unchanged: in.Unchanged(), CheckedAt: in.Checked, Problems: in.Problems, ChainEntry: in.Seq, LinkHash: in.LinkHash}
		if out.Integrity.Problems == nil {
			out.Integrity.Problems = []string{}
		}
	}
	if out.Content == nil {
		out.Content = kith.RecordContent{}
	}
	if r.WithdrawnAt != nil {
		out.Withdrawal = &withdrawalJSON{At: *r.WithdrawnAt, By: r.WithdrawnByName, Reason: r.WithdrawReason}
	}
	return out
}

func recordViewOut(v *sqldb.RecordView) *recordJSON {
	out := recordOut(v.Record)
	out.Addenda, out.Attachments, out.Group, out.NameMentions = []addendumJSON{}, []attachmentJSON{}, []groupCopyJSON{}, []nameMentionJSON{}
	for _, ad := range v.Record.Addenda {
		out.Addenda = append(out.Addenda, addendumJSON{ID: ad.ID, Text: ad.Text, AuthorName: ad.AuthorName, CreatedAt: ad.CreatedAt})
	}
	for _, at := range v.Record.Attachments {
		out.Attachments = append(out.Attachments, attachmentOut(&at))
	}
	for _, g := range v.Group {
		out.Group = append(out.Group, groupCopyJSON{RecordID: g.RecordID, CaseReference: g.CaseReference, ChildName: g.ChildName, Status: g.Status})
	}
	if len(v.Group) > 0 {
		for _, m := range kith.FindNames(v.Template, v.Record.Headline, v.Record.Content, v.Group) {
			out.NameMentions = append(out.NameMentions, nameMentionJSON{Section: m.Section, Name: m.Name, ChildName: m.ChildName})
		}
	}
	can := v.Can
	out.Permissions = &can
	return out
}

func attachmentOut(at *kith.Attachment) attachmentJSON {
	return attachmentJSON{ID: at.ID, RecordID: at.RecordID, Filename: kith.ShowHidden(at.Filename), ContentType: at.ContentType, Size: at.Size, SHA256: at.SHA256,
		Description: at.Description, AltText: at.AltText, ReceivedOn: at.ReceivedOn, ProvidedBy: at.ProvidedBy, ProvidedRole: at.ProvidedRole,
		UploadedBy: at.UploadedBy, UploadedAt: at.UploadedAt, Download: "/api/v1/attachments/" + at.ID}
}

func rowOut(r kith.RecordRow) recordRowJSON {
	return recordRowJSON{ID: r.ID, CaseReference: r.CaseReference, Template: r.TemplateKey, TemplateVersion: r.TemplateVersion,
		TemplateName: r.TemplateName, Headline: r.Headline, OccurredAt: optTime(r.OccurredAt), AuthorName: r.AuthorName,
		Status: r.Status, Significant: r.Significant, FinalisedAt: r.FinalisedAt, WorkingDaysLate: r.WorkingDaysLate}
}

func rowsOut(rows []kith.RecordRow) []recordRowJSON {
	out := make([]recordRowJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, rowOut(r))
	}
	return out
}

// writeConflict answers a stale save: a problem with the stored record in
// its current member, so the client can compare and save again.
func (s *Server) writeConflict(w http.ResponseWriter, r *http.Request, c *kith.DraftConflict) error {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusConflict)
	return json.NewEncoder(w).Encode(conflictProblemJSON{Type: "https://kith.invalid/problems/conflict", Title: http.StatusText(http.StatusConflict),
		Status: http.StatusConflict, Detail: kith.ErrorMessage(c), RequestID: requestID(r), Current: recordOut(c.Current)})
}

// Templates

func (s *Server) apiTemplates(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.DB.Templates(r.Context())
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*kith.Template{}
	}
	return writeJSON(w, http.StatusOK, templatesJSON{Templates: ts})
}

func (s *Server) apiTemplate(w http.ResponseWriter, r *http.Request) error {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return kith.NotFound("Template")
	}
	t, err := s.DB.Template(r.Context(), r.PathValue("key"), v)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// Drafts and records

func (s *Server) apiCreateRecord(w http.ResponseWriter, r *http.Request) error {
	var body newRecordJSON
	if err := decode(w, r, &body); err != nil {
		return err
	}
	occurred, until, err := parseTimes(body.OccurredAt, body.OccurredUntil)
	if err != nil {
		return err
	}
	if err := checkActionDates(body.Content, false); err != nil {
		return err
	}
	in := kith.RecordInput{TemplateKey: body.Template, Headline: body.Headline, OccurredAt: occurred, OccurredUntil: until,
		Location: body.Location, RiskIdentified: body.Risk, Content: body.Content, Objectives: body.Objectives}
	if in.Content == nil {
		// An empty, non-nil content keeps storage from replacing the
		// significance the client chose with the template's default.
		in.Content = kith.RecordContent{}
	}
	// Significance defaults from the template. (Answers for sections it
	// lacks are refused by storage, on create and on every save.)
	if t, err := s.DB.Template(r.Context(), body.Template, 0); err == nil {
		in.Significant = t.Significant
	}
	if body.Significant != nil {
		in.Significant = *body.Significant
	}
	rec, err := s.DB.CreateDraft(r.Context(), actorFrom(r), r.PathValue("ref"), in)
	if err != nil {
		return recordProblem(err)
	}
	return created(w, "/api/v1/records/"+rec.ID, recordOut(rec))
}

func (s *Server) apiRecord(w http.ResponseWriter, r *http.Request) error {
	v, err := s.DB.Record(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recordViewOut(v))
}

// draftInput reads a save or (final) finalise body.
func draftInput(w http.ResponseWriter, r *http.Request, final bool) (kith.RecordInput, error) {
	var body draftSaveJSON
	if err := decode(w, r, &body); err != nil {
		return kith.RecordInput{}, err
	}
	if body.Version < 1 {
		return kith.RecordInput{}, fieldProblem("version", "Send the version of the record you started from (its version when you read it)")
	}
	occurred, until, err := parseTimes(body.OccurredAt, body.OccurredUntil)
	if err != nil {
		return kith.RecordInput{}, err
	}
	if err := checkActionDates(body.Content, final); err != nil {
		return kith.RecordInput{}, err
	}
	return kith.RecordInput{Headline: body.Headline, OccurredAt: occurred, OccurredUntil: until, Location: body.Location,
		Significant: body.Significant, RiskIdentified: body.Risk, Content: body.Content, Version: body.Version, Objectives: body.Objectives,
		Typed: body.Typed}, nil
}

// apiWriteDraft saves (or, final, finalises) a draft, answering a stale
// version with the stored record.
func (s *Server) apiWriteDraft(final bool, write func(r *http.Request, id string, in kith.RecordInput) (*kith.Record, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		in, err := draftInput(w, r, final)
		if err != nil {
			return err
		}
		rec, err := write(r, r.PathValue("id"), in)
		var conflict *kith.DraftConflict
		if errors.As(err, &conflict) {
			return s.writeConflict(w, r, conflict)
		} else if err != nil {
			return recordProblem(err)
		}
		return writeJSON(w, http.StatusOK, recordOut(rec))
	}
}

func (s *Server) apiAddAddendum(w http.ResponseWriter, r *http.Request) error {
	var body addendumInputJSON
	if err := decode(w, r, &body); err != nil {
		return err
	}
	if err := s.DB.AddAddendum(r.Context(), actorFrom(r), r.PathValue("id"), body.Text); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiWithdrawRecord(w http.ResponseWriter, r *http.Request) error {
	var body withdrawalInputJSON
	if err := decode(w, r, &body); err != nil {
		return err
	}
	if err := s.DB.WithdrawRecord(r.Context(), actorFrom(r), r.PathValue("id"), body.Reason); err != nil {
		return err
	}
	return noContent(w)
}

// apiDiscardDraft throws away a draft its writer started.
func (s *Server) apiDiscardDraft(w http.ResponseWriter, r *http.Request) error {
	var body discardInputJSON
	if err := decode(w, r, &body); err != nil {
		return err
	}
	if body.Version < 1 {
		return fieldProblem("version", "Send the version of the draft you read, so nothing saved since is discarded unseen")
	}
	_, err := s.DB.DiscardDraft(r.Context(), actorFrom(r), r.PathValue("id"), body.Version)
	var conflict *kith.DraftConflict
	if errors.As(err, &conflict) {
		return s.writeConflict(w, r, conflict)
	} else if err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiRecordVersions(w http.ResponseWriter, r *http.Request) error {
	_, versions, err := s.DB.RecordVersions(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := recordVersionsJSON{RecordID: r.PathValue("id"), Versions: []recordVersionJSON{}}
	for _, v := range versions {
		c := v.Content
		if c == nil {
			c = kith.RecordContent{}
		}
		out.Versions = append(out.Versions, recordVersionJSON{Version: v.Version, SavedAt: v.SavedAt, SavedBy: v.SavedBy,
			Headline: v.Headline, OccurredAt: optTime(v.OccurredAt), Content: c})
	}
	return writeJSON(w, http.StatusOK, out)
}

// Lists

// queryDates reads the from and to parameters.
func queryDates(r *http.Request) (from, to kith.Date, err error) {
	var v kith.Validation
	read := func(name string) kith.Date {
		s := r.URL.Query().Get(name)
		if s == "" {
			return kith.Date{}
		}
		d, err := kith.ParseISODate(s)
		if err != nil {
			v.Add(name, "Must be a real date in the form YYYY-MM-DD, like 2026-03-27")
		}
		return d
	}
	from, to = read("from"), read("to")
	if err := v.Err(); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, fieldProblem("to", "Must be the same as or after from")
	}
	return from, to, nil
}

func (s *Server) apiRunningRecord(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, to, err := queryDates(r)
	if err != nil {
		return err
	}
	cursor := q.Get("cursor")
	if cursor != "" {
		// A cursor is only ever one Kith gave out: a bad one would quietly
		// start again from the first page.
		at, id, ok := strings.Cut(cursor, "_")
		_, terr := time.Parse(time.RFC3339Nano, at)
		if _, uerr := uuid.Parse(id); !ok || terr != nil || uerr != nil {
			return fieldProblem("cursor", "Pass the next value of the previous page unchanged")
		}
	}
	c, rr, err := s.DB.RunningRecord(r.Context(), actorFrom(r), r.PathValue("ref"), kith.RecordFilter{
		TemplateKey: q.Get("template"), AuthorID: q.Get("author"), From: from, To: to,
		SignificantOnly: q.Get("significant") == "true", Before: cursor, Limit: queryInt(r, "limit", 50)})
	if err != nil {
		return err
	}
	out := runningRecordJSON{CaseReference: c.Reference, Records: rowsOut(rr.Rows), Next: rr.Next, Drafts: rowsOut(rr.Drafts),
		Withdrawn: []withdrawnNoteJSON{}, Authors: []recordAuthorJSON{}}
	for _, wd := range rr.Withdrawn {
		n := withdrawnNoteJSON{ID: wd.ID, Template: wd.TemplateKey, OccurredAt: wd.OccurredAt, AuthorName: wd.AuthorName,
			By: wd.WithdrawnByName, Reason: wd.WithdrawReason}
		if wd.WithdrawnAt != nil {
			n.At = *wd.WithdrawnAt
		}
		out.Withdrawn = append(out.Withdrawn, n)
	}
	for _, u := range rr.Authors {
		out.Authors = append(out.Authors, recordAuthorJSON{ID: u.ID, Name: u.DisplayName})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiMyDrafts(w http.ResponseWriter, r *http.Request) error {
	drafts, err := s.DB.MyDrafts(r.Context(), actorFrom(r))
	if err != nil {
		return err
	}
	out := myDraftsJSON{Drafts: []myDraftJSON{}}
	for _, d := range drafts {
		out.Drafts = append(out.Drafts, myDraftJSON{recordRowJSON: rowOut(d.RecordRow), ChildName: d.ChildName, UpdatedAt: d.UpdatedAt, DueBy: d.DueBy})
	}
	return writeJSON(w, http.StatusOK, out)
}

// Search

func (s *Server) apiSearchRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	query, err := kith.ParseRecordQuery(q.Get("q"))
	if err != nil {
		return err
	}
	if query.Empty() {
		return fieldProblem("q", "Enter a word or phrase to search for")
	}
	from, to, err := queryDates(r)
	if err != nil {
		return err
	}
	offset := max(0, queryInt(r, "offset", 0))
	rs := kith.RecordSearch{Query: query, TemplateKey: q.Get("template"), From: from, To: to, CaseRef: q.Get("case"), Offset: offset, Limit: queryInt(r, "limit", 20)}
	hits, more, err := s.DB.SearchRecords(r.Context(), actorFrom(r), rs)
	if err != nil {
		return err
	}
	out := recordSearchJSON{Query: query.String(), Hits: []recordHitJSON{}, More: more}
	if offset == 0 && !more && len(hits) < kith.SpellingEnough {
		better, ok, err := s.DB.SuggestRecordSearch(r.Context(), actorFrom(r), rs)
		if err != nil {
			return err
		}
		if ok {
			out.DidYouMean = better.String()
		}
	}
	for _, h := range hits {
		snippet, marks := highlights(h.Snippet)
		out.Hits = append(out.Hits, recordHitJSON{recordRowJSON: rowOut(h.RecordRow), ChildName: h.ChildName, Snippet: snippet, Highlights: marks})
	}
	if more {
		out.NextOffset = offset + len(hits)
	}
	return writeJSON(w, http.StatusOK, out)
}

// highlights takes the marks out of a snippet and returns them as
// [start, end) offsets in Unicode code points.
func highlights(marked string) (string, [][2]int) {
	var b strings.Builder
	marks := [][2]int{}
	n, start := 0, -1
	for _, c := range marked {
		switch string(c) {
		case kith.MarkStart:
			if start < 0 {
				start = n
			}
		case kith.MarkEnd:
			if start >= 0 && n > start {
				marks = append(marks, [2]int{start, n})
			}
			start = -1
		default:
			b.WriteRune(c)
			n++
		}
	}
	if start >= 0 && n > start {
		marks = append(marks, [2]int{start, n})
	}
	return b.String(), marks
}

// Attachments

// maxFormField bounds a text part of an upload: far above the longest
// description, so an over-long one is refused with a message about it.
const maxFormField = 64 << 10

// uploadTooLarge is the answer to a file over the size limit.
func uploadTooLarge(limit int64) error {
	return fieldProblem("file", "The file must be smaller than "+strconv.FormatInt(limit>>20, 10)+" MB")
}

func (s *Server) apiAddAttachment(w http.ResponseWriter, r *http.Request) error {
	limit := s.Config.MaxUpload
	bodyLimit := limit + 1<<20 // the file, the other fields and the multipart framing
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return kith.Errorf(kith.EINVALID, "Send the file as multipart/form-data, with the file in a part named file.")
	}
	if r.ContentLength > bodyLimit {
		return uploadTooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, bodyLimit)
	readErr := func(err error) error {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return uploadTooLarge(limit)
		}
		return kith.Errorf(kith.EINVALID, "The upload could not be read: send it as multipart/form-data.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return readErr(err)
	}
	var in kith.AttachmentInput
	var data []byte
	var received string
	gotFile := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			return readErr(err)
		}
		name := part.FormName()
		if name == "file" {
			if gotFile {
				return fieldProblem("file", "Send one file at a time")
			}
			gotFile = true
			in.Filename = part.FileName()
			// At most one byte over the limit is read: enough to know.
			if data, err = io.ReadAll(io.LimitReader(part, limit+1)); err != nil {
				return readErr(err)
			}
			if int64(len(data)) > limit {
				// Let the client finish sending (bounded by bodyLimit) so
				// that it reads the answer rather than a reset connection.
				_, _ = io.Copy(io.Discard, r.Body)
				return uploadTooLarge(limit)
			}
			continue
		}
		var dst *string
		switch name {
		case "description":
			dst = &in.Description
		case "alt_text":
			dst = &in.AltText
		case "received_on":
			dst = &received
		case "provided_by":
			dst = &in.ProvidedBy
		case "provided_role":
			dst = &in.ProvidedRole
		default:
			return fieldProblem(name, "Unknown field: check the name against the API description")
		}
		v, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil {
			return readErr(err)
		}
		if len(v) > maxFormField {
			return fieldProblem(name, "Too long: check it is the field you meant")
		}
		if b, bad := kith.FindBadChar(string(v)); bad {
			return fieldProblem(name, badCharMessage(name, b))
		}
		*dst = string(v)
	}
	if b, bad := kith.FindBadChar(in.Filename); bad {
		return fieldProblem("file", badCharMessage("The file's name", b))
	}
	if received != "" {
		d, err := kith.ParseISODate(strings.TrimSpace(received))
		if err != nil {
			return fieldProblem("received_on", "Must be a real date in the form YYYY-MM-DD, like 2026-03-27")
		}
		in.ReceivedOn = d
	}
	at, err := s.DB.AddAttachment(r.Context(), actorFrom(r), r.PathValue("id"), in, data, limit)
	if err != nil {
		return recordProblem(err)
	}
	return created(w, "/api/v1/attachments/"+at.ID, attachmentOut(at))
}

func (s *Server) apiAttachment(w http.ResponseWriter, r *http.Request) error {
	at, data, err := s.DB.Attachment(r.Context(), actorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeAttachment(w, r, at, data, false)
}
