package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"kith"
	"kith/export"
	"kith/sqldb"
)

// chronologyPages adds the chronology's pages: the automatic chronology of
// a case, its print and downloads, and the curated chronologies built
// from it (chronology_curated.go).
func (s *Server) chronologyPages(user func(pattern string, h handler)) {
	user("GET /cases/{ref}/chronology", s.chronology(sqldb.ReadOnScreen))
	user("GET /cases/{ref}/chronology/print", s.chronology(sqldb.ReadPrint))
	user("GET /cases/{ref}/chronology/pdf", s.chronology(sqldb.ReadPDF))
	user("GET /cases/{ref}/chronology/download.csv", s.chronology(sqldb.ReadCSV))
	user("GET /cases/{ref}/chronology/download.html", s.chronology(sqldb.ReadHTML))
	user("GET /cases/{ref}/chronologies/new", s.newChronologyForm)
	user("POST /cases/{ref}/chronologies/new", s.newChronology)
	user("GET /cases/{ref}/chronologies/{id}", s.curatedChronology(sqldb.ReadOnScreen))
	user("GET /cases/{ref}/chronologies/{id}/print", s.curatedChronology(sqldb.ReadPrint))
	user("GET /cases/{ref}/chronologies/{id}/pdf", s.curatedChronology(sqldb.ReadPDF))
	user("GET /cases/{ref}/chronologies/{id}/download.csv", s.curatedChronology(sqldb.ReadCSV))
	user("GET /cases/{ref}/chronologies/{id}/download.html", s.curatedChronology(sqldb.ReadHTML))
	user("GET /cases/{ref}/chronologies/{id}/edit", s.editChronologyForm)
	user("POST /cases/{ref}/chronologies/{id}/edit", s.saveChronology)
	user("GET /cases/{ref}/chronologies/{id}/select", s.selectEntriesForm)
	user("POST /cases/{ref}/chronologies/{id}/select", s.selectEntries)
	user("POST /cases/{ref}/chronologies/{id}/reopen", s.reopenChronology)
	user("POST /cases/{ref}/chronologies/{id}/copy", s.copyChronology)
}

// entryRow is a chronology entry as a table shows it: plain text, worked
// out once, so a chronology of hundreds of entries renders quickly.
type entryRow struct {
	Ref      string
	ISODate  string // for a spreadsheet
	Day      string // as the page shows it
	Event    string
	Category string
	Source   string
	// Description, and a link to where the entry's source can be read:
	// the record, or the part of the case page that lists allocations,
	// statuses and key events. LinkText says which, and Context names the
	// entry for a screen reader.
	Description string
	Link        string
	LinkText    string
	Context     string
	RecordID    string
	// Analysis and Withdrawn are a curated entry's.
	Analysis  string
	Withdrawn bool
	// Chosen: the entry is in the curated chronology being built; Ticked:
	// the user ticked it to add.
	Chosen, Ticked bool
	// Begins: the chronology begins with this entry (the first allocation
	// to a worker).
	Begins bool
}

func newEntryRow(base, ref string, e kith.ChronologyEntry, link bool) entryRow {
	day := e.Date.Long()
	r := entryRow{Ref: e.Ref, ISODate: e.Date.String(), Day: day, Event: e.Event, Category: e.Category.Label(), Source: e.Source,
		Description: e.Description, RecordID: e.RecordID, Context: ": " + e.Event + ", " + day}
	if link {
		r.Link = entryLink(base, ref, e)
		r.LinkText = "See it on the case page"
		if e.RecordID != "" {
			r.LinkText = "Read the record"
		}
	}
	return r
}

// entryTable is a table of chronology entries.
type entryTable struct {
	ID, Caption string
	Rows        []entryRow
	// Analysis shows the analysis column (a curated chronology); Select a
	// checkbox to choose each entry.
	Analysis, Select bool
}

// entryLink is where an entry's source can be read, from base (empty for
// links within Kith, the server's address in a download).
func entryLink(base, ref string, e kith.ChronologyEntry) string {
	c := base + "/cases/" + ref
	switch {
	case e.RecordID != "":
		return c + "/records/" + e.RecordID
	case e.Category == kith.ChronAllocation:
		return c + "#allocation-history"
	case e.Category == kith.ChronStatus:
		return c + "#status"
	case e.Category == kith.ChronOther:
		return ""
	}
	return c + "#key-events"
}

func autoRows(base, ref string, ch kith.Chronology, es []kith.ChronologyEntry, chosen func(string) bool) []entryRow {
	out := make([]entryRow, len(es))
	for i, e := range es {
		out[i] = newEntryRow(base, ref, e, true)
		out[i].Chosen, out[i].Begins = chosen != nil && chosen(e.Ref), e.Ref == ch.BeginsWith
	}
	return out
}

func curatedRows(base, ref string, es []kith.CuratedEntry) []entryRow {
	out := make([]entryRow, len(es))
	for i, e := range es {
		out[i] = newEntryRow(base, ref, e.ChronologyEntry, !e.SourceWithdrawn)
		out[i].Analysis, out[i].Withdrawn = e.Analysis, e.SourceWithdrawn
	}
	return out
}

// chronologyPage is the automatic chronology with its filters.
type chronologyPage struct {
	formPage
	caseHeader
	C       kith.Chronology
	Curated []kith.ChronologySummary
	Before  entryTable
	Main    entryTable
	// Query is the filters as a query string, for the print and download
	// links; Filtered says whether any filter is in force.
	Query    string
	Filtered bool
}

// readChronologyFilter reads a chronology's filters from the query.
func readChronologyFilter(f *form) kith.ChronologyFilter {
	var cf kith.ChronologyFilter
	if !f.DateParts("from").Empty() {
		cf.From = f.Date("from", kith.DateRule{Label: "from date"})
	}
	if !f.DateParts("to").Empty() {
		cf.To = f.Date("to", kith.DateRule{Label: "to date"})
	}
	for _, c := range f.All("category") {
		cf.Categories = append(cf.Categories, kith.ChronologyCategory(c))
	}
	for _, fe := range kith.ErrorFields(cf.Check()) {
		f.Add(fe.Field, fe.Message)
	}
	if f.HasErrors() {
		return kith.ChronologyFilter{}
	}
	return cf
}

// filterQuery is the query string of a chronology's filters.
func filterQuery(f *form) string {
	keep := url.Values{}
	for _, k := range []string{"from-day", "from-month", "from-year", "to-day", "to-month", "to-year", "category"} {
		if vs := f.All(k); len(vs) > 0 {
			keep[k] = vs
		}
	}
	q := keep.Encode()
	if q != "" {
		return "?" + q
	}
	return ""
}

// chronology shows a case's automatic chronology, or prints or downloads it.
func (s *Server) chronology(how sqldb.ChronologyRead) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := newForm(r.URL.Query())
		cf := readChronologyFilter(f)
		p, err := s.DB.Chronology(r.Context(), actorFrom(r), r.PathValue("ref"), cf, how)
		if err != nil {
			return err
		}
		ref := p.Case.Reference
		base := ""
		if how == sqldb.ReadCSV || how == sqldb.ReadHTML {
			base = s.baseURL(r)
		}
		pg := chronologyPage{formPage: formPage{Form: f}, caseHeader: caseHeader{Case: p.Case, Child: p.Child, Can: p.Can, Tab: "chronology"},
			C: p.Chronology, Curated: p.Curated, Query: filterQuery(f), Filtered: cf.Active(),
			Before: entryTable{ID: "before-allocation", Caption: "Before the case was allocated to a worker", Rows: autoRows(base, ref, p.Chronology, p.Chronology.BeforeAllocation, nil)},
			Main:   entryTable{ID: "chronology", Caption: "Chronology, oldest first", Rows: autoRows(base, ref, p.Chronology, p.Chronology.Entries, nil)}}
		title := "Chronology of " + p.Child.FullName()
		switch how {
		case sqldb.ReadCSV:
			return writeChronologyCSV(w, "chronology-"+ref+".csv", false, []entryTable{pg.Before, pg.Main})
		case sqldb.ReadHTML, sqldb.ReadPrint, sqldb.ReadPDF:
			doc := chronologyDoc{caseHeader: pg.caseHeader, Title: title, Filters: describeFilter(cf), Tables: []entryTable{pg.Before, pg.Main},
				FirstAllocatedAt: p.Chronology.FirstAllocatedAt, Printed: s.now(), PrintedBy: actorFrom(r).User.DisplayName, Back: "/cases/" + ref + "/chronology" + pg.Query}
			switch how {
			case sqldb.ReadHTML:
				return s.renderDownload(w, r, "chronology-export", "chronology-"+ref+".html", doc)
			case sqldb.ReadPDF:
				return s.sendPDF(w, r, "chronology-print", title, doc, pdfFile{
					Frame: export.Frame{Child: p.Child.FullName(), Reference: ref, Title: "Chronology" + describedAs(doc.Filters)},
					Name:  fileName(ref, "chronology", cf.From.String(), cf.To.String())})
			}
			s.render(w, r, http.StatusOK, "chronology-print", title, doc)
			return nil
		}
		status := http.StatusOK
		if f.HasErrors() {
			status = http.StatusUnprocessableEntity
		}
		s.render(w, r, status, "chronology", "Chronology", pg)
		return nil
	}
}

// describeFilter says in words what a filtered chronology shows.
func describeFilter(f kith.ChronologyFilter) string {
	var parts []string
	if !f.From.IsZero() {
		parts = append(parts, "from "+f.From.Long())
	}
	if !f.To.IsZero() {
		parts = append(parts, "to "+f.To.Long())
	}
	if len(f.Categories) > 0 {
		var cats []string
		for _, c := range f.Categories {
			cats = append(cats, strings.ToLower(c.Label()))
		}
		parts = append(parts, "only "+strings.Join(cats, ", "))
	}
	return strings.Join(parts, "; ")
}

// chronologyDoc is a chronology laid out to print or to keep as a file.
type chronologyDoc struct {
	caseHeader
	Title            string
	Filters          string
	Tables           []entryTable
	FirstAllocatedAt *time.Time
	// Curated is set for a curated chronology, with its analysis.
	Curated   *kith.CuratedChronology
	Printed   time.Time
	PrintedBy string
	// Back is the page the print was made from.
	Back string
	// PDFUnavailable says why this print page is shown instead of the PDF
	// asked for.
	PDFUnavailable string
}

func (d chronologyDoc) withoutPDF(reason string) any { d.PDFUnavailable = reason; return d }

// describedAs puts a filter's description after a title: "Chronology, from
// 1 June 2026".
func describedAs(filters string) string {
	if filters == "" {
		return ""
	}
	return ", " + filters
}

// baseURL is the address users reach Kith at, for links in a download
// that is read outside Kith.
func (s *Server) baseURL(r *http.Request) string {
	if s.Config.PublicURL != "" {
		return strings.TrimSuffix(s.Config.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.Config.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// renderDownload sends a page as a self-contained HTML file to keep or
// send on: its template's "standalone" document, with no scripts and no
// style sheet to fetch.
func (s *Server) renderDownload(w http.ResponseWriter, r *http.Request, name, filename string, data any) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return kith.Errorf(kith.EINTERNAL, "no page %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "standalone", data); err != nil {
		return err
	}
	s.pages.mu.Lock()
	s.pages.executed[name] = true
	s.pages.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	_, err := w.Write(buf.Bytes())
	return err
}

// writeChronologyCSV sends a chronology's tables as a spreadsheet: a row
// per entry, with the table it is in.
func writeChronologyCSV(w http.ResponseWriter, name string, analysis bool, tables []entryTable) error {
	cw := csvDownload(w, name)
	head := []string{"Part", "Date", "Event", "Category", "Source", "Description", "Link"}
	if analysis {
		head = append(head, "Analysis")
	}
	_ = cw.Write(head)
	for _, t := range tables {
		for _, e := range t.Rows {
			row := []string{csvSafe(t.Caption), e.ISODate, csvSafe(e.Event), e.Category, csvSafe(e.Source), csvSafe(e.Description), e.Link}
			if analysis {
				row = append(row, csvSafe(e.Analysis))
			}
			_ = cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

func init() {
	// chronologyCategories are the categories to filter by; the automatic
	// chronology has no entries from other sources, so they are offered
	// only where curated entries are listed.
	funcs["chronologyCategories"] = func(withOther bool) []Option {
		var out []Option
		for _, c := range kith.ChronologyCategories {
			if c != kith.ChronOther || withOther {
				out = append(out, Option{Value: string(c), Label: c.Label()})
			}
		}
		return out
	}
	funcs["purposes"] = func() []Option {
		var out []Option
		for _, p := range kith.ChronologyPurposes {
			out = append(out, Option{Value: string(p), Label: p.Label()})
		}
		return out
	}
	funcs["analysisField"] = kith.AnalysisField
	funcs["hasValue"] = func(vs []string, v string) bool { return slices.Contains(vs, v) }
	funcs["add"] = func(a, b int) int { return a + b }
	funcs["chronologyFilter"] = func(f *form, clear string, withOther bool) chronologyFilterView {
		return chronologyFilterView{Form: f, Clear: clear, WithOther: withOther}
	}
}

// chronologyFilterView is what the filters partial needs: the form, where
// clearing the filters goes, and whether to offer other sources.
type chronologyFilterView struct {
	Form      *form
	Clear     string
	WithOther bool
}

// Body is the table's rows as HTML. A busy case's chronology has hundreds
// of rows; built here, with each text escaped, they take a tenth of the
// time the template engine takes to do the same.
func (t entryTable) Body() template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	for i, e := range t.Rows {
		b.WriteString(`<tr class="govuk-table__row">`)
		if t.Select {
			id := t.ID + "-" + itoa(i)
			b.WriteString(`<td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item">`)
			b.WriteString(`<input class="govuk-checkboxes__input" id="` + id + `" name="entries" type="checkbox" value="` + esc(e.Ref) + `"`)
			if e.Chosen || e.Ticked {
				b.WriteString(" checked")
			}
			verb := "Add"
			if e.Chosen {
				b.WriteString(" disabled")
				verb = "Already added"
			}
			b.WriteString(`><label class="govuk-label govuk-checkboxes__label" for="` + id + `"><span class="govuk-visually-hidden">` + verb + esc(e.Context) + `</span></label></div></div></td>`)
		}
		b.WriteString(`<td class="govuk-table__cell">` + esc(e.Day) + `</td><td class="govuk-table__cell">` + esc(e.Event))
		if e.Begins {
			b.WriteString(` <strong class="govuk-tag govuk-tag--blue">Chronology begins</strong>`)
		}
		b.WriteString(`<br><span class="govuk-body-s">` + esc(e.Category) + `</span></td><td class="govuk-table__cell">` + esc(e.Source) + `</td><td class="govuk-table__cell">` + esc(e.Description))
		if e.Withdrawn {
			b.WriteString(` <strong class="govuk-tag govuk-tag--red">Source record withdrawn</strong>`)
		}
		if e.Link != "" {
			// On paper the link leads nowhere: the print and the PDF leave it out.
			b.WriteString(`<span class="govuk-!-display-none-print"><br><a class="govuk-link govuk-body-s" href="` + esc(e.Link) + `">` + esc(e.LinkText) +
				`<span class="govuk-visually-hidden">` + esc(e.Context) + `</span></a></span>`)
		}
		b.WriteString(`</td>`)
		if t.Analysis {
			b.WriteString(`<td class="govuk-table__cell kith-pre">` + esc(e.Analysis) + `</td>`)
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}
