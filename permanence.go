package kith

import (
	"fmt"
	"strconv"
	"strings"
)

// PreviousPermanence is what the SSDA903 asks about each child who starts
// to be looked after: whether they had left care before through an
// adoption, a special guardianship order or a child arrangements (or
// residence) order, which council arranged it, and when. It belongs to a
// period of care, and may be recorded or corrected at any time during it.
type PreviousPermanence struct {
	CaseID string `json:"case_id"`
	// PeriodStart is the first day of the period of care it is for.
	PeriodStart Date `json:"period_start"`
	// Option is P1–P4 or Z1 (PreviousPermanenceOptions).
	Option string `json:"option"`
	// LA is the council that arranged it: the DfE's three-digit code, or
	// WAL, SCO, NIR or NUK outside England.
	LA string `json:"la,omitempty"`
	// OrderDate is the order's date as the 903 writes it, dd/mm/yyyy with
	// zz for any part not known.
	OrderDate string `json:"order_date,omitempty"`
	Version   int    `json:"version"`
}

// PreviousPermanenceOptions are the 903's PREV_PERM codes. The words
// follow the DfE's guidance as data-to-insight's Standard Safeguarding
// Dataset quotes it (ssd-data-model, data/objects/
// ssd_cla_previous_permanence.yml): P4 is for when the council does not
// know whether the child had one; orders for a child who was not looked
// after before do not count.
var PreviousPermanenceOptions = CodeList{
	{Code: "Z1", Label: "No: the child has not left care before through adoption or an order"},
	{Code: "P1", Label: "Adoption"},
	{Code: "P2", Label: "A special guardianship order"},
	{Code: "P3", Label: "A residence order, or a child arrangements order saying who the child lives with"},
	{Code: "P4", Label: "Not known"},
}

// permanenceOutsideEngland are the 903's codes for a council outside
// England (rule 633).
var permanenceOutsideEngland = []string{"WAL", "SCO", "NIR", "NUK"}

// PermanenceLACodes are the DfE's codes of the English councils (and 999)
// a previous permanence may name: the list the SSDA903 checks LA_PERM
// against (rule 633), which is narrower than the codes a UPN may carry.
var PermanenceLACodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 310 311
		312 313 314 315 316 317 318 319 320 330 331 332 333 334 335 336 340 341 342 343 344 350 351 352 353 354 355 356 357 358 359
		370 371 372 373 380 381 382 383 384 390 391 392 393 394 420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822
		823 825 826 830 831 835 836 837 840 841 845 846 850 851 852 855 856 857 860 861 865 866 867 868 869 870 871 872 873 874 876
		877 878 879 880 881 882 883 884 885 886 887 888 889 890 891 892 893 894 895 896 908 909 916 919 921 925 926 928 929 931 933
		935 936 937 938 999`) {
		m[c] = true
	}
	return m
}()

// PreviousPermanenceInput records a period of care's previous permanence.
// The order's date may be known only in part: an empty day, month or
// year is not known.
type PreviousPermanenceInput struct {
	Option     string `json:"option"`
	LA         string `json:"la,omitempty"`
	OrderDay   string `json:"order_day,omitempty"`
	OrderMonth string `json:"order_month,omitempty"`
	OrderYear  string `json:"order_year,omitempty"`
	// Version is the record's version when it was read (0 for a new one).
	Version int `json:"version"`
}

// OrderDate is the order's date as typed.
func (in *PreviousPermanenceInput) OrderDate() DateParts {
	return DateParts{Day: in.OrderDay, Month: in.OrderMonth, Year: in.OrderYear}
}

// needsOrder reports whether an option names an order, with its council
// and date (P1–P3).
func needsOrder(option string) bool { return option == "P1" || option == "P2" || option == "P3" }

// Validate checks the option, the council and the order's date, which
// must be before the period of care began (rule 632), and returns the
// date as the 903 writes it.
func (in *PreviousPermanenceInput) Validate(periodStart Date) (string, error) {
	var v Validation
	in.LA = strings.ToUpper(strings.TrimSpace(in.LA))
	if !PreviousPermanenceOptions.Has(in.Option) {
		v.Add("option", "Select whether the child left care before through adoption or an order")
		return "", v.Err()
	}
	if !needsOrder(in.Option) {
		if in.LA != "" || !in.OrderDate().Empty() {
			v.Add("la", "Leave the council and the order's date empty: there was no order, or it is not known")
		}
		return "", v.Err()
	}
	switch {
	case in.LA == "":
		v.Add("la", "Enter the code of the council that arranged it, like 202, or WAL, SCO, NIR or NUK outside England")
	case !PermanenceLACodes[in.LA] && !contains(permanenceOutsideEngland, in.LA):
		v.Add("la", "Enter the council's three-digit DfE code, like 202, or WAL, SCO, NIR or NUK outside England")
	}
	date, msg := partialDate(in.OrderDate(), periodStart)
	if msg != "" {
		v.Add("order", msg)
	}
	return date, v.Err()
}

// partialDate writes a date that may be known only in part as the 903
// does (zz/05/2020, zz/zz/2021, zz/zz/zzzz), checking each part given and,
// when it is whole, that it is before the period of care began.
func partialDate(p DateParts, before Date) (string, string) {
	day, month, year := strings.TrimSpace(p.Day), strings.TrimSpace(p.Month), strings.TrimSpace(p.Year)
	part := func(s string, lo, hi int) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= lo && n <= hi
	}
	out := [3]string{"zz", "zz", "zzzz"}
	if year != "" {
		y, ok := part(year, EarliestYear-100, before.Year)
		if !ok || len(year) != 4 {
			return "", "Enter the year of the order as 4 digits, in or before " + strconv.Itoa(before.Year)
		}
		out[2] = fmt.Sprintf("%04d", y)
	}
	if month != "" {
		m, ok := part(month, 1, 12)
		if !ok {
			return "", "Enter the month of the order as a number from 1 to 12"
		}
		out[1] = fmt.Sprintf("%02d", m)
	}
	if day != "" {
		if month == "" || year == "" {
			return "", "Enter the month and year of the order as well as its day, or leave the day empty"
		}
		d, msg := ParseDateParts(p, DateRule{Label: "date of the order"})
		if msg != "" {
			return "", msg
		}
		if !d.Before(before) {
			return "", "The order must be before the child became looked after on " + before.Long()
		}
		out[0] = fmt.Sprintf("%02d", d.Day)
	}
	return out[0] + "/" + out[1] + "/" + out[2], ""
}
