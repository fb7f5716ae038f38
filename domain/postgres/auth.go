package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// SessionLifetime is how long a browser session lasts from sign-in.
const SessionLifetime = 12 * time.Hour

// Credentials finds a user by name, with their password hash and TOTP state, for the
// sign-in check. NotFound when there is no such user; the caller audits the attempt either way.
func (db *DB) Credentials(ctx context.Context, username string) (domain.Credentials, error) {
	var c domain.Credentials
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var secret *string
		err := tx.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash, u.totp_secret, u.totp_last_step
			FROM users u WHERE u.username = $1`, username).Scan(&c.User.ID, &c.User.Username, &c.User.DisplayName,
			&c.User.Disabled, &c.User.TOTPEnabled, &c.User.CreatedAt, &c.User.Language, &c.PasswordHash, &secret, &c.TOTPLastStep)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.NotFound("user")
		}
		if secret != nil {
			c.TOTPSecret = *secret
		}
		return err
	})
	return c, err
}

// RecordLogin writes the audit event of a sign-in attempt and, when s is non-nil (the
// attempt succeeded), creates the session (SessionLifetime from now, filling in its times),
// sweeps the user's expired sessions and gives the attempt back to the throttle, all in one
// transaction: no session exists without its audit row.
func (db *DB) RecordLogin(ctx context.Context, ev domain.AuditEvent, s *domain.Session) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		if s != nil {
			s.CreatedAt = db.now()
			s.ExpiresAt = s.CreatedAt.Add(SessionLifetime)
			if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
				VALUES ($1, $2, $3, $4, $5)`, s.TokenHash, s.UserID, s.CSRFToken, s.CreatedAt, s.ExpiresAt); err != nil {
				return err
			}
			// Sweep this user's expired sessions while we are here.
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = $1 AND expires_at < now()", s.UserID); err != nil {
				return err
			}
			if err := giveBackLoginAttempt(ctx, tx, ev.ObjectID, ev.IP); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev)
	})
}

// AcceptTOTPStep stores step as the user's last accepted TOTP step and reports true, or
// reports false when step is not newer than the stored one: a code is good once, so a
// replayed code fails.
func (db *DB) AcceptTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	var ok bool
	err := db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", userID, step)
		ok = tag.RowsAffected() == 1
		return err
	})
	return ok, err
}

// SessionPrincipal resolves a session and the user's current memberships. It runs on every
// request, so it is one statement (one round trip) rather than a transaction of several; a
// single statement sees one snapshot, so the answer is as consistent as a transaction's.
func (db *DB) SessionPrincipal(ctx context.Context, tokenHash []byte) (*domain.Principal, *domain.Session, error) {
	var p domain.Principal
	var s domain.Session
	var ms [][5]string
	err := db.pool.QueryRow(ctx, `SELECT s.user_id, u.username, s.csrf_token, s.created_at, s.expires_at,
			coalesce((SELECT json_agg(json_build_array(m.id, m.role, m.scope_kind, coalesce(m.country, ''),
				coalesce(m.facility_id::text, '')) ORDER BY m.created_at, m.id)
				FROM memberships m WHERE m.user_id = s.user_id), '[]')
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`, tokenHash).
		Scan(&p.UserID, &p.Username, &s.CSRFToken, &s.CreatedAt, &s.ExpiresAt, &ms)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, domain.Errorf(domain.CodeUnauthenticated, "sign in first")
	} else if err != nil {
		return nil, nil, translate(err)
	}
	s.TokenHash, s.UserID = tokenHash, p.UserID
	for _, m := range ms {
		p.Memberships = append(p.Memberships, domain.Membership{ID: m[0], UserID: p.UserID, Role: domain.Role(m[1]),
			Scope: domain.Scope{Kind: domain.ScopeKind(m[2]), Country: m[3], FacilityID: m[4]}})
	}
	return &p, &s, nil
}

// DeleteSession ends a session (sign-out) and audits it as auth.logout. Ending one that no
// longer exists is not an error.
func (db *DB) DeleteSession(ctx context.Context, p *domain.Principal, tokenHash []byte) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, "auth.logout", "user", p.UserID, domain.OutcomeSuccess))
	})
}

// SetTOTPSecret stores a new TOTP secret for the caller while two-factor sign-in is not yet
// enabled, and audits the enrolment; Conflict once it is enabled, so an enabled second
// factor cannot be swapped by whoever holds the session.
func (db *DB) SetTOTPSecret(ctx context.Context, p *domain.Principal, secret string) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE users SET totp_secret = $2 WHERE id = $1 AND NOT totp_enabled", p.UserID, secret)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.CodeConflict, "two-factor sign-in is already enabled")
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, "totp.enrol", "user", p.UserID, domain.OutcomeSuccess))
	})
}

// SetLanguage keeps the caller's choice of interface language on their user, so it follows
// them to the next sign-in on any computer, and audits the change (user.language, with the
// language). The caller checked it is one of domain.Languages.
func (db *DB) SetLanguage(ctx context.Context, p *domain.Principal, language string) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE users SET language = $2 WHERE id = $1 AND language IS DISTINCT FROM $2", p.UserID, language)
		if err != nil || tag.RowsAffected() == 0 {
			return err // unchanged: nothing to record
		}
		ev := domain.NewAuditEvent(p, "user.language", "user", p.UserID, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"language": language})
		return db.appendAudit(ctx, tx, ev)
	})
}

// EnableTOTP turns on two-factor sign-in for the caller, once they have a secret (the
// caller checked a first code against it), and audits it. Without a stored secret nothing
// changes.
func (db *DB) EnableTOTP(ctx context.Context, p *domain.Principal) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET totp_enabled = true WHERE id = $1 AND totp_secret IS NOT NULL", p.UserID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, "totp.enable", "user", p.UserID, domain.OutcomeSuccess))
	})
}
