package seed

import (
	"slices"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

var reintegrationAreas = []string{"housing", "work_education", "family", "mentoring", "supervision", "documents", "health", "community"}

// reintegrationPlan writes the plan for release drafted from p0 (the start of pre-release),
// with its items, submitted and approved before the release (or waiting, or still a draft,
// on an open pre-release case).
func (s *caseSim) reintegrationPlan(p0 time.Time) {
	g := s.g
	created := minDate(days(p0, g.between(3, 14)), s.end)
	status, decided := s.reintegrationFate(created)
	rt := s.releaseType
	if rt == "" {
		rt = pick(g, []string{"parole", "end_of_sentence", "conditional"})
	}
	row := postgres.ReintegrationPlanRow{CaseID: s.id, Status: status, PlannedRelease: s.expected, ReleaseType: rt,
		Agency: s.p.fac.agency, Version: g.between(1, 4), UpdatedBy: s.p.manager}
	updated := created
	if decided != nil {
		updated, row.DecidedAt = *decided, ptr(g.at(*decided))
	}
	row.UpdatedAt = g.at(updated)
	s.b.ReintegrationPlans = append(s.b.ReintegrationPlans, row)
	s.reintegrationItems()
	s.ev(created, domain.EventReintegrationPlanSaved(true, false), s.id, g.cat.KindPractices["reintegration_plan"], s.p.manager)
	req := s.requester()
	if status == "submitted" {
		sub := minDate(days(created, g.between(2, 10)), g.today)
		s.approval("reintegration_plan", s.id, req, sub, nil, "pending")
		s.ev(sub, domain.EventReintegrationPlanSubmitted(), s.id, nil, req)
	}
	if decided != nil {
		sub := days(*decided, -g.between(1, 5))
		if sub.Before(created) {
			sub = created
		}
		s.approval("reintegration_plan", s.id, req, sub, decided, "approved")
		s.ev(sub, domain.EventReintegrationPlanSubmitted(), s.id, nil, req)
		s.ev(*decided, domain.EventReintegrationPlanDecided(true), s.id, g.cat.KindPractices["reintegration_plan"], s.lastSup)
	}
}

// reintegrationFate is the plan's status and, when approved, the day.
func (s *caseSim) reintegrationFate(created time.Time) (string, *time.Time) {
	g := s.g
	switch {
	case s.released != nil:
		d := days(*s.released, -g.between(10, 40))
		if d.Before(created) {
			d = created
		}
		return "approved", &d
	case s.p.phase != domain.PhasePreRelease:
		// Closed while in pre-release.
		return "approved", ptr(minDate(days(created, g.between(5, 20)), s.end))
	case s.p.pendingReintegration:
		return "submitted", nil
	case g.chance(0.35):
		return "draft", nil
	case g.chance(0.3):
		return "submitted", nil
	}
	return "approved", ptr(minDate(days(created, g.between(10, 40)), g.today))
}

func (s *caseSim) reintegrationItems() {
	g := s.g
	areas := slices.Clone(reintegrationAreas)
	g.r.Shuffle(len(areas), func(i, j int) { areas[i], areas[j] = areas[j], areas[i] })
	for _, a := range areas[:g.between(5, 8)] {
		st := "in_progress"
		switch {
		case s.released != nil && g.chance(0.85):
			st = "in_place"
		case s.released == nil && g.chance(0.25):
			st = "not_started"
		case s.released == nil && g.chance(0.3):
			st = "in_place"
		}
		s.b.ReintegrationItems = append(s.b.ReintegrationItems, postgres.ReintegrationItemRow{CaseID: s.id, Area: a, Status: st,
			Description: s.g.free(reintegrationTexts[a])})
	}
}

// followUps writes the follow-ups after a release at the points already due, the last one
// recording a new offence on a case that has one.
func (s *caseSim) followUps(released time.Time) {
	g := s.g
	offence := s.p.newOffence
	if s.p.closure == domain.ClosureRecalled {
		offence = "conviction"
		if g.chance(0.3) {
			offence = "charge"
		}
	}
	var months []int
	for _, m := range []int{3, 6, 12, 24} {
		if !released.AddDate(0, m, 0).After(s.end) {
			months = append(months, m)
		}
	}
	if offence != "" && len(months) == 0 {
		months = []int{3}
	}
	for i, m := range months {
		var newOffence string
		if i == len(months)-1 {
			newOffence = offence
		}
		s.followUp(released, m, newOffence)
	}
}

// followUp writes the follow-up m months after released; newOffence "" is none.
func (s *caseSim) followUp(released time.Time, m int, newOffence string) {
	g := s.g
	on := minDate(released.AddDate(0, m, g.between(-5, 10)), s.end)
	t := float64(m) / 24
	row := postgres.FollowUpRow{ID: g.newID(), CaseID: s.id, HeldOn: on, Months: m,
		Housing:       []string{"stable", "temporary", "homeless", "unknown"}[g.weighted(50+40*t, 35-25*t, 5, 8)],
		WorkEducation: []string{"employed", "in_education", "unemployed", "unable", "unknown"}[g.weighted(25+35*t, 15, 45-30*t, 5, 8)],
		FamilyContact: []string{"regular", "occasional", "none", "unknown"}[g.weighted(50, 30, 12, 8)],
		Compliance:    []string{"compliant", "minor_breach", "major_breach", "not_applicable"}[g.weighted(78, 14, 3, 5)],
		NewOffence:    "none", RecordedBy: s.p.manager}
	if newOffence != "" {
		row.NewOffence, row.Compliance = newOffence, "major_breach"
		row.OffenceCategory = []string{"09051", "09059", "0901", "02"}[g.weighted(45, 30, 15, 10)]
		oo := days(on, -g.between(5, 40))
		if oo.Before(released) {
			oo = released
		}
		row.OffenceOn = &oo
	}
	row.Notes = s.g.free(followUpNotes[row.NewOffence])
	row.CreatedAt = g.at(on)
	s.b.FollowUps = append(s.b.FollowUps, row)
	// The points are matched to follow-ups after the timeline is written (releasesAndPoints),
	// so the line does not name the point the follow-up reached.
	s.ev(on, domain.EventFollowUp(m, 0), row.ID, g.cat.KindPractices["follow_up"], s.p.manager)
}
