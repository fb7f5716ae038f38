package domain

import (
	"math"
	"sort"
)

// Disclosure control: every aggregate Pathways releases passes through Protect, whatever the
// format. It works on a table of cells with up to two dimensions, each cell carrying its value
// and the number of distinct participants behind it, counted only up to the threshold
// (MinCell): that number is never published, only compared with the threshold (and with
// zero), so "at least MinCell participants" is all Protect needs and all the store computes.
// A capped count min(n, MinCell) classifies every cell exactly as the exact count n does:
// zero, 1..MinCell-1, or MinCell and more.
//
// Rules, in order:
//  1. Primary: a cell counting 1..MinCell-1 participants is suppressed. A true zero (no
//     participant at all) is published unless SuppressZero is set: it says nothing about a
//     person, and hiding it makes every small programme look identical to an empty one. A rate
//     whose numerator counts 1..MinCell-1 participants is suppressed too (2 % of 60 is a person).
//     A rate or median with no participants has no value and is suppressed.
//  2. Secondary (additive measures only, i.e. counts and sums whose totals are published): a
//     "line" is one row or column together with its total. No line may hold exactly one
//     suppressed cell, and where a line's total is published the suppressed cells in it must
//     sum to at least MinCell (two suppressed 1s under a published total of 2 are each exactly
//     1). Finally no suppressed cell may be determined by the linear system of all published
//     totals (a cell that is a "bridge" between blocks of suppressed cells can be computed even
//     when every line holds two unknowns). Each failure suppresses one more cell: the smallest
//     published non-zero interior cell of the line, ties by code; a total only when no
//     interior cell is left.
//  3. Margins are protected first, as the one-dimensional table they are, so a margin is
//     suppressed in exactly the same way in every answer that shows it: an answer by phase and
//     an answer by phase × facility can never be combined to undo each other.

// TotalCode marks a margin (SDMX's "_T").
const TotalCode = "_T"

// DisclosureRules are the deployment's disclosure-control settings.
type DisclosureRules struct {
	MinCell      int  // smallest participant count that may be published; default 5
	SuppressZero bool // suppress true zeros as well
}

// Min is the threshold in force: MinCell, or 5 when unset. The store caps its participant
// counts at it.
func (r DisclosureRules) Min() int { return r.min() }

func (r DisclosureRules) min() int {
	if r.MinCell < 1 {
		return 5
	}
	return r.MinCell
}

// Cell is one figure before release.
type Cell struct {
	Keys     []string // one code per dimension; TotalCode for a margin
	Value    float64
	HasValue bool // false for a rate or median over nobody
	// Participants is the number of distinct participants behind the figure, exact below
	// the threshold and possibly capped at it (min(n, MinCell)): never published.
	Participants int
	// Numerator is the distinct participants counted in a rate's numerator, capped the same
	// way; -1 when the figure is not a rate.
	Numerator  int
	Suppressed bool
}

func (c *Cell) isTotal() bool {
	for _, k := range c.Keys {
		if k == TotalCode {
			return true
		}
	}
	return false
}

// Table is a set of cells over up to two dimensions. Additive[i] says that the cells along
// dimension i sum to the published total across it (the total cell is present and the
// measure is a count or a sum); only then can a suppressed value be recovered by subtraction.
type Table struct {
	Dims     int
	Additive []bool
	Cells    []*Cell
}

func (t *Table) find(keys ...string) *Cell {
	for _, c := range t.Cells {
		if equalKeys(c.Keys, keys) {
			return c
		}
	}
	return nil
}

func equalKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// line is a set of cells that sum to a total cell.
type line struct {
	cells []*Cell
	total *Cell
	inner bool // an interior line (2-D, neither key a total) rather than a margin line
}

// lines lists every additive constraint of the table.
func (t *Table) lines() []line {
	var out []line
	for d := 0; d < t.Dims; d++ {
		if d >= len(t.Additive) || !t.Additive[d] {
			continue
		}
		// Group the cells by their keys on the other dimensions; within a group, the cell
		// whose key on d is the total is the line's total.
		groups := map[string]*line{}
		var order []string
		for _, c := range t.Cells {
			other := ""
			for i, k := range c.Keys {
				if i != d {
					other += k + "\x00"
				}
			}
			g, ok := groups[other]
			if !ok {
				g = &line{}
				groups[other] = g
				order = append(order, other)
			}
			if c.Keys[d] == TotalCode {
				g.total = c
			} else {
				g.cells = append(g.cells, c)
			}
		}
		for _, k := range order {
			g := groups[k]
			if g.total == nil || len(g.cells) == 0 {
				continue
			}
			g.inner = !g.total.isTotalOtherThan(d)
			out = append(out, *g)
		}
	}
	return out
}

// isTotalOtherThan reports whether the cell is a total on a dimension other than d.
func (c *Cell) isTotalOtherThan(d int) bool {
	for i, k := range c.Keys {
		if i != d && k == TotalCode {
			return true
		}
	}
	return false
}

// Protect applies primary and, for additive tables, secondary suppression in place.
func Protect(t *Table, rules DisclosureRules) {
	min := rules.min()
	for _, c := range t.Cells {
		c.Suppressed = primary(c, rules, min)
	}
	if t.Dims == 0 {
		return
	}
	// Margins first: the lines made only of margin cells (in 2-D, the total row and the total
	// column), with candidates among their own non-grand-total cells.
	all := t.lines()
	var margins []line
	for _, l := range all {
		if !l.inner {
			margins = append(margins, l)
		}
	}
	if t.Dims == 1 {
		secondary(t, all, min)
		return
	}
	secondary(t, margins, min)
	// Then the interior, with the margins' pattern as it is.
	secondary(t, all, min)
}

func primary(c *Cell, rules DisclosureRules, min int) bool {
	if !c.HasValue {
		return true
	}
	if c.Participants == 0 {
		return rules.SuppressZero
	}
	if c.Participants < min {
		return true
	}
	if c.Numerator > 0 && c.Numerator < min {
		return true
	}
	if c.Numerator == 0 && rules.SuppressZero {
		return true
	}
	return false
}

// secondary suppresses more cells of the given lines until no line, and no linear
// combination of them, gives a suppressed value away. Interior cells are preferred over
// totals, so margins change only when nothing else can protect a cell.
func secondary(t *Table, ls []line, min int) {
	for round := 0; round < 10*len(t.Cells)+10; round++ {
		changed := false
		for _, l := range ls {
			if lineUnsafe(l, min) {
				if pick := candidate(l); pick != nil {
					pick.Suppressed = true
					changed = true
				}
			}
		}
		if changed {
			continue
		}
		exposed := determined(ls)
		if exposed == nil {
			return
		}
		// Suppress one more cell in a line through the exposed cell.
		var best *Cell
		for _, l := range ls {
			if !inLine(l, exposed) {
				continue
			}
			if c := candidate(l); c != nil && (best == nil || better(c, best)) {
				best = c
			}
		}
		if best == nil {
			return // nothing left to suppress: every cell of its lines already is
		}
		best.Suppressed = true
	}
}

func inLine(l line, c *Cell) bool {
	if l.total == c {
		return true
	}
	for _, x := range l.cells {
		if x == c {
			return true
		}
	}
	return false
}

func lineUnsafe(l line, min int) bool {
	n, sum := 0, 0.0
	for _, c := range l.cells {
		if c.Suppressed {
			n++
			sum += c.Value
		}
	}
	if l.total.Suppressed {
		n++
		return n == 1
	}
	if n == 1 {
		return true
	}
	// The published total tells the sum of the suppressed cells: it must leave room.
	return n >= 2 && sum < float64(min)
}

// candidate is the cell to suppress next in a line: the smallest published interior cell,
// non-zero first (suppressing a true zero hides nothing), ties by code; the total only when
// nothing else is left.
func candidate(l line) *Cell {
	var best *Cell
	for _, c := range l.cells {
		if c.Suppressed {
			continue
		}
		if best == nil || better(c, best) {
			best = c
		}
	}
	if best == nil && !l.total.Suppressed {
		best = l.total
	}
	return best
}

func better(a, b *Cell) bool {
	az, bz := a.Value == 0, b.Value == 0
	if az != bz {
		return !az
	}
	if a.isTotal() != b.isTotal() {
		return !a.isTotal()
	}
	if a.Value != b.Value {
		return a.Value < b.Value
	}
	return keyString(a) < keyString(b)
}

func keyString(c *Cell) string {
	s := ""
	for _, k := range c.Keys {
		s += k + "\x00"
	}
	return s
}

// determined returns a suppressed cell whose value the published figures fix exactly, or
// nil. The unknowns are the suppressed cells; each line is one equation (cells − total =
// published remainder). A cell is fixed exactly when every solution of the homogeneous system
// leaves it at zero: in reduced row-echelon form, a pivot whose row has no free column.
func determined(ls []line) *Cell {
	index := map[*Cell]int{}
	var vars []*Cell
	add := func(c *Cell) {
		if _, ok := index[c]; !ok && c.Suppressed {
			index[c] = len(vars)
			vars = append(vars, c)
		}
	}
	for _, l := range ls {
		for _, c := range l.cells {
			add(c)
		}
		add(l.total)
	}
	if len(vars) == 0 {
		return nil
	}
	var m [][]float64
	for _, l := range ls {
		row := make([]float64, len(vars))
		any := false
		for _, c := range l.cells {
			if i, ok := index[c]; ok {
				row[i] += 1
				any = true
			}
		}
		if i, ok := index[l.total]; ok {
			row[i] -= 1
			any = true
		}
		if any {
			m = append(m, row)
		}
	}
	pivots := rref(m, len(vars))
	for r, col := range pivots {
		free := false
		for j := 0; j < len(vars); j++ {
			if j != col && math.Abs(m[r][j]) > 1e-9 {
				free = true
				break
			}
		}
		if !free {
			return vars[col]
		}
	}
	return nil
}

// rref reduces m in place and returns the pivot column of each leading row.
func rref(m [][]float64, cols int) []int {
	var pivots []int
	r := 0
	for col := 0; col < cols && r < len(m); col++ {
		p := -1
		for i := r; i < len(m); i++ {
			if math.Abs(m[i][col]) > 1e-9 && (p < 0 || math.Abs(m[i][col]) > math.Abs(m[p][col])) {
				p = i
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		div := m[r][col]
		for j := range m[r] {
			m[r][j] /= div
		}
		for i := range m {
			if i != r && math.Abs(m[i][col]) > 1e-9 {
				f := m[i][col]
				for j := range m[i] {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		pivots = append(pivots, col)
		r++
	}
	return pivots
}

// SortCells orders cells by their keys, totals last, for a stable answer.
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
