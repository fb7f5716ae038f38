package domain

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The tables in the data file are what cmd/ptable makes from the documented parameters.
func TestPTableFileMatchesItsParameters(t *testing.T) {
	for _, tc := range []struct {
		params PTableParams
		table  *PTable
	}{{CountTableParams, CountTable()}, {MagnitudeTableParams, MagnitudeTable()}, {NumeratorTableParams, NumeratorTable()}} {
		gen, err := GeneratePTable(tc.params)
		if err != nil {
			t.Fatal(err)
		}
		if tc.table.Params != tc.params {
			t.Errorf("%s: file parameters %+v, code %+v", tc.params.Name, tc.table.Params, tc.params)
		}
		if len(gen.Rows) != len(tc.table.Rows) {
			t.Fatalf("%s: %d rows generated, %d in the file: run go run ./cmd/ptable", tc.params.Name, len(gen.Rows), len(tc.table.Rows))
		}
		for i := range gen.Rows {
			if len(gen.Rows[i]) != len(tc.table.Rows[i]) {
				t.Fatalf("%s row %d differs: run go run ./cmd/ptable", tc.params.Name, i)
			}
			for k, e := range gen.Rows[i] {
				f := tc.table.Rows[i][k]
				if e.V != f.V || math.Abs(e.P-f.P) > 1e-11 {
					t.Errorf("%s row %d entry %d: generated %+v, file %+v", tc.params.Name, i, k, e, f)
				}
			}
		}
	}
}

// Every row is a distribution with mean 0 (no bias), within D (past the jumps over the
// blocked values), never publishing a blocked value or a negative one, with variance V
// wherever the row can reach it.
func TestPTableProperties(t *testing.T) {
	for _, tab := range []*PTable{CountTable(), MagnitudeTable(), NumeratorTable()} {
		p := tab.Params
		for i, row := range tab.Rows {
			var sum, mean, variance float64
			for _, e := range row {
				sum += e.P
				mean += e.P * e.V
				variance += e.P * e.V * e.V
				j := float64(i) + e.V
				if j < 0 || (j > 0 && j <= float64(p.JS)) {
					t.Errorf("%s row %d publishes %v", p.Name, i, j)
				}
				if math.Abs(e.V) > p.D && !(i <= p.JS && j == float64(p.JS+1)) {
					t.Errorf("%s row %d moves by %v, more than D", p.Name, i, e.V)
				}
			}
			if math.Abs(sum-1) > 1e-9 || (math.Abs(mean) > 1e-9 && !(i == 0 && p.Z > 0)) {
				t.Errorf("%s row %d: probabilities sum to %v, mean %v", p.Name, i, sum, mean)
			}
			if i >= p.JS+int(p.D)+1 && math.Abs(variance-p.V) > 1e-9 {
				t.Errorf("%s row %d: variance %v, want %v", p.Name, i, variance, p.V)
			}
		}
		// The last row is symmetric: every larger value shares it.
		last := tab.Rows[tab.Cap()]
		for k := range last {
			if last[k].V != -last[len(last)-1-k].V || math.Abs(last[k].P-last[len(last)-1-k].P) > 1e-12 {
				t.Errorf("%s: last row not symmetric", p.Name)
			}
		}
	}
	// Small counts: 1..4 become 0 or 5 only.
	for n := int64(1); n <= 4; n++ {
		for _, e := range CountTable().Row(n) {
			if j := n + int64(e.V); j != 0 && j != 5 {
				t.Errorf("true %d published as %d", n, j)
			}
		}
	}
}

// Drawn over many keys, the published values follow the table, and the same units always
// get the same value.
func TestPerturbCountFollowsTheTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int64{1, 3, 6, 40} {
		got := map[int64]int{}
		const draws = 200000
		for range draws {
			u := Units{N: n, Key: CellKey(r.Uint32())}
			p := PerturbCount(u)
			if PerturbCount(u) != p {
				t.Fatal("the same units got two values")
			}
			got[p]++
		}
		for _, e := range CountTable().Row(n) {
			f := float64(got[n+int64(e.V)]) / draws
			if math.Abs(f-e.P) > 0.005 {
				t.Errorf("n=%d: published %d with frequency %.4f, table says %.4f", n, n+int64(e.V), f, e.P)
			}
		}
	}
	if PerturbCount(Units{}) != 0 {
		t.Error("a true zero must stay zero")
	}
}

func TestCellKeys(t *testing.T) {
	if KeyOf(-1) != CellKey(KeyModulus-1) || KeyOf(KeyModulus+5) != 5 || KeyOf(0) != 0 {
		t.Errorf("KeyOf: %v %v", KeyOf(-1), KeyOf(KeyModulus+5))
	}
	a, b := Units{2, 4000000000}, Units{3, 500000000}
	if s := a.Add(b); s.N != 5 || s.Key != KeyOf(4500000000) {
		t.Errorf("Add: %+v", s)
	}
	seen := map[CellKey]bool{}
	for k := CellKey(0); k < 100000; k++ {
		d := k.Derived()
		if seen[d] {
			t.Fatal("Derived is not one-to-one")
		}
		seen[d] = true
	}
}

func TestPossibleCounts(t *testing.T) {
	for _, tc := range []struct {
		p    int64
		want []int64
	}{{0, []int64{0, 1, 2, 3, 4, 5, 6}}, {5, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}, {20, []int64{14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26}}} {
		if got := PossibleCounts(tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("published %d: %v, want %v", tc.p, got, tc.want)
		}
	}
	// What a published count allows is always a run of consecutive counts (the attack
	// tests' solver relies on it), and never empty for a value that can be published.
	for p := int64(0); p < 300; p++ {
		got := PossibleCounts(p)
		if p >= 1 && p <= 4 {
			if len(got) != 0 {
				t.Errorf("%d can be published: %v", p, got)
			}
			continue
		}
		if len(got) == 0 || got[len(got)-1]-got[0] != int64(len(got)-1) {
			t.Errorf("published %d allows %v", p, got)
		}
	}
	// Every true count is among those its published value allows.
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		u := Units{N: r.Int64N(30), Key: CellKey(r.Uint32())}
		if !slices.Contains(PossibleCounts(PerturbCount(u)), u.N) {
			t.Fatalf("%+v published %d, which excludes it", u, PerturbCount(u))
		}
	}
}

func TestReleaseRate(t *testing.T) {
	rules := DisclosureRules{}
	r := rand.New(rand.NewPCG(5, 6))
	key := func() CellKey { return CellKey(r.Uint32()) }
	// Too few: a base of 4 or fewer is never published (the most it can be perturbed to is
	// 5); one of 5 to 15 sometimes is, 16 and more always.
	published := map[int64]int{}
	for range 1000 {
		for _, n := range []int64{2, 4, 6, 9, 13, 16} {
			c := &Cell{Units: Units{n, key()}, Hit: Units{n / 2, key()}}
			if got := ReleaseRate(c, rules); !got.Suppressed() {
				published[n]++
			}
		}
	}
	if published[2] != 0 || published[4] != 0 || published[6] == 0 || published[13] == 1000 || published[16] != 1000 {
		t.Errorf("rates published (of 1000) by true base: %v", published)
	}
	// 100 % of a small group: the numerator's own key makes it uncertain, and an extreme
	// value on a base under 20 is withheld.
	full, below := 0, 0
	for range 2000 {
		k := key()
		c := &Cell{Units: Units{30, k}, Hit: Units{30, k}}
		got := ReleaseRate(c, rules)
		if got.Suppressed() {
			t.Fatal("a rate over 30 suppressed")
		}
		if got.Value == 100 {
			full++
		} else {
			below++
		}
		small := &Cell{Units: Units{12, k}, Hit: Units{12, k}}
		if got := ReleaseRate(small, rules); !got.Suppressed() && (got.Value == 100 || got.Value == 0) {
			t.Fatalf("an extreme rate on a small base published: %+v", got)
		}
	}
	if full == 0 || below == 0 {
		t.Errorf("a true 100%% came out as 100%% %d times and below %d times: one of them never happens", full, below)
	}
	// With people counted, the base is the people, not the records.
	c := &Cell{Units: Units{500, key()}, Hit: Units{400, key()}, HasPeople: true, People: Units{3, key()}}
	if !ReleaseRate(c, rules).Suppressed() {
		t.Error("a rate over 500 records of 3 people published")
	}
	c.People, c.PeopleCapped = Units{int64(rules.PeopleCapFor(MeasureRate)), 0}, true
	if ReleaseRate(c, rules).Suppressed() {
		t.Error("a rate over 500 records of many people suppressed")
	}
}

func TestReleaseMedian(t *testing.T) {
	rules := DisclosureRules{}
	r := rand.New(rand.NewPCG(7, 8))
	moved := 0
	for range 2000 {
		c := &Cell{Units: Units{15, CellKey(r.Uint32())}, Median: 100}
		got := ReleaseMedian(c, rules)
		if got.Suppressed() {
			continue
		}
		if got.Value != math.Round(got.Value) || math.Abs(got.Value-100) > MedianNoiseReach*MedianNoiseScale(100, 15)+0.5 {
			t.Fatalf("median 100 over 15 published as %v", got.Value)
		}
		if got.Value != 100 {
			moved++
		}
	}
	if moved < 1500 {
		t.Errorf("the median moved only %d times in 2000", moved)
	}
	if !ReleaseMedian(&Cell{Units: Units{5, 1}, Median: 30}, rules).Suppressed() {
		t.Error("a median of 5 values published")
	}
}

func TestReleaseSum(t *testing.T) {
	rules := DisclosureRules{}
	r := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		n := 1 + r.Int64N(20)
		c := &Cell{Units: Units{n, CellKey(r.Uint32())}, Sum: float64(n) * 1.5}
		got := ReleaseSum(c, rules)
		if got.Value < 0 || (got.Value != 0 && math.Abs(got.Value-c.Sum) > 2*1.5+0.05) {
			t.Fatalf("%v hours over %d records published as %v", c.Sum, n, got.Value)
		}
		if ReleaseCount(c, rules).Value == 0 && got.Value != 0 {
			t.Fatalf("hours published over records published as 0: %+v", got)
		}
	}
	// Records of few people: the cell is 0 whenever the people would be published as 0.
	zeroed := 0
	for range 1000 {
		c := &Cell{Units: Units{40, CellKey(r.Uint32())}, Sum: 60, HasPeople: true, People: Units{1, CellKey(r.Uint32())}}
		if ReleaseCount(c, rules).Value == 0 {
			zeroed++
			if ReleaseSum(c, rules).Value != 0 {
				t.Fatal("hours published for records of a person published as 0")
			}
		}
	}
	if zeroed < 700 || zeroed > 900 {
		t.Errorf("records of one person published as 0 %d times in 1000, the table says 800", zeroed)
	}
}

func TestServedMonths(t *testing.T) {
	for _, tc := range []struct {
		now  string
		lag  int
		want string
	}{{"2025-06-06", 5, "2025-05-31"}, {"2025-06-05", 5, "2025-04-30"}, {"2025-06-01", 0, "2025-05-31"},
		{"2025-05-31", 0, "2025-04-30"}, {"2025-03-20", 5, "2025-02-28"}, {"2025-01-03", 5, "2024-11-30"}} {
		now, _ := time.Parse(time.DateOnly, tc.now)
		if got := LatestServedMonth(now, tc.lag).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s lag %d: %s, want %s", tc.now, tc.lag, got, tc.want)
		}
	}
	now, _ := time.Parse(time.DateOnly, "2025-06-10")
	latest := LatestServedMonth(now, 5)
	from, to := DefaultPeriod(now, 5)
	if from.Format(time.DateOnly) != "2024-06-01" || to.Format(time.DateOnly) != "2025-05-31" {
		t.Errorf("default period %s..%s", from, to)
	}
	// The current month is refused with a reason on "to".
	err := CheckPeriod(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), latest)
	if err == nil || ErrorCode(err) != CodeInvalid {
		t.Fatalf("current month: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "to" || e.Fields[0].Reason != "not_closed" {
		t.Errorf("current month: %+v", err)
	}
	if CheckPeriod(from, to, latest) != nil {
		t.Error("the default period refused")
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for f, want := range map[[2]string]string{{"2025-03-01", "2025-03-31"}: "2025-03", {"2025-04-01", "2025-06-30"}: "2025-Q2",
		{"2025-07-01", "2025-12-31"}: "2025-S2", {"2024-01-01", "2024-12-31"}: "2024", {"2024-06-01", "2025-05-31"}: "2024-06-01/P12M",
		{"2025-02-01", "2025-04-30"}: "", {"2025-01-01", "2025-02-28"}: "", {"2023-01-01", "2024-12-31"}: "", {"2025-04-01", "2025-09-30"}: ""} {
		if got := StandardPeriod(day(f[0]), day(f[1])); got != want {
			t.Errorf("%v: %q, want %q", f, got, want)
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

// Every code of every fixed dimension is listed in every answer, those nobody falls into
// included: which categories occur in a scope is not told by the code list.
func TestReleaseListsEveryCode(t *testing.T) {
	ind, _ := IndicatorByID("active_cases")
	data := StatData{Dims: []Dimension{DimPhase, DimCategory}, Codes: map[Dimension][]DimCode{}}
	for _, d := range data.Dims {
		for _, c := range FixedCodes[d] {
			data.Codes[d] = append(data.Codes[d], DimCode{Code: c, Label: c})
		}
	}
	data.Cells = []*Cell{{Keys: []string{"intake", "returnee"}, Units: Units{7, 12345}}}
	a := Release(StatQuery{Indicator: ind}, data, DisclosureRules{})
	if want := (len(FixedCodes[DimPhase]) + 1) * len(FixedCodes[DimCategory]); len(a.Rows) != want {
		t.Errorf("%d rows, want %d", len(a.Rows), want)
	}
	for _, r := range a.Rows {
		if r.Status != StatusPerturbed {
			t.Errorf("count row %v: %s", r.Keys, r.Status)
		}
	}
	if !slices.Contains(FixedCodes[DimCategory], "foreign_terrorist_fighter") || !slices.Contains(FixedCodes[DimCategory], "none") {
		t.Errorf("category codes %v", FixedCodes[DimCategory])
	}
}

// Attack round 3: milestone attainment publishes several rates over one group of people.
// On a base under twice MinPeople, a rate is withheld only for being 0 % or 100 %, so a
// published rate beside a withheld one told the withheld one was extreme. Over one
// denominator on such a base, the rates are now all published or none.
func TestRatesOverOneSmallBaseArePublishedAllOrNone(t *testing.T) {
	rules := DisclosureRules{}
	people := int64(rules.People())
	find := func(lo, hi int64) (Units, Units) {
		for k := uint32(1); k < 200000; k++ {
			den := Units{N: lo, Key: CellKey(k * 2654435761)}
			if b := PerturbCount(den); b < lo || b >= hi {
				continue
			}
			zero := Units{N: 0, Key: CellKey(k*40503 + 7)}
			if PerturbNumerator(zero, den) == 0 {
				return den, zero
			}
		}
		t.Fatal("no key gives the case wanted")
		return Units{}, Units{}
	}
	den, zero := find(people+3, 2*people)
	half := Units{N: den.N / 2, Key: CellKey(99)}
	cells := []*Cell{{Keys: []string{"a"}, Units: den, Hit: zero}, {Keys: []string{"b"}, Units: den, Hit: half}}
	released := []Released{ReleaseRate(cells[0], rules), ReleaseRate(cells[1], rules)}
	if released[0].Status != StatusSuppressed || released[1].Status != StatusPerturbed {
		t.Fatalf("the case wanted: one extreme rate withheld, one published: %+v", released)
	}
	SuppressSharedSmallBases(cells, released, rules)
	for i, r := range released {
		if r.Status != StatusSuppressed {
			t.Errorf("cell %d published beside a withheld rate over the same small base: %+v", i, r)
		}
	}
	// On a base of twice MinPeople or more, an extreme rate is published and nothing changes.
	big, zero2 := find(3*people, 10*people)
	cells = []*Cell{{Units: big, Hit: zero2}, {Units: big, Hit: Units{N: big.N / 2, Key: CellKey(5)}}}
	released = []Released{ReleaseRate(cells[0], rules), ReleaseRate(cells[1], rules)}
	before := slices.Clone(released)
	SuppressSharedSmallBases(cells, released, rules)
	if !slices.Equal(before, released) || released[0].Status != StatusPerturbed {
		t.Errorf("a large base was touched: %+v → %+v", before, released)
	}
}
