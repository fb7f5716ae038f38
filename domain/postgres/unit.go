package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// unit is a unit of work: one transaction that spans a whole request, carried in the
// request's context. While a context carries a unit, db.tx does not begin a transaction of
// its own: the store method runs inside the unit's, after a savepoint, so a method that
// fails undoes only its own work and the unit stays usable. Nothing commits before the unit
// does (RunOnce commits it together with the request's stored answer).
//
// A unit is used by one request, so by one goroutine at a time.
type unit struct {
	tx pgx.Tx
	// savepoints counts the savepoints set so far; ready names one set in advance (RunOnce
	// sets the first with its look-up, in the same round trip), or is empty.
	savepoints int
	ready      string
	// refusals are audit events that must outlive the unit's rollback (a refused request
	// rolls back, but the attempt stays on record). They are written, each in a transaction
	// of its own, once the unit has ended and its connection is back in the pool: taking a
	// second connection while holding the unit's could starve the pool under load.
	refusals []domain.AuditEvent
	// commitRefused asks RunOnce to commit the unit even though the request is refused: set
	// by a store method whose refusal must leave its writes behind (an intake that matched
	// another case by its external reference commits its audit event and the caller's probe
	// count, and nothing else). Such a method must be the request's only write. The answer
	// is not stored under the key: a retry is a new probe, counted again.
	commitRefused bool
}

// commitRefusal marks the unit ctx carries, if any, to commit although its request is
// refused (see unit.commitRefused). Outside a unit, the method's own transaction commits.
func commitRefusal(ctx context.Context) {
	if u := unitOf(ctx); u != nil {
		u.commitRefused = true
	}
}

// nextSavepoint names a new savepoint.
func (u *unit) nextSavepoint() string {
	u.savepoints++
	return "unit_" + strconv.Itoa(u.savepoints)
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

// within runs fn inside the unit's transaction after a savepoint: on an error the work of fn
// is rolled back to the savepoint (and a denied case access recorded as a refusal); on
// success the savepoint is left for the unit's commit to release, which costs no round trip.
// fn gets the unit's own transaction: store functions run statements on it and never end it.
func (db *DB) within(ctx context.Context, u *unit, fn func(tx pgx.Tx) error) error {
	sp := u.ready
	u.ready = ""
	if sp == "" {
		sp = u.nextSavepoint()
		if _, err := u.tx.Exec(ctx, "SAVEPOINT "+sp); err != nil {
			return translate(err)
		}
	}
	if err := fn(u.tx); err != nil {
		// Audit, seeing the unit, keeps the event for after the unit's end.
		if aerr := db.auditRefused(ctx, err); aerr != nil {
			return translate(aerr)
		}
		if _, rerr := u.tx.Exec(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+sp); rerr != nil {
			return translate(rerr) // the unit is broken (its connection lost, say): it rolls back whole
		}
		return translate(err)
	}
	return nil
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
