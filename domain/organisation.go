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
}

// OrganisationStore manages countries, facilities and programmes.
type OrganisationStore interface {
	ListCountries(ctx context.Context) ([]Country, error)
	ListFacilities(ctx context.Context, p *Principal) ([]Facility, error)
	CreateFacility(ctx context.Context, p *Principal, f Facility) (Facility, error)
	ListProgrammes(ctx context.Context, p *Principal) ([]Programme, error)
	CreateProgramme(ctx context.Context, p *Principal, g Programme) (Programme, error)
}
