package domain

import (
	"math/big"
	"math/rand"
	"testing"
)

// table2 builds a count table rows × cols with margins from interior values; participants
// equal values (one case per participant).
func table2(vals [][]int) *Table {
	t := &Table{Dims: 2, Additive: []bool{true, true}}
	rows, cols := len(vals), len(vals[0])
	rk := func(i int) string {
		if i == rows {
			return TotalCode
		}
		return string(rune('a' + i))
	}
	ck := func(j int) string {
		if j == cols {
			return TotalCode
		}
		return string(rune('A' + j))
	}
	for i := 0; i <= rows; i++ {
		for j := 0; j <= cols; j++ {
			v := 0
			for a := 0; a < rows; a++ {
				for b := 0; b < cols; b++ {
					if (i == rows || a == i) && (j == cols || b == j) {
						v += vals[a][b]
					}
				}
			}
			t.Cells = append(t.Cells, &Cell{Keys: []string{rk(i), ck(j)}, Value: float64(v), HasValue: true, Participants: v, Numerator: -1})
		}
	}
	return t
}

func table1(vals ...int) *Table {
	t := &Table{Dims: 1, Additive: []bool{true}}
	sum := 0
	for i, v := range vals {
		sum += v
		t.Cells = append(t.Cells, &Cell{Keys: []string{string(rune('a' + i))}, Value: float64(v), HasValue: true, Participants: v, Numerator: -1})
	}
	t.Cells = append(t.Cells, &Cell{Keys: []string{TotalCode}, Value: float64(sum), HasValue: true, Participants: sum, Numerator: -1})
	return t
}

// attack is what someone holding the published table can do: it returns the keys of every
// suppressed cell whose value it can work out exactly. It knows the threshold, that the
// table adds up, and (when zeros are published) that a suppressed cell is at least 1.
// It uses exact rational elimination, independent of Protect's own floating-point check.
func attack(t *Table, zerosPublished bool) []string {
	var unknown []*Cell
	idx := map[*Cell]int{}
	for _, c := range t.Cells {
		if c.Suppressed {
			idx[c] = len(unknown)
			unknown = append(unknown, c)
		}
	}
	n := len(unknown)
	var found []string
	var eqs [][]*big.Rat // coefficients then right-hand side
	for _, l := range t.lines() {
		row := make([]*big.Rat, n+1)
		for i := range row {
			row[i] = new(big.Rat)
		}
		add := func(c *Cell, sign int64) {
			if i, ok := idx[c]; ok {
				row[i].Add(row[i], big.NewRat(sign, 1))
			} else {
				row[n].Sub(row[n], new(big.Rat).SetFloat64(float64(sign)*c.Value))
			}
		}
		for _, c := range l.cells {
			add(c, 1)
		}
		add(l.total, -1)
		eqs = append(eqs, row)
		// Interval attack: k unknowns summing to exactly k, each at least 1, are all 1.
		k, sum := 0, new(big.Rat)
		ok := !l.total.Suppressed
		for _, c := range l.cells {
			if c.Suppressed {
				k++
			} else {
				sum.Add(sum, new(big.Rat).SetFloat64(c.Value))
			}
		}
		if ok && zerosPublished && k > 0 {
			rest := new(big.Rat).Sub(new(big.Rat).SetFloat64(l.total.Value), sum)
			if rest.Cmp(big.NewRat(int64(k), 1)) == 0 {
				for _, c := range l.cells {
					if c.Suppressed {
						found = append(found, keyString(c))
					}
				}
			}
		}
	}
	// Gauss-Jordan over the rationals.
	r := 0
	var pivots []int
	for col := 0; col < n && r < len(eqs); col++ {
		p := -1
		for i := r; i < len(eqs); i++ {
			if eqs[i][col].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		eqs[r], eqs[p] = eqs[p], eqs[r]
		inv := new(big.Rat).Inv(eqs[r][col])
		for j := range eqs[r] {
			eqs[r][j].Mul(eqs[r][j], inv)
		}
		for i := range eqs {
			if i != r && eqs[i][col].Sign() != 0 {
				f := new(big.Rat).Set(eqs[i][col])
				for j := range eqs[i] {
					eqs[i][j].Sub(eqs[i][j], new(big.Rat).Mul(f, eqs[r][j]))
				}
			}
		}
		pivots = append(pivots, col)
		r++
	}
	for i, col := range pivots {
		alone := true
		for j := 0; j < n; j++ {
			if j != col && eqs[i][j].Sign() != 0 {
				alone = false
			}
		}
		if alone {
			found = append(found, keyString(unknown[col]))
		}
	}
	return found
}

func suppressedKeys(t *Table) map[string]bool {
	out := map[string]bool{}
	for _, c := range t.Cells {
		if c.Suppressed {
			out[keyString(c)] = true
		}
	}
	return out
}

func TestPrimarySuppression(t *testing.T) {
	tab := table1(3, 12, 0, 40)
	Protect(tab, DisclosureRules{MinCell: 5})
	got := suppressedKeys(tab)
	if !got["a\x00"] {
		t.Error("a cell of 3 must be suppressed at threshold 5")
	}
	if got["c\x00"] {
		t.Error("a true zero must be published when zeros are not suppressed")
	}
	// One suppressed cell under a published total: the next smallest non-zero goes too.
	if !got["b\x00"] || got["d\x00"] || got[TotalCode+"\x00"] {
		t.Errorf("secondary suppression should take b (12), the smallest non-zero, only: %v", got)
	}
	if found := attack(tab, true); len(found) > 0 {
		t.Errorf("recovered %q", found)
	}
}

func TestZeroSuppressedWhenConfigured(t *testing.T) {
	tab := table1(0, 12, 40)
	Protect(tab, DisclosureRules{MinCell: 5, SuppressZero: true})
	got := suppressedKeys(tab)
	if !got["a\x00"] || !got["b\x00"] {
		t.Errorf("the zero and its secondary must be suppressed: %v", got)
	}
	tab = table1(0, 12, 40)
	Protect(tab, DisclosureRules{MinCell: 5})
	if len(suppressedKeys(tab)) != 0 {
		t.Errorf("nothing to suppress when zeros are published: %v", suppressedKeys(tab))
	}
}

func TestThresholdIsConfigurable(t *testing.T) {
	tab := table1(7, 30, 30)
	Protect(tab, DisclosureRules{MinCell: 10})
	if !suppressedKeys(tab)["a\x00"] {
		t.Error("7 must be suppressed at threshold 10")
	}
	tab = table1(7, 30, 30)
	Protect(tab, DisclosureRules{MinCell: 5})
	if len(suppressedKeys(tab)) != 0 {
		t.Error("7 is publishable at threshold 5")
	}
}

func TestTwoSmallCellsSummingBelowThresholdAreWidened(t *testing.T) {
	// 1 and 1 under a published total: with zeros published each is ≥ 1, so both are 1.
	tab := table1(1, 1, 20, 30)
	Protect(tab, DisclosureRules{MinCell: 5})
	got := suppressedKeys(tab)
	if !got["c\x00"] {
		t.Errorf("a third cell must join two 1s: %v", got)
	}
	if found := attack(tab, true); len(found) > 0 {
		t.Errorf("recovered %q", found)
	}
}

func TestTwoDimensionalSecondary(t *testing.T) {
	tab := table2([][]int{
		{2, 10, 12},
		{9, 15, 20},
		{11, 30, 8},
	})
	Protect(tab, DisclosureRules{MinCell: 5})
	if !suppressedKeys(tab)["a\x00A\x00"] {
		t.Fatal("the 2 must be suppressed")
	}
	if found := attack(tab, true); len(found) > 0 {
		t.Errorf("recovered %q from %v", found, suppressedKeys(tab))
	}
}

func TestMarginsMatchTheOneDimensionalAnswer(t *testing.T) {
	vals := [][]int{{1, 3, 0}, {6, 7, 9}, {20, 2, 14}}
	two := table2(vals)
	Protect(two, DisclosureRules{MinCell: 5})
	var rowTotals []int
	for _, r := range vals {
		s := 0
		for _, v := range r {
			s += v
		}
		rowTotals = append(rowTotals, s)
	}
	one := table1(rowTotals...)
	Protect(one, DisclosureRules{MinCell: 5})
	for _, c := range one.Cells {
		m := two.find(c.Keys[0], TotalCode)
		if m.Suppressed != c.Suppressed {
			t.Errorf("margin %s: suppressed %v in the 2-D answer, %v in the 1-D one", c.Keys[0], m.Suppressed, c.Suppressed)
		}
	}
}

func TestBridgeBetweenBlocksIsCaught(t *testing.T) {
	// Two 2×2 blocks of small cells, joined by one small cell: every line holds two
	// unknowns, yet the bridge is fixed by the totals. Protect must see that.
	vals := [][]int{
		{2, 2, 50, 50, 50},
		{2, 2, 50, 50, 3},
		{50, 50, 2, 2, 50},
		{50, 50, 2, 2, 50},
	}
	tab := table2(vals)
	Protect(tab, DisclosureRules{MinCell: 5})
	if found := attack(tab, true); len(found) > 0 {
		t.Errorf("recovered %q", found)
	}
}

func TestRatesAndMediansOnFewParticipants(t *testing.T) {
	rules := DisclosureRules{MinCell: 5}
	cases := []struct {
		c    Cell
		want bool
	}{
		{Cell{HasValue: true, Value: 50, Participants: 4, Numerator: 2}, true},     // denominator too small
		{Cell{HasValue: true, Value: 2, Participants: 100, Numerator: 2}, true},    // 2 people reoffended
		{Cell{HasValue: true, Value: 10, Participants: 100, Numerator: 10}, false}, // fine
		{Cell{HasValue: true, Value: 0, Participants: 100, Numerator: 0}, false},   // a true zero rate
		{Cell{HasValue: true, Value: 31, Participants: 3, Numerator: -1}, true},    // a median over 3
		{Cell{HasValue: false, Participants: 0, Numerator: 0}, true},               // a rate over nobody
	}
	for i, tc := range cases {
		c := tc.c
		if got := primary(&c, rules, 5); got != tc.want {
			t.Errorf("case %d: suppressed %v, want %v", i, got, tc.want)
		}
	}
	c := Cell{HasValue: true, Value: 0, Participants: 100, Numerator: 0}
	if !primary(&c, DisclosureRules{MinCell: 5, SuppressZero: true}, 5) {
		t.Error("a zero rate must be suppressed when zeros are")
	}
}

// TestRandomTablesResistRecovery throws many small random tables at Protect and attacks
// every answer.
func TestRandomTablesResistRecovery(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 400; n++ {
		rows, cols := 1+rng.Intn(5), 1+rng.Intn(5)
		vals := make([][]int, rows)
		for i := range vals {
			vals[i] = make([]int, cols)
			for j := range vals[i] {
				switch rng.Intn(4) {
				case 0:
					vals[i][j] = rng.Intn(5) // small, often zero
				default:
					vals[i][j] = rng.Intn(40)
				}
			}
		}
		for _, zero := range []bool{false, true} {
			var tab *Table
			if cols == 1 {
				col := make([]int, rows)
				for i := range vals {
					col[i] = vals[i][0]
				}
				tab = table1(col...)
			} else {
				tab = table2(vals)
			}
			Protect(tab, DisclosureRules{MinCell: 5, SuppressZero: zero})
			for _, c := range tab.Cells {
				if c.Participants > 0 && c.Participants < 5 && !c.Suppressed {
					t.Fatalf("table %d: cell %q of %d published", n, c.Keys, c.Participants)
				}
			}
			if found := attack(tab, !zero); len(found) > 0 {
				t.Fatalf("table %d %v (zeros suppressed %v): recovered %q, suppressed %v", n, vals, zero, found, suppressedKeys(tab))
			}
		}
	}
}

func TestAgeBand(t *testing.T) {
	for _, tc := range []struct {
		born int
		want string
	}{{2010, "under_18"}, {2007, "18_24"}, {2001, "18_24"}, {2000, "25_34"}, {1990, "35_44"}, {1980, "45_plus"}} {
		if got := AgeBand(tc.born, 2025); got != tc.want {
			t.Errorf("born %d: %s, want %s", tc.born, got, tc.want)
		}
	}
}

func TestEveryIndicatorIsDefined(t *testing.T) {
	seen := map[string]bool{}
	for _, ind := range Indicators {
		if ind.ID == "" || ind.Title == "" || ind.Definition == "" || ind.Numerator == "" || ind.Unit == "" || ind.Measure == "" {
			t.Errorf("%q is incompletely defined", ind.ID)
		}
		if ind.Measure == MeasureRate && ind.Denominator == "" {
			t.Errorf("%s is a rate without a denominator", ind.ID)
		}
		if seen[ind.ID] {
			t.Errorf("%s defined twice", ind.ID)
		}
		seen[ind.ID] = true
	}
}
