package domain

import "slices"

// DecisionFacts is what the four-eyes rule looks at when someone decides a request in the
// approvals queue, loaded with the request.
type DecisionFacts struct {
	Status      string
	RequestedBy string // user id
	// Authors are the users who wrote or changed what the request asks to approve, in the
	// version waiting for the decision: a plan's author, a reintegration plan's editors
	// since it was last decided, a milestone's claimant. The database records them when the
	// request is made.
	Authors []string
}

// Refusal reasons of CheckDecider, for the audit trail.
const (
	DecisionOwnRequest = "own_request"
	DecisionOwnWork    = "own_work"
)

// CheckDecider is four eyes on a request: it is still waiting, and whoever decides it neither
// asked for it nor wrote or changed what it asks to approve. It returns the refusal's reason
// (DecisionOwnRequest, DecisionOwnWork) with a Forbidden error, or a Conflict when the request
// was already decided.
func CheckDecider(f DecisionFacts, deciderID string) (string, error) {
	switch {
	case f.Status != "pending":
		return "", Errorf(CodeConflict, "this request was already decided (%s)", f.Status)
	case f.RequestedBy == deciderID:
		return DecisionOwnRequest, Errorf(CodeForbidden, "you cannot decide your own request: another supervisor must")
	case slices.Contains(f.Authors, deciderID):
		return DecisionOwnWork, Errorf(CodeForbidden, "you wrote or changed what this request asks to approve: another supervisor must decide it")
	}
	return "", nil
}
