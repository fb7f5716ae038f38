package domain

import (
	"reflect"
	"slices"
	"testing"
)

func TestPlanApprovalDecision(t *testing.T) {
	const sup, author, requester = "sup", "author", "requester"
	flagged := "Agreed with Imam Yusuf"
	facts := func(kind string, mod func(*ApprovalDecisionFacts)) ApprovalDecisionFacts {
		f := ApprovalDecisionFacts{Kind: kind, BirthYear: 1990,
			Request: DecisionFacts{Status: "pending", RequestedBy: requester, Authors: []string{author}}}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	approve, reject := Decision{Approve: true}, Decision{}
	cases := []struct {
		name       string
		f          ApprovalDecisionFacts
		d          Decision
		wantCode   Code
		wantReason string
		wantFields []string
		want       ApprovalDecisionPlan
	}{
		{name: "a transition approved", f: facts(ApprovalTransition, nil), d: approve,
			want: ApprovalDecisionPlan{Verdict: "approved", Summary: "transition approved"}},
		{name: "a transition rejected", f: facts(ApprovalTransition, nil), d: reject,
			want: ApprovalDecisionPlan{Verdict: "rejected", Summary: "transition rejected"}},
		{name: "a plan approved supersedes the plan in force", f: facts(ApprovalPlan, nil), d: approve,
			want: ApprovalDecisionPlan{Verdict: "approved", SubjectStatus: "approved", SupersedePlans: true, Summary: "plan approved"}},
		{name: "a plan rejected supersedes nothing", f: facts(ApprovalPlan, nil), d: reject,
			want: ApprovalDecisionPlan{Verdict: "rejected", SubjectStatus: "rejected", Summary: "plan rejected"}},
		{name: "a milestone verified evidences its practices", f: facts(ApprovalMilestone, nil), d: approve,
			want: ApprovalDecisionPlan{Verdict: "approved", SubjectStatus: "verified", EvidencePractices: true, Summary: "milestone approved"}},
		{name: "a milestone rejected evidences nothing", f: facts(ApprovalMilestone, nil), d: reject,
			want: ApprovalDecisionPlan{Verdict: "rejected", SubjectStatus: "rejected", Summary: "milestone rejected"}},
		{name: "a reintegration plan approved is the plan in force", f: facts(ApprovalReintegrationPlan, nil), d: approve,
			want: ApprovalDecisionPlan{Verdict: "approved", SubjectStatus: ReintegrationApproved, DropInForce: true, Summary: "reintegration plan approved"}},
		{name: "a reintegration plan rejected leaves the plan in force", f: facts(ApprovalReintegrationPlan, nil), d: reject,
			want: ApprovalDecisionPlan{Verdict: "rejected", SubjectStatus: ReintegrationRejected, Summary: "reintegration plan rejected"}},
		{name: "an unknown kind", f: facts("letter", nil), d: approve, wantCode: CodeInternal},
		{name: "already decided", f: facts(ApprovalPlan, func(f *ApprovalDecisionFacts) { f.Request.Status = "approved" }), d: approve,
			wantCode: CodeConflict},
		{name: "own request", f: facts(ApprovalPlan, func(f *ApprovalDecisionFacts) { f.Request.RequestedBy = sup }), d: reject,
			wantCode: CodeForbidden, wantReason: DecisionOwnRequest},
		{name: "own work", f: facts(ApprovalMilestone, func(f *ApprovalDecisionFacts) { f.Request.Authors = []string{"x", sup} }), d: approve,
			wantCode: CodeForbidden, wantReason: DecisionOwnWork},
		{name: "four eyes come before the comment's screen", f: facts(ApprovalPlan, func(f *ApprovalDecisionFacts) { f.Request.RequestedBy = sup }),
			d: Decision{Approve: true, Comment: flagged}, wantCode: CodeForbidden, wantReason: DecisionOwnRequest},
		{name: "a flagged comment is refused", f: facts(ApprovalPlan, nil), d: Decision{Approve: true, Comment: flagged},
			wantCode: CodeInvalid, wantFields: []string{"comment:identifier_suspected"}},
		{name: "the comment's screen comes before an unknown kind", f: facts("letter", nil), d: Decision{Comment: flagged},
			wantCode: CodeInvalid, wantFields: []string{"comment:identifier_suspected"}},
		{name: "an acknowledged comment passes with its kinds", f: facts(ApprovalPlan, nil),
			d:    Decision{Comment: flagged, AcknowledgeIdentifiers: true},
			want: ApprovalDecisionPlan{Verdict: "rejected", SubjectStatus: "rejected", Summary: "plan rejected", Kinds: []string{IdentName}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, reason, err := PlanApprovalDecision(c.f, sup, c.d)
			if reason != c.wantReason {
				t.Fatalf("refusal reason %q, want %q", reason, c.wantReason)
			}
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Kinds, c.want.Kinds) {
				t.Fatalf("kinds %v, want %v", got.Kinds, c.want.Kinds)
			}
			got.Kinds, c.want.Kinds = nil, nil
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
