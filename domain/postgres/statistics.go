package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Statistics are computed from summaries that database triggers keep current in the
// transaction of every write: the attendance indicators from monthly summaries
// (statistics_attendance.go), the case-level ones from per-case facts and their monthly
// flows (migrations 00240, 00260, 00560), the medians from histograms of those facts
// (statistics_median.go); intakes and exits read the cases themselves. What leaves here is,
// per cell, the units counted and the sum of their record keys (migration 00560), from which
// domain.Release makes the published figure; nothing here decides what is published.
//
// Each case-level indicator is a "base" query yielding rows of counted things with a weight
// w (1 for a fact, the signed count for a flow), the record keys they add rk (the fact's
// key, the flow's signed key sum), num (1 when the row counts in a rate's numerator) and
// the breakdown columns; one generic wrapper groups it by the requested dimensions with
// GROUPING SETS, so margins come from the same scan.

// breakdownColumns are the columns every base query yields for the breakdowns (fac, prog,
// gender, ageb, cats) over c, or over pt for the participant's own where the rows are cases;
// only the one by asks for is computed, the others are NULL (PostgreSQL does not drop unused
// columns of these subqueries: computing them all doubled a median's time).
func breakdownColumns(by domain.Dimension, participant string) string {
	fac, prog, gender, ageb, cats, lb := "NULL::uuid", "NULL::uuid", "NULL::text", "NULL::text", "NULL::text[]", "NULL::text"
	switch by {
	case domain.DimLegalBasis:
		// Offered only where the rows are cases (domain's case flow breakdowns).
		lb = "c.legal_basis"
	case domain.DimFacility:
		fac = "c.facility_id"
	case domain.DimProgramme:
		prog = "c.programme_id"
	case domain.DimGender:
		gender = participant + ".gender"
	case domain.DimAgeBand:
		ageb = "stat_age_band(" + participant + ".birth_year, extract(year FROM c.opened_on)::int)"
	case domain.DimCategory:
		cats = participant + ".categories"
	}
	return fac + " AS fac, " + prog + " AS prog, " + gender + " AS gender, " + ageb + " AS ageb, " + cats + " AS cats, " + lb + " AS lb"
}

// needsParticipant reports whether a breakdown reads the participant's own columns.
func needsParticipant(by domain.Dimension) bool {
	return by == domain.DimGender || by == domain.DimAgeBand || by == domain.DimCategory
}

// statCasesFrom is the FROM of the base queries over cases, with the participant when needed.
func statCasesFrom(by domain.Dimension) string {
	if needsParticipant(by) {
		return `FROM cases c JOIN participants pt ON pt.id = c.participant_id`
	}
	return `FROM cases c`
}

// factColumns are the breakdown columns over stat_fact, whose rows carry them, with the
// fact's key.
func factColumns(by domain.Dimension) string { return breakdownColumns(by, "c") + ", c.rkey AS rk" }

// baseQuery returns the indicator's base query; SCOPE is replaced by the caller's scope
// condition over c. $1 is the period's first day, $2 its last.
func baseQuery(ind *domain.Indicator, by domain.Dimension) (string, error) {
	switch ind.ID {
	case "active_cases":
		// Spans covering the last day: the flows of the regular ones begun by then, net of
		// those ended, and the irregular ones one by one (migrations 00240 and 00260).
		return flowRows(by, `c.ks AS rk, c.code AS k, c.n AS w, NULL::int AS num`, `c.kind = 'span' AND c.month <= $2`) + `
			UNION ALL SELECT ` + factColumns(by) + `, c.code AS k, 1 AS w, NULL::int AS num FROM stat_fact c
			WHERE c.kind = 'span' AND c.multi AND SCOPE AND c.d1 <= $2 AND (c.d2 IS NULL OR c.d2 > $2)`, nil
	case "intakes":
		return `SELECT ` + breakdownColumns(by, "pt") + `, c.rkey AS rk, NULL::text AS k, 1 AS w, NULL::int AS num ` + statCasesFrom(by) + `
			WHERE SCOPE AND c.opened_on BETWEEN $1 AND $2`, nil
	case "exits":
		return `SELECT ` + breakdownColumns(by, "pt") + `, c.rkey AS rk, c.closure_reason AS k, 1 AS w, NULL::int AS num ` + statCasesFrom(by) + `
			WHERE SCOPE AND c.closed_on BETWEEN $1 AND $2`, nil
	case "milestone_days":
		return `SELECT ` + factColumns(by) + `, c.code AS k, c.v AS v FROM stat_fact c
			WHERE c.kind = 'msday' AND SCOPE AND c.d1 BETWEEN $1 AND $2`, nil
	case "risk_change":
		// The final assessment that was the latest on the last day, if it was made in the period.
		return `SELECT ` + factColumns(by) + `, c.code AS k, 1 AS w, NULL::int AS num FROM stat_fact c
			WHERE c.kind = 'risk' AND SCOPE AND c.d1 BETWEEN $1 AND $2 AND (c.d2 IS NULL OR c.d2 > $2)`, nil
	case "time_in_phase":
		// The stays that ended in the period.
		return `SELECT ` + factColumns(by) + `, c.code AS k, c.v AS v FROM stat_fact c
			WHERE c.kind = 'stay' AND SCOPE AND c.d1 BETWEEN $1 AND $2`, nil
	case "outcome_housing", "outcome_work_education", "outcome_family_contact":
		// The follow-up that was the latest on the last day, if it was held in the period
		// (migration 00240).
		return `SELECT ` + factColumns(by) + `, c.code AS k, 1 AS w, NULL::int AS num FROM stat_fact c
			WHERE c.kind = 'fu_` + strings.TrimPrefix(ind.ID, "outcome_") + `' AND SCOPE AND c.d1 BETWEEN $1 AND $2 AND (c.d2 IS NULL OR c.d2 > $2)`, nil
	case "reentries":
		return `SELECT ` + breakdownColumns(by, "pt") + `, c.rkey AS rk, NULL::text AS k, 1 AS w, NULL::int AS num ` + statCasesFrom(by) + `
			WHERE SCOPE AND c.opened_on BETWEEN $1 AND $2 AND c.previous_case_id IS NOT NULL`, nil
	case "transfers":
		return transfersBase(by), nil
	}
	if ind.PerRelease {
		return releaseCohortBase(ind, by), nil
	}
	switch ind.ID {
	case "reoffending_12m", "reoffending_24m":
		// Cases released in the period shifted back by the window, and whether their first
		// charge or conviction after release (d2) came within it.
		months := "make_interval(months => " + strconv.Itoa(ind.MonthsAfterRelease) + ")"
		return `SELECT ` + factColumns(by) + `, NULL::text AS k, 1 AS w,
			CASE WHEN c.d2 <= c.d1 + ` + months + ` THEN 1 ELSE 0 END AS num FROM stat_fact c
			WHERE c.kind = 'release' AND SCOPE AND c.d1 BETWEEN ($1::date - ` + months + `)::date AND ($2::date - ` + months + `)::date`, nil
	}
	return "", fmt.Errorf("indicator %s has no query", ind.ID)
}

// dimExpr is the SQL for a dimension over the base query's columns.
func dimExpr(d domain.Dimension, own bool) string {
	if own {
		return "k"
	}
	switch d {
	case domain.DimFacility:
		return "fac"
	case domain.DimProgramme:
		return "prog"
	case domain.DimGender:
		return "gender"
	case domain.DimAgeBand:
		return "ageb"
	case domain.DimCategory:
		return "cat.d"
	case domain.DimLegalBasis:
		return "lb"
	}
	return "NULL::text"
}

// keySum is the SQL reducing a sum of record keys to a cell key's range (the sum itself
// may exceed a bigint's over a large cell; its remainder never does). It sums in numeric,
// which takes any bigint: the summaries' key sums are sums already.
func keySum(expr string) string { return "(coalesce(sum(" + expr + "), 0) % 4294967296)::bigint" }

// unitKeySum is keySum over single record keys (0 ≤ key < 2^32), with an optional FILTER
// condition: it adds the keys shifted into int's range, which PostgreSQL sums in bigint
// (a sum of the bigint keys goes through numeric, a third of a median's time), and shifts
// the sum back by as many halves of the range as keys were added.
func unitKeySum(expr, filter string) string {
	f := ""
	if filter != "" {
		f = " FILTER (WHERE " + filter + ")"
	}
	return "((coalesce(sum(((" + expr + ") - 2147483648)::int)" + f + ", 0) + count(" + expr + ")" + f + " * 2147483648) % 4294967296)::bigint"
}

// statScope renders which cases the caller's statistics cover, and describes it.
func statScope(p *domain.Principal, country string, args *[]any) (string, string, error) {
	role := p.ActingRole
	if role != domain.RoleSupervisor && role != domain.RoleNationalAuthority {
		return "", "", domain.Errorf(domain.CodeForbidden, "statistics are for supervisors and national authorities")
	}
	cond := scopeFilter(p, role, "c.country", "c.facility_id", args)
	desc := p.ScopeString()
	if country != "" {
		ok := false
		for _, s := range p.Scopes(role) {
			if s.Kind == domain.ScopeGlobal || s.Country == country {
				ok = true
			}
		}
		if !ok {
			return "", "", domain.Errorf(domain.CodeForbidden, "your scope does not cover country %s", country)
		}
		*args = append(*args, country)
		cond = "(" + cond + " AND c.country = $" + strconv.Itoa(len(*args)) + ")"
		desc += ";country:" + country
	}
	return cond, desc, nil
}

// Statistic answers one indicator for the caller's scope, before disclosure control: the
// figures first published for its cells (publishOnce), computed now for those never asked
// for before. Returns Forbidden if the caller's role has no statistics or its scope does not
// cover the country asked for.
func (db *DB) Statistic(ctx context.Context, p *domain.Principal, q domain.StatQuery) (domain.StatData, error) {
	var out domain.StatData
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if out, err = computeStatistic(ctx, tx, p, q); err != nil {
			return err
		}
		if err := publishOnce(ctx, tx, p, q, &out); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "statistics.read", "statistics", q.Indicator.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"from": q.From.Format("2006-01-02"), "to": q.To.Format("2006-01-02"), "by": string(q.By), "country": q.Country})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// computeStatistic computes one indicator from the records as they stand.
func computeStatistic(ctx context.Context, tx pgx.Tx, p *domain.Principal, q domain.StatQuery) (domain.StatData, error) {
	var out domain.StatData
	ind := q.Indicator
	args := []any{q.From, q.To}
	scope, desc, err := statScope(p, q.Country, &args)
	if err != nil {
		return out, err
	}
	out.Scope = desc
	out.Dims = ind.Dimensions(q.By)
	if err := statSettings(ctx, tx); err != nil {
		return out, err
	}
	switch {
	case attendanceIndicators[ind.ID]:
		out.Cells, err = attendanceCells(ctx, tx, ind, q, scope, args)
	case ind.Measure == domain.MeasureMedian:
		out.Cells, err = medianCells(ctx, tx, ind, q, scope, args)
	case ind.PerRelease:
		out.Cells, err = cohortCells(ctx, tx, ind, q.By, out.Dims, scope, args)
	default:
		sql, serr := statisticSQL(ind, q.By, out.Dims, scope)
		if serr != nil {
			return out, domain.Internal(serr)
		}
		out.Cells, err = scanStatCells(ctx, tx, out.Dims, sql, args, ind.ID == "milestone_attainment")
	}
	if err != nil {
		return out, err
	}
	if ind.FollowUp != domain.FollowUpNone {
		if out.FollowUp, err = followUpCells(ctx, tx, ind, q.By, scope, args); err != nil {
			return out, err
		}
	}
	out.Codes, err = dimensionCodes(ctx, tx, out.Dims, scope, args)
	return out, err
}

// scanStatCells runs an indicator's grouped query, whose rows are (code, grouping) per
// dimension, then the units and their key sum, then the numerator's, and with base the
// cases a rate is judged on (where they are not its denominator's units).
func scanStatCells(ctx context.Context, tx pgx.Tx, dims []domain.Dimension, sql string, args []any, base bool) ([]*domain.Cell, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Cell
	for rows.Next() {
		keys := make([]*string, len(dims))
		grouped := make([]int32, len(dims))
		dest := []any{}
		for i := range dims {
			dest = append(dest, &keys[i], &grouped[i])
		}
		var n, ks, hn, hks, bn, bks int64
		dest = append(dest, &n, &ks, &hn, &hks)
		if base {
			dest = append(dest, &bn, &bks)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		c := &domain.Cell{Units: domain.Units{N: n, Key: domain.KeyOf(ks)}, Hit: domain.Units{N: hn, Key: domain.KeyOf(hks)}}
		if base {
			c.People, c.HasPeople = domain.Units{N: bn, Key: domain.KeyOf(bks)}, true
		}
		for i := range dims {
			switch {
			case grouped[i] == 1:
				c.Keys = append(c.Keys, domain.TotalCode)
			case keys[i] == nil:
				c.Keys = append(c.Keys, "unknown")
			default:
				c.Keys = append(c.Keys, *keys[i])
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// statisticSQL is the query for an indicator: the base query wrapped by the generic
// grouping, or a cheaper equivalent for milestone attainment.
func statisticSQL(ind *domain.Indicator, by domain.Dimension, dims []domain.Dimension, scope string) (string, error) {
	return groupedSQL(ind, by, dims, "("+scope+" AND $1::date <= $2::date)")
}

// unnestCategories makes a row per category a participant holds ('none' for none).
const unnestCategories = ` CROSS JOIN LATERAL unnest(CASE WHEN cardinality(cats) = 0 THEN ARRAY['none'] ELSE cats END) AS cat(d)`

func groupedSQL(ind *domain.Indicator, by domain.Dimension, dims []domain.Dimension, scope string) (string, error) {
	if ind.ID == "milestone_attainment" {
		return milestoneAttainmentSQL(by, scope), nil
	}
	base, err := baseQuery(ind, by)
	if err != nil {
		return "", err
	}
	var exprs []string
	for i, d := range dims {
		exprs = append(exprs, dimExpr(d, i == 0 && ind.Own != ""))
	}
	from := "base"
	if by == domain.DimCategory {
		from += unnestCategories
	}
	sel := []string{}
	for _, e := range exprs {
		sel = append(sel, "("+e+")::text", "GROUPING("+e+")")
	}
	if ind.ID == "active_cases" {
		// Flows carry key sums, which need numeric.
		sel = append(sel, "coalesce(sum(w), 0)::bigint", keySum("rk"), "0::bigint", "0::bigint")
	} else if ind.Measure == domain.MeasureRate {
		sel = append(sel, "coalesce(sum(w), 0)::bigint", unitKeySum("rk", ""),
			"coalesce(sum(w) FILTER (WHERE num = 1), 0)::bigint", unitKeySum("rk", "num = 1"))
	} else {
		sel = append(sel, "coalesce(sum(w), 0)::bigint", unitKeySum("rk", ""), "0::bigint", "0::bigint")
	}
	sql := "WITH base AS (" + strings.ReplaceAll(base, "SCOPE", scope) + ") SELECT " + strings.Join(sel, ", ") + " FROM " + from
	if len(exprs) > 0 {
		sql += " GROUP BY GROUPING SETS (" + groupingSets(dims, exprs) + ")"
	}
	return sql, nil
}

// milestoneAttainmentSQL computes milestone_attainment as the generic wrapper would over one
// row per (case open in the period, milestone in use), without making those rows: the
// denominator depends only on the breakdown, so it is counted once over the cases (cs), the
// numerator over the pairs reached (r). The total over milestones is a rate over pairs:
// its denominator is each case once per milestone in use (so its key is the cases' key as
// many times). Same columns as the wrapper, then the cases themselves, which every rate
// of the table, the total's included, is judged on (domain.Cell.People).
func milestoneAttainmentSQL(by domain.Dimension, scope string) string {
	rows := func(kind, in, out, extra string) string { return openInPeriod(by, scope, kind, in, out, extra) }
	// b is the breakdown's code (NULL when none) and gb 1 on its total; caseSets group one
	// row per case, pairSets one per (case, milestone).
	b, gb, unnest, caseSets, pairSets := "NULL::text", "1", "", "", "(c.code), ()"
	if by != "" {
		e := dimExpr(by, false)
		b, gb = "("+e+")::text", "GROUPING("+e+")"
		if by == domain.DimCategory {
			unnest = unnestCategories
		}
		if by.MultiValued() {
			caseSets, pairSets = "("+e+")", "(c.code, "+e+"), ("+e+")"
		} else {
			caseSets, pairSets = "("+e+"), ()", "(c.code, "+e+"), (c.code), ("+e+"), ()"
		}
	}
	perCase := `SELECT ` + b + ` AS b, ` + gb + ` AS gb, coalesce(sum(w), 0) AS n, coalesce(sum(rk), 0) AS ks FROM cs c` + unnest
	if caseSets != "" {
		perCase += ` GROUP BY GROUPING SETS (` + caseSets + `)`
	}
	sel := `k.code, k.total`
	if by != "" {
		sel += `, den.b, den.gb`
	}
	return `WITH cs AS (` + rows("case", "open", "close", "") + `),
		r AS (` + rows("reach", "reach", "reachclose", ` AND c.d1 <= $2`) + `),
		codes AS (SELECT code, 0 AS total FROM milestone_definitions WHERE retired_at IS NULL),
		nmd AS (SELECT count(*) AS n FROM codes),
		den AS (` + perCase + `),
		num AS (SELECT c.code AS k, GROUPING(c.code) AS gk, ` + b + ` AS b, ` + gb + ` AS gb, coalesce(sum(w), 0) AS n, coalesce(sum(rk), 0) AS ks
			FROM r c` + unnest + ` GROUP BY GROUPING SETS (` + pairSets + `))
		SELECT ` + sel + `,
			(den.n * CASE WHEN k.total = 1 THEN nmd.n ELSE 1 END)::bigint,
			((den.ks * CASE WHEN k.total = 1 THEN nmd.n ELSE 1 END) % 4294967296)::bigint,
			coalesce(num.n, 0)::bigint, (coalesce(num.ks, 0) % 4294967296)::bigint,
			den.n::bigint, (den.ks % 4294967296)::bigint
		FROM den CROSS JOIN nmd
		CROSS JOIN (SELECT code, total FROM codes UNION ALL SELECT NULL, 1 FROM nmd WHERE n > 0) k
		LEFT JOIN num ON num.k IS NOT DISTINCT FROM k.code AND num.gk = k.total
			AND num.b IS NOT DISTINCT FROM den.b AND num.gb = den.gb`
}

// openInPeriod are the case facts of a kind (case or reach) of cases open at some time in
// the period, as rows of the wrapper's shape with a code, a weight w and a key sum rk: the
// flows of the regular facts in by the last day (in), less those of cases closed before
// the first day (out), and the irregular facts one by one; extra narrows the irregular
// ones as the flows are narrowed.
func openInPeriod(by domain.Dimension, scope, kind, in, out, extra string) string {
	sql := flowRows(by, `c.ks AS rk, c.code, c.n AS w`, `(c.kind = '`+in+`' AND c.month <= $2)`) + `
		UNION ALL ` + flowRows(by, `-c.ks AS rk, c.code, -c.n AS w`, `(c.kind = '`+out+`' AND c.month < $1)`) + `
		UNION ALL SELECT ` + factColumns(by) + `, c.code, 1 AS w FROM stat_fact c WHERE c.kind = '` + kind + `' AND ` + irregular + `
		AND SCOPE AND c.opened_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $1)` + extra
	return strings.ReplaceAll(sql, "SCOPE", scope)
}

// irregular are the case facts the flows leave out (migration 00260), read one by one: those
// of participants with several cases, and those dated after their case's closure.
const irregular = `(c.multi OR (c.closed_on IS NOT NULL AND greatest(c.d1, c.opened_on) > c.closed_on))`

// flowRows reads the monthly flows (migrations 00260, 00560) matching cond over the caller's
// scope (SCOPE) as rows of the wrapper's shape: the breakdown column by needs filled from
// the flow's code, then the given columns (beginning with rk, the key sum the row adds:
// the flow's signed one, ks, or its opposite where the flow is subtracted). The flows are of
// regular facts only: never multi, each of its n a distinct case.
func flowRows(by domain.Dimension, cols, cond string) string {
	dim, prog, gender, ageb, cats := "", "NULL::uuid", "NULL::text", "NULL::text", "NULL::text[]"
	switch by {
	case domain.DimProgramme:
		dim, prog = "programme", "c.dcode::uuid"
	case domain.DimGender:
		dim, gender = "gender", "c.dcode"
	case domain.DimAgeBand:
		dim, ageb = "age_band", "c.dcode"
	case domain.DimCategory:
		dim, cats = "category", "ARRAY[c.dcode]"
	}
	return `SELECT c.facility_id AS fac, ` + prog + ` AS prog, ` + gender + ` AS gender, ` + ageb + ` AS ageb, ` + cats + ` AS cats, NULL::text AS lb, ` +
		cols + ` FROM stat_flow_all c WHERE c.dim = '` + dim + `' AND ` + cond + ` AND SCOPE`
}

// statSettings tunes the statistics transaction. The planner's cost estimates for these
// queries are high enough to trigger JIT compilation, which alone costs more than the query
// (seconds at 100,000 cases); hashing tens of thousands of rows spills to disk at the
// default 4 MB of work memory; and after five runs of a prepared statement PostgreSQL may
// switch to a generic plan, made without the period's dates, which took a median from 60 to
// 190 ms at 100,000 cases (it guessed 1,600 facts for 88,000): these queries are planned
// with their parameters every time, which costs a millisecond or two. They run without
// parallel workers: a parallel index-only scan hands out index pages one at a time, and with
// more processes than free cores (two workers and the leader on this project's 2 cores, with
// other work running) each waits on the others. The national medians of a year at 100,000
// cases (BenchmarkStatistics, the two ways in turn, twice, at load 3.6 to 4.1): time in phase
// 197-213 ms p50 in parallel, 39-48 in one process; milestone days 221-241 and 54-77. The
// medians by facility, which the planner did not run in parallel, were unchanged. A request's
// fair share of this machine is one core.
func statSettings(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
		set_config('plan_cache_mode', 'force_custom_plan', true), set_config('max_parallel_workers_per_gather', '0', true)`)
	return err
}

// groupingSets lists the cells and the margins that add up: no total is taken across a
// dimension where one participant counts under several codes.
func groupingSets(dims []domain.Dimension, exprs []string) string {
	var sets []string
	for _, set := range groupingSetPositions(dims) {
		var l []string
		for _, i := range set {
			l = append(l, exprs[i])
		}
		sets = append(sets, "("+strings.Join(l, ", ")+")")
	}
	return strings.Join(sets, ", ")
}

// groupingSetPositions are the grouping sets as the positions of the dimensions each keeps.
func groupingSetPositions(dims []domain.Dimension) [][]int {
	if len(dims) == 1 {
		if dims[0].MultiValued() {
			return [][]int{{0}}
		}
		return [][]int{{0}, {}}
	}
	sets := [][]int{{0, 1}}
	if !dims[1].MultiValued() {
		sets = append(sets, []int{0})
	}
	if !dims[0].MultiValued() {
		sets = append(sets, []int{1})
	}
	if !dims[0].MultiValued() && !dims[1].MultiValued() {
		sets = append(sets, []int{})
	}
	return sets
}

// dimensionCodes lists every code of each dimension, so that a cell nobody falls into is
// shown as a zero rather than left out: the fixed lists (categories included), and the
// catalogues' entries and the facilities and programmes of the scope, never only the codes
// that occur in the figures.
func dimensionCodes(ctx context.Context, tx pgx.Tx, dims []domain.Dimension, scope string, args []any) (map[domain.Dimension][]domain.DimCode, error) {
	out := map[domain.Dimension][]domain.DimCode{}
	for _, d := range dims {
		if fixed, ok := domain.FixedCodes[d]; ok {
			for _, c := range fixed {
				out[d] = append(out[d], domain.DimCode{Code: c, Label: strings.ReplaceAll(c, "_", " ")})
			}
			continue
		}
		var sql string
		qargs := args
		switch d {
		case domain.DimFacility:
			sql = `SELECT c.id::text, c.name FROM facilities c WHERE ` + strings.ReplaceAll(strings.ReplaceAll(scope, "c.facility_id", "c.id"), "c.country", "c.country") + ` ORDER BY c.name`
		case domain.DimProgramme:
			sql = `SELECT g.id::text, g.name FROM programmes g WHERE EXISTS (SELECT 1 FROM facilities c WHERE c.country = g.country AND ` +
				strings.ReplaceAll(scope, "c.facility_id", "c.id") + `) ORDER BY g.name`
		case domain.DimClosureReason:
			sql, qargs = `SELECT code, name FROM closure_reasons ORDER BY code`, nil
		case domain.DimInterventionType:
			sql, qargs = `SELECT code, name FROM intervention_types ORDER BY code`, nil
		case domain.DimPractice:
			sql, qargs = `SELECT code, title FROM practices ORDER BY number`, nil
		case domain.DimMilestone:
			sql, qargs = `SELECT code, name FROM milestone_definitions WHERE retired_at IS NULL ORDER BY code`, nil
		default:
			continue
		}
		if qargs != nil {
			// $1 and $2 are the period; unused placeholders still need a type.
			sql = "SELECT * FROM (" + sql + ") q WHERE $1::date IS NOT NULL AND $2::date IS NOT NULL"
		}
		rows, err := tx.Query(ctx, sql, qargs...)
		if err != nil {
			return nil, err
		}
		codes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.DimCode, err error) {
			err = r.Scan(&c.Code, &c.Label)
			return c, err
		})
		if err != nil {
			return nil, err
		}
		out[d] = codes
	}
	return out, nil
}
