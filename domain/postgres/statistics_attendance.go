package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// The attendance indicators read the monthly summaries of migration 00560 (stat_att and its
// unfolded deltas, kept current by triggers in the transaction of every write), not the
// attendance records: a year is a few thousand summary rows however many sessions were
// held. Each cell comes with the records it counts and the sum of their keys; the distinct
// participants behind it, which only disclosure control needs, are counted up to the
// query's cap with the sum of their keys (stat_att_people), stopping as soon as it has seen
// that many people.

var attendanceIndicators = map[string]bool{
	"sessions_by_type": true, "hours_by_type": true, "sessions_by_practice": true, "hours_by_practice": true,
	"attendance_rate": true, "engagement_distribution": true,
}

// scopeFacilities lists the facilities the caller's statistics cover: cases' country is
// their facility's, so the scope condition over cases is the same over facilities.
func scopeFacilities(ctx context.Context, tx pgx.Tx, scope string, args []any) ([]string, error) {
	var out []string
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(c.id::text), '{}') FROM facilities c WHERE `+
		strings.ReplaceAll(scope, "c.facility_id", "c.id")+` AND $1::date IS NOT NULL AND $2::date IS NOT NULL`, args...).Scan(&out)
	return out, err
}

type attCell struct {
	cell *domain.Cell
	k, b *string // the own code and the breakdown code; nil for a total
}

// attendanceCells computes an attendance indicator's cells from the monthly summaries, with
// the people behind each.
func attendanceCells(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, q domain.StatQuery, scope string, args []any) ([]*domain.Cell, error) {
	facs, err := scopeFacilities(ctx, tx, scope, args)
	if err != nil {
		return nil, err
	}
	sql, dim, own, by := attendanceSQL(ind, q.By)
	rows, err := tx.Query(ctx, sql, dim, q.From, q.To, facs)
	if err != nil {
		return nil, err
	}
	cells, err := scanAttendance(rows, own, by)
	if err != nil {
		return nil, err
	}
	if err := attendancePeople(ctx, tx, ind, q, facs, cells); err != nil {
		return nil, err
	}
	out := make([]*domain.Cell, len(cells))
	for i, ac := range cells {
		out[i] = ac.cell
	}
	return out, nil
}

// attendanceSQL is an attendance indicator's grouped query over the summaries ($1 the
// breakdown's dimension in the summaries, $2 and $3 the period, $4 the facilities), with
// that dimension and whether the cells carry an own code and a breakdown code.
func attendanceSQL(ind *domain.Indicator, by domain.Dimension) (sql, dim string, own, hasBy bool) {
	from := `stat_att_all a`
	k := ""
	switch ind.Own {
	case domain.DimInterventionType:
		k = "a.itype"
	case domain.DimPractice:
		from += ` JOIN intervention_type_practices itp ON itp.type_code = a.itype`
		k = "itp.practice_code"
	case domain.DimEngagement:
		from += ` CROSS JOIN LATERAL (VALUES ('1', a.e1, a.k_e1), ('2', a.e2, a.k_e2), ('3', a.e3, a.k_e3), ('4', a.e4, a.k_e4), ('5', a.e5, a.k_e5)) e(k, n, kk)`
		k = "e.k"
	}
	b := ""
	switch by {
	case domain.DimFacility:
		b = "a.facility_id::text"
	case "":
	default:
		dim, b = string(by), "a.code"
	}
	// units: the records counted (and summed, for hours, or the denominator of the rate);
	// hit: the numerator's; sum: the minutes.
	var units, ukey, hit, hkey, sum string
	switch ind.ID {
	case "sessions_by_type", "sessions_by_practice", "hours_by_type", "hours_by_practice":
		units, ukey, hit, hkey, sum = "a.n_present", "a.k_present", "0", "0", "a.min_present"
	case "attendance_rate":
		units, ukey, hit, hkey, sum = "a.n_all", "a.k_all", "a.n_present", "a.k_present", "0"
	case "engagement_distribution":
		units, ukey, hit, hkey, sum = "e.n", "e.kk", "0", "0", "0"
	}
	var exprs, sel []string
	for _, e := range []string{k, b} {
		if e == "" {
			sel = append(sel, "NULL::text", "1")
		} else {
			exprs = append(exprs, e)
			sel = append(sel, e+"::text", "GROUPING("+e+")")
		}
	}
	sql = `SELECT ` + strings.Join(sel, ", ") + `, coalesce(sum(` + units + `), 0)::bigint, ` + keySum(ukey) + `,
		coalesce(sum(` + hit + `), 0)::bigint, ` + keySum(hkey) + `, coalesce(sum(` + sum + `), 0)::float8 / 60
		FROM ` + from + ` WHERE a.dim = $1 AND a.month BETWEEN $2 AND $3 AND a.facility_id = ANY($4::uuid[])`
	if len(exprs) > 0 {
		sql += " GROUP BY GROUPING SETS (" + groupingSets(ind.Dimensions(by), exprs) + ")"
	}
	return sql, dim, k != "", b != ""
}

// scanAttendance reads the grouped rows as cells.
func scanAttendance(rows pgx.Rows, own, by bool) ([]attCell, error) {
	defer rows.Close()
	var cells []attCell
	for rows.Next() {
		var ac attCell
		var gk, gb int32
		var n, ks, hn, hks int64
		var hours float64
		if err := rows.Scan(&ac.k, &gk, &ac.b, &gb, &n, &ks, &hn, &hks, &hours); err != nil {
			return nil, err
		}
		if gk == 1 {
			ac.k = nil
		}
		if gb == 1 {
			ac.b = nil
		}
		c := &domain.Cell{Units: domain.Units{N: n, Key: domain.KeyOf(ks)}, Hit: domain.Units{N: hn, Key: domain.KeyOf(hks)}, Sum: hours, HasPeople: true}
		if own {
			c.Keys = append(c.Keys, keyOf(ac.k))
		}
		if by {
			c.Keys = append(c.Keys, keyOf(ac.b))
		}
		ac.cell = c
		cells = append(cells, ac)
	}
	return cells, rows.Err()
}

// attendancePeople counts the people behind each cell that has records, in one round trip.
func attendancePeople(ctx context.Context, tx pgx.Tx, ind *domain.Indicator, q domain.StatQuery, facs []string, cells []attCell) error {
	practiceTypes := map[string][]string{}
	if ind.Own == domain.DimPractice {
		if err := collectPairs(ctx, tx, `SELECT practice_code, type_code FROM intervention_type_practices`, practiceTypes); err != nil {
			return err
		}
	}
	batch := &pgx.Batch{}
	var targets []*domain.Cell
	for _, ac := range cells {
		if ac.cell.Units.N <= 0 {
			continue // nobody: the people are none
		}
		var itypes []string
		what := "present"
		if ind.ID == "attendance_rate" {
			what = "all"
		}
		if ac.k != nil {
			switch ind.Own {
			case domain.DimInterventionType:
				itypes = []string{*ac.k}
			case domain.DimPractice:
				itypes = practiceTypes[*ac.k]
			case domain.DimEngagement:
				what = *ac.k
			}
		}
		bydim, bycode := "", ""
		if ac.b != nil {
			bydim, bycode = string(q.By), *ac.b
		}
		batch.Queue(`SELECT n, ksum FROM stat_att_people($1, $2, $3, $4::uuid[], $5::text[], $6, $7, $8)`, q.Cap(), q.From, q.To, facs, itypes, bydim, bycode, what)
		targets = append(targets, ac.cell)
	}
	return countPeople(ctx, tx, batch, targets, q.Cap())
}

// countPeople sends a batch of people counts, each answering (n, key sum) for its target
// cell, counted up to the cap K.
func countPeople(ctx context.Context, tx pgx.Tx, batch *pgx.Batch, targets []*domain.Cell, K int) error {
	if len(targets) == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, batch)
	for _, c := range targets {
		var n int
		var ks int64
		if err := br.QueryRow().Scan(&n, &ks); err != nil {
			br.Close()
			return err
		}
		c.People, c.PeopleCapped = domain.Units{N: int64(n), Key: domain.KeyOf(ks)}, n >= K
	}
	return br.Close()
}

func keyOf(s *string) string {
	if s == nil {
		return domain.TotalCode
	}
	return *s
}
