package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"

	"kith"
	"kith/sqldb"
	"kith/synth"
)

// DemoPassword is the password of every demo user. Demo councils hold only
// invented people; never load one into a database with real records (the
// generator refuses a database that has any users).
const DemoPassword = "kith-demo-password"

// demoSignIn is a demo user to print at start-up.
type demoSignIn struct{ Username, Name, Role string }

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", "demo [--db …] [--cases N] [--closed N] [--seed N]", stderr)
	addr := dbFlag(fs)
	cases := fs.Int("cases", 200, "open cases to make (teams and staff are sized to match)")
	closed := fs.Int("closed", -1, "closed cases to make (default: a fifth of --cases)")
	seed := fs.Int64("seed", 1, "seed: the same seed makes the same council")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cases < 1 || *cases > 1_000_000 {
		return usageError{"--cases must be between 1 and 1,000,000"}
	}
	if *closed < 0 {
		*closed = *cases / 5
	}
	db, err := openDB(ctx, *addr, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer db.Close()
	council, err := synth.Generate(ctx, db, synth.Config{Seed: *seed, OpenCases: *cases, ClosedCases: *closed, Password: DemoPassword, Now: db.Now(), CaseSummaries: true}, stdout)
	if err != nil {
		return err
	}
	if err := addDemoRequests(ctx, db, council); err != nil {
		return err
	}
	printSignIns(stdout, signInsOf(council))
	return nil
}

func signInsOf(c *synth.Council) []demoSignIn {
	var out []demoSignIn
	for _, s := range c.SignIns {
		role := s.Role
		if s.Team != "" {
			role += ", " + s.Team
		}
		out = append(out, demoSignIn{Username: s.Username, Name: s.Name, Role: role})
	}
	return out
}

// loadDemoIfEmpty loads the demo council into an empty database. When the
// database already holds the demo council it only lists the demo sign-ins
// again; a database with other users is left alone.
func loadDemoIfEmpty(ctx context.Context, db *sqldb.DB, stdout io.Writer) ([]demoSignIn, error) {
	users, err := db.Users(ctx, kith.SystemActor(), sqldb.UserFilter{IncludeDisabled: true})
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		fmt.Fprintln(stdout, "Loading the demo council (invented people only)…")
		council, err := synth.Generate(ctx, db, synth.Config{Seed: 1, OpenCases: 200, ClosedCases: 40, Password: DemoPassword, Now: db.Now(), CaseSummaries: true}, stdout)
		if err != nil {
			return nil, err
		}
		if err := addDemoRequests(ctx, db, council); err != nil {
			return nil, err
		}
		return signInsOf(council), nil
	}
	byName := map[string]*kith.User{}
	for _, u := range users {
		byName[u.Username] = u
	}
	var out []demoSignIn
	for _, name := range []string{synth.UserPractitioner, synth.UserManager, synth.UserServiceManager, synth.UserAdmin, synth.UserAuditor, synth.UserInformationGovernance} {
		if u := byName[name]; u != nil && u.Active() {
			out = append(out, demoSignIn{Username: u.Username, Name: u.DisplayName, Role: roleLabel(u.Roles)})
		}
	}
	return out, nil
}

func roleLabel(rs []kith.Role) string {
	if len(rs) == 0 {
		return ""
	}
	return rs[0].Label()
}

func printSignIns(w io.Writer, signIns []demoSignIn) {
	if len(signIns) == 0 {
		return
	}
	fmt.Fprintf(w, "\nDemo sign-ins (password for all: %s):\n", DemoPassword)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, s := range signIns {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Username, s.Name, s.Role)
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
}
