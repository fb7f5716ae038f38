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
	// DecidedBy and DecisionComment: who verified or rejected the claim (username) and what
	// they said.
	DecidedBy       string
	DecisionComment string
}

// MilestoneInput is a claim.
type MilestoneInput struct {
	DefinitionCode         string
	AchievedOn             time.Time
	Evidence               string
	AcknowledgeIdentifiers bool
}

// Validate checks a milestone claim's own rules and screens its free text (CheckIdentifiers).
func (in MilestoneInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if in.AchievedOn.After(today) {
		p.Add("achieved_on", "future", "must not be in the future")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, in.FreeTexts()...)
}

// MilestoneClaimFacts is what a claim is decided on from the catalogue: the definition the
// claim names, as loaded (Known false when there is no current one).
type MilestoneClaimFacts struct {
	Known             bool
	Name              string
	NeedsVerification bool
	Practices         []string // the practices a verified milestone of it evidences
}

// MilestoneClaim is what an accepted claim records.
type MilestoneClaim struct {
	// Status is "claimed" (waiting for a supervisor in the approvals queue) when the
	// definition needs verification, "verified" otherwise.
	Status string
	// Practices the timeline entry evidences: the definition's when verified at once, none for
	// a claim, which gets them when a supervisor verifies it, so each achievement counts once.
	Practices []string
	// Kinds are the identifier kinds the author acknowledged in the evidence.
	Kinds []string
}

// CheckMilestoneClaim decides a claim on an open case opened on openedOn, in this order:
// Invalid on definition_code when the definition is not a current one; Invalid for dates
// before the intake (CheckRecordDates); then the claim's own rules and the identifier screen
// (Validate).
func CheckMilestoneClaim(def MilestoneClaimFacts, openedOn, today time.Time, birthYear int, in MilestoneInput) (MilestoneClaim, error) {
	if !def.Known {
		return MilestoneClaim{}, Invalid(FieldProblem{Field: "definition_code", Reason: "unknown_reference", Detail: "no such current milestone definition"})
	}
	if err := CheckRecordDates(openedOn, in.Dates()...); err != nil {
		return MilestoneClaim{}, err
	}
	kinds, err := in.Validate(today, birthYear)
	if err != nil {
		return MilestoneClaim{}, err
	}
	if def.NeedsVerification {
		return MilestoneClaim{Status: "claimed", Practices: []string{}, Kinds: kinds}, nil
	}
	return MilestoneClaim{Status: "verified", Practices: def.Practices, Kinds: kinds}, nil
}

// MilestoneLapse records that a verified milestone no longer holds (lapsed) or was wrongly
// recorded (reversed).
type MilestoneLapse struct {
	Status                 string // lapsed, reversed
	Reason                 string
	On                     time.Time
	AcknowledgeIdentifiers bool
}

// Validate checks a lapse's own rules and screens its free text (CheckIdentifiers).
func (in MilestoneLapse) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if in.On.After(today) {
		p.Add("on", "future", "must not be in the future")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, in.FreeTexts()...)
}

// MilestoneStore keeps milestone claims.
type MilestoneStore interface {
	ListMilestones(ctx context.Context, p *Principal, caseID string) ([]Milestone, error)
	ClaimMilestone(ctx context.Context, p *Principal, caseID string, in MilestoneInput) (Milestone, error)
	LapseMilestone(ctx context.Context, p *Principal, caseID, id string, in MilestoneLapse) (Milestone, error)
}
