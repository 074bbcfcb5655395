package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"kith"
)

// Teams lists every team with its service and managers. Team names are not
// case content, so any signed-in user may list them (to choose a team when
// opening a case, for example).
func (db *DB) Teams(ctx context.Context) ([]kith.Team, error) {
	var teams []kith.Team
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		teams, err = tx.teams(ctx, "")
		return err
	})
	return teams, err
}

// CountMembers fills in the number of active members of each team, for
// the administration pages (lists of teams elsewhere do not need it).
func (db *DB) CountMembers(ctx context.Context, teams []kith.Team) error {
	return db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT m.team_id, COUNT(*) FROM team_members m JOIN users u ON u.id = m.user_id
			WHERE u.disabled_at IS NULL GROUP BY m.team_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		counts := map[string]int{}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			counts[id] = n
		}
		for i := range teams {
			teams[i].Members = counts[teams[i].ID]
		}
		return rows.Err()
	})
}

// Team returns one team.
func (db *DB) Team(ctx context.Context, id string) (*kith.Team, error) {
	var team *kith.Team
	err := db.read(ctx, func(tx *Tx) error {
		teams, err := tx.teams(ctx, id)
		if err != nil {
			return err
		}
		if len(teams) == 0 {
			return kith.NotFound("Team")
		}
		team = &teams[0]
		return nil
	})
	return team, err
}

func (tx *Tx) teams(ctx context.Context, id string) ([]kith.Team, error) {
	q := `SELECT t.id, t.name, t.service_id, s.name FROM teams t JOIN services s ON s.id = t.service_id`
	var args []any
	if id != "" {
		q += " WHERE t.id = $1"
		args = append(args, id)
	}
	q += " ORDER BY lower(t.name)"
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	var teams []kith.Team
	for rows.Next() {
		var t kith.Team
		if err := rows.Scan(&t.ID, &t.Name, &t.ServiceID, &t.Service); err != nil {
			rows.Close()
			return nil, err
		}
		t.ManagerIDs = []string{}
		teams = append(teams, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	managers, err := tx.pairs(ctx, `SELECT team_id, user_id FROM team_managers ORDER BY team_id, user_id`)
	if err != nil {
		return nil, err
	}
	for i := range teams {
		teams[i].ManagerIDs = append(teams[i].ManagerIDs, managers[teams[i].ID]...)
	}
	return teams, nil
}

// pairs runs a two-column query and groups the second column by the first.
func (tx *Tx) pairs(ctx context.Context, q string, args ...any) (map[string][]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}

// CreateTeam adds a team.
func (db *DB) CreateTeam(ctx context.Context, a kith.Actor, in kith.TeamInput) (*kith.Team, error) {
	return db.saveTeam(ctx, a, "", in)
}

// UpdateTeam renames a team, moves it to another service or changes its
// managers.
func (db *DB) UpdateTeam(ctx context.Context, a kith.Actor, id string, in kith.TeamInput) (*kith.Team, error) {
	return db.saveTeam(ctx, a, id, in)
}

func (db *DB) saveTeam(ctx context.Context, a kith.Actor, id string, in kith.TeamInput) (*kith.Team, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var team *kith.Team
	err := db.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM services WHERE id = $1`, in.ServiceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError("service_id", "Select the service the team belongs to")
		}
		var err error
		if id == "" {
			id = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO teams (id, name, service_id, created_at) VALUES ($1, $2, $3, $4)`, id, in.Name, in.ServiceID, ts(tx.now))
		} else {
			var res interface{ RowsAffected() (int64, error) }
			res, err = tx.ExecContext(ctx, `UPDATE teams SET name = $2, service_id = $3 WHERE id = $1`, id, in.Name, in.ServiceID)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return kith.NotFound("Team")
				}
			}
		}
		if isUniqueViolation(err) {
			return conflictField("name", "There is already a team called "+in.Name)
		} else if err != nil {
			return fmt.Errorf("save team: %w", err)
		}
		if err := tx.setManagers(ctx, a, "team_managers", "team_id", id, in.Name, in.ManagerIDs, kith.RoleTeamManager); err != nil {
			return err
		}
		teams, err := tx.teams(ctx, id)
		if err != nil {
			return err
		}
		team = &teams[0]
		return tx.audit(a, auditEntry{Action: kith.AuditTeamChanged, SubjectType: "team", SubjectID: id,
			Detail: fmt.Sprintf("%s in %s; managers %s", team.Name, team.Service, strings.Join(team.ManagerIDs, ", "))})
	})
	return team, err
}

// setManagers replaces the managers of a team or service. Each must be an
// active user holding the matching manager role; nobody adds or removes
// themselves (kith.OwnManagerChange); each change is kept as a role change.
func (tx *Tx) setManagers(ctx context.Context, a kith.Actor, table, column, id, name string, userIDs []string, role kith.Role) error {
	userIDs = dedupe(userIDs)
	before, err := tx.strings(ctx, `SELECT user_id FROM `+table+` WHERE `+column+` = $1 ORDER BY user_id`, id)
	if err != nil {
		return err
	}
	if msg := kith.OwnManagerChange(a, before, userIDs); msg != "" {
		return fieldError("manager_ids", msg)
	}
	for _, uid := range userIDs {
		u, err := tx.findUser(ctx, "u.id = $1", uid)
		if kith.ErrorCode(err) == kith.ENOTFOUND {
			return fieldError("manager_ids", "Select managers from the list")
		} else if err != nil {
			return err
		}
		if !u.Active() {
			return fieldError("manager_ids", u.DisplayName+"'s account is disabled. Choose someone else")
		}
		if !u.Has(role) {
			return fieldError("manager_ids", u.DisplayName+" does not hold the "+strings.ToLower(role.Label())+" role. Give them the role first")
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+column+` = $1`, id); err != nil {
		return err
	}
	for _, uid := range userIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+column+`, user_id) VALUES ($1, $2)`, id, uid); err != nil {
			return err
		}
	}
	kind := kith.GrantTeamManager
	if role == kith.RoleServiceManager {
		kind = kith.GrantServiceManager
	}
	return tx.recordRoleChanges(ctx, a, kith.ManagerChanges(kind, id, name, before, userIDs))
}

// Services lists the services with their managers.
func (db *DB) Services(ctx context.Context) ([]kith.Service, error) {
	var services []kith.Service
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM services ORDER BY lower(name)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s kith.Service
			if err := rows.Scan(&s.ID, &s.Name); err != nil {
				rows.Close()
				return err
			}
			s.ManagerIDs = []string{}
			services = append(services, s)
		}
		rows.Close()
		managers, err := tx.pairs(ctx, `SELECT service_id, user_id FROM service_managers ORDER BY service_id, user_id`)
		if err != nil {
			return err
		}
		for i := range services {
			services[i].ManagerIDs = append(services[i].ManagerIDs, managers[services[i].ID]...)
		}
		return nil
	})
	return services, err
}

// SaveService creates (id "") or changes a service.
func (db *DB) SaveService(ctx context.Context, a kith.Actor, id string, in kith.ServiceInput) (*kith.Service, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var svc *kith.Service
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if id == "" {
			id = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO services (id, name, created_at) VALUES ($1, $2, $3)`, id, in.Name, ts(tx.now))
		} else {
			var res interface{ RowsAffected() (int64, error) }
			res, err = tx.ExecContext(ctx, `UPDATE services SET name = $2 WHERE id = $1`, id, in.Name)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return kith.NotFound("Service")
				}
			}
		}
		if isUniqueViolation(err) {
			return conflictField("name", "There is already a service called "+in.Name)
		} else if err != nil {
			return fmt.Errorf("save service: %w", err)
		}
		if err := tx.setManagers(ctx, a, "service_managers", "service_id", id, in.Name, in.ManagerIDs, kith.RoleServiceManager); err != nil {
			return err
		}
		svc = &kith.Service{ID: id, Name: in.Name, ManagerIDs: dedupe(in.ManagerIDs)}
		return tx.audit(a, auditEntry{Action: kith.AuditServiceChange, SubjectType: "service", SubjectID: id,
			Detail: fmt.Sprintf("%s; managers %s", in.Name, strings.Join(svc.ManagerIDs, ", "))})
	})
	return svc, err
}

func fieldError(field, msg string) error {
	return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: field, Message: msg}}}
}

func conflictField(field, msg string) error {
	return &kith.Error{Code: kith.ECONFLICT, Message: "There is a problem", Fields: []kith.FieldError{{Field: field, Message: msg}}}
}

// errNoRows reports sql.ErrNoRows through wrapping.
func errNoRows(err error) bool {
	return errors.Is(err, errSQLNoRows)
}
