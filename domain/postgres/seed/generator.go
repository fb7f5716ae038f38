package seed

import (
	"encoding/binary"
	"math/rand/v2"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// generator makes case histories from a random source: seeded, it makes the same world
// every run.
type generator struct {
	r          *rand.Rand
	cat        postgres.BulkCatalogue
	today      time.Time // a date, UTC
	now        time.Time
	text       bool // fill free-text fields (demo) or leave them empty (synthetic)
	seqIDs     bool // time-ordered ids (synthetic: index-friendly) instead of random ones
	idCounter  uint64
	pseudonyms map[string]bool
	// followUpMonths are the follow-up points of each programme (by id).
	followUpMonths map[id][]int
}

// newID returns a new id: random (version 4) bits from the generator's own source, so a
// seeded generator makes the same ids every run; or, for bulk loads, time-ordered
// (version 7) ids that keep primary-key indexes appending at their right edge.
func (g *generator) newID() id {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], g.r.Uint64())
	binary.BigEndian.PutUint64(b[8:16], g.r.Uint64())
	if g.seqIDs {
		ms := uint64(g.now.UnixMilli())
		g.idCounter++
		c := g.idCounter
		b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
		b[6] = 0x70 | byte(c>>26)&0x0f
		b[7] = byte(c >> 18)
		b[8] = 0x80 | byte(c>>12)&0x3f
		b[9] = byte(c >> 4)
		b[10] = byte(c&0x0f)<<4 | b[10]&0x0f
	} else {
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
	}
	return id(b)
}

// pseudonym draws a pseudonym the domain's way from the generator's source, never one in
// use or made before.
func (g *generator) pseudonym() string {
	for {
		s := domain.PseudonymFrom(g.r.IntN)
		if !g.pseudonyms[s] {
			g.pseudonyms[s] = true
			return s
		}
	}
}

func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }
func (g *generator) chance(p float64) bool  { return g.r.Float64() < p }

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted picks an index by weight.
func (g *generator) weighted(w ...float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	x := g.r.Float64() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// at is a plausible working-hours moment on day d, never later than now.
func (g *generator) at(d time.Time) time.Time {
	t := d.Add(time.Duration(8*60+g.r.IntN(9*60)) * time.Minute)
	if t.After(g.now) {
		return g.now
	}
	return t
}

// free returns s when the generator fills free texts, or else "".
func (g *generator) free(s string) string {
	if g.text {
		return s
	}
	return ""
}
