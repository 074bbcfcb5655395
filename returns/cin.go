// Package returns writes the statutory returns Kith makes from the record
// in the formats the DfE and Ofsted take: the Children in Need census as
// XML, SSDA903 as CSV tables, and Ofsted's Annex A lists. What goes into
// each return is decided in the domain package (kith.CensusChildOf and its
// kin); this package only writes it down.
package returns

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"kith"
)

// CINHeader is what the census's header says about the return.
type CINHeader struct {
	Year kith.CollectionYear
	// LACode is the council's three-digit local authority (LEA) code.
	LACode string
	// Release is the version of Kith that made the file.
	Release string
	// MadeAt is when the file was made.
	MadeAt time.Time
}

// The census's XML, element for element in the schema's order (CIN census
// 2025-26; the LIIA CIN_schema_2026.xsd the tests check it against).
type (
	cinMessage struct {
		XMLName  xml.Name    `xml:"Message"`
		Header   cinHeader   `xml:"Header"`
		Children cinChildren `xml:"Children"`
	}
	cinHeader struct {
		Collection    string    `xml:"CollectionDetails>Collection"`
		Year          int       `xml:"CollectionDetails>Year"`
		ReferenceDate string    `xml:"CollectionDetails>ReferenceDate"`
		Source        cinSource `xml:"Source"`
	}
	cinSource struct {
		SourceLevel  string `xml:"SourceLevel"`
		LEA          string `xml:"LEA"`
		SoftwareCode string `xml:"SoftwareCode"`
		Release      string `xml:"Release"`
		SerialNo     string `xml:"SerialNo"`
		DateTime     string `xml:"DateTime"`
	}
	// cinList is a wrapper element around one or more items (Disabilities,
	// FactorsIdentifiedAtAssessment, Reviews), left out when there are
	// none: the schema wants at least one inside it.
	cinList struct {
		Items []cinItem
	}
	cinItem struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	}
	cinChildren struct {
		Child []cinChild `xml:"Child"`
	}
	cinChild struct {
		Identifiers     cinIdentifiers     `xml:"ChildIdentifiers"`
		Characteristics cinCharacteristics `xml:"ChildCharacteristics"`
		Details         []cinDetails       `xml:"CINdetails"`
	}
	cinIdentifiers struct {
		LAchildID               string `xml:"LAchildID"`
		UPN                     string `xml:"UPN,omitempty"`
		FormerUPN               string `xml:"FormerUPN,omitempty"`
		UPNunknown              string `xml:"UPNunknown,omitempty"`
		PersonBirthDate         string `xml:"PersonBirthDate,omitempty"`
		ExpectedPersonBirthDate string `xml:"ExpectedPersonBirthDate,omitempty"`
		Sex                     string `xml:"Sex"`
		PersonDeathDate         string `xml:"PersonDeathDate,omitempty"`
	}
	cinCharacteristics struct {
		Ethnicity    string   `xml:"Ethnicity"`
		Disabilities *cinList `xml:"Disabilities"`
	}
	cinDetails struct {
		CINreferralDate  string          `xml:"CINreferralDate"`
		ReferralSource   string          `xml:"ReferralSource"`
		PrimaryNeedCode  string          `xml:"PrimaryNeedCode,omitempty"`
		CINclosureDate   string          `xml:"CINclosureDate,omitempty"`
		ReasonForClosure string          `xml:"ReasonForClosure,omitempty"`
		DateOfInitialCPC string          `xml:"DateOfInitialCPC,omitempty"`
		Assessments      []cinAssessment `xml:"Assessments"`
		CINPlanDates     []cinPlanDates  `xml:"CINPlanDates"`
		Section47        []cinSection47  `xml:"Section47"`
		ReferralNFA      string          `xml:"ReferralNFA"`
		CPPlans          []cinCPPlan     `xml:"ChildProtectionPlans"`
	}
	cinAssessment struct {
		Start      string   `xml:"AssessmentActualStartDate"`
		Authorised string   `xml:"AssessmentAuthorisationDate,omitempty"`
		Factors    *cinList `xml:"FactorsIdentifiedAtAssessment"`
	}
	cinPlanDates struct {
		Start string `xml:"CINPlanStartDate"`
		End   string `xml:"CINPlanEndDate,omitempty"`
	}
	cinSection47 struct {
		Start       string `xml:"S47ActualStartDate"`
		Target      string `xml:"InitialCPCtarget,omitempty"`
		Conference  string `xml:"DateOfInitialCPC,omitempty"`
		NotRequired string `xml:"ICPCnotRequired"`
	}
	cinCPPlan struct {
		Start           string   `xml:"CPPstartDate"`
		End             string   `xml:"CPPendDate,omitempty"`
		InitialCategory string   `xml:"InitialCategoryOfAbuse"`
		LatestCategory  string   `xml:"LatestCategoryOfAbuse"`
		PreviousPlans   int      `xml:"NumberOfPreviousCPP"`
		Reviews         *cinList `xml:"Reviews"`
	}
)

// WriteCIN writes the Children in Need census for the children given, in
// their order.
func WriteCIN(w io.Writer, h CINHeader, children []kith.CensusChild) error {
	m := cinMessage{Header: cinHeader{
		Collection: "CIN", Year: h.Year.End().Year, ReferenceDate: h.Year.End().String(),
		Source: cinSource{SourceLevel: "L", LEA: h.LACode, SoftwareCode: "Kith", Release: h.Release, SerialNo: "001",
			DateTime: h.MadeAt.UTC().Format("2006-01-02T15:04:05")},
	}}
	m.Children.Child = make([]cinChild, len(children))
	for i := range children {
		m.Children.Child[i] = cinChildOf(&children[i])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("write the CIN census: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func cinChildOf(c *kith.CensusChild) cinChild {
	out := cinChild{
		Identifiers: cinIdentifiers{LAchildID: c.LAChildID, UPN: c.UPN, FormerUPN: c.FormerUPN, UPNunknown: c.UPNUnknown,
			PersonBirthDate: day(c.BirthDate), ExpectedPersonBirthDate: day(c.ExpectedBirthDate), Sex: c.Sex, PersonDeathDate: day(c.DeathDate)},
		Characteristics: cinCharacteristics{Ethnicity: c.Ethnicity, Disabilities: listOf("Disability", c.Disabilities)},
	}
	for _, ep := range c.Episodes {
		d := cinDetails{CINreferralDate: day(ep.ReferralDate), ReferralSource: ep.ReferralSource, PrimaryNeedCode: ep.PrimaryNeed,
			CINclosureDate: day(ep.ClosureDate), ReasonForClosure: ep.ClosureReason, DateOfInitialCPC: day(ep.ConferenceDate),
			ReferralNFA: flag(ep.ReferralNFA)}
		for _, a := range ep.Assessments {
			d.Assessments = append(d.Assessments, cinAssessment{Start: day(a.StartDate), Authorised: day(a.AuthorisationDate),
				Factors: listOf("AssessmentFactors", a.Factors)})
		}
		for _, p := range ep.CINPlans {
			d.CINPlanDates = append(d.CINPlanDates, cinPlanDates{Start: day(p.Start), End: day(p.End)})
		}
		for _, s := range ep.Section47s {
			d.Section47 = append(d.Section47, cinSection47{Start: day(s.StartDate), Target: day(s.ConferenceDue),
				Conference: day(s.ConferenceDate), NotRequired: flag(s.ConferenceNotRequired)})
		}
		for _, p := range ep.CPPlans {
			cp := cinCPPlan{Start: day(p.Start), End: day(p.End), InitialCategory: p.InitialCategory, LatestCategory: p.LatestCategory,
				PreviousPlans: p.PreviousPlans}
			var reviews []string
			for _, r := range p.Reviews {
				reviews = append(reviews, day(r))
			}
			cp.Reviews = listOf("CPPreviewDate", reviews)
			d.CPPlans = append(d.CPPlans, cp)
		}
		out.Details = append(out.Details, d)
	}
	return out
}

// listOf wraps items as elements named name, or is nil for none.
func listOf(name string, items []string) *cinList {
	if len(items) == 0 {
		return nil
	}
	l := &cinList{Items: make([]cinItem, len(items))}
	for i, v := range items {
		l.Items[i] = cinItem{XMLName: xml.Name{Local: name}, Value: v}
	}
	return l
}

// day writes a date as the schema's xs:date, or nothing for none.
func day(d kith.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// flag writes a yes or no as the census's 1 or 0.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
