package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// BenchmarkReplicas posts valid responses at 50 concurrent clients, in
// turn, to 1, 2 and 4 vfv serve processes on the store at MONGODB_URI
// (make bench-replicas: FerretDB with PostgreSQL), each count in a fresh
// database, and then inserts the same documents straight into that store
// with the driver at the same concurrency (the raw ceiling). Every
// acknowledged response must be counted once. Skipped without
// MONGODB_URI.
func BenchmarkReplicas(b *testing.B) {
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		b.Skip("MONGODB_URI not set: make bench-replicas starts FerretDB with PostgreSQL for it")
	}
	bin := buildVFV(b)
	d := loadDuration()
	const clients = 50
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		b.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 30 * time.Second}
	for range b.N {
		for _, n := range []int{1, 2, 4} {
			dir := b.TempDir()
			if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
				b.Fatal(err)
			}
			db := "vfv_bench_replicas_" + strconv.FormatInt(time.Now().UnixNano(), 36)
			env := []string{"MONGODB_URI=" + uri, "VFV_DB=" + db}
			var created struct{ Code string }
			out := vfvCmd(b, bin, dir, "", env, "campaign", "create", "--survey", "unga-vuxna", "--name", "Last", "--site", "Bänk", "--json")
			if err := json.Unmarshal([]byte(out), &created); err != nil {
				b.Fatal(err)
			}
			var urls []string
			var procs []*proc
			for range n {
				p := startServe(b, bin, dir, append(env, "VFV_SUBMIT_BURST=0")...)
				procs = append(procs, p)
				urls = append(urls, p.url)
			}
			var rr atomic.Uint64
			api := run(clients, d, func(rng *rand.Rand) error {
				u := urls[rr.Add(1)%uint64(len(urls))]
				resp, err := hc.Post(u+"/api/v1/responses", "application/json", bytes.NewReader(submission(rng, created.Code)))
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					msg, _ := io.ReadAll(resp.Body)
					return fmt.Errorf("status %d: %s", resp.StatusCode, msg)
				}
				return nil
			})
			for _, p := range procs {
				p.stop(b)
			}
			counted, err := countedRespondents(client.Database(db), created.Code)
			if err != nil {
				b.Fatal(err)
			}
			if counted != api.ok {
				b.Errorf("%d replicas: counters say %d respondents; %d responses were acknowledged", n, counted, api.ok)
			}
			raw := client.Database(db).Collection("raw_ceiling")
			ceiling := run(clients, d, func(rng *rand.Rand) error {
				var doc bson.M
				if err := json.Unmarshal(submission(rng, created.Code), &doc); err != nil {
					return err
				}
				doc["_id"] = doc["id"]
				_, err := raw.InsertOne(context.Background(), doc)
				return err
			})
			_ = client.Database(db).Drop(context.Background())
			tag := fmt.Sprintf("r%d_", n)
			b.ReportMetric(api.perSecond(), tag+"responses/s")
			b.ReportMetric(api.quantile(0.99), tag+"p99_ms")
			b.ReportMetric(ceiling.perSecond(), tag+"raw_inserts/s")
			b.ReportMetric(api.perSecond()/ceiling.perSecond(), tag+"ratio")
			fmt.Printf("replicas %d, %d clients, %v: vfv %.0f responses/s (p50 %.1f ms, p99 %.1f ms, %d errors), counted %d of %d; raw inserts %.0f/s (p99 %.1f ms); ratio %.2f\n",
				n, clients, d, api.perSecond(), api.quantile(.5), api.quantile(.99), api.errors, counted, api.ok,
				ceiling.perSecond(), ceiling.quantile(.99), api.perSecond()/ceiling.perSecond())
			if api.firstErr != "" {
				fmt.Printf("first error: %s\n", api.firstErr)
			}
		}
	}
}
