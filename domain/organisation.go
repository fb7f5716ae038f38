package domain

import (
	"context"
	"regexp"
	"time"
)

// Country is a state running programmes, by ISO 3166-1 alpha-2 code.
type Country struct {
	Code string
	Name string
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// ValidCountryCode checks the shape of an ISO 3166-1 alpha-2 code.
func ValidCountryCode(s string) bool { return countryCode.MatchString(s) }

// FacilityKind says what sort of place a facility is.
type FacilityKind string

const (
	FacilityPrison    FacilityKind = "prison"
	FacilityProbation FacilityKind = "probation"
	FacilityCommunity FacilityKind = "community"
)

// Valid reports whether k is one of FacilityKinds.
func (k FacilityKind) Valid() bool {
	return k == FacilityPrison || k == FacilityProbation || k == FacilityCommunity
}

// Facility is a prison, probation office or community centre where cases are held.
type Facility struct {
	ID        string
	Country   string
	Name      string
	Kind      FacilityKind
	CreatedAt time.Time
	// RetiredAt: no new case, transfer or membership lands here since then; nil while in use.
	RetiredAt *time.Time
}

// Programme is a rehabilitation and reintegration programme run in a country.
type Programme struct {
	ID          string
	Country     string
	Name        string
	Description string
	// AftercareMonths is how long after release a case must be followed before it may be
	// closed as completed.
	AftercareMonths int
	// FollowUpMonths are the programme's follow-up points, in months from each release
	// (custodial cases) or from the end of the intervention (community cases); nil at
	// creation means DefaultFollowUpMonths.
	FollowUpMonths []int
	CreatedAt      time.Time
	// RetiredAt: closed to new intakes since then (its open cases go on); nil while in use.
	RetiredAt *time.Time
}

// OrganisationStore manages countries, facilities and programmes. Every change is audited,
// every refusal too.
type OrganisationStore interface {
	ListCountries(ctx context.Context) ([]Country, error)
	// ListFacilities lists the facilities in use (with retired ones too when includeRetired):
	// all of them to staff, those their admin scopes reach to an administrator.
	ListFacilities(ctx context.Context, p *Principal, includeRetired bool) ([]Facility, error)
	CreateFacility(ctx context.Context, p *Principal, f Facility) (Facility, error)
	// UpdateFacility applies a patch judged by JudgeFacilityPatch, in one transaction with
	// its audit event.
	UpdateFacility(ctx context.Context, p *Principal, id string, patch FacilityPatch) (Facility, error)
	ListProgrammes(ctx context.Context, p *Principal, includeRetired bool) ([]Programme, error)
	CreateProgramme(ctx context.Context, p *Principal, g Programme) (Programme, error)
	// UpdateProgramme applies a patch judged by JudgeProgrammePatch, in one transaction with
	// its audit event.
	UpdateProgramme(ctx context.Context, p *Principal, id string, patch ProgrammePatch) (Programme, error)
}
