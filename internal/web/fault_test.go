package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// cutProxy forwards TCP connections to target until cut: then it closes
// every open connection and refuses new ones until restored.
type cutProxy struct {
	ln     net.Listener
	target string
	down   atomic.Bool
	mu     sync.Mutex
	conns  map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			c.Close()
			continue
		}
		u, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[u] = true, true
		p.mu.Unlock()
		go func() { _, _ = io.Copy(u, c); u.Close() }()
		go func() { _, _ = io.Copy(c, u); c.Close() }()
	}
}

// cut drops every connection and refuses new ones.
func (p *cutProxy) cut() {
	p.down.Store(true)
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
	p.mu.Unlock()
}

func (p *cutProxy) restore() { p.down.Store(false) }

// retryingClient submits a response until the server confirms it, as the
// tablets do: a 503 or a broken connection is retried with backoff.
type faultCounts struct {
	submitted, acknowledged, refused503, netErrors, duplicates atomic.Int64
}

func submitUntilStored(url string, body []byte, n *faultCounts) error {
	wait := 20 * time.Millisecond
	for try := 0; try < 200; try++ {
		resp, err := http.Post(url+"/api/v1/responses", "application/json", bytes.NewReader(body))
		if err != nil {
			n.netErrors.Add(1)
		} else {
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusCreated:
				n.acknowledged.Add(1)
				return nil
			case http.StatusOK:
				n.acknowledged.Add(1)
				n.duplicates.Add(1)
				return nil
			case http.StatusServiceUnavailable:
				n.refused503.Add(1)
			default:
				return fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		time.Sleep(wait)
		wait = min(wait*2, 500*time.Millisecond)
	}
	return fmt.Errorf("never stored")
}

// TestFaultStoreOutage cuts the connection between vfv and its store in
// the middle of a stream of submissions and restores it: every response a
// client was told is stored is there exactly once, the ones refused with
// 503 are stored exactly once after the retry, and the counters equal the
// stored responses after the repair a restart (or the periodic repair)
// runs.
func TestFaultStoreOutage(t *testing.T) {
	ctx := context.Background()
	st, proxy := storeBehindProxy(t)
	surveys, _ := survey.LoadDir("../../surveys")
	col := collect.New(st, surveys, nil)
	srv, err := web.New(web.Deps{Store: st, Collect: col, Surveys: surveys})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if err := st.CreateCampaign(ctx, store.Campaign{Code: "FAULT77", SurveyID: "unga-vuxna", Open: true, Lang: "sv", Name: "F", Site: "S"}); err != nil {
		t.Fatal(err)
	}
	var n faultCounts
	ids := make(chan string, 100000)
	var wg sync.WaitGroup
	// The clients submit until a while after the store is back, so the
	// outage falls in the middle of the stream however fast writes are.
	clients := 8
	var stop atomic.Bool
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				id := uuid.NewString()
				n.submitted.Add(1)
				if err := submitUntilStored(ts.URL, []byte(mustJSON(validSubmission(id, "FAULT77"))), &n); err != nil {
					t.Errorf("submission %s: %v", id, err)
					return
				}
				ids <- id
				time.Sleep(10 * time.Millisecond)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	proxy.cut()
	time.Sleep(time.Duration(soak()) * 1500 * time.Millisecond)
	proxy.restore()
	time.Sleep(300 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(ids)
	acked := map[string]bool{}
	for id := range ids {
		acked[id] = true
	}
	if err := col.RepairPending(ctx); err != nil { // what a restart does
		t.Fatal(err)
	}
	stored := map[string]int{}
	if err := st.StreamResponses(ctx, "FAULT77", func(r store.Response) error { stored[r.ID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for id := range acked {
		if stored[id] != 1 {
			t.Errorf("acknowledged response %s stored %d times", id, stored[id])
		}
	}
	if len(stored) != len(acked) {
		t.Errorf("%d responses stored, %d acknowledged", len(stored), len(acked))
	}
	c, _ := st.Counters(ctx, collect.CounterID("FAULT77", response.GroupAll))
	t.Logf("fault: store outage: submitted %d, acknowledged %d (of them replays answered 200: %d), refused with 503 %d, connection errors %d, stored %d, counted %d",
		n.submitted.Load(), n.acknowledged.Load(), n.duplicates.Load(), n.refused503.Load(), n.netErrors.Load(), len(stored), c["n"])
	if c["n"] != int64(len(stored)) {
		t.Errorf("counters say %d, %d stored", c["n"], len(stored))
	}
	if n.refused503.Load() == 0 {
		t.Error("the outage refused nothing: the test did not exercise it")
	}
}

// storeStartLimit bounds how long a test waits for its database server.
const storeStartLimit = 30 * time.Second

// runStoreServer runs a FerretDB server on a free port until the test
// ends and returns its address once it accepts connections. If it fails
// to start, the test fails at once with the server's log.
func runStoreServer(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	addr := freeAddr(t)
	ready, done := make(chan struct{}, 1), make(chan struct{})
	var runErr error // set before done closes
	go func() {
		defer close(done)
		runErr = store.RunServer(ctx, store.ServerOptions{Listen: addr, SQLiteDir: filepath.Join(t.TempDir(), "db"),
			Logger: slog.New(slog.NewTextHandler(&logs, nil)), Ready: func(string) { ready <- struct{}{} }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(storeStartLimit):
			t.Errorf("the store server did not stop within %v\n%s", storeStartLimit, logs.String())
		}
	})
	deadline := time.After(storeStartLimit)
	select {
	case <-ready:
	case <-done:
		t.Fatalf("the store server did not start: %v\n%s", runErr, logs.String())
	case <-deadline:
		t.Fatalf("the store server did not start within %v\n%s", storeStartLimit, logs.String())
	}
	for { // Ready comes as FerretDB starts; wait until it listens.
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return addr
		}
		select {
		case <-done:
			t.Fatalf("the store server stopped as it started: %v\n%s", runErr, logs.String())
		case <-deadline:
			t.Fatalf("the store server did not listen on %s within %v: %v\n%s", addr, storeStartLimit, err, logs.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// storeBehindProxy opens a store on a FerretDB server of its own through
// a cutProxy, so that a test can take the database off the network. A
// query finds the server gone when its connection breaks, or after
// store.Open's server selection timeout (10 s, which overrides any in the
// URI) when no connection is open.
func storeBehindProxy(t *testing.T) (*store.Store, *cutProxy) {
	t.Helper()
	proxy := newCutProxy(t, runStoreServer(t))
	st, err := store.Open(context.Background(), store.Options{Database: "vfv",
		URI: "mongodb://" + proxy.ln.Addr().String() + "/?connectTimeoutMS=1000&socketTimeoutMS=3000"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st, proxy
}

// soak scales the fault tests (VFV_SOAK=N, make soak).
func soak() int {
	if n, err := strconv.Atoi(os.Getenv("VFV_SOAK")); err == nil && n > 1 {
		return n
	}
	return 1
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestFaultSlowClients: clients that send their headers a byte at a time
// (slowloris) are cut off by the read timeouts, and meanwhile other
// respondents are served at once.
func TestFaultSlowClients(t *testing.T) {
	surveys, _ := survey.LoadDir("../../surveys")
	st := openFaultStore(t)
	srv, err := web.New(web.Deps{Store: st, Collect: collect.New(st, surveys, nil), Surveys: surveys,
		Timeouts: web.Timeouts{ReadHeader: 400 * time.Millisecond, Read: time.Second, Write: 2 * time.Second, Idle: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, time.Second) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()

	const slow = 40
	closedIn := make(chan time.Duration, slow)
	for range slow {
		go func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				closedIn <- -1
				return
			}
			defer c.Close()
			start := time.Now()
			_, _ = c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n"))
			for time.Since(start) < 5*time.Second {
				if _, err := c.Write([]byte("X")); err != nil {
					break
				}
				_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
				if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
					break // the server closed the connection
				}
			}
			closedIn <- time.Since(start)
		}()
	}
	time.Sleep(100 * time.Millisecond)
	var worst time.Duration
	for range 20 {
		t0 := time.Now()
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("a normal request beside the slow clients failed: %v", err)
		}
		resp.Body.Close()
		worst = max(worst, time.Since(t0))
	}
	var longest time.Duration
	for range slow {
		d := <-closedIn
		if d < 0 || d >= 5*time.Second {
			t.Errorf("a slow client was not cut off (%v)", d)
		}
		longest = max(longest, d)
	}
	t.Logf("fault: slow clients: %d slowloris connections cut off after at most %v; 20 normal requests beside them, slowest %v", slow, longest.Round(time.Millisecond), worst.Round(time.Millisecond))
	if worst > 2*time.Second {
		t.Errorf("normal requests waited %v beside slow clients", worst)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func openFaultStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st
}
