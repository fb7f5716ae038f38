package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// unit is a unit of work: one transaction that spans a whole request, carried in the
// request's context. While a context carries a unit, db.tx does not begin a transaction of
// its own: the store method runs inside the unit's, under a savepoint, so a method that
// fails undoes only its own work and the unit stays usable. Nothing commits before the unit
// does (RunOnce commits it together with the request's stored answer).
//
// A unit is used by one request, so by one goroutine at a time.
type unit struct {
	tx pgx.Tx
	// refusals are audit events that must outlive the unit's rollback (a refused request
	// rolls back, but the attempt stays on record). They are written, each in a transaction
	// of its own, once the unit has ended and its connection is back in the pool: taking a
	// second connection while holding the unit's could starve the pool under load.
	refusals []domain.AuditEvent
}

type unitKey struct{}

// unitOf returns the unit of work ctx carries, or nil.
func unitOf(ctx context.Context) *unit {
	u, _ := ctx.Value(unitKey{}).(*unit)
	return u
}

// withUnit returns ctx carrying u.
func withUnit(ctx context.Context, u *unit) context.Context {
	return context.WithValue(ctx, unitKey{}, u)
}

// within runs fn inside the unit's transaction, under a savepoint: on an error the
// savepoint is rolled back (and a denied case access recorded as a refusal), on success
// released. Errors are translated like db.tx's.
func (db *DB) within(ctx context.Context, u *unit, fn func(tx pgx.Tx) error) error {
	sp, err := u.tx.Begin(ctx)
	if err != nil {
		return translate(err)
	}
	defer sp.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after release
	if err := fn(sp); err != nil {
		var denied *caseDenied
		if errors.As(err, &denied) {
			// Audit, seeing the unit, keeps the event for after the unit's end.
			_ = sp.Rollback(context.WithoutCancel(ctx))
			if aerr := db.auditDenied(ctx, denied); aerr != nil {
				return translate(aerr)
			}
		}
		return translate(err)
	}
	return translate(sp.Commit(ctx))
}

// writeRefusals writes the refusals a unit collected, once it has ended, in one transaction
// of their own (ctx no longer carries the unit).
func (db *DB) writeRefusals(ctx context.Context, events []domain.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		for _, ev := range events {
			if err := db.appendAudit(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
