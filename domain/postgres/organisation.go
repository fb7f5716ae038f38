package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// ListCountries lists the countries Pathways is configured for, by code.
func (db *DB) ListCountries(ctx context.Context) ([]domain.Country, error) {
	var out []domain.Country
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT code, name FROM countries ORDER BY code")
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.Country, err error) {
			err = r.Scan(&c.Code, &c.Name)
			return c, err
		})
		return err
	})
	return out, err
}

// ListFacilities lists the facilities every staff member may know of. Facility names are
// organisational, not personal, so staff in any scope may see the list; an administrator
// (acting as one) sees those their admin scopes reach.
// Retired facilities are left out unless includeRetired.
func (db *DB) ListFacilities(ctx context.Context, p *domain.Principal, includeRetired bool) ([]domain.Facility, error) {
	var out []domain.Facility
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+facilityColumns+" FROM facilities WHERE $1 OR retired_at IS NULL ORDER BY country, name", includeRetired)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Facility, error) { return scanFacility(r) })
		return err
	})
	return adminFiltered(p, out, func(f domain.Facility) domain.Scope { return facilityScope(f.Country, f.ID) }), err
}

// CreateFacility adds a facility in a country the caller's administrator scope covers
// (Forbidden otherwise, audited). Invalid when the country is unknown or the name is taken
// in it.
func (db *DB) CreateFacility(ctx context.Context, p *domain.Principal, f domain.Facility) (domain.Facility, error) {
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireCountry(ctx, tx, f.Country); err != nil {
			return err
		}
		if !adminActor(p).CoversScope(countryScope(f.Country)) {
			return deny(p, "facility.create", "facility", "", "out_of_scope",
				domain.Errorf(domain.CodeForbidden, "your administrator scope does not cover country %s", f.Country))
		}
		if err := domain.CheckOrganisationText(domain.TextField{Path: "name", Text: f.Name}); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO facilities (country, name, kind) VALUES ($1, $2, $3)
			ON CONFLICT (country, name) DO NOTHING RETURNING id, created_at`, f.Country, f.Name, f.Kind).Scan(&f.ID, &f.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.Invalid(domain.FieldProblem{Field: "name", Reason: "taken", Detail: "a facility of this name exists in this country"})
		} else if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "facility.create", "facility", f.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"country": f.Country, "name": f.Name})
		return db.appendAudit(ctx, tx, ev)
	})
	return f, err
}

// ListProgrammes lists the programmes not retired, by country and name: to staff all of
// them (programmes are organisational, not personal), to an administrator those in
// countries their admin scopes reach. Retired programmes are left out unless includeRetired.
func (db *DB) ListProgrammes(ctx context.Context, p *domain.Principal, includeRetired bool) ([]domain.Programme, error) {
	var out []domain.Programme
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+programmeColumns+" FROM programmes WHERE $1 OR retired_at IS NULL ORDER BY country, name", includeRetired)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Programme, error) { return scanProgramme(r) })
		return err
	})
	return adminFiltered(p, out, func(g domain.Programme) domain.Scope { return countryScope(g.Country) }), err
}

// CreateProgramme adds a programme in a country the caller's administrator scope covers
// (Forbidden otherwise, audited), with the default follow-up months when none are given.
// Invalid when the country is unknown, the follow-up months break their rule or the name is
// taken in the country.
func (db *DB) CreateProgramme(ctx context.Context, p *domain.Principal, g domain.Programme) (domain.Programme, error) {
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireCountry(ctx, tx, g.Country); err != nil {
			return err
		}
		if !adminActor(p).CoversScope(countryScope(g.Country)) {
			return deny(p, "programme.create", "programme", "", "out_of_scope",
				domain.Errorf(domain.CodeForbidden, "your administrator scope does not cover country %s", g.Country))
		}
		if g.FollowUpMonths == nil {
			g.FollowUpMonths = domain.DefaultFollowUpMonths
		}
		if err := domain.ValidateFollowUpMonths(g.FollowUpMonths); err != nil {
			return err
		}
		if err := domain.CheckOrganisationText(domain.TextField{Path: "name", Text: g.Name},
			domain.TextField{Path: "description", Text: g.Description}); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO programmes (country, name, description, aftercare_months, follow_up_months) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (country, name) DO NOTHING RETURNING id, created_at`, g.Country, g.Name, g.Description, g.AftercareMonths, g.FollowUpMonths).Scan(&g.ID, &g.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.Invalid(domain.FieldProblem{Field: "name", Reason: "taken", Detail: "a programme of this name exists in this country"})
		} else if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "programme.create", "programme", g.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"country": g.Country, "name": g.Name})
		return db.appendAudit(ctx, tx, ev)
	})
	return g, err
}

// UpsertCountry adds or renames a country; seeding and administrators use it.
func (db *DB) UpsertCountry(ctx context.Context, p *domain.Principal, c domain.Country) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO countries (code, name) VALUES ($1, $2)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, c.Code, c.Name); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "country.upsert", "country", c.Code, domain.OutcomeSuccess)
		return db.appendAudit(ctx, tx, ev)
	})
}

func requireCountry(ctx context.Context, tx pgx.Tx, code string) error {
	var ok bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM countries WHERE code = $1)", code).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return domain.Invalid(domain.FieldProblem{Field: "country", Reason: "unknown_reference", Detail: "no such country"})
	}
	return nil
}

func countryScope(country string) domain.Scope {
	return domain.Scope{Kind: domain.ScopeCountry, Country: country}
}

func facilityScope(country, id string) domain.Scope {
	return domain.Scope{Kind: domain.ScopeFacility, Country: country, FacilityID: id}
}

// adminFiltered keeps, for a caller acting as administrator, the items their admin scopes
// reach; other callers get the list as it is.
func adminFiltered[T any](p *domain.Principal, items []T, scopeOf func(T) domain.Scope) []T {
	if p == nil || p.ActingRole != domain.RoleAdmin {
		return items
	}
	actor := adminActor(p)
	out := items[:0:0]
	for _, it := range items {
		if actor.CoversScope(scopeOf(it)) {
			out = append(out, it)
		}
	}
	return out
}
