package postgres_test

import (
	"context"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres/pgtest"
)

func TestCreateUserWithMembershipIsAtomic(t *testing.T) {
	db, _ := pgtest.New(t)
	ctx, sys := context.Background(), domain.System("test")
	if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}); err != nil {
		t.Fatal(err)
	}
	f, err := db.CreateFacility(ctx, sys, domain.Facility{Country: "XA", Name: "Northgate", Kind: domain.FacilityPrison})
	if err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := db.Pool().QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// An unknown facility: refused, and neither the user nor an audit event remains.
	_, _, err = db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: "carol", PasswordHash: "x"},
		domain.Membership{Role: domain.RolePractitioner, Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: "00000000-0000-4000-8000-000000000009"}})
	if domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("unknown facility: %v", err)
	}
	if count("SELECT count(*) FROM users") != 0 || count("SELECT count(*) FROM audit_events WHERE action IN ('user.create', 'membership.create')") != 0 {
		t.Fatal("a refused user add left a user or its audit event behind")
	}

	u, m, err := db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: "carol", PasswordHash: "x"},
		domain.Membership{Role: domain.RolePractitioner, Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if m.UserID != u.ID || m.ID == "" || m.Scope.Country != "XA" {
		t.Fatalf("membership %+v of user %s", m, u.ID)
	}
	if count("SELECT count(*) FROM memberships") != 1 {
		t.Fatal("membership not stored")
	}
}
