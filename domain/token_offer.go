package domain

// TokenOffer is one role an administrator may put on an API token, with where: what the
// token form offers, so that it never offers what JudgeAdminAction would refuse.
type TokenOffer struct {
	Role Role
	// ScopeKinds the token may be issued for, within the administrator's own scopes.
	ScopeKinds []ScopeKind
	// Alone: some token of this role is issued at once by one administrator (a national
	// authority's statistics token); every other waits for a second one.
	Alone bool
}

// TokenOffers lists the roles the actor could issue a token for, each with the scope kinds
// their admin scopes reach: a token role (TokenRoles) only, the auditor only globally (so
// only by a global administrator), a global scope only by a global administrator, a country
// scope by a global or country administrator, a facility scope by any. An actor with no admin
// scope gets none.
func TokenOffers(actor AdminActor) []TokenOffer {
	global, country, facility := actor.IsGlobal(), actor.IsGlobal(), actor.IsGlobal()
	for _, s := range actor.Scopes {
		country = country || s.Kind == ScopeCountry
		facility = facility || s.Kind == ScopeCountry || s.Kind == ScopeFacility
	}
	var kinds []ScopeKind
	if global {
		kinds = append(kinds, ScopeGlobal)
	}
	if country {
		kinds = append(kinds, ScopeCountry)
	}
	if facility {
		kinds = append(kinds, ScopeFacility)
	}
	if len(kinds) == 0 {
		return nil
	}
	out := []TokenOffer{}
	for _, r := range TokenRoles {
		o := TokenOffer{Role: r, ScopeKinds: kinds, Alone: !TokenNeedsSecondAdmin(r, StatisticsTokenRoutes)}
		if r == RoleAuditor {
			if !global {
				continue // auditorIsGlobal: nobody below global issues one
			}
			o.ScopeKinds = []ScopeKind{ScopeGlobal}
		}
		out = append(out, o)
	}
	return out
}
