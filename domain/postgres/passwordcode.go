package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// SetPasswordWithCode uses up the named user's one-time code and sets their password, in
// one transaction with its audit event. The code is matched and marked used in a single
// statement, so two attempts with one code cannot both succeed. A failure, whatever its
// cause (no such user, wrong, used, revoked or expired code, disabled account), is one
// audited failure and nothing else.
func (db *DB) SetPasswordWithCode(ctx context.Context, p *domain.Principal, username string, codeHash []byte, passwordHash string) (bool, error) {
	ok := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var userID, purpose string
		err := tx.QueryRow(ctx, `UPDATE password_codes c SET used_at = now() FROM users u
			WHERE u.username = $1 AND c.user_id = u.id AND c.code_hash = $2 AND NOT u.disabled
				AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()
			RETURNING c.user_id, c.purpose`, username, codeHash).Scan(&userID, &purpose)
		if err == pgx.ErrNoRows {
			ev := domain.NewAuditEvent(p, "auth.set_password", "user", username, domain.OutcomeFailure)
			return db.appendAudit(ctx, tx, ev)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = $2 WHERE id = $1", userID, passwordHash); err != nil {
			return err
		}
		// Sessions opened before (none should exist after a reset, but a setup code may be
		// used by someone who kept an old session) end: the password changed.
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return err
		}
		who := *p
		who.UserID = userID
		ev := domain.NewAuditEvent(&who, "auth.set_password", "user", username, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"purpose": purpose, "user_id": userID})
		ok = true
		return db.appendAudit(ctx, tx, ev)
	})
	return ok, err
}

// RecentCodeFailures counts failed set-password attempts since a time, from the audit
// trail: from the address, and for the username from that address.
func (db *DB) RecentCodeFailures(ctx context.Context, username, ip string, since time.Time) (byPair, byIP int, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE object_id = $1), count(*)
			FROM audit_events WHERE action = 'auth.set_password' AND outcome = 'failure' AND ip = $2 AND at >= $3`,
			username, ip, since).Scan(&byPair, &byIP)
	})
	return byPair, byIP, err
}
