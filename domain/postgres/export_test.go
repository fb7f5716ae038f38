package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// ComputedStatistic computes an indicator from the records as they stand, bypassing the
// register of published figures, for the tests of the computation itself: they write,
// compute, write again and compute again, which Statistic by design never shows.
func (db *DB) ComputedStatistic(ctx context.Context, p *domain.Principal, q domain.StatQuery) (domain.StatData, error) {
	var out domain.StatData
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = computeStatistic(ctx, tx, p, q)
		return err
	})
	return out, err
}
