package domain

import (
	"context"
	"strconv"
	"time"
)

// Assessment occasions.
var AssessmentOccasions = []string{"baseline", "scheduled", "event", "pre_release", "post_release", "closure"}

// Overall judgements: the assessor's own, entered, never summed from the items.
var OverallJudgements = []string{"low", "moderate", "high"}

// Assessment is one structured assessment of a case with an instrument. A final assessment
// is never edited: a correction is a new assessment that supersedes it.
type Assessment struct {
	ID                string
	CaseID            string
	InstrumentCode    string
	InstrumentVersion string
	Occasion          string
	Status            string // draft, final, discarded
	AssessedOn        time.Time
	Overall           string // "" until entered
	Rationale         string
	NextReviewDate    *time.Time
	Supersedes        string
	AssessorID        string
	CreatedAt         time.Time
	FinalisedAt       *time.Time
	DiscardedAt       *time.Time // set when a draft was discarded
	DiscardedBy       string     // who discarded it; "" unless discarded
	Ratings           []Rating
	Version           int // the ETag: moves on with every change of the assessment
}

// Rating is one item's rating, or an explicit "not rated".
type Rating struct {
	ItemCode string
	Rating   *int
	NotRated bool
	Evidence string
}

// AssessmentInput is what a practitioner enters for a new assessment or a draft's revision.
type AssessmentInput struct {
	InstrumentCode         string
	InstrumentVersion      string
	Occasion               string
	AssessedOn             time.Time
	Ratings                []Rating
	Overall                string
	Rationale              string
	Supersedes             string
	AcknowledgeIdentifiers bool
}

// Validate checks an assessment against its instrument: items belong to it and appear once,
// a rating lies on the scale, each item is either rated or explicitly not rated, the date is
// not in the future, and the free texts pass the identifier screen (or are acknowledged).
// It returns the identifier kinds acknowledged.
func (a AssessmentInput) Validate(inst Instrument, today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	if !contains(AssessmentOccasions, a.Occasion) {
		p.Add("occasion", "oneof", "must be one of the assessment occasions")
	}
	if a.AssessedOn.After(today) {
		p.Add("assessed_on", "future", "must not be in the future")
	}
	if a.Overall != "" && !contains(OverallJudgements, a.Overall) {
		p.Add("overall", "oneof", "must be low, moderate or high")
	}
	seen := map[string]bool{}
	for i, r := range a.Ratings {
		at := "ratings[" + strconv.Itoa(i) + "]"
		if _, ok := inst.Definition.Item(r.ItemCode); !ok {
			p.Add(at+".item_code", "unknown_item", "is not an item of "+inst.Code+" version "+inst.Version)
		} else if seen[r.ItemCode] {
			p.Add(at+".item_code", "duplicate", "is rated twice")
		}
		seen[r.ItemCode] = true
		switch {
		case r.NotRated && r.Rating != nil:
			p.Add(at+".rating", "rated_and_not_rated", "give a rating or mark the item not rated, not both")
		case !r.NotRated && r.Rating == nil:
			p.Add(at+".rating", "required", "give a rating or mark the item not rated")
		case r.Rating != nil && (*r.Rating < inst.Definition.Scale.Min || *r.Rating > inst.Definition.Scale.Max):
			p.AddParams(at+".rating", "out_of_range", "must be between "+strconv.Itoa(inst.Definition.Scale.Min)+" and "+strconv.Itoa(inst.Definition.Scale.Max),
				map[string]string{"min": strconv.Itoa(inst.Definition.Scale.Min), "max": strconv.Itoa(inst.Definition.Scale.Max)})
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(a.AcknowledgeIdentifiers, birthYears, a.FreeTexts()...)
}

// CheckEditable refuses a change to anything but a draft: a final assessment is corrected by
// a new one that supersedes it, and a discarded draft stays as it was set aside.
func (a Assessment) CheckEditable() error {
	switch a.Status {
	case "draft":
		return nil
	case "discarded":
		return Errorf(CodeConflict, "a discarded draft is never edited: start a new assessment")
	}
	return Errorf(CodeConflict, "a final assessment is never edited: record a new assessment that supersedes it")
}

// CheckFinalisable lists what stops a draft from being finalised: an overall judgement, and
// every item of the instrument rated or explicitly not rated (one "incomplete" problem at
// "ratings" per missing item, its code in Params["item"]).
func (a Assessment) CheckFinalisable(inst Instrument) error {
	var p Problems
	if a.Status != "draft" {
		return Errorf(CodeConflict, "only a draft assessment can be finalised")
	}
	if a.Overall == "" {
		p.Add("overall", "required", "the overall judgement must be entered before finalising")
	}
	have := map[string]bool{}
	for _, r := range a.Ratings {
		have[r.ItemCode] = true
	}
	for _, code := range inst.Definition.ItemCodes() {
		if !have[code] {
			// One problem per item, naming it, so a form can list and mark the very items.
			p.AddParams("ratings", "incomplete", "item "+code+" is neither rated nor marked not rated", map[string]string{"item": code})
		}
	}
	return p.Err()
}

// AssessmentStore keeps a case's assessments.
type AssessmentStore interface {
	// ListAssessments lists drafts and final assessments; discarded drafts only when
	// includeDiscarded is set.
	ListAssessments(ctx context.Context, p *Principal, caseID string, includeDiscarded bool) ([]Assessment, error)
	CreateAssessment(ctx context.Context, p *Principal, caseID string, in AssessmentInput) (Assessment, error)
	// UpdateAssessment replaces a draft whose version is still the one given (If-Match);
	// PreconditionFailed when it has changed since.
	UpdateAssessment(ctx context.Context, p *Principal, caseID, id string, version int, in AssessmentInput) (Assessment, error)
	// FinaliseAssessment finalises a draft; version (If-Match) must be its current one.
	FinaliseAssessment(ctx context.Context, p *Principal, caseID, id string, version int) (Assessment, error)
	// DiscardAssessment sets a draft aside for good (CheckAssessmentDiscard is the rule); the
	// record is kept, marked discarded. Version (If-Match) must be its current one.
	DiscardAssessment(ctx context.Context, p *Principal, caseID, id string, version int) (Assessment, error)
}
