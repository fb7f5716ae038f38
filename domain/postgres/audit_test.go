package postgres_test

import (
	"context"
	"strings"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

// seedEvents writes n audit events through the store.
func seedEvents(t *testing.T, db *postgres.DB, n int) {
	t.Helper()
	p := domain.System("test")
	for i := 0; i < n; i++ {
		ev := domain.NewAuditEvent(p, "test.event", "thing", "id-"+string(rune('a'+i)), domain.OutcomeSuccess)
		if err := db.Audit(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *postgres.DB) domain.ChainVerdict {
	t.Helper()
	v, err := db.VerifyAudit(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAuditChainIntact(t *testing.T) {
	db, _ := pgtest.New(t)
	seedEvents(t, db, 5)
	if v := verify(t, db); !v.OK || v.Checked != 5 {
		t.Fatalf("want an intact chain of 5, got %+v", v)
	}
}

func TestAuditAppendOnlyForTheApplication(t *testing.T) {
	db, _ := pgtest.New(t)
	seedEvents(t, db, 2)
	ctx := context.Background()
	for _, stmt := range []string{
		"UPDATE audit_events SET outcome = 'failure' WHERE seq = 1",
		"DELETE FROM audit_events WHERE seq = 2",
		"TRUNCATE audit_events",
	} {
		_, err := db.Pool().Exec(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: want refusal by the database, got %v", stmt, err)
		}
	}
}

// tamper changes rows behind the application's back, as someone with the table owner's
// rights could after switching the guard triggers off.
func tamper(t *testing.T, db *postgres.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	all := append([]string{"ALTER TABLE audit_events DISABLE TRIGGER USER"}, stmts...)
	all = append(all, "ALTER TABLE audit_events ENABLE TRIGGER USER")
	for _, s := range all {
		if _, err := db.Pool().Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditTamperingIsDetected(t *testing.T) {
	cases := []struct {
		name     string
		stmts    []string
		brokenAt int64
	}{
		{"changed content", []string{"UPDATE audit_events SET outcome = 'failure' WHERE seq = 3"}, 3},
		{"changed content with recomputed-looking hash left", []string{"UPDATE audit_events SET actor_name = 'someone-else' WHERE seq = 2"}, 2},
		{"removed row", []string{"DELETE FROM audit_events WHERE seq = 3"}, 3},
		{"removed first row", []string{"DELETE FROM audit_events WHERE seq = 1"}, 1},
		{"reordered rows", []string{
			"UPDATE audit_events SET seq = -2 WHERE seq = 2",
			"UPDATE audit_events SET seq = 2 WHERE seq = 3",
			"UPDATE audit_events SET seq = 3 WHERE seq = -2",
		}, 2},
		{"removed last rows", []string{"DELETE FROM audit_events WHERE seq >= 4"}, 4},
		{"forged link", []string{"UPDATE audit_events SET prev_hash = '\\x00' WHERE seq = 4"}, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := pgtest.New(t)
			seedEvents(t, db, 5)
			tamper(t, db, tc.stmts...)
			v := verify(t, db)
			if v.OK {
				t.Fatal("tampering went undetected")
			}
			if v.BrokenAt != tc.brokenAt {
				t.Errorf("broken at %d, want %d (%s)", v.BrokenAt, tc.brokenAt, v.Problem)
			}
		})
	}
}
