package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"kith"
	"kith/sqldb"
)

const userUsage = `Usage:
  kith user add --username NAME --name "Full Name" --role ROLE[,ROLE] [--team TEAM] [--email E] [--swe-number SW123456] [--password-stdin]
  kith user list
  kith user disable USERNAME
  kith user enable USERNAME
  kith user token USERNAME [--name NAME] [--days 90]

Roles: practitioner, team_manager, service_manager, administrator, auditor,
information_governance (subject access requests and retention; disposal
needs two of them).
Without --password-stdin, add prints a new random password.
`

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, userUsage)
		if len(args) == 0 {
			return usageError{"kith user needs a subcommand"}
		}
		return nil
	}
	fs := newFlags("user "+args[0], "user "+args[0]+" [flags]", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage) }
	addr := dbFlag(fs)
	var username, name, roles, team, email, swe string
	var pwStdin bool
	var days int
	switch args[0] {
	case "add":
		fs.StringVar(&username, "username", "", "username")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&roles, "role", "", "roles, comma-separated")
		fs.StringVar(&team, "team", "", "team name (comma-separated for several)")
		fs.StringVar(&email, "email", "", "email address")
		fs.StringVar(&swe, "swe-number", "", "a social worker's Social Work England registration number, like SW123456")
		fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from standard input")
	case "token":
		fs.StringVar(&name, "name", "Command line", "what the token is for")
		fs.IntVar(&days, "days", 90, "days until the token expires")
	case "list", "disable", "enable":
	default:
		fmt.Fprint(stderr, userUsage)
		return usageError{fmt.Sprintf("unknown user command %q", args[0])}
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	// Adding the first administrator may come before Kith ever served,
	// and so make the database; the other user commands need one there.
	if args[0] != "add" {
		if err := mustExist(*addr); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, *addr, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer db.Close()
	sys := kith.SystemActor()

	switch args[0] {
	case "add":
		in := kith.UserInput{Username: username, DisplayName: name, Email: email, SWENumber: swe}
		for _, r := range strings.Split(roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				in.Roles = append(in.Roles, kith.Role(r))
			}
		}
		if team != "" {
			ids, err := teamIDs(ctx, db, team)
			if err != nil {
				return err
			}
			in.TeamIDs = ids
		}
		generated := false
		if pwStdin {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && err != io.EOF {
				return err
			}
			in.Password = strings.TrimRight(line, "\r\n")
		} else {
			in.Password, generated = newPassword(), true
		}
		u, err := db.CreateUser(ctx, sys, in)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "Added %s (%s), roles %s.\n", u.DisplayName, u.Username, strings.Join(roleNames(u.Roles), ", "))
		if generated {
			fmt.Fprintf(stdout, "Password: %s\n", in.Password)
		}
	case "list":
		users, err := db.Users(ctx, sys, sqldb.UserFilter{IncludeDisabled: true})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tSTATUS")
		for _, u := range users {
			status := "active"
			if !u.Active() {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, strings.Join(roleNames(u.Roles), ","), status)
		}
		return tw.Flush()
	case "disable", "enable":
		if fs.NArg() != 1 {
			return usageError{"give one username"}
		}
		u, err := db.UserByUsername(ctx, sys, fs.Arg(0))
		if err != nil {
			return cliError(err)
		}
		if u, err = db.SetUserDisabled(ctx, sys, u.ID, args[0] == "disable"); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "%s is now %sd.\n", u.Username, args[0])
	case "token":
		if fs.NArg() != 1 {
			return usageError{"give one username"}
		}
		u, err := db.UserByUsername(ctx, sys, fs.Arg(0))
		if err != nil {
			return cliError(err)
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return err
		}
		a.Via = "cli"
		text, _, err := db.CreateToken(ctx, a, name, time.Duration(days)*24*time.Hour)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintln(stdout, text)
	}
	return nil
}

// cliError turns a validation error into one line per problem.
func cliError(err error) error {
	fields := kith.ErrorFields(err)
	if len(fields) == 0 {
		if kith.ErrorCode(err) == kith.EINTERNAL {
			return err
		}
		return fmt.Errorf("%s", kith.ErrorMessage(err))
	}
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, "--%s: %s", flagFor(f.Field), f.Message)
	}
	return usageError{b.String()}
}

// flagFor names the flag a problem with a field is about.
func flagFor(field string) string {
	switch field {
	case "display_name":
		return "name"
	case "roles":
		return "role"
	case "team_ids":
		return "team"
	case "password":
		return "password-stdin"
	}
	return strings.ReplaceAll(field, "_", "-")
}

func roleNames(rs []kith.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// teamIDs resolves comma-separated team names.
func teamIDs(ctx context.Context, db *sqldb.DB, names string) ([]string, error) {
	teams, err := db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		found := false
		for _, t := range teams {
			if strings.EqualFold(t.Name, n) {
				ids, found = append(ids, t.ID), true
			}
		}
		if !found {
			return nil, usageError{fmt.Sprintf("there is no team called %q", n)}
		}
	}
	return ids, nil
}
