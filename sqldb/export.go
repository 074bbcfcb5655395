package sqldb

import (
	"context"

	"kith"
)

// RecordsExported audits a copy of a case's records leaving Kith as a file
// (a PDF of one record, or of the running record): subjectType is "record"
// with the record's id, or "records" with the case's reference; detail says
// what was in it. It is called after the file is made and before it is
// sent, so a copy the access log cannot record is not sent.
func (db *DB) RecordsExported(ctx context.Context, a kith.Actor, caseID, subjectType, subjectID, detail string) error {
	return db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordExported, CaseID: caseID, SubjectType: subjectType, SubjectID: subjectID, Detail: detail})
}
