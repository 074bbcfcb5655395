package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"kith/export"
	"kith/sqldb"
	"kith/web"
)

// exportOperations is a home visit downloaded as a PDF, through Kith's
// page (access check, reading the record, the document, Chromium's print
// and the audit). The raw side reads the record's row and prints the same
// document with Chromium alone, so the ratio says what Kith adds to the
// printing. Without Chromium the row is left out, and the bench says so.
func exportOperations(ctx context.Context, db *sqldb.DB, srv *web.Server, w *workload, only string, out io.Writer) ([]operation, error) {
	if !chosen(only, "export/") {
		return nil, nil
	}
	if !srv.Printer().Available() {
		fmt.Fprintln(out, "export/record-pdf is left out: "+export.ErrNoChromium.Error())
		return nil, nil
	}
	type visit struct {
		userID, path, id string
		doc              []byte
	}
	var visits []visit
	for i := 0; len(visits) < 20 && i < 2000; i++ {
		cl, ref := w.pickCase(i)
		var id string
		err := w.db.QueryRowContext(ctx, `SELECT r.id FROM records r JOIN cases c ON c.id = r.case_id
			WHERE c.reference = $1 AND r.template_key = 'home-visit' AND r.status = 'final' ORDER BY r.occurred_at DESC LIMIT 1`, ref).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return nil, err
		}
		a, err := db.Actor(ctx, cl.userID)
		if err != nil {
			return nil, err
		}
		doc, err := srv.RecordDocument(ctx, a, id)
		if err != nil {
			return nil, err
		}
		visits = append(visits, visit{userID: cl.userID, path: "/cases/" + ref + "/records/" + id + "/pdf", id: id, doc: doc})
	}
	if len(visits) == 0 {
		return nil, errors.New("export/record-pdf: no final home visit on the caseloads' cases")
	}
	return []operation{{
		name: "export/record-pdf", target: "1 s", n: 100, budget: time.Minute,
		request: func(i int) *httpRequest {
			v := visits[i%len(visits)]
			return w.get(v.userID, v.path)
		},
		raw: func(ctx context.Context, i int) error {
			v := visits[i%len(visits)]
			if _, err := drain(ctx, w.db, `SELECT * FROM records WHERE id = $1`, v.id); err != nil {
				return err
			}
			_, err := srv.Printer().PDF(ctx, v.doc, export.Frame{Child: "child", Reference: "reference", Title: "Home visit"})
			return err
		},
	}}, nil
}
