package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// ListStaff lists active practitioners and supervisors whose membership covers the facility
// and lies within the caller's supervisor scope (a facility membership there, a country
// membership when the caller covers the whole country, a global one only for a global caller).
func (db *DB) ListStaff(ctx context.Context, p *domain.Principal, facilityID string) ([]domain.StaffMember, error) {
	var out []domain.StaffMember
	err := db.tx(ctx, func(tx pgx.Tx) error {
		notFound := domain.Errorf(domain.CodeNotFound, "no such facility")
		if !validUUID(facilityID) {
			return notFound
		}
		var country string
		err := tx.QueryRow(ctx, "SELECT country FROM facilities WHERE id = $1 AND retired_at IS NULL", facilityID).Scan(&country)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !p.Covers(domain.RoleSupervisor, country, facilityID)) {
			return notFound
		}
		if err != nil {
			return err
		}
		var global, wholeCountry bool
		for _, s := range p.Scopes(domain.RoleSupervisor) {
			global = global || s.Kind == domain.ScopeGlobal
			wholeCountry = wholeCountry || s.Kind == domain.ScopeGlobal || (s.Kind == domain.ScopeCountry && s.Country == country)
		}
		rows, err := tx.Query(ctx, `SELECT u.id, u.username, u.display_name, array_agg(DISTINCT ms.role ORDER BY ms.role)
			FROM users u JOIN memberships ms ON ms.user_id = u.id
			WHERE NOT u.disabled AND ms.role IN ('practitioner', 'supervisor')
			AND ((ms.scope_kind = 'facility' AND ms.facility_id = $1)
				OR (ms.scope_kind = 'country' AND ms.country = $2 AND $3)
				OR (ms.scope_kind = 'global' AND $4))
			GROUP BY u.id, u.username, u.display_name
			ORDER BY u.username`, facilityID, country, wholeCountry, global)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (m domain.StaffMember, err error) {
			var roles []string
			err = r.Scan(&m.ID, &m.Username, &m.DisplayName, &roles)
			for _, x := range roles {
				m.Roles = append(m.Roles, domain.Role(x))
			}
			return m, err
		})
		if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "staff.list", "facility", facilityID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"count": len(out)})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}
