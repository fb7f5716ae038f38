package domain

import (
	"slices"
	"time"
)

// CaseFacts is what the lifecycle's guards look at, loaded in one query from the case and its
// records at the moment of the request (and again when a supervisor decides it).
type CaseFacts struct {
	Phase      Phase
	Track      Track
	PhaseSince time.Time
	// HasFinalBaseline: a final assessment with occasion "baseline".
	HasFinalBaseline bool
	// HasApprovedPlan: an individual plan in force (status approved).
	HasApprovedPlan bool
	// HasFinalAssessment: any final assessment.
	HasFinalAssessment bool
	// NextReviewDate: when the latest final assessment is due for review (the case's
	// next_review_date, or the latest final assessment's date plus its instrument's
	// review interval).
	NextReviewDate      *time.Time
	ExpectedReleaseDate *time.Time
	// ActualReleaseDate is the date of the release the case is out on, or about to enter
	// reintegration on: its latest release when that was not recalled (nil otherwise). A
	// recalled release stays in the case's history but no longer counts here, so the next
	// move to reintegration needs a new release.
	ActualReleaseDate            *time.Time
	HasApprovedReintegrationPlan bool
	AftercareMonths              int
	Today                        time.Time
	// When the facts above became true, for a decider to read (TransitionGrounds); the
	// guards look at the flags. BaselineFinalisedOn: the day the latest final baseline was
	// finalised. PlanApprovedOn and PlanVersion: the individual plan in force. LatestAssessmentOn:
	// the latest final assessment's date. ReintegrationPlanApprovedOn: the reintegration plan
	// in force.
	BaselineFinalisedOn         *time.Time
	PlanApprovedOn              *time.Time
	PlanVersion                 int
	LatestAssessmentOn          *time.Time
	ReintegrationPlanApprovedOn *time.Time
}

// TransitionRequest is what someone asks for: the phase to go to and why.
type TransitionRequest struct {
	To            Phase
	Reason        string
	ClosureReason string // for To == closed: a closure_reasons code
	// Recall: for leaving reintegration by recall (back to intervention, or closed as
	// reoffended or recalled), when and why.
	Recall *RecallInput
	// AcknowledgeIdentifiers: the author confirms a reason the screen flags (see ScreenReason).
	AcknowledgeIdentifiers bool
}

// ScreenReason applies the free-text rule to the reason, which is kept forever in the phase
// history: likely identifiers are refused unless acknowledged (the kinds found are returned
// for the audit trail). birthYears: the participant's recorded birth year.
func (r TransitionRequest) ScreenReason(birthYears ...int) ([]string, error) {
	return CheckIdentifiers(r.AcknowledgeIdentifiers, birthYears, r.FreeTexts()...)
}

// Transition is one row of the lifecycle table.
type Transition struct {
	From          Phase
	To            Phase
	Tracks        []Track
	NeedsApproval bool
	NeedsReason   bool
	// Guard checks the facts; nil means nothing to check. Problems name the missing fact.
	Guard func(f CaseFacts, r TransitionRequest) Problems
}

var bothTracks = []Track{TrackCustodial, TrackNonCustodial}

// Lifecycle is the whole table of allowed phase changes. Anything not here is refused.
//
// Custodial cases run intake → assessment → intervention → pre_release → reintegration, with
// recall from reintegration back to intervention, and a way back from pre-release to
// intervention when parole is refused or the release is postponed. Non-custodial cases (probation, diversion,
// returnees in the community) never enter pre_release or reintegration: intervention → closed
// is their normal end. Any open phase may close, with a closure reason.
var Lifecycle = []Transition{
	{From: PhaseIntake, To: PhaseAssessment, Tracks: bothTracks},
	{From: PhaseAssessment, To: PhaseIntervention, Tracks: bothTracks, NeedsApproval: true, Guard: guardIntervention},
	{From: PhaseIntervention, To: PhasePreRelease, Tracks: []Track{TrackCustodial}, NeedsApproval: true, Guard: guardPreRelease},
	{From: PhasePreRelease, To: PhaseReintegration, Tracks: []Track{TrackCustodial}, NeedsApproval: true, Guard: guardReintegration},
	// Recall: back to intervention after a breach or new offence; the reason is kept, and the
	// recall is recorded on the release it ends.
	{From: PhaseReintegration, To: PhaseIntervention, Tracks: []Track{TrackCustodial}, NeedsApproval: true, NeedsReason: true, Guard: guardRecall},
	// Back from pre-release when parole is refused or the release is postponed; the reason is
	// kept. Only while no release is recorded: a person who was released is recalled instead.
	{From: PhasePreRelease, To: PhaseIntervention, Tracks: []Track{TrackCustodial}, NeedsApproval: true, NeedsReason: true, Guard: guardBackFromPreRelease},
	{From: PhaseIntake, To: PhaseClosed, Tracks: bothTracks, NeedsApproval: true, Guard: guardClosed},
	{From: PhaseAssessment, To: PhaseClosed, Tracks: bothTracks, NeedsApproval: true, Guard: guardClosed},
	{From: PhaseIntervention, To: PhaseClosed, Tracks: bothTracks, NeedsApproval: true, Guard: guardClosed},
	{From: PhasePreRelease, To: PhaseClosed, Tracks: []Track{TrackCustodial}, NeedsApproval: true, Guard: guardClosed},
	{From: PhaseReintegration, To: PhaseClosed, Tracks: []Track{TrackCustodial}, NeedsApproval: true, Guard: guardClosed},
}

// Closure reasons the lifecycle treats specially.
const (
	// ClosureCompleted says the programme was finished.
	ClosureCompleted = "completed"
	// ClosureRecalled closes a case on a new offence or recall; from reintegration it ends
	// the release with a recall.
	ClosureRecalled = "reoffended_recalled"
	// ClosureWithdrawn closes a case when the participant withdraws (a voluntary
	// participant's consent withdrawal asks for it).
	ClosureWithdrawn = "withdrawn"
	// ClosureDeceased closes the case of a participant who died.
	ClosureDeceased = "deceased"
)

// endsWithRecall reports whether a move out of reintegration ends the release by recall.
func endsWithRecall(from Phase, r TransitionRequest) bool {
	return from == PhaseReintegration && (r.To == PhaseIntervention || (r.To == PhaseClosed && r.ClosureReason == ClosureRecalled))
}

func guardRecall(f CaseFacts, r TransitionRequest) Problems {
	return checkRecall(f, r.Recall)
}

func guardBackFromPreRelease(f CaseFacts, _ TransitionRequest) Problems {
	var p Problems
	if f.ActualReleaseDate != nil {
		p.Add("actual_release_date", "recorded", "a release on "+f.ActualReleaseDate.Format("2006-01-02")+
			" is recorded: correct it if it did not happen, or ask for the move to reintegration and then a recall")
	}
	return p
}

func guardIntervention(f CaseFacts, _ TransitionRequest) Problems {
	var p Problems
	if !f.HasFinalBaseline {
		p.Add("baseline_assessment", "missing", "a finalised baseline assessment is needed before intervention")
	}
	if !f.HasApprovedPlan {
		p.Add("plan", "missing", "an approved individual plan is needed before intervention")
	}
	return p
}

func guardPreRelease(f CaseFacts, _ TransitionRequest) Problems {
	var p Problems
	if f.ExpectedReleaseDate == nil {
		p.Add("expected_release_date", "missing", "set the expected release date first")
	}
	switch {
	case !f.HasFinalAssessment:
		p.Add("assessment", "missing", "a final assessment is needed before pre-release")
	case f.NextReviewDate == nil || f.NextReviewDate.Before(dateOf(f.Today)):
		p.Add("assessment", "review_overdue", "the latest assessment is past its review date: re-assess first")
	}
	return p
}

func guardReintegration(f CaseFacts, _ TransitionRequest) Problems {
	var p Problems
	if !f.HasApprovedReintegrationPlan {
		p.Add("reintegration_plan", "not_approved", "an approved reintegration plan is needed before release")
	}
	switch {
	case f.ActualReleaseDate == nil:
		p.Add("actual_release_date", "missing", "record the actual release date first")
	case f.ActualReleaseDate.After(dateOf(f.Today)):
		p.Add("actual_release_date", "in_future", "the release has not happened yet")
	}
	return p
}

// guardClosed: closing needs a reason code. Closing as completed needs the programme done:
//   - custodial: from reintegration, with the programme's aftercare period elapsed since the
//     actual release (release date + aftercare_months ≤ today);
//   - non-custodial: from intervention, with the aftercare period elapsed since the case
//     entered intervention (phase_since + aftercare_months ≤ today). A community case has no
//     release; the programme's aftercare months are then the minimum time it is followed in
//     the community before it counts as completed.
//
// Any other closure (withdrawn, deceased, transferred out, reoffended, …) needs a reason
// text, so the file says why the programme ended early.
func guardClosed(f CaseFacts, r TransitionRequest) Problems {
	var p Problems
	if r.ClosureReason == "" {
		p.Add("closure_reason", "required", "say why the case closes")
		return p
	}
	if r.ClosureReason != ClosureCompleted {
		if r.Reason == "" {
			p.Add("reason", "required", "explain why the case closes early")
		}
		return p
	}
	today := dateOf(f.Today)
	switch f.Track {
	case TrackCustodial:
		if f.Phase != PhaseReintegration {
			p.Add("closure_reason", "not_completed", "a custodial case completes only from reintegration")
		} else if f.ActualReleaseDate == nil {
			p.Add("actual_release_date", "missing", "the actual release date is not recorded")
		} else if f.ActualReleaseDate.AddDate(0, f.AftercareMonths, 0).After(today) {
			p.Add("closure_reason", "aftercare_not_done", "the programme's aftercare period since release has not ended")
		}
	case TrackNonCustodial:
		if f.Phase != PhaseIntervention {
			p.Add("closure_reason", "not_completed", "a non-custodial case completes only from intervention")
		} else if dateOf(f.PhaseSince).AddDate(0, f.AftercareMonths, 0).After(today) {
			p.Add("closure_reason", "aftercare_not_done", "the programme's follow-up period in the community has not ended")
		}
	}
	return p
}

// CheckTransition finds the table row for the request and checks its track, reason and
// guard. A change that is not in the table, or not for this track, is a problem on "to".
func CheckTransition(f CaseFacts, r TransitionRequest) (Transition, error) {
	var t *Transition
	for i := range Lifecycle {
		if Lifecycle[i].From == f.Phase && Lifecycle[i].To == r.To {
			t = &Lifecycle[i]
			break
		}
	}
	if t == nil {
		return Transition{}, Invalid(FieldProblem{Field: "to", Reason: "not_allowed",
			Detail: "a case in " + string(f.Phase) + " cannot go to " + string(r.To)})
	}
	if !slices.Contains(t.Tracks, f.Track) {
		return Transition{}, Invalid(FieldProblem{Field: "to", Reason: "not_for_track",
			Detail: "a " + string(f.Track) + " case does not go to " + string(r.To)})
	}
	var p Problems
	if t.NeedsReason && r.Reason == "" {
		p.Add("reason", "required", "give the reason for this change")
	}
	if r.To != PhaseClosed && r.ClosureReason != "" {
		p.Add("closure_reason", "not_allowed", "only a closure has a closure reason")
	}
	switch {
	case endsWithRecall(f.Phase, r) && r.To == PhaseClosed:
		// Closed as reoffended or recalled from reintegration: the release ends by recall (the
		// move back to intervention checks its recall in its guard).
		p = append(p, checkRecall(f, r.Recall)...)
	case !endsWithRecall(f.Phase, r) && r.Recall != nil:
		p.Add("recall", "not_allowed", "a recall is recorded only when a released case returns to custody")
	}
	if t.Guard != nil {
		p = append(p, t.Guard(f, r)...)
	}
	if err := p.Err(); err != nil {
		return Transition{}, err
	}
	return *t, nil
}

// dateOf drops the time of day.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
