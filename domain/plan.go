package domain

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// Plan is one version of a case's individual plan. Versions are kept; a supervisor approves
// a submitted version through the approvals queue.
type Plan struct {
	ID          string
	CaseID      string
	Version     int
	Status      string // draft, submitted, approved, rejected, superseded
	Summary     string
	CreatedBy   string
	CreatedAt   time.Time
	SubmittedAt *time.Time
	DecidedAt   *time.Time
	// DecidedBy and DecisionComment: the supervisor (username) who approved or rejected the
	// version and what they said, so the requester reads it on the record.
	DecidedBy       string
	DecisionComment string
	Goals           []PlanGoal
}

// PlanGoal ties an assessed need to planned interventions, someone responsible and a date.
type PlanGoal struct {
	Need          string
	Description   string
	Interventions []string // intervention type codes
	ResponsibleID string
	TargetDate    *time.Time
}

// PlanInput is a new plan version.
type PlanInput struct {
	Summary                string
	Goals                  []PlanGoal
	AcknowledgeIdentifiers bool
}

// Validate checks a plan's own rules and screens its free texts; the references (types,
// responsible staff) are the store's to check.
func (in PlanInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if len(in.Goals) == 0 {
		p.Add("goals", "required", "a plan needs at least one goal")
	}
	for i, g := range in.Goals {
		at := "goals[" + strconv.Itoa(i) + "]"
		if g.TargetDate != nil && g.TargetDate.Before(today.AddDate(-1, 0, 0)) {
			p.Add(at+".target_date", "past", "must not be more than a year in the past")
		}
		seen := map[string]bool{}
		for j, code := range g.Interventions {
			if seen[code] {
				p.Add(at+".interventions["+strconv.Itoa(j)+"]", "duplicate", "is listed twice")
			}
			seen[code] = true
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, in.FreeTexts()...)
}

// PlanFacts is what a new plan version is decided on, loaded in one query once its case is
// locked.
type PlanFacts struct {
	Phase     Phase
	OpenedOn  time.Time // the intake: no goal is dated before it
	BirthYear int       // the participant's, for the identifier screen
	Today     time.Time
	// UnknownInterventions are the intervention codes the input names that are not current
	// intervention types.
	UnknownInterventions []string
	// Deliverers are the responsible staff the input names who may deliver on the case: on
	// its team, or a supervisor whose scope covers it.
	Deliverers []string
}

// CheckNewPlan decides a new plan version, in this order: Conflict while the case is in
// intake (a plan follows assessment); Invalid for goal dates before the intake
// (CheckRecordDates); the plan's own rules and the identifier screen (Validate, whose kinds
// it returns); then Invalid with a problem per goal naming an intervention type not in use
// (the first such code) or a responsible person who may not deliver on the case.
func CheckNewPlan(f PlanFacts, in PlanInput) ([]string, error) {
	if f.Phase == PhaseIntake {
		return nil, Errorf(CodeConflict, "a plan is made once the case is in assessment: finish intake first")
	}
	if err := CheckRecordDates(f.OpenedOn, in.Dates()...); err != nil {
		return nil, err
	}
	kinds, err := in.Validate(f.Today, f.BirthYear)
	if err != nil {
		return nil, err
	}
	var p Problems
	for i, g := range in.Goals {
		at := "goals[" + strconv.Itoa(i) + "]"
		for _, code := range g.Interventions {
			if slices.Contains(f.UnknownInterventions, code) {
				p.Add(at+".interventions", "unknown_reference", "no such current intervention type: "+code)
				break
			}
		}
		if g.ResponsibleID != "" && !slices.Contains(f.Deliverers, g.ResponsibleID) {
			p.Add(at+".responsible_id", "not_on_team", "must be on the case team or a supervisor of the case")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return kinds, nil
}

// PlanStore keeps individual plans.
type PlanStore interface {
	ListPlans(ctx context.Context, p *Principal, caseID string) ([]Plan, error)
	CreatePlan(ctx context.Context, p *Principal, caseID string, in PlanInput) (Plan, error)
	SubmitPlan(ctx context.Context, p *Principal, planID string) (Plan, error)
}
