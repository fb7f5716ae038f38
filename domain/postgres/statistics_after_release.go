package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// The after-release statistics (domain/statistics_after_release.go) read the releases,
// follow-up points and transfers themselves, as intakes and exits read the cases: each row
// a unit with its record key (migration 00700). Nothing here decides what is published.

// monthsSQL is an interval of the indicator's window.
func monthsSQL(ind *domain.Indicator) string {
	return "make_interval(months => " + strconv.Itoa(ind.MonthsAfterRelease) + ")"
}

// releaseCohort is the condition on r (releases) of the cohort of a per-release indicator:
// releases the case entered reintegration on whose window closed within the period (its
// last day, the release day plus the window, falls in it; every release is in exactly one
// month's cohort, 29 February too). The first two terms narrow by the index.
func releaseCohort(ind *domain.Indicator) string {
	m := monthsSQL(ind)
	return `r.entered_on IS NOT NULL
		AND r.released_on BETWEEN ($1::date - ` + m + ` - interval '3 days')::date AND ($2::date - ` + m + ` + interval '3 days')::date
		AND (r.released_on + ` + m + `)::date BETWEEN $1 AND $2`
}

// releaseCohortBase is the base query of a per-release rate: a row per release and code of
// the indicator's own dimension, num 1 when the release counts in that code's numerator,
// with the participant (pid) and their place in a sum of distinct people's keys (px).
func releaseCohortBase(ind *domain.Indicator, by domain.Dimension) string {
	m := monthsSQL(ind)
	var codes []string
	for _, c := range domain.FixedCodes[ind.Own] {
		codes = append(codes, "('"+c+"')")
	}
	var num string
	switch ind.Own {
	case domain.DimOffenceGroup:
		// A charge or conviction dated from the release to the window's end, not after a
		// recall, of the code's ICCS group (domain.InOffenceGroup).
		num = `EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = r.case_id AND f.new_offence IN ('charge', 'conviction')
				AND f.offence_on >= r.released_on AND f.offence_on <= (r.released_on + ` + m + `)::date
				AND (r.recalled_on IS NULL OR f.offence_on <= r.recalled_on)
				AND (g.code = '` + domain.OffenceGroupAny + `'
					OR (g.code = '` + domain.OffenceGroupTerrorism + `' AND left(f.offence_category, 4) = '0905')
					OR (g.code = '` + domain.OffenceGroupViolent + `' AND left(f.offence_category, 2) IN ('01', '02'))))`
	default: // recall reason
		num = `r.recalled_on <= (r.released_on + ` + m + `)::date AND (g.code = '` + domain.RecallAny + `' OR r.recall_reason = g.code)`
	}
	return `SELECT ` + breakdownColumns(by, "pt") + `, r.rkey AS rk, g.code AS k, 1 AS w, CASE WHEN ` + num + ` THEN 1 ELSE 0 END AS num,
			pt.id AS pid, stat_person_key(pt.id, pt.rkey) AS px
		FROM releases r JOIN cases c ON c.id = r.case_id JOIN participants pt ON pt.id = c.participant_id
		CROSS JOIN (VALUES ` + strings.Join(codes, ", ") + `) g(code)
		WHERE SCOPE AND ` + releaseCohort(ind)
}

// peopleColumns count the distinct participants behind a cell of rows with pid and px,
// with the sum of their keys (each once), where filter holds ("" for all rows).
func peopleColumns(filter string) string {
	f := ""
	if filter != "" {
		f = " FILTER (WHERE " + filter + ")"
	}
	return "(count(DISTINCT pid)" + f + ")::bigint, (coalesce(sum(DISTINCT px)" + f + ", 0) % 4294967296)::bigint"
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

// followUpFilters are the conditions of domain.FollowUpStatuses over the rows of
// followUpCells: st is the point's status on the period's last day, why its reason.
var followUpFilters = map[string]string{
	"due": "", "reached": "st = 'reached'", "not_reached": "st = 'not_reached'", "open": "st = 'open'",
	"lost_contact": "why = 'lost_contact'", "refused": "why = 'refused'", "moved_abroad": "why = 'moved_abroad'",
	"in_custody": "why = 'in_custody'", "deceased": "why = 'deceased'",
}

// followUpCells counts the follow-up points an outcome indicator rests on (domain
// FollowUpBasis), by status on the period's last day, per code of the breakdown: the
// points, their key sum, the people behind them and theirs.
func followUpCells(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, by domain.Dimension, scope string, args []any) (map[string]domain.FollowUpCells, error) {
	rows, err := tx.Query(ctx, followUpSQL(ind, by, scope), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]domain.FollowUpCells{}
	for rows.Next() {
		var code *string
		var grouped int32
		vals := make([]int64, 4*len(domain.FollowUpStatuses))
		var dest []any
		if by != "" {
			dest = append(dest, &code, &grouped)
		}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		key := ""
		switch {
		case by == "":
		case grouped == 1:
			key = domain.TotalCode
		case code == nil:
			key = "unknown"
		default:
			key = *code
		}
		cells := domain.FollowUpCells{}
		for i, s := range domain.FollowUpStatuses {
			v := vals[4*i:]
			cells[s] = &domain.Cell{Units: domain.Units{N: v[0], Key: domain.KeyOf(v[1])},
				People: domain.Units{N: v[2], Key: domain.KeyOf(v[3])}, HasPeople: true}
		}
		out[key] = cells
	}
	return out, rows.Err()
}

// followUpSQL is the query of followUpCells: per code of the breakdown (and its margin), for
// each status, the points, their key sum, the people behind them and theirs.
func followUpSQL(ind *domain.Indicator, by domain.Dimension, scope string) string {
	var which string
	switch ind.FollowUp {
	case domain.FollowUpReleaseWindow:
		which = `JOIN releases r ON r.id = p.release_id WHERE ` + releaseCohort(ind) + ` AND p.months <= ` + strconv.Itoa(ind.MonthsAfterRelease)
	case domain.FollowUpCaseRelease:
		// The cohort of the case-level indicators: cases by their latest release.
		m := monthsSQL(ind)
		which = `JOIN releases r ON r.id = p.release_id WHERE r.released_on = c.actual_release_date
			AND c.actual_release_date BETWEEN ($1::date - ` + m + `)::date AND ($2::date - ` + m + `)::date AND p.months <= ` + strconv.Itoa(ind.MonthsAfterRelease)
	default:
		which = `WHERE p.due_on BETWEEN $1 AND $2`
	}
	base := `SELECT ` + breakdownColumns(by, "pt") + `, p.rkey AS rk, pt.id AS pid, stat_person_key(pt.id, pt.rkey) AS px,
			CASE WHEN p.status <> 'open' AND p.closed_on <= $2 THEN p.status ELSE 'open' END AS st,
			CASE WHEN p.status = 'not_reached' AND p.closed_on <= $2 THEN p.not_reached_reason END AS why
		FROM follow_up_points p JOIN cases c ON c.id = p.case_id JOIN participants pt ON pt.id = c.participant_id
		` + which + ` AND ` + scope
	var sel []string
	e := ""
	if by != "" {
		e = dimExpr(by, false)
		sel = append(sel, "("+e+")::text", "GROUPING("+e+")")
	}
	for _, s := range domain.FollowUpStatuses {
		f := followUpFilters[s]
		if f == "" {
			sel = append(sel, "count(*)::bigint", unitKeySum("rk", ""), peopleColumns(""))
		} else {
			sel = append(sel, "(count(*) FILTER (WHERE "+f+"))::bigint", unitKeySum("rk", f), peopleColumns(f))
		}
	}
	from := "p"
	if by == domain.DimCategory {
		from += unnestCategories
	}
	sql := "WITH p AS (" + base + ") SELECT " + strings.Join(sel, ", ") + " FROM " + from
	if by != "" {
		sql += " GROUP BY GROUPING SETS (" + groupingSets([]domain.Dimension{by}, []string{e}) + ")"
	}
	return sql
}
