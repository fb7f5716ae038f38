package domain

import "time"

// Ground is one fact a phase change's guard checks, as a decider reads it: what it is, whether
// it holds today, and the date (and plan version) it carries. A supervisor deciding a request
// sees these beside the reason, so nobody approves a phase change blind.
type Ground struct {
	// Fact names what is checked (the Ground… constants).
	Fact string
	// Met: the fact holds on the facts' Today. A request may wait while the facts change; the
	// guard is checked again at the decision, and an unmet ground says why it would fail.
	Met bool
	// On: the fact's day (when the baseline was finalised, the plan approved, the release is
	// expected or happened, the review is due, the aftercare period ends); nil when none.
	On *time.Time
	// Version: the individual plan's version (fact GroundPlan), 0 otherwise.
	Version int
}

// Ground facts.
const (
	GroundBaselineAssessment = "baseline_assessment"
	GroundPlan               = "plan"
	GroundExpectedRelease    = "expected_release_date"
	GroundAssessment         = "assessment"
	GroundAssessmentReview   = "assessment_review"
	GroundReintegrationPlan  = "reintegration_plan"
	GroundActualRelease      = "actual_release_date"
	GroundNoRelease          = "no_release"
	GroundAftercareEnded     = "aftercare_ended"
)

// TransitionGrounds lists the facts the guard of the change from f.Phase to `to` checks, in
// the order the guard checks them, read from the same facts (see the guard… functions). A
// change whose guard checks nothing (intake → assessment, an early closure, which is explained
// by its reason) has none.
func TransitionGrounds(f CaseFacts, to Phase, closureReason string) []Ground {
	today := dateOf(f.Today)
	switch {
	case f.Phase == PhaseAssessment && to == PhaseIntervention:
		return []Ground{
			{Fact: GroundBaselineAssessment, Met: f.HasFinalBaseline, On: f.BaselineFinalisedOn},
			{Fact: GroundPlan, Met: f.HasApprovedPlan, On: f.PlanApprovedOn, Version: f.PlanVersion},
		}
	case f.Phase == PhaseIntervention && to == PhasePreRelease:
		reviewed := f.HasFinalAssessment && f.NextReviewDate != nil && !f.NextReviewDate.Before(today)
		return []Ground{
			{Fact: GroundExpectedRelease, Met: f.ExpectedReleaseDate != nil, On: f.ExpectedReleaseDate},
			{Fact: GroundAssessment, Met: f.HasFinalAssessment, On: f.LatestAssessmentOn},
			{Fact: GroundAssessmentReview, Met: reviewed, On: f.NextReviewDate},
		}
	case f.Phase == PhasePreRelease && to == PhaseReintegration:
		return []Ground{
			{Fact: GroundReintegrationPlan, Met: f.HasApprovedReintegrationPlan, On: f.ReintegrationPlanApprovedOn},
			{Fact: GroundActualRelease, Met: f.ActualReleaseDate != nil && !f.ActualReleaseDate.After(today), On: f.ActualReleaseDate},
		}
	case f.Phase == PhaseReintegration && to == PhaseIntervention:
		// A recall ends the release the case is out on.
		return []Ground{{Fact: GroundActualRelease, Met: f.ActualReleaseDate != nil, On: f.ActualReleaseDate}}
	case f.Phase == PhasePreRelease && to == PhaseIntervention:
		return []Ground{{Fact: GroundNoRelease, Met: f.ActualReleaseDate == nil, On: f.ActualReleaseDate}}
	case to == PhaseClosed && closureReason == ClosureCompleted:
		return completionGrounds(f, today)
	}
	return nil
}

// completionGrounds: a completed programme is one whose aftercare period has ended, counted
// from the release (custodial) or from entering intervention (non-custodial); see guardClosed.
func completionGrounds(f CaseFacts, today time.Time) []Ground {
	var start *time.Time
	var out []Ground
	switch f.Track {
	case TrackCustodial:
		out = append(out, Ground{Fact: GroundActualRelease, Met: f.ActualReleaseDate != nil, On: f.ActualReleaseDate})
		start = f.ActualReleaseDate
	case TrackNonCustodial:
		since := dateOf(f.PhaseSince)
		start = &since
	}
	if start == nil {
		return append(out, Ground{Fact: GroundAftercareEnded})
	}
	end := dateOf(*start).AddDate(0, f.AftercareMonths, 0)
	return append(out, Ground{Fact: GroundAftercareEnded, Met: !end.After(today), On: &end})
}
