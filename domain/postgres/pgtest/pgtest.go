// Package pgtest gives each test its own freshly migrated PostgreSQL database, cloned from a
// template in about a tenth of a second (pgtestdb). The server is the one named by
// PATHWAYS_TEST_DATABASE_URL (a superuser URL), or else the private test cluster under
// .data/pgtest, started on demand. Tests connect as an unprivileged role, like the
// application, so the database's own guards (the audit trail's triggers) apply to them.
package pgtest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peterldowns/pgtestdb"
	"github.com/peterldowns/pgtestdb/migrators/goosemigrator"

	"pathways/domain/postgres"
	"pathways/domain/postgres/devpg"
	"pathways/migrations"
)

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
)

// ServerURL is the superuser URL of the test server, starting the private cluster if needed.
func ServerURL(t testing.TB) string {
	t.Helper()
	serverOnce.Do(func() {
		if u := os.Getenv("PATHWAYS_TEST_DATABASE_URL"); u != "" {
			serverURL = u
			return
		}
		root, err := repoRoot()
		if err != nil {
			serverErr = err
			return
		}
		// Test binaries of several packages run at once: one starts the cluster, the rest wait.
		lock, err := os.OpenFile(filepath.Join(root, ".data", "pgtest.lock"), os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			if err = os.MkdirAll(filepath.Join(root, ".data"), 0o755); err == nil {
				lock, err = os.OpenFile(filepath.Join(root, ".data", "pgtest.lock"), os.O_CREATE|os.O_RDWR, 0o600)
			}
			if err != nil {
				serverErr = err
				return
			}
		}
		defer lock.Close()
		if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
			serverErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		c, err := devpg.Ensure(ctx, devpg.Options{Dir: filepath.Join(root, ".data", "pgtest"), Fast: true})
		if err != nil {
			serverErr = err
			return
		}
		serverURL = c.URL()
	})
	if serverErr != nil {
		t.Fatalf("no PostgreSQL for tests: %v (set PATHWAYS_TEST_DATABASE_URL or install PostgreSQL's server binaries)", serverErr)
	}
	return serverURL
}

// URL makes a fresh migrated database for the test and returns its connection string; the
// database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	conf := pgtestdb.Config{
		DriverName: "pgx", Host: u.Hostname(), Port: u.Port(), User: u.User.Username(), Password: pw,
		Database: "postgres", Options: "sslmode=disable", ForceTerminateConnections: true,
	}
	m := goosemigrator.New(".", goosemigrator.WithFS(migrations.FS))
	return pgtestdb.Custom(t, conf, m).URL()
}

// New opens a fresh migrated database for the test.
func New(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	dbURL := URL(t)
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db, dbURL
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
