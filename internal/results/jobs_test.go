package results

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/ranking"
)

// TestJobsCapPerOwner: one owner may have MaxActiveJobsPerOwner jobs queued
// or running; the next is refused with ErrTooManyJobs, someone else's is
// not, and once the jobs end the owner may start more.
func TestJobsCapPerOwner(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	j := NewJobs(ctx, &Service{})
	j.sem <- struct{}{} // the runner is busy: every job waits its turn
	spec := JobSpec{Kind: KindBootstrap, Owner: "a@example.se"}
	for i := range MaxActiveJobsPerOwner {
		if _, err := j.Start(spec); err != nil {
			t.Fatalf("job %d of %d: %v", i+1, MaxActiveJobsPerOwner, err)
		}
	}
	if _, err := j.Start(spec); !errors.Is(err, ErrTooManyJobs) {
		t.Errorf("job %d while %d wait = %v, want ErrTooManyJobs", MaxActiveJobsPerOwner+1, MaxActiveJobsPerOwner, err)
	}
	other := spec
	other.Owner = "b@example.se"
	if _, err := j.Start(other); err != nil {
		t.Errorf("someone else's job = %v, want started", err)
	}
	cancel() // shutting down: the waiting jobs end
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := j.Start(spec)
		if err == nil {
			break
		}
		if !errors.Is(err, ErrTooManyJobs) || time.Now().After(deadline) {
			t.Fatalf("after the jobs ended: %v, want started", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestBootstrapResultMethod: a bootstrap job says "bootstrap" only when
// resamples gave the method's intervals, "none" when every one failed.
func TestBootstrapResultMethod(t *testing.T) {
	sv := testSurvey(t)
	nan := math.NaN()
	for _, tc := range []struct {
		name, method string
		iv           ranking.Interval
		want         string
	}{
		{"resamples gave intervals", MethodBT, ranking.Interval{Low: 0.1, High: 0.2}, ranking.CIMethodBootstrap},
		{"every resample failed", MethodBT, ranking.Interval{Low: nan, High: nan}, CIMethodNone},
		{"ahp failed", MethodAHP, ranking.Interval{Low: nan, High: nan}, CIMethodNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b ranking.BootstrapResult
			for _, it := range sv.Items {
				b.Items = append(b.Items, ranking.BootstrapItem{ID: it.ID, LogStrength: tc.iv, Share: tc.iv, Score: tc.iv, PriorityEigen: tc.iv})
			}
			if got := bootstrapResult(sv, JobSpec{Method: tc.method}, b); got.CIMethod != tc.want {
				t.Errorf("ci_method = %q, want %q", got.CIMethod, tc.want)
			}
		})
	}
}
