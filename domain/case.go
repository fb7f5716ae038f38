package domain

import (
	"time"
)

// Phase is where a case stands in its passage through a programme.
type Phase string

const (
	PhaseIntake        Phase = "intake"
	PhaseAssessment    Phase = "assessment"
	PhaseIntervention  Phase = "intervention"
	PhasePreRelease    Phase = "pre_release"
	PhaseReintegration Phase = "reintegration"
	PhaseClosed        Phase = "closed"
)

// Phases in lifecycle order.
var Phases = []Phase{PhaseIntake, PhaseAssessment, PhaseIntervention, PhasePreRelease, PhaseReintegration, PhaseClosed}

// Track says whether the case runs in custody (all phases) or in the community (probation,
// diversion, returnees), which skips the custodial phases.
type Track string

const (
	TrackCustodial    Track = "custodial"
	TrackNonCustodial Track = "non_custodial"
)

// Participant is a person in a programme, known only by a pseudonym and coarse facts.
type Participant struct {
	ID          string
	Pseudonym   string
	Country     string
	BirthYear   int
	Gender      string // female, male, other, not_recorded
	Nationality string // ISO 3166-1 alpha-2
	Categories  []string
}

// Case is one participant's passage through one programme.
type Case struct {
	ID              string
	Participant     Participant
	ProgrammeID     string
	FacilityID      string
	Country         string
	Track           Track
	Phase           Phase
	PhaseSince      time.Time // a date
	OffenceCategory string
	// LegalBasis is why the participant is in the programme (LegalBases).
	LegalBasis   string
	ConsentGiven bool
	ConsentDate  *time.Time // when consent was given; nil when none was (mandated cases)
	// ConsentWithdrawnOn is when the participant withdrew their consent, if they did.
	ConsentWithdrawnOn  *time.Time
	OpenedOn            time.Time
	ExpectedReleaseDate *time.Time
	ActualReleaseDate   *time.Time
	ReleaseType         string
	NextReviewDate      *time.Time
	ClosedOn            *time.Time
	ClosureReason       string
	CaseManagerID       string
	// PreviousCaseID is the participant's earlier case this one re-enters the programme
	// after (empty for a first episode).
	PreviousCaseID string
	// PreviousVisible: the reader may open the earlier case. Its id leaves the system only
	// then (attack round 9: a re-entry's other case, in another facility, was named by id).
	PreviousVisible bool
	// ReEntered: a later case of the participant re-enters the programme after this one.
	ReEntered bool
	// OverdueFollowUps counts the case's follow-up points past their due date with nothing
	// recorded, while recording is still possible.
	OverdueFollowUps int
	Version          int // the ETag; every change bumps it
	CreatedAt        time.Time
	UpdatedAt        time.Time
}
