package cli

import (
	"context"
	"errors"
	"io"
)

// runRank is a placeholder replaced by the ranking work.
func runRank(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("rank: not implemented yet")
}
