package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Coverage answers, per programme in scope and for the period, how much recorded activity
// evidences each memorandum practice and how many of the programme's cases it touched, each
// with the sum of the record keys of what it counts (migration 00560). It reads summaries
// the triggers keep current: the programme's cases from the case flows and facts (migrations
// 00240, 00260) and the activity from the coverage summary, where a case touched a practice
// in the period if its timeline has activity evidencing it dated in the period. Each row's
// figures are the ones first published for it (publishCoverageOnce).
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
	err = db.tx(ctx, func(tx pgx.Tx) error {
		if err := statSettings(ctx, tx); err != nil {
			return err
		}
		if err := coverageRows(ctx, tx, q, scope, args, &out); err != nil {
			return err
		}
		key := publishedKey{from: q.From, to: q.To, scope: domain.PublishedScope(p, q.Country)}
		if err := publishCoverageOnce(ctx, tx, key, &out); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "statistics.read", "statistics", "coverage", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"from": q.From.Format("2006-01-02"), "to": q.To.Format("2006-01-02"), "programme": q.Programme, "country": q.Country})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// coverageActivity is the activity evidencing a practice in a programme: the activities and
// the cases they touched.
type coverageActivity struct{ acts, touched domain.Units }

// coverageRows computes a row for every practice of every programme in scope, with the
// people behind its activity and what evidences the practice.
func coverageRows(ctx context.Context, tx pgx.Tx, q domain.CoverageQuery, scope string, args []any, out *domain.CoverageData) error {
	facs, err := scopeFacilities(ctx, tx, scope, args)
	if err != nil {
		return err
	}
	if out.Programmes, err = programmeSizes(ctx, tx, scope, args, q.Programme); err != nil {
		return err
	}
	if out.Practices, err = practiceCodes(ctx, tx); err != nil {
		return err
	}
	activity, err := coverageActivities(ctx, tx, q, facs)
	if err != nil {
		return err
	}
	// The people behind the activity, in one round trip.
	batch := &pgx.Batch{}
	var counted []int // rows whose people the batch counts
	for _, g := range out.Programmes {
		for _, pr := range out.Practices {
			a := activity[[2]string{g.ID, pr.Code}]
			keys := []string{g.ID, pr.Code}
			out.Rows = append(out.Rows, domain.CoverageRow{ProgrammeID: g.ID, Practice: pr.Code,
				Activities:   domain.Cell{Keys: keys, Units: a.acts, HasPeople: true},
				CasesTouched: domain.Cell{Keys: keys, Units: a.touched},
			})
			if a.acts.N > 0 {
				batch.Queue(`SELECT n, ksum FROM stat_cov_people($1, $2, $3, $4::uuid[], $5::uuid, $6)`, q.Cap(), q.From, q.To, facs, g.ID, pr.Code)
				counted = append(counted, len(out.Rows)-1)
			}
		}
	}
	targets := make([]*domain.Cell, len(counted))
	for i, r := range counted {
		targets[i] = &out.Rows[r].Activities
	}
	if err := countPeople(ctx, tx, batch, targets, q.Cap()); err != nil {
		return err
	}
	evidence, err := practiceEvidence(ctx, tx)
	if err != nil {
		return err
	}
	for i := range out.Rows {
		out.Rows[i].EvidencedBy = evidence[out.Rows[i].Practice]
	}
	return nil
}

// coverageActivities reads the coverage summary: per programme and practice, the activities
// in the period and the cases they touched, with their key sums.
func coverageActivities(ctx context.Context, tx pgx.Tx, q domain.CoverageQuery, facs []string) (map[[2]string]coverageActivity, error) {
	rows, err := tx.Query(ctx, `SELECT programme_id::text, practice, sum(acts)::bigint, `+keySum("acts_k")+`,
			coalesce(sum(cases) FILTER (WHERE since < $1), 0)::bigint, `+keySum("cases_k) FILTER (WHERE since < $1")+`
		FROM stat_cov_all WHERE month BETWEEN $1 AND $2 AND facility_id = ANY($3::uuid[])
		AND ($4 = '' OR programme_id = nullif($4, '')::uuid) GROUP BY 1, 2`, q.From, q.To, facs, q.Programme)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	activity := map[[2]string]coverageActivity{}
	for rows.Next() {
		var prog, practice string
		var an, ak, tn, tk int64
		if err := rows.Scan(&prog, &practice, &an, &ak, &tn, &tk); err != nil {
			return nil, err
		}
		activity[[2]string{prog, practice}] = coverageActivity{domain.Units{N: an, Key: domain.KeyOf(ak)}, domain.Units{N: tn, Key: domain.KeyOf(tk)}}
	}
	return activity, rows.Err()
}

// programmeSizes lists, by name, every programme of the scope's countries (the one given,
// if one is), with its cases open in the period counted from the case flows as milestone
// attainment's denominator is: all of them, those without cases too, so that the list does
// not tell which programmes had anyone in the period.
func programmeSizes(ctx context.Context, tx pgx.Tx, scope string, args []any, programme string) ([]domain.CoverageProgramme, error) {
	args = append(args, programme)
	n := strconv.Itoa(len(args))
	rows, err := tx.Query(ctx, `SELECT g.id::text, g.name, coalesce(s.cases, 0), coalesce(s.ks, 0) FROM programmes g
		LEFT JOIN (SELECT c.prog, sum(c.w)::bigint AS cases, `+keySum("c.rk")+` AS ks FROM (`+openInPeriod(domain.DimProgramme, scope, "case", "open", "close", "")+`) c
			GROUP BY 1) s ON s.prog = g.id
		WHERE EXISTS (SELECT 1 FROM facilities c WHERE c.country = g.country AND `+strings.ReplaceAll(scope, "c.facility_id", "c.id")+`)
		AND ($`+n+` = '' OR g.id = nullif($`+n+`, '')::uuid)
		ORDER BY g.name`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (g domain.CoverageProgramme, err error) {
		var ks int64
		err = r.Scan(&g.ID, &g.Name, &g.Cases.N, &ks)
		g.Cases.Key = domain.KeyOf(ks)
		return g, err
	})
}

// practiceCodes lists the memorandum's practices in their order, with title and status.
func practiceCodes(ctx context.Context, tx pgx.Tx) ([]domain.Practice, error) {
	rows, err := tx.Query(ctx, `SELECT code, title, status FROM practices ORDER BY number`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.Practice, err error) {
		err = r.Scan(&c.Code, &c.Title, &c.Status)
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
