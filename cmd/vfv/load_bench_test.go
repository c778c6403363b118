package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// loadDuration bounds each load phase; VFV_LOAD_SECONDS overrides it.
func loadDuration() time.Duration {
	if s := os.Getenv("VFV_LOAD_SECONDS"); s != "" {
		if d, err := time.ParseDuration(s + "s"); err == nil {
			return d
		}
	}
	return 10 * time.Second
}

var loadItems = []string{"jobb-studier", "ma-bra", "vanner", "boende", "fritid", "tillit", "kommunen", "forsakringskassan", "arbetsformedlingen", "varden"}

// submission is a valid response with 15 judgments.
func submission(rng *rand.Rand, campaign string) []byte {
	type j struct {
		A     string `json:"a"`
		B     string `json:"b"`
		Value int    `json:"value"`
	}
	var js []j
	for _, p := range rng.Perm(45)[:15] {
		a, b := pairAt(p)
		js = append(js, j{loadItems[a], loadItems[b], rng.IntN(5) - 2})
	}
	body, _ := json.Marshal(map[string]any{"id": uuid.NewString(), "campaign": campaign, "lang": "sv",
		"background": map[string]string{"kon": "kvinna", "alder": "20-24"}, "judgments": js})
	return body
}

func pairAt(p int) (int, int) {
	for i := 0; i < 10; i++ {
		for k := i + 1; k < 10; k++ {
			if p == 0 {
				return i, k
			}
			p--
		}
	}
	panic(p)
}

// phase is what one load phase measured.
type phase struct {
	ok, errors int64
	firstErr   string
	latencies  []time.Duration
	elapsed    time.Duration
}

func (p phase) perSecond() float64 { return float64(p.ok) / p.elapsed.Seconds() }

func (p phase) quantile(q float64) float64 {
	if len(p.latencies) == 0 {
		return 0
	}
	return float64(p.latencies[int(q*float64(len(p.latencies)-1))].Microseconds()) / 1000
}

// run calls op from clients goroutines until d has passed.
func run(clients int, d time.Duration, op func(rng *rand.Rand) error) phase {
	var mu sync.Mutex
	var res phase
	var ok, errs atomic.Int64
	var firstErr atomic.Value
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 1))
			var lat []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if err := op(rng); err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				lat = append(lat, time.Since(t0))
				ok.Add(1)
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		}(uint64(c))
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.ok, res.errors = ok.Load(), errs.Load()
	if e, ok := firstErr.Load().(string); ok {
		res.firstErr = e
	}
	sort.Slice(res.latencies, func(i, j int) bool { return res.latencies[i] < res.latencies[j] })
	return res
}

// merge is two phases of the same kind as one.
func merge(a, b phase) phase {
	m := phase{ok: a.ok + b.ok, errors: a.errors + b.errors, elapsed: a.elapsed + b.elapsed, firstErr: a.firstErr}
	if m.firstErr == "" {
		m.firstErr = b.firstErr
	}
	m.latencies = append(append(m.latencies, a.latencies...), b.latencies...)
	sort.Slice(m.latencies, func(i, j int) bool { return m.latencies[i] < m.latencies[j] })
	return m
}

// cpuSeconds is the CPU time (user and system) a process has used so far,
// from /proc (Linux; 0 elsewhere).
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	var ut, st float64
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return (ut + st) / 100 // USER_HZ
}

// BenchmarkLoad posts valid responses to a running vfv serve on the
// embedded store at 50 and 200 concurrent clients, then inserts the same
// documents straight into the same store with the driver at the same
// concurrency (the raw ceiling), and reports both and their ratio. The
// two alternate in four half-length phases, vfv–raw–raw–vfv, so that a
// change in what else the machine does meanwhile falls on both alike.
// It also reports the serve process's CPU time per acknowledged response
// and per raw insert (the embedded store runs in that process), which
// depends little on the machine's load.
func BenchmarkLoad(b *testing.B) {
	bin := buildVFV(b)
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		b.Fatal(err)
	}
	p := startServe(b, bin, dir, "VFV_SUBMIT_BURST=0") // one load generator is one client
	defer p.stop(b)
	var created struct{ Code string }
	out := vfvCmd(b, bin, dir, "", nil, "campaign", "create", "--survey", "unga-vuxna", "--name", "Last", "--site", "Bänk", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		b.Fatal(err)
	}
	sock := filepath.Join(dir, "data", "ferretdb.sock")
	client, err := mongo.Connect(options.Client().ApplyURI("mongodb://" + url.PathEscape(sock) + "/"))
	if err != nil {
		b.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	raw := client.Database("vfv").Collection("raw_ceiling")
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	d := loadDuration()
	var acknowledged int64
	for range b.N {
		for _, clients := range []int{50, 200} {
			post := func(rng *rand.Rand) error {
				resp, err := hc.Post(p.url+"/api/v1/responses", "application/json", bytes.NewReader(submission(rng, created.Code)))
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					msg, _ := io.ReadAll(resp.Body)
					return fmt.Errorf("status %d: %s", resp.StatusCode, msg)
				}
				return nil
			}
			insert := func(rng *rand.Rand) error {
				var doc bson.M
				if err := json.Unmarshal(submission(rng, created.Code), &doc); err != nil {
					return err
				}
				doc["_id"] = doc["id"]
				_, err := raw.InsertOne(context.Background(), doc)
				return err
			}
			pid := p.cmd.Process.Pid
			var apiCPU, rawCPU float64
			timed := func(op func(*rand.Rand) error, cpu *float64) phase {
				c0 := cpuSeconds(pid)
				ph := run(clients, d/2, op)
				*cpu += cpuSeconds(pid) - c0
				return ph
			}
			api1 := timed(post, &apiCPU)
			raw1 := timed(insert, &rawCPU)
			raw2 := timed(insert, &rawCPU)
			api := merge(api1, timed(post, &apiCPU))
			ceiling := merge(raw1, raw2)
			acknowledged += api.ok
			tag := fmt.Sprintf("c%d_", clients)
			b.ReportMetric(api.perSecond(), tag+"responses/s")
			b.ReportMetric(api.quantile(0.50), tag+"p50_ms")
			b.ReportMetric(api.quantile(0.95), tag+"p95_ms")
			b.ReportMetric(api.quantile(0.99), tag+"p99_ms")
			b.ReportMetric(float64(api.errors), tag+"errors")
			b.ReportMetric(ceiling.perSecond(), tag+"raw_inserts/s")
			b.ReportMetric(ceiling.quantile(0.99), tag+"raw_p99_ms")
			b.ReportMetric(api.perSecond()/ceiling.perSecond(), tag+"ratio")
			cpuAPI, cpuRaw := 1000*apiCPU/float64(max(api.ok, 1)), 1000*rawCPU/float64(max(ceiling.ok, 1))
			b.ReportMetric(cpuAPI, tag+"cpu_ms/response")
			b.ReportMetric(cpuRaw, tag+"cpu_ms/raw_insert")
			fmt.Printf("load %d clients, %v each: vfv %.0f responses/s (p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors); raw inserts %.0f/s (p99 %.1f ms); ratio %.2f\n",
				clients, d, api.perSecond(), api.quantile(.5), api.quantile(.95), api.quantile(.99), api.errors,
				ceiling.perSecond(), ceiling.quantile(.99), api.perSecond()/ceiling.perSecond())
			fmt.Printf("cpu %d clients: serve process %.3f ms per acknowledged response, %.3f ms per raw insert\n", clients, cpuAPI, cpuRaw)
			if api.firstErr != "" {
				fmt.Printf("first error: %s\n", api.firstErr)
				for _, l := range strings.Split(p.logs.String(), "\n") {
					if strings.Contains(l, "level=ERROR") {
						fmt.Println("server:", l)
						break
					}
				}
			}
		}
	}
	// Every acknowledged response is counted exactly once. Counting
	// follows the acknowledgement by a round; this reads the store from
	// outside the serve process, so it waits for the last rounds.
	var n int64
	lag := time.Now()
	for {
		var err error
		n, err = countedRespondents(client.Database("vfv"), created.Code)
		if err != nil {
			b.Fatal(err)
		}
		if n >= acknowledged || time.Since(lag) > 30*time.Second {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("counting lag after the last phase: %v\n", time.Since(lag).Round(time.Millisecond))
	if n != acknowledged {
		b.Errorf("counters say %d respondents; %d responses were acknowledged", n, acknowledged)
	}
	fmt.Printf("counted %d of %d acknowledged responses\n", n, acknowledged)
}

// countedRespondents sums n over the shards of a campaign's "all" counter
// (CODE|all and CODE|all@WRITER), read straight from the database.
func countedRespondents(db *mongo.Database, code string) (int64, error) {
	cur, err := db.Collection("counters").Find(context.Background(), bson.D{{Key: "campaign", Value: code}})
	if err != nil {
		return 0, err
	}
	var docs []struct {
		ID string `bson:"_id"`
		N  int64  `bson:"n"`
	}
	if err := cur.All(context.Background(), &docs); err != nil {
		return 0, err
	}
	var n int64
	for _, d := range docs {
		if d.ID == code+"|all" || strings.HasPrefix(d.ID, code+"|all@") {
			n += d.N
		}
	}
	return n, nil
}
