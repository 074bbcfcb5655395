package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/uuid"

	"kith"
)

// AddAttachment uploads a file to a draft record, with its provenance. The
// file is checked (size, and that its content matches its name) before
// anything is stored; it is kept in the database or, when FilesDir is set,
// in that folder under its SHA-256.
func (db *DB) AddAttachment(ctx context.Context, a kith.Actor, recordID string, in kith.AttachmentInput, data []byte, maxSize int64) (*kith.Attachment, error) {
	var out *kith.Attachment
	in.Size = int64(len(data))
	in.Head = data[:min(len(data), 512)]
	// Unpacking an Office document to check it takes a moment: do it
	// before the write transaction, not while holding it.
	in.Data = data
	if _, err := in.Check(maxSize, kith.Today(db.Now())); err != nil {
		return nil, db.finish(ctx, a, err)
	}
	in.Data = nil
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, recordID)
		if err != nil {
			return err
		}
		contentType, err := in.Check(maxSize, tx.Today())
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		at := &kith.Attachment{ID: newID(), CaseID: c.ID, RecordID: r.ID, Filename: in.Filename, ContentType: contentType, Size: in.Size,
			SHA256: hex.EncodeToString(sum[:]), Description: in.Description, AltText: in.AltText, ReceivedOn: in.ReceivedOn, ProvidedBy: in.ProvidedBy,
			ProvidedRole: in.ProvidedRole, UploadedBy: a.User.DisplayName, UploadedAt: tx.now}
		var blob []byte
		path := ""
		if db.FilesDir != "" {
			if path, err = db.storeFile(at.SHA256, data); err != nil {
				return err
			}
		} else {
			blob = data
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (id, case_id, record_id, filename, content_type, size, sha256, description, received_on,
			provided_by, provided_role, uploaded_by, uploaded_at, data, path, alt_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			at.ID, c.ID, r.ID, at.Filename, at.ContentType, at.Size, at.SHA256, at.Description, dt(at.ReceivedOn), at.ProvidedBy, at.ProvidedRole,
			a.UserID(), ts(tx.now), blob, path, at.AltText); err != nil {
			return fmt.Errorf("store attachment: %w", err)
		}
		// A file section of the template lists the record's files.
		for _, s := range t.Sections {
			if s.Kind == kith.SectionFile {
				// A copy, so the save sees a change from what is stored.
				content := kith.RecordContent{}
				for k, v := range r.Content {
					content[k] = v
				}
				v := content[s.Key]
				v.Files = append(append([]string(nil), v.Files...), at.ID)
				content[s.Key] = v
				in := r.Input()
				in.Content = content
				if _, err := tx.updateDraft(ctx, a, c, r, t, in); err != nil {
					return err
				}
				break
			}
		}
		out = at
		return tx.audit(a, auditEntry{Action: kith.AuditAttachmentAdded, CaseID: c.ID, SubjectType: "attachment", SubjectID: at.ID,
			Detail: fmt.Sprintf("%s (%s, %d bytes) on record %s", at.Filename, at.ContentType, at.Size, r.ID)})
	})
	return out, db.finish(ctx, a, err)
}

// storeFile writes a file into FilesDir under its hash, atomically.
func (db *DB) storeFile(sum string, data []byte) (string, error) {
	rel := filepath.Join(sum[:2], sum)
	full := filepath.Join(db.FilesDir, rel)
	if _, err := os.Stat(full); err == nil {
		return rel, nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return "", fmt.Errorf("store file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return "", fmt.Errorf("store file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("store file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return rel, os.Rename(tmp.Name(), full)
}

const attachmentColumns = `a.id, a.case_id, COALESCE(a.record_id, ''), a.filename, a.content_type, a.size, a.sha256, a.description,
	a.received_on, a.provided_by, a.provided_role, u.display_name, a.uploaded_at, a.alt_text`

func scanAttachment(row interface{ Scan(...any) error }, extra ...any) (*kith.Attachment, error) {
	var at kith.Attachment
	var received scanDate
	var uploaded scanTime
	if err := row.Scan(append([]any{&at.ID, &at.CaseID, &at.RecordID, &at.Filename, &at.ContentType, &at.Size, &at.SHA256, &at.Description,
		&received, &at.ProvidedBy, &at.ProvidedRole, &at.UploadedBy, &uploaded, &at.AltText}, extra...)...); err != nil {
		return nil, err
	}
	at.ReceivedOn, at.UploadedAt = received.D, uploaded.T
	return &at, nil
}

func (tx *Tx) attachments(ctx context.Context, recordID string) ([]kith.Attachment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments a JOIN users u ON u.id = a.uploaded_by
		WHERE a.record_id = $1 ORDER BY a.uploaded_at, a.id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	var out []kith.Attachment
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *at)
	}
	return out, rows.Err()
}

// Attachment returns a file and its bytes for someone who may see its
// record; opening it is audited.
func (db *DB) Attachment(ctx context.Context, a kith.Actor, id string) (*kith.Attachment, []byte, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil, kith.NotFound("File")
	}
	var at *kith.Attachment
	var data []byte
	var path string
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		at, err = scanAttachment(tx.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, a.data, a.path FROM attachments a
			JOIN users u ON u.id = a.uploaded_by WHERE a.id = $1`, id), &data, &path)
		if errNoRows(err) {
			return kith.NotFound("File")
		} else if err != nil {
			return err
		}
		// A withdrawn record's files are part of what it said: to those who
		// may not read it they are answered as unknown (their ids are
		// never shown to them), and the refusal is audited.
		_, _, _, err = tx.contentFor(ctx, a, at.RecordID)
		if code := kith.ErrorCode(err); code == kith.ENOTFOUND || code == kith.EFORBIDDEN {
			return notFoundAs(err, "File")
		}
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	if path != "" {
		if data, err = os.ReadFile(filepath.Join(db.FilesDir, path)); err != nil {
			return nil, nil, fmt.Errorf("read attachment %s: %w", id, err)
		}
	}
	return at, data, db.auditReads(ctx, a, auditEntry{Action: kith.AuditAttachmentViewed, CaseID: at.CaseID, SubjectType: "attachment", SubjectID: id, Detail: at.Filename})
}
