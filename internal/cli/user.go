package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/store"
)

const userUsage = `usage:
  vfv user add [--admin] [--project ID --role admin|agent|group] [--name NAME] EMAIL [store flags]
      The password is asked for on a terminal, or read from the first line of standard input.
  vfv token create --user EMAIL [--name NAME] [--json] [store flags]
      The token works for VFV_TOKEN_DAYS days (--token-days, 90 by default).
  vfv project create ID --name NAME [--surveys ID,ID] [store flags]
`

// runUser is `vfv user add`.
func runUser(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("%w: use vfv user add", ErrUsage)
	}
	var o userAddOpts
	fs := userAddFlags(&o)
	fs.SetOutput(stderr)
	admin, project, role, name := &o.admin, &o.project, &o.role, &o.name
	own, rest := splitFlags(args[1:], fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	var emails, storeArgs []string
	for i := 0; i < len(rest); i++ {
		if strings.HasPrefix(rest[i], "-") {
			storeArgs = rest[i:]
			break
		}
		emails = append(emails, rest[i])
	}
	if len(emails) != 1 || !strings.Contains(emails[0], "@") {
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("%w: give exactly one e-mail address", ErrUsage)
	}
	if (*project == "") != (*role == "") || (*role != "" && !auth.Role(*role).Valid()) {
		return fmt.Errorf("%w: --project and --role go together; role is admin, agent or group", ErrUsage)
	}
	if !*admin && *project == "" {
		return fmt.Errorf("%w: give --admin or --project with --role, or the account can do nothing", ErrUsage)
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	_, st, _, err := openForCommand(ctx, "user add", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	u := store.User{Email: emails[0], Name: *name, Admin: *admin, Roles: map[string]string{}, Created: calendar.Date(time.Now())}
	if *project != "" {
		if _, err := st.Project(ctx, *project); err != nil {
			return fmt.Errorf("project %q: %w (create it with vfv project create)", *project, err)
		}
		u.Roles[*project] = *role
	}
	created, err := account.AddUser(ctx, st, u, password)
	if errors.Is(err, auth.ErrWeakPassword) {
		return fmt.Errorf("%w; choose a longer one", err)
	}
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, store.AuditEntry{At: time.Now(), Actor: "cli", Action: "user.add", Target: strings.ToLower(emails[0]), Project: *project, Detail: *role}); err != nil {
		return err
	}
	verb := "updated"
	if created {
		verb = "created"
	}
	fmt.Fprintf(stdout, "user %s %s\n", strings.ToLower(emails[0]), verb)
	return nil
}

// userAddOpts are user add's own flags.
type userAddOpts struct {
	admin               bool
	project, role, name string
}

// userAddFlags declares user add's own flags into o.
func userAddFlags(o *userAddOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv user add", flag.ContinueOnError)
	fs.BoolVar(&o.admin, "admin", false, "installation admin: sees and manages every project")
	fs.StringVar(&o.project, "project", "", "project to give a role in")
	fs.StringVar(&o.role, "role", "", "role in the project: admin, agent (trust agent) or group (project group)")
	fs.StringVar(&o.name, "name", "", "the person's name")
	return fs
}

// readPassword asks on a terminal (twice, without echo) or reads the
// first line of a non-terminal standard input.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ; try again")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input; pipe one in, e.g. echo 'long secret phrase' | vfv user add ...")
	}
	return line, nil
}

// runToken is `vfv token create`.
func runToken(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("%w: use vfv token create", ErrUsage)
	}
	var o tokenOpts
	fs := tokenFlags(&o)
	fs.SetOutput(stderr)
	user, name, asJSON := &o.user, &o.name, &o.json
	own, storeArgs := splitFlags(args[1:], fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if *user == "" {
		return fmt.Errorf("%w: --user EMAIL is required", ErrUsage)
	}
	cfg, st, _, err := openForCommand(ctx, "token create", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	secret, tok, err := account.NewToken(ctx, st, *user, *name, time.Now(), cfg.TokenDays)
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, store.AuditEntry{At: time.Now(), Actor: "cli", Action: "token.create", Target: tok.ID[:16], Detail: tok.Name}); err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(map[string]string{"token": secret})
	}
	fmt.Fprintln(stdout, secret)
	return nil
}

// tokenOpts are token create's own flags.
type tokenOpts struct {
	user, name string
	json       bool
}

// tokenFlags declares token create's own flags into o.
func tokenFlags(o *tokenOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv token create", flag.ContinueOnError)
	fs.StringVar(&o.user, "user", "", "e-mail of the user the token acts as")
	fs.StringVar(&o.name, "name", "cli", "a name to recognise the token by")
	fs.BoolVar(&o.json, "json", false, `print {"token": "..."}`)
	return fs
}

// projectFlags declares project create's own flags into name and surveys.
func projectFlags(name, surveys *string) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv project create", flag.ContinueOnError)
	fs.StringVar(name, "name", "", "project name, e.g. \"Tillitsbyrån Grums\"")
	fs.StringVar(surveys, "surveys", "", "comma-separated survey ids the project may use (default: all)")
	return fs
}

// runProject is `vfv project create`.
func runProject(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "create" || strings.HasPrefix(args[1], "-") {
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("%w: use vfv project create ID --name NAME", ErrUsage)
	}
	var name, surveys = new(string), new(string)
	fs := projectFlags(name, surveys)
	fs.SetOutput(stderr)
	own, storeArgs := splitFlags(args[2:], fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if strings.TrimSpace(*name) == "" {
		return fmt.Errorf("%w: --name is required", ErrUsage)
	}
	_, st, loaded, err := openForCommand(ctx, "project create", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	p := store.Project{ID: args[1], Name: *name, Surveys: []string{}, Created: calendar.Date(time.Now())}
	for _, id := range strings.Split(*surveys, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		found := false
		for _, s := range loaded {
			found = found || s.ID == id
		}
		if !found {
			return fmt.Errorf("survey %q does not exist", id)
		}
		p.Surveys = append(p.Surveys, id)
	}
	if err := st.CreateProject(ctx, p); err != nil {
		return err
	}
	if err := st.Audit(ctx, store.AuditEntry{At: time.Now(), Actor: "cli", Action: "project.create", Target: p.ID, Project: p.ID, Detail: p.Name}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "project %s created\n", p.ID)
	return nil
}
