package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// The after-release statistics (domain/statistics_after_release.go) read releases and
// follow-up points from their summary (stat_unit, migration 00830, kept by triggers) and
// transfers from their table, as intakes and exits read the cases: each row a unit with its
// record key (migration 00700). Nothing here decides what is published.

// monthsSQL is an interval of the indicator's window.
func monthsSQL(ind *domain.Indicator) string {
	return "make_interval(months => " + strconv.Itoa(ind.MonthsAfterRelease) + ")"
}

// releaseCohort is the condition on c (stat_unit, migration 00830) of the cohort of a
// per-release indicator: releases the case entered reintegration on whose window closed
// within the period (its last day, the release day plus the window, falls in it; every
// release is in exactly one month's cohort, 29 February too). The first two terms narrow by
// the index.
func releaseCohort(ind *domain.Indicator) string {
	m := monthsSQL(ind)
	return `c.entered_on IS NOT NULL
		AND c.released_on BETWEEN ($1::date - ` + m + ` - interval '3 days')::date AND ($2::date - ` + m + ` + interval '3 days')::date
		AND (c.released_on + ` + m + `)::date BETWEEN $1 AND $2`
}

// releaseCohortBase is the base query of a per-release rate: a row per release and code of
// the indicator's own dimension, num 1 when the release counts in that code's numerator,
// with the participant (pid) and their record key (pk).
func releaseCohortBase(ind *domain.Indicator, by domain.Dimension) string {
	m := monthsSQL(ind)
	var codes []string
	for _, c := range domain.FixedCodes[ind.Own] {
		codes = append(codes, "('"+c+"')")
	}
	var num string
	switch ind.Own {
	case domain.DimOffenceGroup:
		// The first charge or conviction of the code's ICCS group (domain.InOffenceGroup)
		// dated from the release and not after a recall, kept on the unit, within the window.
		num = `CASE g.code WHEN '` + domain.OffenceGroupTerrorism + `' THEN c.offence_terror
			WHEN '` + domain.OffenceGroupViolent + `' THEN c.offence_violent ELSE c.offence_any END <= (c.released_on + ` + m + `)::date`
	default: // recall reason
		num = `c.recalled_on <= (c.released_on + ` + m + `)::date AND (g.code = '` + domain.RecallAny + `' OR c.recall_reason = g.code)`
	}
	return `SELECT ` + breakdownColumns(by, "c") + `, c.rkey AS rk, g.code AS k, 1 AS w, CASE WHEN ` + num + ` THEN 1 ELSE 0 END AS num,
			c.participant_id AS pid, c.pkey AS pk
		FROM stat_unit c CROSS JOIN (VALUES ` + strings.Join(codes, ", ") + `) g(code)
		WHERE c.kind = 'release' AND SCOPE AND ` + releaseCohort(ind)
}

// cohortCells counts a per-release rate: the releases of the cohort are read one by one,
// once per code of the indicator's own dimension, and counted in Go (domain.CountCohort),
// as the follow-up coverage is, since the people behind each cell are part of the figure.
func cohortCells(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, by domain.Dimension, dims []domain.Dimension, scope string, args []any) ([]*domain.Cell, error) {
	from := "base"
	if by == domain.DimCategory {
		from += unnestCategories
	}
	sql := "WITH base AS (" + strings.ReplaceAll(releaseCohortBase(ind, by), "SCOPE", "("+scope+" AND $1::date <= $2::date)") +
		") SELECT k, (" + dimExpr(by, false) + ")::text, pid, pk, rk, num FROM " + from
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var units []domain.CohortUnit
	var own string
	var code *string
	var pk, rk int64
	var num int32
	var u domain.CohortUnit
	_, err = pgx.ForEachRow(rows, []any{&own, &code, &u.Person, &pk, &rk, &num}, func() error {
		u.Keys = []string{own}
		switch {
		case by == "":
		case code == nil:
			u.Keys = append(u.Keys, "unknown")
		default:
			u.Keys = append(u.Keys, *code)
		}
		u.PersonKey, u.Key, u.Hit = uint32(pk), uint32(rk), num == 1
		units = append(units, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return domain.CountCohort(units, groupingSetPositions(dims)), nil
}

// transfersBase is the base query of transfers: a row per accepted transfer dated in the
// period and direction, under the facility it came to (in) or left (out), which is the
// facility the caller's scope is judged on.
func transfersBase(by domain.Dimension) string {
	from := `FROM (SELECT t.rkey, d.dir, CASE WHEN d.dir = 'in' THEN t.to_facility_id ELSE t.from_facility_id END AS facility_id,
			k.country, k.programme_id, k.participant_id, k.opened_on
		FROM transfers t JOIN cases k ON k.id = t.case_id CROSS JOIN (VALUES ('in'), ('out')) d(dir)
		WHERE t.status = 'accepted' AND t.transfer_on BETWEEN $1 AND $2) c`
	if needsParticipant(by) {
		from += ` JOIN participants pt ON pt.id = c.participant_id`
	}
	return `SELECT ` + breakdownColumns(by, "pt") + `, c.rkey AS rk, c.dir AS k, 1 AS w, NULL::int AS num ` + from + ` WHERE SCOPE`
}

// followUpCells counts the follow-up points an outcome indicator rests on (domain
// FollowUpBasis), by status on the period's last day, per code of the breakdown: the
// points, their key sum, the people behind them and theirs. The points are read one by one
// and counted in Go (domain.CountFollowUps): counting the people of nine statuses in SQL
// took nine pairs of count(DISTINCT), or two passes of as many aggregates, over a year's
// points (120–160 ms of CPU at 100,000 cases against about 40 to read them).
func followUpCells(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, by domain.Dimension, scope string, args []any) (map[string]domain.FollowUpCells, error) {
	rows, err := tx.Query(ctx, followUpSQL(ind, by, scope), args...)
	if err != nil {
		return nil, err
	}
	var points []domain.CoveredPoint
	var code *string
	var pk, rk int64
	var p domain.CoveredPoint
	_, err = pgx.ForEachRow(rows, []any{&code, &p.Person, &pk, &rk, &p.Status, &p.Reason}, func() error {
		p.Code, p.PersonKey, p.Key = "", uint32(pk), uint32(rk)
		switch {
		case by == "":
		case code == nil:
			p.Code = "unknown"
		default:
			p.Code = *code
		}
		points = append(points, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return domain.CountFollowUps(points, by), nil
}

// followUpSQL is the query of followUpCells: a row per point (and code of the breakdown, for
// one whose codes overlap) with its participant, both keys and how it stood on the period's
// last day.
func followUpSQL(ind *domain.Indicator, by domain.Dimension, scope string) string {
	var which string
	switch ind.FollowUp {
	case domain.FollowUpReleaseWindow:
		which = releaseCohort(ind) + ` AND c.months <= ` + strconv.Itoa(ind.MonthsAfterRelease)
	case domain.FollowUpCaseRelease:
		// The cohort of the case-level indicators: cases by their latest release.
		m := monthsSQL(ind)
		which = `c.latest AND c.released_on BETWEEN ($1::date - ` + m + `)::date AND ($2::date - ` + m + `)::date AND c.months <= ` + strconv.Itoa(ind.MonthsAfterRelease)
	default:
		which = `c.due_on BETWEEN $1 AND $2`
	}
	base := `SELECT ` + breakdownColumns(by, "c") + `, c.rkey AS rk, c.participant_id AS pid, c.pkey AS pk,
			CASE WHEN c.status <> 'open' AND c.closed_on <= $2 THEN c.status ELSE 'open' END AS st,
			CASE WHEN c.status = 'not_reached' AND c.closed_on <= $2 THEN c.why ELSE '' END AS why
		FROM stat_unit c WHERE c.kind = 'point' AND ` + which + ` AND ` + scope
	from := "base"
	if by == domain.DimCategory {
		from += unnestCategories
	}
	return "WITH base AS (" + base + ") SELECT (" + dimExpr(by, false) + ")::text, pid, pk, rk, st, why FROM " + from
}
