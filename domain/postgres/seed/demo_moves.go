package seed

import (
	"errors"
	"slices"
	"strings"

	"pathways/domain"
	"pathways/domain/postgres"
)

// reentry: the participant of a closed Northgate case (reoffended, recalled) is taken in again
// on a court order, on the demo practitioner's caseload, without consent given.
func (w *story) reentry() error {
	northgate, psych := mustID(w.spec.Northgate), w.users["psychologist"]
	i, ok := w.caseIndex(func(c *postgres.CaseRow) bool {
		return c.FacilityID == northgate && c.ClosureReason == domain.ClosureRecalled && c.CaseManagerID == psych
	})
	if !ok {
		return errors.New("no closed case to re-enter")
	}
	prev := w.b.Cases[i]
	// Inside the latest month the statistics serve (domain.DefaultPeriod ends at most 36 days
	// back), so that the re-entry counts in the demo's figures.
	opened := w.day(-45)
	if !opened.After(*prev.ClosedOn) {
		opened = days(*prev.ClosedOn, 1)
	}
	prac, c := w.users["practitioner"], w.g.newID()
	created := w.at(opened)
	w.b.Cases = append(w.b.Cases, postgres.CaseRow{ID: c, ParticipantID: prev.ParticipantID, ProgrammeID: mustID(w.spec.ProgrammeXA),
		FacilityID: northgate, Country: "XA", Track: "custodial", Phase: "assessment", PhaseSince: days(opened, 5), OffenceCategory: "09059",
		LegalBasis: "court_order", OpenedOn: opened, NextReviewDate: ptr(days(opened, 42)), CaseManagerID: prac, CreatedBy: prac,
		CreatedAt: created, UpdatedAt: created, PreviousCaseID: prev.ID})
	w.b.Team = append(w.b.Team, postgres.TeamRow{CaseID: c, UserID: prac, Discipline: "case_manager", AddedAt: w.at(opened)})
	w.timeline(c, opened, domain.EventIntake("court_order"), c.String(), "intake", prac)
	w.timeline(c, opened, domain.EventReEntry(prev.OpenedOn, prev.ClosedOn, prev.ClosureReason), prev.ID.String(), "", prac)
	w.timeline(prev.ID, opened, domain.EventReEntered(), c.String(), "", prac)
	w.phase(c, domain.PhaseIntake, domain.PhaseAssessment, days(opened, 5), "", nil)
	return nil
}

// transfers: a Riverside case moved to Northgate seven weeks ago (inside the months the
// statistics serve, as the re-entry) (requested by practitioner2,
// accepted by the supervisor, new team at Northgate, handover on the timeline), and a
// Riverside case in pre-release whose move to Northgate waits for a Northgate supervisor.
func (w *story) transfers() error {
	riverside, northgate := mustID(w.spec.Riverside), mustID(w.spec.Northgate)
	i, ok := w.caseIndex(func(c *postgres.CaseRow) bool {
		return c.FacilityID == riverside && c.Phase == "intervention" && !w.hasPending(c.ID) && c.OpenedOn.Before(w.day(-90))
	})
	if !ok {
		return errors.New("no Riverside case to transfer")
	}
	w.acceptedTransfer(&w.b.Cases[i], riverside, northgate)
	j, ok := w.caseIndex(func(c *postgres.CaseRow) bool { return c.FacilityID == riverside && c.Phase == "pre_release" })
	if !ok {
		return errors.New("no Riverside case in pre-release")
	}
	waiting := w.b.Cases[j].ID
	tid := w.g.newID()
	w.b.Transfers = append(w.b.Transfers, postgres.TransferRow{ID: tid, CaseID: waiting, FromFacilityID: riverside, ToFacilityID: northgate,
		Reason: "Release area is covered by the Northgate aftercare team.", TransferOn: w.day(14), Status: "pending",
		RequestedBy: w.users["practitioner2"], RequestedAt: w.at(w.day(-2))})
	w.timeline(waiting, w.day(-2), domain.EventTransferRequested("Northgate Prison", w.day(14)), tid.String(), "", w.users["practitioner2"])
	return nil
}

func (w *story) hasPending(c id) bool {
	return slices.ContainsFunc(w.b.Approvals, func(a postgres.ApprovalRow) bool { return a.CaseID == c && a.Status == "pending" })
}

// acceptedTransfer moves c to Northgate with a new team (the practitioner managing, the
// psychologist) and the handover on its timeline.
func (w *story) acceptedTransfer(c *postgres.CaseRow, from, to id) {
	pr2, sup := w.users["practitioner2"], w.users["supervisor"]
	prac, psych := w.users["practitioner"], w.users["psychologist"]
	tid := w.g.newID()
	requested := w.at(w.day(-53))
	w.timeline(c.ID, w.day(-53), domain.EventTransferRequested("Northgate Prison", w.day(-50)), tid.String(), "", pr2)
	c.FacilityID, c.CaseManagerID = to, prac
	w.b.Team = slices.DeleteFunc(w.b.Team, func(t postgres.TeamRow) bool { return t.CaseID == c.ID })
	added := w.at(w.day(-50))
	w.b.Team = append(w.b.Team, postgres.TeamRow{CaseID: c.ID, UserID: prac, Discipline: "case_manager", AddedAt: added},
		postgres.TeamRow{CaseID: c.ID, UserID: psych, Discipline: "psychologist", AddedAt: added})
	h := w.handover(c)
	w.b.Transfers = append(w.b.Transfers, postgres.TransferRow{ID: tid, CaseID: c.ID, FromFacilityID: from, ToFacilityID: to,
		Reason: "The family has moved near Northgate; visits and aftercare are easier from there.", TransferOn: w.day(-50),
		Status: "accepted", RequestedBy: pr2, RequestedAt: requested, DecidedBy: sup, DecidedAt: ptr(w.at(w.day(-50))),
		Comment: "Place available; team assigned.", Handover: &h})
	w.timeline(c.ID, w.day(-50), domain.EventTransferDecided(true, "Riverside Prison", "Northgate Prison", &h), tid.String(), "", sup)
	w.timeline(c.ID, w.day(-50), domain.EventTeamSetAt("Northgate Prison", 2), prac.String(), "team", sup)
}

// handover is what the receiving team is handed (domain.Handover), from the case's rows.
func (w *story) handover(c *postgres.CaseRow) domain.Handover {
	h := domain.Handover{Phase: domain.Phase(c.Phase)}
	for _, a := range w.b.Assessments {
		if a.CaseID == c.ID && a.Status == "final" && (h.LatestAssessment == nil || !a.AssessedOn.Before(h.LatestAssessment.On)) {
			h.LatestAssessment = &domain.HandoverAssessment{On: a.AssessedOn, Overall: a.Overall, NextReview: a.NextReviewDate}
		}
	}
	for _, p := range w.b.Plans {
		if p.CaseID == c.ID && p.Status == "approved" && (h.Plan == nil || p.Version > h.Plan.Version) {
			h.Plan = &domain.HandoverPlan{Version: p.Version, ApprovedOn: ptr(dateOnly(*p.DecidedAt))}
		}
	}
	for _, a := range w.b.Approvals {
		if a.CaseID == c.ID && a.Status == "pending" {
			h.OpenRequests = append(h.OpenRequests, strings.ReplaceAll(a.Kind, "_", " "))
		}
	}
	return h
}

// communityFollowUps: the closed Harbour cases are followed up from the end of their
// intervention: of the points already due, the first reached, the second not reached (the
// participant refused after withdrawing, or could not be found), the rest left open.
func (w *story) communityFollowUps() error {
	harbour, officer := mustID(w.spec.Harbour), w.users["practitionerxb"]
	closure := map[id]string{}
	for _, c := range w.b.Cases {
		if c.FacilityID == harbour {
			closure[c.ID] = c.ClosureReason
		}
	}
	nth := map[id]int{}
	for i := range w.b.FollowUpPoints {
		p := &w.b.FollowUpPoints[i]
		reason, ok := closure[p.CaseID]
		if !ok || p.Anchor != domain.AnchorInterventionEnd || p.Status != domain.PointOpen || !p.DueOn.Before(w.g.today) {
			continue
		}
		nth[p.CaseID]++
		switch nth[p.CaseID] {
		case 1:
			on := minDate(days(p.DueOn, 4), w.g.today)
			fu := w.followUp(p.CaseID, on, p.Months, "not_applicable", "Settled; in work and in touch with the family.", officer, id{})
			p.Status, p.FollowUpID, p.ClosedOn, p.ClosedBy, p.ClosedAt = domain.PointReached, fu, &on, officer, ptr(w.at(on))
		case 2:
			why := "lost_contact"
			if reason == domain.ClosureWithdrawn {
				why = "refused"
			}
			on := minDate(days(p.DueOn, 10), w.g.today)
			p.Status, p.NotReachedReason, p.ClosedOn, p.ClosedBy, p.ClosedAt = domain.PointNotReached, why, &on, officer, ptr(w.at(on))
			w.timeline(p.CaseID, on, domain.EventPointNotReached(p.Months, why), p.ID.String(), "", officer)
		}
	}
	return nil
}

// legalBases: most Borealis community cases rest on a court order, one participant of which
// withdrew consent without the case closing; two Northgate cases on licence conditions.
func (w *story) legalBases() error {
	harbour, northgate := mustID(w.spec.Harbour), mustID(w.spec.Northgate)
	open := w.casesByOpening(func(c *postgres.CaseRow) bool {
		return c.FacilityID == harbour && (c.Phase == "assessment" || c.Phase == "intervention")
	})
	if len(open) < 2 {
		return errors.New("too few open Harbour cases")
	}
	for _, c := range open {
		c.LegalBasis = "court_order"
	}
	withdrew := open[len(open)-1]
	withdrew.ConsentGiven, withdrew.ConsentWithdrawnOn = false, ptr(w.day(-9))
	w.timeline(withdrew.ID, w.day(-9), domain.EventConsentWithdrawn(w.day(-9), "court_order", false), withdrew.ID.String(), "", w.users["practitionerxb"])
	released := w.casesByOpening(func(c *postgres.CaseRow) bool { return c.FacilityID == northgate && c.Phase == "reintegration" })
	for _, c := range released[:min(2, len(released))] {
		c.LegalBasis = "licence_condition"
	}
	return nil
}

// casesByOpening lists the batch's cases that match, earliest opened first.
func (w *story) casesByOpening(match func(c *postgres.CaseRow) bool) []*postgres.CaseRow {
	var out []*postgres.CaseRow
	for i := range w.b.Cases {
		if match(&w.b.Cases[i]) {
			out = append(out, &w.b.Cases[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *postgres.CaseRow) int { return a.OpenedOn.Compare(b.OpenedOn) })
	return out
}
