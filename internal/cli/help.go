package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/config"
	"github.com/vfv/vfv/internal/store"
)

// storeFlagsNote ends the help of every command that opens the store.
const storeFlagsNote = `
Store flags are those of vfv serve (vfv help serve), such as --data-dir and
--surveys; the VFV_… environment variables work too.
`

// command is the help of one subcommand: what `vfv help NAME` and
// `vfv NAME --help` print.
type command struct {
	name string
	// text is the synopsis and what the command does.
	text string
	// flags declares the command's own flags, listed after text (nil:
	// none); settings lists every setting of vfv serve instead.
	flags    func() *flag.FlagSet
	settings bool
	// store: the command opens the store and takes the store flags.
	store bool
}

// commands is the help of every subcommand, in the order of the overview.
var commands = []command{
	{name: "serve", settings: true, text: `usage: vfv serve [flags]

Serves the surveys on the web: respondents at /s/CODE, a preview of each
survey at /preview/ID, staff at /login. The store is embedded (in
--data-dir) unless MONGODB_URI is set. On an empty store it prints the
command that creates the first admin.
`},
	{name: "validate", text: `usage: vfv validate FILE...

Checks survey YAML files and prints every error as file:line:column, e.g.
  vfv validate surveys/*.yaml
`},
	{name: "rank", text: rankUsage, flags: func() *flag.FlagSet { return rankFlagSet(&rankFlags{}) }},
	{name: "campaign", text: campaignUsage + "\nFlags of campaign create:\n",
		flags: func() *flag.FlagSet { return campaignCreateFlags(&campaignFlags{}) }},
	{name: "project", store: true, text: `usage: vfv project create ID --name NAME [--surveys ID,ID] [store flags]

Creates a project: the campaigns and staff of one cooperation.
`, flags: func() *flag.FlagSet { return projectFlags(new(string), new(string)) }},
	{name: "user", store: true, text: `usage: vfv user add [--admin] [--project ID --role admin|agent|group] [--name NAME] EMAIL [store flags]

Adds a staff account, or changes one. The password is asked for on a
terminal, or read from the first line of standard input. The first account
of an installation is an admin:
  vfv user add --admin you@example.org
`, flags: func() *flag.FlagSet { return userAddFlags(&userAddOpts{}) }},
	{name: "token", store: true, text: `usage: vfv token create --user EMAIL [--name NAME] [--json] [store flags]

Creates an API token that acts as the user (Authorization: Bearer …).
`, flags: func() *flag.FlagSet { return tokenFlags(&tokenOpts{}) }},
	{name: "recount", store: true, text: `usage: vfv recount CAMPAIGN [store flags]

Rebuilds a campaign's counters from its stored responses.
`},
	{name: "delete-campaign", store: true, text: `usage: vfv delete-campaign CODE [store flags]

Deletes a closed campaign and all its data (close it first:
vfv campaign close CODE).
`},
	{name: "retention", store: true, text: `usage: vfv retention [store flags]

Deletes the text of answers older than their survey's keep_days now (the
server also does it daily).
`},
	{name: "export-all", store: true, text: `usage: vfv export-all [--project ID] [--out FILE] [store flags]

Writes a project's data (or everything) as a portable archive.
`, flags: func() *flag.FlagSet { return exportFlags(new(string), new(string)) }},
	{name: "import", store: true, text: `usage: vfv import FILE [store flags]

Reads an archive made by vfv export-all and rebuilds its counters.
`},
	{name: "db-server", text: `usage: vfv db-server [--listen ADDR] (--sqlite-dir DIR | --postgresql-url URL)

Runs the store alone (FerretDB), for several vfv processes sharing one
store; prints the MONGODB_URI to give them.
`, flags: func() *flag.FlagSet { return dbServerFlags(&store.ServerOptions{}, os.Getenv) }},
	{name: "config", settings: true, text: `usage: vfv config [flags]

Prints the effective configuration, secrets masked. It takes the flags of
vfv serve, and reads the same environment variables.
`},
	{name: "version", text: `usage: vfv version

Prints the version.
`},
	{name: "help", text: `usage: vfv help [COMMAND]

Prints the list of commands, or the help of one (as vfv COMMAND --help).
`},
}

// commandNames lists the subcommands, for errors.
func commandNames() []string {
	out := make([]string, len(commands))
	for i, c := range commands {
		out[i] = c.name
	}
	return out
}

// lookupCommand finds a subcommand's help by name.
func lookupCommand(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// write prints the command's help.
func (c command) write(w io.Writer) {
	fmt.Fprint(w, c.text)
	if c.flags != nil {
		fs := c.flags()
		fs.SetOutput(w)
		if !strings.HasSuffix(c.text, ":\n") { // else the text introduces them
			fmt.Fprintln(w, "\nFlags:")
		}
		fs.PrintDefaults()
	}
	if c.settings {
		fmt.Fprintln(w, "\nFlags (each also an environment variable):")
		config.WriteFlags(w)
	}
	if c.store {
		fmt.Fprint(w, storeFlagsNote)
	}
}

// runHelp is `vfv help [COMMAND]`: the overview, or one command's help;
// an unknown command is a usage error that lists the commands.
func runHelp(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	c, ok := lookupCommand(args[0])
	if !ok {
		return unknownCommand(args[0], stderr)
	}
	c.write(stdout)
	return nil
}

// unknownCommand prints the overview and returns the usage error naming
// every command.
func unknownCommand(name string, stderr io.Writer) error {
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q; the commands are %s", ErrUsage, name, strings.Join(commandNames(), ", "))
}

// asksForHelp reports whether a command's arguments ask for its help.
func asksForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}
