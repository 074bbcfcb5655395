package kith

import "time"

// AuditAction names what happened in an audit event.
type AuditAction string

// The audited actions. Reads are audited as well as changes: who looked at a
// child's record matters as much as who changed it.
const (
	AuditCaseViewed           AuditAction = "case.viewed"
	AuditCaseListed           AuditAction = "case.listed"
	AuditCaseFound            AuditAction = "case.found"
	AuditCaseCreated          AuditAction = "case.created"
	AuditCaseAllocated        AuditAction = "case.allocated"
	AuditCaseClosed           AuditAction = "case.closed"
	AuditCaseReopened         AuditAction = "case.reopened"
	AuditStatusStarted        AuditAction = "status.started"
	AuditStatusEnded          AuditAction = "status.ended"
	AuditPersonAdded          AuditAction = "person.added"
	AuditPersonViewed         AuditAction = "person.viewed"
	AuditPersonUpdated        AuditAction = "person.updated"
	AuditRelationshipChange   AuditAction = "relationship.changed"
	AuditIdentityViewed       AuditAction = "identity.viewed"
	AuditIdentityChanged      AuditAction = "identity.changed"
	AuditJourneyViewed        AuditAction = "journey.viewed"
	AuditReferralRecorded     AuditAction = "episode.referral"
	AuditReferralDecided      AuditAction = "episode.decision"
	AuditAssessmentStarted    AuditAction = "assessment.started"
	AuditAssessmentChanged    AuditAction = "assessment.changed"
	AuditAssessmentAuthorised AuditAction = "assessment.authorised"
	AuditS47Started           AuditAction = "s47.started"
	AuditS47Concluded         AuditAction = "s47.concluded"
	AuditConferenceHeld       AuditAction = "s47.conference"
	AuditCareStarted          AuditAction = "care.started"
	AuditCareChanged          AuditAction = "care.changed"
	AuditCareEnded            AuditAction = "care.ended"
	AuditCLAReviewRecorded    AuditAction = "care.review"
	AuditPermanenceRecorded   AuditAction = "care.permanence"
	AuditPermanencePlan       AuditAction = "care.permanence_plan"
	AuditHealthRecorded       AuditAction = "care.health"
	AuditLeaverRecorded       AuditAction = "care.leaver"
	AuditAdoptionDecision     AuditAction = "care.adoption_decision"
	AuditAdoptionMatch        AuditAction = "care.adoption_match"
	AuditContactRecorded      AuditAction = "contact.recorded"
	AuditEarlyHelpAssessment  AuditAction = "early_help.assessment"
	AuditAdoptersViewed       AuditAction = "adopters.viewed"
	AuditAdoptersRecorded     AuditAction = "adopters.recorded"
	AuditSARViewed            AuditAction = "sar.viewed"
	AuditSARRecorded          AuditAction = "sar.recorded"
	AuditSARBundleViewed      AuditAction = "sar.bundle_viewed"
	AuditSARBundleChanged     AuditAction = "sar.bundle_changed"
	AuditCaseFileRequested    AuditAction = "case_file.requested"
	AuditRetentionViewed      AuditAction = "retention.viewed"
	AuditRetentionChanged     AuditAction = "retention.changed"
	AuditCaseDisposed         AuditAction = "case.disposed"
	AuditMissingRecorded      AuditAction = "missing.recorded"
	AuditMissingChanged       AuditAction = "missing.changed"
	AuditAddressAdded         AuditAction = "address.added"
	AuditAddressEnded         AuditAction = "address.ended"
	AuditPhoneAdded           AuditAction = "phone.added"
	AuditPhoneEnded           AuditAction = "phone.ended"
	AuditProfessionalAdded    AuditAction = "professional.added"
	AuditProfessionalChange   AuditAction = "professional.changed"
	AuditWarningAdded         AuditAction = "warning.added"
	AuditWarningChanged       AuditAction = "warning.changed"
	AuditAccessLogViewed      AuditAction = "access_log.viewed"
	AuditAccessChanged        AuditAction = "access.changed"
	AuditAccessDenied         AuditAction = "access.denied"
	AuditRecordDrafted        AuditAction = "record.drafted"
	AuditRecordSaved          AuditAction = "record.saved"
	AuditRecordFinalised      AuditAction = "record.finalised"
	AuditRecordViewed         AuditAction = "record.viewed"
	AuditRecordListed         AuditAction = "record.listed"
	AuditRecordFound          AuditAction = "record.found"
	AuditRecordExported       AuditAction = "record.exported"
	AuditAddendumAdded        AuditAction = "record.addendum"
	AuditRecordWithdrawn      AuditAction = "record.withdrawn"
	AuditRecordDiscarded      AuditAction = "record.discarded"
	AuditAttachmentAdded      AuditAction = "attachment.added"
	AuditAttachmentViewed     AuditAction = "attachment.viewed"
	AuditTemplateAdded        AuditAction = "template.added"
	AuditTimelinessChanged    AuditAction = "timeliness.changed"
	AuditReportViewed         AuditAction = "report.viewed"
	AuditReturnMade           AuditAction = "return.made"
	AuditReturnChecked        AuditAction = "return.checked"
	AuditReturnRequested      AuditAction = "return.requested"
	AuditReturnDownloaded     AuditAction = "return.downloaded"
	AuditActionAdded          AuditAction = "action.added"
	AuditActionUpdated        AuditAction = "action.updated"
	AuditActionViewed         AuditAction = "action.viewed"
	AuditPlanStarted          AuditAction = "plan.started"
	AuditPlanEnded            AuditAction = "plan.ended"
	AuditPlanViewed           AuditAction = "plan.viewed"
	AuditPlanReviewed         AuditAction = "plan.reviewed"
	AuditObjectiveSaved       AuditAction = "objective.saved"
	AuditReferralAdded        AuditAction = "referral.added"
	AuditReferralChased       AuditAction = "referral.chased"
	AuditReferralOutcome      AuditAction = "referral.outcome"
	AuditReferralViewed       AuditAction = "referral.viewed"
	AuditChronologyViewed     AuditAction = "chronology.viewed"
	AuditChronologyExported   AuditAction = "chronology.exported"
	AuditChronologyCreated    AuditAction = "chronology.created"
	AuditChronologyUpdated    AuditAction = "chronology.updated"
	AuditChronologyFinished   AuditAction = "chronology.finished"
	AuditChronologyReopened   AuditAction = "chronology.reopened"
	AuditSummaryStarted       AuditAction = "summary.started"
	AuditSummaryGathered      AuditAction = "summary.gathered"
	AuditSummaryViewed        AuditAction = "summary.viewed"
	AuditSummaryShared        AuditAction = "summary.shared"
	AuditSummarySignedOff     AuditAction = "summary.signed_off"
	AuditSummaryOverridden    AuditAction = "summary.overridden"
	AuditQualityChecked       AuditAction = "quality.checked"
	AuditFindingDismissed     AuditAction = "quality.dismissed"
	AuditQualityViewed        AuditAction = "quality.viewed"
	AuditFindingsViewed       AuditAction = "quality.findings_viewed"

	AuditSignIn        AuditAction = "sign_in"
	AuditSignInFailed  AuditAction = "sign_in.failed"
	AuditSignOut       AuditAction = "sign_out"
	AuditTokenCreated  AuditAction = "token.created"
	AuditTokenRevoked  AuditAction = "token.revoked"
	AuditUserCreated   AuditAction = "user.created"
	AuditUserUpdated   AuditAction = "user.updated"
	AuditUserDisabled  AuditAction = "user.disabled"
	AuditUserEnabled   AuditAction = "user.enabled"
	AuditTeamChanged   AuditAction = "team.changed"
	AuditServiceChange AuditAction = "service.changed"
	// Access to cases granted or taken away: a role, a team, managing a
	// team or service (RoleChange).
	AuditAccessGranted AuditAction = "access.granted"
	AuditAccessRemoved AuditAction = "access.removed"
	// Password resets: a one-time link issued by an administrator, and the
	// user setting their own password with it.
	AuditPasswordResetIssued AuditAction = "password.reset_issued"
	AuditPasswordSet         AuditAction = "password.set"
	AuditRoleChangesViewed   AuditAction = "role_changes.viewed"
	// The check of the chains and final records: asked for, and its
	// result.
	AuditIntegrityRequested AuditAction = "integrity.requested"
	AuditIntegrityChecked   AuditAction = "integrity.checked"
)

// Label says what the action was in words for the access log.
func (a AuditAction) Label() string {
	if l, ok := auditLabels[a]; ok {
		return l
	}
	return string(a)
}

var auditLabels = map[AuditAction]string{
	AuditCaseViewed: "Viewed the case", AuditCaseListed: "Saw the case in a caseload list",
	AuditCaseFound: "Saw the case in search results", AuditCaseCreated: "Opened the case",
	AuditCaseAllocated: "Allocated or transferred the case", AuditCaseClosed: "Closed the case",
	AuditCaseReopened: "Reopened the case", AuditStatusStarted: "Started a status",
	AuditStatusEnded: "Ended a status", AuditPersonAdded: "Added a person",
	AuditPersonViewed: "Viewed a person", AuditPersonUpdated: "Changed a person's details",
	AuditRelationshipChange: "Changed a relationship",
	AuditIdentityViewed:     "Viewed the child's identity items and their history", AuditIdentityChanged: "Changed the child's identity items",
	AuditJourneyViewed: "Viewed the child's episodes and referrals", AuditReferralRecorded: "Recorded a referral to children's social care",
	AuditReferralDecided:   "Recorded the decision on a referral",
	AuditAssessmentStarted: "Started a child and family assessment", AuditAssessmentChanged: "Changed an assessment's start or factors",
	AuditAssessmentAuthorised: "Authorised a child and family assessment",
	AuditS47Started:           "Started a section 47 enquiry", AuditS47Concluded: "Recorded the outcome of a section 47 enquiry",
	AuditConferenceHeld: "Recorded an initial child protection conference",
	AuditCareStarted:    "Recorded that a child became looked after", AuditCareChanged: "Recorded a change of placement or legal status",
	AuditCareEnded: "Recorded that a child stopped being looked after", AuditCLAReviewRecorded: "Recorded a looked-after review",
	AuditPermanenceRecorded:  "Recorded whether a looked-after child left care before through adoption or an order",
	AuditHealthRecorded:      "Recorded a looked-after child's health outcomes for a year",
	AuditLeaverRecorded:      "Recorded whether the council was in touch with a care leaver, and their activity and accommodation",
	AuditAdoptionDecision:    "Recorded a decision that a looked-after child should be placed for adoption, or its reversal",
	AuditAdoptionMatch:       "Recorded a looked-after child's match with prospective adopters",
	AuditContactRecorded:     "Recorded or corrected a contact to the front door that was not a referral",
	AuditEarlyHelpAssessment: "Recorded or corrected an early help assessment",
	AuditAdoptersViewed:      "Viewed households in the adopters register",
	AuditAdoptersRecorded:    "Recorded or corrected a household in the adopters register",
	AuditSARViewed:           "Viewed subject access requests",
	AuditSARRecorded:         "Logged or changed a subject access request for the case's record",
	AuditSARBundleViewed:     "Read the case's record gathered for a subject access request",
	AuditSARBundleChanged:    "Gathered, reviewed or finalised the case's record for a subject access request",
	AuditCaseFileRequested:   "Asked for the whole case file as a PDF, or had it made",
	AuditRetentionViewed:     "Viewed what is due for disposal under the retention policy",
	AuditRetentionChanged:    "Changed the retention policy, a legal hold or a proposed disposal",
	AuditCaseDisposed:        "Approved the disposal of the case's record: its content was removed",
	AuditMissingRecorded:     "Recorded a missing episode", AuditMissingChanged: "Changed a missing episode", AuditAddressAdded: "Added an address",
	AuditAddressEnded: "Ended an address", AuditPhoneAdded: "Added a telephone number",
	AuditPhoneEnded: "Ended a telephone number", AuditProfessionalAdded: "Added a professional",
	AuditProfessionalChange: "Changed a professional's involvement", AuditWarningAdded: "Added a warning",
	AuditWarningChanged: "Changed a warning", AuditAccessLogViewed: "Viewed the access log",
	AuditAccessChanged: "Changed who may open the case", AuditAccessDenied: "Was refused access",
	AuditSignIn: "Signed in", AuditSignInFailed: "Failed to sign in", AuditSignOut: "Signed out",
	AuditTokenCreated: "Created an API token", AuditTokenRevoked: "Revoked an API token",
	AuditUserCreated: "Created a user", AuditUserUpdated: "Changed a user", AuditUserDisabled: "Disabled a user",
	AuditUserEnabled: "Enabled a user", AuditTeamChanged: "Changed a team", AuditServiceChange: "Changed a service",
	AuditRecordDrafted: "Started a record", AuditRecordSaved: "Saved a draft record", AuditRecordFinalised: "Finalised a record",
	AuditRecordViewed: "Read a record", AuditRecordListed: "Viewed the running record", AuditRecordFound: "Saw records in search results",
	AuditRecordExported: "Exported records as a PDF",
	AuditAddendumAdded:  "Added an addendum to a record", AuditRecordWithdrawn: "Withdrew a record",
	AuditRecordDiscarded: "Discarded a draft record",
	AuditAttachmentAdded: "Uploaded a file", AuditAttachmentViewed: "Opened a file", AuditTemplateAdded: "Added a record template",
	AuditTimelinessChanged: "Changed the working-day calendar and deadlines", AuditReportViewed: "Viewed a report",
	AuditReturnMade:       "Made a statutory return from the cases listed",
	AuditChronologyViewed: "Viewed a chronology", AuditChronologyExported: "Printed or downloaded a chronology",
	AuditChronologyCreated: "Started a chronology", AuditChronologyUpdated: "Changed a chronology",
	AuditChronologyFinished: "Finished a chronology", AuditChronologyReopened: "Reopened a chronology",
	AuditActionAdded: "Raised an action", AuditActionUpdated: "Followed up an action", AuditActionViewed: "Viewed actions",
	AuditPlanStarted: "Started a plan", AuditPlanEnded: "Ended a plan", AuditPlanViewed: "Viewed the plan",
	AuditPlanReviewed: "Recorded a plan review", AuditObjectiveSaved: "Added or changed a plan objective",
	AuditReferralAdded: "Recorded a referral", AuditReferralChased: "Chased a referral",
	AuditReferralOutcome: "Recorded a referral's outcome", AuditReferralViewed: "Viewed referrals",
	AuditSummaryStarted: "Started a case summary", AuditSummaryGathered: "Gathered a case summary's facts again",
	AuditSummaryViewed: "Read a case summary", AuditSummaryShared: "Recorded sharing a summary with the family",
	AuditSummarySignedOff: "Countersigned a case summary", AuditSummaryOverridden: "Closed or transferred without a covering summary",
	AuditQualityChecked: "Had writing checked by the quality coach", AuditFindingDismissed: "Dismissed a quality coach finding",
	AuditQualityViewed: "Viewed the recording quality of a team", AuditFindingsViewed: "Read what the quality coach kept with a record",
	AuditAccessGranted: "Gave a user access", AuditAccessRemoved: "Took a user's access away",
	AuditPasswordResetIssued: "Issued a link to set a password", AuditPasswordSet: "Set their password with a one-time link",
	AuditRoleChangesViewed:  "Viewed the role changes",
	AuditIntegrityRequested: "Asked Kith to check that records are unchanged", AuditIntegrityChecked: "Checked that records are unchanged",
}

// Reads reports whether the action is a read rather than a change.
func (a AuditAction) Read() bool {
	switch a {
	case AuditCaseViewed, AuditCaseListed, AuditCaseFound, AuditPersonViewed, AuditAccessLogViewed,
		AuditRecordViewed, AuditRecordListed, AuditRecordFound, AuditRecordExported, AuditAttachmentViewed, AuditReportViewed, AuditReturnMade, AuditReturnChecked, AuditReturnDownloaded,
		AuditChronologyViewed, AuditChronologyExported, AuditActionViewed, AuditPlanViewed, AuditReferralViewed, AuditSummaryViewed,
		AuditQualityChecked, AuditQualityViewed, AuditFindingsViewed, AuditAdoptersViewed, AuditSARViewed, AuditSARBundleViewed, AuditRetentionViewed:
		return true
	}
	return false
}

// AuditEvent is one entry in the append-only audit log. For a list of
// cases shown (SubjectType "list"), SubjectID names the list by what was
// in it ("list:" and a hash of its cases' ids; empty for an empty list
// or one shown before lists were kept once): every event that showed the
// same cases has the same SubjectID.
type AuditEvent struct {
	ID          string      `json:"id"`
	At          time.Time   `json:"at"`
	UserID      string      `json:"user_id,omitempty"`
	UserName    string      `json:"user_name,omitempty"`
	Action      AuditAction `json:"action"`
	CaseID      string      `json:"case_id,omitempty"`
	SubjectType string      `json:"subject_type,omitempty"`
	SubjectID   string      `json:"subject_id,omitempty"`
	Detail      string      `json:"detail,omitempty"`
	IP          string      `json:"ip,omitempty"`
	UserAgent   string      `json:"user_agent,omitempty"`
	RequestID   string      `json:"request_id,omitempty"`
	Via         string      `json:"via,omitempty"`
}

// AccessLogFilter narrows a case's access log.
type AccessLogFilter struct {
	// IncludeLists includes appearances in caseload lists and search
	// results, which are many and usually not what a reviewer wants first.
	IncludeLists bool
	Limit        int
	Before       time.Time // for paging: events strictly before this time
}
