package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kith"
)

// insertPerson stores a new person and their search keys.
func (tx *Tx) insertPerson(ctx context.Context, a kith.Actor, in kith.PersonInput) (string, error) {
	id := newID()
	_, err := tx.ExecContext(ctx, `INSERT INTO people (id, first_name, last_name, known_as, date_of_birth, gender, nhs_number, created_at, updated_at, created_by, expected_date_of_birth)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)`,
		id, in.FirstName, in.LastName, in.KnownAs, dt(in.DateOfBirth), string(in.Gender), in.NHSNumber, ts(tx.now), nullString(a.UserID()), dt(in.ExpectedDateOfBirth))
	if err != nil {
		return "", fmt.Errorf("insert person: %w", err)
	}
	return id, tx.indexName(ctx, id, in.FirstName, in.LastName, in.KnownAs)
}

// NameKeys returns the search keys for a person's names: each name word
// ("t:" prefix) and its sound key ("s:" prefix).
func NameKeys(names ...string) (keys, terms []string) {
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, n := range names {
		for _, tok := range kith.NameTokens(n) {
			if !seen["t:"+tok] {
				terms = append(terms, tok)
			}
			add("t:" + tok)
			add("s:" + kith.SoundKey(tok))
		}
	}
	sort.Strings(keys)
	return keys, terms
}

// indexName replaces a person's search keys.
func (tx *Tx) indexName(ctx context.Context, personID, first, last, knownAs string) error {
	if err := tx.indexPersonNames(ctx, personID, first, last, knownAs); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_name_keys WHERE person_id = $1`, personID); err != nil {
		return err
	}
	keys, terms := NameKeys(first, last, knownAs)
	if len(keys) > 0 {
		var b strings.Builder
		args := make([]any, 0, 2*len(keys))
		b.WriteString(`INSERT INTO person_name_keys (key, person_id) VALUES `)
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, k, personID)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("index name: %w", err)
		}
	}
	if len(terms) > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO name_terms (term) VALUES (`+strings.Join(numbered(1, len(terms)), "), (")+`) ON CONFLICT (term) DO NOTHING`, anys(terms)...)
		if err != nil {
			return fmt.Errorf("index name terms: %w", err)
		}
	}
	return nil
}

func numbered(start, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("$%d", start+i)
	}
	return out
}

// insertAddress stores an address, ending the current one first when the
// new one replaces it.
func (tx *Tx) insertAddress(ctx context.Context, a kith.Actor, personID string, in kith.AddressInput) (string, error) {
	from := in.FromDate
	if from.IsZero() {
		from = tx.Today()
	}
	if in.ReplacesCurrent {
		if _, err := tx.ExecContext(ctx, `UPDATE addresses SET to_date = $2 WHERE person_id = $1 AND to_date IS NULL`, personID, dt(from)); err != nil {
			return "", err
		}
	}
	id := newID()
	_, err := tx.ExecContext(ctx, `INSERT INTO addresses (id, person_id, line1, line2, town, postcode, from_date, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, personID, in.Line1, in.Line2, in.Town, in.Postcode, dt(from), ts(tx.now), nullString(a.UserID()))
	if err != nil {
		return "", fmt.Errorf("insert address: %w", err)
	}
	return id, nil
}

// insertPhone stores a telephone number, ending the current numbers of the
// same kind first when the new one replaces them.
func (tx *Tx) insertPhone(ctx context.Context, a kith.Actor, personID string, in kith.PhoneInput) (string, error) {
	from := in.FromDate
	if from.IsZero() {
		from = tx.Today()
	}
	if in.ReplacesCurrent {
		if _, err := tx.ExecContext(ctx, `UPDATE phones SET to_date = $3 WHERE person_id = $1 AND kind = $2 AND to_date IS NULL`, personID, string(in.Kind), dt(from)); err != nil {
			return "", err
		}
	}
	id := newID()
	digits := in.Digits()
	_, err := tx.ExecContext(ctx, `INSERT INTO phones (id, person_id, number, digits, digits_rev, kind, from_date, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, personID, in.Number, digits, reverse(digits), string(in.Kind), dt(from), ts(tx.now), nullString(a.UserID()))
	if err != nil {
		return "", fmt.Errorf("insert phone: %w", err)
	}
	return id, nil
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// loadPeople loads people with their addresses and phones (current first,
// then old ones, newest first).
func (tx *Tx) loadPeople(ctx context.Context, ids []string) (map[string]*kith.Person, error) {
	ids = dedupe(ids)
	out, err := tx.peopleWithoutContacts(ctx, ids)
	if err != nil || len(ids) == 0 {
		return out, err
	}
	in := placeholders(1, len(ids))
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, line1, line2, town, postcode, from_date, to_date FROM addresses WHERE person_id IN (`+in+`)
		ORDER BY person_id, to_date IS NOT NULL, to_date DESC, from_date DESC, created_at DESC`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("load addresses: %w", err)
	}
	for rows.Next() {
		var ad kith.Address
		var pid string
		var from, to scanDate
		if err := rows.Scan(&ad.ID, &pid, &ad.Line1, &ad.Line2, &ad.Town, &ad.Postcode, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		ad.FromDate, ad.ToDate = from.D, to.D
		out[pid].Addresses = append(out[pid].Addresses, ad)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT id, person_id, number, kind, from_date, to_date FROM phones WHERE person_id IN (`+in+`)
		ORDER BY person_id, to_date IS NOT NULL, to_date DESC, from_date DESC, created_at DESC`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("load phones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ph kith.Phone
		var pid, kind string
		var from, to scanDate
		if err := rows.Scan(&ph.ID, &pid, &ph.Number, &kind, &from, &to); err != nil {
			return nil, err
		}
		ph.Kind, ph.FromDate, ph.ToDate = kith.PhoneKind(kind), from.D, to.D
		out[pid].Phones = append(out[pid].Phones, ph)
	}
	return out, rows.Err()
}

// peopleWithoutContacts loads people's names and details without their
// addresses and phones (left empty), for what needs only who they are: two
// round trips fewer than loadPeople.
func (tx *Tx) peopleWithoutContacts(ctx context.Context, ids []string) (map[string]*kith.Person, error) {
	out := map[string]*kith.Person{}
	ids = dedupe(ids)
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, first_name, last_name, known_as, date_of_birth, gender, nhs_number, version, expected_date_of_birth FROM people WHERE id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("load people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p := &kith.Person{Addresses: []kith.Address{}, Phones: []kith.Phone{}}
		var dob, expected scanDate
		var gender string
		if err := rows.Scan(&p.ID, &p.FirstName, &p.LastName, &p.KnownAs, &dob, &gender, &p.NHSNumber, &p.Version, &expected); err != nil {
			return nil, err
		}
		p.DateOfBirth, p.ExpectedDateOfBirth, p.Gender = dob.D, expected.D, kith.Gender(gender)
		out[p.ID] = p
	}
	return out, rows.Err()
}
