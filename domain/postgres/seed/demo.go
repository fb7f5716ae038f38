package seed

import (
	"context"
	"math/rand/v2"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// DemoSpec names the demonstration organisation that `pathways seed --demo` has just created
// (through the store's administrative methods), which the demonstration cases are placed in.
type DemoSpec struct {
	Today        time.Time // the day the demo world is "now"; dates are laid out around it
	PasswordHash string    // for the extra demo staff, the same as the other demo users'
	Northgate    string    // facility ids (XA prisons and the XB probation office)
	Riverside    string
	Harbour      string
	ProgrammeXA  string
	ProgrammeXB  string
	Supervisor   string // user ids of the demo users
	Practitioner string
	// Practitioner2 works at Riverside.
	Practitioner2 string
}

// DemoStaff are the extra demo users Demo adds (when missing), with their role and where it
// applies, so four-eyes decisions and multi-disciplinary teams can be tried.
var DemoStaff = []struct {
	Username, DisplayName string
	Role                  domain.Role
	Country, Facility     string // Facility: northgate, riverside or harbour; empty for a country scope
}{
	{"supervisor2", "Demo Supervisor (second)", domain.RoleSupervisor, "XA", ""},
	{"supervisorxb", "Demo Supervisor (Borealis)", domain.RoleSupervisor, "XB", ""},
	{"psychologist", "Demo Psychologist (Northgate)", domain.RolePractitioner, "XA", "northgate"},
	{"practitionerxb", "Demo Probation Officer (Harbour)", domain.RolePractitioner, "XB", "harbour"},
}

// Demo fills the demo organisation with about forty cases in every phase, with their whole
// histories, and the after-release stories (demoStories), in one bulk load audited as
// "seed.demo". The world is the same on every run (a seeded random source; dates relative
// to spec.Today). When the demo programmes already hold cases it does nothing and returns
// nil counts.
func Demo(ctx context.Context, db *postgres.DB, spec DemoSpec) (Counts, error) {
	loaded, err := db.ProgrammesHaveCases(ctx, []string{spec.ProgrammeXA, spec.ProgrammeXB})
	if err != nil || loaded {
		return nil, err
	}
	sys := domain.System("seed")
	users, err := demoUsers(ctx, db, sys, spec)
	if err != nil {
		return nil, err
	}
	programmes, err := db.ListProgrammes(ctx, sys, false)
	if err != nil {
		return nil, err
	}
	// Timestamps fall in working hours, before seven on the seed day's morning (or now, if
	// earlier), so the world is the same whenever that day it is made.
	today := dateOnly(spec.Today)
	now := minDate(today.Add(7*time.Hour), time.Now())
	g, err := newGenerator(ctx, db, rand.New(rand.NewPCG(2012, 4)), now, programmes)
	if err != nil {
		return nil, err
	}
	g.today, g.text = today, true
	b := newBatch()
	n, r, h := demoFacilities(spec, users)
	for _, p := range demoCast(n, r, h, users) {
		g.simulate(p, b)
	}
	b.finish()
	if err := demoStories(g, spec, users, b); err != nil {
		return nil, err
	}
	b.settleVersions()
	ev := domain.NewAuditEvent(sys, "seed.demo", "seed", "", domain.OutcomeSuccess)
	ev.Details = detailsJSON(map[string]any{"cases": len(b.Cases), "events": b.events()})
	counts, err := db.BulkLoad(ctx, &b.BulkBatch, postgres.BulkOptions{Audit: &ev})
	if err != nil {
		return nil, err
	}
	out := Counts{}
	out.add(counts)
	return out, nil
}

// events counts the batch's recorded events as Counts.Events does.
func (b *batch) events() int64 {
	return int64(len(b.Attendance) + len(b.Events) + len(b.Assessments) + len(b.Milestones) + len(b.FollowUps) + len(b.PhaseChanges))
}

// demoUsers finds the demo users by id and finds or creates the extra demo staff.
func demoUsers(ctx context.Context, db *postgres.DB, sys *domain.Principal, spec DemoSpec) (map[string]id, error) {
	facilities := map[string]string{"northgate": spec.Northgate, "riverside": spec.Riverside, "harbour": spec.Harbour}
	users := map[string]id{"supervisor": mustID(spec.Supervisor), "practitioner": mustID(spec.Practitioner), "practitioner2": mustID(spec.Practitioner2)}
	for _, st := range DemoStaff {
		scope := domain.Scope{Kind: domain.ScopeCountry, Country: st.Country}
		if st.Facility != "" {
			scope = domain.Scope{Kind: domain.ScopeFacility, Country: st.Country, FacilityID: facilities[st.Facility]}
		}
		u, _, err := ensureMember(ctx, db, sys, member{username: st.Username, display: st.DisplayName, passwordHash: spec.PasswordHash,
			role: st.Role, scope: scope})
		if err != nil {
			return nil, err
		}
		users[st.Username] = u
	}
	return users, nil
}

// demoFacilities are the demo's three facilities with who works cases there.
func demoFacilities(spec DemoSpec, users map[string]id) (northgate, riverside, harbour *facility) {
	nationals := []string{"XA", "XC", "XD", "XE", "XF"}
	northgate = &facility{id: mustID(spec.Northgate), country: "XA", programme: mustID(spec.ProgrammeXA), track: domain.TrackCustodial,
		managers:    []id{users["practitioner"]},
		specialists: []staff{{users["psychologist"], "psychologist"}},
		supervisors: []id{users["supervisor"], users["supervisor2"]},
		groupTypes:  []string{"cognitive_skills", "arts_sport"}, nationals: nationals, agency: "Arcadia Probation Service"}
	riverside = &facility{id: mustID(spec.Riverside), country: "XA", programme: mustID(spec.ProgrammeXA), track: domain.TrackCustodial,
		managers:    []id{users["practitioner2"]},
		supervisors: []id{users["supervisor"], users["supervisor2"]},
		groupTypes:  []string{"vocational_training", "religious_dialogue"}, nationals: nationals, agency: "Arcadia Probation Service"}
	harbour = &facility{id: mustID(spec.Harbour), country: "XB", programme: mustID(spec.ProgrammeXB), track: domain.TrackNonCustodial,
		managers:    []id{users["practitionerxb"]},
		supervisors: []id{users["supervisorxb"]},
		groupTypes:  []string{"life_skills", "arts_sport"}, nationals: []string{"XB", "XG", "XH", "XC", "XD"}, agency: "Borealis Probation Service"}
	return northgate, riverside, harbour
}
