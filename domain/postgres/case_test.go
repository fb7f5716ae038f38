package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
	"pathways/domain/postgres/pgtest"
)

type caseWorld struct {
	db                *postgres.DB
	facility          string
	programme         string
	alice, bob, carol *domain.Principal // practitioner; supervisors
}

func newCaseWorld(t *testing.T) caseWorld {
	t.Helper()
	db, _ := pgtest.New(t)
	ctx, sys := context.Background(), domain.System("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.UpsertCountry(ctx, sys, domain.Country{Code: "XA", Name: "Arcadia"}))
	f, err := db.CreateFacility(ctx, sys, domain.Facility{Country: "XA", Name: "Northgate", Kind: domain.FacilityPrison})
	must(err)
	g, err := db.CreateProgramme(ctx, sys, domain.Programme{Country: "XA", Name: "P", AftercareMonths: 12})
	must(err)
	w := caseWorld{db: db, facility: f.ID, programme: g.ID}
	principal := func(name string, role domain.Role, scope domain.Scope) *domain.Principal {
		u, err := db.CreateUser(ctx, sys, domain.NewUser{Username: name, DisplayName: name, PasswordHash: "x"})
		must(err)
		m, err := db.AddMembership(ctx, sys, domain.Membership{UserID: u.ID, Role: role, Scope: scope})
		must(err)
		return &domain.Principal{UserID: u.ID, Username: name, Memberships: []domain.Membership{m}, ActingRole: role}
	}
	w.alice = principal("alice", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, FacilityID: f.ID})
	w.bob = principal("bob", domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	w.carol = principal("carol", domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"})
	return w
}

func (w caseWorld) intake(ref string) domain.NewCase {
	now := time.Now().UTC()
	return domain.NewCase{ProgrammeID: w.programme, FacilityID: w.facility, Track: domain.TrackCustodial, BirthYear: 1990,
		Gender: "male", Nationality: "XA", ExternalRef: ref, LegalBasis: domain.BasisVoluntary, ConsentGiven: true, ConsentDate: &now}
}

var secret = []byte("test secret of at least thirty-two bytes")

// Two intakes of the same person at the same moment: one case, one 409.
func TestConcurrentDuplicateIntake(t *testing.T) {
	w := newCaseWorld(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.db.CreateCase(context.Background(), w.alice, w.intake("X-1"), secret)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if domain.ErrorCode(err) != domain.CodeConflict {
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Errorf("%d intakes succeeded, want 1", ok)
	}
}

// Four eyes, in the store and in the database itself.
func TestNobodyDecidesTheirOwnRequest(t *testing.T) {
	w := newCaseWorld(t)
	ctx := context.Background()
	k, err := w.db.CreateCase(ctx, w.bob, w.intake(""), secret)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := w.db.RequestTransition(ctx, w.bob, k.ID, k.Version, domain.TransitionRequest{To: domain.PhaseClosed, ClosureReason: "withdrawn", Reason: "left"})
	if err != nil || pc.Status != "pending" {
		t.Fatalf("%+v %v", pc, err)
	}
	if _, err := w.db.DecideApproval(ctx, w.bob, pc.ApprovalID, domain.Decision{Approve: true}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("self-approval: %v", err)
	}
	if _, err := w.db.Pool().Exec(ctx, "UPDATE approvals SET status = 'approved', decided_by = requested_by, decided_at = now() WHERE id = $1", pc.ApprovalID); err == nil {
		t.Fatal("the database let a requester decide their own request")
	}
	// A practitioner (no supervisor scope) cannot even find it.
	if _, err := w.db.DecideApproval(ctx, w.alice, pc.ApprovalID, domain.Decision{Approve: true}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("practitioner decision: %v", err)
	}
	a, err := w.db.DecideApproval(ctx, w.carol, pc.ApprovalID, domain.Decision{Approve: true, Comment: "ok"})
	if err != nil || a.Status != "approved" || a.DecidedBy != "carol" {
		t.Fatalf("%+v %v", a, err)
	}
	got, err := w.db.GetCase(ctx, w.carol, k.ID)
	if err != nil || got.Phase != domain.PhaseClosed || got.ClosureReason != "withdrawn" || got.ClosedOn == nil {
		t.Fatalf("%+v %v", got.Case, err)
	}
}
