package domain

import (
	"testing"
	"time"
)

func isoDate(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestTransitionGroundsNameTheGuardsFacts(t *testing.T) {
	f := CaseFacts{Phase: PhaseAssessment, Track: TrackCustodial, Today: *isoDate("2026-12-05"),
		HasFinalBaseline: true, BaselineFinalisedOn: isoDate("2026-10-01"), HasApprovedPlan: true, PlanApprovedOn: isoDate("2026-10-20"), PlanVersion: 2}
	g := TransitionGrounds(f, PhaseIntervention, "")
	if len(g) != 2 || g[0].Fact != GroundBaselineAssessment || !g[0].Met || !g[0].On.Equal(*isoDate("2026-10-01")) ||
		g[1].Fact != GroundPlan || !g[1].Met || g[1].Version != 2 || !g[1].On.Equal(*isoDate("2026-10-20")) {
		t.Fatalf("assessment → intervention: %+v", g)
	}
	f = CaseFacts{Phase: PhaseReintegration, Track: TrackCustodial, Today: *isoDate("2026-12-05"), ActualReleaseDate: isoDate("2025-12-01"), AftercareMonths: 12}
	g = TransitionGrounds(f, PhaseClosed, ClosureCompleted)
	if len(g) != 2 || g[1].Fact != GroundAftercareEnded || !g[1].Met || !g[1].On.Equal(*isoDate("2026-12-01")) {
		t.Fatalf("completed: %+v", g)
	}
	if g := TransitionGrounds(f, PhaseClosed, ClosureWithdrawn); g != nil {
		t.Fatalf("an early closure is explained by its reason, not by grounds: %+v", g)
	}
}

// The grounds are the guard read aloud: for every row of the table and a spread of facts, the
// guard passes exactly when every ground is met (a closure other than completed, which checks
// only its reason, has none).
func TestTransitionGroundsAgreeWithTheGuards(t *testing.T) {
	today := *isoDate("2026-12-05")
	dates := []*time.Time{nil, isoDate("2025-01-10"), isoDate("2026-12-05"), isoDate("2027-03-01")}
	for _, tr := range Lifecycle {
		if tr.Guard == nil {
			continue
		}
		for _, track := range tr.Tracks {
			if tr.To == PhaseClosed && !(track == TrackCustodial && tr.From == PhaseReintegration || track == TrackNonCustodial && tr.From == PhaseIntervention) {
				continue // completion is refused from any other phase when asked for
			}
			for i := 0; i < 64; i++ {
				f := CaseFacts{Phase: tr.From, Track: track, Today: today, PhaseSince: *isoDate("2025-06-01"), AftercareMonths: 12,
					HasFinalBaseline: i&1 != 0, HasApprovedPlan: i&2 != 0, HasFinalAssessment: i&4 != 0, HasApprovedReintegrationPlan: i&8 != 0,
					ExpectedReleaseDate: dates[(i>>4)&3], ActualReleaseDate: dates[(i>>2)&3], NextReviewDate: dates[(i>>1)&3]}
				r := TransitionRequest{To: tr.To, Reason: "why", Recall: nil}
				if tr.To == PhaseClosed {
					r.ClosureReason = ClosureCompleted
				}
				guardOK := len(tr.Guard(f, r)) == 0
				if tr.From == PhaseReintegration && tr.To == PhaseIntervention {
					continue // the recall's own input is checked there, not a fact of the case
				}
				allMet := true
				for _, g := range TransitionGrounds(f, tr.To, r.ClosureReason) {
					allMet = allMet && g.Met
				}
				if guardOK != allMet {
					t.Fatalf("%s → %s (%s) facts %+v: guard passes %v, grounds all met %v", tr.From, tr.To, track, f, guardOK, allMet)
				}
			}
		}
	}
}
