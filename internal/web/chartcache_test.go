package web

import (
	"fmt"
	"sync"
	"testing"
)

// TestChartCacheConcurrent: charts put and read from many requests at once
// are kept whole, and the cache stays within maxCachedCharts with its order
// and map agreeing (run with -race: make race).
func TestChartCacheConcurrent(t *testing.T) {
	var cc chartCache
	const goroutines, each = 8, 100 // 800 keys, more than the cache keeps
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("chart-%d-%d", g, i)
				cc.put(key, []byte(key))
				cc.put("shared", []byte("shared"))
				if b, ok := cc.get(key); ok && string(b) != key {
					t.Errorf("get(%s) = %q", key, b)
				}
				if b, ok := cc.get("shared"); ok && string(b) != "shared" {
					t.Errorf("get(shared) = %q", b)
				}
			}
		}()
	}
	wg.Wait()
	if len(cc.m) != maxCachedCharts || len(cc.order) != maxCachedCharts {
		t.Errorf("cache holds %d charts in a list of %d, want %d", len(cc.m), len(cc.order), maxCachedCharts)
	}
	for _, key := range cc.order {
		if _, ok := cc.m[key]; !ok {
			t.Errorf("%s is in the order list but not in the cache", key)
		}
	}
}
