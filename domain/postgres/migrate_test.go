package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
	"pathways/migrations"
)

// emptyDatabase makes a database with no migrations applied, dropped when the test ends.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin := pgtest.ServerURL(t)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "migrate_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestConcurrentMigrationsBothSucceedOnce(t *testing.T) {
	dbURL := emptyDatabase(t)
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v %v", files, err)
	}

	// Two instances start at once on a fresh database.
	var mu sync.Mutex
	applied := map[int64]int{}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = postgres.Migrate(context.Background(), dbURL, func(v int64, _ string) {
				mu.Lock()
				applied[v]++
				mu.Unlock()
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
	if len(applied) != len(files) {
		t.Errorf("applied %d distinct migrations, have %d files", len(applied), len(files))
	}
	for v, n := range applied {
		if n != 1 {
			t.Errorf("migration %d applied %d times", v, n)
		}
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var rows, distinct int
	if err := conn.QueryRow(ctx, "SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != len(files) || distinct != len(files) {
		t.Errorf("goose_db_version: %d rows, %d versions, want %d of each", rows, distinct, len(files))
	}

	// A later start finds nothing to do, and the schema is usable.
	again := 0
	if err := postgres.Migrate(ctx, dbURL, func(int64, string) { again++ }); err != nil || again != 0 {
		t.Errorf("third migration: %d applied, %v", again, err)
	}
	if _, err := conn.Exec(ctx, "INSERT INTO countries (code, name) VALUES ('XA', 'Arcadia')"); err != nil {
		t.Error(err)
	}
	_, err = conn.Exec(ctx, "TRUNCATE audit_events CASCADE")
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("audit guard missing after migration: %v", err)
	}
}
