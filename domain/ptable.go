package domain

import (
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Perturbation tables for the cell-key method (see perturb.go). A table has one row per true
// value i, up to a cap past which every row is the same: each row lists the perturbations v
// the value may receive (so that i+v is what is published) with their probabilities. A cell
// key, uniform in [0, 1), picks the perturbation whose stretch of the cumulative probability
// it falls in, so the same cell key on the same row always gives the same perturbation.
//
// The tables are data (ptable.csv, beside this file), made by `go run ./cmd/ptable` from the
// parameters below (PTableParams documents what each means); a test regenerates them and
// checks the file still matches.

// PTableParams are the parameters a perturbation table is made from.
type PTableParams struct {
	Name string
	// D is the largest perturbation a value may receive (beyond the jumps that keep small
	// values out of 1..JS, which can be as large as JS).
	D float64
	// V is the variance of the perturbation on every row that can reach it.
	V float64
	// JS is the largest blocked value: no published value falls in (0, JS]. 0 for none.
	JS int
	// Step is the number of grid points per unit: perturbations are multiples of 1/Step.
	Step int
	// Z is the chance that a true 0 is published as JS+1 (0 for none: a zero stays zero,
	// as an unbiased table must keep it). Only rates' numerators have one (see
	// NumeratorTableParams).
	Z float64
}

// The parameters of the tables in force.
var (
	// CountTableParams: counts move by at most 6 (true counts of 1–4 jump to 0 or 5 instead),
	// with variance 2 (a standard deviation of about 1.4) on every row that can reach it.
	// The moves of 5 and 6 are rare (about 1 in 2,000 and 1 in 35,000 each way), which is
	// the point: the noise of a cell is bounded, so whoever could draw it afresh often
	// enough (by adding and removing units of their own) and saw both extremes would know
	// the count exactly; with D=4 that took a few hundred draws, with 6 it takes tens of
	// thousands.
	CountTableParams = PTableParams{Name: "count", D: 6, V: 2, JS: 4, Step: 1}
	// MagnitudeTableParams: magnitudes move by at most 2 of the cell's mean contributions,
	// in quarters, with variance 1 (see ReleaseSum).
	MagnitudeTableParams = PTableParams{Name: "magnitude", D: 2, V: 1, JS: 0, Step: 4}
	// NumeratorTableParams: a rate's numerator as a count, except that a true 0 is published
	// as 5 one time in ten. With an unbiased table a 0 is always 0, so a nonzero numerator
	// would prove that someone in the group has the attribute: an insider who pads a cell
	// with their own cases until one unknown person is left would then read that person's
	// attribute off the rate whenever the table moves a 1 up to 5. The price is a bias at
	// zero (half a unit on average).
	NumeratorTableParams = PTableParams{Name: "numerator", D: 6, V: 2, JS: 4, Step: 1, Z: 0.1}
)

// PEntry is one perturbation of a row: its value, probability, and the upper end of its
// stretch of the cumulative probability (the lower end is the previous entry's).
type PEntry struct {
	V, P, UB float64
}

// PTable is a perturbation table: Rows[min(i, len(Rows)-1)] is the row of true value i.
type PTable struct {
	Params PTableParams
	Rows   [][]PEntry
}

// Cap is the first true value whose row every larger value shares.
func (t *PTable) Cap() int { return len(t.Rows) - 1 }

// Row is the row of a true value (the cap's beyond it).
func (t *PTable) Row(i int64) []PEntry {
	if i < 0 {
		i = 0
	}
	if i > int64(t.Cap()) {
		i = int64(t.Cap())
	}
	return t.Rows[i]
}

// Lookup is the perturbation of true value i under cell key u in [0, 1).
func (t *PTable) Lookup(i int64, u float64) float64 {
	row := t.Row(i)
	for _, e := range row {
		if u < e.UB {
			return e.V
		}
	}
	return row[len(row)-1].V
}

// Support lists the perturbations row i can give, with their probabilities.
func (t *PTable) Support(i int64) []PEntry { return t.Row(i) }

// GeneratePTable makes a table from its parameters. Each row i allows the published values
// j = i+v with |v| ≤ D on the grid, j ≥ 0, j not in (0, JS]; among the distributions over
// them with mean 0 (no bias) and variance V it takes the one of maximum entropy (the most
// even: p(v) proportional to exp(a·v + b·v²)). Where no distribution with mean 0 reaches
// variance V (small values, which can only move down to 0 or up past JS), it takes the
// unbiased one of least variance: the two allowed values nearest on either side. Where the
// allowed values all lie on one side, the value stays as it is.
func GeneratePTable(p PTableParams) (*PTable, error) {
	if p.D <= 0 || p.V <= 0 || p.Step < 1 || p.JS < 0 || p.Z < 0 || p.Z >= 1 {
		return nil, fmt.Errorf("ptable %s: D and V must be positive, Step at least 1, JS not negative, Z in [0, 1)", p.Name)
	}
	steps := int(math.Round(p.D * float64(p.Step)))
	t := &PTable{Params: p}
	last := p.JS + int(math.Ceil(p.D)) + 1
	for i := 0; i <= last; i++ {
		var vs []float64
		for k := -steps; k <= steps; k++ {
			v := float64(k) / float64(p.Step)
			j := float64(i) + v
			if j < 0 || (j > 0 && j <= float64(p.JS)) {
				continue
			}
			vs = append(vs, v)
		}
		probs, err := rowDistribution(vs, p.V)
		if i == 0 && p.Z > 0 {
			// The zero row jumps to JS+1 with chance Z (its only biased row).
			vs, probs, err = []float64{0, float64(p.JS + 1)}, []float64{1 - p.Z, p.Z}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ptable %s row %d: %w", p.Name, i, err)
		}
		var row []PEntry
		cum := 0.0
		for k, v := range vs {
			if probs[k] <= 0 {
				continue
			}
			// Stored to 12 decimals, as in the data file, so both read the same.
			pr, _ := strconv.ParseFloat(strconv.FormatFloat(probs[k], 'f', 12, 64), 64)
			cum += pr
			row = append(row, PEntry{V: v, P: pr, UB: cum})
		}
		row[len(row)-1].UB = 1
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// rowDistribution is the distribution GeneratePTable gives one row, over the values vs.
func rowDistribution(vs []float64, V float64) ([]float64, error) {
	p := make([]float64, len(vs))
	neg, pos := -1, -1 // the allowed values nearest 0 below and above
	hasZero := false
	for k, v := range vs {
		switch {
		case v < 0:
			neg = k
		case v > 0 && pos < 0:
			pos = k
		default:
			if v == 0 {
				hasZero = true
			}
		}
	}
	if neg < 0 || pos < 0 {
		if !hasZero {
			return nil, fmt.Errorf("no unbiased perturbation exists")
		}
		for k, v := range vs {
			if v == 0 {
				p[k] = 1
			}
		}
		return p, nil
	}
	a, b := vs[neg], vs[pos]
	minVar := 0.0
	if !hasZero {
		minVar = -a * b
	}
	maxVar := -vs[0] * vs[len(vs)-1]
	if V <= minVar || V >= maxVar {
		if V >= maxVar {
			neg, pos = 0, len(vs)-1
			a, b = vs[0], vs[len(vs)-1]
		}
		p[neg], p[pos] = b/(b-a), -a/(b-a)
		return p, nil
	}
	return maxEntropy(vs, V)
}

// maxEntropy solves for p(v) ∝ exp(x·v + y·v²) with mean 0 and variance V, by Newton's
// method on the dual (minimising log Σ exp(x·v + y·v²) − y·V), with backtracking.
func maxEntropy(vs []float64, V float64) ([]float64, error) {
	x, y := 0.0, 0.0
	dist := func(x, y float64) ([]float64, float64) {
		m := math.Inf(-1)
		for _, v := range vs {
			m = math.Max(m, x*v+y*v*v)
		}
		w := make([]float64, len(vs))
		z := 0.0
		for k, v := range vs {
			w[k] = math.Exp(x*v + y*v*v - m)
			z += w[k]
		}
		for k := range w {
			w[k] /= z
		}
		return w, math.Log(z) + m - y*V
	}
	p, f := dist(x, y)
	for iter := 0; iter < 200; iter++ {
		var m1, m2, m3, m4 float64
		for k, v := range vs {
			m1 += p[k] * v
			m2 += p[k] * v * v
			m3 += p[k] * v * v * v
			m4 += p[k] * v * v * v * v
		}
		g1, g2 := m1, m2-V
		if math.Abs(g1) < 1e-14 && math.Abs(g2) < 1e-13 {
			return p, nil
		}
		// Hessian: the covariance of (v, v²).
		h11, h12, h22 := m2-m1*m1, m3-m1*m2, m4-m2*m2
		det := h11*h22 - h12*h12
		if det <= 0 {
			return nil, fmt.Errorf("singular system")
		}
		dx := -(h22*g1 - h12*g2) / det
		dy := -(-h12*g1 + h11*g2) / det
		step := 1.0
		for ; step > 1e-12; step /= 2 {
			np, nf := dist(x+step*dx, y+step*dy)
			if nf <= f+1e-15 {
				x, y, p, f = x+step*dx, y+step*dy, np, nf
				break
			}
		}
		if step <= 1e-12 {
			break
		}
	}
	var m1, m2 float64
	for k, v := range vs {
		m1 += p[k] * v
		m2 += p[k] * v * v
	}
	if math.Abs(m1) > 1e-10 || math.Abs(m2-V) > 1e-9 {
		return nil, fmt.Errorf("no convergence (mean %g, variance %g)", m1, m2)
	}
	return p, nil
}

// ptableData holds the tables in force, as cmd/ptable wrote them.
//
//go:embed ptable.csv
var ptableData string

// FormatPTables writes tables as the data file holds them: comment lines with the
// parameters, then table,i,v,p with one line per perturbation.
func FormatPTables(ts ...*PTable) string {
	var b strings.Builder
	b.WriteString("# Perturbation tables for the cell-key method. Generated by `go run ./cmd/ptable`; do not edit.\n")
	for _, t := range ts {
		p := t.Params
		fmt.Fprintf(&b, "# %s: D=%s V=%s JS=%d Step=%d Z=%s\n", p.Name, fmtNum(p.D), fmtNum(p.V), p.JS, p.Step, fmtNum(p.Z))
	}
	b.WriteString("table,i,v,p\n")
	for _, t := range ts {
		for i, row := range t.Rows {
			for _, e := range row {
				fmt.Fprintf(&b, "%s,%d,%s,%s\n", t.Params.Name, i, fmtNum(e.V), strconv.FormatFloat(e.P, 'f', 12, 64))
			}
		}
	}
	return b.String()
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ParsePTables reads the data file's tables by name.
func ParsePTables(data string) (map[string]*PTable, error) {
	out := map[string]*PTable{}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "table,i,v,p" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			var p PTableParams
			if _, err := fmt.Sscanf(line, "# %s D=%g V=%g JS=%d Step=%d Z=%g", &p.Name, &p.D, &p.V, &p.JS, &p.Step, &p.Z); err == nil {
				p.Name = strings.TrimSuffix(p.Name, ":")
				out[p.Name] = &PTable{Params: p}
			}
			continue
		}
		f := strings.Split(line, ",")
		if len(f) != 4 {
			return nil, fmt.Errorf("ptable line %d: want 4 fields", n+1)
		}
		t := out[f[0]]
		i, err1 := strconv.Atoi(f[1])
		v, err2 := strconv.ParseFloat(f[2], 64)
		pr, err3 := strconv.ParseFloat(f[3], 64)
		if t == nil || err1 != nil || err2 != nil || err3 != nil || i != len(t.Rows) && i != len(t.Rows)-1 {
			return nil, fmt.Errorf("ptable line %d: %q", n+1, line)
		}
		if i == len(t.Rows) {
			t.Rows = append(t.Rows, nil)
		}
		ub := pr
		if k := len(t.Rows[i]); k > 0 {
			ub += t.Rows[i][k-1].UB
		}
		t.Rows[i] = append(t.Rows[i], PEntry{V: v, P: pr, UB: ub})
	}
	for name, t := range out {
		if len(t.Rows) == 0 {
			return nil, fmt.Errorf("ptable %s has no rows", name)
		}
		for _, row := range t.Rows {
			row[len(row)-1].UB = 1
		}
	}
	return out, nil
}

// CountTable and MagnitudeTable are the tables in force, read from the data file on first
// use (lazily, so that cmd/ptable can rewrite a damaged file).
func CountTable() *PTable { loadTables(); return tables.count }

// MagnitudeTable: see CountTable.
func MagnitudeTable() *PTable { loadTables(); return tables.magnitude }

// NumeratorTable: see CountTable.
func NumeratorTable() *PTable { loadTables(); return tables.numerator }

var tables struct {
	once                        sync.Once
	count, magnitude, numerator *PTable
}

func loadTables() {
	tables.once.Do(func() {
		ts, err := ParsePTables(ptableData)
		if err != nil {
			panic(err)
		}
		tables.count, tables.magnitude, tables.numerator = ts[CountTableParams.Name], ts[MagnitudeTableParams.Name], ts[NumeratorTableParams.Name]
		if tables.count == nil || tables.magnitude == nil || tables.numerator == nil {
			panic("domain/ptable.csv lacks the count, magnitude or numerator table: run go run ./cmd/ptable")
		}
	})
}
