package domain

import "context"

// StaffMember is someone a supervisor may put on a case team: an active user with a
// practitioner or supervisor membership covering the facility. Roles are the matching ones.
type StaffMember struct {
	ID          string
	Username    string
	DisplayName string
	Roles       []Role
}

// StaffStore finds the staff eligible for case teams at a facility.
type StaffStore interface {
	// ListStaff answers for a facility in the caller's supervisor scope (NotFound otherwise),
	// listing only staff whose membership lies within that scope: a supervisor learns of
	// nobody they do not oversee.
	ListStaff(ctx context.Context, p *Principal, facilityID string) ([]StaffMember, error)
}
