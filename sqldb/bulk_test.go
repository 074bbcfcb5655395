package sqldb_test

import (
	"context"
	"encoding/json"
	"errors"
	"kith/clock"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith"
	"kith/internal/kithtest"
	"kith/sqldb"
)

// bulkStory is one case's life: what a practitioner and managers do to it,
// day by day. TestBulkWritesWhatServicesWrite tells it through the service
// methods on one database and through Bulk on another, and the application
// must not be able to tell the two apart.
var (
	storyStart = time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC) // a Monday
	storyOpen  = kith.Date{Year: 2026, Month: time.January, Day: 30}
	// storyIdentity is Bobby's identity items, saved as the case opened.
	storyIdentity = kith.ChildIdentityInput{UPN: "A950000178301", Sex: "M", Ethnicity: "WBRI", Disabilities: []string{"NONE"}}
	// storyReferral is when the referral that opened the case came.
	storyReferral = time.Date(2026, 1, 30, 9, 15, 0, 0, time.UTC)
)

func storyTime(days int, hours float64) time.Time {
	return storyStart.AddDate(0, 0, days).Add(time.Duration(hours * float64(time.Hour)))
}

type storyCouncil struct {
	t1, t2                 string
	prac1, prac2, tm1, tm2 string
	tm2Actor, otherPrac    kith.Actor
}

func TestBulkWritesWhatServicesWrite(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			viaService := kithtest.OpenDB(t, engine)
			viaBulk := kithtest.OpenDB(t, engine)
			a := tellWithServices(t, viaService)
			b := tellWithBulk(t, viaBulk)

			ctx := context.Background()
			for _, db := range []*sqldb.DB{viaService, viaBulk} {
				db.Clock = clock.Func(func() time.Time { return storyTime(20, 0) })
			}
			oa, err := viaService.CaseOverview(ctx, a.tm2Actor, "KTH-2026-000001")
			if err != nil {
				t.Fatal(err)
			}
			ob, err := viaBulk.CaseOverview(ctx, b.tm2Actor, "KTH-2026-000001")
			if err != nil {
				t.Fatal(err)
			}
			if len(oa.Assessments) != 1 || !oa.Assessments[0].Authorised() {
				t.Fatalf("the assessment through the services: %+v", oa.Assessments)
			}
			if len(oa.Section47s) != 1 || oa.Section47s[0].ConferenceOn.IsZero() {
				t.Fatalf("the enquiry through the services: %+v", oa.Section47s)
			}
			if l := oa.LookedAfter; len(l.Episodes) != 2 || len(l.Reviews) != 1 || len(l.Missing) != 1 {
				t.Fatalf("looked after through the services: %+v", l)
			}
			same(t, "case overview", oa, ob)
			ia, err := viaService.ChildIdentity(ctx, a.tm2Actor, "KTH-2026-000001")
			if err != nil {
				t.Fatal(err)
			}
			ib, err := viaBulk.ChildIdentity(ctx, b.tm2Actor, "KTH-2026-000001")
			if err != nil {
				t.Fatal(err)
			}
			if len(ia) != 1 || ia[0].Version != 1 {
				t.Fatalf("identity through the services: %+v", ia)
			}
			same(t, "identity items", ia, ib)

			la, err := viaService.CaseAccess(ctx, a.tm2Actor, oa.Case.Reference)
			if err != nil {
				t.Fatal(err)
			}
			lb, err := viaBulk.CaseAccess(ctx, b.tm2Actor, ob.Case.Reference)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "access list", la, lb)

			q, err := kith.ParseSearch("bobby ashdwn", kith.Today(storyTime(20, 0)))
			if err != nil {
				t.Fatal(err)
			}
			sa, err := viaService.Search(ctx, a.tm2Actor, q, 10)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := viaBulk.Search(ctx, b.tm2Actor, q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(sb) != 1 {
				t.Errorf("search found %d people, want Bobby", len(sb))
			}
			same(t, "search", sa, sb)

			// The running record, the record, its search entry and the
			// worker's drafts read the same; each hash is the record's.
			pa, pb := actorOf(t, viaService, a.prac2), actorOf(t, viaBulk, b.prac2)
			_, ra, err := viaService.RunningRecord(ctx, pa, "KTH-2026-000001", kith.RecordFilter{})
			if err != nil {
				t.Fatal(err)
			}
			_, rb, err := viaBulk.RunningRecord(ctx, pb, "KTH-2026-000001", kith.RecordFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ra.Rows) != 3 || len(ra.Drafts) != 1 {
				t.Fatalf("running record through the services: %+v", ra)
			}
			same(t, "running record", ra, rb)
			va, err := viaService.Record(ctx, pa, ra.Rows[2].ID)
			if err != nil {
				t.Fatal(err)
			}
			vb, err := viaBulk.Record(ctx, pb, rb.Rows[2].ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []*sqldb.RecordView{va, vb} {
				if v.Record.ContentHash != kith.ContentHash(v.Record) {
					t.Errorf("content hash %s, want %s", v.Record.ContentHash, kith.ContentHash(v.Record))
				}
				// Both are as they were finalised; their links differ (each
				// chain holds what else was written before).
				if !v.Record.Integrity.Unchanged() {
					t.Errorf("integrity: %q", v.Record.Integrity.Problems)
				}
				v.Record.Integrity = nil
				// Bulk keeps no saved versions of final records.
				v.Record.ContentHash, v.Record.LastSavedBy = "", ""
			}
			same(t, "record", va, vb)
			rq, _ := kith.ParseRecordQuery("rubbish sheets")
			ha, _, err := viaService.SearchRecords(ctx, pa, kith.RecordSearch{Query: rq})
			if err != nil {
				t.Fatal(err)
			}
			hb, _, err := viaBulk.SearchRecords(ctx, pb, kith.RecordSearch{Query: rq})
			if err != nil {
				t.Fatal(err)
			}
			if len(hb) != 1 {
				t.Errorf("record search found %d through Bulk, want the visit", len(hb))
			}
			same(t, "record search", ha, hb)
			da, err := viaService.MyDrafts(ctx, pa)
			if err != nil {
				t.Fatal(err)
			}
			db2, err := viaBulk.MyDrafts(ctx, pb)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "my drafts", da, db2)

			// A practitioner of another team cannot see the restricted case.
			for _, c := range []struct {
				db *sqldb.DB
				a  kith.Actor
			}{{viaService, a.otherPrac}, {viaBulk, b.otherPrac}} {
				if _, err := c.db.CaseOverview(ctx, c.a, "KTH-2026-000001"); kith.ErrorCode(err) != kith.ENOTFOUND {
					t.Errorf("another team's practitioner opened the restricted case: %v", err)
				}
			}

			// The next case continues the reference sequence on both.
			for _, c := range []struct {
				db   *sqldb.DB
				team string
				a    kith.Actor
			}{{viaService, a.t2, a.tm2Actor}, {viaBulk, b.t2, b.tm2Actor}} {
				next, err := c.db.CreateCase(ctx, c.a, kith.NewCaseInput{
					Child:  kith.PersonInput{FirstName: "Ada", LastName: "Ashdown", DateOfBirth: kith.Date{Year: 2019, Month: 5, Day: 1}},
					TeamID: c.team, OpenedOn: kith.Date{Year: 2026, Month: 2, Day: 20},
				})
				if err != nil {
					t.Fatal(err)
				}
				if next.Reference != "KTH-2026-000002" {
					t.Errorf("next reference %s, want KTH-2026-000002", next.Reference)
				}
			}

			// Loaded records and audit events are in their chains, as
			// those written through the services are.
			for name, db := range map[string]*sqldb.DB{"services": viaService, "bulk": viaBulk} {
				rep, err := db.Verify(ctx, sqldb.VerifyOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if !rep.OK() || rep.Records == 0 && name == "bulk" {
					t.Errorf("%s: %s %v", name, rep.Summary(), rep.Problems)
				}
			}
			if n := viaBulk.RawCount(t, `SELECT COUNT(*) FROM chain_links WHERE chain = 'record'`); n != viaBulk.RawCount(t, `SELECT COUNT(*) FROM records WHERE status = 'final'`) || n == 0 {
				t.Errorf("bulk: %d records chained", n)
			}
		})
	}
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// same compares what two databases show, ids aside.
func same(t *testing.T, what string, a, b any) {
	t.Helper()
	ja, _ := json.MarshalIndent(a, "", " ")
	jb, _ := json.MarshalIndent(b, "", " ")
	sa, sb := uuidRE.ReplaceAllString(string(ja), "ID"), uuidRE.ReplaceAllString(string(jb), "ID")
	if sa == sb {
		return
	}
	la, lb := strings.Split(sa, "\n"), strings.Split(sb, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			t.Errorf("%s differs at line %d:\nservices: %s\nbulk:     %s", what, i+1, la[i], lb[i])
			return
		}
	}
	t.Errorf("%s differs in length: %d lines through the services, %d through Bulk", what, len(la), len(lb))
}

func actorOf(t *testing.T, db *sqldb.DB, id string) kith.Actor {
	t.Helper()
	a, err := db.Actor(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	a.Via = "test"
	return a
}

var (
	pracRole = []kith.Role{kith.RolePractitioner}
	tmRole   = []kith.Role{kith.RoleTeamManager}
)

func tellWithServices(t *testing.T, db *sqldb.DB) storyCouncil {
	f := kithtest.NewFixture(t, db)
	ctx := f.Ctx
	s := f.Service("Children in need")
	t1, t2 := f.Team("North", s), f.Team("South", s)
	prac1, prac2, other := f.User("ann.ash", pracRole, t1), f.User("ben.birch", pracRole, t2), f.User("cy.cedar", pracRole, t1)
	tm1, tm2 := f.User("dee.daw", tmRole, t1), f.User("eve.elm", tmRole, t2)
	f.Manage(t1, tm1)
	f.Manage(t2, tm2)
	p1, p2, m1, m2 := f.Actor(prac1), f.Actor(prac2), f.Actor(tm1), f.Actor(tm2)

	at := func(days int, hours float64) {
		db.Clock = clock.Func(func() time.Time { return storyTime(days, hours) })
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at(0, 0)
	c, err := db.CreateCase(ctx, p1, kith.NewCaseInput{
		Child:  kith.PersonInput{FirstName: "Robert", LastName: "Ashdown", KnownAs: "Bobby", DateOfBirth: kith.Date{Year: 2016, Month: 2, Day: 29}, Gender: kith.GenderMale},
		TeamID: t1.ID, OpenedOn: storyOpen, Status: kith.StatusCIN,
		Address:  &kith.AddressInput{Line1: "1 Fern Row", Town: "Kithton", Postcode: "kt11aa"},
		Referral: &kith.EpisodeReferralInput{ReferralAt: storyReferral, Source: "3B"},
	})
	must(err)
	ref := c.Reference
	_, err = db.DecideReferral(ctx, p1, ref, kith.DecisionInput{Decision: kith.DecisionAssessment, PrimaryNeed: "N1", Version: 1})
	must(err)
	_, err = db.SaveChildIdentity(ctx, p1, ref, storyIdentity)
	must(err)
	_, err = db.StartAssessment(ctx, p1, ref, kith.AssessmentInput{StartedOn: kith.Today(storyTime(0, 0)), Factors: []string{"3B"}})
	must(err)
	at(0, 1)
	mother, err := db.AddNetworkMember(ctx, p1, ref, kith.NewNetworkMemberInput{
		Person:       kith.PersonInput{FirstName: "Mary", LastName: "Ashdown", Gender: kith.GenderFemale},
		Relationship: kith.RelationshipInput{Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes},
	})
	must(err)
	at(0, 2)
	must(db.AddPhone(ctx, p1, ref, mother, kith.PhoneInput{Number: "07700 900123", Kind: kith.PhoneMobile}))
	at(0, 3)
	must(db.AddAddress(ctx, p1, ref, mother, kith.AddressInput{Line1: "1 Fern Row", Town: "Kithton", Postcode: "KT1 1AA"}))
	at(1, 0)
	f.Allocate(m1, c, t1, prac1)
	at(2, 0)
	_, err = db.AuthoriseAssessment(ctx, m1, ref, storyAssessmentID(t, db, p1, ref), kith.AuthoriseInput{Factors: []string{"3B", "16A"}, Version: 1})
	must(err)
	at(3, 0)
	must(db.StartStatus(ctx, p1, ref, kith.StatusInput{Kind: kith.StatusCP}))
	o, err := db.CaseOverview(ctx, p1, ref)
	must(err)
	at(3, 0.5)
	for _, sp := range o.StatusPeriods {
		if sp.Kind == kith.StatusCIN {
			must(db.EndStatus(ctx, p1, ref, sp.ID, kith.EndInput{EndedOn: kith.Today(storyTime(3, 0.5))}))
		}
	}
	at(5, 0)
	_, err = db.Allocate(ctx, m1, ref, kith.AllocateInput{TeamID: t2.ID, WorkerID: prac2.ID, Reason: "Family moved to the south of the county", WorkerChangeReason: "TSPROC"})
	must(err)
	at(6, 0)
	cur, _, err := db.Case(ctx, m2, ref, kith.ManageAccess)
	must(err)
	must(db.SetRestricted(ctx, m2, ref, true, cur.Version))
	at(8, 0)
	_, err = db.AddInvolvement(ctx, p2, ref, kith.InvolvementInput{Note: "Registered GP",
		Professional: kith.ProfessionalInput{Name: "Dr Jane Wren", Role: "GP", Agency: "Kithton Surgery", Phone: "01632 960001"}})
	must(err)
	at(8, 1)
	must(db.AddWarning(ctx, p2, ref, kith.WarningInput{Kind: kith.WarnAnimals, Detail: "Large dog at the address", ReviewOn: kith.Today(storyTime(40, 0))}))
	at(10, 0)
	_, err = db.CloseCase(ctx, m2, ref, kith.CloseInput{Reason: "RC7", Note: "All well"})
	must(err)
	at(12, 0)
	_, err = db.ReopenCase(ctx, m2, ref, kith.ReopenInput{Reason: "New referral from the school",
		Referral: kith.EpisodeReferralInput{ReferralAt: storyTime(12, 0), Source: "2A", PrimaryNeed: "N4"}})
	must(err)
	at(13, 0)
	_, err = db.Allocate(ctx, m2, ref, kith.AllocateInput{TeamID: t2.ID, WorkerID: prac2.ID, WorkerChangeReason: "TSPROC"})
	must(err)
	at(13, 1)
	must(db.StartStatus(ctx, p2, ref, kith.StatusInput{Kind: kith.StatusCIN}))
	at(14, 0)
	visit, err := db.CreateDraft(ctx, p2, ref, storyVisit())
	must(err)
	at(14, 1)
	in := storyVisit()
	in.Version = visit.Version
	_, err = db.FinaliseRecord(ctx, p2, visit.ID, in)
	must(err)
	at(14, 2)
	hearing, err := db.CreateDraft(ctx, p2, ref, storyHearing())
	must(err)
	at(14, 3)
	in = storyHearing()
	in.Version = hearing.Version
	_, err = db.FinaliseRecord(ctx, p2, hearing.ID, in)
	must(err)
	at(14, 4)
	meeting, err := db.CreateDraft(ctx, p2, ref, storyStrategy())
	must(err)
	at(14, 5)
	in = storyStrategy()
	in.Version = meeting.Version
	_, err = db.FinaliseRecord(ctx, p2, meeting.ID, in)
	must(err)
	at(14, 6)
	s47, err := db.StartSection47(ctx, p2, ref, kith.Section47Input{StrategyRecordID: meeting.ID})
	must(err)
	at(15, 0)
	_, err = db.CreateDraft(ctx, p2, ref, storyCall())
	must(err)
	at(15, 1)
	_, err = db.RecordConference(ctx, p2, ref, s47.ID, kith.ConferenceInput{HeldOn: kith.Today(storyTime(15, 1)), Decision: kith.ConferenceNoPlan, Version: s47.Version})
	must(err)
	// Looked after, at midday: a move, a review and a night missing.
	at(16, 2)
	first, err := db.StartLookedAfter(ctx, p2, ref, storyCare.Start)
	must(err)
	at(17, 2)
	move := storyCare.Changes[0]
	move.Version = first.Version
	_, err = db.ChangeCare(ctx, p2, ref, move)
	must(err)
	at(18, 2)
	_, err = db.RecordCLAReview(ctx, p2, ref, storyCare.Reviews[0])
	must(err)
	at(19, 2)
	_, err = db.RecordMissing(ctx, p2, ref, "", storyCare.Missing[0])
	must(err)
	return storyCouncil{t1: t1.ID, t2: t2.ID, prac1: prac1.ID, prac2: prac2.ID, tm1: tm1.ID, tm2: tm2.ID, tm2Actor: m2, otherPrac: f.Actor(other)}
}

// storyCare is Bobby's time looked after: from day 16, moving on day 17,
// reviewed on day 18, missing for an afternoon on day 19.
var storyCare = sqldb.BulkCare{
	Start: kith.LookedAfterInput{StartedOn: kith.Today(storyTime(16, 2)), CategoryOfNeed: "N1", HomePostcode: "KT1 1AA",
		PlacementInput: kith.PlacementInput{LegalStatus: "V2", PlacementType: "U6", Provider: "PR1", URN: "SC100200", PlacementPostcode: "KT2 2BB"}},
	Changes: []kith.CareChangeInput{{ChangedOn: kith.Today(storyTime(17, 2)), NewCarer: true, ReasonPlaceChange: "CREQO",
		PlacementInput: kith.PlacementInput{LegalStatus: "V2", PlacementType: "K2", Provider: "PR4", URN: "SC300400", PlacementPostcode: "KT3 3CC"}}},
	Reviews: []kith.CLAReviewInput{{HeldOn: kith.Today(storyTime(18, 2)), Participation: "PN1"}},
	Missing: []kith.MissingInput{{Kind: "A", StartedOn: kith.Today(storyTime(19, 2)), EndedOn: kith.Today(storyTime(19, 2)), InterviewOffered: "yes", InterviewAccepted: "no"}},
}

// storyVisit is the home visit in the story: complete, to finalise.
func storyVisit() kith.RecordInput {
	in := homeVisitAt(storyTime(13, 7), 0, "Bobby asked his mother to stay")
	in.OccurredAt = storyTime(13, 5)
	return in
}

// storyHearing is a court hearing recorded as a key event.
func storyHearing() kith.RecordInput {
	return kith.RecordInput{TemplateKey: "key-event", Headline: "Interim supervision order made", OccurredAt: storyTime(14, 1.5), Significant: true,
		Content: kith.RecordContent{"event_type": {Text: "court_hearing"}, "event_date": {Text: kith.Today(storyTime(14, 1.5)).String()}, "detail": {Text: "Family court, Kithton"}}}
}

// storyStrategy is the strategy discussion that starts a section 47
// enquiry.
func storyStrategy() kith.RecordInput {
	until := storyTime(14, 3.5)
	return kith.RecordInput{TemplateKey: kith.StrategyTemplate, Headline: "Strategy discussion after the school's call", OccurredAt: storyTime(14, 2.5),
		OccurredUntil: &until, Location: "Online", Content: kith.RecordContent{
			"meeting_type": {Text: kith.StrategyMeetingType},
			"attendance":   {Attendance: []kith.Attendee{{Name: "Ben Birch", Role: "Social worker", Agency: "Children's services", Attended: kith.Attended}}},
			"discussion":   {Text: "Bobby told his teacher he was hit."},
			"decisions":    {Text: "Section 47 enquiries to begin."},
		}}
}

// storyCall is a phone call the worker has begun to write up.
func storyCall() kith.RecordInput {
	return kith.RecordInput{TemplateKey: "phone-call", Headline: "Call from the school", OccurredAt: storyTime(14, 6),
		Content: kith.RecordContent{"direction": {Text: "incoming"}, "purpose": {Text: "The school rang about attendance."}}}
}

func tellWithBulk(t *testing.T, db *sqldb.DB) storyCouncil {
	ctx := context.Background()
	homeVisit, err := db.Template(ctx, "home-visit", 0)
	if err != nil {
		t.Fatal(err)
	}
	phoneCall, err := db.Template(ctx, "phone-call", 0)
	if err != nil {
		t.Fatal(err)
	}
	keyEvent, err := db.Template(ctx, "key-event", 0)
	if err != nil {
		t.Fatal(err)
	}
	meeting, err := db.Template(ctx, kith.StrategyTemplate, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Bulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must2 := func(id string, err error) string {
		t.Helper()
		must(err)
		return id
	}
	since := storyTime(-30, 0)
	s := must2(b.Service("Children in need", since))
	t1, t2 := must2(b.Team("North", s, since)), must2(b.Team("South", s, since))
	user := func(username, name string, roles []kith.Role, team string) string {
		return must2(b.User(sqldb.BulkUser{Username: username, DisplayName: name, Roles: roles, TeamIDs: []string{team}, CreatedAt: since}))
	}
	prac1, prac2, other := user("ann.ash", "Ann Ash", pracRole, t1), user("ben.birch", "Ben Birch", pracRole, t2), user("cy.cedar", "Cy Cedar", pracRole, t1)
	tm1, tm2 := user("dee.daw", "Dee Daw", tmRole, t1), user("eve.elm", "Eve Elm", tmRole, t2)
	must(b.ManageTeam(t1, tm1))
	must(b.ManageTeam(t2, tm2))

	child := &kith.Person{FirstName: "Robert", LastName: "Ashdown", KnownAs: "Bobby", DateOfBirth: kith.Date{Year: 2016, Month: 2, Day: 29}, Gender: kith.GenderMale,
		Addresses: []kith.Address{{Line1: "1 Fern Row", Town: "Kithton", Postcode: "kt11aa"}}}
	must(b.Person(child, storyTime(0, 0), prac1))
	mother := &kith.Person{FirstName: "Mary", LastName: "Ashdown", Gender: kith.GenderFemale,
		Phones:    []kith.Phone{{Number: "07700 900123", Kind: kith.PhoneMobile}},
		Addresses: []kith.Address{{Line1: "1 Fern Row", Town: "Kithton", Postcode: "KT1 1AA"}}}
	must(b.Person(mother, storyTime(0, 1), prac1))
	gp := must2(b.Professional(kith.Professional{Name: "Dr Jane Wren", Role: "GP", Agency: "Kithton Surgery", Phone: "01632 960001"}, storyTime(8, 0)))
	cp := kith.Today(storyTime(3, 0))
	c := &sqldb.BulkCase{
		ChildID: child.ID, TeamID: t1, OpenedOn: storyOpen, OpenedAt: storyTime(0, 0), OpenedBy: prac1,
		Referral: &kith.EpisodeReferralInput{ReferralAt: storyReferral, Source: "3B"},
		Decision: &sqldb.BulkDecision{Decision: kith.DecisionAssessment, PrimaryNeed: "N1", At: storyTime(0, 0), By: prac1},
		Identity: &storyIdentity,
		Assessment: &sqldb.BulkAssessment{Start: kith.AssessmentInput{StartedOn: kith.Today(storyTime(0, 0)), Factors: []string{"3B"}},
			StartedAt: storyTime(0, 0), StartedBy: prac1,
			Authorisation: &kith.AuthoriseInput{AuthorisedOn: kith.Today(storyTime(2, 0)), Factors: []string{"3B", "16A"}},
			AuthorisedAt:  storyTime(2, 0), AuthorisedBy: tm1},
		History: []sqldb.BulkChange{
			{Kind: sqldb.BulkAllocate, At: storyTime(1, 0), By: tm1, TeamID: t1, WorkerID: prac1},
			{Kind: sqldb.BulkAllocate, At: storyTime(5, 0), By: tm1, TeamID: t2, WorkerID: prac2, Reason: "Family moved to the south of the county", WorkerChangeReason: "TSPROC"},
			{Kind: sqldb.BulkClose, At: storyTime(10, 0), By: tm2, Reason: "RC7", Note: "All well", ClosedOn: kith.Today(storyTime(10, 0))},
			{Kind: sqldb.BulkReopen, At: storyTime(12, 0), By: tm2, Reason: "New referral from the school",
				Referral: kith.EpisodeReferralInput{Source: "2A", PrimaryNeed: "N4"}},
			{Kind: sqldb.BulkAllocate, At: storyTime(13, 0), By: tm2, TeamID: t2, WorkerID: prac2},
		},
		Statuses: []sqldb.BulkStatus{
			{Kind: kith.StatusCIN, StartedOn: storyOpen, StartedAt: storyTime(0, 0), StartedBy: prac1, EndedOn: cp, EndedAt: storyTime(3, 0.5), EndedBy: prac1},
			{Kind: kith.StatusCP, StartedOn: cp, StartedAt: storyTime(3, 0), StartedBy: prac1},
			{Kind: kith.StatusCIN, StartedOn: kith.Today(storyTime(13, 1)), StartedAt: storyTime(13, 1), StartedBy: prac2},
			{Kind: kith.StatusCLA, StartedOn: kith.Today(storyTime(16, 2)), StartedAt: storyTime(16, 2), StartedBy: prac2},
		},
		Network: []sqldb.BulkRelationship{
			{PersonID: mother.ID, Kind: kith.RelParent, LivesWithChild: true, ParentalResponsibility: kith.Yes, At: storyTime(0, 1), By: prac1},
		},
		Involvements: []sqldb.BulkInvolvement{{ProfessionalID: gp, Note: "Registered GP", At: storyTime(8, 0), By: prac2}},
		Warnings: []sqldb.BulkWarning{{Kind: kith.WarnAnimals, Detail: "Large dog at the address", ReviewOn: kith.Today(storyTime(40, 0)),
			At: storyTime(8, 1), By: prac2}},
		RestrictedAt: storyTime(6, 0), RestrictedBy: tm2,
	}
	visit, hearing, call, strategy := storyVisit(), storyHearing(), storyCall(), storyStrategy()
	c.Records = []sqldb.BulkRecord{
		{Template: homeVisit, Headline: visit.Headline, OccurredAt: visit.OccurredAt, Location: visit.Location, Content: visit.Content,
			AuthorID: prac2, CreatedAt: storyTime(14, 0), FinalisedAt: storyTime(14, 1)},
		{Template: keyEvent, Headline: hearing.Headline, OccurredAt: hearing.OccurredAt, Significant: true, Content: hearing.Content,
			AuthorID: prac2, CreatedAt: storyTime(14, 2), FinalisedAt: storyTime(14, 3)},
		{Template: phoneCall, Headline: call.Headline, OccurredAt: call.OccurredAt, Content: call.Content, AuthorID: prac2, CreatedAt: storyTime(15, 0)},
		{Template: meeting, Headline: strategy.Headline, OccurredAt: strategy.OccurredAt, OccurredUntil: strategy.OccurredUntil, Location: strategy.Location,
			Content: strategy.Content, AuthorID: prac2, CreatedAt: storyTime(14, 4), FinalisedAt: storyTime(14, 5)},
	}
	c.Section47 = &sqldb.BulkSection47{StrategyRecord: 3, At: storyTime(14, 6), By: prac2, Outcome: kith.S47Conference,
		ConcludedOn: kith.Today(storyTime(15, 1)), Conference: &kith.ConferenceInput{HeldOn: kith.Today(storyTime(15, 1)), Decision: kith.ConferenceNoPlan},
		ConferenceAt: storyTime(15, 1)}
	care := storyCare
	care.By, care.ChildBorn = prac2, child.DateOfBirth
	c.Care = &care
	must(b.Case(c))
	must(b.Close())
	if c.Reference != "KTH-2026-000001" {
		t.Errorf("bulk reference %s", c.Reference)
	}
	actor := func(id string) kith.Actor {
		a, err := db.Actor(ctx, id)
		must(err)
		a.Via = "test"
		return a
	}
	return storyCouncil{t1: t1, t2: t2, prac1: prac1, prac2: prac2, tm1: tm1, tm2: tm2, tm2Actor: actor(tm2), otherPrac: actor(other)}
}

func TestBulkContinuesReferencesAndRollsBackOnError(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		c := newCouncil(t, db)
		ctx := c.Ctx
		prac := c.A(c.Prac1)
		today := kith.Today(kithtest.Now())
		first := c.Case(prac, "Ada", "Ashdown", kithtest.Date(2018, 5, 1), c.T1)

		// A bulk load into a council that has cases carries on its
		// sequence.
		b, err := db.Bulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		now := kithtest.Now().UTC()
		child := &kith.Person{FirstName: "Bea", LastName: "Birchwood", DateOfBirth: kithtest.Date(2017, 1, 2)}
		if err := b.Person(child, now, c.Prac1.ID); err != nil {
			t.Fatal(err)
		}
		bc := &sqldb.BulkCase{ChildID: child.ID, TeamID: c.T1.ID, OpenedOn: today, OpenedAt: now, OpenedBy: c.Prac1.ID}
		if err := b.Case(bc); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		third := c.Case(prac, "Cal", "Cedar", kithtest.Date(2019, 3, 4), c.T1)
		n := func(ref string) string { return ref[len(ref)-6:] }
		if n(first.Reference) != "000001" || n(bc.Reference) != "000002" || n(third.Reference) != "000003" {
			t.Errorf("references %s, %s, %s: want one sequence", first.Reference, bc.Reference, third.Reference)
		}

		// A history the services would refuse fails the load, and nothing
		// of its batch is kept.
		b, err = db.Bulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		kid := &kith.Person{FirstName: "Dot", LastName: "Dale", DateOfBirth: kithtest.Date(2020, 6, 7)}
		if err := b.Person(kid, now, ""); err != nil {
			t.Fatal(err)
		}
		bad := &sqldb.BulkCase{ChildID: kid.ID, TeamID: c.T1.ID, OpenedOn: today, OpenedAt: now,
			History: []sqldb.BulkChange{{Kind: sqldb.BulkAllocate, At: now.Add(time.Minute), TeamID: c.T3.ID, WorkerID: c.Prac3.ID}}}
		if err := b.Case(bad); err == nil || !strings.Contains(err.Error(), "needs a reason") {
			t.Errorf("a move between teams without a reason: %v", err)
		}
		if err := b.Close(); err == nil {
			t.Error("Close after a failed case succeeded")
		}
		if got := db.RawCount(t, `SELECT COUNT(*) FROM people WHERE last_name = 'Dale'`); got != 0 {
			t.Errorf("%d people kept from a failed load", got)
		}
		// The writer still works after the failed load.
		c.Case(prac, "Eve", "Elm", kithtest.Date(2019, 3, 4), c.T1)

		// People are checked as the forms check them.
		b, err = db.Bulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Person(&kith.Person{FirstName: "R2D2", LastName: "Droid"}, now, ""); kith.ErrorCode(errors.Unwrap(err)) != kith.EINVALID {
			t.Errorf("a name with digits: %v", err)
		}
		b.Rollback()
	})
}

// TestBulkReportsWriteErrors checks that a batch the database refuses
// (here, two users with one username) is rolled back and reported by the
// next call, though it was written in the background.
func TestBulkReportsWriteErrors(t *testing.T) {
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := kithtest.Now().UTC()
		b, err := db.Bulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b.BatchCases = 1
		s, _ := b.Service("Early help", now)
		team, _ := b.Team("East", s, now)
		for range 2 {
			if _, err := b.User(sqldb.BulkUser{Username: "sam.sorrel", DisplayName: "Sam Sorrel", Roles: pracRole, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		addCase := func() error {
			child := &kith.Person{FirstName: "Fay", LastName: "Fern", DateOfBirth: kithtest.Date(2019, 1, 1)}
			if err := b.Person(child, now, ""); err != nil {
				return err
			}
			return b.Case(&sqldb.BulkCase{ChildID: child.ID, TeamID: team, OpenedOn: kith.Today(now), OpenedAt: now})
		}
		if err := addCase(); err != nil {
			t.Fatalf("the first case is written in the background: %v", err)
		}
		// SQLite's rows go in by INSERT, PostgreSQL's by COPY.
		if err := addCase(); err == nil || !regexp.MustCompile(`(insert|copy) users`).MatchString(err.Error()) {
			t.Errorf("the next case did not report the failed batch: %v", err)
		}
		if err := b.Close(); err == nil {
			t.Error("Close after a failed batch succeeded")
		}
		if n := db.RawCount(t, `SELECT COUNT(*) FROM users`) + db.RawCount(t, `SELECT COUNT(*) FROM cases`); n != 0 {
			t.Errorf("%d rows kept from the failed batch", n)
		}
	})
}

// storyAssessmentID is the id of the case's one assessment.
func storyAssessmentID(t *testing.T, db *sqldb.DB, a kith.Actor, ref string) string {
	t.Helper()
	all, err := db.Assessments(context.Background(), a, ref)
	if err != nil || len(all) != 1 {
		t.Fatalf("the story's assessments: %+v, %v", all, err)
	}
	return all[0].ID
}
