package seed

import (
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

type milestoneRule struct {
	code   string
	after  int // days after intervention starts (or after release for post-release ones)
	chance float64
	post   bool // counted from release
}

var milestoneRules = []milestoneRule{
	{"consent_and_first_session", 5, 1, false},
	{"sustained_attendance", 100, 0.75, false},
	{"no_disciplinary_incidents", 190, 0.65, false},
	{"family_contact_restored", 150, 0.45, false},
	{"qualification_obtained", 240, 0.35, false},
	{"violence_rejected", 300, 0.4, false},
	{"group_ties_loosened", 330, 0.35, false},
	{"prosocial_network", 360, 0.3, false},
	{"documents_obtained", -60, 0.6, true},
	{"housing_secured", -30, 0.55, true},
	{"employment_secured", -20, 0.45, true},
	{"supervision_compliance", 185, 0.6, true},
}

// milestones writes the milestones the case reached from i0 (the start of its
// intervention), claimed, verified or waiting, some lapsed or reversed later.
func (s *caseSim) milestones(i0 time.Time) {
	pendingDone := false
	for _, m := range milestoneRules {
		on, ok := s.milestoneDay(m, i0)
		if !ok {
			continue
		}
		pendingDone = s.milestone(m.code, on, pendingDone) || pendingDone
	}
	if s.p.pendingMilestone && !pendingDone && s.p.phase != domain.PhaseClosed {
		s.waitingMilestone()
	}
}

// milestoneDay draws whether and when the case reached m.
func (s *caseSim) milestoneDay(m milestoneRule, i0 time.Time) (time.Time, bool) {
	g := s.g
	base := i0
	if m.post {
		switch {
		case s.released != nil:
			base = *s.released
		case m.after > 0 || s.p.phase != domain.PhasePreRelease:
			return time.Time{}, false
		default:
			// Release preparation milestones also happen before a planned release.
			base = days(s.end, 30)
		}
	}
	if !g.chance(m.chance) {
		return time.Time{}, false
	}
	on := days(base, m.after+g.between(-10, 40))
	if on.Before(i0) {
		on = days(i0, g.between(1, 10))
	}
	return on, !on.After(s.end) && !on.After(g.today)
}

// milestone writes one claim and what became of it; it reports whether the claim was left
// waiting for a supervisor (at most one per case).
func (s *caseSim) milestone(code string, on time.Time, pendingDone bool) bool {
	g := s.g
	row := postgres.MilestoneRow{ID: g.newID(), CaseID: s.id, Code: code, AchievedOn: on, Evidence: s.evidence(code),
		ClaimedBy: s.p.manager, ClaimedAt: g.at(on)}
	verify := g.cat.MilestoneVerify[code]
	recent := g.today.Sub(on).Hours()/24 < 45 && s.p.phase != domain.PhaseClosed
	// A milestone that needs no verification is verified as it is recorded (the store's
	// ClaimMilestone).
	status := "claimed"
	if !verify {
		status = "verified"
	}
	s.ev(on, domain.EventMilestoneClaimed(status, code, g.cat.MilestoneNames[code]), row.ID, g.cat.MilestonePractices[code], row.ClaimedBy)
	switch {
	case verify && recent && !pendingDone && (s.p.pendingMilestone || g.chance(0.25)):
		row.Status = "claimed"
		s.b.Milestones = append(s.b.Milestones, row)
		s.approval("milestone", row.ID, s.requester(), on, nil, "pending")
		return true
	case !verify:
		row.Status, row.DecidedAt = "verified", ptr(row.ClaimedAt)
		s.b.Milestones = append(s.b.Milestones, row)
		return false
	}
	s.decideMilestone(row)
	return false
}

// decideMilestone writes a claim a supervisor verified (later lapsed or reversed, on some
// cases) or rejected.
func (s *caseSim) decideMilestone(row postgres.MilestoneRow) {
	g := s.g
	dec := minDate(minDate(days(row.AchievedOn, g.between(1, 10)), g.today), s.end)
	row.Status = "verified"
	if g.chance(0.05) {
		row.Status = "rejected"
	}
	switch {
	case row.Status == "verified" && s.p.closure == domain.ClosureRecalled && (row.Code == "violence_rejected" || row.Code == "supervision_compliance" || row.Code == "no_disciplinary_incidents"):
		row.Status, row.LapseReason, row.LapsedOn = "reversed", "New offence recorded after release", ptr(days(s.end, -g.between(5, 30)))
		if row.LapsedOn.Before(dec) {
			row.LapsedOn = ptr(dec)
		}
	case row.Status == "verified" && row.Code == "no_disciplinary_incidents" && g.chance(0.08):
		if lo := minDate(days(dec, g.between(30, 200)), g.today); !lo.After(s.end) {
			row.Status, row.LapseReason, row.LapsedOn = "lapsed", "Disciplinary incident after the milestone", ptr(lo)
		}
	}
	row.DecidedAt = ptr(g.at(dec))
	s.b.Milestones = append(s.b.Milestones, row)
	appStatus := "approved"
	if row.Status == "rejected" {
		appStatus = "rejected"
	}
	s.approval("milestone", row.ID, s.requester(), row.AchievedOn, &dec, appStatus)
	if row.Status == "rejected" {
		s.ev(dec, domain.EventMilestoneDecided(false, row.Code, g.cat.MilestoneNames[row.Code]), row.ID, nil, s.lastSup)
		return
	}
	s.ev(dec, domain.EventMilestoneDecided(true, row.Code, g.cat.MilestoneNames[row.Code]), row.ID, g.cat.MilestonePractices[row.Code], s.lastSup)
	if row.LapsedOn != nil {
		s.ev(*row.LapsedOn, domain.EventMilestoneLapsed(row.Status, row.Code), row.ID, nil, row.ClaimedBy)
	}
}

// waitingMilestone: the demo wants a claim waiting in the queue, a recent one the team has
// just made.
func (s *caseSim) waitingMilestone() {
	g := s.g
	on := minDate(days(g.today, -g.between(1, 6)), s.end)
	code := pick(g, []string{"sustained_attendance", "family_contact_restored", "qualification_obtained", "violence_rejected"})
	row := postgres.MilestoneRow{ID: g.newID(), CaseID: s.id, Code: code, AchievedOn: on, Evidence: s.evidence(code),
		Status: "claimed", ClaimedBy: s.p.manager, ClaimedAt: g.at(on)}
	s.b.Milestones = append(s.b.Milestones, row)
	s.approval("milestone", row.ID, s.requester(), on, nil, "pending")
	s.ev(on, domain.EventMilestoneClaimed("claimed", code, g.cat.MilestoneNames[code]), row.ID, g.cat.MilestonePractices[code], s.p.manager)
}

func (s *caseSim) evidence(code string) string {
	if s.g.text {
		return milestoneEvidence[code]
	}
	return "Recorded by the case team"
}
