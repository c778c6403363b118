package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/vfv/vfv/internal/survey"
)

// ErrInvalid is returned by validate when a file has errors (exit code 1).
var ErrInvalid = errors.New("invalid")

// runValidate checks survey files and prints every error, one per line as
// file:line:column: message.
func runValidate(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: vfv validate FILE...   (e.g. vfv validate surveys/*.yaml)")
		return fmt.Errorf("%w: validate needs at least one file", ErrUsage)
	}
	surveys, err := survey.LoadFiles(args)
	if err != nil {
		var errs survey.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				fmt.Fprintln(stderr, e.Error())
			}
			return fmt.Errorf("%w: %d error(s) in the survey files", ErrInvalid, len(errs))
		}
		return err
	}
	for _, s := range surveys {
		fmt.Fprintf(stdout, "%s: ok (survey %q, %d items, %d pairs, version %s)\n", s.File, s.ID, len(s.Items), s.NumPairs(), shortHash(s.Version))
	}
	return nil
}

func shortHash(v string) string {
	if len(v) > 12 {
		return v[:12]
	}
	return v
}
