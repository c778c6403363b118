package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/config"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

const campaignUsage = `usage:
  vfv campaign create --survey ID --name NAME --site SITE [--project ID] [--kiosk] [--lang sv]
                      [--idle-seconds N] [--opens DATE] [--closes DATE] [--json] [store flags]
  vfv campaign close CODE [store flags]
  vfv campaign open CODE [store flags]
  vfv campaign list [--json] [store flags]

A campaign without --project is seen by installation admins only, who can
move it into a project on the staff overview (/staff).
The printed link starts with VFV_BASE_URL (--base-url), or else with the
listen address (VFV_ADDR, --addr).
Store flags are those of vfv serve (see vfv help serve); with the embedded
store, these commands work beside a running vfv serve on the same data
directory.
`

// runCampaign manages campaigns from the command line.
func runCampaign(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, campaignUsage)
		return fmt.Errorf("%w: campaign needs a subcommand", ErrUsage)
	}
	switch args[0] {
	case "create":
		return campaignCreate(ctx, args[1:], env, stdout, stderr)
	case "close", "open":
		return campaignSetOpen(ctx, args[0] == "open", args[1:], env, stdout, stderr)
	case "list":
		return campaignList(ctx, args[1:], env, stdout, stderr)
	}
	fmt.Fprint(stderr, campaignUsage)
	return fmt.Errorf("%w: unknown campaign subcommand %q", ErrUsage, args[0])
}

// campaignFlags holds create's own flags; the store flags come from config.
type campaignFlags struct {
	spec     campaign.Spec
	json     bool
	leftover []string
}

// campaignCreateFlags declares create's own flags into f.
func campaignCreateFlags(f *campaignFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv campaign create", flag.ContinueOnError)
	fs.StringVar(&f.spec.SurveyID, "survey", "", "survey id (see vfv validate surveys/*.yaml)")
	fs.StringVar(&f.spec.Name, "name", "", "campaign name")
	fs.StringVar(&f.spec.Site, "site", "", "where it runs")
	fs.BoolVar(&f.spec.Kiosk, "kiosk", false, "return the tablet to a clean start after each respondent")
	fs.StringVar(&f.spec.Lang, "lang", "sv", "language respondents start in")
	fs.IntVar(&f.spec.IdleSeconds, "idle-seconds", 0, "kiosk idle time before reset (default 120)")
	fs.StringVar(&f.spec.Project, "project", "", "project that owns the campaign (see vfv project)")
	fs.StringVar(&f.spec.Opens, "opens", "", "first day answers are taken, YYYY-MM-DD")
	fs.StringVar(&f.spec.Closes, "closes", "", "last day answers are taken, YYYY-MM-DD")
	fs.BoolVar(&f.json, "json", false, `print {"code": "...", "url": "..."}`)
	return fs
}

func campaignCreate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	var f campaignFlags
	fs := campaignCreateFlags(&f)
	fs.SetOutput(stderr)
	own, storeArgs := splitFlags(args, fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	cfg, st, surveys, err := openForCommand(ctx, "campaign create", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	c, err := campaign.Create(ctx, st, surveys, f.spec, time.Now())
	if err != nil {
		return err
	}
	url := campaign.URL(cfg.PublicURL(), c.Code)
	if f.json {
		return json.NewEncoder(stdout).Encode(struct {
			Code string `json:"code"`
			URL  string `json:"url"`
		}{c.Code, url})
	}
	fmt.Fprintf(stdout, "code: %s\nurl:  %s\n", c.Code, url)
	if c.ProjectID == "" {
		fmt.Fprintln(stderr, "note: the campaign belongs to no project, so only installation admins see it; give --project ID, or move it into a project on the staff overview (/staff)")
	}
	return nil
}

func campaignSetOpen(ctx context.Context, open bool, args []string, env func(string) string, stdout, stderr io.Writer) error {
	var codes, storeArgs []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			storeArgs = append(storeArgs, args[i:]...)
			break
		}
		codes = append(codes, args[i])
	}
	if len(codes) != 1 {
		fmt.Fprint(stderr, campaignUsage)
		return fmt.Errorf("%w: give exactly one campaign code", ErrUsage)
	}
	_, st, _, err := openForCommand(ctx, "campaign", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	code := campaign.NormalizeCode(codes[0])
	if err := st.SetCampaignOpen(ctx, code, open); err != nil {
		return err
	}
	state := "closed"
	if open {
		state = "open"
	}
	fmt.Fprintf(stdout, "campaign %s is %s\n", code, state)
	return nil
}

func campaignList(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("vfv campaign list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	own, storeArgs := splitFlags(args, fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	cfg, st, _, err := openForCommand(ctx, "campaign list", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	list, err := st.Campaigns(ctx)
	if err != nil {
		return err
	}
	// Open is the switch staff turn; Status says whether answers are taken
	// today, by the rule the server uses.
	type row struct {
		Code, Survey, Project, Name, Site, URL, Created string
		Open, Kiosk                                     bool
		Status                                          campaign.Status
	}
	today := calendar.Date(time.Now())
	rows := make([]row, len(list))
	for i, c := range list {
		rows[i] = row{c.Code, c.SurveyID, c.ProjectID, c.Name, c.Site, campaign.URL(cfg.PublicURL(), c.Code), c.Created, c.Open, c.Kiosk, campaign.StatusOn(c, today)}
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rows)
	}
	for _, r := range rows {
		project := r.Project
		if project == "" {
			project = "no project"
		}
		fmt.Fprintf(stdout, "%s  %-8s  %s  %s — %s  (%s, %s)\n", r.Code, r.Status, r.Created, r.Name, r.Site, r.Survey, project)
	}
	return nil
}

// splitFlags separates a command's own flags from the store flags (those
// of config), so both can be given in any order.
func splitFlags(args []string, own *flag.FlagSet) (mine, rest []string) {
	for i := 0; i < len(args); i++ {
		name := strings.TrimLeft(args[i], "-")
		name, _, hasValue := strings.Cut(name, "=")
		f := own.Lookup(name)
		if !strings.HasPrefix(args[i], "-") || f == nil {
			rest = append(rest, args[i])
			continue
		}
		mine = append(mine, args[i])
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && !hasValue && i+1 < len(args) {
			i++
			mine = append(mine, args[i])
		}
	}
	return mine, rest
}

// openForCommand loads the configuration and surveys and opens the store
// for a short command, sharing an embedded store a server already runs.
func openForCommand(ctx context.Context, name string, args []string, env func(string) string, stderr io.Writer) (config.Config, *store.Store, []*survey.Survey, error) {
	cfg, rest, err := config.Load(name, args, env, stderr)
	if err != nil {
		return cfg, nil, nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if len(rest) > 0 {
		return cfg, nil, nil, fmt.Errorf("%w: unexpected arguments %q", ErrUsage, rest)
	}
	surveys, err := survey.LoadDir(cfg.SurveysDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return cfg, nil, nil, fmt.Errorf("%w in %s", ErrInvalidSurveys, cfg.SurveysDir)
	}
	st, err := store.Open(ctx, store.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, WriteConcern: cfg.WriteConcern, Journal: cfg.Journal == "true", ReadPreference: cfg.ReadPreference, WriterLease: cfg.WriterLease, Role: "vfv " + name, Logger: cfg.Logger(stderr)})
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, st, surveys, nil
}
