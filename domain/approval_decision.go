package domain

import "strings"

// Kinds of request in the approvals queue.
const (
	ApprovalTransition        = "transition"
	ApprovalPlan              = "plan"
	ApprovalMilestone         = "milestone"
	ApprovalReintegrationPlan = "reintegration_plan"
)

// ApprovalDecisionFacts is what a supervisor's decision on a request is checked against,
// loaded with the request once its case and the request are locked.
type ApprovalDecisionFacts struct {
	Kind      string // one of the Approval* kinds
	Request   DecisionFacts
	BirthYear int // the participant's, for the identifier screen of the comment
}

// ApprovalDecisionPlan is what an accepted decision does.
type ApprovalDecisionPlan struct {
	// Verdict is the request's status after the decision: "approved" or "rejected".
	Verdict string
	// SubjectStatus is the status the decided record takes: a plan's or a reintegration
	// plan's is the verdict, a milestone is "verified" or "rejected". A phase change is
	// decided against the lifecycle by the store (CheckTransition) and has none here.
	SubjectStatus string
	// SupersedePlans: an approved individual plan replaces the plan in force.
	SupersedePlans bool
	// DropInForce: an approved reintegration plan revision is the plan in force itself
	// (ReintegrationDecision).
	DropInForce bool
	// EvidencePractices: the decision evidences the practices of what it decides (a
	// verified milestone); everything else evidenced them when it was made.
	EvidencePractices bool
	// Summary is the case history's line for the decision.
	Summary string
	// Kinds are the identifier kinds the supervisor acknowledged in the comment.
	Kinds []string
}

// PlanApprovalDecision decides a supervisor's decision on a request, in this order: four
// eyes and a request still waiting (CheckDecider: its refusal reason is returned for the
// audit trail), the identifier screen of the comment, then what the verdict does to the
// request's kind of record. An unknown kind is an Internal error: the database knows no other.
func PlanApprovalDecision(f ApprovalDecisionFacts, deciderID string, d Decision) (ApprovalDecisionPlan, string, error) {
	if reason, err := CheckDecider(f.Request, deciderID); err != nil {
		return ApprovalDecisionPlan{}, reason, err
	}
	kinds, err := d.ScreenComment(f.BirthYear)
	if err != nil {
		return ApprovalDecisionPlan{}, "", err
	}
	out := ApprovalDecisionPlan{Verdict: "rejected", Kinds: kinds}
	if d.Approve {
		out.Verdict = "approved"
	}
	out.Summary = strings.ReplaceAll(f.Kind, "_", " ") + " " + out.Verdict
	switch f.Kind {
	case ApprovalTransition:
	case ApprovalPlan:
		out.SubjectStatus, out.SupersedePlans = out.Verdict, d.Approve
	case ApprovalMilestone:
		out.SubjectStatus, out.EvidencePractices = "rejected", false
		if d.Approve {
			out.SubjectStatus, out.EvidencePractices = "verified", true
		}
	case ApprovalReintegrationPlan:
		out.SubjectStatus, out.DropInForce = ReintegrationDecision(d.Approve)
	default:
		return ApprovalDecisionPlan{}, "", Internal(nil)
	}
	return out, "", nil
}
