package survey

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MaxFileSize is the largest survey file loaded, 1 MiB: a survey is a few
// kilobytes of YAML, and a file the size of a disk image must not take
// that much memory (vfv validate reads whatever it is given).
const MaxFileSize = 1 << 20

// ErrFileTooLarge is the error under a file over MaxFileSize.
var ErrFileTooLarge = errors.New("survey file too large")

// LoadFile reads and parses one survey file. On failure the error is
// Errors.
func LoadFile(path string) (*Survey, error) {
	ss, err := LoadFiles([]string{path})
	if err != nil {
		return nil, err
	}
	return ss[0], nil
}

// LoadDir loads every *.yaml and *.yml file directly in dir (not in
// subdirectories). Problems in the files, including two files with the same
// survey id, are returned together as Errors; failing to list dir is
// returned as a wrapped error. A directory without survey files gives no
// surveys and no error.
func LoadDir(dir string) ([]*Survey, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("survey: load dir: %w", err)
	}
	var paths []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.Type().IsRegular() && (ext == ".yaml" || ext == ".yml") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return LoadFiles(paths)
}

// LoadFiles reads and parses the given files and checks that their survey
// ids are unique. It returns the surveys sorted by id, or, if any file has
// a problem, nil and Errors with every problem of every file.
func LoadFiles(paths []string) ([]*Survey, error) {
	var (
		surveys []*Survey
		errs    Errors
	)
	type origin struct {
		file      string
		line, col int
	}
	ids := map[string]origin{}
	for _, path := range paths {
		data, err := readFile(path)
		if err != nil {
			errs = append(errs, readError(path, err))
			continue
		}
		s, idNode, fileErrs := parse(path, data)
		errs = append(errs, fileErrs...)
		if s == nil || s.ID == "" {
			continue
		}
		if first, dup := ids[s.ID]; dup {
			errs = append(errs, Error{File: path, Line: idNode.Line, Col: idNode.Column,
				Msg: fmt.Sprintf("survey id %q is already used by %s:%d:%d; give each survey its own id", s.ID, first.file, first.line, first.col)})
			continue
		}
		ids[s.ID] = origin{path, idNode.Line, idNode.Column}
		if len(fileErrs) == 0 {
			surveys = append(surveys, s)
		}
	}
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	slices.SortFunc(surveys, func(a, b *Survey) int { return strings.Compare(a.ID, b.ID) })
	return surveys, nil
}

// readFile reads path whole, or ErrFileTooLarge after reading one byte
// more than MaxFileSize (a size from Stat would not hold for pipes and
// devices).
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, ErrFileTooLarge
	}
	return data, nil
}

// readError turns a failure to read path into a positioned problem that
// still unwraps to the file system error.
func readError(path string, err error) Error {
	if errors.Is(err, ErrFileTooLarge) {
		return Error{File: path, Err: err, Msg: fmt.Sprintf("the file is larger than %d MiB, the limit for a survey file; "+
			"a survey is a few kilobytes of YAML: check that this is the right file", MaxFileSize>>20)}
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return Error{File: path, Msg: "cannot read the file: " + msg, Err: err}
}
