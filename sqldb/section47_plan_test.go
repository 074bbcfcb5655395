package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// TestAnEnquirysPlanIsFoundByIndex: every read of an enquiry looks up the
// plan its conference made. Without an index on plans.section47_id that is
// a scan of every plan in the council for each enquiry: at the synthetic
// council's full size, 13,875 enquiries times 107,484 plans, which took
// the census over two minutes.
func TestAnEnquirysPlanIsFoundByIndex(t *testing.T) {
	db := kithtest.OpenDB(t, "sqlite")
	rows, err := db.ReadPool().QueryContext(context.Background(),
		`EXPLAIN QUERY PLAN SELECT (SELECT p.id FROM plans p WHERE p.section47_id = s.id) FROM section47s s WHERE s.case_id = 'x'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN p") {
			t.Errorf("the plan of an enquiry is found by scanning every plan: %v", plan)
		}
	}
}
