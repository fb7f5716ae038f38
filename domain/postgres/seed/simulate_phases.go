package seed

import (
	"slices"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// intake writes the participant, the intake entry, the team and the phase changes along the
// path.
func (s *caseSim) intake() {
	g, p := s.g, s.p
	birth := g.between(1975, 2005)
	age := s.opened.Year() - birth
	if age < 16 {
		birth = s.opened.Year() - 16 - g.r.IntN(3)
		age = s.opened.Year() - birth
	}
	gender := []string{"male", "female", "other", "not_recorded"}[g.weighted(82, 15, 1, 2)]
	nat := p.fac.nationals[g.weighted(70, 12, 8, 5, 5)%len(p.fac.nationals)]
	s.participant = g.newID()
	s.b.Participants = append(s.b.Participants, postgres.ParticipantRow{ID: s.participant, Pseudonym: g.pseudonym(),
		Country: p.fac.country, BirthYear: birth, Gender: gender, Nationality: nat, Categories: s.categories(age), CreatedAt: g.at(s.opened)})
	// The case's legal basis is the bulk load's default; the demo changes some later and
	// rewrites their intake lines (story.intakeLines).
	s.ev(s.opened, domain.EventIntake("voluntary"), s.id, g.cat.KindPractices["intake"], p.manager)
	s.team()
	for i := 1; i <= s.idx; i++ {
		s.phaseChange(s.path[i-1], s.path[i], "", s.entry[i], "approved")
	}
}

// categories draws the participant's category flags.
func (s *caseSim) categories(age int) []string {
	g := s.g
	cats := []string{}
	if age < 18 {
		cats = append(cats, "juvenile")
	}
	if g.chance(0.35) {
		cats = append(cats, "returnee")
		if g.chance(0.6) {
			cats = append(cats, "foreign_terrorist_fighter")
		}
	} else if g.chance(0.12) {
		cats = append(cats, "radicalised_in_custody")
	}
	return cats
}

// team puts the case manager and, on most cases, one or two specialists on the team.
func (s *caseSim) team() {
	g, p := s.g, s.p
	add := func(user id, discipline string, on time.Time) {
		s.b.Team = append(s.b.Team, postgres.TeamRow{CaseID: s.id, UserID: user, Discipline: discipline, AddedAt: g.at(on)})
	}
	add(p.manager, "case_manager", s.opened)
	size := 1
	if !p.noSpecialist && len(p.fac.specialists) > 0 {
		sp := pick(g, p.fac.specialists)
		if sp.id != p.manager {
			add(sp.id, sp.discipline, days(s.opened, 1))
			size++
			// A third discipline on some cases.
			if len(p.fac.specialists) > 1 && g.chance(0.3) {
				other := pick(g, p.fac.specialists)
				if other.id != sp.id && other.id != p.manager {
					add(other.id, other.discipline, days(s.opened, 2))
					size++
				}
			}
		}
	}
	s.ev(days(s.opened, 1), domain.EventTeamSet(size), p.manager, g.cat.KindPractices["team"], s.supervisor())
}

// assessmentPhase writes the baseline and the first plan.
func (s *caseSim) assessmentPhase() {
	g, p := s.g, s.p
	if !s.reached(domain.PhaseAssessment) {
		return
	}
	a0 := s.start(domain.PhaseAssessment)
	aEnd := s.end
	if s.idx > slices.Index(s.path, domain.PhaseAssessment) {
		aEnd = s.start(domain.PhaseIntervention)
	}
	baseOn := days(a0, (int(aEnd.Sub(a0).Hours()/24))*2/3)
	open := p.phase != domain.PhaseClosed
	switch {
	case s.last == domain.PhaseAssessment && open && !p.pendingTransition && !p.pendingPlan:
		if g.chance(0.6) {
			s.assessment("baseline", days(a0, g.between(0, max(0, int(s.end.Sub(a0).Hours()/24)))), false)
		}
	case s.last == domain.PhaseAssessment && !open:
		// Closed before the baseline was finished.
	default:
		s.baseline = baseOn
		s.needs = s.assessment("baseline", baseOn, true)
		planEnd := days(aEnd, -1)
		if planEnd.Before(baseOn) {
			planEnd = baseOn
		}
		status := "approved"
		if p.pendingPlan {
			status = "submitted"
		}
		s.plan = s.newPlan(1, s.needs, planEnd, status)
	}
	if s.last == domain.PhaseAssessment && p.pendingTransition && open {
		s.phaseChange(domain.PhaseAssessment, domain.PhaseIntervention, s.whyNow(domain.PhaseIntervention), days(s.end, -g.between(0, 4)), "pending")
	}
}

// releaseFacts decides the expected and actual release of a custodial case.
func (s *caseSim) releaseFacts() {
	g, p := s.g, s.p
	if !p.fac.custodial() {
		return
	}
	switch {
	case s.reached(domain.PhaseReintegration):
		r := s.start(domain.PhaseReintegration)
		s.released = &r
		s.expected = ptr(days(r, -g.between(0, 3)))
		s.releaseType = []string{"parole", "end_of_sentence", "conditional", "court_order"}[g.weighted(40, 40, 15, 5)]
	case s.reached(domain.PhasePreRelease):
		e := days(s.start(domain.PhasePreRelease), g.phaseDays(domain.PhasePreRelease, true)+g.between(0, 30))
		if !e.After(g.today) {
			e = days(g.today, g.between(7, 90))
		}
		s.expected = &e
	case s.last == domain.PhaseIntervention && (p.pendingTransition || g.chance(0.5)):
		e := days(s.end, g.between(90, 700))
		if p.pendingTransition {
			e = days(s.end, g.between(60, 150))
		}
		s.expected = &e
	}
}

// interventionPhase writes sessions, milestones, re-assessments and maybe a revised plan.
func (s *caseSim) interventionPhase() {
	g, p := s.g, s.p
	if !s.reached(domain.PhaseIntervention) || s.plan == (id{}) {
		return
	}
	i0 := s.start(domain.PhaseIntervention)
	sEnd := s.end
	if s.released != nil {
		sEnd = days(*s.released, -1)
	}
	s.sessions(i0, sEnd, p.fac.custodial() && s.reached(domain.PhasePreRelease))
	s.milestones(i0)
	s.reassessments(sEnd)
	if p.closure == domain.ClosureCompleted {
		s.assessment("closure", days(s.end, -g.between(1, 10)), true)
	}
	if s.last == domain.PhaseIntervention && p.pendingRevision {
		s.submitRevision(days(s.end, -g.between(1, 5)))
	}
	if s.last == domain.PhaseIntervention && p.pendingTransition && p.phase != domain.PhaseClosed {
		// The request needs a recent assessment; make sure there is one.
		if s.lastRev == nil || s.lastRev.Before(g.today) {
			s.assessment("scheduled", days(s.end, -g.between(5, 30)), true)
		}
		s.phaseChange(domain.PhaseIntervention, domain.PhasePreRelease, s.whyNow(domain.PhasePreRelease), days(s.end, -g.between(0, 4)), "pending")
	}
}

// reassessments writes the scheduled re-assessments while in custody or in the community
// programme (until cut), and the reviews after release with the supervising agency.
func (s *caseSim) reassessments(cut time.Time) {
	g, p := s.g, s.p
	overdue := p.overdue && p.phase != domain.PhaseClosed
	if overdue {
		cut = days(s.end, -200)
	}
	revised := false
	for d := days(s.baseline, g.between(165, 190)); d.Before(cut); d = days(d, g.between(160, 190)) {
		occ := "scheduled"
		if s.reached(domain.PhasePreRelease) && !d.Before(s.start(domain.PhasePreRelease)) && !d.After(days(s.start(domain.PhasePreRelease), 40)) {
			occ = "pre_release"
		}
		newNeeds := s.assessment(occ, d, true)
		if !revised && g.chance(0.35) && days(d, 20).Before(cut) {
			s.plan = s.revisePlan(s.plan, newNeeds, days(d, g.between(5, 20)))
			revised = true
		}
	}
	if s.released == nil {
		return
	}
	cutPost := s.end
	if overdue {
		cutPost = days(s.end, -200)
	}
	for d := days(*s.released, g.between(60, 120)); d.Before(cutPost); d = days(d, g.between(160, 190)) {
		s.assessment("post_release", d, true)
	}
}

// closure writes the closing phase change of a closed case.
func (s *caseSim) closure() {
	p := s.p
	if p.phase != domain.PhaseClosed {
		return
	}
	reason := ""
	if p.closure != domain.ClosureCompleted {
		reason = "Closed early"
		if s.g.text {
			reason = closureReasons[p.closure]
		}
	}
	s.closing = s.decidedChange(s.last, domain.PhaseClosed, reason, p.closure, s.end)
}

// whyNow is the reason a requester gives with a pending forward change (none when the run
// writes no free text).
func (s *caseSim) whyNow(to domain.Phase) string {
	if !s.g.text {
		return ""
	}
	return pick(s.g, phaseRequestReasons[to])
}
