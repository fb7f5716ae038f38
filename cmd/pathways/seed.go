package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"

	"pathways/api"
	"pathways/domain"
	"pathways/domain/postgres"
)

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "load the demonstration organisation, users and cases (once)")
	// Seed: synthetic cases.
	synthetic := fs.Int("synthetic", 0, "add N generated cases with their records (bulk, for load and statistics work)")
	batch := fs.Int("batch", 2000, "synthetic: cases per transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo && *synthetic <= 0 {
		return errors.New("usage: pathways seed --demo | --synthetic N")
	}
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if *demo {
		err = seedDemo(ctx, db, cfg)
	}
	if err == nil && *synthetic > 0 {
		err = seedSynthetic(ctx, db, *synthetic, *batch)
	}
	// What was written is sealed even when a later step failed.
	if serr := sealBeforeExit(ctx, db); err == nil {
		err = serr
	}
	return err
}

// The demo world uses ISO 3166's user-assigned codes, so no figure can be mistaken for a
// real country's.
var demoCountries = []domain.Country{{Code: "XA", Name: "Arcadia"}, {Code: "XB", Name: "Borealis"}}

type demoWorld struct {
	facilities map[string]domain.Facility // by short key
	programmes map[string]domain.Programme
	users      map[string]domain.User
	// passwordHash is the demo users' password hash, for steps that add more demo staff.
	passwordHash string
}

func seedDemo(ctx context.Context, db *postgres.DB, cfg config) error {
	sys := domain.System("seed")
	if _, err := db.Credentials(ctx, "admin"); err == nil {
		fmt.Println("demo data already loaded: nothing to do")
		return nil
	}
	password := cfg.DemoPassword
	if password == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		password = base64.RawURLEncoding.EncodeToString(b)
	}
	w := demoWorld{facilities: map[string]domain.Facility{}, programmes: map[string]domain.Programme{}, users: map[string]domain.User{}}
	for _, c := range demoCountries {
		if err := db.UpsertCountry(ctx, sys, c); err != nil {
			return err
		}
	}
	for _, f := range []struct{ key, country, name, kind string }{
		{"northgate", "XA", "Northgate Prison", "prison"},
		{"riverside", "XA", "Riverside Prison", "prison"},
		{"harbour", "XB", "Harbour Probation Office", "probation"},
	} {
		got, err := db.CreateFacility(ctx, sys, domain.Facility{Country: f.country, Name: f.name, Kind: domain.FacilityKind(f.kind)})
		if err != nil {
			return err
		}
		w.facilities[f.key] = got
	}
	for _, g := range []struct{ key, country, name, desc string }{
		{"xa", "XA", "Arcadia Disengagement and Reintegration Programme", "Custodial and post-release programme run by the Arcadian prison service."},
		{"xb", "XB", "Borealis Community Pathways", "Probation-based programme for non-custodial cases and returnees."},
	} {
		got, err := db.CreateProgramme(ctx, sys, domain.Programme{Country: g.country, Name: g.name, Description: g.desc, AftercareMonths: 12})
		if err != nil {
			return err
		}
		w.programmes[g.key] = got
	}
	hash, err := api.HashPassword(password)
	if err != nil {
		return err
	}
	w.passwordHash = hash
	for _, u := range []struct {
		name, display string
		role          domain.Role
		scope         domain.Scope
	}{
		{"admin", "Demo Administrator", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal}},
		{"supervisor", "Demo Supervisor", domain.RoleSupervisor, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"}},
		{"practitioner", "Demo Practitioner", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, FacilityID: w.facilities["northgate"].ID}},
		{"practitioner2", "Demo Practitioner (Riverside)", domain.RolePractitioner, domain.Scope{Kind: domain.ScopeFacility, FacilityID: w.facilities["riverside"].ID}},
		{"national", "Demo National Authority", domain.RoleNationalAuthority, domain.Scope{Kind: domain.ScopeCountry, Country: "XA"}},
		{"auditor", "Demo Auditor", domain.RoleAuditor, domain.Scope{Kind: domain.ScopeGlobal}},
		// A second global administrator, so the four-eyes rules among administrators can be
		// tried, and one limited to Borealis, whose reach stops at its border.
		{"admin2", "Demo Administrator (second)", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeGlobal}},
		{"adminxb", "Demo Administrator (Borealis)", domain.RoleAdmin, domain.Scope{Kind: domain.ScopeCountry, Country: "XB"}},
	} {
		created, err := db.CreateUser(ctx, sys, domain.NewUser{Username: u.name, DisplayName: u.display, PasswordHash: hash})
		if err != nil {
			return err
		}
		if _, err := db.AddMembership(ctx, sys, domain.Membership{UserID: created.ID, Role: u.role, Scope: u.scope}); err != nil {
			return err
		}
		w.users[u.name] = created
	}
	for _, step := range demoSteps {
		if err := step(ctx, db, w); err != nil {
			return err
		}
	}
	fmt.Println("demo data loaded. Sign in with any of: admin, admin2, adminxb, supervisor, practitioner, practitioner2, national, auditor")
	if cfg.DemoPassword == "" {
		fmt.Printf("demo password (random, shown once): %s\n", password)
	} else {
		fmt.Println("demo password: the value of PATHWAYS_DEMO_PASSWORD")
	}
	return nil
}

// demoSteps are further demo loaders (cases, records…), each in its own file.
var demoSteps []func(ctx context.Context, db *postgres.DB, w demoWorld) error
