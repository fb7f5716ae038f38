package seed

import (
	"slices"
	"sort"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

var (
	custodialPath    = []domain.Phase{domain.PhaseIntake, domain.PhaseAssessment, domain.PhaseIntervention, domain.PhasePreRelease, domain.PhaseReintegration}
	nonCustodialPath = []domain.Phase{domain.PhaseIntake, domain.PhaseAssessment, domain.PhaseIntervention}
)

// event is one timeline entry before it is written; entries are sorted by date per case.
type event struct {
	on, at    time.Time
	ev        domain.TimelineEvent
	ref       id
	practices []string
	actor     id
}

// caseSim is the state of one case being simulated.
type caseSim struct {
	g       *generator
	b       *batch
	p       casePlan
	id      id
	events  []event
	risk    float64 // baseline risk, 0..1
	improve float64 // how much the case improves over the programme, 0..1
	engage  float64 // engagement propensity, 0..1
	// The case's path: its phases, the last one it reached (idx), the day that phase ended
	// (today for open cases) and the day it entered each phase.
	path   []domain.Phase
	idx    int
	last   domain.Phase
	end    time.Time
	entry  []time.Time
	opened time.Time
	// What the phases made so far.
	baseline    time.Time
	lastRev     *time.Time // latest final assessment's review date
	lastSup     id
	plan        id
	needs       []string
	expected    *time.Time
	released    *time.Time
	releaseType string
	entered     *postgres.PhaseChangeRow // the move into reintegration, on the release
	closing     *postgres.PhaseChangeRow // the closure
	participant id
	followUps0  int // where the case's follow-ups start in the batch
}

// simulate writes one whole case history into b.
func (g *generator) simulate(p casePlan, b *batch) {
	s := &caseSim{g: g, b: b, p: p, id: g.newID(), followUps0: len(b.FollowUps)}
	s.risk = 0.25 + 0.7*g.r.Float64()
	s.improve = 0.2 + 0.8*g.r.Float64()
	s.engage = 0.55 + 0.45*g.r.Float64()
	b.cases++
	s.layOut()
	s.intake()
	s.assessmentPhase()
	s.releaseFacts()
	s.interventionPhase()
	if p.fac.custodial() && s.reached(domain.PhasePreRelease) {
		s.reintegrationPlan(s.start(domain.PhasePreRelease))
	}
	if s.released != nil {
		s.ev(*s.released, domain.EventRelease(*s.released, s.releaseType), id{}, g.cat.KindPractices["release"], p.manager)
		s.followUps(*s.released)
	}
	s.closure()
	s.writeCase()
	s.releasesAndPoints()
}

// ev puts a timeline entry saying e (a domain.Event… constructor's, as the store writes it)
// on the case, on day on, by actor.
func (s *caseSim) ev(on time.Time, e domain.TimelineEvent, ref id, practices []string, actor id) {
	s.events = append(s.events, event{on: on, at: s.g.at(on), ev: e, ref: ref, practices: practices, actor: actor})
}

func (s *caseSim) start(ph domain.Phase) time.Time { return s.entry[slices.Index(s.path, ph)] }

func (s *caseSim) reached(ph domain.Phase) bool {
	i := slices.Index(s.path, ph)
	return i >= 0 && i <= s.idx
}

func (s *caseSim) requester() id {
	if s.p.requester != (id{}) {
		return s.p.requester
	}
	return s.p.manager
}

func (s *caseSim) supervisor() id {
	sup := pick(s.g, s.p.fac.supervisors)
	s.lastSup = sup
	return sup
}

// layOut decides the case's path: where it ends, when, and how long it spent in each phase.
func (s *caseSim) layOut() {
	g, p := s.g, s.p
	s.path = nonCustodialPath
	if p.fac.custodial() {
		s.path = custodialPath
	}
	s.last, s.end = p.phase, g.today
	if p.phase == domain.PhaseClosed {
		s.end = days(g.today, -g.between(3, 900))
		s.last = s.lastBeforeClosure()
	}
	s.idx = slices.Index(s.path, s.last)
	dur := make([]int, s.idx+1)
	for i := range dur {
		dur[i] = g.phaseDays(s.path[i], p.fac.custodial())
	}
	dur[s.idx] = s.timeInLastPhase(dur[s.idx])
	s.entry = make([]time.Time, s.idx+2)
	total := 0
	for _, d := range dur {
		total += d
	}
	s.entry[0] = days(s.end, -total)
	for i, d := range dur {
		s.entry[i+1] = days(s.entry[i], d)
	}
	s.opened = s.entry[0]
}

// lastBeforeClosure is the phase a closed case closed from.
func (s *caseSim) lastBeforeClosure() domain.Phase {
	g := s.g
	switch s.p.closure {
	case domain.ClosureCompleted:
		return s.path[len(s.path)-1]
	case domain.ClosureRecalled:
		if !s.p.fac.custodial() {
			return domain.PhaseIntervention
		}
		return domain.PhaseReintegration
	case "released_without_programme":
		return pick(g, []domain.Phase{domain.PhaseIntake, domain.PhaseAssessment})
	case "transferred_out":
		return pick(g, []domain.Phase{domain.PhaseAssessment, domain.PhaseIntervention})
	}
	return domain.PhaseIntervention
}

// timeInLastPhase is how long the case has spent in its last phase (typical is a typical
// length of that phase).
func (s *caseSim) timeInLastPhase(typical int) int {
	g, p := s.g, s.p
	var d int
	switch {
	case p.closure == domain.ClosureCompleted && p.fac.custodial():
		d = g.between(380, 760)
	case p.closure == domain.ClosureCompleted:
		d = g.between(380, 700)
	case p.closure == domain.ClosureRecalled:
		d = g.between(90, 520)
	case p.phase == domain.PhaseClosed:
		d = g.between(10, typical)
	case p.pendingTransition:
		d = g.between(typical*2/3, typical)
	case s.last == domain.PhaseReintegration && p.newOffence != "":
		d = g.between(200, 700)
	case s.last == domain.PhaseIntake:
		d = g.between(1, typical)
	default:
		d = g.between(5, typical)
	}
	if p.overdue && (s.last == domain.PhaseIntervention || s.last == domain.PhasePreRelease) && d < 420 {
		d = g.between(420, 600)
	}
	return d
}

// phaseDays is a typical length of a phase.
func (g *generator) phaseDays(phase domain.Phase, custodial bool) int {
	switch phase {
	case domain.PhaseIntake:
		return g.between(10, 40)
	case domain.PhaseAssessment:
		return g.between(25, 60)
	case domain.PhaseIntervention:
		if custodial {
			return g.between(150, 700)
		}
		return g.between(120, 450)
	case domain.PhasePreRelease:
		return g.between(60, 170)
	case domain.PhaseReintegration:
		return g.between(365, 800)
	}
	return 30
}

// writeCase sorts the timeline, writes it and the case row.
func (s *caseSim) writeCase() {
	g, p := s.g, s.p
	phaseSince := s.entry[s.idx]
	var closedOn *time.Time
	if p.phase == domain.PhaseClosed {
		phaseSince, closedOn = s.end, ptr(s.end)
	}
	offence := []string{"09051", "09059", "0901", "09052", "0903"}[g.weighted(50, 25, 12, 8, 5)]
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].on.Before(s.events[j].on) })
	updated := g.at(s.opened)
	for i := range s.events {
		e := &s.events[i]
		// Same-day entries keep their order: timestamps follow the sorted order.
		if i > 0 && !e.at.After(s.events[i-1].at) {
			e.at = s.events[i-1].at.Add(time.Minute)
		}
		s.b.Events = append(s.b.Events, postgres.EventRow{CaseID: s.id, At: e.at, OccurredOn: e.on, Kind: e.ev.Kind, RefID: e.ref.String(),
			Summary: e.ev.Summary, Params: e.ev.Params, Practices: e.practices, ActorID: e.actor})
		updated = e.at
	}
	s.b.Cases = append(s.b.Cases, postgres.CaseRow{ID: s.id, ParticipantID: s.participant, ProgrammeID: p.fac.programme,
		FacilityID: p.fac.id, Country: p.fac.country, Track: string(p.fac.track), Phase: string(p.phase), PhaseSince: phaseSince,
		OffenceCategory: offence, ConsentGiven: true, ConsentDate: ptr(s.opened), OpenedOn: s.opened,
		ExpectedReleaseDate: s.expected, ActualReleaseDate: s.released, ReleaseType: s.releaseType, NextReviewDate: s.review(),
		ClosedOn: closedOn, ClosureReason: p.closure, CaseManagerID: p.manager, Version: 1 + len(s.events), CreatedBy: s.requester(),
		CreatedAt: g.at(s.opened), UpdatedAt: updated})
}

// review is the case's next review date.
func (s *caseSim) review() *time.Time {
	switch {
	case s.p.phase == domain.PhaseClosed:
		return nil
	case s.lastRev != nil:
		return s.lastRev
	case s.p.phase == domain.PhaseIntake:
		return ptr(days(s.opened, 28))
	case s.p.phase == domain.PhaseAssessment:
		return ptr(days(s.start(domain.PhaseAssessment), 42))
	}
	return nil
}
