package ranking

import (
	"bytes"
	"fmt"
)

// respondentGroups records, per respondent number, the groups named in a
// judgments file's group column: a value lists one or more group names
// separated by ";", and a respondent belongs to every group named on any of
// their rows.
type respondentGroups struct {
	names []string
	index map[string]int
	mask  []uint64 // per respondent number
	last  []byte   // the previous value, to skip the parsing while it repeats
	lastM uint64
}

// add records that respondent r belongs to the groups of value.
func (g *respondentGroups) add(r int, value []byte) error {
	m := g.lastM
	if g.last == nil || !bytes.Equal(value, g.last) {
		var err error
		if m, err = g.parse(value); err != nil {
			return err
		}
		g.last, g.lastM = bytes.Clone(value), m
	}
	for len(g.mask) <= r {
		g.mask = append(g.mask, 0)
	}
	g.mask[r] |= m
	return nil
}

// parse turns a group value into a mask, numbering new names.
func (g *respondentGroups) parse(value []byte) (uint64, error) {
	var m uint64
	for part := range bytes.SplitSeq(value, []byte(";")) {
		name := string(bytes.TrimSpace(part))
		if name == "" {
			continue
		}
		k, err := g.number(name)
		if err != nil {
			return 0, err
		}
		m |= 1 << k
	}
	return m, nil
}

func (g *respondentGroups) number(name string) (int, error) {
	if g.index == nil {
		g.index = make(map[string]int)
	}
	k, ok := g.index[name]
	if ok {
		return k, nil
	}
	if len(g.names) == MaxGroups {
		return 0, fmt.Errorf("group %q: more than %d different groups in the file", name, MaxGroups)
	}
	k = len(g.names)
	g.index[name] = k
	g.names = append(g.names, name)
	return k, nil
}

// merge adds the groups of another part of the file, whose respondent k is
// respondent resp[k] here.
func (g *respondentGroups) merge(o *respondentGroups, resp []int32) error {
	remap := make([]int, len(o.names))
	for k, name := range o.names {
		var err error
		if remap[k], err = g.number(name); err != nil {
			return err
		}
	}
	for r, m := range o.mask {
		var mm uint64
		for k := range o.names {
			if m&(1<<k) != 0 {
				mm |= 1 << remap[k]
			}
		}
		if mm == 0 {
			continue
		}
		for len(g.mask) <= int(resp[r]) {
			g.mask = append(g.mask, 0)
		}
		g.mask[resp[r]] |= mm
	}
	return nil
}

// of returns the group names of respondent r.
func (g *respondentGroups) of(r int) []string {
	if r >= len(g.mask) || g.mask[r] == 0 {
		return nil
	}
	var out []string
	for k, name := range g.names {
		if g.mask[r]&(1<<k) != 0 {
			out = append(out, name)
		}
	}
	return out
}
