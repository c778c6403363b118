package results

import (
	"strings"
	"sync"
)

// Cache keeps computed outputs (results, rendered charts) under a key
// built by CacheKey from everything the output depends on: the scope's
// Selection.Version (survey version, the resolved campaigns and their
// release batches, the period) and the request's own parameters. It is
// the one cache for results and charts, so that no output is served to a
// request whose scope differs. The oldest entries go first.
type Cache[V any] struct {
	mu    sync.Mutex
	max   int
	m     map[string]V
	order []string
}

// NewCache returns a cache of at most max entries.
func NewCache[V any](max int) *Cache[V] {
	return &Cache[V]{max: max, m: map[string]V{}}
}

// CacheKey joins the parts of a key unambiguously.
func CacheKey(parts ...string) string {
	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = strings.ReplaceAll(strings.ReplaceAll(p, `\`, `\\`), "|", `\|`)
	}
	return strings.Join(esc, "|")
}

// Get returns the value under key.
func (c *Cache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// Put stores v under key unless a value is there already.
func (c *Cache[V]) Put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	c.m[key] = v
	c.order = append(c.order, key)
	if len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}
