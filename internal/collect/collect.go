// Package collect is the write path of responses: it checks a submission
// against its campaign's survey, scrubs the story, stores the response
// exactly once and keeps the results counters, and rebuilds counters from
// the stored responses when a write was interrupted.
package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// ErrClosed is returned for a submission to a closed campaign.
var ErrClosed = errors.New("campaign is closed")

// ErrSurveyUnavailable is returned when a campaign's survey is not loaded.
var ErrSurveyUnavailable = errors.New("the campaign's survey is not available on this server")

// InvalidError carries every problem of a refused submission.
type InvalidError struct{ Problems []response.Problem }

// Error names the number of problems and the first one; an InvalidError
// without problems still has a message.
func (e *InvalidError) Error() string {
	if len(e.Problems) == 0 {
		return "invalid submission"
	}
	first := e.Problems[0].Message
	if f := e.Problems[0].Field; f != "" {
		first = f + ": " + first
	}
	return fmt.Sprintf("invalid submission: %d problem(s), first: %s", len(e.Problems), first)
}

// Service stores responses and keeps their counters.
type Service struct {
	store   *store.Store
	surveys map[string]*survey.Survey
	log     *slog.Logger
	clock   atomic.Pointer[func() time.Time]

	locks    sync.Map // campaign code -> *sync.RWMutex (submit: read, recount: write)
	versions sync.Map // version hash -> *survey.Survey, for older versions
}

// New returns a Service over st for the loaded surveys. Its clock is the
// server's calendar: the day an answer counts for, whether a campaign is
// open today, when stories expire (dates as package calendar makes them).
func New(st *store.Store, surveys []*survey.Survey, log *slog.Logger) *Service {
	m := make(map[string]*survey.Survey, len(surveys))
	for _, s := range surveys {
		m[s.ID] = s
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{store: st, surveys: m, log: log}
	s.SetClock(time.Now)
	return s
}

// SetClock replaces the clock (tests).
// It may be called while the service is in use.
func (s *Service) SetClock(now func() time.Time) { s.clock.Store(&now) }

func (s *Service) now() time.Time { return (*s.clock.Load())() }

// Today is the current date in Swedish time, YYYY-MM-DD.
func (s *Service) Today() string { return calendar.Date(s.now()) }

// ReleaseToday is the release rule's today on this service's clock
// (release.Today): the date of an hour ago, so that the answers of a day
// that has just ended are all counted before its week is released.
func (s *Service) ReleaseToday() string { return release.Today(s.now()) }

// Survey returns the loaded (current) survey with the given id.
func (s *Service) Survey(id string) (*survey.Survey, bool) {
	sv, ok := s.surveys[id]
	return sv, ok
}

// Campaign returns an open campaign and its current survey: store.ErrNotFound
// for an unknown code, ErrClosed for a closed campaign. The code may be
// spelled as a person types it (campaign.NormalizeCode); one that cannot
// be a code is not looked up.
func (s *Service) Campaign(ctx context.Context, code string) (store.Campaign, *survey.Survey, error) {
	code = campaign.NormalizeCode(code)
	if !campaign.ValidCode(code) {
		return store.Campaign{}, nil, fmt.Errorf("campaign %.20q: %w", code, store.ErrNotFound)
	}
	c, err := s.store.Campaign(ctx, code)
	if err != nil {
		return store.Campaign{}, nil, err
	}
	if campaign.StatusOn(c, s.Today()) != campaign.StatusOpen {
		return c, nil, fmt.Errorf("campaign %s: %w", code, ErrClosed)
	}
	sv, ok := s.surveys[c.SurveyID]
	if !ok {
		return c, nil, fmt.Errorf("campaign %s, survey %s: %w", code, c.SurveyID, ErrSurveyUnavailable)
	}
	return c, sv, nil
}

// Submit stores a submission exactly once. It returns store.Created or
// store.Duplicate; a reused id with other content is store.Conflict.
// A submission tagged as a preview is refused before anything else.
// Errors: store.ErrNotFound (unknown campaign), ErrClosed, *InvalidError,
// store.ErrUnavailable (retry later).
func (s *Service) Submit(ctx context.Context, sub response.Submission) (store.Outcome, error) {
	if sub.Preview {
		return 0, &InvalidError{Problems: []response.Problem{{Field: "preview",
			Message: "answers given in a preview (/preview/{survey}) are never stored"}}}
	}
	sub.Campaign = campaign.NormalizeCode(sub.Campaign)
	camp, current, err := s.Campaign(ctx, sub.Campaign)
	if err != nil {
		return 0, err
	}
	sv, err := s.versionFor(ctx, current, sub.Version)
	if err != nil {
		return 0, err
	}
	if ps := response.Validate(sv, sub); len(ps) > 0 {
		return 0, &InvalidError{Problems: ps}
	}
	if sub.Lang == "" {
		sub.Lang = camp.Lang
	}
	r := store.Response{
		ID: sub.ID, Campaign: camp.Code, SurveyID: sv.ID, Version: sv.Version,
		Date: s.Today(), Lang: sub.Lang,
		Background: sub.Background, Story: response.Scrub(sub.Story), Hash: response.Hash(sub),
	}
	for _, j := range sub.Judgments {
		sj := store.Judgment{A: j.A, B: j.B, Skip: j.Skip}
		if j.Value != nil {
			sj.Value = *j.Value
		}
		r.Judgments = append(r.Judgments, sj)
	}
	mu := s.lock(camp.Code)
	mu.RLock()
	defer mu.RUnlock()
	return s.store.SaveResponse(ctx, r, s.increments(sv, r), storyOf(sv, r))
}

// versionFor returns the survey version a submission was made under: the
// current one, or an older stored one a tablet showed before an update.
// SurveyOf is the survey definition a stored response was answered under
// (its version; the current one when it names none): group memberships
// are always read under the definition the counters used.
func (s *Service) SurveyOf(ctx context.Context, current *survey.Survey, r store.Response) (*survey.Survey, error) {
	return s.versionFor(ctx, current, r.Version)
}

func (s *Service) versionFor(ctx context.Context, current *survey.Survey, version string) (*survey.Survey, error) {
	if version == "" || version == current.Version {
		return current, nil
	}
	if v, ok := s.versions.Load(version); ok {
		return v.(*survey.Survey), nil
	}
	sv, err := s.store.SurveyVersion(ctx, version)
	if errors.Is(err, store.ErrNotFound) || (err == nil && sv.SurveyID != current.ID) {
		return nil, &InvalidError{Problems: []response.Problem{{Field: "version",
			Message: fmt.Sprintf("survey version %q is unknown for survey %s; reload the survey and answer again", version, current.ID)}}}
	}
	if err != nil {
		return nil, err
	}
	var old survey.Survey
	if err := json.Unmarshal(sv.Definition, &old); err != nil {
		return nil, fmt.Errorf("collect: decode stored survey version %s: %w", version, err)
	}
	old.Version = version
	s.versions.Store(version, &old)
	return &old, nil
}

func (s *Service) lock(campaign string) *sync.RWMutex {
	mu, _ := s.locks.LoadOrStore(campaign, &sync.RWMutex{})
	return mu.(*sync.RWMutex)
}

// increments converts a response into store counter increments.
func (s *Service) increments(sv *survey.Survey, r store.Response) []store.CounterInc {
	incs := response.Increments(sv, AnswerOf(r))
	out := make([]store.CounterInc, len(incs))
	for i, inc := range incs {
		out[i] = store.CounterInc{ID: CounterID(r.Campaign, inc.Group), Fields: inc.Fields}
	}
	return out
}

// storyOf is the stored story of a response; nil when it has none.
func storyOf(sv *survey.Survey, r store.Response) *store.Story {
	if r.Story == "" {
		return nil
	}
	ws := make([]response.Weighed, len(r.Judgments))
	for i, j := range r.Judgments {
		ws[i] = response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip}
	}
	return &store.Story{ID: store.StoryID(r.ID), Response: r.ID, Campaign: r.Campaign, Text: r.Story, Groups: response.Groups(sv, r.Background),
		Top: response.TopItem(sv, ws), Lang: r.Lang, Date: r.Date}
}

// AnswerOf is a stored response as the counters see it.
func AnswerOf(r store.Response) response.Answer {
	// An expired story stays counted in the response's writer's shards;
	// its -1 is in the shards of the writer that expired it (Recount).
	a := response.Answer{Date: r.Date, Lang: r.Lang, Background: r.Background, HasStory: r.Story != "" || r.StoryExpiredBy != ""}
	for _, j := range r.Judgments {
		a.Judgments = append(a.Judgments, response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip})
	}
	return a
}

// CounterID is the _id of a campaign's counter document for a group; it
// is stored as one shard per writer, and store.Counters sums them.
func CounterID(campaign, group string) string { return campaign + "|" + group }
