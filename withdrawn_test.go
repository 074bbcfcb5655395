package kith

import (
	"reflect"
	"testing"
	"time"
)

func TestSeesRecordContent(t *testing.T) {
	// Rows: role. Columns: relationships (as in the access table). Who,
	// among those who may open the case, reads what a withdrawn record
	// said: only the case's managers. "-" is someone who cannot open the
	// case at all (storage answers them as if the record did not exist).
	want := map[Role][]string{
		//                   allocated team-member manages-team manages-service none
		RolePractitioner:          {"notice", "notice", "-", "-", "-"},
		RoleTeamManager:           {"notice", "-", "content", "-", "-"},
		RoleServiceManager:        {"notice", "-", "-", "content", "-"},
		RoleAdministrator:         {"-", "-", "-", "-", "-"},
		RoleAuditor:               {"notice", "notice", "notice", "notice", "notice"},
		RoleInformationGovernance: {"-", "-", "-", "-", "-"},
	}
	for _, role := range Roles {
		for i, rel := range relationships {
			a, c := actorFor([]Role{role}, rel)
			got := "-"
			if Decide(a, c, ViewCase, DefaultAccessPolicy).Allowed {
				p := PermissionsFor(a, c, DefaultAccessPolicy)
				// A final or draft record is read by everyone who may
				// open the case (drafts by those who may edit it).
				if !SeesRecordContent(RecordFinal, p) {
					t.Errorf("%s, %s: a final record's content is withheld", role, rel)
				}
				got = "notice"
				if SeesRecordContent(RecordWithdrawn, p) {
					got = "content"
				}
			}
			if got != want[role][i] {
				t.Errorf("%s, %s: a withdrawn record shows its %s, want %s", role, rel, got, want[role][i])
			}
		}
	}
	// The record's own writer, on a case they still hold, reads the notice.
	writer, c := actorFor([]Role{RolePractitioner}, "allocated")
	if SeesRecordContent(RecordWithdrawn, PermissionsFor(writer, c, DefaultAccessPolicy)) {
		t.Error("the writer of a withdrawn record reads it")
	}
	for _, c := range []struct {
		name   string
		status RecordStatus
		perms  CasePermissions
		want   bool
	}{
		{"final, to a practitioner", RecordFinal, CasePermissions{Edit: true}, true},
		{"draft, to a practitioner", RecordDraft, CasePermissions{Edit: true}, true},
		{"final, to an auditor", RecordFinal, CasePermissions{ViewAccessLog: true}, true},
		{"withdrawn, to a practitioner", RecordWithdrawn, CasePermissions{Edit: true}, false},
		{"withdrawn, to an auditor", RecordWithdrawn, CasePermissions{ViewAccessLog: true}, false},
		{"withdrawn, to the case's manager", RecordWithdrawn, CasePermissions{Edit: true, Manage: true, ViewAccessLog: true, ManageAccess: true}, true},
		{"withdrawn, to nobody in particular", RecordWithdrawn, CasePermissions{}, false},
	} {
		if got := SeesRecordContent(c.status, c.perms); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestWithholdContent(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	until, final, withdrawn := at.Add(time.Hour), at.Add(24*time.Hour), at.Add(48*time.Hour)
	r := Record{ID: "r1", CaseID: "c1", CaseReference: "KTH-2026-000001", GroupID: "g1", TemplateKey: "home-visit", TemplateVersion: 2,
		TemplateName: "Home visit", Headline: "Visit to Jade", OccurredAt: at, OccurredUntil: &until, Location: "Jade's home",
		Significant: true, RiskIdentified: true, Status: RecordWithdrawn, Content: RecordContent{"observations": {Text: "Jade said…"}},
		Version: 4, AuthorID: "u1", AuthorName: "Ann Ash", CreatedAt: at, UpdatedAt: final, LastSavedBy: "Ann Ash", FinalisedAt: &final,
		ContentHash: "abc", WithdrawnAt: &withdrawn, WithdrawnByName: "Dee Daw", WithdrawReason: "About her cousin Jade",
		Addenda: []Addendum{{Text: "Jade's school rang"}}, Attachments: []Attachment{{Filename: "jade.jpg"}},
		Timeliness: &RecordTimeliness{Rule: "5 working days"}, Objectives: []ObjectiveRef{{ID: "o1"}}, Typed: map[string]string{"x": "y"}}
	r.WithholdContent()
	want := Record{ID: "r1", CaseID: "c1", CaseReference: "KTH-2026-000001", TemplateKey: "home-visit", TemplateVersion: 2,
		TemplateName: "Home visit", OccurredAt: at, Status: RecordWithdrawn, Content: RecordContent{}, Version: 4, AuthorID: "u1",
		AuthorName: "Ann Ash", CreatedAt: at, UpdatedAt: final, FinalisedAt: &final, WithdrawnAt: &withdrawn, WithdrawnByName: "Dee Daw",
		WithdrawReason: "About her cousin Jade", ContentWithheld: true}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("withheld:\n got %+v\nwant %+v", r, want)
	}
}
