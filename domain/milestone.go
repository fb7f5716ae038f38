package domain

import (
	"context"
	"time"
)

// Milestone is an achievement claimed against the catalogue. Claims of definitions that
// need verification wait for a supervisor in the approvals queue.
type Milestone struct {
	ID             string
	CaseID         string
	DefinitionCode string
	AchievedOn     time.Time
	Evidence       string
	Status         string // claimed, verified, rejected, lapsed, reversed
	ClaimedBy      string
	ClaimedAt      time.Time
	DecidedAt      *time.Time
	LapseReason    string
	LapsedOn       *time.Time
	ApprovalID     string // the pending approval of a claim, when there is one
}

// MilestoneInput is a claim.
type MilestoneInput struct {
	DefinitionCode         string
	AchievedOn             time.Time
	Evidence               string
	AcknowledgeIdentifiers bool
}

func (in MilestoneInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if in.AchievedOn.After(today) {
		p.Add("achieved_on", "future", "must not be in the future")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, TextField{Path: "evidence", Text: in.Evidence})
}

// MilestoneLapse records that a verified milestone no longer holds (lapsed) or was wrongly
// recorded (reversed).
type MilestoneLapse struct {
	Status                 string // lapsed, reversed
	Reason                 string
	On                     time.Time
	AcknowledgeIdentifiers bool
}

func (in MilestoneLapse) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if in.On.After(today) {
		p.Add("on", "future", "must not be in the future")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, TextField{Path: "reason", Text: in.Reason})
}

// MilestoneStore keeps milestone claims.
type MilestoneStore interface {
	ListMilestones(ctx context.Context, p *Principal, caseID string) ([]Milestone, error)
	ClaimMilestone(ctx context.Context, p *Principal, caseID string, in MilestoneInput) (Milestone, error)
	LapseMilestone(ctx context.Context, p *Principal, caseID, id string, in MilestoneLapse) (Milestone, error)
}
