package seed

import (
	"slices"
	"strconv"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// releasesAndPoints writes what the lifecycle keeps beside the phase history: a custodial
// case's release when it entered reintegration (ended by recall when it closed as
// reoffended from there), each release's follow-up points or a community case's points from
// the end of its intervention (domain.SchedulePoints), the follow-ups matched to their
// points, and the points a recall or the closure closed (domain.ClosedByRecall,
// domain.ClosedByClosure).
func (s *caseSim) releasesAndPoints() {
	months := s.g.followUpMonths[s.p.fac.programme]
	var rel *postgres.ReleaseRow
	var sched []domain.FollowUpPoint
	switch {
	case s.entered != nil && s.released != nil:
		rel = s.release()
		sched = domain.SchedulePoints(domain.AnchorRelease, rel.ReleasedOn, months)
	case s.closing != nil && domain.CommunityScheduleStarts(s.p.fac.track, s.last, s.p.closure):
		sched = domain.SchedulePoints(domain.AnchorInterventionEnd, s.end, months)
	default:
		return
	}
	points := s.pointRows(sched, rel)
	s.matchFollowUps(points)
	if rel != nil && rel.RecalledOn != nil {
		s.closePoints(points, domain.ClosedByRecall(asDomain(points), rel.ID.String(), *rel.RecalledOn), "in_custody", *rel.RecalledOn)
	}
	if closed, reason := domain.ClosedByClosure(asDomain(points), s.p.closure); len(closed) > 0 {
		s.closePoints(points, closed, reason, s.end)
	}
	s.b.FollowUpPoints = append(s.b.FollowUpPoints, points...)
}

// release writes the case's release, its follow-ups' link to it, and its recall when the
// case closed as reoffended from reintegration; the recall's reason is a new offence when a
// charge or conviction since the release says so.
func (s *caseSim) release() *postgres.ReleaseRow {
	r := postgres.ReleaseRow{ID: s.g.newID(), CaseID: s.id, Number: 1, ReleasedOn: *s.released, ReleaseType: s.releaseType,
		Agency: s.p.fac.agency, EnteredOn: s.entered.EffectiveOn, RecordedBy: s.p.manager, CreatedAt: s.entered.RequestedAt}
	for i := range s.b.FollowUps[s.followUps0:] {
		s.b.FollowUps[s.followUps0+i].ReleaseID = r.ID
	}
	if s.closing != nil && s.last == domain.PhaseReintegration && s.p.closure == domain.ClosureRecalled {
		on := *s.closing.EffectiveOn
		if on.Before(r.ReleasedOn) {
			on = r.ReleasedOn
		}
		r.RecalledOn, r.RecallReason, r.RecallChangeID = &on, "other", s.closing.ID
		for _, f := range s.b.FollowUps[s.followUps0:] {
			if (f.NewOffence == "charge" || f.NewOffence == "conviction") && f.OffenceOn != nil &&
				!f.OffenceOn.Before(r.ReleasedOn) && !f.OffenceOn.After(*s.closing.EffectiveOn) {
				r.RecallReason = "new_offence"
			}
		}
	}
	s.b.Releases = append(s.b.Releases, r)
	return &r
}

// pointRows turns a schedule into rows, created with the release (or now).
func (s *caseSim) pointRows(sched []domain.FollowUpPoint, rel *postgres.ReleaseRow) []postgres.FollowUpPointRow {
	out := make([]postgres.FollowUpPointRow, 0, len(sched))
	created := s.g.now
	var relID id
	if rel != nil {
		created, relID = rel.CreatedAt, rel.ID
	}
	for _, p := range sched {
		out = append(out, postgres.FollowUpPointRow{ID: s.g.newID(), CaseID: s.id, ReleaseID: relID, Anchor: p.Anchor,
			AnchorOn: p.AnchorOn, Months: p.Months, DueOn: p.DueOn, Status: domain.PointOpen, CreatedAt: created})
	}
	slices.SortStableFunc(out, func(a, b postgres.FollowUpPointRow) int { return a.DueOn.Compare(b.DueOn) })
	return out
}

// matchFollowUps gives each point, earliest due first, the case's unmatched follow-up of its
// episode nearest its due day, from 45 days before to 92 days after it.
func (s *caseSim) matchFollowUps(points []postgres.FollowUpPointRow) {
	used := map[id]bool{}
	for i := range points {
		pt := &points[i]
		var best *postgres.FollowUpRow
		for j := range s.b.FollowUps[s.followUps0:] {
			f := &s.b.FollowUps[s.followUps0+j]
			if used[f.ID] || f.ReleaseID != pt.ReleaseID || f.HeldOn.Before(pt.AnchorOn) ||
				f.HeldOn.Before(days(pt.DueOn, -45)) || f.HeldOn.After(days(pt.DueOn, 92)) {
				continue
			}
			if best == nil || distance(f.HeldOn, pt.DueOn) < distance(best.HeldOn, pt.DueOn) {
				best = f
			}
		}
		if best != nil {
			used[best.ID] = true
			pt.Status, pt.FollowUpID, pt.ClosedOn, pt.ClosedAt = domain.PointReached, best.ID, ptr(best.HeldOn), ptr(s.g.now)
		}
	}
}

func distance(a, b time.Time) time.Duration { return max(a.Sub(b), b.Sub(a)) }

// asDomain is the points as the domain's rules see them (ids are their places in points).
func asDomain(points []postgres.FollowUpPointRow) []domain.FollowUpPoint {
	out := make([]domain.FollowUpPoint, len(points))
	for i, p := range points {
		out[i] = domain.FollowUpPoint{ID: strconv.Itoa(i), ReleaseID: p.ReleaseID.String(), Anchor: p.Anchor, AnchorOn: p.AnchorOn,
			Months: p.Months, DueOn: p.DueOn, Status: p.Status}
	}
	return out
}

// closePoints closes the listed points as not reached, by the system, on day on.
func (s *caseSim) closePoints(points []postgres.FollowUpPointRow, closed []domain.FollowUpPoint, reason string, on time.Time) {
	for _, c := range closed {
		i, _ := strconv.Atoi(c.ID)
		points[i].Status, points[i].NotReachedReason, points[i].ClosedOn, points[i].ClosedAt = domain.PointNotReached, reason, ptr(on), ptr(s.g.now)
	}
}
