package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/clock"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// A subject access bundle: the record gathered with redactions proposed
// from the child's network (not the requester's own details, not
// professionals'), reviewed page by page, refused at finalising until
// every page is reviewed, and read only by information governance.
func TestSubjectAccessBundle(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		db.Clock = clock.Func(func() time.Time { return londonTime(2026, 10, 20, 15) })
		c := newCouncil(t, db)
		ig := c.A(c.User("ida.info", []kith.Role{kith.RoleInformationGovernance}))
		prac := c.A(c.Prac1)
		cs := c.Allocate(c.A(c.TM1), c.Case(prac, "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac1)
		dad, err := db.AddNetworkMember(ctx, prac, cs.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Dean", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddPhone(ctx, prac, cs.Reference, dad, kith.PhoneInput{Number: "07700 900 982", Kind: kith.PhoneMobile}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNetworkMember(ctx, prac, cs.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Maisie", LastName: "Alder", DateOfBirth: kithtest.Date(2015, 3, 2)},
			Relationship: kith.RelationshipInput{Kind: kith.RelSibling, LivesWithChild: true, ParentalResponsibility: kith.No},
		}); err != nil {
			t.Fatal(err)
		}
		visit := homeVisit(db, 1, "Dean stayed in the kitchen")
		visit.Content["observations"] = kith.SectionValue{Text: "Dean Alder rang from 07700900982. Maisie was at school. Ms Patel from school had called Jordan."}
		finalised(t, db, prac, cs.Reference, visit)
		confidential := agencyInfo("School shared a worry", londonTime(2026, 9, 1, 10))
		confidential.TemplateKey = "agency-information"
		confidential.Content["in_confidence"] = kith.SectionValue{Answer: "yes", Reason: "The neighbour who told school asked not to be named"}
		finalised(t, db, prac, cs.Reference, confidential)

		req, err := db.RecordSubjectAccessRequest(ctx, ig, "", kith.SubjectAccessInput{CaseReference: cs.Reference, RequesterName: "Jordan Alder",
			Relation: "self", ReceivedOn: kithtest.Date(2026, 10, 1), IdentityCheck: "photo_id"})
		if err != nil {
			t.Fatal(err)
		}
		// Only information governance gathers or reads the bundle.
		for _, who := range []kith.Actor{prac, c.A(c.TM1), c.A(c.Auditor)} {
			if _, err := db.GatherSARBundle(ctx, who, req.ID); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s gathered the bundle: %v", who.User.Username, err)
			}
			if _, err := db.SARBundle(ctx, who, req.ID, false); kith.ErrorCode(err) != kith.EFORBIDDEN {
				t.Errorf("%s read the bundle: %v", who.User.Username, err)
			}
		}
		if _, err := db.GatherSARBundle(ctx, ig, req.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GatherSARBundle(ctx, ig, req.ID); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("gathered twice: %v", err)
		}
		b, err := db.SARBundle(ctx, ig, req.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		// The records, then the key events Kith recorded by itself.
		if len(b.Parts) != 3 || b.Parts[0].Title != "Information from another agency or professional" || b.Parts[1].Title != "Home visit" ||
			b.Parts[2].Kind != "key-events" || b.Parts[2].Block("event:2") == nil || b.Parts[2].Block("event:2").Text != "Allocated to Ann Ash in North" {
			t.Fatalf("pages %+v", b.Parts)
		}
		var proposed []string
		for _, r := range b.Redactions {
			proposed = append(proposed, r.Text+"|"+r.Reason)
		}
		got := strings.Join(proposed, "\n")
		for _, want := range []string{"Dean Alder|third_party", "07700900982|third_party", "Maisie|other_child", "Dean|third_party",
			"Amy came to school hungry three days this week.|confidential_source", "yes. The neighbour who told school asked not to be named|confidential_source"} {
			if !strings.Contains(got, want) {
				t.Errorf("no proposal %q in:\n%s", want, got)
			}
		}
		// Jordan asked: his own name is not proposed; Ms Patel is a
		// professional acting in her role... named with a title, she is
		// proposed for the reviewer to judge, with a note saying so.
		for _, r := range b.Redactions {
			if strings.Contains(r.Text, "Jordan") {
				t.Errorf("the requester's own name proposed: %+v", r)
			}
			if r.Text == "Ms Patel" && !strings.Contains(r.Note, "professional") {
				t.Errorf("Ms Patel's proposal does not ask: %+v", r)
			}
		}

		if err := db.FinaliseSARBundle(ctx, ig, req.ID, b.State, []byte("%PDF")); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorFields(err)[0].Message, "3 of 3 pages are not reviewed") {
			t.Errorf("finalised with pages not reviewed: %v", err)
		}
		page := b.PageRedactions(2)
		if err := db.ReviewSARPage(ctx, ig, req.ID, 2, sqldb.SARPageReview{Reviewed: true}); kith.ErrorCode(err) != kith.EINVALID {
			t.Errorf("marked reviewed with proposals undecided: %v", err)
		}
		decisions := map[string]string{}
		for i, r := range page {
			decisions[r.ID] = kith.SARAccepted
			if i == 0 {
				decisions[r.ID] = kith.SARRejected
			}
		}
		add := &sqldb.SARAddition{Words: "Dean Alder rang", Reason: "third_party"}
		if err := db.ReviewSARPage(ctx, ig, req.ID, 2, sqldb.SARPageReview{Decisions: decisions, Add: add}); kith.ErrorCode(err) != kith.EINVALID ||
			!strings.Contains(kith.ErrorFields(err)[0].Message, "overlaps") {
			t.Errorf("an overlapping redaction: %v", err)
		}
		add.Words = "at school"
		if err := db.ReviewSARPage(ctx, ig, req.ID, 2, sqldb.SARPageReview{Decisions: decisions, Add: add, Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.ReviewSARPage(ctx, ig, req.ID, 1, sqldb.SARPageReview{Decisions: acceptAll(b.PageRedactions(1)), Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.ReviewSARPage(ctx, ig, req.ID, 3, sqldb.SARPageReview{Decisions: acceptAll(b.PageRedactions(3)), Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		b, err = db.SARBundle(ctx, ig, req.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Progress.Done() || b.Progress.Undecided != 0 {
			t.Errorf("progress %+v", b.Progress)
		}
		if err := db.FinaliseSARBundle(ctx, ig, req.ID, "stale", []byte("%PDF")); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("finalised from a stale state: %v", err)
		}
		if err := db.FinaliseSARBundle(ctx, ig, req.ID, b.State, []byte("%PDF-1.7 disclosed")); err != nil {
			t.Fatal(err)
		}
		if err := db.ReviewSARPage(ctx, ig, req.ID, 1, sqldb.SARPageReview{Reviewed: false}); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("changed after finalising: %v", err)
		}
		pdf, _, err := db.SARDisclosure(ctx, ig, req.ID)
		if err != nil || string(pdf) != "%PDF-1.7 disclosed" {
			t.Errorf("disclosed %q %v", pdf, err)
		}
		// The case's own access log shows the bundle's reads and changes.
		_, log, err := db.AccessLog(ctx, c.A(c.TM1), cs.Reference, kith.AccessLogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			if strings.HasPrefix(string(e.Action), "sar.bundle") {
				actions = append(actions, string(e.Action))
			}
		}
		if len(actions) < 6 {
			t.Errorf("the case's access log shows %d bundle events: %v", len(actions), actions)
		}
		// Once the request is withdrawn, its bundle is read no more.
		req, err = db.SubjectAccessRequest(ctx, ig, req.ID)
		if err != nil {
			t.Fatal(err)
		}
		withdrawn := req.SubjectAccessInput
		withdrawn.WithdrawnOn = kithtest.Date(2026, 10, 20)
		if _, err := db.RecordSubjectAccessRequest(ctx, ig, req.ID, withdrawn); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SARBundle(ctx, ig, req.ID, false); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a withdrawn request's bundle: %v", err)
		}
		if _, _, err := db.SARDisclosure(ctx, ig, req.ID); kith.ErrorCode(err) != kith.ECONFLICT {
			t.Errorf("a withdrawn request's disclosed PDF: %v", err)
		}
	})
}

func acceptAll(rs []kith.SARRedaction) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		out[r.ID] = kith.SARAccepted
	}
	return out
}

// A chronology the workers kept is a page of the bundle: its title,
// entries and analysis, with the father's name proposed for redaction in
// it as anywhere else.
func TestSubjectAccessBundleHoldsChronologies(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		db.Clock = clock.Func(func() time.Time { return londonTime(2026, 10, 20, 15) })
		c := newCouncil(t, db)
		ig := c.A(c.User("ida.info", []kith.Role{kith.RoleInformationGovernance}))
		prac := c.A(c.Prac1)
		cs := c.Allocate(c.A(c.TM1), c.Case(prac, "Jordan", "Alder", kithtest.Date(2006, 4, 1), c.T1), c.T1, c.Prac1)
		if _, err := db.AddNetworkMember(ctx, prac, cs.Reference, kith.NewNetworkMemberInput{
			Person:       kith.PersonInput{FirstName: "Dean", LastName: "Alder"},
			Relationship: kith.RelationshipInput{Kind: kith.RelParent, ParentalResponsibility: kith.Yes},
		}); err != nil {
			t.Fatal(err)
		}
		in := homeVisit(db, 1, "Asleep")
		in.Significant = true
		visit := finalised(t, db, prac, cs.Reference, in)
		ch, err := db.CreateChronology(ctx, prac, cs.Reference, kith.ChronologyInput{Title: "For the conference", Purpose: kith.PurposeConference,
			Refs: []string{"record:" + visit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveChronology(ctx, prac, ch.ID, kith.ChronologySave{Version: ch.Version, Title: ch.Title, Purpose: ch.Purpose,
			Analysis: "Dean Alder's drinking runs through every month."}, false); err != nil {
			t.Fatal(err)
		}
		req, err := db.RecordSubjectAccessRequest(ctx, ig, "", kith.SubjectAccessInput{CaseReference: cs.Reference, RequesterName: "Jordan Alder",
			Relation: "self", ReceivedOn: kithtest.Date(2026, 10, 1), IdentityCheck: "photo_id"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.GatherSARBundle(ctx, ig, req.ID); err != nil {
			t.Fatal(err)
		}
		b, err := db.SARBundle(ctx, ig, req.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		last := b.Parts[len(b.Parts)-1]
		if last.Kind != "chronology" || last.Title != "Chronology" || last.Block("title") == nil ||
			!strings.HasPrefix(last.Block("title").Text, "For the conference\n") || last.Block("analysis") == nil || last.Block("entry:1") == nil {
			t.Fatalf("the chronology's page: %+v", last)
		}
		found := false
		for _, r := range b.PageRedactions(last.Seq) {
			found = found || (r.Block == "analysis" && r.Text == "Dean Alder")
		}
		if !found {
			t.Errorf("the father's name in the analysis is not proposed: %+v", b.PageRedactions(last.Seq))
		}
	})
}
