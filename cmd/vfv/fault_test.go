package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// loadClients submit responses to whatever server url points at, each
// retried until confirmed (503s and broken connections too), until stop.
type loadClients struct {
	url                                           atomic.Value // string
	submitted, acknowledged, retryable, netErrors atomic.Int64
	mu                                            sync.Mutex
	acked                                         map[string]bool
	wg                                            sync.WaitGroup
	stop                                          atomic.Bool
	// inFlight counts requests sent and not yet answered. signalling is
	// set just before a signal is sent to the server and signalled once it
	// is; spanned counts requests sent before the one and acknowledged
	// after the other: in flight while the signal arrived.
	inFlight, spanned     atomic.Int64
	signalling, signalled atomic.Bool
	// urls, when set, are the servers tried in turn (round robin, a
	// retry going to the next one), as a load balancer does.
	urls []string
	rr   atomic.Uint64
}

func startLoad(t *testing.T, url, campaign string, clients int) *loadClients {
	l := &loadClients{acked: map[string]bool{}}
	l.url.Store(url)
	l.start(t, campaign, clients)
	return l
}

// startLoadRR is startLoad over several servers in turn.
func startLoadRR(t *testing.T, urls []string, campaign string, clients int) *loadClients {
	l := &loadClients{acked: map[string]bool{}, urls: urls}
	l.url.Store(urls[0])
	l.start(t, campaign, clients)
	return l
}

func (l *loadClients) target() string {
	if len(l.urls) == 0 {
		return l.url.Load().(string)
	}
	return l.urls[l.rr.Add(1)%uint64(len(l.urls))]
}

func (l *loadClients) start(t *testing.T, campaign string, clients int) {
	hc := &http.Client{Timeout: 10 * time.Second}
	for c := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 3))
			for !l.stop.Load() {
				id := uuid.NewString()
				body := submission(rng, campaign)
				var m map[string]any
				_ = json.Unmarshal(body, &m)
				m["id"] = id
				body, _ = json.Marshal(m)
				l.submitted.Add(1)
				for try := 0; ; try++ {
					sentBefore := !l.signalling.Load()
					l.inFlight.Add(1)
					resp, err := hc.Post(l.target()+"/api/v1/responses", "application/json", bytes.NewReader(body))
					l.inFlight.Add(-1)
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == 201 || resp.StatusCode == 200 {
							l.acknowledged.Add(1)
							if sentBefore && l.signalled.Load() {
								l.spanned.Add(1)
							}
							l.mu.Lock()
							l.acked[id] = true
							l.mu.Unlock()
							break
						}
						if resp.StatusCode != 503 {
							t.Errorf("submission answered %d", resp.StatusCode)
							return
						}
						l.retryable.Add(1)
					} else {
						l.netErrors.Add(1)
					}
					if try > 400 {
						t.Errorf("submission %s never confirmed", id)
						return
					}
					time.Sleep(time.Duration(20+rng.IntN(30)) * time.Millisecond)
				}
			}
		}()
	}
}

// signal sends sig to the server p and returns how many requests were in
// flight as it was sent.
func (l *loadClients) signal(p *proc, sig os.Signal) int64 {
	l.signalling.Store(true)
	n := l.inFlight.Load()
	_ = p.cmd.Process.Signal(sig)
	l.signalled.Store(true)
	return n
}

// finish stops the clients (letting each finish its response) and waits.
func (l *loadClients) finish() {
	l.stop.Store(true)
	l.wg.Wait()
}

// checkStore opens the stopped server's data directory and checks every
// acknowledged response is stored exactly once and nothing else, that no
// write is left half done when wantNoPending, and that the counters equal
// a full recount.
func checkStore(t *testing.T, dir, campaign string, l *loadClients, wantNoPending bool) (stored int, counted int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	seen := map[string]int{}
	if err := st.StreamResponses(ctx, campaign, func(r store.Response) error { seen[r.ID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for id := range l.acked {
		if seen[id] != 1 {
			t.Errorf("acknowledged response %s stored %d times", id, seen[id])
		}
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("response %s stored %d times", id, k)
		}
	}
	if pending, _ := st.PendingCount(ctx); wantNoPending && pending != 0 {
		t.Errorf("%d writes left half done", pending)
	}
	before, _ := st.Counters(ctx, collect.CounterID(campaign, response.GroupAll))
	surveys, _ := survey.LoadDir(filepath.Join(dir, "surveys"))
	if _, err := collect.New(st, surveys, nil).Recount(ctx, campaign); err != nil {
		t.Fatal(err)
	}
	after, _ := st.Counters(ctx, collect.CounterID(campaign, response.GroupAll))
	if before["n"] != after["n"] || before["n"] != int64(len(seen)) {
		t.Errorf("counters before the recount %d, after %d, responses %d", before["n"], after["n"], len(seen))
	}
	for k, v := range after {
		if before[k] != v {
			t.Errorf("counter %s = %d, a recount says %d", k, before[k], v)
		}
	}
	return len(seen), before["n"]
}

// soak scales the fault tests' clients and durations: VFV_SOAK=N (make
// soak) runs N times as many clients for N times as long.
func soak() int {
	if n, err := strconv.Atoi(os.Getenv("VFV_SOAK")); err == nil && n > 1 {
		return n
	}
	return 1
}

func faultSetup(t *testing.T) (bin, dir, campaign string) {
	bin = buildVFV(t)
	dir = t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		t.Fatal(err)
	}
	var created struct{ Code string }
	out := vfvCmd(t, bin, dir, "", nil, "campaign", "create", "--survey", "unga-vuxna", "--name", "Fel", "--site", "Labbet", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	return bin, dir, created.Code
}

// TestFaultKill kills vfv serve with SIGKILL under load and restarts it:
// no acknowledged response is missing, none is stored twice, and the
// counters equal a full recount (the restart repairs interrupted writes).
func TestFaultKill(t *testing.T) {
	bin, dir, code := faultSetup(t)
	env := []string{"VFV_SUBMIT_BURST=0"}
	p := startServe(t, bin, dir, env...)
	l := startLoad(t, p.url, code, 12*soak())
	time.Sleep(time.Duration(soak()) * 1500 * time.Millisecond)
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	killedAt := l.acknowledged.Load()
	p = startServe(t, bin, dir, env...)
	l.url.Store(p.url)
	time.Sleep(time.Duration(soak()) * 1500 * time.Millisecond)
	l.finish()
	p.stop(t)
	stored, counted := checkStore(t, dir, code, l, true)
	t.Logf("fault: SIGKILL under load: submitted %d, acknowledged %d (%d before the kill), retried after 503 %d, connection errors %d, stored %d, counted %d",
		l.submitted.Load(), l.acknowledged.Load(), killedAt, l.retryable.Load(), l.netErrors.Load(), stored, counted)
	if l.netErrors.Load() == 0 {
		t.Error("no client saw the kill: the test did not exercise it")
	}
}

// TestFaultGracefulShutdown sends SIGTERM under load: submissions in
// flight when it arrives complete and are acknowledged (there must be
// some, or the test proved nothing) or are refused with a retryable
// status, nothing is half-stored (no pending write, counters equal to the
// responses without a recount).
func TestFaultGracefulShutdown(t *testing.T) {
	bin, dir, code := faultSetup(t)
	p := startServe(t, bin, dir, "VFV_SUBMIT_BURST=0")
	l := startLoad(t, p.url, code, 12*soak())
	time.Sleep(time.Duration(soak()) * 1500 * time.Millisecond)
	inFlight := l.signal(p, syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("vfv serve exit after SIGTERM under load: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("vfv serve did not stop on SIGTERM")
	}
	// The clients now fail to connect; stop them. Responses in flight at the
	// moment of shutdown either completed or were never stored.
	l.stop.Store(true)
	p = startServe(t, bin, dir)
	l.url.Store(p.url)
	l.wg.Wait()
	p.stop(t)
	stored, counted := checkStore(t, dir, code, l, true)
	t.Logf("fault: SIGTERM under load: submitted %d, acknowledged %d, in flight at the signal %d, of them acknowledged after it %d, refused with 503 %d, connection errors %d, stored %d, counted %d",
		l.submitted.Load(), l.acknowledged.Load(), inFlight, l.spanned.Load(), l.retryable.Load(), l.netErrors.Load(), stored, counted)
	if l.spanned.Load() == 0 {
		t.Errorf("no submission sent before SIGTERM was acknowledged after it (%d in flight as it was sent): the test did not exercise a graceful shutdown", inFlight)
	}
}
