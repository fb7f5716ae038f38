package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Coverage computes, per programme in scope and for the period, how much recorded activity
// evidences each memorandum practice and how many of the programme's cases it touched. It
// reads summaries the triggers keep current: the programme's cases from the case facts
// (migration 00240) and the activity from the coverage summary (migration 00250), where a
// case touched a practice in the period if its timeline has activity evidencing it dated
// in the period.
func (db *DB) Coverage(ctx context.Context, p *domain.Principal, q domain.CoverageQuery) (domain.CoverageData, error) {
	var out domain.CoverageData
	args := []any{q.From, q.To}
	scope, desc, err := statScope(p, q.Country, &args)
	if err != nil {
		return out, err
	}
	out.Scope = desc
	if q.Programme != "" && !validUUID(q.Programme) {
		return out, domain.NotFound("programme")
	}
	K := capOf(q.MinCell)
	err = db.tx(ctx, func(tx pgx.Tx) error {
		if err := statSettings(ctx, tx); err != nil {
			return err
		}
		facs, err := scopeFacilities(ctx, tx, scope, args)
		if err != nil {
			return err
		}
		sizes, err := programmeSizes(ctx, tx, scope, args, q.Programme)
		if err != nil {
			return err
		}
		if out.Practices, err = practiceCodes(ctx, tx); err != nil {
			return err
		}
		type cell struct{ acts, touched int }
		activity := map[[2]string]cell{}
		rows, err := tx.Query(ctx, `SELECT programme_id::text, practice, sum(acts), coalesce(sum(cases) FILTER (WHERE since < $1), 0)
			FROM stat_cov_all WHERE month BETWEEN $1 AND $2 AND facility_id = ANY($3::uuid[])
			AND ($4 = '' OR programme_id = nullif($4, '')::uuid) GROUP BY 1, 2`, q.From, q.To, facs, q.Programme)
		if err != nil {
			return err
		}
		for rows.Next() {
			var prog, practice string
			var c cell
			if err := rows.Scan(&prog, &practice, &c.acts, &c.touched); err != nil {
				return err
			}
			activity[[2]string{prog, practice}] = c
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// Rows for every practice of every programme with cases; the participants behind
		// the touched cells, capped, in one round trip.
		batch := &pgx.Batch{}
		var touched []int // rows whose participants the batch counts
		for _, g := range sizes {
			out.Programmes = append(out.Programmes, domain.DimCode{Code: g.id, Label: g.name})
			for _, pr := range out.Practices {
				a := activity[[2]string{g.id, pr.Code}]
				r := domain.CoverageRow{ProgrammeID: g.id, Practice: pr.Code, ProgrammeSize: min(g.participants, K),
					Activities:   domain.Cell{Keys: []string{g.id, pr.Code}, Value: float64(a.acts), HasValue: true, Numerator: -1},
					CasesTouched: domain.Cell{Keys: []string{g.id, pr.Code}, Value: float64(a.touched), HasValue: true, Numerator: -1},
					Share:        domain.Cell{Keys: []string{g.id, pr.Code}, HasValue: g.cases > 0, Participants: min(g.participants, K)},
				}
				if g.cases > 0 {
					r.Share.Value = 100 * float64(a.touched) / float64(g.cases)
				}
				out.Rows = append(out.Rows, r)
				if a.touched > 0 {
					batch.Queue(`SELECT stat_cov_upto($1, $2, $3, $4::uuid[], $5::uuid, $6)`, K, q.From, q.To, facs, g.id, pr.Code)
					touched = append(touched, len(out.Rows)-1)
				}
			}
		}
		if len(touched) > 0 {
			br := tx.SendBatch(ctx, batch)
			for _, i := range touched {
				if err := br.QueryRow().Scan(&out.Rows[i].Activities.Participants); err != nil {
					br.Close()
					return err
				}
			}
			if err := br.Close(); err != nil {
				return err
			}
		}
		for i := range out.Rows {
			r := &out.Rows[i]
			r.CasesTouched.Participants = r.Activities.Participants
			r.Share.Numerator = r.Activities.Participants
		}
		evidence, err := practiceEvidence(ctx, tx)
		if err != nil {
			return err
		}
		for i := range out.Rows {
			out.Rows[i].EvidencedBy = evidence[out.Rows[i].Practice]
		}
		ev := domain.NewAuditEvent(p, "statistics.read", "statistics", "coverage", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"from": q.From.Format("2006-01-02"), "to": q.To.Format("2006-01-02"), "programme": q.Programme, "country": q.Country})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// programmeSize is a programme's cases open at some time in a period, and the distinct
// participants behind them.
type programmeSize struct {
	id, name            string
	cases, participants int
}

// programmeSizes lists, by name, the programmes with cases in scope open in the period
// (a programme's, if one is given), counted from the case flows as milestone attainment's
// denominator is.
func programmeSizes(ctx context.Context, tx pgx.Tx, scope string, args []any, programme string) ([]programmeSize, error) {
	args = append(args, programme)
	n := strconv.Itoa(len(args))
	rows, err := tx.Query(ctx, `SELECT g.id::text, g.name, s.cases, s.solo, s.multi FROM (
			SELECT c.prog, sum(c.w) AS cases, `+soloCounts+` FROM (`+openInPeriod(domain.DimProgramme, scope, "case", "open", "close", "")+`) c
			WHERE $`+n+` = '' OR c.prog = nullif($`+n+`, '')::uuid
			GROUP BY 1) s JOIN programmes g ON g.id = s.prog WHERE s.cases > 0 ORDER BY g.name`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (g programmeSize, err error) {
		var multi []string
		err = r.Scan(&g.id, &g.name, &g.cases, &g.participants, &multi)
		g.participants += distinct(multi)
		return g, err
	})
}

func practiceCodes(ctx context.Context, tx pgx.Tx) ([]domain.DimCode, error) {
	rows, err := tx.Query(ctx, `SELECT code, title FROM practices ORDER BY number`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.DimCode, err error) {
		err = r.Scan(&c.Code, &c.Label)
		return c, err
	})
}

// practiceEvidence lists, per practice, the kinds of activity the catalogues say evidence
// it: "session:<type>", "milestone:<code>", "record:<kind>".
func practiceEvidence(ctx context.Context, tx pgx.Tx) (map[string][]string, error) {
	rows, err := tx.Query(ctx, `SELECT practice_code, 'session:' || type_code FROM intervention_type_practices
		UNION ALL SELECT practice_code, 'milestone:' || milestone_code FROM milestone_practices
		UNION ALL SELECT practice_code, 'record:' || kind FROM record_kind_practices
		ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for rows.Next() {
		var p, what string
		if err := rows.Scan(&p, &what); err != nil {
			return nil, err
		}
		out[p] = append(out[p], what)
	}
	return out, rows.Err()
}
