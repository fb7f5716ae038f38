package postgres

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for goose
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"pathways/migrations"
)

// Migrate applies every pending migration. A PostgreSQL session lock makes it safe for two
// instances starting at once: the second waits, then finds nothing left to do.
func Migrate(ctx context.Context, url string, progress func(version int64, name string)) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	// Out-of-order: branches land in any order, so a migration numbered below one already
	// applied is still applied rather than refused. Our migrations never depend on a
	// higher-numbered one.
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker),
		goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("loading migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("applying migrations: %w", err)
	}
	if progress != nil {
		for _, r := range results {
			progress(r.Source.Version, r.Source.Path)
		}
	}
	return nil
}
