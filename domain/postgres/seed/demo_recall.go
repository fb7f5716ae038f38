package seed

import (
	"pathways/domain"
	"pathways/domain/postgres"
)

// recalledAndReleasedAgain: a Northgate case on the demo practitioner's caseload, released on
// parole, recalled five months later for breach of conditions, released again eight months
// ago on conditions: two releases, the first recalled; the first release's 3-month follow-up
// reached and its later points closed (in custody); the second release's 3-month point
// reached, its 6-month point overdue.
func (w *story) recalledAndReleasedAgain() error {
	prac, psych := w.users["practitioner"], w.users["psychologist"]
	opened := w.day(-900)
	pid, c := w.g.newID(), w.g.newID()
	w.b.Participants = append(w.b.Participants, postgres.ParticipantRow{ID: pid, Pseudonym: w.g.pseudonym(), Country: "XA",
		BirthYear: 1994, Gender: "male", Nationality: "XA", Categories: []string{"returnee"}, CreatedAt: w.at(opened)})
	created := w.at(opened)
	w.b.Cases = append(w.b.Cases, postgres.CaseRow{ID: c, ParticipantID: pid, ProgrammeID: mustID(w.spec.ProgrammeXA),
		FacilityID: mustID(w.spec.Northgate), Country: "XA", Track: "custodial", Phase: "reintegration", PhaseSince: w.day(-240),
		OffenceCategory: "09051", LegalBasis: "licence_condition", ConsentGiven: true, ConsentDate: &opened, OpenedOn: opened,
		ExpectedReleaseDate: ptr(w.day(-245)), ActualReleaseDate: ptr(w.day(-240)), ReleaseType: "conditional",
		NextReviewDate: ptr(w.day(80)), CaseManagerID: prac, CreatedBy: prac, CreatedAt: created, UpdatedAt: created})
	at := w.at(opened)
	w.b.Team = append(w.b.Team, postgres.TeamRow{CaseID: c, UserID: prac, Discipline: "case_manager", AddedAt: at},
		postgres.TeamRow{CaseID: c, UserID: psych, Discipline: "psychologist", AddedAt: at})
	w.timeline(c, opened, domain.EventIntake("licence_condition"), c.String(), "intake", prac)
	w.timeline(c, w.day(-899), domain.EventTeamSet(2), prac.String(), "team", w.users["supervisor"])
	w.phase(c, domain.PhaseIntake, domain.PhaseAssessment, w.day(-880), "", nil)
	w.assessment(c, "baseline", w.day(-860), "high")
	w.firstPlan(c)
	w.phase(c, domain.PhaseAssessment, domain.PhaseIntervention, w.day(-845), "", nil)
	w.session(c, w.day(-800), "psychological_support")
	w.assessment(c, "scheduled", w.day(-680), "moderate")
	w.phase(c, domain.PhaseIntervention, domain.PhasePreRelease, w.day(-620), "Parole hearing set", nil)
	w.reintegrationPlan(c)
	first := w.firstRelease(c)
	w.secondRelease(c, first)
	return nil
}

// firstPlan: the individual plan, approved after team review.
func (w *story) firstPlan(c id) {
	prac, sup := w.users["practitioner"], w.users["supervisor"]
	plan := w.g.newID()
	at, decided := w.at(w.day(-855)), w.at(w.day(-850))
	w.b.Plans = append(w.b.Plans, postgres.PlanRow{ID: plan, CaseID: c, Version: 1, Status: "approved",
		Summary: "Address the justification of violence; prepare for work and family contact.", CreatedBy: prac, CreatedAt: at,
		SubmittedAt: &at, DecidedAt: &decided})
	w.b.PlanGoals = append(w.b.PlanGoals, postgres.PlanGoalRow{ID: w.g.newID(), PlanID: plan, Position: 1, Need: "B1",
		Description: "Examine and challenge the justification of violence.", Interventions: []string{"cognitive_skills", "psychological_support"},
		ResponsibleID: w.users["psychologist"], TargetDate: w.day(-500)})
	w.approval(c, "plan", plan, prac, w.day(-855), sup, w.day(-850), "Approved after team review.")
	w.timeline(c, w.day(-855), domain.EventPlanCreated(1), plan.String(), "plan", prac)
	w.timeline(c, w.day(-850), domain.EventPlanDecided(true, 1), plan.String(), "plan", sup)
}

// reintegrationPlan: drafted and approved for the first release, revised and approved again
// for the second.
func (w *story) reintegrationPlan(c id) {
	prac, sup2 := w.users["practitioner"], w.users["supervisor2"]
	at := w.at(w.day(-255))
	w.b.ReintegrationPlans = append(w.b.ReintegrationPlans, postgres.ReintegrationPlanRow{CaseID: c, Status: "approved",
		PlannedRelease: ptr(w.day(-245)), ReleaseType: "conditional", Agency: "Arcadia Probation Service", Version: 4,
		UpdatedBy: prac, UpdatedAt: at, DecidedAt: &at})
	w.b.ReintegrationItems = append(w.b.ReintegrationItems, []postgres.ReintegrationItemRow{
		{CaseID: c, Area: "housing", Status: "in_place", Description: "Accommodation arranged through the housing service."},
		{CaseID: c, Area: "supervision", Status: "in_place", Description: "Supervision conditions explained and agreed."},
		{CaseID: c, Area: "family", Status: "in_progress", Description: "Family meetings held to prepare for return."},
	}...)
	for _, a := range []struct{ asked, decided int }{{-590, -585}, {-262, -255}} {
		w.approval(c, "reintegration_plan", c, prac, w.day(a.asked), sup2, w.day(a.decided), "Agreed.")
	}
	w.timeline(c, w.day(-610), domain.EventReintegrationPlanSaved(true, false), c.String(), "reintegration_plan", prac)
	w.timeline(c, w.day(-585), domain.EventReintegrationPlanDecided(true), c.String(), "", sup2)
}

// firstRelease: released on parole, a 3-month follow-up, then recalled for breach of
// conditions; the plan retired and the later points closed as in custody. It returns the
// release.
func (w *story) firstRelease(c id) postgres.ReleaseRow {
	prac := w.users["practitioner"]
	relID := w.g.newID()
	w.timeline(c, w.day(-560), domain.EventRelease(w.day(-560), "parole"), relID.String(), "", prac)
	w.phase(c, domain.PhasePreRelease, domain.PhaseReintegration, w.day(-560), "Released on parole", nil)
	rel := postgres.ReleaseRow{ID: relID, CaseID: c, Number: 1, ReleasedOn: w.day(-560), ReleaseType: "parole",
		Agency: "Arcadia Probation Service", Conditions: "Weekly reporting; no contact with the former network.",
		EnteredOn: ptr(w.day(-560)), RecordedBy: prac, CreatedAt: w.at(w.day(-562))}
	fu := w.followUp(c, w.day(-468), 3, "minor_breach", "Settling in; missed one appointment with the supervising agency.", prac, rel.ID)
	recall := &domain.RecallInput{On: w.day(-422), Reason: "breach_of_conditions", Outcome: "returned_to_custody"}
	change := w.phase(c, domain.PhaseReintegration, domain.PhaseIntervention, w.day(-420), "Breach of parole conditions reported by probation", recall)
	rel.RecalledOn, rel.RecallReason, rel.RecallOutcome, rel.RecallChangeID = &recall.On, recall.Reason, recall.Outcome, change
	w.b.Releases = append(w.b.Releases, rel)
	w.timeline(c, w.day(-420), domain.EventReintegrationPlanRetired(), c.String(), "", id{})
	w.timeline(c, w.day(-422), domain.EventPointsClosed(w.closedByRecall(rel, map[int]id{3: fu}), "in_custody"), "", "", id{})
	w.points(rel, map[int]id{3: fu})
	return rel
}

// secondRelease: back in intervention, re-assessed, released again on conditions; its
// 3-month follow-up reached, its 6-month point overdue.
func (w *story) secondRelease(c id, first postgres.ReleaseRow) {
	prac, sup2 := w.users["practitioner"], w.users["supervisor2"]
	w.session(c, w.day(-380), "cognitive_skills")
	w.assessment(c, "pre_release", w.day(-300), "low")
	w.phase(c, domain.PhaseIntervention, domain.PhasePreRelease, w.day(-280), "Second release planned", nil)
	w.timeline(c, w.day(-270), domain.EventReintegrationPlanSaved(false, false), c.String(), "", prac)
	w.timeline(c, w.day(-255), domain.EventReintegrationPlanDecided(true), c.String(), "", sup2)
	relID := w.g.newID()
	w.timeline(c, w.day(-240), domain.EventRelease(w.day(-240), "conditional"), relID.String(), "", prac)
	w.phase(c, domain.PhasePreRelease, domain.PhaseReintegration, w.day(-240), "Released on conditions", nil)
	rel := postgres.ReleaseRow{ID: relID, CaseID: c, Number: 2, ReleasedOn: w.day(-240), ReleaseType: "conditional",
		Agency: "Arcadia Probation Service", Conditions: "Reporting every two weeks; curfew from 22:00; employment kept.",
		EnteredOn: ptr(w.day(-240)), RecordedBy: prac, CreatedAt: w.at(w.day(-242))}
	w.b.Releases = append(w.b.Releases, rel)
	w.assessment(c, "post_release", w.day(-100), "low")
	fu := w.followUp(c, w.day(-148), 3, "compliant", "Keeps appointments; working with an employer found through the programme.", prac, rel.ID)
	w.points(rel, map[int]id{3: fu})
}

// points writes a release's follow-up points (domain.SchedulePoints over the programme's
// months), reached by the follow-ups given by month count, and closes those a recall ends
// (domain.ClosedByRecall) as in custody.
// closedByRecall is the months of the release's points its recall closes (those not reached
// before it), as points writes them.
func (w *story) closedByRecall(rel postgres.ReleaseRow, reached map[int]id) []int {
	var out []int
	for _, p := range domain.SchedulePoints(domain.AnchorRelease, rel.ReleasedOn, w.g.followUpMonths[mustID(w.spec.ProgrammeXA)]) {
		if _, ok := reached[p.Months]; !ok && len(domain.ClosedByRecall([]domain.FollowUpPoint{p}, "", *rel.RecalledOn)) > 0 {
			out = append(out, p.Months)
		}
	}
	return out
}

func (w *story) points(rel postgres.ReleaseRow, reached map[int]id) {
	months := w.g.followUpMonths[mustID(w.spec.ProgrammeXA)]
	for _, p := range domain.SchedulePoints(domain.AnchorRelease, rel.ReleasedOn, months) {
		row := postgres.FollowUpPointRow{ID: w.g.newID(), CaseID: rel.CaseID, ReleaseID: rel.ID, Anchor: p.Anchor, AnchorOn: p.AnchorOn,
			Months: p.Months, DueOn: p.DueOn, Status: domain.PointOpen, CreatedAt: rel.CreatedAt}
		if fu, ok := reached[p.Months]; ok {
			row.Status, row.FollowUpID, row.ClosedAt = domain.PointReached, fu, ptr(w.g.now)
			for _, f := range w.b.FollowUps {
				if f.ID == fu {
					row.ClosedOn = ptr(f.HeldOn)
				}
			}
		} else if rel.RecalledOn != nil && len(domain.ClosedByRecall([]domain.FollowUpPoint{p}, "", *rel.RecalledOn)) > 0 {
			row.Status, row.NotReachedReason, row.ClosedOn, row.ClosedAt = domain.PointNotReached, "in_custody", rel.RecalledOn, ptr(w.g.now)
		}
		w.b.FollowUpPoints = append(w.b.FollowUpPoints, row)
	}
}
