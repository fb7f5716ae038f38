package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// backfillLifecycle derives the releases, follow-up points and their links of the cases a
// seed batch has just copied (migration 00600's lifecycle_backfill), the same way the
// migration did for cases recorded before those tables existed.
func backfillLifecycle(ctx context.Context, tx pgx.Tx, rs *rowSet) error {
	ids := make([]pgtype.UUID, 0, len(rs.rows["cases"]))
	for _, row := range rs.rows["cases"] {
		ids = append(ids, row[0].(pgtype.UUID))
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT lifecycle_backfill($1::uuid[])", ids); err != nil {
		return fmt.Errorf("seed: deriving releases and follow-up points: %w", err)
	}
	return nil
}
