package domain

// TransitionFacts is what a phase change request is decided on, loaded in one query once the
// case is locked: the lifecycle's facts, whether a change already waits for a decision, and
// whether the closure reason asked for is a current one.
type TransitionFacts struct {
	Case CaseFacts
	// PendingChange: a phase change of the case waits for a supervisor.
	PendingChange bool
	// ClosureReasonKnown: the request's closure reason is in the catalogue and not retired
	// (true as well when the request gives none).
	ClosureReasonKnown bool
	BirthYear          int // the participant's, for the identifier screen of the reason
}

// TransitionPlan is what an accepted request does.
type TransitionPlan struct {
	Transition Transition
	// Kinds are the identifier kinds the author acknowledged in the reason.
	Kinds []string
}

// Status is the phase change's status as written: "pending" when a supervisor must approve
// it, "applied" when it takes effect at once.
func (t TransitionPlan) Status() string {
	if t.Transition.NeedsApproval {
		return "pending"
	}
	return "applied"
}

// PlanTransition decides a phase change request, in this order: Conflict when another change
// already waits (a case has at most one pending), Invalid on closure_reason when the reason
// is not a current one, then the lifecycle table and its guards (CheckTransition), then the
// identifier screen of the reason (ScreenReason).
func PlanTransition(f TransitionFacts, r TransitionRequest) (TransitionPlan, error) {
	if f.PendingChange {
		return TransitionPlan{}, Errorf(CodeConflict, "this case already has a phase change waiting for approval")
	}
	if r.ClosureReason != "" && !f.ClosureReasonKnown {
		return TransitionPlan{}, Invalid(FieldProblem{Field: "closure_reason", Reason: "unknown", Detail: "not a closure reason in the catalogue"})
	}
	t, err := CheckTransition(f.Case, r)
	if err != nil {
		return TransitionPlan{}, err
	}
	kinds, err := r.ScreenReason(f.BirthYear)
	if err != nil {
		return TransitionPlan{}, err
	}
	return TransitionPlan{Transition: t, Kinds: kinds}, nil
}
