package domain

// Revising an approved reintegration plan. A case keeps one working copy of its plan (the
// draft that is edited, submitted and decided) and, while a revision of an approved plan is
// prepared, the approved content beside it: the plan in force. Staff and the release guard
// rely on the plan in force; a revision replaces it only when a supervisor approves it.

// Reintegration plan statuses.
const (
	ReintegrationDraft     = "draft"
	ReintegrationSubmitted = "submitted"
	ReintegrationApproved  = "approved"
	ReintegrationRejected  = "rejected"
	ReintegrationRetired   = "retired"
)

// ReintegrationRevision is what saving new content does to a case's plan.
type ReintegrationRevision struct {
	// Status is the working copy's status after the save (always draft).
	Status string
	// KeepInForce: the working copy is the approved plan in force; its content is kept as
	// the plan in force before the new content replaces it.
	KeepInForce bool
}

// ReviseReintegrationPlan is the rule for saving new content to a case's reintegration plan,
// given the working copy's status ("" when the case has none). A plan waiting for a decision
// is not changed under the supervisor deciding it; any other save leaves a draft. An approved
// plan stays in force (KeepInForce) until its revision is approved; a rejected or draft
// revision leaves the plan already kept in force where it is; a retired plan is in force no
// more, so nothing is kept.
func ReviseReintegrationPlan(status string) (ReintegrationRevision, error) {
	switch status {
	case ReintegrationSubmitted:
		return ReintegrationRevision{}, Errorf(CodeConflict, "the plan is waiting for a supervisor's decision")
	case ReintegrationApproved:
		return ReintegrationRevision{Status: ReintegrationDraft, KeepInForce: true}, nil
	case "", ReintegrationDraft, ReintegrationRejected, ReintegrationRetired:
		return ReintegrationRevision{Status: ReintegrationDraft}, nil
	}
	return ReintegrationRevision{}, Errorf(CodeConflict, "the plan's status %q is not known", status)
}

// ReintegrationDecision is what a supervisor's decision on a submitted plan does to the plan
// kept in force: an approved revision becomes the plan in force itself (DropInForce), a
// rejected one leaves the earlier approved plan in force.
func ReintegrationDecision(approve bool) (status string, dropInForce bool) {
	if approve {
		return ReintegrationApproved, true
	}
	return ReintegrationRejected, false
}

// DiscardReintegrationRevision is the rule for discarding a revision: only a draft or
// rejected revision of a plan that has an approved version kept in force can be discarded,
// which puts the approved content back as the working copy. A first plan that was never
// approved has nothing to go back to.
func DiscardReintegrationRevision(status string, inForceKept bool) error {
	switch {
	case !inForceKept:
		return Errorf(CodeConflict, "the plan has no approved version to go back to")
	case status == ReintegrationSubmitted:
		return Errorf(CodeConflict, "the plan is waiting for a supervisor's decision")
	case status != ReintegrationDraft && status != ReintegrationRejected:
		return Errorf(CodeConflict, "only a draft or rejected revision can be discarded (this one is %s)", status)
	}
	return nil
}
