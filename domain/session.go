package domain

import (
	"context"
	"time"
)

// Session is a signed-in browser. The cookie carries a random token; the database keeps only
// its hash, so a stolen database does not hand out sessions.
type Session struct {
	TokenHash []byte
	UserID    string
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken lets a machine client (a national statistics system, say) call a fixed set of
// routes in one scope. The secret is shown once; the database keeps only its hash.
type APIToken struct {
	ID        string
	Name      string
	Role      Role
	Scope     Scope
	Routes    []string // Casbin objects the token may reach, e.g. "statistics"
	CreatedBy string
	// ApprovedBy is the second administrator who approved the token, when its role or
	// routes needed one (TokenNeedsSecondAdmin).
	ApprovedBy string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time // to within TokenLastUseGranularity
	// For listings: the issuers' usernames, and whether the token works now (not revoked,
	// not expired, its issuers still backing it: TokenStillBacked).
	CreatedByName  string
	ApprovedByName string
	Active         bool
}

// TokenRoles are the roles an API token may carry: those that see no case. Case work
// (practitioner, supervisor) is done by people signed in as themselves, so that every case
// read and write names a person, and so that an administrator, who may see no case, cannot
// mint a token that does.
var TokenRoles = []Role{RoleNationalAuthority, RoleAuditor, RoleAdmin}

// AuthStore backs sign-in, sessions and tokens.
type AuthStore interface {
	// Credentials finds a user by name for the login check; NotFound when absent.
	Credentials(ctx context.Context, username string) (Credentials, error)
	// CountLoginAttempt counts a sign-in attempt, before its password is checked, against the
	// client address (AddressKey), the username at that address and the username, and
	// returns the counts within the window with it included. Concurrent attempts are counted
	// one after the other: each sees every earlier one.
	CountLoginAttempt(ctx context.Context, username, ip string, window time.Duration) (LoginCounts, error)
	// RecordLogin writes the audit event of a login attempt (success or failure) and, on
	// success, creates the session in the same transaction and gives the attempt back to
	// the counts (the username's count at the address starts afresh).
	RecordLogin(ctx context.Context, ev AuditEvent, s *Session) error
	// AcceptTOTPStep stores the last accepted TOTP step; false if step is not newer (a replay).
	AcceptTOTPStep(ctx context.Context, userID string, step int64) (bool, error)
	// SessionPrincipal resolves a session token hash to its principal with current
	// memberships; Unauthenticated when unknown, expired or the user is disabled.
	SessionPrincipal(ctx context.Context, tokenHash []byte) (*Principal, *Session, error)
	DeleteSession(ctx context.Context, p *Principal, tokenHash []byte) error
	// TokenPrincipal resolves an API token hash; Unauthenticated when unknown, revoked,
	// expired or no longer backed by its issuers' current rights (TokenStillBacked). It
	// records the use at most once per TokenLastUseGranularity.
	TokenPrincipal(ctx context.Context, tokenHash []byte) (*Principal, error)
	// CreateToken issues a token, or makes a request for a second administrator when its
	// role or routes need one (the request is then non-nil and no token exists yet).
	CreateToken(ctx context.Context, p *Principal, t APIToken, tokenHash []byte) (APIToken, *AdminRequest, error)
	// ListTokens lists the tokens whose scope the caller's admin scopes reach, newest first.
	ListTokens(ctx context.Context, p *Principal) ([]APIToken, error)
	// RevokeToken revokes a token in the caller's reach; NotFound otherwise.
	RevokeToken(ctx context.Context, p *Principal, id string) error
	// TOTP enrolment.
	SetTOTPSecret(ctx context.Context, p *Principal, secret string) error
	// SetLanguage keeps the caller's interface language (one of Languages) on their user.
	SetLanguage(ctx context.Context, p *Principal, language string) error
	EnableTOTP(ctx context.Context, p *Principal) error
}
