package postgres_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

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
	v, err := db.VerifyAudit(context.Background(), nil, domain.Anchors{})
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

// checkpointNow seals and signs the chain's head, as the server's checkpointer does.
func checkpointNow(t *testing.T, db *postgres.DB, key ed25519.PrivateKey) domain.Checkpoint {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	head, err := db.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp := domain.SignCheckpoint(key, head.Seq, head.Hash, time.Now())
	cp.Name = "checkpoint-" + strconv.FormatInt(head.Seq, 10)
	return cp
}

func verifyAnchored(t *testing.T, db *postgres.DB, key ed25519.PrivateKey, cps ...domain.Checkpoint) domain.ChainVerdict {
	t.Helper()
	v, err := db.VerifyAudit(context.Background(), nil, domain.Anchors{Checkpoints: cps, Keys: []ed25519.PublicKey{key.Public().(ed25519.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Whoever holds the owner's rights can switch every guard off, cut the trail's tail and
// copy the last remaining link into the head, or empty the trail: the database then agrees
// with itself, and only the checkpoints kept outside it show what was cut.
func TestAuditCheckpointsCatchACutTrail(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	cases := map[string][]string{
		"tail cut, head copied": {removeAt("seq >= 4"),
			"UPDATE audit_head SET (seq, prev_hash, hash) = (SELECT seq, prev_hash, hash FROM audit_chain ORDER BY seq DESC LIMIT 1)"},
		"trail emptied, head reset": {"DELETE FROM audit_chain", "DELETE FROM audit_events",
			"UPDATE audit_head SET seq = 0, prev_hash = '', hash = '', last_at = NULL"},
	}
	for name, stmts := range cases {
		t.Run(name, func(t *testing.T) {
			db, _ := pgtest.New(t)
			seedEvents(t, db, 3)
			early := checkpointNow(t, db, key)
			seedEvents(t, db, 3)
			late := checkpointNow(t, db, key)
			if v := verifyAnchored(t, db, key, early, late); !v.OK || v.Checkpoints != 2 || v.Anchored != late.Seq {
				t.Fatalf("before tampering: %+v", v)
			}
			tamper(t, db, stmts...)
			if v := verify(t, db); !v.OK {
				t.Fatalf("the database should agree with itself after this tampering (else the test proves nothing): %+v", v)
			}
			v := verifyAnchored(t, db, key, early, late)
			if v.OK || !strings.Contains(v.Problem, "cut") {
				t.Fatalf("a cut trail passed its checkpoints: %+v", v)
			}
		})
	}
}

// The owner changes an event and recomputes every hash after it, and the head: every link
// holds, and only a checkpoint signed before the rewrite shows it.
func TestAuditCheckpointsCatchARecomputedChain(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	db, _ := pgtest.New(t)
	seedEvents(t, db, 5)
	cp := checkpointNow(t, db, key)
	ctx := context.Background()

	// Rewrite event 2 and recompute the chain from it, as an owner with the code could.
	stmts := []string{"UPDATE audit_events SET actor_name = 'someone-else' WHERE id = " + eventAt(2)}
	tamper(t, db, stmts...)
	rows, err := db.Pool().Query(ctx, `SELECT c.seq, e.at, e.actor_id, e.actor_name, e.role, e.scope, e.action, e.object_type, e.object_id,
		e.outcome, e.request_id, e.ip, e.details FROM audit_chain c JOIN audit_events e ON e.id = c.event_id ORDER BY c.seq`)
	if err != nil {
		t.Fatal(err)
	}
	var events []domain.AuditEvent
	for rows.Next() {
		var e domain.AuditEvent
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Role, &e.Scope, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Outcome, &e.RequestID, &e.IP, &e.Details); err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	prev := []byte{}
	var rewrite []string
	for _, e := range events {
		h := e.ChainHash(prev)
		rewrite = append(rewrite, "UPDATE audit_chain SET prev_hash = '\\x"+hex.EncodeToString(prev)+"', hash = '\\x"+hex.EncodeToString(h)+
			"' WHERE seq = "+strconv.FormatInt(e.Seq, 10))
		prev = h
	}
	rewrite = append(rewrite, "UPDATE audit_head SET (prev_hash, hash) = (SELECT prev_hash, hash FROM audit_chain ORDER BY seq DESC LIMIT 1)")
	tamper(t, db, rewrite...)

	if v := verify(t, db); !v.OK {
		t.Fatalf("the recomputed chain should agree with itself (else the test proves nothing): %+v", v)
	}
	v := verifyAnchored(t, db, key, cp)
	if v.OK || v.BrokenAt != 5 || !strings.Contains(v.Problem, "recomputed") {
		t.Fatalf("a recomputed chain passed its checkpoint: %+v", v)
	}
}

// A checkpoint not signed by the trusted key fails verification: forging one for a
// rewritten chain takes the key, which the database does not hold.
func TestAuditForgedCheckpointIsDetected(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	_, other, _ := ed25519.GenerateKey(nil)
	db, _ := pgtest.New(t)
	seedEvents(t, db, 3)
	good, forged := checkpointNow(t, db, key), checkpointNow(t, db, other)
	if v := verifyAnchored(t, db, key, good); !v.OK {
		t.Fatalf("genuine checkpoint: %+v", v)
	}
	if v := verifyAnchored(t, db, key, good, forged); v.OK || !strings.Contains(v.Problem, "cannot be trusted") {
		t.Errorf("a checkpoint signed by another key passed: %+v", v)
	}
	edited := good
	edited.Head = bytes.Repeat([]byte{7}, 32)
	if v := verifyAnchored(t, db, key, edited); v.OK || !strings.Contains(v.Problem, "signature") {
		t.Errorf("an edited checkpoint passed: %+v", v)
	}
}
