package seed

import "pathways/domain"

// demoCast is the demo's forty cases: who manages them, where they stand, and what waits in
// the supervisors' queue. Thirty in Arcadia (custodial), ten in Borealis (community).
func demoCast(northgate, riverside, harbour *facility, u map[string]id) []casePlan {
	var out []casePlan
	add := func(f *facility, mgr string, phase domain.Phase, mod func(*casePlan)) {
		p := casePlan{fac: f, phase: phase, manager: u[mgr]}
		if mod != nil {
			mod(&p)
		}
		out = append(out, p)
	}
	closed := func(reason string) func(*casePlan) { return func(p *casePlan) { p.closure = reason } }
	// Northgate: the demo practitioner's caseload (with the psychologist on the team), three
	// cases managed by the psychologist alone so the practitioner does not see everything.
	N, R, H := northgate, riverside, harbour
	add(N, "practitioner", "intake", nil)
	add(N, "practitioner", "intake", func(p *casePlan) { p.noSpecialist = true })
	add(N, "practitioner", "assessment", nil)
	add(N, "practitioner", "assessment", func(p *casePlan) { p.pendingTransition = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.overdue = true })
	add(N, "practitioner", "intervention", func(p *casePlan) { p.pendingTransition = true })
	add(N, "practitioner", "intervention", func(p *casePlan) {
		// Asked for by a supervisor: only the other supervisor may decide it.
		p.pendingTransition, p.requester = true, u["supervisor"]
	})
	add(N, "practitioner", "pre_release", func(p *casePlan) { p.pendingReintegration = true })
	add(N, "practitioner", "pre_release", nil)
	add(N, "practitioner", "reintegration", nil)
	add(N, "practitioner", "reintegration", func(p *casePlan) { p.newOffence = "arrest" })
	add(N, "practitioner", "closed", closed("completed"))
	// A revised plan waits: the supervisor sees what changed since the version in force.
	add(N, "psychologist", "intervention", func(p *casePlan) { p.pendingRevision = true })
	add(N, "psychologist", "closed", closed("reoffended_recalled"))
	// Riverside: practitioner2's caseload.
	add(R, "practitioner2", "intake", nil)
	add(R, "practitioner2", "assessment", func(p *casePlan) { p.pendingPlan = true })
	add(R, "practitioner2", "assessment", nil)
	add(R, "practitioner2", "intervention", nil)
	add(R, "practitioner2", "intervention", func(p *casePlan) { p.overdue = true })
	add(R, "practitioner2", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(R, "practitioner2", "pre_release", nil)
	add(R, "practitioner2", "pre_release", nil)
	add(R, "practitioner2", "reintegration", nil)
	add(R, "practitioner2", "reintegration", nil)
	add(R, "practitioner2", "closed", closed("completed"))
	add(R, "practitioner2", "closed", closed("withdrawn"))
	add(R, "practitioner2", "closed", closed("released_without_programme"))
	add(R, "practitioner2", "closed", closed("transferred_out"))
	// Harbour: community cases in Borealis.
	add(H, "practitionerxb", "intake", nil)
	add(H, "practitionerxb", "intake", nil)
	add(H, "practitionerxb", "assessment", nil)
	add(H, "practitionerxb", "assessment", func(p *casePlan) { p.pendingTransition = true })
	add(H, "practitionerxb", "intervention", nil)
	add(H, "practitionerxb", "intervention", func(p *casePlan) { p.pendingMilestone = true })
	add(H, "practitionerxb", "intervention", nil)
	add(H, "practitionerxb", "intervention", func(p *casePlan) { p.overdue = true })
	add(H, "practitionerxb", "closed", closed("completed"))
	add(H, "practitionerxb", "closed", closed("withdrawn"))
	return out
}
