package domain

import "testing"

var (
	global = Scope{Kind: ScopeGlobal}
	xa     = Scope{Kind: ScopeCountry, Country: "XA"}
	xb     = Scope{Kind: ScopeCountry, Country: "XB"}
	facA   = Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "fa"}
	facA2  = Scope{Kind: ScopeFacility, Country: "XA", FacilityID: "fa2"}
	facB   = Scope{Kind: ScopeFacility, Country: "XB", FacilityID: "fb"}
)

func TestAdminScopeCovers(t *testing.T) {
	for _, tc := range []struct {
		admin, target Scope
		want          bool
	}{
		{global, global, true},
		{global, xb, true},
		{global, facB, true},
		{xb, global, false},
		{xb, xb, true},
		{xb, xa, false},
		{xb, facB, true},
		{xb, facA, false},
		{facA, facA, true},
		{facA, facA2, false},
		{facA, xa, false},
		{facA, global, false},
		{xb, Scope{}, false},
		{Scope{Kind: ScopeCountry}, Scope{Kind: ScopeFacility, FacilityID: "fx"}, false}, // a facility without its country is reached by no country
	} {
		if got := AdminScopeCovers(tc.admin, tc.target); got != tc.want {
			t.Errorf("AdminScopeCovers(%s, %s) = %v, want %v", tc.admin, tc.target, got, tc.want)
		}
	}
}

func member(id string, r Role, s Scope) Membership { return Membership{ID: id, Role: r, Scope: s} }

func TestAdminActorCoversUser(t *testing.T) {
	xbAdmin := AdminActor{ID: "me", Scopes: []Scope{xb}}
	twoCountries := AdminActor{ID: "me", Scopes: []Scope{xa, xb}}
	for _, tc := range []struct {
		name   string
		actor  AdminActor
		target AdminTarget
		want   bool
	}{
		{"practitioner in the country", xbAdmin, AdminTarget{Memberships: []Membership{member("1", RolePractitioner, facB)}}, true},
		{"the global admin", xbAdmin, AdminTarget{Memberships: []Membership{member("1", RoleAdmin, global)}}, false},
		{"one membership outside", xbAdmin, AdminTarget{Memberships: []Membership{member("1", RolePractitioner, facB), member("2", RoleSupervisor, xa)}}, false},
		{"memberships in two countries, admin of both", twoCountries, AdminTarget{Memberships: []Membership{member("1", RolePractitioner, facB), member("2", RoleSupervisor, xa)}}, true},
		{"no membership, placed in the country", xbAdmin, AdminTarget{HomeScope: xb}, true},
		{"no membership, placed at a facility of the country", xbAdmin, AdminTarget{HomeScope: facB}, true},
		{"no membership, placed elsewhere", xbAdmin, AdminTarget{HomeScope: xa}, false},
		{"no membership, never placed (global)", xbAdmin, AdminTarget{}, false},
		{"home scope ignored once memberships exist", xbAdmin, AdminTarget{HomeScope: xa, Memberships: []Membership{member("1", RolePractitioner, facB)}}, true},
		{"the operator reaches everyone", AdminActor{Operator: true}, AdminTarget{Memberships: []Membership{member("1", RoleAdmin, global)}}, true},
	} {
		if got := tc.actor.CoversUser(tc.target); got != tc.want {
			t.Errorf("%s: CoversUser = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestJudgeAdminAction(t *testing.T) {
	yes := true
	globalAdmin := AdminActor{ID: "g", Scopes: []Scope{global}}
	xbAdmin := AdminActor{ID: "x", Scopes: []Scope{xb}}
	xbToken := AdminActor{ID: "x", Scopes: []Scope{xb}, Token: true}
	operator := AdminActor{Operator: true, Scopes: []Scope{global}}
	prac := &AdminTarget{ID: "p", Memberships: []Membership{member("m1", RolePractitioner, facB)}}
	otherAdmin := &AdminTarget{ID: "o", Memberships: []Membership{member("m2", RoleAdmin, xb)}}
	auditor := &AdminTarget{ID: "a", Memberships: []Membership{member("m3", RoleAuditor, xb)}}
	xbSelf := &AdminTarget{ID: "x", Memberships: []Membership{member("m4", RoleAdmin, xb)}}
	theGlobalAdmin := &AdminTarget{ID: "g", Memberships: []Membership{member("m5", RoleAdmin, global)}}

	for _, tc := range []struct {
		name   string
		actor  AdminActor
		action AdminAction
		want   AdminVerdict
		code   Code // when refused
	}{
		// People outside the actor's reach do not exist for them.
		{"country admin disables the global admin", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: theGlobalAdmin, Patch: UserPatch{Disabled: &yes}}, 0, CodeNotFound},
		{"country admin resets the global admin", xbAdmin, AdminAction{Kind: AdminUserReset, Target: theGlobalAdmin}, 0, CodeNotFound},
		{"country admin grants to the global admin", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: theGlobalAdmin, Role: RolePractitioner, Scope: facB}, 0, CodeNotFound},
		{"no target at all", xbAdmin, AdminAction{Kind: AdminUserReset}, 0, CodeNotFound},

		// Ordinary accounts in scope: at once.
		{"disable a practitioner", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: prac, Patch: UserPatch{Disabled: &yes}}, AdminApply, ""},
		{"reset a practitioner", xbAdmin, AdminAction{Kind: AdminUserReset, Target: prac}, AdminApply, ""},
		{"grant supervisor in the country", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleSupervisor, Scope: xb}, AdminApply, ""},
		{"remove a practitioner's membership", xbAdmin, AdminAction{Kind: AdminMembershipDelete, Target: prac, MembershipID: "m1"}, AdminApply, ""},
		{"create a user in the country", xbAdmin, AdminAction{Kind: AdminUserCreate, Scope: facB}, AdminApply, ""},

		// Scopes the actor does not hold.
		{"create a user elsewhere", xbAdmin, AdminAction{Kind: AdminUserCreate, Scope: xa}, 0, CodeForbidden},
		{"create a global user", xbAdmin, AdminAction{Kind: AdminUserCreate, Scope: global}, 0, CodeForbidden},
		{"grant a global membership", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAuditor, Scope: global}, 0, CodeForbidden},
		{"grant in another country", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RolePractitioner, Scope: xa}, 0, CodeForbidden},
		{"remove a membership the user does not hold", xbAdmin, AdminAction{Kind: AdminMembershipDelete, Target: prac, MembershipID: "m9"}, 0, CodeNotFound},
		{"grant what is already held", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RolePractitioner, Scope: facB}, 0, CodeConflict},

		// Admin and auditor: a second administrator.
		{"grant admin", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAdmin, Scope: xb}, AdminAskSecond, ""},
		{"grant auditor", globalAdmin, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAuditor, Scope: global}, AdminAskSecond, ""},
		{"disable another admin", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: otherAdmin, Patch: UserPatch{Disabled: &yes}}, AdminAskSecond, ""},
		{"rename another admin", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: otherAdmin}, AdminAskSecond, ""},
		{"reset an auditor", xbAdmin, AdminAction{Kind: AdminUserReset, Target: auditor}, AdminAskSecond, ""},
		{"grant practitioner to an auditor", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: auditor, Role: RolePractitioner, Scope: facB}, AdminAskSecond, ""},
		{"remove another admin's membership", xbAdmin, AdminAction{Kind: AdminMembershipDelete, Target: otherAdmin, MembershipID: "m2"}, AdminAskSecond, ""},

		// Oneself.
		{"grant oneself anything", xbAdmin, AdminAction{Kind: AdminMembershipCreate, Target: xbSelf, Role: RoleSupervisor, Scope: xb}, 0, CodeInvalid},
		{"grant oneself through a token", xbToken, AdminAction{Kind: AdminMembershipCreate, Target: xbSelf, Role: RoleSupervisor, Scope: xb}, 0, CodeInvalid},
		{"reset one's own password", xbAdmin, AdminAction{Kind: AdminUserReset, Target: xbSelf}, 0, CodeInvalid},
		{"disable oneself", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: xbSelf, Patch: UserPatch{Disabled: &yes}}, 0, CodeInvalid},
		{"rename oneself", xbAdmin, AdminAction{Kind: AdminUserUpdate, Target: xbSelf}, AdminApply, ""},
		{"give up one's own membership", xbAdmin, AdminAction{Kind: AdminMembershipDelete, Target: xbSelf, MembershipID: "m4"}, AdminApply, ""},

		// Tokens.
		{"statistics token in scope", xbAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleNationalAuthority, Scope: xb, Routes: []string{"statistics"}}, AdminApply, ""},
		{"statistics token out of scope", xbAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleNationalAuthority, Scope: xa, Routes: []string{"statistics"}}, 0, CodeForbidden},
		{"global statistics token by a global admin", globalAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleNationalAuthority, Scope: global, Routes: []string{"statistics"}}, AdminApply, ""},
		{"national authority with more than statistics", xbAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleNationalAuthority, Scope: xb, Routes: []string{"statistics", "organisation"}}, AdminAskSecond, ""},
		{"auditor token", globalAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleAuditor, Scope: global, Routes: []string{"audit"}}, AdminAskSecond, ""},
		{"admin token", xbAdmin, AdminAction{Kind: AdminTokenCreate, Role: RoleAdmin, Scope: xb, Routes: []string{"organisation"}}, AdminAskSecond, ""},
		{"practitioner token", globalAdmin, AdminAction{Kind: AdminTokenCreate, Role: RolePractitioner, Scope: global, Routes: []string{"cases"}}, 0, CodeInvalid},

		// The operator holds the database: no second administrator binds them.
		{"operator grants admin", operator, AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAdmin, Scope: global}, AdminApply, ""},
		{"operator resets an admin", operator, AdminAction{Kind: AdminUserReset, Target: theGlobalAdmin}, AdminApply, ""},
	} {
		got, err := JudgeAdminAction(tc.actor, tc.action)
		switch {
		case tc.code != "" && ErrorCode(err) != tc.code:
			t.Errorf("%s: error %v, want %s", tc.name, err, tc.code)
		case tc.code == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.code == "" && got != tc.want:
			t.Errorf("%s: verdict %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestJudgeAdminDecision(t *testing.T) {
	requester := "r"
	globalAdmin := AdminActor{ID: "g", Scopes: []Scope{global}}
	xbAdmin := AdminActor{ID: "x", Scopes: []Scope{xb}}
	prac := &AdminTarget{ID: "p", Memberships: []Membership{member("m1", RolePractitioner, facB)}}
	grantAdmin := AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAdmin, Scope: xb}
	grantGlobal := AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RoleAuditor, Scope: global}
	for _, tc := range []struct {
		name        string
		decider     AdminActor
		requestedBy string
		status      AdminRequestStatus
		action      AdminAction
		approve     bool
		code        Code
	}{
		{"a second admin in scope approves", xbAdmin, requester, AdminRequestPending, grantAdmin, true, ""},
		{"a second admin rejects", xbAdmin, requester, AdminRequestPending, grantAdmin, false, ""},
		{"the requester approves", xbAdmin, "x", AdminRequestPending, grantAdmin, true, CodeForbidden},
		{"the requester rejects", xbAdmin, "x", AdminRequestPending, grantAdmin, false, CodeForbidden},
		{"the target approves", AdminActor{ID: "p", Scopes: []Scope{xb}}, requester, AdminRequestPending, grantAdmin, true, CodeForbidden},
		{"out of the decider's scope", xbAdmin, requester, AdminRequestPending, grantGlobal, true, CodeNotFound},
		{"a global admin approves a global grant", globalAdmin, requester, AdminRequestPending, grantGlobal, true, ""},
		{"already decided", xbAdmin, requester, AdminRequestApproved, grantAdmin, true, CodeConflict},
		{"a token decides", AdminActor{ID: "g", Scopes: []Scope{global}, Token: true}, requester, AdminRequestPending, grantAdmin, true, CodeForbidden},
		{"membership granted meanwhile", xbAdmin, requester, AdminRequestPending,
			AdminAction{Kind: AdminMembershipCreate, Target: prac, Role: RolePractitioner, Scope: facB}, true, CodeConflict},
		{"membership removed meanwhile", xbAdmin, requester, AdminRequestPending,
			AdminAction{Kind: AdminMembershipDelete, Target: prac, MembershipID: "gone"}, true, CodeConflict},
	} {
		err := JudgeAdminDecision(tc.decider, tc.requestedBy, tc.status, tc.action, tc.approve)
		if tc.code == "" && err != nil || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestTokenRules(t *testing.T) {
	for _, tc := range []struct {
		role   Role
		routes []string
		want   bool
	}{
		{RoleNationalAuthority, []string{"statistics"}, false},
		{RoleNationalAuthority, []string{"statistics", "statistics"}, false},
		{RoleNationalAuthority, []string{"statistics", "organisation"}, true},
		{RoleNationalAuthority, nil, true},
		{RoleAuditor, []string{"audit"}, true},
		{RoleAdmin, []string{"statistics"}, true},
	} {
		if got := TokenNeedsSecondAdmin(tc.role, tc.routes); got != tc.want {
			t.Errorf("TokenNeedsSecondAdmin(%s, %v) = %v", tc.role, tc.routes, got)
		}
	}
	for _, tc := range []struct {
		name    string
		scope   Scope
		signers []TokenSigner
		want    bool
	}{
		{"creator still admin of the country", xb, []TokenSigner{{AdminScopes: []Scope{xb}}}, true},
		{"creator global", facB, []TokenSigner{{AdminScopes: []Scope{global}}}, true},
		{"creator disabled", xb, []TokenSigner{{Disabled: true, AdminScopes: []Scope{xb}}}, false},
		{"creator's admin membership removed", xb, []TokenSigner{{}}, false},
		{"creator narrowed to a facility", xb, []TokenSigner{{AdminScopes: []Scope{facB}}}, false},
		{"creator moved to another country", xb, []TokenSigner{{AdminScopes: []Scope{xa}}}, false},
		{"approver lost admin", global, []TokenSigner{{AdminScopes: []Scope{global}}, {AdminScopes: []Scope{xa}}}, false},
		{"both still global", global, []TokenSigner{{AdminScopes: []Scope{global}}, {AdminScopes: []Scope{global}}}, true},
		{"no signer", xb, nil, false},
	} {
		if got := TokenStillBacked(tc.scope, tc.signers...); got != tc.want {
			t.Errorf("%s: TokenStillBacked = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestDefaultHomeScopeAndDecision(t *testing.T) {
	if s, ok := DefaultHomeScope([]Scope{xb}); !ok || s != xb {
		t.Errorf("one admin scope: %v %v", s, ok)
	}
	if _, ok := DefaultHomeScope([]Scope{xa, xb}); ok {
		t.Error("two admin scopes must name one")
	}
	if ErrorCode((AdminDecision{Approve: false}).Validate()) != CodeInvalid {
		t.Error("a rejection without a comment passes")
	}
	if (AdminDecision{Approve: true}).Validate() != nil {
		t.Error("an approval needs no comment")
	}
}

func TestJudgeGlobalChange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		actor    AdminActor
		existing bool
		code     Code
	}{
		{"global admin retires", AdminActor{Scopes: []Scope{global}}, true, ""},
		{"global admin adds", AdminActor{Scopes: []Scope{global}}, false, ""},
		{"operator", AdminActor{Operator: true}, false, ""},
		{"country admin retires", AdminActor{Scopes: []Scope{xb}}, true, CodeNotFound},
		{"country admin adds", AdminActor{Scopes: []Scope{xb}}, false, CodeForbidden},
		{"admin of every country but not global", AdminActor{Scopes: []Scope{xa, xb}}, false, CodeForbidden},
	} {
		err := JudgeGlobalChange(tc.actor, tc.existing, "intervention type")
		if tc.code == "" && err != nil || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestAdminDecisionVerdictAndAction(t *testing.T) {
	for _, c := range []struct {
		d          AdminDecision
		wantStatus AdminRequestStatus
		wantAction AdminActionKind
	}{
		{AdminDecision{Approve: true}, AdminRequestApproved, "admin_request.approve"},
		{AdminDecision{Comment: "not needed"}, AdminRequestRejected, "admin_request.reject"},
	} {
		if c.d.Verdict() != c.wantStatus || c.d.Action() != c.wantAction {
			t.Errorf("%+v: got %s %s", c.d, c.d.Verdict(), c.d.Action())
		}
	}
}

func TestCodeStillBacked(t *testing.T) {
	xb := Scope{Kind: ScopeCountry, Country: "XB"}
	xbUser := AdminTarget{Memberships: []Membership{{Role: RolePractitioner, Scope: Scope{Kind: ScopeFacility, FacilityID: "f", Country: "XB"}}}}
	wider := AdminTarget{Memberships: append(xbUser.Memberships, Membership{Role: RoleSupervisor, Scope: Scope{Kind: ScopeCountry, Country: "XA"}})}
	countryAdmin := TokenSigner{AdminScopes: []Scope{xb}}
	global := TokenSigner{AdminScopes: []Scope{{Kind: ScopeGlobal}}}
	for _, c := range []struct {
		name    string
		user    AdminTarget
		signers []TokenSigner
		want    bool
	}{
		{"the operator's code", wider, nil, true},
		{"within the issuer's country", xbUser, []TokenSigner{countryAdmin}, true},
		{"the user now holds a role beyond it", wider, []TokenSigner{countryAdmin}, false},
		{"a global issuer", wider, []TokenSigner{global}, true},
		{"the approver no longer reaches", wider, []TokenSigner{global, countryAdmin}, false},
		{"the issuer was disabled", xbUser, []TokenSigner{{Disabled: true, AdminScopes: []Scope{xb}}}, false},
		{"the issuer lost admin", xbUser, []TokenSigner{{}}, false},
	} {
		if got := CodeStillBacked(c.user, c.signers...); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
