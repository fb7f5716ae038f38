package domain

import (
	"context"
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
	Goals       []PlanGoal
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
	texts := []TextField{{Path: "summary", Text: in.Summary}}
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
		texts = append(texts, TextField{Path: at + ".description", Text: g.Description})
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, texts...)
}

// PlanStore keeps individual plans.
type PlanStore interface {
	ListPlans(ctx context.Context, p *Principal, caseID string) ([]Plan, error)
	CreatePlan(ctx context.Context, p *Principal, caseID string, in PlanInput) (Plan, error)
	SubmitPlan(ctx context.Context, p *Principal, planID string) (Plan, error)
}
