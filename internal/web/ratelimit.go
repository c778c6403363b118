package web

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxBuckets bounds a limiter's memory whatever clients send: a bucket
// takes about 220 bytes, so some 11 MB for each limiter.
//
// When it is full, the bucket used least recently gives way: every step
// is O(1), so a flood of new clients costs the same per request at the
// end as at the start. Forgetting a bucket matters only if it was used
// within its refill time (a minute at the defaults); afterwards it is full
// again and no different from a new one. A small municipality's server
// sees a few hundred clients a day, so only someone sending from tens of
// thousands of addresses within a minute wins a fresh burst, and made-up
// campaign codes cannot do it: they share one bucket per client
// (respond.Handler.limitCampaign).
const maxBuckets = 50_000

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
	buckets map[string]*list.Element // of *bucket, in lru
	lru     *list.List               // most recently used first
	now     func() time.Time
}

type bucket struct {
	id string
	l  *rate.Limiter
}

// newLimiter allows burst requests at once and perMinute on average; a
// zero burst disables limiting.
func newLimiter(burst, perMinute int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(float64(perMinute) / 60), burst: burst,
		buckets: map[string]*list.Element{}, lru: list.New(), now: now}
}

// newSlowLimiter allows burst events at once and then one every every.
func newSlowLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{rate: rate.Every(every), burst: burst,
		buckets: map[string]*list.Element{}, lru: list.New(), now: now}
}

// Allow reports whether one more request from client (an address) for
// scope (such as a campaign code) may go through now, and counts it.
func (l *limiter) Allow(client, scope string) bool {
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
// one. With spend and forget it counts failures rather than requests:
// wait before trying, spend on a failure, forget on a success.
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
	if e, ok := l.buckets[l.id(client, scope)]; ok {
		delete(l.buckets, e.Value.(*bucket).id)
		l.lru.Remove(e)
	}
}

// bucket returns the bucket of client and scope, made when missing, the
// least recently used one giving way when the limiter is full (called
// with mu held).
func (l *limiter) bucket(now time.Time, client, scope string) *bucket {
	l.rotate(now)
	id := l.id(client, scope)
	e, ok := l.buckets[id]
	if ok {
		l.lru.MoveToFront(e)
		return e.Value.(*bucket)
	}
	if l.lru.Len() >= maxBuckets {
		oldest := l.lru.Back()
		delete(l.buckets, oldest.Value.(*bucket).id)
		l.lru.Remove(oldest)
	}
	b := &bucket{id: id, l: rate.NewLimiter(l.rate, l.burst)}
	l.buckets[id] = l.lru.PushFront(b)
	return b
}

// rotate replaces the key when the day changes, dropping every bucket
// (called with mu held).
func (l *limiter) rotate(now time.Time) {
	if day := now.UTC().Format(time.DateOnly); day != l.keyDay {
		l.key = make([]byte, 32)
		_, _ = rand.Read(l.key)
		l.keyDay = day
		l.buckets = map[string]*list.Element{} // old keys can no longer match
		l.lru.Init()
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

// size is the number of buckets (tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
