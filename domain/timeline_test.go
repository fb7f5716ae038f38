package domain

import (
	"maps"
	"testing"
)

// The English summaries are the ones the store wrote before params existed, word for word:
// exports and older clients read them.
func TestTimelineEvents(t *testing.T) {
	closed, review, approved := date("2024-11-30"), date("2025-09-01"), date("2025-01-20")
	inst := AssessmentEventFacts{Instrument: "pathways-open", Version: "1", InstrumentName: "Pathways open risk and needs review", Occasion: "baseline"}
	final := inst
	final.Overall = "moderate"
	handover := &Handover{Phase: PhaseIntervention,
		LatestAssessment: &HandoverAssessment{On: date("2025-03-01"), Overall: "moderate", NextReview: &review},
		Plan:             &HandoverPlan{Version: 2, ApprovedOn: &approved},
		OpenRequests:     []string{"milestone", "reintegration plan"},
		DueFollowUps:     []HandoverPoint{{Months: 6, DueOn: date("2025-06-01")}, {Months: 12, DueOn: date("2025-12-01")}}}
	for _, c := range []struct {
		name    string
		ev      TimelineEvent
		kind    string
		summary string
		params  map[string]string
	}{
		{"intake", EventIntake("court_order"), "intake", "case opened at intake (court order)", map[string]string{"legal_basis": "court_order"}},
		{"case fields", EventCaseUpdated([]string{"expected_release_date", "offence_category"}), "case.updated",
			"changed expected_release_date, offence_category", map[string]string{"fields": "expected_release_date,offence_category"}},
		{"team", EventTeamSet(3), "team", "team set: 3 members", map[string]string{"members": "3"}},
		{"team at a facility", EventTeamSetAt("Northgate Prison", 2), "team", "team set at Northgate Prison: 2 members",
			map[string]string{"members": "2", "facility": "Northgate Prison"}},
		{"assessment started", EventAssessmentCreated(inst), "assessment.created", "pathways-open 1, baseline",
			map[string]string{"instrument": "pathways-open", "instrument_version": "1", "instrument_name": "Pathways open risk and needs review", "occasion": "baseline"}},
		{"assessment revised", EventAssessmentUpdated(AssessmentEventFacts{Instrument: "x", Version: "2", Occasion: "scheduled"}), "assessment.updated",
			"x 2, scheduled", map[string]string{"instrument": "x", "instrument_version": "2", "occasion": "scheduled"}},
		{"assessment finalised", EventAssessmentFinalised(final), "assessment.finalised", "pathways-open 1, baseline, overall moderate",
			map[string]string{"instrument": "pathways-open", "instrument_version": "1", "instrument_name": "Pathways open risk and needs review",
				"occasion": "baseline", "overall": "moderate"}},
		{"assessment draft discarded", EventAssessmentDiscarded(AssessmentEventFacts{Instrument: "x", Version: "2", Occasion: "scheduled"}), "assessment.discarded",
			"x 2, scheduled: draft discarded", map[string]string{"instrument": "x", "instrument_version": "2", "occasion": "scheduled"}},
		{"session", EventSession("cognitive_skills", "group", 90, "attended"), "session", "cognitive_skills, group, 90 min, attended",
			map[string]string{"intervention_type": "cognitive_skills", "format": "group", "minutes": "90", "attendance": "attended"}},
		{"milestone claimed", EventMilestoneClaimed("claimed", "qualification_obtained", "Qualification obtained"), "milestone.claimed",
			"Qualification obtained", map[string]string{"milestone": "qualification_obtained", "milestone_name": "Qualification obtained"}},
		{"milestone verified at once", EventMilestoneClaimed("verified", "sustained_attendance", "Sustained attendance"), "milestone.verified",
			"Sustained attendance", map[string]string{"milestone": "sustained_attendance", "milestone_name": "Sustained attendance"}},
		{"milestone approved", EventMilestoneDecided(true, "qualification_obtained", "Qualification obtained"), "milestone.verified",
			"milestone approved", map[string]string{"milestone": "qualification_obtained", "milestone_name": "Qualification obtained"}},
		{"milestone rejected", EventMilestoneDecided(false, "qualification_obtained", ""), "milestone.rejected",
			"milestone rejected", map[string]string{"milestone": "qualification_obtained"}},
		{"milestone lapsed", EventMilestoneLapsed("lapsed", "employment"), "milestone.lapsed", "employment", map[string]string{"milestone": "employment"}},
		{"milestone reversed", EventMilestoneLapsed("reversed", "employment"), "milestone.reversed", "employment", map[string]string{"milestone": "employment"}},
		{"plan drafted", EventPlanCreated(2), "plan.created", "plan version 2", map[string]string{"version": "2"}},
		{"plan submitted", EventPlanSubmitted(2), "plan.submitted", "plan version 2 submitted for approval", map[string]string{"version": "2"}},
		{"plan approved", EventPlanDecided(true, 2), "plan.approved", "plan approved", map[string]string{"version": "2"}},
		{"plan rejected", EventPlanDecided(false, 3), "plan.rejected", "plan rejected", map[string]string{"version": "3"}},
		{"reintegration plan created", EventReintegrationPlanSaved(true, false), "reintegration_plan.created", "reintegration plan created", map[string]string{}},
		{"reintegration plan updated", EventReintegrationPlanSaved(false, false), "reintegration_plan.updated", "reintegration plan updated",
			map[string]string{"kept_in_force": "false"}},
		{"reintegration plan revised", EventReintegrationPlanSaved(false, true), "reintegration_plan.updated",
			"reintegration plan revised: the approved plan stays in force until the revision is approved", map[string]string{"kept_in_force": "true"}},
		{"reintegration plan submitted", EventReintegrationPlanSubmitted(), "reintegration_plan.submitted", "reintegration plan submitted for approval", map[string]string{}},
		{"reintegration plan approved", EventReintegrationPlanDecided(true), "reintegration_plan.approved", "reintegration plan approved", map[string]string{}},
		{"reintegration plan rejected", EventReintegrationPlanDecided(false), "reintegration_plan.rejected", "reintegration plan rejected", map[string]string{}},
		{"reintegration plan discarded", EventReintegrationPlanDiscarded(), "reintegration_plan.discarded",
			"revision of the reintegration plan discarded: the approved plan is the working copy again", map[string]string{}},
		{"reintegration plan retired", EventReintegrationPlanRetired(), "reintegration_plan.retired",
			"reintegration plan retired at the recall: a new one is approved before the next release", map[string]string{}},
		{"release", EventRelease(date("2025-05-02"), "parole"), "release", "release recorded: 2025-05-02 (parole)",
			map[string]string{"released_on": "2025-05-02", "release_type": "parole"}},
		{"release corrected", EventReleaseCorrected(2, []string{"released_on", "conditions"}), "release.corrected", "release 2 corrected: released_on, conditions",
			map[string]string{"release_number": "2", "fields": "released_on,conditions"}},
		{"release removed", EventReleaseRemoved(date("2025-05-02")), "release.removed", "recorded release of 2025-05-02 removed: it did not happen",
			map[string]string{"released_on": "2025-05-02"}},
		{"follow-up", EventFollowUp(4, 0), "follow_up", "follow-up at 4 months", map[string]string{"months": "4"}},
		{"follow-up at its point", EventFollowUp(6, 6), "follow_up", "follow-up at 6 months (the 6-month point)",
			map[string]string{"months": "6", "point_months": "6"}},
		{"point not reached", EventPointNotReached(12, "lost_contact"), "follow_up_point.not_reached", "12-month follow-up not reached (lost_contact)",
			map[string]string{"months": "12", "reason": "lost_contact"}},
		{"points closed", EventPointsClosed([]int{6, 12, 24}, "in_custody"), "follow_up_point.not_reached",
			"3 follow-up point(s) closed as not reached (in_custody): months 6, 12, 24",
			map[string]string{"count": "3", "months": "6,12,24", "reason": "in_custody"}},
		{"consent withdrawn, closure asked", EventConsentWithdrawn(date("2025-04-01"), "voluntary", true), "consent.withdrawn",
			"consent withdrawn on 2025-04-01: closure as withdrawn requested", map[string]string{"withdrawn_on": "2025-04-01", "closure_requested": "true"}},
		{"consent withdrawn, case goes on", EventConsentWithdrawn(date("2025-04-01"), "court_order", false), "consent.withdrawn",
			"consent withdrawn on 2025-04-01: the case goes on (court_order)",
			map[string]string{"withdrawn_on": "2025-04-01", "closure_requested": "false", "legal_basis": "court_order"}},
		{"re-entry after a closed case", EventReEntry(date("2023-02-01"), &closed, "reoffended_recalled"), "re_entry",
			"re-entry: follows the case opened 2023-02-01, closed 2024-11-30 (reoffended_recalled)",
			map[string]string{"previous_opened_on": "2023-02-01", "previous_closed_on": "2024-11-30", "previous_closure_reason": "reoffended_recalled"}},
		{"re-entry after an open case", EventReEntry(date("2023-02-01"), nil, ""), "re_entry", "re-entry: follows the case opened 2023-02-01",
			map[string]string{"previous_opened_on": "2023-02-01"}},
		{"re-entered", EventReEntered(), "re_entered", "the participant re-entered the programme: a new case was opened", map[string]string{}},
		{"transfer requested", EventTransferRequested("Northgate Prison", date("2025-07-01")), "transfer.requested",
			"transfer to Northgate Prison requested, from 2025-07-01", map[string]string{"to_facility": "Northgate Prison", "transfer_on": "2025-07-01"}},
		{"transfer declined", EventTransferDecided(false, "Riverside Prison", "Northgate Prison", nil), "transfer.declined",
			"transfer from Riverside Prison to Northgate Prison declined", map[string]string{"from_facility": "Riverside Prison", "to_facility": "Northgate Prison"}},
		{"transfer accepted", EventTransferDecided(true, "Riverside Prison", "Northgate Prison", handover), "transfer.accepted",
			"transfer from Riverside Prison to Northgate Prison accepted; " + handover.Summary(),
			map[string]string{"from_facility": "Riverside Prison", "to_facility": "Northgate Prison", "handover_phase": "intervention",
				"handover_assessed_on": "2025-03-01", "handover_overall": "moderate", "handover_review_due": "2025-09-01",
				"handover_plan_version": "2", "handover_plan_approved_on": "2025-01-20", "handover_open_requests": "milestone,reintegration_plan",
				"handover_follow_ups_due": "6:2025-06-01,12:2025-12-01"}},
		{"transfer accepted, empty handover", EventTransferDecided(true, "A", "B", &Handover{Phase: PhaseIntake}), "transfer.accepted",
			"transfer from A to B accepted; handover: phase intake; no final assessment; no plan in force; no open requests; no follow-ups due",
			map[string]string{"from_facility": "A", "to_facility": "B", "handover_phase": "intake", "handover_open_requests": "", "handover_follow_ups_due": ""}},
		{"phase applied", EventPhaseChanged(PhaseChangeEventFacts{From: PhaseIntake, To: PhaseAssessment, How: "applied"}), "phase.changed",
			"intake → assessment (applied)", map[string]string{"from": "intake", "to": "assessment", "how": "applied"}},
		{"case closed", EventPhaseChanged(PhaseChangeEventFacts{From: PhaseIntervention, To: PhaseClosed, How: "approved", ClosureReason: "completed"}),
			"phase.changed", "intervention → closed (approved): completed",
			map[string]string{"from": "intervention", "to": "closed", "how": "approved", "closure_reason": "completed"}},
		{"recall", EventPhaseChanged(PhaseChangeEventFacts{From: PhaseReintegration, To: PhaseIntervention, How: "approved",
			Recall: &RecallInput{On: date("2025-08-03"), Reason: "breach_of_conditions", Outcome: "returned to custody"}}), "phase.changed",
			"reintegration → intervention (approved); recall on 2025-08-03 (breach_of_conditions)",
			map[string]string{"from": "reintegration", "to": "intervention", "how": "approved", "recall_on": "2025-08-03", "recall_reason": "breach_of_conditions"}},
		{"phase requested", EventTransitionRequested(PhaseIntervention, PhasePreRelease), "transition.requested", "intervention → pre_release requested",
			map[string]string{"from": "intervention", "to": "pre_release"}},
		{"phase rejected", EventTransitionRejected(PhaseIntervention, PhasePreRelease), "transition.rejected", "intervention → pre_release rejected",
			map[string]string{"from": "intervention", "to": "pre_release"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.ev.Kind != c.kind {
				t.Errorf("kind %q, want %q", c.ev.Kind, c.kind)
			}
			if c.ev.Summary != c.summary {
				t.Errorf("summary\n got %q\nwant %q", c.ev.Summary, c.summary)
			}
			if c.ev.Params == nil || !maps.Equal(c.ev.Params, c.params) {
				t.Errorf("params\n got %v\nwant %v", c.ev.Params, c.params)
			}
		})
	}
}

// A recall's outcome is free text: it stays out of the timeline, in params as in the summary.
func TestTimelineEventsCarryNoFreeText(t *testing.T) {
	ev := EventPhaseChanged(PhaseChangeEventFacts{From: PhaseReintegration, To: PhaseClosed, How: "approved", ClosureReason: "reoffended_recalled",
		Recall: &RecallInput{On: date("2025-08-03"), Reason: "new_offence", Outcome: "Remanded at Harbour Street on 3 Aug"}})
	for k, v := range ev.Params {
		if v == "Remanded at Harbour Street on 3 Aug" {
			t.Errorf("param %s holds the recall's outcome", k)
		}
	}
}
