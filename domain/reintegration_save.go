package domain

import (
	"slices"
	"time"
)

// ReintegrationSaveFacts is what saving a case's reintegration plan is decided on, loaded in
// one query once the case is locked.
type ReintegrationSaveFacts struct {
	Phase     Phase
	OpenedOn  time.Time // the intake: no date of the plan falls before it
	BirthYear int       // the participant's, for the identifier screen of the plan's texts
	// Exists: the case has a reintegration plan; Status and Version are its working copy's
	// (zero when it has none).
	Exists  bool
	Status  string
	Version int
	Today   time.Time
}

// ReintegrationSave is what an accepted save does.
type ReintegrationSave struct {
	// Created: the case had no plan, so the save creates it.
	Created bool
	// Revision is what the save does to the plan's status and the plan in force.
	Revision ReintegrationRevision
	// Kinds are the identifier kinds the author acknowledged in the plan's texts.
	Kinds []string
}

// PlanReintegrationSave decides a save of a case's reintegration plan, in this order:
// Conflict when the case is not in a phase where the plan is prepared, the If-Match
// precondition (none to create a plan, the working copy's version to change one), the
// revision rule (ReviseReintegrationPlan), the record dates against the intake, then the
// input's own rules and the identifier screen of its texts.
func PlanReintegrationSave(f ReintegrationSaveFacts, ifMatch int, in ReintegrationInput) (ReintegrationSave, error) {
	if !slices.Contains(ReintegrationPlanPhases, f.Phase) {
		return ReintegrationSave{}, Errorf(CodeConflict, "a reintegration plan is prepared in the intervention, pre-release and reintegration phases (the case is in %s)", f.Phase)
	}
	if !f.Exists && ifMatch != 0 {
		return ReintegrationSave{}, Errorf(CodePreconditionFailed, "the case has no reintegration plan yet; send no If-Match to create it")
	}
	if f.Exists {
		if err := CheckIfMatch("reintegration plan", f.Version, ifMatch); err != nil {
			return ReintegrationSave{}, err
		}
	}
	rev, err := ReviseReintegrationPlan(f.Status)
	if err != nil {
		return ReintegrationSave{}, err
	}
	if err := CheckRecordDates(f.OpenedOn, in.Dates()...); err != nil {
		return ReintegrationSave{}, err
	}
	kinds, err := in.Validate(f.Today, f.BirthYear)
	if err != nil {
		return ReintegrationSave{}, err
	}
	return ReintegrationSave{Created: !f.Exists, Revision: rev, Kinds: kinds}, nil
}
