package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const userColumns = `u.id, u.username, u.display_name, u.disabled, u.totp_enabled, u.created_at`

func scanUser(row pgx.Row, u *domain.User) error {
	return row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Disabled, &u.TOTPEnabled, &u.CreatedAt)
}

// loadMemberships fills in the memberships of the given users.
func loadMemberships(ctx context.Context, tx pgx.Tx, users []domain.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]string, len(users))
	index := make(map[string]int, len(users))
	for i, u := range users {
		ids[i] = u.ID
		index[u.ID] = i
	}
	rows, err := tx.Query(ctx, `SELECT id, user_id, role, scope_kind, coalesce(country, ''), coalesce(facility_id::text, '')
		FROM memberships WHERE user_id = ANY($1::uuid[]) ORDER BY created_at, id`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m domain.Membership
		if err := rows.Scan(&m.ID, &m.UserID, &m.Role, &m.Scope.Kind, &m.Scope.Country, &m.Scope.FacilityID); err != nil {
			return err
		}
		u := &users[index[m.UserID]]
		u.Memberships = append(u.Memberships, m)
	}
	return rows.Err()
}

func (db *DB) CreateUser(ctx context.Context, p *domain.Principal, n domain.NewUser) (domain.User, error) {
	var u domain.User
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		u, err = db.createUser(ctx, tx, p, n)
		return err
	})
	return u, err
}

// CreateUserWithMembership creates a user and their first membership in one transaction, so
// that a refused membership (an unknown facility, a scope the caller does not cover) leaves
// no user behind who can sign in but do nothing.
func (db *DB) CreateUserWithMembership(ctx context.Context, p *domain.Principal, n domain.NewUser, m domain.Membership) (domain.User, domain.Membership, error) {
	var u domain.User
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		if u, err = db.createUser(ctx, tx, p, n); err != nil {
			return err
		}
		m.UserID = u.ID
		m, err = db.addMembership(ctx, tx, p, m)
		return err
	})
	return u, m, err
}

func (db *DB) createUser(ctx context.Context, tx pgx.Tx, p *domain.Principal, n domain.NewUser) (domain.User, error) {
	var u domain.User
	err := func() error {
		var taken bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)", n.Username).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return domain.Invalid(domain.FieldProblem{Field: "username", Reason: "taken", Detail: "this username is already in use"})
		}
		err := tx.QueryRow(ctx, `INSERT INTO users AS u (username, display_name, password_hash) VALUES ($1, $2, $3)
			RETURNING `+userColumns, n.Username, n.DisplayName, n.PasswordHash).
			Scan(&u.ID, &u.Username, &u.DisplayName, &u.Disabled, &u.TOTPEnabled, &u.CreatedAt)
		if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "user.create", "user", u.ID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"username": u.Username})
		return db.appendAudit(ctx, tx, ev)
	}()
	return u, err
}

func (db *DB) ListUsers(ctx context.Context, p *domain.Principal) ([]domain.User, error) {
	var out []domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+userColumns+" FROM users u ORDER BY u.username")
		if err != nil {
			return err
		}
		for rows.Next() {
			var u domain.User
			if err := scanUser(rows, &u); err != nil {
				return err
			}
			out = append(out, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadMemberships(ctx, tx, out)
	})
	return out, err
}

func (db *DB) getUser(ctx context.Context, tx pgx.Tx, id string) (domain.User, error) {
	var u domain.User
	if !validUUID(id) {
		return u, domain.NotFound("user")
	}
	if err := scanUser(tx.QueryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = $1", id), &u); err != nil {
		if err == pgx.ErrNoRows {
			return u, domain.NotFound("user")
		}
		return u, err
	}
	users := []domain.User{u}
	if err := loadMemberships(ctx, tx, users); err != nil {
		return u, err
	}
	return users[0], nil
}

func (db *DB) GetUser(ctx context.Context, p *domain.Principal, id string) (domain.User, error) {
	var u domain.User
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		u, err = db.getUser(ctx, tx, id)
		return err
	})
	return u, err
}

func (db *DB) UpdateUser(ctx context.Context, p *domain.Principal, id string, patch domain.UserPatch) (domain.User, error) {
	var u domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := db.getUser(ctx, tx, id); err != nil {
			return err
		}
		changed := []string{}
		if patch.DisplayName != nil {
			changed = append(changed, "display_name")
			if _, err := tx.Exec(ctx, "UPDATE users SET display_name = $2 WHERE id = $1", id, *patch.DisplayName); err != nil {
				return err
			}
		}
		if patch.PasswordHash != nil {
			changed = append(changed, "password")
			if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = $2 WHERE id = $1", id, *patch.PasswordHash); err != nil {
				return err
			}
		}
		if patch.Disabled != nil {
			changed = append(changed, "disabled")
			if _, err := tx.Exec(ctx, "UPDATE users SET disabled = $2 WHERE id = $1", id, *patch.Disabled); err != nil {
				return err
			}
		}
		// A disabled user or a new password ends every open session of that user.
		if (patch.Disabled != nil && *patch.Disabled) || patch.PasswordHash != nil {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = $1", id); err != nil {
				return err
			}
		}
		var err error
		if u, err = db.getUser(ctx, tx, id); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "user.update", "user", id, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"changed": changed})
		return db.appendAudit(ctx, tx, ev)
	})
	return u, err
}

func (db *DB) AddMembership(ctx context.Context, p *domain.Principal, m domain.Membership) (domain.Membership, error) {
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		m, err = db.addMembership(ctx, tx, p, m)
		return err
	})
	return m, err
}

func (db *DB) addMembership(ctx context.Context, tx pgx.Tx, p *domain.Principal, m domain.Membership) (domain.Membership, error) {
	err := func() error {
		if _, err := db.getUser(ctx, tx, m.UserID); err != nil {
			return err
		}
		// Nobody grants themselves a role (or a wider scope): another administrator must. A
		// token acts for the administrator who made it.
		self := p.UserID
		if p.TokenID != "" {
			if err := tx.QueryRow(ctx, "SELECT created_by::text FROM api_tokens WHERE id = $1", p.TokenID).Scan(&self); err != nil {
				return err
			}
		}
		if self != "" && m.UserID == self {
			return domain.Invalid(domain.FieldProblem{Field: "user_id", Reason: "self",
				Detail: "you cannot grant a membership to yourself: another administrator must"})
		}
		if m.Scope.Kind == domain.ScopeFacility {
			// The facility decides the country; a client cannot pair a facility with another country.
			if !validUUID(m.Scope.FacilityID) {
				return domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "unknown_reference", Detail: "no such facility"})
			}
			err := tx.QueryRow(ctx, "SELECT country FROM facilities WHERE id = $1", m.Scope.FacilityID).Scan(&m.Scope.Country)
			if err == pgx.ErrNoRows {
				return domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "unknown_reference", Detail: "no such facility"})
			} else if err != nil {
				return err
			}
		}
		if !adminCovers(p, m.Scope) {
			return domain.Errorf(domain.CodeForbidden, "your administrator scope does not cover %s", m.Scope)
		}
		var facility any
		if m.Scope.FacilityID != "" {
			facility = m.Scope.FacilityID
		}
		var country any
		if m.Scope.Country != "" {
			country = m.Scope.Country
		}
		err := tx.QueryRow(ctx, `INSERT INTO memberships (user_id, role, scope_kind, country, facility_id)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, m.UserID, m.Role, m.Scope.Kind, country, facility).Scan(&m.ID)
		if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "membership.create", "user", m.UserID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"membership_id": m.ID, "role": m.Role, "scope": m.Scope.String()})
		return db.appendAudit(ctx, tx, ev)
	}()
	return m, err
}

func (db *DB) RemoveMembership(ctx context.Context, p *domain.Principal, userID, membershipID string) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		if !validUUID(userID) || !validUUID(membershipID) {
			return domain.NotFound("membership")
		}
		var m domain.Membership
		err := tx.QueryRow(ctx, `SELECT role, scope_kind, coalesce(country, ''), coalesce(facility_id::text, '')
			FROM memberships WHERE id = $1 AND user_id = $2`, membershipID, userID).
			Scan(&m.Role, &m.Scope.Kind, &m.Scope.Country, &m.Scope.FacilityID)
		if err == pgx.ErrNoRows {
			return domain.NotFound("membership")
		} else if err != nil {
			return err
		}
		if !adminCovers(p, m.Scope) {
			return domain.Errorf(domain.CodeForbidden, "your administrator scope does not cover %s", m.Scope)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM memberships WHERE id = $1", membershipID); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "membership.delete", "user", userID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"membership_id": membershipID, "role": m.Role, "scope": m.Scope.String()})
		return db.appendAudit(ctx, tx, ev)
	})
}

// adminCovers reports whether an administrator may grant or take away a membership in s.
// A nil principal is the command line, run by whoever holds the database.
func adminCovers(p *domain.Principal, s domain.Scope) bool {
	if p == nil {
		return true
	}
	for _, a := range p.Scopes(domain.RoleAdmin) {
		switch {
		case a.Kind == domain.ScopeGlobal:
			return true
		case s.Kind == domain.ScopeGlobal:
			continue
		case a.Kind == domain.ScopeCountry && a.Country == s.Country:
			return true
		case a.Kind == domain.ScopeFacility && s.Kind == domain.ScopeFacility && a.FacilityID == s.FacilityID:
			return true
		}
	}
	return false
}
