package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kith"
	"kith/password"
)

// Sign-in throttling: after MaxFailedSignIns wrong passwords in a row an
// account is locked for SignInLockout (the NCSC suggests allowing about
// 10). Failures are also counted by the address they come from
// (kith.DefaultSignInThrottle), which makes a guessing address wait well
// before it could lock anyone's account, so that one address can neither
// keep a named person out of their account nor try many accounts.
const (
	MaxFailedSignIns = 10
	SignInLockout    = 15 * time.Minute
)

func mustAdminister(a kith.Actor) error {
	if !kith.CanAdminister(a) {
		return kith.Errorf(kith.EFORBIDDEN, "Only administrators can manage users, teams and services.")
	}
	return nil
}

const userColumns = `u.id, u.username, u.display_name, u.email, u.job_title, u.password_hash <> '', COALESCE(u.oidc_subject, ''), u.disabled_at, u.created_at, u.swe_number`

func scanUser(row interface{ Scan(...any) error }) (*kith.User, error) {
	var u kith.User
	var times userTimes
	if err := row.Scan(times.dest(&u)...); err != nil {
		return nil, err
	}
	times.into(&u)
	return &u, nil
}

// userTimes holds a user's times as scanned, with the Scan destinations
// of userColumns.
type userTimes struct{ disabled, created scanTime }

func (t *userTimes) dest(u *kith.User) []any {
	return []any{&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.JobTitle, &u.HasPassword, &u.OIDCSubject, &t.disabled, &t.created, &u.SWENumber}
}

func (t *userTimes) into(u *kith.User) { u.DisabledAt, u.CreatedAt = t.disabled.Ptr(), t.created.T }

// findUser loads one user with roles and team memberships.
func (tx *Tx) findUser(ctx context.Context, where string, arg any) (*kith.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kith.NotFound("User")
	} else if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	if err := tx.attachUserDetails(ctx, []*kith.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// attachUserDetails fills in roles and team ids.
func (tx *Tx) attachUserDetails(ctx context.Context, users []*kith.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[string]*kith.User{}
	ids := make([]string, len(users))
	for i, u := range users {
		byID[u.ID], ids[i] = u, u.ID
		u.Roles, u.TeamIDs = nil, []string{}
	}
	in := placeholders(1, len(ids))
	rows, err := tx.QueryContext(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+in+`) ORDER BY user_id, role`, anys(ids)...)
	if err != nil {
		return fmt.Errorf("user roles: %w", err)
	}
	for rows.Next() {
		var id, role string
		if err := rows.Scan(&id, &role); err != nil {
			rows.Close()
			return err
		}
		byID[id].Roles = append(byID[id].Roles, kith.Role(role))
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT user_id, team_id FROM team_members WHERE user_id IN (`+in+`) ORDER BY user_id, team_id`, anys(ids)...)
	if err != nil {
		return fmt.Errorf("user teams: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, team string
		if err := rows.Scan(&id, &team); err != nil {
			return err
		}
		byID[id].TeamIDs = append(byID[id].TeamIDs, team)
	}
	for _, u := range users {
		sortRoles(u.Roles)
	}
	return rows.Err()
}

func sortRoles(rs []kith.Role) {
	order := map[kith.Role]int{}
	for i, r := range kith.Roles {
		order[r] = i
	}
	sort.Slice(rs, func(i, j int) bool { return order[rs[i]] < order[rs[j]] })
}

// Actor loads everything access decisions need about a user: roles, the
// teams they belong to, the teams and services they manage. It is loaded
// afresh on every request, so disabling a user or changing their teams
// takes effect at once on every server. It is one statement (one round
// trip to PostgreSQL), as every page asks it.
func (db *DB) Actor(ctx context.Context, userID string) (kith.Actor, error) {
	a, err := scanActor(db.reader.QueryRowContext(ctx, `SELECT `+db.Dialect.actorColumns()+` FROM users u WHERE u.id = $1`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, kith.NotFound("User")
	} else if err != nil {
		return a, fmt.Errorf("find user: %w", err)
	}
	return a, nil
}

// actorColumns are userColumns followed by the user's roles, member teams,
// managed teams and managed services, each gathered into one text value
// (see scanActor), so that a user and their access come in one statement.
func (d Dialect) actorColumns() string {
	list := func(col, table string) string { return d.gathered(col, table+` WHERE user_id = u.id`) }
	return userColumns + `, ` + list("role", "user_roles") + `, ` + list("team_id", "team_members") + `, ` +
		list("team_id", "team_managers") + `, ` + list("service_id", "service_managers")
}

// gathered is a column that gathers col of the rows of from (a table and
// its WHERE) into one text value, for splitList: a list read beside the
// row it belongs to, in the same statement.
func (d Dialect) gathered(col, from string) string {
	if d == Postgres {
		return `(SELECT string_agg(` + col + `, chr(31)) FROM ` + from + `)`
	}
	return `(SELECT group_concat(` + col + `, char(31)) FROM ` + from + `)`
}

// scanActor reads a row that ends with actorColumns, after any columns
// given in before.
func scanActor(row interface{ Scan(...any) error }, before ...any) (kith.Actor, error) {
	var a kith.Actor
	var u kith.User
	var times userTimes
	var roles, teams, managed, services sql.NullString
	dest := append(append(before, times.dest(&u)...), &roles, &teams, &managed, &services)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	times.into(&u)
	for _, r := range splitList(roles) {
		u.Roles = append(u.Roles, kith.Role(r))
	}
	sortRoles(u.Roles)
	u.TeamIDs = splitList(teams)
	a.User, a.MemberTeamIDs = &u, u.TeamIDs
	a.ManagedTeamIDs, a.ManagedServiceIDs = splitList(managed), splitList(services)
	return a, nil
}

// splitList reads a list gathered by a gathered column: ids or kinds
// (which never hold the unit separator) in order, and never nil, as the separate queries
// this replaced returned them.
func splitList(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return []string{}
	}
	out := strings.Split(s.String, "\x1f")
	slices.Sort(out)
	return out
}

// strings runs a query returning one text column.
func (tx *Tx) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UserFilter narrows the user list.
type UserFilter struct {
	TeamID          string
	Role            kith.Role
	IncludeDisabled bool
}

// Users lists users for administrators, in name order. Other signed-in
// users may list the active users of a team (to allocate a case, for
// example) but see no more than names, roles and teams.
func (db *DB) Users(ctx context.Context, a kith.Actor, f UserFilter) ([]*kith.User, error) {
	if !kith.CanAdminister(a) && (a.User == nil || f.TeamID == "") {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only administrators can list all users.")
	}
	var users []*kith.User
	err := db.read(ctx, func(tx *Tx) error {
		q := `SELECT ` + userColumns + ` FROM users u WHERE 1 = 1`
		var args []any
		if f.TeamID != "" {
			args = append(args, f.TeamID)
			q += fmt.Sprintf(" AND u.id IN (SELECT user_id FROM team_members WHERE team_id = $%d)", len(args))
		}
		if f.Role != "" {
			args = append(args, string(f.Role))
			q += fmt.Sprintf(" AND u.id IN (SELECT user_id FROM user_roles WHERE role = $%d)", len(args))
		}
		if !f.IncludeDisabled || !kith.CanAdminister(a) {
			q += " AND u.disabled_at IS NULL"
		}
		q += " ORDER BY lower(u.display_name), u.username"
		var err error
		users, err = tx.users(ctx, q, args...)
		return err
	})
	if !kith.CanAdminister(a) {
		// A team's members, for choosing a worker: names, roles and teams
		// only, not what helps someone guess at an account.
		for _, u := range users {
			u.Username, u.Email, u.HasPassword = "", "", false
		}
	}
	return users, err
}

// Empty reports whether the database has no users, teams or services yet:
// a new council, which demo data may go into. It reads only their ids, so
// it works on an older Kith's schema too.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM teams) + (SELECT COUNT(*) FROM services)`).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("is the database empty: %w", err)
	}
	return n == 0, nil
}

// users runs a query for users (selecting userColumns) and fills in their
// roles and teams.
func (tx *Tx) users(ctx context.Context, q string, args ...any) ([]*kith.User, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var users []*kith.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		users = append(users, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return users, tx.attachUserDetails(ctx, users)
}

// User returns one user, for administrators (or the user themselves).
func (db *DB) User(ctx context.Context, a kith.Actor, id string) (*kith.User, error) {
	if !kith.CanAdminister(a) && a.UserID() != id {
		return nil, kith.NotFound("User")
	}
	var u *kith.User
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.findUser(ctx, "u.id = $1", id)
		return err
	})
	return u, err
}

// UserByUsername finds a user by username, for the command line.
func (db *DB) UserByUsername(ctx context.Context, a kith.Actor, username string) (*kith.User, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	var u *kith.User
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.findUser(ctx, "u.username = $1", strings.ToLower(strings.TrimSpace(username)))
		return err
	})
	return u, err
}

// CreateUser adds a user. Only Kith's command line (the operator, who
// holds the database anyway) may give the new account a password: an
// administrator issues a one-time link for the user to set their own
// (IssuePasswordReset), so that no administrator ever knows a user's
// password and can sign in as them.
func (db *DB) CreateUser(ctx context.Context, a kith.Actor, in kith.UserInput) (*kith.User, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	in.Clean()
	if in.Password != "" && !a.System {
		return nil, fieldError("password", "Administrators cannot choose a user's password. Save the user, then give them a link to set their own")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Password != "" {
		if msg := password.Problem(in.Password, password.Account{Username: in.Username, Name: in.DisplayName}, password.Common()); msg != "" {
			return nil, fieldError("password", msg)
		}
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = password.Hash(in.Password); err != nil {
			return nil, err
		}
	}
	var u *kith.User
	err := db.write(ctx, func(tx *Tx) error {
		id := newID()
		if err := tx.checkUnique(ctx, id, in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, display_name, email, job_title, password_hash, created_at, updated_at, swe_number)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`, id, in.Username, in.DisplayName, in.Email, in.JobTitle, hash, ts(tx.now), in.SWENumber)
		if isUniqueViolation(err) {
			return duplicateUser
		} else if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		if err := tx.setUserRolesAndTeams(ctx, id, in); err != nil {
			return err
		}
		if u, err = tx.findUser(ctx, "u.id = $1", id); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditUserCreated, SubjectType: "user", SubjectID: id, Detail: describeUser(u)}); err != nil {
			return err
		}
		return tx.recordAccessChanges(ctx, a, nil, u)
	})
	return u, err
}

// recordAccessChanges keeps the roles and teams a save gave or took away.
func (tx *Tx) recordAccessChanges(ctx context.Context, a kith.Actor, before, after *kith.User) error {
	names, err := tx.pairs(ctx, `SELECT id, name FROM teams`)
	if err != nil {
		return err
	}
	return tx.recordRoleChanges(ctx, a, kith.AccessChanges(before, after, func(id string) string {
		if n := names[id]; len(n) > 0 {
			return n[0]
		}
		return id
	}))
}

// checkUnique refuses a username or email another user has, before the
// insert or update (on PostgreSQL a failed statement ends the transaction,
// so the check cannot wait for the constraint).
func (tx *Tx) checkUnique(ctx context.Context, id string, in kith.UserInput) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = $1 AND id <> $2`, in.Username, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflictField("username", "Username "+in.Username+" is already taken. Choose another")
	}
	if in.Email == "" {
		return nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE lower(email) = lower($1) AND id <> $2`, in.Email, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflictField("email", "Another user already has the email address "+in.Email)
	}
	return nil
}

// duplicateUser is the answer when two administrators create the same user
// at the same moment and the constraint catches the second.
var duplicateUser = kith.Errorf(kith.ECONFLICT, "Another administrator has just saved a user with this username or email address. Check the list of users.")

func describeUser(u *kith.User) string {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = string(r)
	}
	return fmt.Sprintf("%s (%s): roles %s; teams %s", u.DisplayName, u.Username, strings.Join(roles, ", "), strings.Join(u.TeamIDs, ", "))
}

func (tx *Tx) setUserRolesAndTeams(ctx context.Context, id string, in kith.UserInput) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
		return err
	}
	seen := map[kith.Role]bool{}
	for _, r := range in.Roles {
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, string(r)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM team_members WHERE user_id = $1`, id); err != nil {
		return err
	}
	for _, t := range dedupe(in.TeamIDs) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE id = $1`, t).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "team_ids", Message: "Select teams from the list"}}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, t, id); err != nil {
			return err
		}
	}
	return nil
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// UpdateUser changes a user's details, roles and teams. Nobody changes
// their own roles or teams (kith.OwnAccessChange), and passwords are not
// changed here: users set their own (IssuePasswordReset).
func (db *DB) UpdateUser(ctx context.Context, a kith.Actor, id string, in kith.UserInput) (*kith.User, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	in.Clean()
	if in.Password != "" {
		return nil, fieldError("password", "Administrators cannot choose a user's password. Give them a link to set their own")
	}
	var u *kith.User
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findUser(ctx, "u.id = $1", id)
		if err != nil {
			return err
		}
		wanted := &kith.User{ID: id, Roles: dedupeRoles(in.Roles), TeamIDs: dedupe(in.TeamIDs)}
		if msg := kith.OwnAccessChange(a, id, before, wanted); msg != "" {
			field := "roles"
			if sameRoles(before.Roles, wanted.Roles) {
				field = "team_ids"
			}
			return fieldError(field, msg)
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := tx.checkUnique(ctx, id, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET username = $2, display_name = $3, email = $4, job_title = $5, updated_at = $6, swe_number = $7 WHERE id = $1`,
			id, in.Username, in.DisplayName, in.Email, in.JobTitle, ts(tx.now), in.SWENumber)
		if isUniqueViolation(err) {
			return duplicateUser
		} else if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if err := tx.setUserRolesAndTeams(ctx, id, in); err != nil {
			return err
		}
		if u, err = tx.findUser(ctx, "u.id = $1", id); err != nil {
			return err
		}
		detail := "before: " + describeUser(before) + "; after: " + describeUser(u)
		if err := tx.audit(a, auditEntry{Action: kith.AuditUserUpdated, SubjectType: "user", SubjectID: id, Detail: detail}); err != nil {
			return err
		}
		return tx.recordAccessChanges(ctx, a, before, u)
	})
	return u, err
}

func dedupeRoles(rs []kith.Role) []kith.Role {
	var out []kith.Role
	for _, r := range rs {
		if !hasRole(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func sameRoles(a, b []kith.Role) bool {
	for _, r := range a {
		if !hasRole(b, r) {
			return false
		}
	}
	for _, r := range b {
		if !hasRole(a, r) {
			return false
		}
	}
	return true
}

func hasRole(rs []kith.Role, r kith.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// SetUserDisabled disables or re-enables a user. A disabled user cannot
// sign in, their sessions end and their API tokens are revoked at once
// (and stay revoked if the account is enabled again: they make new
// ones), and they cannot be allocated cases; everything they recorded
// stays attributed to them.
func (db *DB) SetUserDisabled(ctx context.Context, a kith.Actor, id string, disabled bool) (*kith.User, error) {
	if err := mustAdminister(a); err != nil {
		return nil, err
	}
	if disabled && a.UserID() == id {
		return nil, kith.Errorf(kith.EINVALID, "You cannot disable your own account. Ask another administrator.")
	}
	var u *kith.User
	err := db.write(ctx, func(tx *Tx) error {
		if _, err := tx.findUser(ctx, "u.id = $1", id); err != nil {
			return err
		}
		action := kith.AuditUserEnabled
		var at any
		if disabled {
			action, at = kith.AuditUserDisabled, ts(tx.now)
			if err := tx.endAccess(ctx, id, "account disabled"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = $2, updated_at = $3, failed_sign_ins = 0, locked_until = NULL WHERE id = $1`, id, at, ts(tx.now)); err != nil {
			return err
		}
		var err error
		if u, err = tx.findUser(ctx, "u.id = $1", id); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: action, SubjectType: "user", SubjectID: id, Detail: u.DisplayName})
	})
	return u, err
}

// Authenticate checks a local username and password. It answers the same
// way, after the same time, whether the username is unknown, the password
// wrong or the account disabled, so that it reveals nothing to a guesser;
// it locks an account for a while after repeated failures, and makes an
// address that keeps failing wait (ETOOMANY) before it may try again,
// without checking the password it sent.
func (db *DB) Authenticate(ctx context.Context, username, pw string, from kith.Actor) (*kith.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	failed := kith.Errorf(kith.EUNAUTHENTICATED, "Enter a correct username and password. Accounts are locked for 15 minutes after 10 failed attempts.")
	address := kith.ThrottleKey(from.IP)
	if wait, err := db.addressWait(ctx, address); err != nil {
		return nil, err
	} else if wait > 0 {
		if err := db.write(ctx, func(tx *Tx) error {
			return tx.audit(from, auditEntry{Action: kith.AuditSignInFailed, SubjectType: "user", Detail: "address waiting after repeated failed sign-ins: " + truncate(username, 64)})
		}); err != nil {
			return nil, err
		}
		return nil, kith.Errorf(kith.ETOOMANY, "%s", kith.WaitMessage(wait))
	}
	var id, hash string
	var disabled, locked scanTime
	err := db.reader.QueryRowContext(ctx, `SELECT id, password_hash, disabled_at, locked_until FROM users WHERE username = $1`, username).Scan(&id, &hash, &disabled, &locked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && hash == "") {
		password.Dummy(pw)
		if err := db.write(ctx, func(tx *Tx) error {
			if err := tx.noteAddressFailure(ctx, address); err != nil {
				return err
			}
			return tx.audit(from, auditEntry{Action: kith.AuditSignInFailed, SubjectType: "user", SubjectID: id, Detail: "unknown user or no local password: " + truncate(username, 64)})
		}); err != nil {
			return nil, err
		}
		return nil, failed
	} else if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	ok, rehash, err := password.Check(pw, hash)
	if err != nil {
		db.Log.Error("stored password hash unreadable", "user", id, "err", err)
	}
	now := db.Now().UTC()
	if !ok || disabled.Valid || (locked.Valid && locked.T.After(now)) {
		reason := "wrong password"
		switch {
		case disabled.Valid:
			reason = "account disabled"
		case locked.Valid && locked.T.After(now):
			reason = "account locked after repeated failures"
		}
		err := db.write(ctx, func(tx *Tx) error {
			if !ok && !disabled.Valid {
				if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1`, id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = $2, failed_sign_ins = 0 WHERE id = $1 AND failed_sign_ins >= $3`,
					id, ts(tx.now.Add(SignInLockout)), MaxFailedSignIns); err != nil {
					return err
				}
			}
			if err := tx.noteAddressFailure(ctx, address); err != nil {
				return err
			}
			return tx.audit(from, auditEntry{Action: kith.AuditSignInFailed, SubjectType: "user", SubjectID: id, Detail: reason})
		})
		if err != nil {
			return nil, err
		}
		return nil, failed
	}
	var newHash string
	if rehash {
		newHash, _ = password.Hash(pw)
	}
	var u *kith.User
	err = db.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1`, id); err != nil {
			return err
		}
		if newHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, newHash); err != nil {
				return err
			}
		}
		var err error
		u, err = tx.findUser(ctx, "u.id = $1", id)
		return err
	})
	return u, err
}

// addressWait is how long an address must still wait before it may try
// to sign in again (0 when it may now).
func (db *DB) addressWait(ctx context.Context, address string) (time.Duration, error) {
	var until scanTime
	err := db.reader.QueryRowContext(ctx, `SELECT blocked_until FROM sign_in_throttle WHERE address = $1`, address).Scan(&until)
	if errNoRows(err) || (err == nil && !until.Valid) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("sign-in throttle: %w", err)
	}
	return max(until.T.Sub(db.Now().UTC()), 0), nil
}

// noteAddressFailure counts a failed sign-in against the address it came
// from and sets how long the address must then wait
// (kith.DefaultSignInThrottle). Two servers counting at once conflict and
// the write is retried, so no failure goes uncounted.
func (tx *Tx) noteAddressFailure(ctx context.Context, address string) error {
	p := kith.DefaultSignInThrottle
	before := 0
	var last scanTime
	err := tx.QueryRowContext(ctx, `SELECT failures, last_failure_at FROM sign_in_throttle WHERE address = $1`, address).Scan(&before, &last)
	if err != nil && !errNoRows(err) {
		return fmt.Errorf("sign-in throttle: %w", err)
	}
	n := p.Failures(before, last.T, tx.now)
	var until any = ts{}
	if wait := p.Wait(n); wait > 0 {
		until = ts(tx.now.Add(wait))
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sign_in_throttle (address, failures, last_failure_at, blocked_until) VALUES ($1, $2, $3, $4)
		ON CONFLICT (address) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until`,
		address, n, ts(tx.now), until)
	if err != nil {
		return fmt.Errorf("sign-in throttle: %w", err)
	}
	return nil
}

// CaseRoleUsers lists active users who hold a case role, by name, for
// managers choosing who may (or may not) open a case.
func (db *DB) CaseRoleUsers(ctx context.Context, a kith.Actor) ([]*kith.User, error) {
	if !a.Has(kith.RoleTeamManager) && !a.Has(kith.RoleServiceManager) {
		return nil, kith.Errorf(kith.EFORBIDDEN, "Only managers can choose who may open a case.")
	}
	var users []*kith.User
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		users, err = tx.users(ctx, `SELECT `+userColumns+` FROM users u WHERE u.disabled_at IS NULL
			AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('practitioner', 'team_manager', 'service_manager', 'auditor'))
			ORDER BY lower(u.display_name)`)
		return err
	})
	return users, err
}
