package domain

import (
	"context"
	"time"
)

// Follow-up codes.
var (
	FollowUpHousing     = []string{"stable", "temporary", "homeless", "unknown"}
	FollowUpWork        = []string{"employed", "in_education", "unemployed", "unable", "unknown"}
	FollowUpFamily      = []string{"regular", "occasional", "none", "unknown"}
	FollowUpSupervision = []string{"compliant", "minor_breach", "major_breach", "not_applicable"}
	NewOffenceCodes     = []string{"none", "arrest", "charge", "conviction"}
)

// FollowUp is a check on how a participant is doing after release (custodial cases) or after
// the end of their intervention (community cases).
type FollowUp struct {
	ID     string
	CaseID string
	// PointID is the scheduled point the follow-up reached; empty for an unscheduled one.
	PointID string
	// ReleaseID is the release the follow-up belongs to (custodial cases).
	ReleaseID string
	HeldOn    time.Time
	// MonthsSinceRelease counts whole months from the release (or the end of intervention).
	MonthsSinceRelease    int
	Housing               string
	WorkEducation         string
	FamilyContact         string
	SupervisionCompliance string
	NewOffence            string
	OffenceCategory       string
	OffenceOn             *time.Time
	Notes                 string
	RecordedBy            string
	CreatedAt             time.Time
}

// FollowUpInput is a follow-up as recorded: against one of the case's points (PointID), or
// unscheduled (an arrest reported between points, say).
type FollowUpInput struct {
	FollowUp
	AcknowledgeIdentifiers bool
}

// Validate checks a follow-up's own rules; where it belongs (PlaceFollowUp) and the ICCS
// code are checked with the case's facts.
func (in FollowUpInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if in.HeldOn.After(today) {
		p.Add("held_on", "future", "must not be in the future")
	}
	if in.NewOffence == "none" {
		if in.OffenceCategory != "" {
			p.Add("offence_category", "not_applicable", "only with a new offence")
		}
		if in.OffenceOn != nil {
			p.Add("offence_on", "not_applicable", "only with a new offence")
		}
	} else if in.OffenceCategory == "" {
		p.Add("offence_category", "required", "an ICCS offence category is required with a new offence")
	}
	if in.OffenceOn != nil && in.OffenceOn.After(in.HeldOn) {
		p.Add("offence_on", "after_follow_up", "must not be after the follow-up")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, TextField{Path: "notes", Text: in.Notes})
}

// MonthsBetween counts whole months from a to b (0 when b is before a month has passed).
func MonthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}

// FollowUpPage is a page of a case's follow-ups, newest first.
type FollowUpPage struct {
	Items      []FollowUp
	NextCursor string
}

// PracticeEvidence is how much of a case's activity evidences one memorandum practice.
type PracticeEvidence struct {
	Practice Practice
	Count    int
	LastOn   *time.Time
}

// FollowUpStore keeps follow-ups, and answers which practices a case's activity evidences.
type FollowUpStore interface {
	ListFollowUps(ctx context.Context, p *Principal, caseID, cursor string, limit int) (FollowUpPage, error)
	CreateFollowUp(ctx context.Context, p *Principal, caseID string, in FollowUpInput) (FollowUp, error)
	CasePractices(ctx context.Context, p *Principal, caseID string) ([]PracticeEvidence, error)
}
