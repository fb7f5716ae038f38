package seed

import (
	"context"

	"pathways/domain"
	"pathways/domain/postgres"
)

// facility is a facility with the people who work cases there.
type facility struct {
	id          id
	country     string
	programme   id
	track       domain.Track
	managers    []id    // case managers (practitioners)
	specialists []staff // other team members, with their discipline
	supervisors []id
	groupTypes  []string // the group programmes the facility runs
	nationals   []string // nationalities, most common first
	agency      string
}

func (f *facility) custodial() bool { return f.track == domain.TrackCustodial }

type staff struct {
	id         id
	discipline string
}

// casePlan is the shape of one case's history: where it ends up and what is pending.
type casePlan struct {
	fac               *facility
	phase             domain.Phase
	closure           string
	manager           id
	requester         id // who asks for the pending things; the manager unless set
	noSpecialist      bool
	pendingTransition bool
	pendingPlan       bool
	// pendingRevision: a revised individual plan (the next version) waits for approval
	// while the approved one stays in force.
	pendingRevision      bool
	pendingMilestone     bool
	pendingReintegration bool
	overdue              bool
	newOffence           string // for an open reintegration case: arrest, charge or conviction
}

// member is a user to find or create, with the one membership they are created with.
type member struct {
	username, display string
	passwordHash      string // "" makes a user who cannot sign in
	role              domain.Role
	scope             domain.Scope
}

// ensureMember finds a user by name or creates them with their membership (audited by the
// store); created says which.
func ensureMember(ctx context.Context, db *postgres.DB, sys *domain.Principal, m member) (id, bool, error) {
	c, err := db.Credentials(ctx, m.username)
	if err == nil {
		u, err := postgres.ParseBulkID(c.User.ID)
		return u, false, err
	}
	if domain.ErrorCode(err) != domain.CodeNotFound {
		return id{}, false, err
	}
	u, _, err := db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: m.username, DisplayName: m.display,
		PasswordHash: m.passwordHash}, domain.Membership{Role: m.role, Scope: m.scope})
	if err != nil {
		return id{}, false, err
	}
	got, err := postgres.ParseBulkID(u.ID)
	return got, true, err
}

func mustID(s string) id {
	u, err := postgres.ParseBulkID(s)
	if err != nil {
		panic(err)
	}
	return u
}
