package domain

import (
	"slices"
	"testing"
)

// Every offer is one JudgeAdminAction accepts, and the roles it refuses are not offered.
func TestTokenOffersMatchTheRules(t *testing.T) {
	fac := Scope{Kind: ScopeFacility, Country: "XB", FacilityID: "f1"}
	for name, actor := range map[string]AdminActor{
		"global":   {ID: "a", Scopes: []Scope{{Kind: ScopeGlobal}}},
		"country":  {ID: "a", Scopes: []Scope{{Kind: ScopeCountry, Country: "XB"}}},
		"facility": {ID: "a", Scopes: []Scope{fac}},
		"none":     {ID: "a"},
	} {
		offers := TokenOffers(actor)
		offered := map[Role][]ScopeKind{}
		for _, o := range offers {
			offered[o.Role] = o.ScopeKinds
		}
		for _, role := range []Role{RolePractitioner, RoleSupervisor, RoleNationalAuthority, RoleAdmin, RoleAuditor} {
			for _, kind := range []ScopeKind{ScopeGlobal, ScopeCountry, ScopeFacility} {
				s := Scope{Kind: kind}
				switch kind {
				case ScopeCountry:
					s.Country = "XB"
				case ScopeFacility:
					s = fac
				}
				_, err := JudgeAdminAction(actor, AdminAction{Kind: AdminTokenCreate, Role: role, Scope: s, Routes: []string{"statistics"}})
				if got := slices.Contains(offered[role], kind); got != (err == nil) {
					t.Errorf("%s admin, %s token in %s: offered %v, rules say %v", name, role, kind, got, err)
				}
			}
		}
	}
	if o := TokenOffers(AdminActor{Scopes: []Scope{{Kind: ScopeCountry, Country: "XB"}}}); len(o) != 2 || o[0].Role != RoleNationalAuthority || !o[0].Alone || o[1].Alone {
		t.Errorf("country admin offers %+v", o)
	}
}
