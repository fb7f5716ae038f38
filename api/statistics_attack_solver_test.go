package api_test

import (
	"math"

	"pathways/domain"
)

// The attacker's reasoning, exact: the true counts are unknown non-negative integers; each
// published count p says its true count lies in domain.PossibleCounts(p) (the table is
// public, the cell key is not); and the attacker adds every relation they know between true
// counts (cells add up to their totals, a practice's sessions are the sessions of the types
// that evidence it, a facility supervisor's total is the national cell of the facility,
// planted records add a known number). A small cell is recovered with certainty when only
// one value is consistent with all of it. Every set domain.PossibleCounts gives is a run of
// consecutive values, so the unknowns are intervals and the search splits intervals.

// attack is a system of unknown true counts and the relations between them.
type attack struct {
	lo, hi []int64
	guess  []int64 // where the search looks first: the published value, or the interval's middle
	cons   []relation
	names  []string
}

// relation: the sum of plus minus the sum of minus equals c.
type relation struct {
	plus, minus []int
	c           int64
}

const unbounded = 1 << 40

// published adds an unknown whose published value is p: its true count is among those p
// allows. A record count published as 0 may hide any number of records (their people were
// published as 0), which anyZero says.
func (a *attack) published(name string, p float64, anyZero bool) int {
	poss := domain.PossibleCounts(int64(math.Round(p)))
	lo, hi := int64(1), int64(0) // empty: a value no true count gives
	if len(poss) > 0 {
		lo, hi = poss[0], poss[len(poss)-1]
	}
	if anyZero && p == 0 {
		hi = unbounded
	}
	v := a.unknown(name, lo, hi)
	a.guess[v] = int64(math.Round(p))
	return v
}

// unknown adds an unknown in [lo, hi].
func (a *attack) unknown(name string, lo, hi int64) int {
	a.lo, a.hi, a.names = append(a.lo, lo), append(a.hi, hi), append(a.names, name)
	a.guess = append(a.guess, lo+(min(hi, lo+1000)-lo)/2)
	return len(a.lo) - 1
}

// hint tells the search where to look first for unknown v: its true count, when the test
// knows it. Only the order of the search changes, never what it concludes: another value is
// consistent only when the search finds a whole assignment with it, and none only when the
// search has tried everything. Searching near the truth, which is itself an assignment that
// meets every relation, finds the assignments that exist in a few steps where a search from
// the published values could wander for millions (the overlapping-periods system has about
// a thousand unknowns).
func (a *attack) hint(v int, n int64) {
	a.guess[v] = n
}

// sum says total = the sum of parts (+ c).
func (a *attack) sum(total int, parts []int, c int64) {
	a.cons = append(a.cons, relation{plus: parts, minus: []int{total}, c: -c})
}

// equal says x = y + c.
func (a *attack) equal(x, y int, c int64) {
	a.cons = append(a.cons, relation{plus: []int{x}, minus: []int{y}, c: c})
}

// propagate narrows the intervals to what the relations allow (bounds consistency); false
// when some interval empties.
func (a *attack) propagate(lo, hi []int64) bool {
	for changed := true; changed; {
		changed = false
		for _, r := range a.cons {
			// Σplus − Σminus = c.
			var pmin, pmax, mmin, mmax int64
			for _, v := range r.plus {
				pmin, pmax = pmin+lo[v], pmax+hi[v]
			}
			for _, v := range r.minus {
				mmin, mmax = mmin+lo[v], mmax+hi[v]
			}
			for _, v := range r.plus {
				// v = c + Σminus − (Σplus without v)
				nlo := r.c + mmin - (pmax - hi[v])
				nhi := r.c + mmax - (pmin - lo[v])
				if nlo > lo[v] {
					lo[v], changed = nlo, true
				}
				if nhi < hi[v] {
					hi[v], changed = nhi, true
				}
				if lo[v] > hi[v] {
					return false
				}
			}
			for _, v := range r.minus {
				// v = Σplus − c − (Σminus without v)
				nlo := pmin - r.c - (mmax - hi[v])
				nhi := pmax - r.c - (mmin - lo[v])
				if nlo > lo[v] {
					lo[v], changed = nlo, true
				}
				if nhi < hi[v] {
					hi[v], changed = nhi, true
				}
				if lo[v] > hi[v] {
					return false
				}
			}
		}
	}
	return true
}

// feasible reports whether some assignment of true counts within the intervals meets every
// relation, splitting the narrowest open interval until each is one value: first its value
// nearest the guess (a true count is most often near its published value, so assignments
// that exist are found early), then the values below and above it.
func (a *attack) feasible(lo, hi []int64, budget *int) bool {
	lo, hi = append([]int64(nil), lo...), append([]int64(nil), hi...)
	if !a.propagate(lo, hi) {
		return false
	}
	if *budget--; *budget < 0 {
		return true // undecided within the budget: see solve
	}
	pick := -1
	for v := range lo {
		if lo[v] < hi[v] && (pick < 0 || hi[v]-lo[v] < hi[pick]-lo[pick]) {
			pick = v
		}
	}
	if pick < 0 {
		return true // every unknown fixed, and propagation left every relation met
	}
	g := min(max(a.guess[pick], lo[pick]), hi[pick])
	for _, part := range [][2]int64{{g, g}, {lo[pick], g - 1}, {g + 1, hi[pick]}} {
		if part[0] > part[1] {
			continue
		}
		l, h := append([]int64(nil), lo...), append([]int64(nil), hi...)
		l[pick], h[pick] = part[0], part[1]
		if a.feasible(l, h, budget) {
			return true
		}
	}
	return false
}

// solve answers feasible with a search budget; exhausted reports that the budget ran out
// (the answer is then unknown).
func (a *attack) solve(lo, hi []int64) (ok, exhausted bool) {
	budget := 200000
	ok = a.feasible(lo, hi, &budget)
	return ok, budget < 0
}

// candidates says which values of unknown v are consistent with everything, looking at
// truth and its neighbours: whether truth itself is (it must be: otherwise the model of the
// mechanism is wrong) and whether any other value is.
func (a *attack) candidates(v int, truth int64) (truthOK, otherOK, exhausted bool) {
	at := func(lo, hi int64) (bool, bool) {
		l, h := append([]int64(nil), a.lo...), append([]int64(nil), a.hi...)
		l[v], h[v] = max(l[v], lo), min(h[v], hi)
		if l[v] > h[v] {
			return false, false
		}
		return a.solve(l, h)
	}
	// A search that runs out of budget answers feasible, undecided; one that does not
	// answers for certain. Another value is consistent as soon as one side has a witness.
	truthOK, e1 := at(truth, truth)
	below, e2 := at(0, truth-1)
	if below && !e2 {
		return truthOK, true, e1
	}
	above, e3 := at(truth+1, unbounded)
	if above && !e3 {
		return truthOK, true, e1
	}
	return truthOK, below || above, e1 || e2 || e3
}
