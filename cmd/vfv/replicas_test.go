package main_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// startDBServer runs `vfv db-server` on a free loopback port and returns
// its MongoDB URI.
func startDBServer(t testing.TB, bin, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "db-server", "--listen", addr, "--sqlite-dir", filepath.Join(dir, "db"))
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	uric := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "MONGODB_URI="); ok {
				uric <- u
			}
		}
	}()
	select {
	case u := <-uric:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("db-server did not start")
	}
	return ""
}

// vfvCmd runs a vfv command in dir with env and returns its stdout.
func vfvCmd(t testing.TB, bin, dir, stdin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("vfv %v: %v\n%s", args, err, msg)
	}
	return string(out)
}

// TestTwoReplicas runs two vfv serve processes on one store: a campaign
// created through one is answered on the other, stored once across both,
// and counted on both (nothing the answer path needs lives only in one
// process).
func TestTwoReplicas(t *testing.T) {
	bin := buildVFV(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		t.Fatal(err)
	}
	// The store: MONGODB_URI when set (CI's FerretDB on PostgreSQL), in a
	// database of this test's own; else a db-server on SQLite.
	var env []string
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		env = []string{"MONGODB_URI=" + uri, "VFV_DB=vfv_replicas_" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	} else {
		env = []string{"MONGODB_URI=" + startDBServer(t, bin, dir)}
	}
	vfvCmd(t, bin, dir, "", env, "project", "create", "grums", "--name", "Tillitsbyrån Grums")
	vfvCmd(t, bin, dir, "ett långt lösenord\n", env, "user", "add", "--project", "grums", "--role", "admin", "anna@grums.se")
	var tok struct{ Token string }
	if err := json.Unmarshal([]byte(vfvCmd(t, bin, dir, "", env, "token", "create", "--user", "anna@grums.se", "--json")), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token create --json: %v", err)
	}
	a := startServe(t, bin, dir, env...)
	b := startServe(t, bin, dir, env...)

	call := func(p *proc, method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, p.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	status, camp := call(a, "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"Hösten","site":"Fritidsgården"}`)
	code, _ := camp["code"].(string)
	if status != 201 || code == "" {
		t.Fatalf("create campaign on replica A = %d %v", status, camp)
	}
	sub := `{"id":"9b2f7c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f","campaign":"` + code + `","lang":"sv","judgments":[{"a":"jobb-studier","b":"ma-bra","value":1}]}`
	if status, body := call(b, "POST", "/api/v1/responses", sub); status != 201 {
		t.Fatalf("answer on replica B = %d %v", status, body)
	}
	if status, body := call(a, "POST", "/api/v1/responses", sub); status != 200 {
		t.Errorf("the same answer replayed on replica A = %d %v, want 200 (stored once)", status, body)
	}
	for name, p := range map[string]*proc{"A": a, "B": b} {
		_, c := call(p, "GET", "/api/v1/campaigns/"+code, "")
		counts, _ := c["counts"].(map[string]any)
		if counts == nil || counts["total"] != 1.0 {
			t.Errorf("count on replica %s = %v, want 1", name, c["counts"])
		}
	}
	a.stop(t)
	b.stop(t)
}

// replicaStore is the store replica tests share: MONGODB_URI when set
// (CI's FerretDB on PostgreSQL), in a database of the test's own, else a
// db-server on SQLite. It returns the environment for vfv and the store
// options for checking.
func replicaStore(t *testing.T, bin, dir string) ([]string, store.Options) {
	t.Helper()
	uri, db := os.Getenv("MONGODB_URI"), "vfv_replicas_"+strconv.FormatInt(time.Now().UnixNano(), 36)
	if uri == "" {
		uri, db = startDBServer(t, bin, dir), "vfv"
	}
	return []string{"MONGODB_URI=" + uri, "VFV_DB=" + db}, store.Options{URI: uri, Database: db}
}

// replicaSeconds is how long the three-replica tests send submissions:
// 30 s on MONGODB_URI (CI runs them on FerretDB with PostgreSQL), 6 s on
// the local SQLite db-server, so that `make test` stays short;
// VFV_REPLICA_SECONDS overrides both.
func replicaSeconds() time.Duration {
	if n, err := strconv.Atoi(os.Getenv("VFV_REPLICA_SECONDS")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if os.Getenv("MONGODB_URI") == "" {
		return 6 * time.Second
	}
	return 30 * time.Second
}

// TestThreeReplicas runs three vfv serve processes on one store and sends
// concurrent submissions to them in turn for 30 s: every acknowledged
// response is stored exactly once, and every counter (the campaign's, each
// target group's, each day's, summed over the replicas' shards) equals a
// recount from the responses, without any repair having been needed.
func TestThreeReplicas(t *testing.T) { threeReplicas(t, false) }

// TestThreeReplicasKill is TestThreeReplicas with one replica killed
// (SIGKILL) a third of the way through: the others rebuild its counters
// from its responses once its lease runs out, and every acknowledged
// response is stored once and counted once.
func TestThreeReplicasKill(t *testing.T) { threeReplicas(t, true) }

func threeReplicas(t *testing.T, kill bool) {
	bin := buildVFV(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		t.Fatal(err)
	}
	env, opts := replicaStore(t, bin, dir)
	var created struct{ Code string }
	out := vfvCmd(t, bin, dir, "", env, "campaign", "create", "--survey", "unga-vuxna", "--name", "Repliker", "--site", "Tre", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	const lease = 10 * time.Second
	env = append(env, "VFV_SUBMIT_BURST=0", "VFV_WRITER_LEASE="+lease.String())
	var procs []*proc
	var urls []string
	for range 3 {
		p := startServe(t, bin, dir, env...)
		procs = append(procs, p)
		urls = append(urls, p.url)
	}
	d := replicaSeconds()
	l := startLoadRR(t, urls, created.Code, 24)
	var killedAt time.Time
	if kill {
		time.Sleep(d / 3)
		_ = procs[1].cmd.Process.Signal(syscall.SIGKILL)
		<-procs[1].done
		killedAt = time.Now()
		time.Sleep(d - d/3)
	} else {
		time.Sleep(d)
	}
	l.finish()
	// The survivors repair a dead replica every half lease once its lease
	// has run out; wait for it rather than guess.
	ctx := context.Background()
	opts.WriterLease = lease // the replicas' lease, to tell a dead one as they do
	st, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if kill {
		// Until its lease has run out the killed replica counts as live;
		// after it, it must be rebuilt (and marked done) by the others.
		time.Sleep(time.Until(killedAt.Add(lease + time.Second)))
		deadline := time.Now().Add(60 * time.Second)
		for {
			ws, err := st.WritersToRebuild(ctx)
			if err == nil && len(ws) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the killed replica's counters were not rebuilt by the others: %v, %v", ws, err)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	for i, p := range procs {
		if !kill || i != 1 {
			p.stop(t)
		}
	}
	if kill && !strings.Contains(procs[0].logs.String()+procs[2].logs.String(), "rebuilt the counters of a writer") {
		t.Error("no surviving replica logged rebuilding the killed one's counters")
	}
	stored, counted := checkReplicaStore(t, st, filepath.Join(dir, "surveys"), created.Code, l)
	t.Logf("replicas: 3 on %s, %v, kill=%v: submitted %d, acknowledged %d (%.0f/s), retried after 503 %d, connection errors %d, stored %d, counted %d",
		st.Kind, d, kill, l.submitted.Load(), l.acknowledged.Load(), float64(l.acknowledged.Load())/d.Seconds(), l.retryable.Load(), l.netErrors.Load(), stored, counted)
	if kill && l.netErrors.Load() == 0 {
		t.Error("no client saw the kill: the test did not exercise it")
	}
	if opts.Database != "vfv" {
		_ = st.DropDatabase(ctx)
	}
}

// checkReplicaStore checks that every acknowledged response is stored
// exactly once, nothing else is stored, and every counter of the campaign
// equals a recount from the responses.
func checkReplicaStore(t *testing.T, st *store.Store, surveysDir, campaign string, l *loadClients) (stored int, counted int64) {
	t.Helper()
	ctx := context.Background()
	seen := map[string]int{}
	days := map[string]bool{}
	if err := st.StreamResponses(ctx, campaign, func(r store.Response) error { seen[r.ID]++; days[r.Date] = true; return nil }); err != nil {
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
	surveys, err := survey.LoadDir(surveysDir)
	if err != nil {
		t.Fatal(err)
	}
	groups := []string{response.GroupAll}
	for _, sv := range surveys {
		if sv.ID == "unga-vuxna" {
			for _, g := range sv.Groups {
				groups = append(groups, response.GroupKey(g.ID))
			}
		}
	}
	for d := range days {
		groups = append(groups, response.DayGroup(d))
	}
	before := map[string]map[string]int64{}
	for _, g := range groups {
		c, err := st.Counters(ctx, collect.CounterID(campaign, g))
		if err != nil {
			t.Fatal(err)
		}
		before[g] = c
	}
	if _, err := collect.New(st, surveys, nil).Recount(ctx, campaign); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		after, err := st.Counters(ctx, collect.CounterID(campaign, g))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range after {
			if before[g][k] != v {
				t.Errorf("counter %s %s = %d, a recount says %d", g, k, before[g][k], v)
			}
		}
		for k, v := range before[g] {
			if _, ok := after[k]; !ok && v != 0 {
				t.Errorf("counter %s %s = %d, a recount has none", g, k, v)
			}
		}
	}
	if n := before[response.GroupAll]["n"]; n != int64(len(seen)) || len(seen) == 0 {
		t.Errorf("counted %d respondents, %d responses stored", n, len(seen))
	}
	return len(seen), before[response.GroupAll]["n"]
}
