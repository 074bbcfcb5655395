package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"kith"
)

func cacheKey(key string, version int) string { return fmt.Sprintf("%s/%d", key, version) }

// SyncTemplates stores the templates Kith ships that the database does not
// yet hold. A shipped version whose definition differs from the stored one
// stops start-up: a template version must never change once records are
// written on it, so a change has to ship as a new version. (So a field
// added to kith.Template must be omitempty, or every stored definition
// would read as changed.)
func (db *DB) SyncTemplates(ctx context.Context, builtin []*kith.Template) error {
	return db.write(ctx, func(tx *Tx) error {
		for _, t := range builtin {
			def, err := json.Marshal(t)
			if err != nil {
				return err
			}
			var stored string
			err = tx.QueryRowContext(ctx, `SELECT definition FROM record_templates WHERE key = $1 AND version = $2`, t.Key, t.Version).Scan(&stored)
			if errNoRows(err) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO record_templates (key, version, name, definition, builtin, created_at) VALUES ($1, $2, $3, $4, TRUE, $5)`,
					t.Key, t.Version, t.Name, string(def), ts(tx.now)); err != nil {
					return fmt.Errorf("store template %s: %w", t.Ref(), err)
				}
				continue
			} else if err != nil {
				return err
			}
			if stored != string(def) {
				return fmt.Errorf("template %s differs from the one this database holds: ship the change as version %d", t.Ref(), t.Version+1)
			}
		}
		return nil
	})
}

// template returns one version of a template.
func (tx *Tx) template(ctx context.Context, key string, version int) (*kith.Template, error) {
	if t, ok := tx.db.templates.Load(cacheKey(key, version)); ok {
		return t.(*kith.Template), nil
	}
	var def string
	err := tx.QueryRowContext(ctx, `SELECT definition FROM record_templates WHERE key = $1 AND version = $2`, key, version).Scan(&def)
	if errNoRows(err) {
		return nil, kith.NotFound("Template")
	} else if err != nil {
		return nil, fmt.Errorf("load template: %w", err)
	}
	var t kith.Template
	if err := json.Unmarshal([]byte(def), &t); err != nil {
		return nil, fmt.Errorf("template %s/%d: %w", key, version, err)
	}
	tx.db.templates.Store(cacheKey(key, version), &t)
	return &t, nil
}

// latestTemplate returns the newest version of a template: the one new
// records are written on.
func (tx *Tx) latestTemplate(ctx context.Context, key string) (*kith.Template, error) {
	var version int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM record_templates WHERE key = $1`, key).Scan(&version)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return nil, kith.NotFound("Template")
	}
	return tx.template(ctx, key, version)
}

// Templates returns the newest version of every template, in name order:
// the choices for a new record.
func (db *DB) Templates(ctx context.Context) ([]*kith.Template, error) {
	var out []*kith.Template
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.templates(ctx)
		return err
	})
	return out, err
}

// templates returns the newest version of every template, in name order.
func (tx *Tx) templates(ctx context.Context) ([]*kith.Template, error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, MAX(version) FROM record_templates GROUP BY key`)
	if err != nil {
		return nil, err
	}
	type kv struct {
		k string
		v int
	}
	var keys []kv
	for rows.Next() {
		var x kv
		if err := rows.Scan(&x.k, &x.v); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []*kith.Template
	for _, x := range keys {
		t, err := tx.template(ctx, x.k, x.v)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	sortTemplates(out)
	return out, nil
}

// allTemplates returns every version of every template.
func (tx *Tx) allTemplates(ctx context.Context) ([]*kith.Template, error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, version FROM record_templates`)
	if err != nil {
		return nil, err
	}
	type kv struct {
		k string
		v int
	}
	var keys []kv
	for rows.Next() {
		var x kv
		if err := rows.Scan(&x.k, &x.v); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*kith.Template, 0, len(keys))
	for _, x := range keys {
		t, err := tx.template(ctx, x.k, x.v)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Template returns one version of a template; version 0 means the newest.
func (db *DB) Template(ctx context.Context, key string, version int) (*kith.Template, error) {
	var t *kith.Template
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if version == 0 {
			t, err = tx.latestTemplate(ctx, key)
		} else {
			t, err = tx.template(ctx, key, version)
		}
		return err
	})
	return t, err
}

// TemplateVersions lists every stored version of every template, for the
// administrator's page.
func (db *DB) TemplateVersions(ctx context.Context) ([]kith.TemplateVersion, error) {
	var out []kith.TemplateVersion
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT t.key, t.version, t.name, t.builtin, t.created_at, COALESCE(u.display_name, ''),
			(SELECT COUNT(*) FROM records r WHERE r.template_key = t.key AND r.template_version = t.version)
			FROM record_templates t LEFT JOIN users u ON u.id = t.created_by ORDER BY t.name, t.key, t.version DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v kith.TemplateVersion
			var at scanTime
			if err := rows.Scan(&v.Key, &v.Version, &v.Name, &v.Builtin, &at, &v.AddedBy, &v.Records); err != nil {
				return err
			}
			v.AddedAt = at.T
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// AddTemplate stores a council's own template, or a new version of any
// template (administrators only). A new version must be numbered one more
// than the newest: records already written keep their version.
func (db *DB) AddTemplate(ctx context.Context, a kith.Actor, t *kith.Template) error {
	if err := mustAdminister(a); err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		var newest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM record_templates WHERE key = $1`, t.Key).Scan(&newest); err != nil {
			return err
		}
		if t.Version != newest+1 {
			if newest == 0 {
				return fieldError("definition", fmt.Sprintf("A new template must be version 1, not %d", t.Version))
			}
			return fieldError("definition", fmt.Sprintf("The template %s is at version %d: number this one %d", t.Key, newest, newest+1))
		}
		def, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_templates (key, version, name, definition, builtin, created_at, created_by) VALUES ($1, $2, $3, $4, FALSE, $5, $6)`,
			t.Key, t.Version, t.Name, string(def), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("store template: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditTemplateAdded, SubjectType: "template", SubjectID: t.Ref(), Detail: t.Name})
	})
}

func sortTemplates(ts []*kith.Template) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
}
