package domain

import (
	"math"
	"sort"
)

// Disclosure control: every figure Pathways releases passes through Release (or
// ReleaseCoverage), whatever the format. The method is the cell-key method of statistics
// offices' flexible table builders (the Australian Bureau of Statistics' TableBuilder, the
// UK's Census 2021 outputs):
//
//   - Every unit that can be counted (a case, an attendance record, a stay in a phase, a
//     milestone reached, a timeline activity, a participant) carries a record key: a random
//     integer in [0, 2^32) drawn when the row is written (stat_rkey() in the database), kept
//     secret, unrelated to any id and never returned by the API.
//   - A cell's key is the sum of its units' record keys modulo 2^32: the same set of units
//     always has the same key, whichever query, scope, breakdown or format it turns up in.
//   - A count n is published as n + v, v read off the count perturbation table's row for n
//     at the cell key (ptable.go): the same set of units always gets the same published
//     value, so asking again, or asking differently, averages nothing out, and the difference
//     of two published figures is the difference of two independent draws of noise.
//   - The table keeps every published count out of 1..4 (a true count of 1 to 4 comes out
//     as 0 or 5) and adds no bias. Totals are cells of their own: they are perturbed as
//     such, and need not equal the sum of the published cells.
//
// Which makes secondary suppression pointless: it existed to stop exact subtraction, which
// perturbation stops for every cell at once; and a suppression pattern is information of
// its own (which cell is small). Counts are therefore never suppressed. What remains
// suppressed is a rate or median on too few people (MinPeople, judged on perturbed counts
// so that the status itself is noisy), and a rate of 0 % or 100 % on a small group.

// TotalCode marks a margin (SDMX's "_T").
const TotalCode = "_T"

// KeyModulus is the range of record keys and cell keys: [0, 2^32).
const KeyModulus = 1 << 32

// CellKey is the sum of a cell's record keys modulo KeyModulus.
type CellKey uint32

// KeyOf reduces a sum of record keys (of either sign: summaries add and subtract them) to
// a cell key.
func KeyOf(sum int64) CellKey {
	m := sum % KeyModulus
	if m < 0 {
		m += KeyModulus
	}
	return CellKey(m)
}

// U is the key as a fraction of [0, 1), what the perturbation tables are read with.
func (k CellKey) U() float64 { return float64(k) / KeyModulus }

// Derived is a second key drawn from the cell key, for a second perturbation of the same
// cell (a rate's numerator, a magnitude, a median) that must not move in step with the
// first. It is a fixed bijection of [0, 2^32): uniform when the key is, and as secret.
func (k CellKey) Derived() CellKey {
	x := uint32(k)
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return CellKey(x + 0x9e3779b9)
}

// Units is a set of counted units as the summaries give it: how many, and their cell key.
type Units struct {
	N   int64
	Key CellKey
}

// Add merges two disjoint sets of units.
func (u Units) Add(o Units) Units {
	return Units{N: u.N + o.N, Key: CellKey(uint32(u.Key) + uint32(o.Key))}
}

// PerturbCount is the published value of a count of units.
func PerturbCount(u Units) int64 {
	if u.N <= 0 {
		return 0
	}
	return u.N + int64(math.Round(CountTable().Lookup(u.N, u.Key.U())))
}

// DisclosureRules are the deployment's disclosure-control settings.
type DisclosureRules struct {
	// MinPeople: a rate or median is published only when its base (the perturbed count of
	// people, cases or values it is computed over) is at least this; default 10. A rate of
	// 0 % or 100 % needs twice as many.
	MinPeople int
}

// People is the smallest base a rate or median is published on: MinPeople, or 10.
func (r DisclosureRules) People() int {
	if r.MinPeople < 1 {
		return 10
	}
	return r.MinPeople
}

// PeopleCapFor is how far the store must count the distinct participants behind a cell of
// the measure, where it counts them: below the cap exactly (with their key), at it "at
// least that many". For a count or sum only 0 matters, which no count of Threshold or more
// is published as; for a rate, whether the base reaches MinPeople and twice MinPeople,
// which a count of twice MinPeople plus D always does.
func (r DisclosureRules) PeopleCapFor(m Measure) int {
	if m == MeasureRate {
		return 2*r.People() + int(math.Ceil(CountTable().Params.D))
	}
	return Threshold()
}

// Threshold is the smallest count that can be published other than 0 (5): the count
// table's blocked values end just below it.
func Threshold() int { return CountTable().Params.JS + 1 }

// Cell is one figure before release, as the store computed it. Which fields matter depends
// on the measure:
//   - count: Units, the units counted;
//   - sum: Sum, the true magnitude, and Units, the records it adds up;
//   - rate: Hit, the units of the numerator, over Units, those of the denominator;
//   - median: Median of the values of Units (meaningless when Units.N is 0).
//
// People, when HasPeople, are the distinct participants behind the cell, exact unless
// PeopleCapped (the store stopped counting at its cap, DisclosureRules.PeopleCapFor: at
// least that many, and the key covers only those): cells that count records rather than
// people (sessions, hours, activities) publish 0 when the people behind them would be
// published as 0, and their rates need enough people.
type Cell struct {
	Keys         []string // one code per dimension; TotalCode for a margin
	Units        Units
	Hit          Units
	Sum          float64
	Median       float64
	People       Units
	HasPeople    bool
	PeopleCapped bool
}

// Status says how a released figure was protected.
type Status string

const (
	// StatusPerturbed: published, with cell-key noise (every published figure has it, a 0 too).
	StatusPerturbed Status = "perturbed"
	// StatusSuppressed: not published (a rate or median on too few people, or an extreme
	// rate on a small group: the reasons are not told apart, since that would tell which).
	StatusSuppressed Status = "suppressed"
)

// Released is a figure after disclosure control: Value is meaningless when suppressed.
type Released struct {
	Value  float64
	Status Status
}

// Suppressed reports whether the figure is withheld.
func (r Released) Suppressed() bool { return r.Status == StatusSuppressed }

// peopleZero reports whether the people behind a cell would be published as 0: then a
// figure over their records is published as 0 too, exactly as a count of them would be.
func peopleZero(c *Cell, rules DisclosureRules) bool {
	if !c.HasPeople || c.PeopleCapped {
		return false
	}
	return PerturbCount(c.People) == 0
}

// peopleBase is the base a rate over records is judged on: the perturbed count of the
// people behind it; at the store's cap, no more than the cap guarantees.
func peopleBase(c *Cell) int64 {
	if c.PeopleCapped {
		return c.People.N - int64(math.Ceil(CountTable().Params.D))
	}
	return PerturbCount(c.People)
}

// ReleaseCount publishes a count.
func ReleaseCount(c *Cell, rules DisclosureRules) Released {
	if peopleZero(c, rules) {
		return Released{0, StatusPerturbed}
	}
	return Released{float64(PerturbCount(c.Units)), StatusPerturbed}
}

// ReleaseSum publishes a magnitude by the "mean" variant of the cell-key method for
// magnitudes: the cell's own mean contribution (Sum / Units.N, e.g. the hours of an average
// attendance) times a perturbation read off the magnitude table at a key derived from the
// cell key. It is 0 wherever the count of the same records is published as 0, and never
// negative. Rounded to one decimal.
func ReleaseSum(c *Cell, rules DisclosureRules) Released {
	if c.Units.N <= 0 || ReleaseCount(c, rules).Value == 0 {
		return Released{0, StatusPerturbed}
	}
	mean := c.Sum / float64(c.Units.N)
	v := MagnitudeTable().Lookup(c.Units.N, c.Units.Key.Derived().U())
	return Released{round1(math.Max(0, c.Sum+mean*v)), StatusPerturbed}
}

// PerturbNumerator is the published value of a rate's numerator: read off the numerator
// table (whose zero can become 5, NumeratorTableParams) at a key derived from the keys of
// both the numerator's and the denominator's units, so that a numerator made of the very
// units of its denominator does not come out equal to it, and an empty numerator is drawn
// afresh for each denominator like any other.
func PerturbNumerator(hit, den Units) int64 {
	k := CellKey(uint32(hit.Key) + uint32(den.Key)).Derived()
	return max(0, hit.N+int64(math.Round(NumeratorTable().Lookup(hit.N, k.U()))))
}

// ReleaseRate publishes a percentage: 100 × the perturbed numerator (PerturbNumerator) over
// the perturbed denominator, at most 100, to one decimal. Suppressed when the base (the people behind the cell where the store counts
// them, else the perturbed denominator) is below MinPeople, or the rate is 0 % or 100 %
// on a base below twice that: on a small group either says something of every member.
func ReleaseRate(c *Cell, rules DisclosureRules) Released {
	den := PerturbCount(c.Units)
	base := rateBase(c)
	if den <= 0 || base < int64(rules.People()) {
		return Released{0, StatusSuppressed}
	}
	num := min(PerturbNumerator(c.Hit, c.Units), den)
	if (num == 0 || num == den) && base < 2*int64(rules.People()) {
		return Released{0, StatusSuppressed}
	}
	return Released{round1(100 * float64(num) / float64(den)), StatusPerturbed}
}

// rateBase is the base ReleaseRate judges a rate's cell by.
func rateBase(c *Cell) int64 {
	if c.HasPeople {
		return peopleBase(c)
	}
	return PerturbCount(c.Units)
}

// SuppressSharedSmallBases makes the rates of cells over one denominator (the same units:
// several milestones' attainment over one group of people) published all or none when their
// base is below twice MinPeople. On such a base a rate is withheld only for being 0 % or
// 100 %, so one rate published beside a withheld one said the base was large enough and the
// withheld rate extreme: "none of these 13 people found housing" (attack round 3).
func SuppressSharedSmallBases(cells []*Cell, released []Released, rules DisclosureRules) {
	withheld := map[Units]bool{}
	for i, c := range cells {
		if released[i].Status == StatusSuppressed && rateBase(c) < 2*int64(rules.People()) {
			withheld[c.Units] = true
		}
	}
	for i, c := range cells {
		if withheld[c.Units] && rateBase(c) < 2*int64(rules.People()) {
			released[i] = Released{0, StatusSuppressed}
		}
	}
}

// ReleaseMedian publishes a median in whole days: suppressed unless the perturbed count of
// the values is at least MinPeople; otherwise moved by s·w days and rounded, where
// s = max(1 day, 2.5 % × √(10/n) × the median) shrinks as the cell grows, and w, drawn
// from keys derived from the cell key, is the sum of four uniform draws centred and scaled
// to variance 2: bell-shaped, continuous, within ±2√6 (about ±4.9). A median, unlike a
// count, has no table to keep it off small values, and a noise on a grid would let someone
// who draws it afresh a few times (planting and replanting records around a target) line
// the grids up on the target; a continuous noise only ever narrows it to an interval, whose
// ends need draws from the far tails, which are rare.
func ReleaseMedian(c *Cell, rules DisclosureRules) Released {
	if c.Units.N <= 0 || PerturbCount(c.Units) < int64(rules.People()) {
		return Released{0, StatusSuppressed}
	}
	k := c.Units.Key
	w := -2.0
	for range 4 {
		k = k.Derived()
		w += k.U()
	}
	w *= math.Sqrt(6)
	return Released{math.Max(0, math.Round(c.Median+MedianNoiseScale(c.Median, c.Units.N)*w)), StatusPerturbed}
}

// MedianNoiseScale is s in ReleaseMedian: the noise of a median m over n values is s·w with
// |w| ≤ MedianNoiseReach.
func MedianNoiseScale(m float64, n int64) float64 {
	return math.Max(1, 0.025*math.Sqrt(10/math.Max(float64(n), 10))*math.Abs(m))
}

// MedianNoiseReach is the largest |w| in ReleaseMedian.
var MedianNoiseReach = 2 * math.Sqrt(6)

// ReleaseCell publishes a cell by its measure.
func ReleaseCell(m Measure, c *Cell, rules DisclosureRules) Released {
	switch m {
	case MeasureSum:
		return ReleaseSum(c, rules)
	case MeasureRate:
		return ReleaseRate(c, rules)
	case MeasureMedian:
		return ReleaseMedian(c, rules)
	}
	return ReleaseCount(c, rules)
}

// TrueValue is a cell's figure before perturbation, for the consistency tests and the
// attack tests' judgements; it never leaves the server. ok is false for a rate or median
// over nobody.
func TrueValue(m Measure, c *Cell) (v float64, ok bool) {
	switch m {
	case MeasureSum:
		return c.Sum, true
	case MeasureRate:
		if c.Units.N == 0 {
			return 0, false
		}
		return 100 * float64(c.Hit.N) / float64(c.Units.N), true
	case MeasureMedian:
		return c.Median, c.Units.N > 0
	}
	return float64(c.Units.N), true
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func keyString(c *Cell) string {
	s := ""
	for _, k := range c.Keys {
		s += k + "\x00"
	}
	return s
}

// SortCells orders cells by their keys in the code lists' order, totals last, for a stable
// answer.
func SortCells(cells []*Cell, order [][]string) {
	pos := func(d int, k string) int {
		if k == TotalCode {
			return 1 << 30
		}
		if d < len(order) {
			for i, x := range order[d] {
				if x == k {
					return i
				}
			}
		}
		return 1 << 29
	}
	sort.SliceStable(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		for d := range a.Keys {
			pa, pb := pos(d, a.Keys[d]), pos(d, b.Keys[d])
			if pa != pb {
				return pa < pb
			}
			if a.Keys[d] != b.Keys[d] {
				return a.Keys[d] < b.Keys[d]
			}
		}
		return false
	})
}

// PossibleCounts lists the true counts that could have been published as p: what anyone
// who knows the (public) perturbation table but not the cell key can tell from p alone.
func PossibleCounts(p int64) []int64 {
	t := CountTable()
	var out []int64
	d := int64(math.Ceil(t.Params.D))
	for n := max(0, p-d-int64(t.Params.JS)); n <= p+d; n++ {
		for _, e := range t.Row(n) {
			if n+int64(math.Round(e.V)) == p {
				out = append(out, n)
				break
			}
		}
	}
	return out
}
