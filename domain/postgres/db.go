// Package postgres is the only package that speaks SQL. It implements the domain's store
// interfaces on PostgreSQL with pgx. Every exported store method runs in one transaction and
// writes its audit event inside that same transaction.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"pathways/domain"
)

// DB is the connection pool and the stores built on it.
type DB struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// Open connects to PostgreSQL and checks that it answers.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL is not a valid PostgreSQL connection string: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &DB{pool: pool, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}, nil
}

// Close releases every connection.
func (db *DB) Close() { db.pool.Close() }

// Ping reports whether the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return &domain.Error{Code: domain.CodeUnavailable, Message: "database unavailable", Err: err}
	}
	return nil
}

// Pool exposes the pool to the tests of this package's callers that must tamper with rows
// behind the application's back.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// tx runs fn in one transaction: begin, deferred rollback, commit checked. Errors from
// PostgreSQL are translated into the domain's vocabulary once, here. When ctx carries a
// unit of work (RunOnce), fn runs inside the unit's transaction instead, and commits with it.
func (db *DB) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if u := unitOf(ctx); u != nil {
		return db.within(ctx, u, fn)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit
	if err := fn(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // the audit of a refusal needs its own transaction
		if aerr := db.auditRefused(context.WithoutCancel(ctx), err); aerr != nil {
			return translate(aerr)
		}
		return translate(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return translate(err)
	}
	return nil
}

// auditRefused records a refusal that must stay in the trail although its work rolls back:
// a case asked for and out of reach (caseDenied), or a refused request (refusal). Other
// errors record nothing. A failure to record is returned, so no refusal goes unrecorded.
func (db *DB) auditRefused(ctx context.Context, err error) error {
	var denied *caseDenied
	var refused *refusal
	switch {
	case errors.As(err, &denied):
		return db.auditDenied(ctx, denied)
	case errors.As(err, &refused):
		return db.Audit(ctx, refused.ev)
	}
	return nil
}

// translate maps driver errors onto domain codes. Constraint violations that reach here are
// a request the domain rules did not catch: they are the caller's fault, not a 500.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.NotFound("record")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &domain.Error{Code: domain.CodeConflict, Message: "a record with the same identifying fields exists", Err: err}
		case "23503": // foreign_key_violation
			return &domain.Error{Code: domain.CodeInvalid, Message: "the request refers to a record that does not exist", Err: err,
				Fields: []domain.FieldProblem{{Field: fkColumn(pe), Reason: "unknown_reference", Detail: "refers to a record that does not exist"}}}
		case "23514", "23502", "22001", "22003", "22007", "22008", "22P02": // check, not null, too long, out of range, bad datetime, bad text representation
			return &domain.Error{Code: domain.CodeInvalid, Message: "the request breaks a data rule", Err: err,
				Fields: []domain.FieldProblem{{Field: pe.ColumnName, Reason: "constraint", Detail: pe.ConstraintName}}}
		case "40001", "40P01": // serialization failure, deadlock
			return &domain.Error{Code: domain.CodeConflict, Message: "the record changed concurrently; try again", Err: err}
		case "57P01", "57P02", "57P03", "53300": // shutting down, cannot connect now, too many connections
			return &domain.Error{Code: domain.CodeUnavailable, Message: "database unavailable", Err: err}
		}
		if strings.HasPrefix(pe.Code, "08") { // connection exception
			return &domain.Error{Code: domain.CodeUnavailable, Message: "database unavailable", Err: err}
		}
		return domain.Internal(err)
	}
	if lostConnection(err) {
		return &domain.Error{Code: domain.CodeUnavailable, Message: "database unavailable", Err: err}
	}
	return domain.Internal(err)
}

// lostConnection reports a failure to reach PostgreSQL or to hear back from it: the database
// (or the network to it) is down, which is a 503, never our fault.
func lostConnection(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// fkColumn names the column of a foreign-key violation. PostgreSQL does not fill in the
// column for these, so it is read from the default constraint name, <table>_<column>_fkey.
func fkColumn(pe *pgconn.PgError) string {
	if pe.ColumnName != "" {
		return pe.ColumnName
	}
	col := strings.TrimSuffix(strings.TrimPrefix(pe.ConstraintName, pe.TableName+"_"), "_fkey")
	if col == pe.ConstraintName || col == "" {
		return "reference"
	}
	return col
}
