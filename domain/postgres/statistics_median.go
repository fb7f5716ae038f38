package postgres

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// The median indicators (time in phase, milestone days) are answered from histograms: the
// database counts the facts of the period per cell and whole number of days, hashing them
// (with the sum of their record keys), and the medians of the cells and their margins are
// read off the added-up histograms here.
// PostgreSQL 15 can only sort for a median, once per grouping and again per group, which at
// a year of a country's milestones cost more than the 200 ms target.

// medianAcc adds up one cell: its histogram, and the values it counts with their key sum.
type medianAcc struct {
	keys []string
	hist map[float64]int
	n    int64
	ks   int64
}

// medianCells computes a median indicator's cells, each margin that adds up included, from
// per-cell histograms of whole days (see the comment on medianSQL).
func medianCells(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, q domain.StatQuery, scope string, args []any) ([]*domain.Cell, error) {
	sql, err := medianSQL(ind, q.By, scope)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	acc := newMedianCells(medianGroupings(ind.Dimensions(q.By), q.By != ""), q.By != "")
	for rows.Next() {
		var k, bk *string
		var days, counts []int32
		var ks int64
		if err := rows.Scan(&k, &bk, &days, &counts, &ks); err != nil {
			return nil, err
		}
		acc.add(k, bk, days, counts, ks)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return acc.cells(), nil
}

// medianSQL counts the values of the indicator's base query per own code, breakdown code and
// whole day. Counts only, grouped on the raw keys, so that the groups hash in little memory
// (an array per group, or text keys, made PostgreSQL sort 120,000 rows instead); then one row
// per cell with its histogram as two arrays, which cross to Go far faster than a row per day
// (18,000 of them for a year's milestones by facility). The keys are summed shifted into
// int's range (see unitKeySum) and shifted back per group.
func medianSQL(ind *domain.Indicator, by domain.Dimension, scope string) (string, error) {
	base, err := baseQuery(ind, by)
	if err != nil {
		return "", err
	}
	b, from := "NULL::text", "("+strings.ReplaceAll(base, "SCOPE", "("+scope+" AND $1::date <= $2::date)")+") base"
	if by != "" {
		b = "(" + dimExpr(by, false) + ")"
		if by == domain.DimCategory {
			from += unnestCategories
		}
	}
	return `SELECT k, b, array_agg(d ORDER BY d), array_agg(n ORDER BY d), (sum(ks) % 4294967296)::bigint FROM (
			SELECT k::text AS k, ` + b + `::text AS b, v::int AS d, count(*)::int AS n,
				(coalesce(sum((rk - 2147483648)::int), 0) + count(*) * 2147483648) % 4294967296 AS ks
			FROM ` + from + ` GROUP BY k, ` + b + `, v::int) h GROUP BY k, b`, nil
}

// medianGrouping says which codes a grouping keeps: the own code (k) and the breakdown's (b).
type medianGrouping struct{ k, b bool }

// medianGroupings are the groupings the wrapper would make (groupingSets): each cell, and
// the margins that add up.
func medianGroupings(dims []domain.Dimension, hasBy bool) []medianGrouping {
	sets := []medianGrouping{{true, hasBy}}
	if !hasBy {
		if !dims[0].MultiValued() {
			sets = append(sets, medianGrouping{false, false})
		}
		return sets
	}
	if !dims[1].MultiValued() {
		sets = append(sets, medianGrouping{true, false})
	}
	if !dims[0].MultiValued() {
		sets = append(sets, medianGrouping{false, true})
	}
	if !dims[0].MultiValued() && !dims[1].MultiValued() {
		sets = append(sets, medianGrouping{false, false})
	}
	return sets
}

// medianCellID names a cell by its own code and breakdown code.
type medianCellID struct{ k, b string }

// medianCellSet adds histogram rows up into the cells of every grouping, in first-seen order.
type medianCellSet struct {
	sets  []medianGrouping
	hasBy bool
	byID  map[medianCellID]*medianAcc
	order []medianCellID
}

func newMedianCells(sets []medianGrouping, hasBy bool) *medianCellSet {
	return &medianCellSet{sets: sets, hasBy: hasBy, byID: map[medianCellID]*medianAcc{}}
}

// add counts one row's histogram into every cell it falls in.
func (m *medianCellSet) add(k, bk *string, days, counts []int32, ks int64) {
	var n int64
	for _, c := range counts {
		n += int64(c)
	}
	for _, s := range m.sets {
		id := medianCellID{keyOrTotal(k, s.k), keyOrTotal(bk, s.b)}
		c, ok := m.byID[id]
		if !ok {
			keys := []string{id.k}
			if m.hasBy {
				keys = append(keys, id.b)
			}
			c = &medianAcc{keys: keys, hist: map[float64]int{}}
			m.byID[id] = c
			m.order = append(m.order, id)
		}
		for i, d := range days {
			c.hist[float64(d)] += int(counts[i])
		}
		c.n += n
		c.ks += ks
	}
}

// cells are the cells with their medians.
func (m *medianCellSet) cells() []*domain.Cell {
	out := make([]*domain.Cell, 0, len(m.order))
	for _, id := range m.order {
		c := m.byID[id]
		med, _ := median(c.hist)
		out = append(out, &domain.Cell{Keys: c.keys, Units: domain.Units{N: c.n, Key: domain.KeyOf(c.ks)}, Median: med})
	}
	return out
}

// keyOrTotal is a cell's code in a grouping: the total code where the grouping drops the
// dimension, "unknown" where the fact has none (as scanStatCells names them).
func keyOrTotal(k *string, kept bool) string {
	switch {
	case !kept:
		return domain.TotalCode
	case k == nil:
		return "unknown"
	}
	return *k
}

// median is PostgreSQL's percentile_cont(0.5) over the values a histogram counts: the
// middle value, or halfway between the two middle ones.
func median(hist map[float64]int) (float64, bool) {
	n := 0
	values := make([]float64, 0, len(hist))
	for v, c := range hist {
		if c > 0 {
			values = append(values, v)
			n += c
		}
	}
	if n == 0 {
		return 0, false
	}
	sort.Float64s(values)
	pos := 0.5 * float64(n-1)
	lo, hi := int(math.Floor(pos)), int(math.Ceil(pos))
	at := func(rank int) float64 {
		for _, v := range values {
			if rank < hist[v] {
				return v
			}
			rank -= hist[v]
		}
		return values[len(values)-1]
	}
	x, y := at(lo), at(hi)
	return x + (y-x)*(pos-float64(lo)), true
}
