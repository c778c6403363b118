// Package archive exports a project's data (survey versions, campaigns,
// responses, which stories are hidden) as a portable archive — gzip'd JSON
// lines, one record per line — and imports it into another installation.
// Counters and stories are not exported: the import rebuilds them with a
// recount, so an archive can never carry inconsistent counts.
package archive

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/store"
)

// FormatVersion is written in the archive's first record.
const FormatVersion = 1

// record is one line of an archive.
type record struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

type meta struct {
	Format   int    `json:"format"`
	Project  string `json:"project,omitempty"`
	Exported string `json:"exported"`
}

// Store is what export and import need of the store.
type Store interface {
	Project(ctx context.Context, id string) (store.Project, error)
	CreateProject(ctx context.Context, p store.Project) error
	Campaigns(ctx context.Context) ([]store.Campaign, error)
	Campaign(ctx context.Context, code string) (store.Campaign, error)
	CreateCampaign(ctx context.Context, c store.Campaign) error
	SurveyVersion(ctx context.Context, version string) (store.SurveyVersion, error)
	SaveSurveyVersion(ctx context.Context, v store.SurveyVersion) (bool, error)
	StreamResponses(ctx context.Context, campaign string, fn func(store.Response) error) error
	ImportResponses(ctx context.Context, rs []store.Response) (int, error)
	Stories(ctx context.Context, campaign string) ([]store.Story, error)
	SetStoryHidden(ctx context.Context, id string, hidden bool) (store.Story, error)
}

// Counts says what an export or import carried.
type Counts struct {
	Campaigns, Versions, Responses, Hidden int
}

// Export writes the project's data (every campaign's when project is "")
// to w.
func Export(ctx context.Context, st Store, w io.Writer, project string, now time.Time) (Counts, error) {
	var n Counts
	zw := gzip.NewWriter(w)
	enc := json.NewEncoder(zw)
	put := func(typ string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return enc.Encode(record{Type: typ, Data: b})
	}
	if err := put("meta", meta{Format: FormatVersion, Project: project, Exported: calendar.Date(now)}); err != nil {
		return n, err
	}
	if project != "" {
		p, err := st.Project(ctx, project)
		if err != nil {
			return n, err
		}
		if err := put("project", p); err != nil {
			return n, err
		}
	}
	camps, err := st.Campaigns(ctx)
	if err != nil {
		return n, err
	}
	versions := map[string]bool{}
	for _, c := range camps {
		if project != "" && c.ProjectID != project {
			continue
		}
		if err := put("campaign", c); err != nil {
			return n, err
		}
		n.Campaigns++
		err := st.StreamResponses(ctx, c.Code, func(r store.Response) error {
			if !versions[r.Version] {
				versions[r.Version] = true
				v, err := st.SurveyVersion(ctx, r.Version)
				if err != nil {
					return fmt.Errorf("archive: survey version %s of response: %w", r.Version, err)
				}
				if err := put("survey_version", v); err != nil {
					return err
				}
				n.Versions++
			}
			n.Responses++
			return put("response", r)
		})
		if err != nil {
			return n, err
		}
		stories, err := st.Stories(ctx, c.Code)
		if err != nil {
			return n, err
		}
		for _, s := range stories {
			if s.Hidden {
				if err := put("hidden_story", s.ID); err != nil {
					return n, err
				}
				n.Hidden++
			}
		}
	}
	if err := zw.Close(); err != nil {
		return n, fmt.Errorf("archive: %w", err)
	}
	return n, nil
}

// ErrConflict is returned when an archive's campaign code is taken by a
// different campaign in the target installation.
var ErrConflict = errors.New("campaign code already used by another campaign")

// Import reads an archive into st. Existing identical campaigns, versions
// and responses are kept (an import can be run again). recount rebuilds
// a campaign's counters and stories afterwards.
func Import(ctx context.Context, st Store, r io.Reader, recount func(ctx context.Context, campaign string) error) (Counts, error) {
	var n Counts
	zr, err := gzip.NewReader(r)
	if err != nil {
		return n, fmt.Errorf("archive: not a vfv archive (gzip): %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var batch []store.Response
	var hidden []string
	campaigns := []string{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		added, err := st.ImportResponses(ctx, batch)
		n.Responses += added
		batch = batch[:0]
		return err
	}
	line := 0
	for sc.Scan() {
		line++
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return n, fmt.Errorf("archive: line %d: %w", line, err)
		}
		if line == 1 {
			var m meta
			if rec.Type != "meta" || json.Unmarshal(rec.Data, &m) != nil || m.Format != FormatVersion {
				return n, fmt.Errorf("archive: line 1: not a vfv archive of format %d", FormatVersion)
			}
			continue
		}
		if err := importRecord(ctx, st, rec, &n, &batch, &hidden, &campaigns); err != nil {
			return n, fmt.Errorf("archive: line %d: %w", line, err)
		}
		if len(batch) >= 1000 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("archive: %w", err)
	}
	if err := flush(); err != nil {
		return n, err
	}
	for _, c := range campaigns {
		if err := recount(ctx, c); err != nil {
			return n, err
		}
	}
	for _, id := range hidden {
		if _, err := st.SetStoryHidden(ctx, id, true); err != nil && !errors.Is(err, store.ErrNotFound) {
			return n, err
		}
		n.Hidden++
	}
	return n, nil
}

func importRecord(ctx context.Context, st Store, rec record, n *Counts, batch *[]store.Response, hidden, campaigns *[]string) error {
	switch rec.Type {
	case "project":
		var p store.Project
		if err := json.Unmarshal(rec.Data, &p); err != nil {
			return err
		}
		if err := st.CreateProject(ctx, p); err != nil && !errors.Is(err, store.ErrExists) {
			return err
		}
	case "survey_version":
		var v store.SurveyVersion
		if err := json.Unmarshal(rec.Data, &v); err != nil {
			return err
		}
		if _, err := st.SaveSurveyVersion(ctx, v); err != nil {
			return err
		}
		n.Versions++
	case "campaign":
		var c store.Campaign
		if err := json.Unmarshal(rec.Data, &c); err != nil {
			return err
		}
		old, err := st.Campaign(ctx, c.Code)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if err := st.CreateCampaign(ctx, c); err != nil {
				return err
			}
		case err != nil:
			return err
		case old.SurveyID != c.SurveyID || old.ProjectID != c.ProjectID || old.Created != c.Created:
			return fmt.Errorf("campaign %s: %w", c.Code, ErrConflict)
		}
		*campaigns = append(*campaigns, c.Code)
		n.Campaigns++
	case "response":
		var r store.Response
		if err := json.Unmarshal(rec.Data, &r); err != nil {
			return err
		}
		*batch = append(*batch, r)
	case "hidden_story":
		var id string
		if err := json.Unmarshal(rec.Data, &id); err != nil {
			return err
		}
		*hidden = append(*hidden, id)
	default:
		return fmt.Errorf("unknown record type %q", rec.Type)
	}
	return nil
}
