package domain

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var today = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

func day(offset int) *time.Time {
	d := today.AddDate(0, 0, offset)
	return &d
}

func recall(offset int, reason string) *RecallInput {
	return &RecallInput{On: *day(offset), Reason: reason}
}

// ready has every fact a guard could ask for, satisfied.
func ready(phase Phase, track Track) CaseFacts {
	return CaseFacts{
		Phase: phase, Track: track, PhaseSince: today.AddDate(-2, 0, 0),
		HasFinalBaseline: true, HasApprovedPlan: true, HasFinalAssessment: true,
		NextReviewDate: day(30), ExpectedReleaseDate: day(60), ActualReleaseDate: day(-400),
		HasApprovedReintegrationPlan: true, AftercareMonths: 12, Today: today,
	}
}

func fields(err error) []string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Reason)
	}
	return out
}

// Every row of the table is allowed when its facts hold, with the approval and reason flags
// the design asks for.
func TestEveryTransitionAllowedWhenFactsHold(t *testing.T) {
	wantApproval := map[[2]Phase]bool{
		{PhaseIntake, PhaseAssessment}:          false,
		{PhaseAssessment, PhaseIntervention}:    true,
		{PhaseIntervention, PhasePreRelease}:    true,
		{PhasePreRelease, PhaseReintegration}:   true,
		{PhaseReintegration, PhaseIntervention}: true,
		{PhasePreRelease, PhaseIntervention}:    true,
		{PhaseIntake, PhaseClosed}:              true,
		{PhaseAssessment, PhaseClosed}:          true,
		{PhaseIntervention, PhaseClosed}:        true,
		{PhasePreRelease, PhaseClosed}:          true,
		{PhaseReintegration, PhaseClosed}:       true,
	}
	if len(Lifecycle) != len(wantApproval) {
		t.Fatalf("table has %d rows, test knows %d", len(Lifecycle), len(wantApproval))
	}
	for _, row := range Lifecycle {
		for _, track := range row.Tracks {
			r := TransitionRequest{To: row.To, Reason: "because"}
			if row.To == PhaseClosed {
				r.ClosureReason = "withdrawn"
			}
			f := ready(row.From, track)
			switch {
			case row.From == PhaseReintegration && row.To == PhaseIntervention:
				r.Recall = &RecallInput{On: today, Reason: "breach_of_conditions"}
			case row.From == PhasePreRelease && row.To == PhaseIntervention:
				f.ActualReleaseDate = nil // postponed: not released
			}
			got, err := CheckTransition(f, r)
			if err != nil {
				t.Errorf("%s→%s (%s): %v %v", row.From, row.To, track, err, fields(err))
				continue
			}
			want, ok := wantApproval[[2]Phase{row.From, row.To}]
			if !ok || got.NeedsApproval != want {
				t.Errorf("%s→%s: needs approval %v, want %v", row.From, row.To, got.NeedsApproval, want)
			}
		}
	}
}

func TestTransitionGuards(t *testing.T) {
	type tc struct {
		name  string
		facts func(*CaseFacts)
		req   TransitionRequest
		from  Phase
		track Track
		want  []string // field:reason; nil = allowed
	}
	cases := []tc{
		{"intake→assessment", nil, TransitionRequest{To: PhaseAssessment}, PhaseIntake, TrackCustodial, nil},
		{"intervention needs baseline", func(f *CaseFacts) { f.HasFinalBaseline = false }, TransitionRequest{To: PhaseIntervention}, PhaseAssessment, TrackCustodial, []string{"baseline_assessment:missing"}},
		{"intervention needs plan", func(f *CaseFacts) { f.HasApprovedPlan = false }, TransitionRequest{To: PhaseIntervention}, PhaseAssessment, TrackNonCustodial, []string{"plan:missing"}},
		{"intervention needs both", func(f *CaseFacts) { f.HasApprovedPlan, f.HasFinalBaseline = false, false }, TransitionRequest{To: PhaseIntervention}, PhaseAssessment, TrackCustodial, []string{"baseline_assessment:missing", "plan:missing"}},
		{"pre-release needs expected date", func(f *CaseFacts) { f.ExpectedReleaseDate = nil }, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackCustodial, []string{"expected_release_date:missing"}},
		{"pre-release needs an assessment", func(f *CaseFacts) { f.HasFinalAssessment = false }, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackCustodial, []string{"assessment:missing"}},
		{"pre-release needs a current assessment", func(f *CaseFacts) { f.NextReviewDate = day(-1) }, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackCustodial, []string{"assessment:review_overdue"}},
		{"pre-release review due today is fine", func(f *CaseFacts) { f.NextReviewDate = day(0) }, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackCustodial, nil},
		{"pre-release without review date", func(f *CaseFacts) { f.NextReviewDate = nil }, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackCustodial, []string{"assessment:review_overdue"}},
		{"pre-release not for community cases", nil, TransitionRequest{To: PhasePreRelease}, PhaseIntervention, TrackNonCustodial, []string{"to:not_for_track"}},
		{"reintegration needs approved plan", func(f *CaseFacts) { f.HasApprovedReintegrationPlan = false }, TransitionRequest{To: PhaseReintegration}, PhasePreRelease, TrackCustodial, []string{"reintegration_plan:not_approved"}},
		{"reintegration needs release date", func(f *CaseFacts) { f.ActualReleaseDate = nil }, TransitionRequest{To: PhaseReintegration}, PhasePreRelease, TrackCustodial, []string{"actual_release_date:missing"}},
		{"reintegration release in the future", func(f *CaseFacts) { f.ActualReleaseDate = day(1) }, TransitionRequest{To: PhaseReintegration}, PhasePreRelease, TrackCustodial, []string{"actual_release_date:in_future"}},
		{"recall needs a reason", nil, TransitionRequest{To: PhaseIntervention, Recall: recall(-10, "new_offence")}, PhaseReintegration, TrackCustodial, []string{"reason:required"}},
		{"recall with reason", nil, TransitionRequest{To: PhaseIntervention, Reason: "breach of conditions", Recall: recall(-10, "breach_of_conditions")}, PhaseReintegration, TrackCustodial, nil},
		{"recall needs its date and reason", nil, TransitionRequest{To: PhaseIntervention, Reason: "x"}, PhaseReintegration, TrackCustodial, []string{"recall:required"}},
		{"recall reason from the list", nil, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: recall(-10, "misbehaviour")}, PhaseReintegration, TrackCustodial, []string{"recall.reason:oneof"}},
		{"recall outcome from the list", nil, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: &RecallInput{On: today, Reason: "other", Outcome: "exile"}}, PhaseReintegration, TrackCustodial, []string{"recall.outcome:oneof"}},
		{"recall in the future", nil, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: recall(1, "other")}, PhaseReintegration, TrackCustodial, []string{"recall.on:in_future"}},
		{"recall before the release", nil, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: recall(-401, "other")}, PhaseReintegration, TrackCustodial, []string{"recall.on:before_release"}},
		{"recall on the day of release", nil, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: recall(-400, "new_offence")}, PhaseReintegration, TrackCustodial, nil},
		{"recall without a release on record", func(f *CaseFacts) { f.ActualReleaseDate = nil }, TransitionRequest{To: PhaseIntervention, Reason: "x", Recall: recall(-1, "other")}, PhaseReintegration, TrackCustodial, []string{"actual_release_date:missing"}},
		{"closed on a recall records it", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "reoffended_recalled", Reason: "new sentence", Recall: recall(-5, "new_offence")}, PhaseReintegration, TrackCustodial, nil},
		{"closed on a recall needs it", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "reoffended_recalled", Reason: "new sentence"}, PhaseReintegration, TrackCustodial, []string{"recall:required"}},
		{"reoffended in custody is no recall", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "reoffended_recalled", Reason: "new sentence"}, PhaseIntervention, TrackCustodial, nil},
		{"a recall only leaving reintegration", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "withdrawn", Reason: "x", Recall: recall(-5, "other")}, PhaseReintegration, TrackCustodial, []string{"recall:not_allowed"}},
		{"no recall on a move forward", nil, TransitionRequest{To: PhasePreRelease, Recall: recall(-5, "other")}, PhaseIntervention, TrackCustodial, []string{"recall:not_allowed"}},
		{"back from pre-release needs a reason", func(f *CaseFacts) { f.ActualReleaseDate = nil }, TransitionRequest{To: PhaseIntervention}, PhasePreRelease, TrackCustodial, []string{"reason:required"}},
		{"back from pre-release: parole refused", func(f *CaseFacts) { f.ActualReleaseDate = nil }, TransitionRequest{To: PhaseIntervention, Reason: "parole refused"}, PhasePreRelease, TrackCustodial, nil},
		{"back from pre-release after a release is recorded", nil, TransitionRequest{To: PhaseIntervention, Reason: "postponed"}, PhasePreRelease, TrackCustodial, []string{"actual_release_date:recorded"}},
		{"close needs closure reason", nil, TransitionRequest{To: PhaseClosed, Reason: "x"}, PhaseIntake, TrackCustodial, []string{"closure_reason:required"}},
		{"early close needs reason text", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "deceased"}, PhaseIntervention, TrackCustodial, []string{"reason:required"}},
		{"completed custodial from reintegration", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseReintegration, TrackCustodial, nil},
		{"completed custodial too early", func(f *CaseFacts) { f.ActualReleaseDate = day(-100) }, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseReintegration, TrackCustodial, []string{"closure_reason:aftercare_not_done"}},
		{"completed custodial without release", func(f *CaseFacts) { f.ActualReleaseDate = nil }, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseReintegration, TrackCustodial, []string{"actual_release_date:missing"}},
		{"completed custodial from intervention", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseIntervention, TrackCustodial, []string{"closure_reason:not_completed"}},
		{"completed custodial on the last aftercare day", func(f *CaseFacts) { d := today.AddDate(-1, 0, 0); f.ActualReleaseDate = &d }, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseReintegration, TrackCustodial, nil},
		{"completed community case", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseIntervention, TrackNonCustodial, nil},
		{"completed community case too early", func(f *CaseFacts) { f.PhaseSince = today.AddDate(0, -3, 0) }, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseIntervention, TrackNonCustodial, []string{"closure_reason:aftercare_not_done"}},
		{"completed community case from assessment", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "completed"}, PhaseAssessment, TrackNonCustodial, []string{"closure_reason:not_completed"}},
		{"closure reason on a non-closure", nil, TransitionRequest{To: PhaseAssessment, ClosureReason: "completed"}, PhaseIntake, TrackCustodial, []string{"closure_reason:not_allowed"}},
		{"reintegration not for community cases", nil, TransitionRequest{To: PhaseReintegration}, PhasePreRelease, TrackNonCustodial, []string{"to:not_for_track"}},
		{"recall not for community cases", nil, TransitionRequest{To: PhaseIntervention, Reason: "x"}, PhaseReintegration, TrackNonCustodial, []string{"to:not_for_track"}},
		{"back from pre-release not for community cases", nil, TransitionRequest{To: PhaseIntervention, Reason: "x"}, PhasePreRelease, TrackNonCustodial, []string{"to:not_for_track"}},
		{"skip a phase", nil, TransitionRequest{To: PhaseIntervention}, PhaseIntake, TrackCustodial, []string{"to:not_allowed"}},
		{"backwards", nil, TransitionRequest{To: PhaseIntake}, PhaseAssessment, TrackCustodial, []string{"to:not_allowed"}},
		{"same phase", nil, TransitionRequest{To: PhaseAssessment}, PhaseAssessment, TrackCustodial, []string{"to:not_allowed"}},
		{"out of closed", nil, TransitionRequest{To: PhaseIntervention, Reason: "x"}, PhaseClosed, TrackCustodial, []string{"to:not_allowed"}},
		{"closed twice", nil, TransitionRequest{To: PhaseClosed, ClosureReason: "other", Reason: "x"}, PhaseClosed, TrackCustodial, []string{"to:not_allowed"}},
		{"unknown phase", nil, TransitionRequest{To: "limbo"}, PhaseIntake, TrackCustodial, []string{"to:not_allowed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ready(c.from, c.track)
			if c.facts != nil {
				c.facts(&f)
			}
			_, err := CheckTransition(f, c.req)
			got := fields(err)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v %v", err, got)
				}
				return
			}
			if ErrorCode(err) != CodeInvalid || !slices.Equal(got, c.want) {
				t.Fatalf("got %v (%v), want %v", got, err, c.want)
			}
		})
	}
}
