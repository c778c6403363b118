// Package cli implements the vfv command line: it parses subcommands and
// their flags and wires the other packages together.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/vfv/vfv/internal/config"
	"github.com/vfv/vfv/internal/store"
)

// version is the build version, set with -ldflags "-X github.com/vfv/vfv/internal/cli.version=…".
var version = "dev"

// ErrUsage marks an error in how a command was called (exit code 2).
var ErrUsage = errors.New("usage")

// ExitCode maps an error returned by Run to a process exit code.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	default:
		return 1
	}
}

// Run executes the subcommand named by args[0].
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", ErrUsage)
	}
	cmd, rest := args[0], args[1:]
	if c, ok := lookupCommand(cmd); ok && asksForHelp(rest) {
		c.write(stdout)
		return nil
	}
	switch cmd {
	case "serve":
		return runServe(ctx, commandName(os.Args[0]), rest, os.Getenv, stdout, stderr, nil)
	case "campaign":
		return runCampaign(ctx, rest, os.Getenv, stdout, stderr)
	case "user":
		return runUser(ctx, rest, os.Getenv, stdin, stdout, stderr)
	case "token":
		return runToken(ctx, rest, os.Getenv, stdout, stderr)
	case "project":
		return runProject(ctx, rest, os.Getenv, stdout, stderr)
	case "recount":
		return runRecount(ctx, rest, os.Getenv, stdout, stderr)
	case "delete-campaign":
		return runDeleteCampaign(ctx, rest, os.Getenv, stdout, stderr)
	case "retention":
		return runRetention(ctx, rest, os.Getenv, stdout, stderr)
	case "export-all":
		return runExportAll(ctx, rest, os.Getenv, stdout, stderr)
	case "import":
		return runImport(ctx, rest, os.Getenv, stdout, stderr)
	case "db-server":
		return runDBServer(ctx, rest, stdout, stderr)
	case "validate":
		return runValidate(rest, stdout, stderr)
	case "config":
		return runConfig(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "vfv", version)
		return nil
	case "rank":
		return runRank(ctx, rest, stdin, stdout, stderr)
	case "help", "-h", "--help":
		return runHelp(rest, stdout, stderr)
	}
	return unknownCommand(cmd, stderr)
}

const usage = `vfv — survey engine for "Värde för vem?"

Usage:
  vfv serve [flags]            serve the surveys (embedded store unless MONGODB_URI is set)
  vfv validate FILE...         check survey YAML files and print every error
  vfv rank --method bt|ahp|score [--input] FILE [flags]
                               rank items from judgments or counts (JSON to stdout)
  vfv campaign create|close|open|list ...
                               manage campaigns (see vfv help campaign)
  vfv project create ID --name NAME [--surveys ID,ID]
  vfv user add [--admin] [--project ID --role admin|agent|group] EMAIL
  vfv token create --user EMAIL [--json]
  vfv recount CAMPAIGN         rebuild a campaign's counters from its responses
  vfv delete-campaign CODE     delete a closed campaign and all its data
  vfv retention                delete answers older than their survey's keep_days
  vfv export-all [--project ID] [--out FILE]
                               write a project's data as a portable archive
  vfv import FILE              read such an archive and rebuild its counters
  vfv db-server [--listen ADDR] (--sqlite-dir DIR | --postgresql-url URL)
                               run the store alone, for several vfv processes
  vfv config [flags]           print the effective configuration (secrets masked)
  vfv version                  print the version
  vfv help [COMMAND]           print this, or the help of a command (also: vfv COMMAND --help)
`

// runConfig prints the effective configuration with secrets masked.
func runConfig(args []string, stdout, stderr io.Writer) error {
	cfg, _, err := config.FromOS("config", args, stderr)
	cfg.Print(stdout, store.RedactURI)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	return nil
}
