package domain

import (
	"slices"
	"strings"
	"time"
)

// SessionCase is one case a session is recorded for, as the session rules see it: the case
// as locked for the write, and whether the session's deliverer may work on it.
type SessionCase struct {
	Phase      Phase
	FacilityID string
	OpenedOn   time.Time // the intake: the session is held after it
	BirthYear  int       // the participant's, for the identifier screen of the notes
	// DelivererMayWork: the deliverer is on the case's team, or a supervisor whose scope
	// covers it.
	DelivererMayWork bool
}

// SessionFacts is what the rules of recording a session (PlanSession) look at. The store
// locks every case, then loads the intervention type and the deliverer's standing towards
// every case in one query.
type SessionFacts struct {
	// Cases holds every case the session names, keyed by the case id as the request gives it.
	Cases map[string]SessionCase
	// InterventionTypeCurrent: the session's intervention type is in the catalogue and not
	// retired; Practices are the practices it evidences.
	InterventionTypeCurrent bool
	Practices               []string
	Today                   time.Time
}

// SessionPlan is what an accepted session writes besides its input.
type SessionPlan struct {
	// FacilityID is where the session was held: the facility of all its cases.
	FacilityID string
	// Practices go on every case's timeline entry for the session.
	Practices []string
	// AcknowledgedKinds are the identifier kinds the author confirmed in the notes, for the
	// audit trail.
	AcknowledgedKinds []string
}

// PlanSession applies the rules of recording a session for its cases (every case in f.Cases,
// which the caller may see). A closed case is a Conflict. The session is held after every
// case's intake (CheckRecordDates) and passes its own rules (SessionInput.Validate, the
// identifier screen of its notes against every participant's birth year); then, as
// Invalid: its cases are at one facility, its intervention type is current, and its
// deliverer (in.DeliveredBy, which the caller defaults to themselves) is on the team of
// every case or a supervisor of it.
func PlanSession(f SessionFacts, in SessionInput) (SessionPlan, error) {
	// The cases in id order: the order the store locks them in, and the one every check
	// that walks all of them keeps.
	ids := make([]string, 0, len(in.Participants))
	for _, a := range in.Participants {
		ids = append(ids, a.CaseID)
	}
	slices.SortFunc(ids, strings.Compare)
	for _, id := range ids {
		if f.Cases[id].Phase == PhaseClosed {
			return SessionPlan{}, Errorf(CodeConflict, "the case is closed; its records can no longer change")
		}
	}
	// A group session is held after every participant's intake.
	var intake time.Time
	for _, c := range f.Cases {
		if c.OpenedOn.After(intake) {
			intake = c.OpenedOn
		}
	}
	if err := CheckRecordDates(intake, in.Dates()...); err != nil {
		return SessionPlan{}, err
	}
	birthYears := make([]int, 0, len(ids)) // the notes may be about any participant
	for _, id := range ids {
		birthYears = append(birthYears, f.Cases[id].BirthYear)
	}
	kinds, err := in.Validate(f.Today, birthYears...)
	if err != nil {
		return SessionPlan{}, err
	}
	plan := SessionPlan{FacilityID: f.Cases[in.Participants[0].CaseID].FacilityID, Practices: f.Practices, AcknowledgedKinds: kinds}
	var p Problems
	for _, a := range in.Participants {
		if f.Cases[a.CaseID].FacilityID != plan.FacilityID {
			p.Add("participants", "several_facilities", "a session is held at one facility; these cases are at several")
			break
		}
	}
	if !f.InterventionTypeCurrent {
		p.Add("intervention_type", "unknown_reference", "no such current intervention type")
	}
	for _, a := range in.Participants {
		if !f.Cases[a.CaseID].DelivererMayWork {
			p.Add("delivered_by", "not_on_team", "must be on the team of every case in the session, or a supervisor of it")
			break
		}
	}
	if err := p.Err(); err != nil {
		return SessionPlan{}, err
	}
	return plan, nil
}
