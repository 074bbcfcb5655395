package kith

// SeesRecordContent reports whether someone who may open a case may read
// what one of its records says: its headline, place, sections, addenda,
// files, saved versions, what the writing coach found in it and its
// fingerprint.
//
// A withdrawn record was written on the wrong child's file, so what it
// says is about another child. Only the case's managers read it (those
// who may withdraw a record, and so check a withdrawal and see the record
// rewritten on the right file). Everyone else who may open the case,
// its writer and auditors included, reads only the notice
// (WithholdContent): that a record of this kind, from this day, by this
// writer, was withdrawn, by whom, when and why. An auditor's evidence is
// that notice and the case's access log, which names everyone who read the
// record; the other child's words are not needed for it.
//
// Storage applies this wherever a record is read (the record, its saved
// versions, findings, files and summary, and the API), so no path shows
// more than the record page does.
func SeesRecordContent(status RecordStatus, p CasePermissions) bool {
	return status != RecordWithdrawn || p.Manage
}

// ErrContentWithheld is the answer to a request for what a withdrawn
// record said from someone SeesRecordContent refuses.
func ErrContentWithheld() error {
	return Errorf(EFORBIDDEN, "This record was withdrawn because it was written on the wrong child’s file. Only the case’s managers can read what it said.")
}

// WithholdContent leaves a record holding only its withdrawal notice: its
// id, case, kind, when it happened, who wrote it and when, its status and
// version, and who withdrew it, when and why. Everything it said, and
// everything kept with it, is emptied, and ContentWithheld says so.
func (r *Record) WithholdContent() {
	*r = Record{
		ID: r.ID, CaseID: r.CaseID, CaseReference: r.CaseReference,
		TemplateKey: r.TemplateKey, TemplateVersion: r.TemplateVersion, TemplateName: r.TemplateName,
		OccurredAt: r.OccurredAt, Status: r.Status, Version: r.Version,
		AuthorID: r.AuthorID, AuthorName: r.AuthorName, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, FinalisedAt: r.FinalisedAt,
		WithdrawnAt: r.WithdrawnAt, WithdrawnByName: r.WithdrawnByName, WithdrawReason: r.WithdrawReason,
		Content:         RecordContent{},
		ContentWithheld: true,
	}
}
