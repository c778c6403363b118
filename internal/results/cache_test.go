package results

import (
	"fmt"
	"sync"
	"testing"
)

// TestCacheConcurrent: values put and read from many requests at once are
// kept whole, and the cache stays within its bound with its order and map
// agreeing (run with -race: make race).
func TestCacheConcurrent(t *testing.T) {
	const max = 256
	cc := NewCache[[]byte](max)
	const goroutines, each = 8, 100 // 800 keys, more than the cache keeps
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("chart-%d-%d", g, i)
				cc.Put(key, []byte(key))
				cc.Put("shared", []byte("shared"))
				if b, ok := cc.Get(key); ok && string(b) != key {
					t.Errorf("Get(%s) = %q", key, b)
				}
				if b, ok := cc.Get("shared"); ok && string(b) != "shared" {
					t.Errorf("Get(shared) = %q", b)
				}
			}
		}()
	}
	wg.Wait()
	if len(cc.m) != max || len(cc.order) != max {
		t.Errorf("cache holds %d values in a list of %d, want %d", len(cc.m), len(cc.order), max)
	}
	for _, key := range cc.order {
		if _, ok := cc.m[key]; !ok {
			t.Errorf("%s is in the order list but not in the cache", key)
		}
	}
}

// TestCacheKey: keys built from different parts never collide, even when
// a part holds the separator.
func TestCacheKey(t *testing.T) {
	for _, pair := range [][2][]string{
		{{"a|b", "c"}, {"a", "b|c"}},
		{{"GRUMS34", "x"}, {"GRUMS34,KILKIL3", "x"}},
		{{`a\`, "|b"}, {`a\|`, "b"}},
	} {
		if CacheKey(pair[0]...) == CacheKey(pair[1]...) {
			t.Errorf("CacheKey(%q) == CacheKey(%q)", pair[0], pair[1])
		}
	}
}
