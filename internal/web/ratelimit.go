package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter throttles requests per client without keeping who the client
// is: a client is known only by an HMAC of its address (and the campaign),
// under a random key that lives in memory and is replaced every day, so no
// address is stored and yesterday's keys cannot be linked to today's.
type limiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	key     []byte
	keyDay  string
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

// newLimiter allows burst requests at once and perMinute on average; a
// zero burst disables limiting.
func newLimiter(burst, perMinute int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(float64(perMinute) / 60), burst: burst, buckets: map[string]*bucket{}, now: now}
}

// allow reports whether one more request from client (an address) for
// scope (such as a campaign code) may go through now.
func (l *limiter) allow(client, scope string) bool {
	if l == nil || l.burst <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if day := now.UTC().Format(time.DateOnly); day != l.keyDay {
		l.key = make([]byte, 32)
		_, _ = rand.Read(l.key)
		l.keyDay = day
		l.buckets = map[string]*bucket{} // old keys can no longer match
	}
	mac := hmac.New(sha256.New, l.key)
	mac.Write([]byte(client))
	mac.Write([]byte{0})
	mac.Write([]byte(scope))
	id := hex.EncodeToString(mac.Sum(nil)[:16])
	b, ok := l.buckets[id]
	if !ok {
		if len(l.buckets) > 100_000 {
			l.prune(now)
		}
		b = &bucket{l: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[id] = b
	}
	b.seen = now
	return b.l.AllowN(now, 1)
}

// prune drops buckets idle for an hour (called with mu held).
func (l *limiter) prune(now time.Time) {
	for id, b := range l.buckets {
		if now.Sub(b.seen) > time.Hour {
			delete(l.buckets, id)
		}
	}
}

// size is the number of buckets (tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
