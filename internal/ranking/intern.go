package ranking

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
)

// internTable numbers byte strings in order of first appearance. Its keys
// live in one byte arena rather than one string each, so a file with
// 100,000 respondents costs no allocation per id and gives the garbage
// collector nothing to scan; looking up a []byte allocates nothing. Each
// slot keeps a key's length and first eight bytes, so that short ids (item
// and respondent codes usually are) are found without comparing memory.
type internTable struct {
	seed  maphash.Seed
	arena []byte
	ends  []int // key k is arena[ends[k-1]:ends[k]]
	slots []internSlot
	shift uint // slot of hash h: h >> shift (linear probing from there)
}

type internSlot struct {
	head uint64 // the key's first eight bytes, little-endian, zero-padded
	k    int32  // -1: empty
	n    int32  // the key's length
}

func newInternTable() *internTable {
	t := &internTable{seed: maphash.MakeSeed()}
	t.rehash(64)
	return t
}

// Len returns the number of keys.
func (t *internTable) Len() int { return len(t.ends) }

// key returns key k.
func (t *internTable) key(k int) []byte {
	start := 0
	if k > 0 {
		start = t.ends[k-1]
	}
	return t.arena[start:t.ends[k]]
}

// head packs the first eight bytes of b.
func head(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	var h uint64
	for i, c := range b {
		h |= uint64(c) << (8 * i)
	}
	return h
}

// hash mixes short keys by multiplication (Fibonacci hashing) and hashes
// longer ones with maphash.
func (t *internTable) hash(b []byte, hd uint64) uint64 {
	if len(b) <= 8 {
		return (hd ^ uint64(len(b))<<59) * 0x9e3779b97f4a7c15
	}
	return maphash.Bytes(t.seed, b)
}

// index returns the number of b, adding it if new; added tells which.
func (t *internTable) index(b []byte) (k int32, added bool) {
	hd := head(b)
	h := t.hash(b, hd)
	mask := len(t.slots) - 1
	for i := int(h >> t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k < 0 {
			break
		}
		if s.head == hd && int(s.n) == len(b) && (len(b) <= 8 || string(t.key(int(s.k))) == string(b)) {
			return s.k, false
		}
	}
	k = int32(len(t.ends))
	t.arena = append(t.arena, b...)
	t.ends = append(t.ends, len(t.arena))
	if 2*len(t.ends) > len(t.slots) {
		t.rehash(2 * len(t.slots))
	} else {
		t.put(h, internSlot{head: hd, k: k, n: int32(len(b))})
	}
	return k, true
}

// put places a slot whose key hashes to h in the first free place.
func (t *internTable) put(h uint64, s internSlot) {
	mask := len(t.slots) - 1
	i := int(h >> t.shift)
	for t.slots[i].k >= 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// rehash rebuilds the slots with size entries (a power of two).
func (t *internTable) rehash(size int) {
	t.slots = make([]internSlot, size)
	for i := range t.slots {
		t.slots[i].k = -1
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for k := range t.ends {
		b := t.key(k)
		hd := head(b)
		t.put(t.hash(b, hd), internSlot{head: hd, k: int32(k), n: int32(len(b))})
	}
}
