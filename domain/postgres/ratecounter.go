package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// countIn adds n (0 to only look) to the named counter of subject and returns its value
// including n. The upsert locks the counter's row until the transaction ends, so concurrent
// requests are counted one after the other: each sees the count with every earlier request
// in it. A counter whose window began longer than window ago starts afresh (from n).
func countIn(ctx context.Context, tx pgx.Tx, name, subject string, window time.Duration, n int) (count int, ends time.Time, err error) {
	err = tx.QueryRow(ctx, `INSERT INTO rate_counters AS r (name, subject, window_start, count) VALUES ($1, $2, now(), $3)
		ON CONFLICT (name, subject) DO UPDATE SET
			count = CASE WHEN r.window_start <= now() - $4::interval THEN $3 ELSE r.count + $3 END,
			window_start = CASE WHEN r.window_start <= now() - $4::interval THEN now() ELSE r.window_start END
		RETURNING count, window_start + $4::interval`, name, subject, n, window).Scan(&count, &ends)
	return count, ends, err
}

// uncount takes n back from a counter (a sign-in that succeeded gives back its attempt).
func uncount(ctx context.Context, tx pgx.Tx, name, subject string, n int) error {
	_, err := tx.Exec(ctx, "UPDATE rate_counters SET count = greatest(count - $3, 0) WHERE name = $1 AND subject = $2", name, subject, n)
	return err
}

// sweepCounters removes a few of the named counters whose window ended, so the table stays
// small however many made-up usernames are tried. Rows another transaction holds are skipped,
// never waited for: a sweep must not queue behind, or deadlock with, the attempts it tidies.
func sweepCounters(ctx context.Context, tx pgx.Tx, names []string, window time.Duration) error {
	_, err := tx.Exec(ctx, `DELETE FROM rate_counters WHERE ctid = ANY (ARRAY(
		SELECT ctid FROM rate_counters WHERE name = ANY($1) AND window_start < now() - $2::interval
		LIMIT 100 FOR UPDATE SKIP LOCKED))`, names, window)
	return err
}
