package domain

import (
	"context"
	"slices"
	"time"
)

// Administration within scope. An administrator acts only on what their admin scopes cover,
// never on their own rights, and never alone on another administrator's or an auditor's
// account or on a grant of admin or auditor: those are requests a second administrator
// decides. The rules are here, as pure functions over facts the store loads; the store only
// loads, applies and audits.

// AdminScopeCovers reports whether holding admin in scope a reaches something placed in
// scope t: a global administrator reaches everything; a country administrator the country
// and its facilities, never anything global; a facility administrator its facility only.
// A facility scope must carry its country (the store fills it in from the facility).
func AdminScopeCovers(a, t Scope) bool {
	switch {
	case a.Kind == ScopeGlobal:
		return true
	case t.Kind == ScopeGlobal || t.Kind == "":
		return false
	case a.Kind == ScopeCountry:
		return a.Country != "" && t.Country == a.Country
	case a.Kind == ScopeFacility:
		return t.Kind == ScopeFacility && t.FacilityID == a.FacilityID
	}
	return false
}

// AdminTarget is what the rules know of a user an administrator acts on.
type AdminTarget struct {
	ID          string
	Disabled    bool
	Memberships []Membership
	// HomeScope places a user who holds no membership: the scope they were created in, or
	// the scope of the last membership taken from them. The zero value means global.
	HomeScope Scope
}

// Footprint lists the scopes a user is placed in: those of their memberships, or their home
// scope when they hold none.
func (t AdminTarget) Footprint() []Scope {
	if len(t.Memberships) == 0 {
		if t.HomeScope.Kind == "" {
			return []Scope{{Kind: ScopeGlobal}}
		}
		return []Scope{t.HomeScope}
	}
	out := make([]Scope, 0, len(t.Memberships))
	for _, m := range t.Memberships {
		out = append(out, m.Scope)
	}
	return out
}

// Privileged reports whether the user holds admin or auditor anywhere: changes to such an
// account wait for a second administrator.
func (t AdminTarget) Privileged() bool {
	for _, m := range t.Memberships {
		if m.Role == RoleAdmin || m.Role == RoleAuditor {
			return true
		}
	}
	return false
}

// AdminActor is the administrator acting: the person (for an API token, the person who
// created it) and the admin scopes in force for this request.
type AdminActor struct {
	ID       string // the person; "" for the operator
	Scopes   []Scope
	Operator bool // the command line or a background job: whoever holds the database
	Token    bool // acting through an API token
}

// AdminActorOf describes the principal as an administrator. creator is the person behind an
// API token ("" for a signed-in person).
func AdminActorOf(p *Principal, creator string) AdminActor {
	a := AdminActor{ID: p.UserID, Scopes: p.Scopes(RoleAdmin), Operator: p.Operator(), Token: p.TokenID != ""}
	if a.Token {
		a.ID = creator
	}
	return a
}

// CoversScope reports whether one of the actor's admin scopes reaches s.
func (a AdminActor) CoversScope(s Scope) bool {
	if a.Operator {
		return true
	}
	for _, as := range a.Scopes {
		if AdminScopeCovers(as, s) {
			return true
		}
	}
	return false
}

// CoversUser reports whether the actor's admin scopes reach every place the user is in. A
// user who also holds a role elsewhere (say, globally) is out of a country administrator's
// reach, or the country administrator could act on someone with wider rights.
func (a AdminActor) CoversUser(t AdminTarget) bool {
	for _, s := range t.Footprint() {
		if !a.CoversScope(s) {
			return false
		}
	}
	return true
}

// IsGlobal reports whether the actor administers globally.
func (a AdminActor) IsGlobal() bool { return a.CoversScope(Scope{Kind: ScopeGlobal}) }

// AdminActionKind names an administrative change; the same names are the audit actions.
type AdminActionKind string

const (
	AdminUserCreate       AdminActionKind = "user.create"
	AdminUserUpdate       AdminActionKind = "user.update"
	AdminUserReset        AdminActionKind = "user.reset"
	AdminMembershipCreate AdminActionKind = "membership.create"
	AdminMembershipDelete AdminActionKind = "membership.delete"
	AdminTokenCreate      AdminActionKind = "token.create"
)

// AdminAction is one administrative change with what the rules need to judge it.
type AdminAction struct {
	Kind   AdminActionKind
	Target *AdminTarget // the user acted on; nil for user.create and token.create
	// Scope: the new user's home scope (user.create), the membership's scope
	// (membership.create), the token's scope (token.create).
	Scope  Scope
	Role   Role     // membership.create, token.create
	Routes []string // token.create: the Casbin objects the token may reach
	// MembershipID: membership.delete, one of the target's memberships.
	MembershipID string
	Patch        UserPatch // user.update
}

// AdminVerdict is what may happen with a change the rules accept.
type AdminVerdict int

const (
	// AdminApply: the change is made at once.
	AdminApply AdminVerdict = iota + 1
	// AdminAskSecond: the change becomes a request a second administrator decides.
	AdminAskSecond
)

// StatisticsTokenRoutes is all a token one administrator may issue alone can reach.
var StatisticsTokenRoutes = []string{"statistics"}

// TokenNeedsSecondAdmin reports whether a token with this role and these routes needs a
// second administrator: anything but a national authority's statistics token does.
func TokenNeedsSecondAdmin(role Role, routes []string) bool {
	if role != RoleNationalAuthority || len(routes) == 0 {
		return true
	}
	for _, r := range routes {
		if !slices.Contains(StatisticsTokenRoutes, r) {
			return true
		}
	}
	return false
}

// JudgeAdminAction decides whether the actor may make the change, and whether it needs a
// second administrator. Its errors: NotFound when the target user (or their membership) is
// out of the actor's reach, so the API never confirms it exists; Forbidden when the new
// scope is; Invalid for what nobody may do (acting on one's own rights); Conflict for a
// membership already held. The operator (command line) is bound by none of the four-eyes
// rules: they hold the database.
func JudgeAdminAction(actor AdminActor, a AdminAction) (AdminVerdict, error) {
	switch a.Kind {
	case AdminUserUpdate, AdminUserReset, AdminMembershipCreate, AdminMembershipDelete:
		if a.Target == nil {
			return 0, NotFound("user")
		}
	}
	if a.Target != nil && !actor.CoversUser(*a.Target) {
		return 0, NotFound("user")
	}
	self := a.Target != nil && actor.ID != "" && a.Target.ID == actor.ID
	privileged := a.Target != nil && a.Target.Privileged() && !self
	verdict := AdminApply
	if privileged {
		verdict = AdminAskSecond
	}
	switch a.Kind {
	case AdminUserCreate:
		if !actor.CoversScope(a.Scope) {
			return 0, Errorf(CodeForbidden, "your administrator scope does not cover %s", a.Scope)
		}
		return AdminApply, nil
	case AdminUserUpdate:
		if self && a.Patch.Disabled != nil && *a.Patch.Disabled {
			return 0, Invalid(FieldProblem{Field: "disabled", Reason: "self", Detail: "you cannot disable your own account"})
		}
	case AdminUserReset:
		if self {
			return 0, Invalid(FieldProblem{Field: "user_id", Reason: "self",
				Detail: "you cannot reset your own password: another administrator must"})
		}
	case AdminMembershipCreate:
		if self {
			return 0, Invalid(FieldProblem{Field: "user_id", Reason: "self",
				Detail: "you cannot grant a membership to yourself: another administrator must"})
		}
		if err := auditorIsGlobal(a.Role, a.Scope); err != nil {
			return 0, err
		}
		if !actor.CoversScope(a.Scope) {
			return 0, Errorf(CodeForbidden, "your administrator scope does not cover %s", a.Scope)
		}
		for _, m := range a.Target.Memberships {
			if m.Role == a.Role && sameScope(m.Scope, a.Scope) {
				return 0, Errorf(CodeConflict, "the user already holds %s in %s", a.Role, a.Scope)
			}
		}
		if a.Role == RoleAdmin || a.Role == RoleAuditor {
			verdict = AdminAskSecond
		}
	case AdminMembershipDelete:
		found := false
		for _, m := range a.Target.Memberships {
			found = found || m.ID == a.MembershipID
		}
		if !found {
			return 0, NotFound("membership")
		}
	case AdminTokenCreate:
		if !slices.Contains(TokenRoles, a.Role) {
			return 0, Invalid(FieldProblem{Field: "role", Reason: "not_for_tokens",
				Detail: "a token may carry only a role that sees no case: national_authority, auditor or admin"})
		}
		if err := auditorIsGlobal(a.Role, a.Scope); err != nil {
			return 0, err
		}
		if !actor.CoversScope(a.Scope) {
			return 0, Errorf(CodeForbidden, "your administrator scope does not cover %s", a.Scope)
		}
		verdict = AdminApply
		if TokenNeedsSecondAdmin(a.Role, a.Routes) {
			verdict = AdminAskSecond
		}
	default:
		return 0, Errorf(CodeInvalid, "unknown administrative change %q", a.Kind)
	}
	if actor.Operator {
		return AdminApply, nil
	}
	return verdict, nil
}

// auditorIsGlobal refuses an auditor role below global scope. The audit trail is one chain,
// listed and verified whole, so nothing could hold such an auditor to a country: the grant
// would mean more than it says to whoever approves it (migration 00653).
func auditorIsGlobal(role Role, scope Scope) error {
	if role == RoleAuditor && scope.Kind != ScopeGlobal {
		return Invalid(FieldProblem{Field: "scope_kind", Reason: "auditor_global",
			Detail: "the auditor role reads and verifies the whole audit trail, which no scope narrows: it is granted only globally"})
	}
	return nil
}

func sameScope(a, b Scope) bool {
	switch a.Kind {
	case ScopeGlobal:
		return b.Kind == ScopeGlobal
	case ScopeCountry:
		return b.Kind == ScopeCountry && a.Country == b.Country
	case ScopeFacility:
		return b.Kind == ScopeFacility && a.FacilityID == b.FacilityID
	}
	return false
}

// AdminRequestVisible reports whether an administrator may see a request: their scope
// reaches its target user and the scope it grants (or the token's).
func AdminRequestVisible(viewer AdminActor, a AdminAction) bool {
	if a.Target != nil && !viewer.CoversUser(*a.Target) {
		return false
	}
	switch a.Kind {
	case AdminMembershipCreate, AdminTokenCreate:
		return viewer.CoversScope(a.Scope)
	}
	return true
}

// JudgeAdminDecision decides whether decider may approve or reject a pending request: a
// person (not a token), neither the requester nor the person the request is about, whose
// own scope reaches the change as it stands now. A request out of the decider's reach is
// NotFound. An approval is judged again as a change by the decider, so a change that
// became impossible since the request (a membership granted meanwhile) is refused.
func JudgeAdminDecision(decider AdminActor, requestedBy string, status AdminRequestStatus, a AdminAction, approve bool) error {
	if !AdminRequestVisible(decider, a) {
		return NotFound("admin request")
	}
	if decider.Token {
		return Errorf(CodeForbidden, "a person signed in must decide administrative requests, not an API token")
	}
	if status != AdminRequestPending {
		return Errorf(CodeConflict, "this request was already decided (%s)", status)
	}
	if decider.ID != "" && decider.ID == requestedBy {
		return Errorf(CodeForbidden, "you cannot decide your own request: another administrator must")
	}
	if a.Target != nil && decider.ID != "" && decider.ID == a.Target.ID {
		return Errorf(CodeForbidden, "you cannot decide a request about your own account")
	}
	if !approve {
		return nil
	}
	_, err := JudgeAdminAction(decider, a)
	if ErrorCode(err) == CodeNotFound && a.Kind == AdminMembershipDelete {
		return Errorf(CodeConflict, "the membership is no longer there")
	}
	return err
}

// JudgeGlobalChange decides a change to something every country shares (the catalogues of
// intervention types, milestone definitions and instruments): only a global administrator
// makes one. Acting on an existing entry out of reach answers NotFound, as for any record
// out of scope; adding one answers Forbidden.
func JudgeGlobalChange(actor AdminActor, existing bool, what string) error {
	if actor.IsGlobal() {
		return nil
	}
	if existing {
		return NotFound(what)
	}
	return Errorf(CodeForbidden, "the %s catalogue is shared by every country: only a global administrator changes it", what)
}

// DefaultHomeScope is where a new user is placed when the administrator names no scope:
// their own admin scope, when they hold exactly one.
func DefaultHomeScope(adminScopes []Scope) (Scope, bool) {
	if len(adminScopes) != 1 {
		return Scope{}, false
	}
	return adminScopes[0], true
}

// AdminRequestStatus is where a request stands.
type AdminRequestStatus string

const (
	AdminRequestPending  AdminRequestStatus = "pending"
	AdminRequestApproved AdminRequestStatus = "approved"
	AdminRequestRejected AdminRequestStatus = "rejected"
)

// AdminRequest is a change one administrator asked for, waiting for (or decided by) a
// second one.
type AdminRequest struct {
	ID             string
	Kind           AdminActionKind
	Status         AdminRequestStatus
	TargetUserID   string
	TargetUsername string
	Role           Role
	Scope          Scope
	Routes         []string
	MembershipID   string
	Patch          UserPatch
	TokenName      string
	TokenExpiresAt *time.Time
	RequestedBy    string // user id
	RequestedName  string
	RequestedAt    time.Time
	DecidedBy      string
	DecidedName    string
	DecidedAt      *time.Time
	Comment        string
	// CanDecide: the caller of a listing may approve or reject it.
	CanDecide bool
}

// AdminDecision is an administrator's verdict on a request.
type AdminDecision struct {
	Approve bool
	Comment string
}

// Validate: a rejection says why.
func (d AdminDecision) Validate() error {
	if !d.Approve && d.Comment == "" {
		return Invalid(FieldProblem{Field: "comment", Reason: "required", Detail: "say why the request is rejected"})
	}
	return nil
}

// Verdict is the status the decision gives the request: approved or rejected.
func (d AdminDecision) Verdict() AdminRequestStatus {
	if d.Approve {
		return AdminRequestApproved
	}
	return AdminRequestRejected
}

// Action is the audit action of the decision: admin_request.approve or
// admin_request.reject.
func (d AdminDecision) Action() AdminActionKind {
	if d.Approve {
		return "admin_request.approve"
	}
	return "admin_request.reject"
}

// IssuedSecrets are the secrets the API drew for an approval, used if the request turns out
// to need them: a set-password code for a reset, a token for a token request. The store
// keeps only their hashes.
type IssuedSecrets struct {
	CodeHash      []byte
	CodeExpiresAt time.Time
	TokenHash     []byte
}

// AdminOutcome is what an approved request made.
type AdminOutcome struct {
	User       *User
	Membership *Membership
	Code       *PasswordCode
	Token      *APIToken
}

// PasswordCodeLifetime is how long a set-password code may be used.
const PasswordCodeLifetime = 24 * time.Hour

// PasswordCode describes an issued one-time set-password code (never the code itself).
type PasswordCode struct {
	UserID    string
	Purpose   string // setup or reset
	ExpiresAt time.Time
}

// MaxTokenLifetime is the longest an API token may live.
const MaxTokenLifetime = 365 * 24 * time.Hour

// TokenLastUseGranularity: a token's last use is written at most this often, so a busy
// machine client does not make every request a write.
const TokenLastUseGranularity = time.Minute

// TokenSigner is what the rules know, at each use of a token, of a person who issued it
// (its creator, or the administrator who approved it).
type TokenSigner struct {
	Disabled    bool
	AdminScopes []Scope
}

// TokenStillBacked reports whether a token may still be used: every person who issued it is
// still enabled and still holds admin over the token's scope. Revoking, narrowing or
// disabling an administrator stops their tokens at once.
func TokenStillBacked(scope Scope, signers ...TokenSigner) bool {
	if len(signers) == 0 {
		return false
	}
	for _, s := range signers {
		if s.Disabled || !(AdminActor{Scopes: s.AdminScopes}).CoversScope(scope) {
			return false
		}
	}
	return true
}

// CodeStillBacked reports whether a set-password code may still be used: everyone who issued
// it (the administrator who made it, and the one who approved it when it needed a second)
// is still enabled and still reaches every place the user is in now. A code a country
// administrator made for a new colleague stops when someone else gives that colleague a role
// beyond the country: using it would let the country administrator, who kept the code, take
// over an account they can no longer reach (attack round 9). A code from the operator's
// command line has no signers and is backed by whoever holds the database.
func CodeStillBacked(user AdminTarget, signers ...TokenSigner) bool {
	for _, s := range signers {
		if s.Disabled || !(AdminActor{Scopes: s.AdminScopes}).CoversUser(user) {
			return false
		}
	}
	return true
}

// AdminStore holds the queue of administrative requests.
type AdminStore interface {
	// ListAdminRequests lists pending requests the caller's scope reaches, oldest first,
	// with CanDecide set for those the caller may decide.
	ListAdminRequests(ctx context.Context, p *Principal) ([]AdminRequest, error)
	// DecideAdminRequest approves (applying the change) or rejects a pending request, in one
	// transaction with its audit events.
	DecideAdminRequest(ctx context.Context, p *Principal, id string, d AdminDecision, s IssuedSecrets) (AdminRequest, AdminOutcome, error)
}
