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

func (in ReintegrationInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	seen := map[string]bool{}
	var texts []TextField
	for i, it := range in.Items {
		at := "items[" + strconv.Itoa(i) + "]"
		if seen[it.Area] {
			p.Add(at+".area", "duplicate", "each area appears once")
		}
		seen[it.Area] = true
		texts = append(texts, TextField{Path: at + ".description", Text: it.Description})
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, texts...)
}

// ReintegrationStore keeps reintegration plans. ifMatch is the version the caller last saw
// (0: the caller believes there is no plan yet).
type ReintegrationStore interface {
	GetReintegrationPlan(ctx context.Context, p *Principal, caseID string) (ReintegrationPlan, error)
	PutReintegrationPlan(ctx context.Context, p *Principal, caseID string, ifMatch int, in ReintegrationInput) (plan ReintegrationPlan, created bool, err error)
	SubmitReintegrationPlan(ctx context.Context, p *Principal, caseID string) (ReintegrationPlan, error)
}
