package domain

import (
	"strconv"
	"strings"
	"time"
)

// TimelineEvent is what one line of a case's timeline says, made by one of the Event…
// constructors below so that every writer (the store and the demo and synthetic seeders)
// says the same thing the same way.
//
// Params carry the facts as data: codes (phases, legal bases, intervention types, …), dates
// as ISO days, whole numbers in decimal, lists as comma-separated codes, booleans as "true"
// or "false", and the names the store already shows (facilities, catalogue names). Never a
// free-text note. The browser renders Params in the reader's language.
//
// Summary is the same line in English, derived from Params only: kept for exports, the audit
// and clients that do not read Params.
type TimelineEvent struct {
	Kind    string
	Params  map[string]string
	Summary string
}

// Timeline event kinds written today. The browser knows each one; an unknown kind is shown
// by its stored summary.
const (
	EventKindIntake                   = "intake"
	EventKindCaseUpdated              = "case.updated"
	EventKindTeam                     = "team"
	EventKindAssessmentCreated        = "assessment.created"
	EventKindAssessmentUpdated        = "assessment.updated"
	EventKindAssessmentFinalised      = "assessment.finalised"
	EventKindAssessmentDiscarded      = "assessment.discarded"
	EventKindSession                  = "session"
	EventKindPlanCreated              = "plan.created"
	EventKindPlanSubmitted            = "plan.submitted"
	EventKindReintegrationPlanCreated = "reintegration_plan.created"
	EventKindReintegrationPlanUpdated = "reintegration_plan.updated"
	EventKindReintegrationPlanSubmit  = "reintegration_plan.submitted"
	EventKindReintegrationPlanDiscard = "reintegration_plan.discarded"
	EventKindReintegrationPlanRetired = "reintegration_plan.retired"
	EventKindRelease                  = "release"
	EventKindReleaseCorrected         = "release.corrected"
	EventKindReleaseRemoved           = "release.removed"
	EventKindFollowUp                 = "follow_up"
	EventKindFollowUpPointNotReached  = "follow_up_point.not_reached"
	EventKindConsentWithdrawn         = "consent.withdrawn"
	EventKindReEntry                  = "re_entry"
	EventKindReEntered                = "re_entered"
	EventKindTransferRequested        = "transfer.requested"
	EventKindPhaseChanged             = "phase.changed"
	EventKindTransitionRequested      = "transition.requested"
	EventKindTransitionRejected       = "transition.rejected"
)

// TimelineEventKinds lists every kind the Event… constructors write: the constants above and
// the kinds made of a record and its verdict or status. A reader of the timeline (the
// browser's dictionaries) is checked against it, so no entry shows a raw kind.
var TimelineEventKinds = []string{
	EventKindIntake, EventKindCaseUpdated, EventKindTeam,
	EventKindAssessmentCreated, EventKindAssessmentUpdated, EventKindAssessmentFinalised, EventKindAssessmentDiscarded,
	EventKindSession,
	eventKindMilestonePrefix + "claimed", eventKindMilestonePrefix + "verified", eventKindMilestonePrefix + "rejected",
	eventKindMilestonePrefix + "lapsed", eventKindMilestonePrefix + "reversed",
	EventKindPlanCreated, EventKindPlanSubmitted, eventKindPlanPrefix + "approved", eventKindPlanPrefix + "rejected",
	EventKindReintegrationPlanCreated, EventKindReintegrationPlanUpdated, EventKindReintegrationPlanSubmit,
	eventKindReintegrationPlanPrefix + "approved", eventKindReintegrationPlanPrefix + "rejected",
	EventKindReintegrationPlanDiscard, EventKindReintegrationPlanRetired,
	EventKindRelease, EventKindReleaseCorrected, EventKindReleaseRemoved,
	EventKindFollowUp, EventKindFollowUpPointNotReached, EventKindConsentWithdrawn,
	EventKindReEntry, EventKindReEntered,
	EventKindTransferRequested, eventKindTransferPrefix + "accepted", eventKindTransferPrefix + "declined",
	EventKindPhaseChanged, EventKindTransitionRequested, EventKindTransitionRejected,
}

// Prefixes of kinds made of a record and a verdict or status, and the fixed wording.
const (
	eventKindMilestonePrefix          = "milestone."
	eventKindPlanPrefix               = "plan."
	eventKindReintegrationPlanPrefix  = "reintegration_plan."
	eventKindTransferPrefix           = "transfer."
	reintegrationPlanRevisedSummary   = "reintegration plan revised: the approved plan stays in force until the revision is approved"
	reintegrationPlanDiscardedSummary = "revision of the reintegration plan discarded: the approved plan is the working copy again"
	reintegrationPlanRetiredSummary   = "reintegration plan retired at the recall: a new one is approved before the next release"
	reintegrationPlanSubmittedSummary = "reintegration plan submitted for approval"
	reEnteredSummary                  = "the participant re-entered the programme: a new case was opened"
	eventParamTrue, eventParamFalse   = "true", "false"
	eventListSeparator                = ","
	eventPairSeparator                = ":"
	eventDateLayout                   = time.DateOnly
	eventArrow                        = " → "
)

// newTimelineEvent builds a TimelineEvent from its kind, params and summary; it never holds a nil map.
func newTimelineEvent(kind, summary string, params map[string]string) TimelineEvent {
	if params == nil {
		params = map[string]string{}
	}
	return TimelineEvent{Kind: kind, Params: params, Summary: summary}
}

func isoDay(t time.Time) string { return t.Format(eventDateLayout) }

func boolParam(b bool) string {
	if b {
		return eventParamTrue
	}
	return eventParamFalse
}

// EventIntake is the opening of a case at intake on a legal basis (a code).
func EventIntake(legalBasis string) TimelineEvent {
	return newTimelineEvent(EventKindIntake, "case opened at intake ("+strings.ReplaceAll(legalBasis, "_", " ")+")",
		map[string]string{"legal_basis": legalBasis})
}

// EventCaseUpdated is a change of the case's own fields (their wire names, in the order
// CaseChanges.CaseFields gives).
func EventCaseUpdated(fields []string) TimelineEvent {
	return newTimelineEvent(EventKindCaseUpdated, "changed "+strings.Join(fields, ", "),
		map[string]string{"fields": strings.Join(fields, eventListSeparator)})
}

// EventTeamSet is a new team of members people (the case manager among them).
func EventTeamSet(members int) TimelineEvent {
	return newTimelineEvent(EventKindTeam, "team set: "+strconv.Itoa(members)+" members", map[string]string{"members": strconv.Itoa(members)})
}

// EventTeamSetAt is the new team a receiving facility (by name) names for a transferred case.
func EventTeamSetAt(facility string, members int) TimelineEvent {
	return newTimelineEvent(EventKindTeam, "team set at "+facility+": "+strconv.Itoa(members)+" members",
		map[string]string{"members": strconv.Itoa(members), "facility": facility})
}

// AssessmentEventFacts is what an assessment's timeline lines name: the instrument (code,
// version and catalogue name), the occasion and, once final, the overall judgement.
type AssessmentEventFacts struct {
	Instrument, Version, InstrumentName string
	Occasion, Overall                   string
}

func (a AssessmentEventFacts) params() map[string]string {
	m := map[string]string{"instrument": a.Instrument, "instrument_version": a.Version, "occasion": a.Occasion}
	if a.InstrumentName != "" {
		m["instrument_name"] = a.InstrumentName
	}
	return m
}

// EventAssessmentCreated is a new assessment draft.
func EventAssessmentCreated(a AssessmentEventFacts) TimelineEvent {
	return newTimelineEvent(EventKindAssessmentCreated, a.Instrument+" "+a.Version+", "+a.Occasion, a.params())
}

// EventAssessmentUpdated is a revised assessment draft.
func EventAssessmentUpdated(a AssessmentEventFacts) TimelineEvent {
	return newTimelineEvent(EventKindAssessmentUpdated, a.Instrument+" "+a.Version+", "+a.Occasion, a.params())
}

// EventAssessmentFinalised is an assessment made final, with its overall judgement.
func EventAssessmentFinalised(a AssessmentEventFacts) TimelineEvent {
	m := a.params()
	m["overall"] = a.Overall
	return newTimelineEvent(EventKindAssessmentFinalised, a.Instrument+" "+a.Version+", "+a.Occasion+", overall "+a.Overall, m)
}

// EventAssessmentDiscarded is a draft set aside for good (kept, never finalised).
func EventAssessmentDiscarded(a AssessmentEventFacts) TimelineEvent {
	return newTimelineEvent(EventKindAssessmentDiscarded, a.Instrument+" "+a.Version+", "+a.Occasion+": draft discarded", a.params())
}

// EventSession is one participant's line of a session: its intervention type, format and
// length, and the participant's attendance (codes).
func EventSession(interventionType, format string, minutes int, attendance string) TimelineEvent {
	return newTimelineEvent(EventKindSession, interventionType+", "+format+", "+strconv.Itoa(minutes)+" min, "+attendance,
		map[string]string{"intervention_type": interventionType, "format": format, "minutes": strconv.Itoa(minutes), "attendance": attendance})
}

func milestoneParams(code, name string) map[string]string {
	m := map[string]string{"milestone": code}
	if name != "" {
		m["milestone_name"] = name
	}
	return m
}

// EventMilestoneClaimed is a milestone recorded with status "claimed" (waiting for
// verification) or "verified" (needing none); code and name are its definition's.
func EventMilestoneClaimed(status, code, name string) TimelineEvent {
	return newTimelineEvent(eventKindMilestonePrefix+status, name, milestoneParams(code, name))
}

// EventMilestoneDecided is a supervisor's decision on a claimed milestone: verified when
// approved, else rejected.
func EventMilestoneDecided(approved bool, code, name string) TimelineEvent {
	status, verdict := "rejected", "rejected"
	if approved {
		status, verdict = "verified", "approved"
	}
	return newTimelineEvent(eventKindMilestonePrefix+status, "milestone "+verdict, milestoneParams(code, name))
}

// EventMilestoneLapsed is a verified milestone marked "lapsed" or "reversed" (status).
func EventMilestoneLapsed(status, code string) TimelineEvent {
	return newTimelineEvent(eventKindMilestonePrefix+status, code, map[string]string{"milestone": code})
}

// EventPlanCreated is a new individual plan version (a draft).
func EventPlanCreated(version int) TimelineEvent {
	return newTimelineEvent(EventKindPlanCreated, "plan version "+strconv.Itoa(version), map[string]string{"version": strconv.Itoa(version)})
}

// EventPlanSubmitted is a plan version sent for a supervisor's approval.
func EventPlanSubmitted(version int) TimelineEvent {
	return newTimelineEvent(EventKindPlanSubmitted, "plan version "+strconv.Itoa(version)+" submitted for approval",
		map[string]string{"version": strconv.Itoa(version)})
}

// EventPlanDecided is a supervisor's decision on a plan version.
func EventPlanDecided(approved bool, version int) TimelineEvent {
	verdict := verdictOf(approved)
	return newTimelineEvent(eventKindPlanPrefix+verdict, "plan "+verdict, map[string]string{"version": strconv.Itoa(version)})
}

func verdictOf(approved bool) string {
	if approved {
		return "approved"
	}
	return "rejected"
}

// EventReintegrationPlanSaved is a reintegration plan written: created, or updated, where a
// revision of an approved plan keeps that plan in force until the revision is approved.
func EventReintegrationPlanSaved(created, keptInForce bool) TimelineEvent {
	if created {
		return newTimelineEvent(EventKindReintegrationPlanCreated, "reintegration plan created", nil)
	}
	summary := "reintegration plan updated"
	if keptInForce {
		summary = reintegrationPlanRevisedSummary
	}
	return newTimelineEvent(EventKindReintegrationPlanUpdated, summary, map[string]string{"kept_in_force": boolParam(keptInForce)})
}

// EventReintegrationPlanSubmitted is the reintegration plan sent for approval.
func EventReintegrationPlanSubmitted() TimelineEvent {
	return newTimelineEvent(EventKindReintegrationPlanSubmit, reintegrationPlanSubmittedSummary, nil)
}

// EventReintegrationPlanDecided is a supervisor's decision on the reintegration plan.
func EventReintegrationPlanDecided(approved bool) TimelineEvent {
	verdict := verdictOf(approved)
	return newTimelineEvent(eventKindReintegrationPlanPrefix+verdict, "reintegration plan "+verdict, nil)
}

// EventReintegrationPlanDiscarded is a discarded revision: the approved plan is the working
// copy again.
func EventReintegrationPlanDiscarded() TimelineEvent {
	return newTimelineEvent(EventKindReintegrationPlanDiscard, reintegrationPlanDiscardedSummary, nil)
}

// EventReintegrationPlanRetired is the reintegration plan retired at a recall.
func EventReintegrationPlanRetired() TimelineEvent {
	return newTimelineEvent(EventKindReintegrationPlanRetired, reintegrationPlanRetiredSummary, nil)
}

// EventRelease is a release recorded, on a day and of a type (a code).
func EventRelease(on time.Time, releaseType string) TimelineEvent {
	return newTimelineEvent(EventKindRelease, "release recorded: "+isoDay(on)+" ("+releaseType+")",
		map[string]string{"released_on": isoDay(on), "release_type": releaseType})
}

// EventReleaseCorrected is a correction of release number (the case's first release is 1)
// naming the fields it set (ReleaseUpdate.Fields).
func EventReleaseCorrected(number int, fields []string) TimelineEvent {
	return newTimelineEvent(EventKindReleaseCorrected, "release "+strconv.Itoa(number)+" corrected: "+strings.Join(fields, ", "),
		map[string]string{"release_number": strconv.Itoa(number), "fields": strings.Join(fields, eventListSeparator)})
}

// EventReleaseRemoved is a recorded release (of the day on) removed because it did not happen.
func EventReleaseRemoved(on time.Time) TimelineEvent {
	return newTimelineEvent(EventKindReleaseRemoved, "recorded release of "+isoDay(on)+" removed: it did not happen",
		map[string]string{"released_on": isoDay(on)})
}

// EventFollowUp is a follow-up recorded at months after its anchor; pointMonths is the
// scheduled point it reaches (0 for none).
func EventFollowUp(months, pointMonths int) TimelineEvent {
	m := map[string]string{"months": strconv.Itoa(months)}
	summary := "follow-up at " + strconv.Itoa(months) + " months"
	if pointMonths > 0 {
		m["point_months"] = strconv.Itoa(pointMonths)
		summary += " (the " + strconv.Itoa(pointMonths) + "-month point)"
	}
	return newTimelineEvent(EventKindFollowUp, summary, m)
}

// EventPointNotReached is one follow-up point (at months) closed as not reached, for a
// reason (a code).
func EventPointNotReached(months int, reason string) TimelineEvent {
	return newTimelineEvent(EventKindFollowUpPointNotReached, strconv.Itoa(months)+"-month follow-up not reached ("+reason+")",
		map[string]string{"months": strconv.Itoa(months), "reason": reason})
}

// EventPointsClosed is follow-up points closed together by the system as not reached, for a
// reason (a code); months names each point by its month, so the line says which ones.
func EventPointsClosed(months []int, reason string) TimelineEvent {
	list := make([]string, len(months))
	for i, m := range months {
		list[i] = strconv.Itoa(m)
	}
	count := strconv.Itoa(len(months))
	return newTimelineEvent(EventKindFollowUpPointNotReached,
		count+" follow-up point(s) closed as not reached ("+reason+"): months "+strings.Join(list, ", "),
		map[string]string{"count": count, "months": strings.Join(list, eventListSeparator), "reason": reason})
}

// EventConsentWithdrawn is a withdrawal of consent on a day: either closure as withdrawn is
// requested, or the case goes on under its legal basis (a code).
func EventConsentWithdrawn(on time.Time, legalBasis string, closureRequested bool) TimelineEvent {
	m := map[string]string{"withdrawn_on": isoDay(on), "closure_requested": boolParam(closureRequested)}
	if closureRequested {
		return newTimelineEvent(EventKindConsentWithdrawn, "consent withdrawn on "+isoDay(on)+": closure as withdrawn requested", m)
	}
	m["legal_basis"] = legalBasis
	return newTimelineEvent(EventKindConsentWithdrawn, "consent withdrawn on "+isoDay(on)+": the case goes on ("+legalBasis+")", m)
}

// EventReEntry is, on a new case, the earlier case it follows: opened on a day and, when it
// was closed, closed on a day for a closure reason (a code).
func EventReEntry(previousOpened time.Time, previousClosed *time.Time, closureReason string) TimelineEvent {
	m := map[string]string{"previous_opened_on": isoDay(previousOpened)}
	summary := "re-entry: follows the case opened " + isoDay(previousOpened)
	if previousClosed != nil {
		m["previous_closed_on"], m["previous_closure_reason"] = isoDay(*previousClosed), closureReason
		summary += ", closed " + isoDay(*previousClosed) + " (" + closureReason + ")"
	}
	return newTimelineEvent(EventKindReEntry, summary, m)
}

// EventReEntered is, on the earlier case, that the participant re-entered the programme.
func EventReEntered() TimelineEvent {
	return newTimelineEvent(EventKindReEntered, reEnteredSummary, nil)
}

// EventTransferRequested is a transfer asked to a facility (its name) from a day.
func EventTransferRequested(toFacility string, on time.Time) TimelineEvent {
	return newTimelineEvent(EventKindTransferRequested, "transfer to "+toFacility+" requested, from "+isoDay(on),
		map[string]string{"to_facility": toFacility, "transfer_on": isoDay(on)})
}

// EventTransferDecided is a transfer between two facilities (names) accepted or declined;
// an accepted one carries the handover (h, nil when declined).
func EventTransferDecided(accepted bool, fromFacility, toFacility string, h *Handover) TimelineEvent {
	verdict := "declined"
	if accepted {
		verdict = "accepted"
	}
	m := map[string]string{"from_facility": fromFacility, "to_facility": toFacility}
	summary := "transfer from " + fromFacility + " to " + toFacility + " " + verdict
	if h != nil {
		h.addParams(m)
		summary += "; " + h.Summary()
	}
	return newTimelineEvent(eventKindTransferPrefix+verdict, summary, m)
}

// addParams writes the handover into m under handover_* keys: the phase; the latest final
// assessment's day, overall judgement and review day; the plan in force's version and
// approval day; the open requests' kinds (a list); the follow-ups due as months:day pairs
// (a list). A key is absent when the handover has no such fact.
func (h Handover) addParams(m map[string]string) {
	m["handover_phase"] = string(h.Phase)
	if a := h.LatestAssessment; a != nil {
		m["handover_assessed_on"], m["handover_overall"] = isoDay(a.On), a.Overall
		if a.NextReview != nil {
			m["handover_review_due"] = isoDay(*a.NextReview)
		}
	}
	if pl := h.Plan; pl != nil {
		m["handover_plan_version"] = strconv.Itoa(pl.Version)
		if pl.ApprovedOn != nil {
			m["handover_plan_approved_on"] = isoDay(*pl.ApprovedOn)
		}
	}
	// The store hands the kinds over as words ("reintegration plan", for Summary and the
	// wire); params carry the codes, which have no spaces.
	kinds := make([]string, len(h.OpenRequests))
	for i, k := range h.OpenRequests {
		kinds[i] = strings.ReplaceAll(k, " ", "_")
	}
	m["handover_open_requests"] = strings.Join(kinds, eventListSeparator)
	due := make([]string, len(h.DueFollowUps))
	for i, d := range h.DueFollowUps {
		due[i] = strconv.Itoa(d.Months) + eventPairSeparator + isoDay(d.DueOn)
	}
	m["handover_follow_ups_due"] = strings.Join(due, eventListSeparator)
}

// PhaseChangeEventFacts is what a phase change's timeline line names: the phases, how it
// came about ("applied" at once or "approved" by a supervisor), the closure reason of a
// move to closed and the recall that ended a release (nil for none).
type PhaseChangeEventFacts struct {
	From, To      Phase
	How           string
	ClosureReason string
	Recall        *RecallInput
}

// EventPhaseChanged is a phase change in force.
func EventPhaseChanged(f PhaseChangeEventFacts) TimelineEvent {
	m := map[string]string{"from": string(f.From), "to": string(f.To), "how": f.How}
	summary := string(f.From) + eventArrow + string(f.To) + " (" + f.How + ")"
	if f.To == PhaseClosed {
		m["closure_reason"] = f.ClosureReason
		summary += ": " + f.ClosureReason
	}
	if r := f.Recall; r != nil {
		m["recall_on"], m["recall_reason"] = isoDay(r.On), r.Reason
		summary += "; recall on " + isoDay(r.On) + " (" + r.Reason + ")"
	}
	return newTimelineEvent(EventKindPhaseChanged, summary, m)
}

// EventTransitionRequested is a phase change waiting for a supervisor's approval.
func EventTransitionRequested(from, to Phase) TimelineEvent {
	return newTimelineEvent(EventKindTransitionRequested, string(from)+eventArrow+string(to)+" requested",
		map[string]string{"from": string(from), "to": string(to)})
}

// EventTransitionRejected is a requested phase change a supervisor rejected.
func EventTransitionRejected(from, to Phase) TimelineEvent {
	return newTimelineEvent(EventKindTransitionRejected, string(from)+eventArrow+string(to)+" rejected",
		map[string]string{"from": string(from), "to": string(to)})
}
