package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// publishedKey is what a published figure is filed under besides its cell: the period and
// the scope (domain.PublishedPeriod, domain.PublishedScope).
type publishedKey struct {
	from, to time.Time
	scope    string
}

// publishedCell is one cell to file, where domain.Filing files it.
type publishedCell struct {
	at   domain.PublishedCell
	cell *domain.Cell
}

// publishOnce makes data the figures first published for its cells (see
// domain/statistics_published.go): it files the cells no answer has published yet, and
// replaces every cell by the one filed under its identity, in the same transaction as the
// computation. Every cell of the table is filed, the empty ones too: a cell first published
// as 0 stays 0 when records are added to it later.
func publishOnce(ctx context.Context, tx pgx.Tx, p *domain.Principal, q domain.StatQuery, data *domain.StatData) error {
	ind := q.Indicator
	var filing domain.Filing
	if ind.Own == domain.DimPractice {
		filing.PracticeTypes = map[string][]string{}
		if err := collectPairs(ctx, tx, `SELECT practice_code, type_code FROM intervention_type_practices`, filing.PracticeTypes); err != nil {
			return err
		}
	}
	key := publishedKey{scope: domain.PublishedScope(p, q.Country)}
	key.from, key.to = domain.PublishedPeriod(ind, q.From, q.To)
	data.Cells = data.Complete()
	var cells []publishedCell
	for _, c := range data.Cells {
		cells = append(cells, publishedCell{filing.Cell(ind, data.Dims, c.Keys), c})
	}
	if ind.FollowUp != domain.FollowUpNone {
		cells = append(cells, followUpToFile(filing, ind, q.By, data)...)
	}
	return keepFirst(ctx, tx, key, cells)
}

// keepFirst files the cells no answer has published yet, and replaces every cell by the one
// filed under its identity.
func keepFirst(ctx context.Context, tx pgx.Tx, key publishedKey, cells []publishedCell) error {
	for i := range cells {
		if cells[i].at.Scope == "" {
			cells[i].at.Scope = key.scope
		}
	}
	if err := fileCells(ctx, tx, key, cells); err != nil {
		return err
	}
	filed, err := filedCells(ctx, tx, key, cells)
	if err != nil {
		return err
	}
	for _, pc := range cells {
		f, ok := filed[pc.at]
		if !ok {
			return domain.Internal(fmt.Errorf("statistics: cell %+v was filed but not read back", pc.at))
		}
		f.Keys = pc.cell.Keys
		*pc.cell = *f
	}
	return nil
}

// publishCoverageOnce makes the memorandum coverage the figures first published for its
// rows, as publishOnce does for an indicator: each row's activities, cases touched and
// share, under the programme and practice they are of.
func publishCoverageOnce(ctx context.Context, tx pgx.Tx, key publishedKey, data *domain.CoverageData) error {
	var cells []publishedCell
	at := func(id string) domain.PublishedCell { return domain.PublishedCell{Family: "coverage", ID: id} }
	// The programmes' cases in the period, published beside the rows.
	sizes := make([]domain.Cell, len(data.Programmes))
	for i, g := range data.Programmes {
		sizes[i].Units = g.Cases
		cells = append(cells, publishedCell{at("programme=" + g.ID + ";cases"), &sizes[i]})
	}
	for i := range data.Rows {
		r := &data.Rows[i]
		id := "programme=" + r.ProgrammeID + ";practice=" + r.Practice + ";"
		// The share is worked out from these and the programme's cases (domain.ReleaseCoverage);
		// rows filed before it was carry a "share" cell nothing reads any more.
		cells = append(cells, publishedCell{at(id + "activities"), &r.Activities}, publishedCell{at(id + "cases_touched"), &r.CasesTouched})
	}
	if err := keepFirst(ctx, tx, key, cells); err != nil {
		return err
	}
	for i := range data.Programmes {
		data.Programmes[i].Cases = sizes[i].Units
	}
	return nil
}

// followUpToFile lists every status of the coverage of every row of the table, making the
// empty ones (data.FollowUp holds only what the store found), keyed as domain.Release
// reads it: by the row's code of by, "" without a breakdown.
func followUpToFile(filing domain.Filing, ind *domain.Indicator, by domain.Dimension, data *domain.StatData) []publishedCell {
	codes := []string{""}
	if by != "" {
		codes = []string{domain.TotalCode}
		for _, c := range data.Codes[by] {
			codes = append(codes, c.Code)
		}
		if by.MultiValued() {
			codes = codes[1:]
		}
	}
	if data.FollowUp == nil {
		data.FollowUp = map[string]domain.FollowUpCells{}
	}
	var out []publishedCell
	for _, code := range codes {
		if data.FollowUp[code] == nil {
			data.FollowUp[code] = domain.FollowUpCells{}
		}
		for _, st := range domain.FollowUpStatuses {
			c := data.FollowUp[code][st]
			if c == nil {
				c = &domain.Cell{}
				data.FollowUp[code][st] = c
			}
			out = append(out, publishedCell{filing.FollowUp(ind, by, code, st), c})
		}
	}
	return out
}

// fileCells adds the cells not filed yet; a cell another answer filed first is left as it is.
func fileCells(ctx context.Context, tx pgx.Tx, key publishedKey, cells []publishedCell) error {
	n := len(cells)
	scopes, fams, ids := make([]string, n), make([]string, n), make([]string, n)
	cn, ck, hn, hk := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	sum, med, pn, pk := make([]float64, n), make([]float64, n), make([]int64, n), make([]int64, n)
	hp, pc := make([]bool, n), make([]bool, n)
	for i, c := range cells {
		scopes[i], fams[i], ids[i] = c.at.Scope, c.at.Family, c.at.ID
		cn[i], ck[i], hn[i], hk[i] = c.cell.Units.N, int64(c.cell.Units.Key), c.cell.Hit.N, int64(c.cell.Hit.Key)
		sum[i], med[i], pn[i], pk[i] = c.cell.Sum, c.cell.Median, c.cell.People.N, int64(c.cell.People.Key)
		hp[i], pc[i] = c.cell.HasPeople, c.cell.PeopleCapped
	}
	_, err := tx.Exec(ctx, `INSERT INTO stat_published (period_from, period_to, scope, family, cell, n, rkey, hit_n, hit_rkey,
			total, median, people_n, people_rkey, has_people, people_capped)
		SELECT $1, $2, u.* FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
			$10::float8[], $11::float8[], $12::bigint[], $13::bigint[], $14::bool[], $15::bool[]) AS u
		ON CONFLICT DO NOTHING`,
		key.from, key.to, scopes, fams, ids, cn, ck, hn, hk, sum, med, pn, pk, hp, pc)
	return err
}

// filedCells reads back the figures filed under the cells' identities.
func filedCells(ctx context.Context, tx pgx.Tx, key publishedKey, cells []publishedCell) (map[domain.PublishedCell]*domain.Cell, error) {
	scopes, fams, ids := make([]string, len(cells)), make([]string, len(cells)), make([]string, len(cells))
	for i, c := range cells {
		scopes[i], fams[i], ids[i] = c.at.Scope, c.at.Family, c.at.ID
	}
	rows, err := tx.Query(ctx, `SELECT s.scope, s.family, s.cell, n, rkey, hit_n, hit_rkey, total, median, people_n, people_rkey, has_people, people_capped
		FROM stat_published s JOIN unnest($3::text[], $4::text[], $5::text[]) AS w(scope, family, cell)
			ON w.scope = s.scope AND w.family = s.family AND w.cell = s.cell
		WHERE s.period_from = $1 AND s.period_to = $2`,
		key.from, key.to, scopes, fams, ids)
	if err != nil {
		return nil, err
	}
	out := map[domain.PublishedCell]*domain.Cell{}
	for rows.Next() {
		var at domain.PublishedCell
		var c domain.Cell
		var ck, hk, pk int64
		if err := rows.Scan(&at.Scope, &at.Family, &at.ID, &c.Units.N, &ck, &c.Hit.N, &hk, &c.Sum, &c.Median, &c.People.N, &pk, &c.HasPeople, &c.PeopleCapped); err != nil {
			return nil, err
		}
		c.Units.Key, c.Hit.Key, c.People.Key = domain.KeyOf(ck), domain.KeyOf(hk), domain.KeyOf(pk)
		out[at] = &c
	}
	return out, rows.Err()
}
