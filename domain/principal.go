package domain

import (
	"slices"
	"strings"
)

// Role is what a membership lets a user do; Casbin's policy speaks of these names.
type Role string

const (
	RolePractitioner      Role = "practitioner"
	RoleSupervisor        Role = "supervisor"
	RoleNationalAuthority Role = "national_authority"
	RoleAdmin             Role = "admin"
	RoleAuditor           Role = "auditor"
)

// Roles lists every role, in a stable order.
var Roles = []Role{RolePractitioner, RoleSupervisor, RoleNationalAuthority, RoleAdmin, RoleAuditor}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ScopeKind says how wide a membership reaches.
type ScopeKind string

const (
	ScopeGlobal   ScopeKind = "global"
	ScopeCountry  ScopeKind = "country"
	ScopeFacility ScopeKind = "facility"
)

// Scope is where a role applies: everywhere, one country, or one facility.
type Scope struct {
	Kind       ScopeKind
	Country    string // ISO 3166-1 alpha-2, for country scopes (and set for facility scopes too)
	FacilityID string // for facility scopes
}

// String is the scope as the audit trail and the register of published figures write it.
func (s Scope) String() string {
	switch s.Kind {
	case ScopeGlobal:
		return "global"
	case ScopeCountry:
		return "country:" + s.Country
	case ScopeFacility:
		return "facility:" + s.FacilityID
	}
	return "none"
}

// Covers reports whether s includes a facility in the given country.
func (s Scope) Covers(country, facilityID string) bool {
	switch s.Kind {
	case ScopeGlobal:
		return true
	case ScopeCountry:
		return s.Country == country
	case ScopeFacility:
		return s.FacilityID == facilityID
	}
	return false
}

// CoversCountry reports whether s includes the whole of a country.
func (s Scope) CoversCountry(country string) bool {
	return s.Kind == ScopeGlobal || (s.Kind == ScopeCountry && s.Country == country)
}

// Membership gives a user a role in a scope.
type Membership struct {
	ID     string
	UserID string
	Role   Role
	Scope  Scope
}

// Principal is who is calling: a signed-in user or a machine client holding an API token,
// with the memberships in force at this request (so a revoked membership stops working at
// once). Every store method that reads or writes case data takes one, to scope its SQL and
// to write the audit event.
type Principal struct {
	UserID      string
	Username    string
	Memberships []Membership
	TokenID     string   // set for API-token callers
	TokenRoutes []string // the Casbin objects an API token may reach
	// TokenCreator is the person who created the API token (set with TokenID): the token
	// acts for them, so what they may not do to themselves, the token may not either.
	TokenCreator string
	// ActingRole is the role under which the current request was allowed.
	ActingRole Role
	RequestID  string
	IP         string
}

// RoleNames lists the distinct roles the principal holds.
func (p *Principal) RoleNames() []Role {
	var out []Role
	for _, m := range p.Memberships {
		if !slices.Contains(out, m.Role) {
			out = append(out, m.Role)
		}
	}
	return out
}

// Scopes lists the scopes in which the principal holds r.
func (p *Principal) Scopes(r Role) []Scope {
	var out []Scope
	for _, m := range p.Memberships {
		if m.Role == r {
			out = append(out, m.Scope)
		}
	}
	return out
}

// ScopeString describes the acting role's scopes for the audit trail.
func (p *Principal) ScopeString() string { return p.scopeString(p.ActingRole) }

func (p *Principal) scopeString(r Role) string {
	var parts []string
	for _, s := range p.Scopes(r) {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, ",")
}

// Covers reports whether the principal holds r in a scope covering the facility.
func (p *Principal) Covers(r Role, country, facilityID string) bool {
	_, ok := p.membershipCovering(r, country, facilityID)
	return ok
}

func (p *Principal) membershipCovering(r Role, country, facilityID string) (Membership, bool) {
	for _, m := range p.Memberships {
		if m.Role == r && m.Scope.Covers(country, facilityID) {
			return m, true
		}
	}
	return Membership{}, false
}

// A role's powers apply only where that role's scope reaches. Holding a role somewhere says
// nothing about a given case: whether a power applies to a case is always asked of the case's
// place (Supervises, CaseMembership), never of the role alone, so a supervisor of one country
// who is a practitioner elsewhere has no supervisor's powers over the cases they work on there.

// Supervises reports whether one of the principal's supervisor memberships covers a case at
// the facility: the test of every supervisor's power over a case (its team, other people's
// assessment drafts, decisions on its requests, transfers into the facility).
func (p *Principal) Supervises(country, facilityID string) bool {
	return p.Covers(RoleSupervisor, country, facilityID)
}

// CaseMembership is the membership through which the principal reaches a case at the
// facility: a supervisor membership covering it if there is one, otherwise a practitioner
// membership covering it (a practitioner reaches only the cases whose team they are on, which
// the store checks). ok is false when no staff membership covers the facility.
func (p *Principal) CaseMembership(country, facilityID string) (Membership, bool) {
	if m, ok := p.membershipCovering(RoleSupervisor, country, facilityID); ok {
		return m, true
	}
	return p.membershipCovering(RolePractitioner, country, facilityID)
}

// Operator reports whether the principal is the command line or a background job (see
// System) rather than a person or a token.
func (p *Principal) Operator() bool {
	return p.UserID == "" && p.TokenID == "" && strings.HasPrefix(p.Username, "system:")
}

// System is the principal of the command line and of background jobs: it acts as a global
// administrator and is named in the audit trail for what it did.
func System(what string) *Principal {
	return &Principal{
		Username:    "system:" + what,
		Memberships: []Membership{{Role: RoleAdmin, Scope: Scope{Kind: ScopeGlobal}}},
		ActingRole:  RoleAdmin,
	}
}
