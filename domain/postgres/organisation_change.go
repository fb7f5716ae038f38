package postgres

import (
	"context"
	"errors"
	"slices"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Changes to facilities and programmes: the facts loaded in one statement (locking the row,
// so two administrators' changes happen one after the other), judged in domain, applied and
// audited with what changed from what.

const facilityColumns = "id, country, name, kind, created_at, retired_at"

func scanFacility(row pgx.Row) (f domain.Facility, err error) {
	err = row.Scan(&f.ID, &f.Country, &f.Name, &f.Kind, &f.CreatedAt, &f.RetiredAt)
	return f, err
}

const programmeColumns = "id, country, name, description, aftercare_months, created_at, follow_up_months, retired_at"

func scanProgramme(row pgx.Row) (g domain.Programme, err error) {
	err = row.Scan(&g.ID, &g.Country, &g.Name, &g.Description, &g.AftercareMonths, &g.CreatedAt, &g.FollowUpMonths, &g.RetiredAt)
	return g, err
}

// UpdateFacility changes a facility's name, kind or retirement (domain.JudgeFacilityPatch;
// refusals audited). NotFound for an unknown facility and one out of reach alike; Invalid
// when the new name is taken in the country.
func (db *DB) UpdateFacility(ctx context.Context, p *domain.Principal, id string, patch domain.FacilityPatch) (domain.Facility, error) {
	const action = domain.AdminActionKind("facility.update")
	var f domain.Facility
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if !validUUID(id) {
			return deny(p, action, "facility", id, "not_found", domain.NotFound("facility"))
		}
		// The row is locked first, in a statement of its own, so that the count below (a new
		// snapshot) sees the cases and transfers that writers holding it FOR SHARE committed
		// while this waited (attack round 6: an intake racing a retirement left an open case
		// in a retired facility).
		if _, err := tx.Exec(ctx, `SELECT 1 FROM facilities WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		var err error
		var open int
		// Open cases held there, and cases on their way in (a pending transfer to it).
		f, err = scanFacilityFacts(tx.QueryRow(ctx, `SELECT `+facilityColumns+`,
				(SELECT count(*) FROM cases c WHERE c.facility_id = f.id AND c.phase <> 'closed')
				+ (SELECT count(*) FROM transfers t WHERE t.to_facility_id = f.id AND t.status = 'pending')
			FROM facilities f WHERE f.id = $1`, id), &open)
		if errors.Is(err, pgx.ErrNoRows) {
			return deny(p, action, "facility", id, "not_found", domain.NotFound("facility"))
		} else if err != nil {
			return err
		}
		facts := domain.OrganisationFacts{Country: f.Country, FacilityID: f.ID, Retired: f.RetiredAt != nil, OpenCases: open}
		if err := domain.JudgeFacilityPatch(adminActor(p), facts, patch); err != nil {
			if domain.ErrorCode(err) == domain.CodeConflict {
				return err
			}
			return denyJudged(p, action, "facility", id, err)
		}
		changes := map[string]any{}
		if patch.Name != nil && *patch.Name != f.Name {
			if err := nameFree(ctx, tx, "facilities", f.Country, *patch.Name, f.ID, "a facility of this name exists in this country"); err != nil {
				return err
			}
			changes["name"] = [2]any{f.Name, *patch.Name}
		}
		if patch.Kind != nil && *patch.Kind != f.Kind {
			changes["kind"] = [2]any{f.Kind, *patch.Kind}
		}
		retire := retirement(patch.Retired, f.RetiredAt != nil, changes)
		f, err = scanFacility(tx.QueryRow(ctx, `UPDATE facilities SET name = coalesce($2, name), kind = coalesce($3, kind),
				retired_at = CASE $4::int WHEN 1 THEN now() WHEN -1 THEN NULL ELSE retired_at END
			WHERE id = $1 RETURNING `+facilityColumns, f.ID, patch.Name, patch.Kind, retire))
		if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, string(action), "facility", f.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"country": f.Country, "changes": changes})
		return db.appendAudit(ctx, tx, ev)
	})
	return f, err
}

func scanFacilityFacts(row pgx.Row, open *int) (f domain.Facility, err error) {
	err = row.Scan(&f.ID, &f.Country, &f.Name, &f.Kind, &f.CreatedAt, &f.RetiredAt, open)
	return f, err
}

// UpdateProgramme changes a programme's name, description, aftercare, follow-up months or
// retirement (domain.JudgeProgrammePatch; refusals audited). NotFound for an unknown
// programme and one out of reach alike; Invalid when the new name is taken in the country.
func (db *DB) UpdateProgramme(ctx context.Context, p *domain.Principal, id string, patch domain.ProgrammePatch) (domain.Programme, error) {
	const action = domain.AdminActionKind("programme.update")
	var g domain.Programme
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if !validUUID(id) {
			return deny(p, action, "programme", id, "not_found", domain.NotFound("programme"))
		}
		var open int
		err := tx.QueryRow(ctx, `SELECT `+programmeColumns+`,
				(SELECT count(*) FROM cases c WHERE c.programme_id = g.id AND c.phase <> 'closed')
			FROM programmes g WHERE g.id = $1 FOR UPDATE OF g`, id).
			Scan(&g.ID, &g.Country, &g.Name, &g.Description, &g.AftercareMonths, &g.CreatedAt, &g.FollowUpMonths, &g.RetiredAt, &open)
		if errors.Is(err, pgx.ErrNoRows) {
			return deny(p, action, "programme", id, "not_found", domain.NotFound("programme"))
		} else if err != nil {
			return err
		}
		facts := domain.OrganisationFacts{Country: g.Country, Retired: g.RetiredAt != nil, OpenCases: open}
		if err := domain.JudgeProgrammePatch(adminActor(p), facts, patch); err != nil {
			return denyJudged(p, action, "programme", id, err)
		}
		changes := map[string]any{}
		if patch.Name != nil && *patch.Name != g.Name {
			if err := nameFree(ctx, tx, "programmes", g.Country, *patch.Name, g.ID, "a programme of this name exists in this country"); err != nil {
				return err
			}
			changes["name"] = [2]any{g.Name, *patch.Name}
		}
		if patch.Description != nil && *patch.Description != g.Description {
			// Both texts, as for a name: every member of staff reads a description, and the
			// trail must say what was published even after it is changed back (attack round 6).
			changes["description"] = [2]any{g.Description, *patch.Description}
		}
		if patch.AftercareMonths != nil && *patch.AftercareMonths != g.AftercareMonths {
			changes["aftercare_months"] = [2]any{g.AftercareMonths, *patch.AftercareMonths}
		}
		if patch.FollowUpMonths != nil && !slices.Equal(patch.FollowUpMonths, g.FollowUpMonths) {
			changes["follow_up_months"] = [2]any{g.FollowUpMonths, patch.FollowUpMonths}
		}
		retire := retirement(patch.Retired, g.RetiredAt != nil, changes)
		g, err = scanProgramme(tx.QueryRow(ctx, `UPDATE programmes SET name = coalesce($2, name), description = coalesce($3, description),
				aftercare_months = coalesce($4, aftercare_months), follow_up_months = coalesce($5, follow_up_months),
				retired_at = CASE $6::int WHEN 1 THEN now() WHEN -1 THEN NULL ELSE retired_at END
			WHERE id = $1 RETURNING `+programmeColumns, g.ID, patch.Name, patch.Description, patch.AftercareMonths, patch.FollowUpMonths, retire))
		if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, string(action), "programme", g.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"country": g.Country, "changes": changes, "open_cases": open})
		return db.appendAudit(ctx, tx, ev)
	})
	return g, err
}

// retirement turns a patch's retired flag into 1 (retire now), -1 (bring back) or 0 (leave),
// noting the change.
func retirement(want *bool, retired bool, changes map[string]any) int {
	switch {
	case want == nil || *want == retired:
		return 0
	case *want:
		changes["retired"] = [2]any{false, true}
		return 1
	default:
		changes["retired"] = [2]any{true, false}
		return -1
	}
}

// nameFree refuses a name another facility or programme of the country holds (the unique
// constraint would answer a bare conflict).
func nameFree(ctx context.Context, tx pgx.Tx, table, country, name, id, detail string) error {
	var taken bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE country = $1 AND name = $2 AND id <> $3)", country, name, id).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return domain.Invalid(domain.FieldProblem{Field: "name", Reason: "taken", Detail: detail})
	}
	return nil
}
