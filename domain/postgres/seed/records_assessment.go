package seed

import (
	"slices"
	"sort"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// progress is how far along the programme a date is, 0..1, for ratings and engagement.
func (s *caseSim) progress(d time.Time) float64 {
	if s.baseline.IsZero() {
		return 0
	}
	x := d.Sub(s.baseline).Hours() / 24 / 700
	return max(0, min(1, x))
}

// assessment writes an assessment by the case manager with every item of the instrument
// rated (a few not rated) and returns the needs it shows (the three items rated worst), for
// plan goals.
func (s *caseSim) assessment(occasion string, on time.Time, final bool) []string {
	g := s.g
	if on.After(g.today) {
		on = g.today
	}
	aid := g.newID()
	level := s.risk - 0.6*s.improve*s.progress(on)
	needs := s.ratings(aid, level)
	overall := "moderate"
	switch jl := level + (g.r.Float64()-0.5)*0.15; {
	case jl < 0.4:
		overall = "low"
	case jl > 0.7:
		overall = "high"
	}
	row := postgres.AssessmentRow{ID: aid, CaseID: s.id, InstrumentCode: "pathways-open", InstrumentVersion: "1", Occasion: occasion,
		Status: "draft", AssessedOn: on, Rationale: s.g.free(rationales[overall]), AssessorID: s.p.manager,
		CreatedAt: g.at(days(on, -g.between(0, 3)))}
	if !final {
		s.b.Assessments = append(s.b.Assessments, row)
		s.ev(on, domain.EventAssessmentCreated(s.assessmentFacts(occasion, "")), aid, g.cat.KindPractices["assessment"], s.p.manager)
		return needs
	}
	rev := days(on, 180)
	s.lastRev = &rev
	fin := g.at(on)
	if fin.Before(row.CreatedAt) {
		fin = row.CreatedAt
	}
	row.Status, row.Overall, row.NextReviewDate, row.FinalisedAt = "final", overall, &rev, &fin
	s.b.Assessments = append(s.b.Assessments, row)
	s.ev(on, domain.EventAssessmentFinalised(s.assessmentFacts(occasion, overall)), aid, g.cat.KindPractices["assessment"], s.p.manager)
	return needs
}

// assessmentFacts is what the timeline names of an assessment with the open instrument.
func (s *caseSim) assessmentFacts(occasion, overall string) domain.AssessmentEventFacts {
	return domain.AssessmentEventFacts{Instrument: "pathways-open", Version: "1", InstrumentName: s.g.cat.InstrumentName,
		Occasion: occasion, Overall: overall}
}

// ratings writes the ratings of an assessment around level (0 low risk .. 1 high) and
// returns the codes of the three items rated worst.
func (s *caseSim) ratings(assessment id, level float64) []string {
	g := s.g
	type scored struct {
		code  string
		score float64
	}
	var worst []scored
	for _, it := range g.cat.Items {
		protective := it.Polarity == "protective"
		r := postgres.RatingRow{AssessmentID: assessment, ItemCode: it.Code, NotRated: g.chance(0.03)}
		x := level + (g.r.Float64()-0.5)*0.5
		if protective {
			x = 1 - x
		}
		v := max(0, min(2, int(x*2.0+0.5)))
		if !r.NotRated {
			r.Rating = ptr(v)
			bad := float64(v)
			if protective {
				bad = 2 - bad
			}
			worst = append(worst, scored{it.Code, bad + g.r.Float64()*0.1})
			if g.text {
				r.Evidence = pick(g, ratingEvidence)
			}
		}
		s.b.Ratings = append(s.b.Ratings, r)
	}
	sort.Slice(worst, func(i, j int) bool { return worst[i].score > worst[j].score })
	var needs []string
	for i := 0; i < len(worst) && i < 3; i++ {
		needs = append(needs, worst[i].code)
	}
	return needs
}

// newPlan writes an individual plan with a goal per need, submitted and (unless status is
// "submitted") approved on approvedOn.
func (s *caseSim) newPlan(version int, needs []string, approvedOn time.Time, status string) id {
	g := s.g
	pid := g.newID()
	created := days(approvedOn, -g.between(3, 10))
	if !s.baseline.IsZero() && created.Before(s.baseline) {
		created = s.baseline
	}
	submitted := days(created, g.between(0, 2))
	if submitted.After(approvedOn) {
		submitted = approvedOn
	}
	row := postgres.PlanRow{ID: pid, CaseID: s.id, Version: version, Status: status, CreatedBy: s.p.manager,
		CreatedAt: g.at(created), SubmittedAt: ptr(g.at(submitted))}
	if g.text {
		row.Summary = pick(g, planSummaries)
	}
	if status == "approved" {
		row.DecidedAt = ptr(g.at(approvedOn))
	}
	s.b.Plans = append(s.b.Plans, row)
	s.goals(pid, needs, approvedOn)
	req := s.requester()
	s.ev(created, domain.EventPlanCreated(version), pid, g.cat.KindPractices["plan"], s.p.manager)
	s.ev(submitted, domain.EventPlanSubmitted(version), pid, nil, req)
	if status == "submitted" {
		s.approval("plan", pid, req, submitted, nil, "pending")
		return pid
	}
	s.approval("plan", pid, req, submitted, &approvedOn, "approved")
	s.ev(approvedOn, domain.EventPlanDecided(true, version), pid, g.cat.KindPractices["plan"], s.lastSup)
	return pid
}

// goals writes a plan's goals, one per need, with the interventions set against it.
func (s *caseSim) goals(plan id, needs []string, approvedOn time.Time) {
	g := s.g
	for i, need := range needs {
		desc := "Goal for need " + need
		if g.text {
			desc = goalTexts[need]
		}
		resp := s.p.manager
		if len(s.p.fac.specialists) > 0 && g.chance(0.4) {
			resp = pick(g, s.p.fac.specialists).id
		}
		s.b.PlanGoals = append(s.b.PlanGoals, postgres.PlanGoalRow{ID: g.newID(), PlanID: plan, Position: i + 1, Need: need,
			Description: desc, Interventions: needInterventions[need], ResponsibleID: resp, TargetDate: days(approvedOn, g.between(120, 360))})
	}
}

// submitRevision writes the next version of the plan in force, submitted on day on and
// waiting for approval: one goal of the version in force is dropped (when it has more than
// one) and a need it did not address is added, so the revision differs from it.
func (s *caseSim) submitRevision(on time.Time) {
	var needs []string
	ver := 0
	for _, gl := range s.b.PlanGoals {
		if gl.PlanID == s.plan {
			needs = append(needs, gl.Need)
		}
	}
	for _, pl := range s.b.Plans {
		if pl.CaseID == s.id {
			ver = max(ver, pl.Version)
		}
	}
	if len(needs) > 1 {
		needs = needs[:len(needs)-1]
	}
	for _, n := range revisionNeeds {
		if !slices.Contains(needs, n) {
			needs = append(needs, n)
			break
		}
	}
	s.newPlan(ver+1, needs, on, "submitted")
}

// revisionNeeds are needs a revision may add, in the order tried.
var revisionNeeds = []string{"N2", "C3", "I3", "M1"}

// revisePlan supersedes the plan in force with a new approved version. The superseded row is
// rewritten in place: it has not been written yet.
func (s *caseSim) revisePlan(old id, needs []string, on time.Time) id {
	ver := 0
	for i := range s.b.Plans {
		pl := &s.b.Plans[i]
		if pl.ID == old {
			pl.Status = "superseded"
		}
		if pl.CaseID == s.id {
			ver = max(ver, pl.Version)
		}
	}
	return s.newPlan(ver+1, needs, on, "approved")
}
