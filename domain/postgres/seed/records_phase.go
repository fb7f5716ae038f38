package seed

import (
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// needsApproval reads the lifecycle table: whether a supervisor decides the change.
func needsApproval(from, to domain.Phase) bool {
	for _, t := range domain.Lifecycle {
		if t.From == from && t.To == to {
			return t.NeedsApproval
		}
	}
	return true
}

// phaseChange writes a phase change along the path: applied at once where the lifecycle
// needs no approval, else approved on the day (or, status "pending", waiting since then).
func (s *caseSim) phaseChange(from, to domain.Phase, reason string, on time.Time, status string) {
	g := s.g
	req := s.requester()
	if !needsApproval(from, to) {
		row := postgres.PhaseChangeRow{ID: g.newID(), CaseID: s.id, From: string(from), To: string(to), Reason: reason,
			Status: "applied", RequestedBy: req, RequestedAt: g.at(on), EffectiveOn: ptr(on)}
		s.b.PhaseChanges = append(s.b.PhaseChanges, row)
		s.ev(on, domain.EventPhaseChanged(domain.PhaseChangeEventFacts{From: from, To: to, How: "applied"}), row.ID, nil, req)
		return
	}
	if status == "pending" {
		asked := days(on, -g.between(0, 3))
		row := postgres.PhaseChangeRow{ID: g.newID(), CaseID: s.id, From: string(from), To: string(to), Reason: reason,
			Status: "pending", RequestedBy: req, RequestedAt: g.at(asked)}
		s.b.PhaseChanges = append(s.b.PhaseChanges, row)
		s.approval("transition", row.ID, req, asked, nil, "pending")
		s.ev(asked, domain.EventTransitionRequested(from, to), row.ID, nil, req)
		return
	}
	row := s.decidedChange(from, to, reason, "", on)
	if to == domain.PhaseReintegration {
		s.entered = row
	}
}

// decidedChange writes a phase change approved on day on, with its approval and timeline
// entries, and returns it.
func (s *caseSim) decidedChange(from, to domain.Phase, reason, closure string, on time.Time) *postgres.PhaseChangeRow {
	g := s.g
	req := s.requester()
	asked := days(on, -g.between(0, 3))
	row := postgres.PhaseChangeRow{ID: g.newID(), CaseID: s.id, From: string(from), To: string(to), Reason: reason,
		ClosureReason: closure, Status: "approved", RequestedBy: req, RequestedAt: g.at(asked), EffectiveOn: ptr(on)}
	s.b.PhaseChanges = append(s.b.PhaseChanges, row)
	s.approval("transition", row.ID, req, asked, &on, "approved")
	s.ev(asked, domain.EventTransitionRequested(from, to), row.ID, nil, req)
	s.ev(on, domain.EventPhaseChanged(domain.PhaseChangeEventFacts{From: from, To: to, How: "approved", ClosureReason: closure}), row.ID, nil, s.lastSup)
	return &row
}

// approval writes a decided (or pending) approvals row; the decider is a supervisor of the
// facility other than the requester.
func (s *caseSim) approval(kind string, subject, requester id, requested time.Time, decided *time.Time, status string) {
	g := s.g
	row := postgres.ApprovalRow{ID: g.newID(), CaseID: s.id, Kind: kind, SubjectID: subject, Status: status,
		RequestedBy: requester}
	if decided != nil {
		sup := s.supervisor()
		if sup == requester {
			for _, o := range s.p.fac.supervisors {
				if o != requester {
					sup = o
				}
			}
		}
		row.DecidedBy, row.DecidedAt = sup, ptr(g.at(*decided))
		if g.text {
			comments := approvalComments
			if status == "rejected" {
				comments = rejectionComments
			}
			row.Comment = pick(g, comments)
		}
	}
	row.RequestedAt = g.at(requested)
	s.b.Approvals = append(s.b.Approvals, row)
}
