package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math"
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

// newSlowLimiter allows burst events at once and then one every every.
func newSlowLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{rate: rate.Every(every), burst: burst, buckets: map[string]*bucket{}, now: now}
}

// allow reports whether one more request from client (an address) for
// scope (such as a campaign code) may go through now, and counts it.
func (l *limiter) allow(client, scope string) bool {
	if l == nil || l.burst <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return l.bucket(now, client, scope).l.AllowN(now, 1)
}

// wait returns how long client must wait before one more event for scope
// would be allowed (0: now; rounded up to whole seconds), without counting
// one. With spend and forget
// it counts failures rather than requests: wait before trying, spend on a
// failure, forget on a success.
func (l *limiter) wait(client, scope string) time.Duration {
	if l == nil || l.burst <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.bucket(now, client, scope)
	missing := 1 - b.l.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(missing/float64(l.rate))) * time.Second
}

// spend counts one event of client for scope, allowed or not.
func (l *limiter) spend(client, scope string) {
	if l == nil || l.burst <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.bucket(now, client, scope)
	if !b.l.AllowN(now, 1) {
		// Already empty: the wait grows as if it had been allowed.
		b.l.ReserveN(now, 1)
	}
}

// forget drops client's bucket for scope (a success ends the count).
func (l *limiter) forget(client, scope string) {
	if l == nil || l.burst <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate(l.now())
	delete(l.buckets, l.id(client, scope))
}

// bucket returns the bucket of client and scope, made when missing
// (called with mu held).
func (l *limiter) bucket(now time.Time, client, scope string) *bucket {
	l.rotate(now)
	id := l.id(client, scope)
	b, ok := l.buckets[id]
	if !ok {
		if len(l.buckets) > 100_000 {
			l.prune(now)
		}
		b = &bucket{l: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[id] = b
	}
	b.seen = now
	return b
}

// rotate replaces the key when the day changes, dropping every bucket
// (called with mu held).
func (l *limiter) rotate(now time.Time) {
	if day := now.UTC().Format(time.DateOnly); day != l.keyDay {
		l.key = make([]byte, 32)
		_, _ = rand.Read(l.key)
		l.keyDay = day
		l.buckets = map[string]*bucket{} // old keys can no longer match
	}
}

// id is the bucket key of client and scope: an HMAC under the day's key,
// so neither is kept (called with mu held).
func (l *limiter) id(client, scope string) string {
	mac := hmac.New(sha256.New, l.key)
	mac.Write([]byte(client))
	mac.Write([]byte{0})
	mac.Write([]byte(scope))
	return hex.EncodeToString(mac.Sum(nil)[:16])
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
