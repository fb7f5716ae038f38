package domain

import (
	"context"
	"regexp"
	"time"
)

// User is a person who signs in. Participants are never users: they have pseudonyms only.
type User struct {
	ID          string
	Username    string
	DisplayName string
	Disabled    bool
	TOTPEnabled bool
	CreatedAt   time.Time
	Memberships []Membership
	// Language is the interface language the user chose (one of Languages), "" when they
	// never chose; it follows them from one computer to the next.
	Language string
}

// Languages are the interface languages a user may choose.
var Languages = []string{"en", "fr", "ar"}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// ValidUsername: lower-case letters, digits, dot, dash, underscore; 2 to 63 characters.
func ValidUsername(s string) bool { return usernamePattern.MatchString(s) }

// MinPasswordLength follows NIST SP 800-63B's floor for memorised secrets chosen by users.
const MinPasswordLength = 12

// NewUser is what an administrator supplies to create a user.
type NewUser struct {
	Username    string
	DisplayName string
	// PasswordHash is set only by the operator (command line, demo data): already hashed by
	// the caller, the domain never sees the password. An administrator never chooses
	// another person's password: through the API a user starts with none and a SetupCode.
	PasswordHash string
	// HomeScope places the user while they hold no membership (see AdminTarget). The zero
	// value is global.
	HomeScope Scope
	// SetupCode, when set, issues a one-time code with which the person sets their password.
	SetupCode *CodeIssue
}

// CodeIssue is a one-time set-password code to store: its hash and when it expires.
type CodeIssue struct {
	Hash      []byte
	ExpiresAt time.Time
}

// UserPatch changes a user; nil fields stay as they are. A password is never part of it:
// people set their own (SetPasswordWithCode).
type UserPatch struct {
	DisplayName *string
	Disabled    *bool
}

// Credentials are what the login step needs to check a password and a second factor.
type Credentials struct {
	User         User
	PasswordHash string
	TOTPSecret   string
	TOTPLastStep int64
}

// UserStore manages users and memberships. Every write is audited by the store, every
// refusal too. Methods that return an *AdminRequest made a request for a second
// administrator instead of the change when it is non-nil (JudgeAdminAction).
type UserStore interface {
	// CreateUser creates a user placed in u.HomeScope, which the caller's admin scope must
	// cover.
	CreateUser(ctx context.Context, p *Principal, u NewUser) (User, error)
	// ListUsers lists the users the caller's admin scopes reach (AdminActor.CoversUser).
	ListUsers(ctx context.Context, p *Principal) ([]User, error)
	// GetUser reads the caller themselves, or a user their admin scopes reach.
	GetUser(ctx context.Context, p *Principal, id string) (User, error)
	UpdateUser(ctx context.Context, p *Principal, id string, patch UserPatch) (User, *AdminRequest, error)
	// ResetPassword makes the user's password unusable, ends their sessions, revokes the API
	// tokens they created and stores a one-time reset code.
	ResetPassword(ctx context.Context, p *Principal, id string, code CodeIssue) (PasswordCode, *AdminRequest, error)
	GrantMembership(ctx context.Context, p *Principal, m Membership) (Membership, *AdminRequest, error)
	RemoveMembership(ctx context.Context, p *Principal, userID, membershipID string) (*AdminRequest, error)
	// AddMembership and CreateUserWithMembership are the operator's (command line, demo
	// data, tests): they refuse any other principal.
	AddMembership(ctx context.Context, p *Principal, m Membership) (Membership, error)
	// CreateUserWithMembership creates a user with their first membership, atomically.
	CreateUserWithMembership(ctx context.Context, p *Principal, u NewUser, m Membership) (User, Membership, error)
	// SetPasswordWithCode sets the password of the named user if code is their current
	// one-time code (unused, unrevoked, unexpired), using it up; it ends the user's
	// sessions. ok is false for any failure, which is audited as such and tells nothing
	// more.
	SetPasswordWithCode(ctx context.Context, p *Principal, username string, codeHash []byte, passwordHash string) (ok bool, err error)
	// RecentCodeFailures counts failed set-password attempts since a time: for the address,
	// and for the username from that address.
	RecentCodeFailures(ctx context.Context, username, ip string, since time.Time) (byPair, byIP int, err error)
}
