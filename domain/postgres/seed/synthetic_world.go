package seed

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"pathways/domain"
	"pathways/domain/postgres"
)

// syntheticWorld is where synthetic cases are placed.
type syntheticWorld struct {
	country      string
	facilities   []*facility
	programmes   []domain.Programme
	usersCreated int
}

// syntheticFacilities are the facilities of the country XS, made when there is no XA.
var syntheticFacilities = []domain.Facility{
	{Name: "Central Prison", Kind: "prison"}, {Name: "Eastfield Prison", Kind: "prison"}, {Name: "Westmoor Prison", Kind: "prison"},
	{Name: "Southbank Women's Prison", Kind: "prison"}, {Name: "Hillcrest Young Offender Institution", Kind: "prison"},
	{Name: "Lakeside Prison", Kind: "prison"}, {Name: "Capital Probation Office", Kind: "probation"},
	{Name: "Northern Probation Office", Kind: "probation"},
}

// ensureSyntheticWorld finds or makes, through the store's administrative methods, the
// country, facilities, programme and staff synthetic cases are placed with.
func ensureSyntheticWorld(ctx context.Context, db *postgres.DB, sys *domain.Principal) (*syntheticWorld, error) {
	w := &syntheticWorld{country: "XA"}
	facs, err := facilitiesOf(ctx, db, sys, w.country)
	if err != nil {
		return nil, err
	}
	if len(facs) == 0 {
		w.country = "XS"
		if facs, err = ensureSyntheticFacilities(ctx, db, sys); err != nil {
			return nil, err
		}
	}
	programme, err := ensureSyntheticProgramme(ctx, db, sys, w)
	if err != nil {
		return nil, err
	}
	sups, err := w.staff(ctx, db, sys, 3, func(i int) member {
		return member{username: fmt.Sprintf("synth-%s-supervisor%d", strings.ToLower(w.country), i), display: fmt.Sprintf("Synthetic supervisor %d", i),
			role: domain.RoleSupervisor, scope: domain.Scope{Kind: domain.ScopeCountry, Country: w.country}}
	})
	if err != nil {
		return nil, err
	}
	for _, f := range facs {
		sf, err := w.facility(ctx, db, sys, f, programme, sups)
		if err != nil {
			return nil, err
		}
		w.facilities = append(w.facilities, sf)
	}
	return w, nil
}

func facilitiesOf(ctx context.Context, db *postgres.DB, sys *domain.Principal, country string) ([]domain.Facility, error) {
	all, err := db.ListFacilities(ctx, sys, false)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(f domain.Facility) bool { return f.Country != country }), nil
}

func ensureSyntheticFacilities(ctx context.Context, db *postgres.DB, sys *domain.Principal) ([]domain.Facility, error) {
	if err := db.UpsertCountry(ctx, sys, domain.Country{Code: "XS", Name: "Synthetica"}); err != nil {
		return nil, err
	}
	have, err := facilitiesOf(ctx, db, sys, "XS")
	if err != nil {
		return nil, err
	}
	for _, f := range syntheticFacilities {
		if slices.ContainsFunc(have, func(h domain.Facility) bool { return h.Name == f.Name }) {
			continue
		}
		f.Country = "XS"
		if _, err := db.CreateFacility(ctx, sys, f); err != nil {
			return nil, err
		}
	}
	return facilitiesOf(ctx, db, sys, "XS")
}

// ensureSyntheticProgramme finds the country's oldest programme or makes one, and keeps
// the programmes for their follow-up schedules.
func ensureSyntheticProgramme(ctx context.Context, db *postgres.DB, sys *domain.Principal, w *syntheticWorld) (domain.Programme, error) {
	all, err := db.ListProgrammes(ctx, sys, false)
	if err != nil {
		return domain.Programme{}, err
	}
	w.programmes = all
	mine := slices.DeleteFunc(slices.Clone(all), func(g domain.Programme) bool { return g.Country != w.country })
	if len(mine) > 0 {
		return slices.MinFunc(mine, func(a, b domain.Programme) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		}), nil
	}
	g, err := db.CreateProgramme(ctx, sys, domain.Programme{Country: w.country, Name: "Synthetic Rehabilitation and Reintegration Programme",
		Description: "Generated cases for load and statistics testing.", AftercareMonths: 12})
	w.programmes = append(w.programmes, g)
	return g, err
}

// staff finds or makes n users, member(1..n) describing each.
func (w *syntheticWorld) staff(ctx context.Context, db *postgres.DB, sys *domain.Principal, n int, m func(i int) member) ([]id, error) {
	var out []id
	for i := 1; i <= n; i++ {
		u, created, err := ensureMember(ctx, db, sys, m(i))
		if err != nil {
			return nil, err
		}
		if created {
			w.usersCreated++
		}
		out = append(out, u)
	}
	return out, nil
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// facility finds or makes a facility's four case managers and its specialists.
func (w *syntheticWorld) facility(ctx context.Context, db *postgres.DB, sys *domain.Principal, f domain.Facility, programme domain.Programme, sups []id) (*facility, error) {
	slug := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(f.Name), "-"), "-")
	if len(slug) > 40 {
		slug = slug[:40]
	}
	sf := &facility{id: mustID(f.ID), country: w.country, programme: mustID(programme.ID), track: domain.TrackCustodial,
		supervisors: sups, nationals: []string{w.country, "XC", "XD", "XE", "XF"}, agency: "Probation service",
		groupTypes: []string{"cognitive_skills", "vocational_training", "arts_sport", "religious_dialogue"}}
	disciplines := []string{"psychologist", "religious_counsellor", "educator", "prison_officer"}
	if f.Kind != "prison" {
		sf.track = domain.TrackNonCustodial
		sf.groupTypes = []string{"cognitive_skills", "life_skills", "arts_sport"}
		disciplines = []string{"psychologist", "mentor", "social_worker"}
	}
	scope := domain.Scope{Kind: domain.ScopeFacility, Country: w.country, FacilityID: f.ID}
	var err error
	sf.managers, err = w.staff(ctx, db, sys, 4, func(i int) member {
		return member{username: fmt.Sprintf("synth-%s-cm%d", slug, i), display: fmt.Sprintf("Synthetic case manager %d, %s", i, f.Name),
			role: domain.RolePractitioner, scope: scope}
	})
	if err != nil {
		return nil, err
	}
	ids, err := w.staff(ctx, db, sys, len(disciplines), func(i int) member {
		d := disciplines[i-1]
		return member{username: fmt.Sprintf("synth-%s-%s", slug, strings.ReplaceAll(d, "_", "-")),
			display: fmt.Sprintf("Synthetic %s, %s", strings.ReplaceAll(d, "_", " "), f.Name), role: domain.RolePractitioner, scope: scope}
	})
	for i, u := range ids {
		sf.specialists = append(sf.specialists, staff{u, disciplines[i]})
	}
	return sf, err
}
