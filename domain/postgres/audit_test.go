package postgres_test

import (
	"context"
	"strconv"
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
	if _, err := db.SealAudit(context.Background()); err != nil {
		t.Fatal(err)
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
		"UPDATE audit_events SET outcome = 'failure' WHERE id = (SELECT min(id) FROM audit_events)",
		"DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)",
		"TRUNCATE audit_events CASCADE",
		"UPDATE audit_chain SET hash = '\\x00' WHERE seq = 1",
		"DELETE FROM audit_chain WHERE seq = 2",
		"TRUNCATE audit_chain",
	} {
		_, err := db.Pool().Exec(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: want refusal by the database, got %v", stmt, err)
		}
	}
}

// tamper changes rows behind the application's back, as someone with the table owner's
// rights could after switching the guard triggers off (those of the head too).
func tamper(t *testing.T, db *postgres.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	var all []string
	for _, table := range []string{"audit_events", "audit_chain", "audit_head"} {
		all = append(all, "ALTER TABLE "+table+" DISABLE TRIGGER USER")
	}
	all = append(all, stmts...)
	for _, table := range []string{"audit_events", "audit_chain", "audit_head"} {
		all = append(all, "ALTER TABLE "+table+" ENABLE TRIGGER USER")
	}
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
		{"changed content", []string{"UPDATE audit_events SET outcome = 'failure' WHERE id = " + eventAt(3)}, 3},
		{"changed content with recomputed-looking hash left", []string{"UPDATE audit_events SET actor_name = 'someone-else' WHERE id = " + eventAt(2)}, 2},
		{"removed row", []string{removeAt("seq = 3")}, 3},
		{"removed first row", []string{removeAt("seq = 1")}, 1},
		{"reordered rows", []string{
			"UPDATE audit_chain SET seq = -2 WHERE seq = 2",
			"UPDATE audit_chain SET seq = 2 WHERE seq = 3",
			"UPDATE audit_chain SET seq = 3 WHERE seq = -2",
		}, 2},
		{"removed last rows", []string{removeAt("seq >= 4")}, 4},
		{"forged link", []string{"UPDATE audit_chain SET prev_hash = '\\x00' WHERE seq = 4"}, 4},
		// The chain cut back and its head rewound to match, long after the sealer passed
		// those events (low_tx moved on): the events left behind are outside the chain.
		// (Had the whole chain and head been recomputed, only a copy of the head kept
		// elsewhere would show it: see the README.)
		{"chain cut with its head rewound", []string{
			"DELETE FROM audit_chain WHERE seq >= 4",
			"UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_chain WHERE seq = 3), low_tx = pg_current_xact_id()",
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := pgtest.New(t)
			// An older transaction stays open throughout, as a long report or an idle
			// session would: the sealer's low-water mark must not move back because of it.
			old, err := db.Pool().Begin(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer old.Rollback(context.Background()) //nolint:errcheck
			if _, err := old.Exec(context.Background(), "SELECT pg_current_xact_id()"); err != nil {
				t.Fatal(err)
			}
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

// eventAt is SQL for the id of the event at a place in the chain.
func eventAt(seq int) string {
	return "(SELECT event_id FROM audit_chain WHERE seq = " + strconv.Itoa(seq) + ")"
}

// removeAt deletes chain entries and their events, as someone erasing events would.
func removeAt(where string) string {
	return "WITH gone AS (DELETE FROM audit_chain WHERE " + where + " RETURNING event_id) DELETE FROM audit_events WHERE id IN (SELECT event_id FROM gone)"
}

// An event whose transaction began before others but commits after them is sealed once it
// commits, after theirs; none is lost and none sealed twice.
func TestAuditSealingCatchesLateCommits(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	late, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Rollback(ctx) //nolint:errcheck
	if _, err := late.Exec(ctx, `INSERT INTO audit_events (at, action, outcome) VALUES (now(), 'test.late', 'success')`); err != nil {
		t.Fatal(err)
	}
	seedEvents(t, db, 2) // written and sealed while the late one is still open
	if v := verify(t, db); !v.OK || v.Checked != 2 {
		t.Fatalf("before the late commit: want 2 sealed, got %+v", v)
	}
	if err := late.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.SealAudit(ctx); err != nil || n < 1 {
		t.Fatalf("sealing after the late commit: %d, %v", n, err)
	}
	v := verify(t, db)
	if !v.OK || v.Checked < 3 {
		t.Fatalf("after the late commit: want an intact chain with it, got %+v", v)
	}
	var seq int64
	if err := db.Pool().QueryRow(ctx, `SELECT c.seq FROM audit_chain c JOIN audit_events e ON e.id = c.event_id WHERE e.action = 'test.late'`).Scan(&seq); err != nil || seq != 3 {
		t.Fatalf("the late event should be sealed once, third: seq %d, %v", seq, err)
	}
}

// The chain's head only moves forward, and only onto the chain: the database refuses to
// rewind it, to rewrite it in place or to remove it, whoever asks without first switching
// its guard off (which only the owner can, and which the signed checkpoints then catch).
func TestAuditHeadOnlyMovesForward(t *testing.T) {
	db, _ := pgtest.New(t)
	seedEvents(t, db, 5)
	ctx := context.Background()
	for _, stmt := range []string{
		"UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_chain WHERE seq = 3), prev_hash = (SELECT prev_hash FROM audit_chain WHERE seq = 3)",
		"UPDATE audit_head SET seq = 0, hash = '', prev_hash = ''",
		"UPDATE audit_head SET hash = '\\x00'",
		"UPDATE audit_head SET seq = seq + 1, hash = '\\x01'",
		"UPDATE audit_head SET low_tx = '1'::xid8",
		"DELETE FROM audit_head",
		"TRUNCATE audit_head",
	} {
		if _, err := db.Pool().Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "audit_head") {
			t.Errorf("%s: want refusal by the database, got %v", stmt, err)
		}
	}
	if v := verify(t, db); !v.OK || v.Checked != 5 {
		t.Fatalf("after the refused rewinds the chain should be intact: %+v", v)
	}
	// The sealer still moves it forward.
	seedEvents(t, db, 2)
	if v := verify(t, db); !v.OK || v.Checked != 7 {
		t.Fatalf("sealing after the refusals: %+v", v)
	}
}

// Emptying the events and their chain is caught: the head still names the last event, and
// the database refuses to reset it.
func TestAuditEmptiedTrailIsDetected(t *testing.T) {
	db, _ := pgtest.New(t)
	seedEvents(t, db, 5)
	tamper(t, db, "DELETE FROM audit_chain", "DELETE FROM audit_events")
	if _, err := db.Pool().Exec(context.Background(), "UPDATE audit_head SET seq = 0, hash = '', prev_hash = ''"); err == nil {
		t.Error("the head was reset to an empty chain")
	}
	if v := verify(t, db); v.OK {
		t.Fatalf("an emptied trail passed verification: %+v", v)
	}
}

// An event dated before the last sealed one (or far from the database's clock) is refused
// by the database, so nobody can slip an event into the past, nor date one in the future
// so that every honest event after it looks backdated.
func TestAuditBackdatedEventRefused(t *testing.T) {
	db, _ := pgtest.New(t)
	seedEvents(t, db, 3)
	ctx := context.Background()
	for _, at := range []string{"now() - interval '1 day'", "'2020-01-01T00:00:00Z'", "now() + interval '1 day'"} {
		_, err := db.Pool().Exec(ctx, "INSERT INTO audit_events (at, action, outcome) VALUES ("+at+", 'test.backdated', 'success')")
		if err == nil {
			t.Errorf("an event dated %s was accepted", at)
		}
	}
	// An event dated now is fine, through SQL as through the store.
	if _, err := db.Pool().Exec(ctx, "INSERT INTO audit_events (at, action, outcome) VALUES (clock_timestamp(), 'test.now', 'success')"); err != nil {
		t.Fatal(err)
	}
	seedEvents(t, db, 1)
	if v := verify(t, db); !v.OK || v.Checked != 5 {
		t.Fatalf("want an intact chain of 5: %+v", v)
	}
}

// An event not yet sealed is protected like a sealed one: the application's connection
// cannot change or remove it.
func TestAuditUnsealedEventIsAppendOnly(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx := context.Background()
	if err := db.Audit(ctx, domain.NewAuditEvent(domain.System("test"), "test.unsealed", "thing", "x", domain.OutcomeSuccess)); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE audit_events SET outcome = 'failure' WHERE action = 'test.unsealed'",
		"DELETE FROM audit_events WHERE action = 'test.unsealed'",
	} {
		if _, err := db.Pool().Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s on an unsealed event: want refusal, got %v", stmt, err)
		}
	}
}
