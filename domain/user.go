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
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// ValidUsername: lower-case letters, digits, dot, dash, underscore; 2 to 63 characters.
func ValidUsername(s string) bool { return usernamePattern.MatchString(s) }

// MinPasswordLength follows NIST SP 800-63B's floor for memorised secrets chosen by users.
const MinPasswordLength = 12

// NewUser is what an administrator supplies to create a user.
type NewUser struct {
	Username     string
	DisplayName  string
	PasswordHash string // already hashed by the caller; the domain never sees the password
}

// UserPatch changes a user; nil fields stay as they are.
type UserPatch struct {
	DisplayName  *string
	Disabled     *bool
	PasswordHash *string
}

// Credentials are what the login step needs to check a password and a second factor.
type Credentials struct {
	User         User
	PasswordHash string
	TOTPSecret   string
	TOTPLastStep int64
}

// UserStore manages users and memberships. Every write is audited by the store.
type UserStore interface {
	CreateUser(ctx context.Context, p *Principal, u NewUser) (User, error)
	ListUsers(ctx context.Context, p *Principal) ([]User, error)
	GetUser(ctx context.Context, p *Principal, id string) (User, error)
	UpdateUser(ctx context.Context, p *Principal, id string, patch UserPatch) (User, error)
	AddMembership(ctx context.Context, p *Principal, m Membership) (Membership, error)
	// CreateUserWithMembership creates a user with their first membership, atomically.
	CreateUserWithMembership(ctx context.Context, p *Principal, u NewUser, m Membership) (User, Membership, error)
	RemoveMembership(ctx context.Context, p *Principal, userID, membershipID string) error
}
