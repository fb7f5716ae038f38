package postgres_test

import (
	"context"
	"errors"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

// The store's side of Idempotency-Key (the HTTP side is in api/idempotency_test.go and the
// fault suite in cmd/pathways): a store call made inside RunOnce's work belongs to its
// transaction, and commits with the key or not at all.
func TestRunOnceCommitsTheKeyWithTheWork(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx, sys := context.Background(), domain.System("test")
	req := domain.IdempotentRequest{Actor: "user:x", Key: "k1", Method: "POST", Path: "/p", BodyHash: []byte{1}}
	count := countIn(t, db)

	// Work that fails after a write leaves neither the write nor the key.
	boom := errors.New("boom")
	_, err := db.RunOnce(ctx, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
		if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}); err != nil {
			return domain.IdempotentResponse{}, false, err
		}
		return domain.IdempotentResponse{}, false, boom
	})
	if !errors.Is(err, boom) || count("SELECT count(*) FROM countries") != 0 || count("SELECT count(*) FROM idempotency_keys") != 0 {
		t.Fatalf("failed work: err %v, %d countries, %d keys", err, count("SELECT count(*) FROM countries"), count("SELECT count(*) FROM idempotency_keys"))
	}
	// Work that answers without keep (a refusal) likewise.
	if _, err := db.RunOnce(ctx, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
		return domain.IdempotentResponse{Status: 422}, false, db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"})
	}); err != nil || count("SELECT count(*) FROM countries") != 0 {
		t.Fatalf("unkept work: err %v, %d countries", err, count("SELECT count(*) FROM countries"))
	}

	// A store call that fails inside the work undoes only its own part.
	replay, err := db.RunOnce(ctx, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
		if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}); err != nil {
			return domain.IdempotentResponse{}, false, err
		}
		if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "lowercase", Name: "Nowhere"}); err == nil {
			t.Error("a bad country code was accepted")
		}
		return domain.IdempotentResponse{Status: 201, Body: []byte("first")}, true, nil
	})
	if err != nil || replay != nil {
		t.Fatalf("first run: %v %v", replay, err)
	}
	if count("SELECT count(*) FROM countries") != 1 || count("SELECT count(*) FROM idempotency_keys") != 1 {
		t.Fatalf("%d countries, %d keys", count("SELECT count(*) FROM countries"), count("SELECT count(*) FROM idempotency_keys"))
	}

	// The retry replays without running the work; another request under the key is refused.
	replay, err = db.RunOnce(ctx, req, func(context.Context) (domain.IdempotentResponse, bool, error) {
		t.Error("the work ran again")
		return domain.IdempotentResponse{}, false, nil
	})
	if err != nil || replay == nil || replay.Status != 201 || string(replay.Body) != "first" {
		t.Fatalf("retry: %+v %v", replay, err)
	}
	other := req
	other.BodyHash = []byte{2}
	if _, err := db.RunOnce(ctx, other, nil); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Errorf("another request under the key: %v", err)
	}
}

// When another request under the key committed after this one looked the key up, this one's
// work is rolled back and the first answer returned. (The window is inside one statement;
// the test opens it by writing the key from outside while the work runs.)
func TestRunOnceYieldsToAnAnswerCommittedMeanwhile(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx, sys := context.Background(), domain.System("test")
	req := domain.IdempotentRequest{Actor: "user:x", Key: "k1", Method: "POST", Path: "/p", BodyHash: []byte{1}}
	replay, err := db.RunOnce(ctx, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
		if _, err := db.Pool().Exec(context.Background(), `INSERT INTO idempotency_keys (actor, key, method, path, body_hash, status, response)
			VALUES ('user:x', 'k1', 'POST', '/p', '\x01', 201, 'theirs')`); err != nil {
			t.Fatal(err)
		}
		return domain.IdempotentResponse{Status: 201, Body: []byte("mine")}, true, db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"})
	})
	if err != nil || replay == nil || string(replay.Body) != "theirs" {
		t.Fatalf("want the committed answer, got %+v %v", replay, err)
	}
	if n := countIn(t, db)("SELECT count(*) FROM countries"); n != 0 {
		t.Errorf("the yielding work was committed: %d countries", n)
	}
}

// An event recorded with Audit during the work (a refusal) survives the work's rollback.
func TestRunOnceKeepsRefusalsThroughTheRollback(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx, sys := context.Background(), domain.System("test")
	req := domain.IdempotentRequest{Actor: "user:x", Key: "k1", Method: "POST", Path: "/p", BodyHash: []byte{1}}
	denied := domain.Errorf(domain.CodeForbidden, "no")
	_, err := db.RunOnce(ctx, req, func(ctx context.Context) (domain.IdempotentResponse, bool, error) {
		if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}); err != nil {
			return domain.IdempotentResponse{}, false, err
		}
		if err := db.Audit(ctx, domain.NewAuditEvent(sys, "test.refused", "thing", "1", domain.OutcomeDenied)); err != nil {
			return domain.IdempotentResponse{}, false, err
		}
		return domain.IdempotentResponse{}, false, denied
	})
	count := countIn(t, db)
	if !errors.Is(err, denied) || count("SELECT count(*) FROM audit_events WHERE action = 'test.refused'") != 1 ||
		count("SELECT count(*) FROM audit_events WHERE action = 'country.upsert'") != 0 {
		t.Errorf("err %v; refusal events %d, rolled-back events %d", err, count("SELECT count(*) FROM audit_events WHERE action = 'test.refused'"),
			count("SELECT count(*) FROM audit_events WHERE action = 'country.upsert'"))
	}
}

func countIn(t *testing.T, db *postgres.DB) func(q string) int {
	return func(q string) int {
		t.Helper()
		var n int
		if err := db.Pool().QueryRow(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
}
