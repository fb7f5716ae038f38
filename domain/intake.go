package domain

import (
	"slices"
	"strconv"
	"time"
)

// ParticipantCategories are the flags a participant may carry. They are coarse on purpose
// (quasi-identifiers) and chosen for the statistics national authorities ask for:
//   - foreign_terrorist_fighter: travelled to join a terrorist group abroad;
//   - returnee: came back from a conflict zone (including family members who did not fight);
//   - juvenile: under 18 at the time of the offence;
//   - remand: held before trial, not yet sentenced;
//   - recidivist: a previous terrorism-related or violent conviction;
//   - radicalised_in_custody: radicalisation first noticed in prison for another offence.
//
// Whether the case runs in custody or in the community is the case's track, not a category.
var ParticipantCategories = []string{"foreign_terrorist_fighter", "returnee", "juvenile", "remand", "recidivist", "radicalised_in_custody"}

// Genders as recorded; not_recorded is always allowed.
var Genders = []string{"female", "male", "other", "not_recorded"}

// Age limits at intake: programmes take children from 10 (the lowest common age of criminal
// responsibility) and nobody's birth year is more than a century back.
const (
	MinIntakeAge = 10
	MaxIntakeAge = 100
)

// NewCase is an intake: a new participant and their first case, or (ParticipantID set) a new
// case for a participant already known, who re-enters the programme. It holds no name and no
// identity: the external reference only serves to find a duplicate and is never stored.
type NewCase struct {
	ProgrammeID string
	FacilityID  string
	Track       Track
	// ParticipantID: re-entry of a known participant (found with a lookup); the participant's
	// facts are then theirs already and none may be given.
	ParticipantID       string
	BirthYear           int
	Gender              string
	Nationality         string
	Categories          []string
	ExternalRef         string
	OffenceCategory     string
	LegalBasis          string // default voluntary
	ConsentGiven        bool
	ConsentDate         *time.Time
	ExpectedReleaseDate *time.Time
}

// Validate checks the intake rules that need no database. Field names are the request's.
func (n NewCase) Validate(today time.Time) error {
	var p Problems
	today = dateOf(today)
	if n.Track != TrackCustodial && n.Track != TrackNonCustodial {
		p.Add("track", "oneof", "must be custodial or non_custodial")
	}
	p = append(p, checkIntakeConsent(n.LegalBasis, n.ConsentGiven, n.ConsentDate, today)...)
	if n.ConsentDate != nil && (dateOf(*n.ConsentDate).Before(EarliestDate) || n.ConsentDate.Year() < n.BirthYear) {
		p.Add("consent_date", "out_of_range", "cannot be before the participant was born")
	}
	if n.ExpectedReleaseDate != nil && n.Track == TrackNonCustodial {
		p.Add("expected_release_date", "not_for_track", "a non-custodial case has no release date")
	} else if n.ExpectedReleaseDate != nil {
		// The case is opened today: its release cannot come before.
		if err := CheckRecordDates(today, DatedField{Path: "expected_release_date", On: *n.ExpectedReleaseDate}); err != nil {
			p = append(p, err.(*Error).Fields...)
		}
	}
	if n.ParticipantID != "" {
		if n.BirthYear != 0 || n.Gender != "" || n.Nationality != "" || len(n.Categories) > 0 || n.ExternalRef != "" {
			p.Add("participant", "not_allowed", "a re-entry names the known participant only: leave out the participant's facts")
		}
		return p.Err()
	}
	if age := today.Year() - n.BirthYear; age < MinIntakeAge || age > MaxIntakeAge {
		// Params in years of birth, so a form can say which years it takes.
		p.AddParams("participant.birth_year", "out_of_range", "the participant must be 10 to 100 years old at intake",
			map[string]string{"min": strconv.Itoa(today.Year() - MaxIntakeAge), "max": strconv.Itoa(today.Year() - MinIntakeAge)})
	}
	if !slices.Contains(Genders, n.Gender) {
		p.Add("participant.gender", "oneof", "must be one of female, male, other, not_recorded")
	}
	if !ValidCountryCode(n.Nationality) {
		p.Add("participant.nationality", "iso3166_1_alpha2", "must be an ISO 3166-1 alpha-2 code in capitals")
	}
	seen := map[string]bool{}
	for _, c := range n.Categories {
		if !slices.Contains(ParticipantCategories, c) {
			p.Add("participant.categories", "unknown", "unknown category "+c)
		} else if seen[c] {
			p.Add("participant.categories", "duplicate", "category "+c+" given twice")
		}
		seen[c] = true
	}
	if len(n.ExternalRef) > 0 && len(NormaliseExternalRef(n.ExternalRef)) == 0 {
		p.Add("participant.external_ref", "blank", "leave it out or give a reference")
	}
	return p.Err()
}
