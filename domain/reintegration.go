package domain

import (
	"context"
	"strconv"
	"time"
)

// Reintegration areas and item statuses.
var (
	ReintegrationAreas    = []string{"housing", "work_education", "family", "mentoring", "supervision", "documents", "health", "community"}
	ReintegrationStatuses = []string{"not_started", "in_progress", "in_place"}
	ReleaseTypes          = []string{"end_of_sentence", "parole", "conditional", "court_order", "other"}
)

// ReintegrationPlanPhases are the phases in which the reintegration plan may be prepared
// and kept up: preparation starts during the intervention.
var ReintegrationPlanPhases = []Phase{PhaseIntervention, PhasePreRelease, PhaseReintegration}

// ReintegrationPlan is a case's one reintegration plan; Version is its own ETag.
type ReintegrationPlan struct {
	CaseID            string
	Status            string // draft, submitted, approved, rejected
	PlannedRelease    *time.Time
	ReleaseType       string
	SupervisingAgency string
	Version           int
	UpdatedBy         string
	UpdatedAt         time.Time
	DecidedAt         *time.Time
	Items             []ReintegrationItem
	// InForce is the approved plan kept in force while this working copy, a revision of it,
	// waits to be approved (nil when the working copy is itself the plan in force, or when no
	// approved version is kept). Its Version is the version that was approved.
	InForce *ReintegrationPlan
}

type ReintegrationItem struct {
	Area        string
	Status      string
	Description string
}

// ReintegrationInput replaces the plan's content.
type ReintegrationInput struct {
	PlannedRelease         *time.Time
	ReleaseType            string
	SupervisingAgency      string
	Items                  []ReintegrationItem
	AcknowledgeIdentifiers bool
}

// Validate checks a reintegration plan's own rules and screens its free text (CheckIdentifiers).
func (in ReintegrationInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	seen := map[string]bool{}
	for i, it := range in.Items {
		at := "items[" + strconv.Itoa(i) + "]"
		if seen[it.Area] {
			p.Add(at+".area", "duplicate", "each area appears once")
		}
		seen[it.Area] = true
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, in.FreeTexts()...)
}

// ReintegrationStore keeps reintegration plans. ifMatch is the version the caller last saw
// (0: the caller believes there is no plan yet).
type ReintegrationStore interface {
	GetReintegrationPlan(ctx context.Context, p *Principal, caseID string) (ReintegrationPlan, error)
	PutReintegrationPlan(ctx context.Context, p *Principal, caseID string, ifMatch int, in ReintegrationInput) (plan ReintegrationPlan, created bool, err error)
	// SubmitReintegrationPlan submits the plan's current version, which ifMatch must name.
	SubmitReintegrationPlan(ctx context.Context, p *Principal, caseID string, ifMatch int) (ReintegrationPlan, error)
	// DiscardReintegrationRevision drops the revision ifMatch names and puts the approved plan
	// kept in force back as the working copy (DiscardReintegrationRevision is the rule).
	DiscardReintegrationRevision(ctx context.Context, p *Principal, caseID string, ifMatch int) (ReintegrationPlan, error)
}
