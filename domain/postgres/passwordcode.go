package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// SetPasswordWithCode uses up the named user's one-time code and sets their password, in
// one transaction with its audit event. The code's row is locked while it is judged and
// marked used, so two attempts with one code cannot both succeed. A code whose issuers no
// longer reach the user (domain.CodeStillBacked) is revoked on the spot. A failure, whatever
// its cause (no such user, wrong, used, revoked, expired or no longer backed code, disabled
// account), is one audited failure and nothing else.
func (db *DB) SetPasswordWithCode(ctx context.Context, p *domain.Principal, username string, codeHash []byte, passwordHash string) (bool, error) {
	ok := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		code, found, err := loadCode(ctx, tx, username, codeHash)
		if err != nil {
			return err
		}
		var user targetRow
		if found {
			if user, _, err = loadTarget(ctx, tx, code.userID); err != nil {
				return err
			}
		}
		if !found || !domain.CodeStillBacked(user.AdminTarget, code.signers...) {
			// Named as the caller's principal names the attempt (an unknown name's keyed hash).
			ev := domain.NewAuditEvent(p, "auth.set_password", "user", p.Username, domain.OutcomeFailure)
			if found {
				if _, err := tx.Exec(ctx, "UPDATE password_codes SET revoked_at = now() WHERE id = $1", code.id); err != nil {
					return err
				}
				ev.Details = details(map[string]any{"reason": "issuer_no_longer_reaches_user", "user_id": code.userID})
			}
			return db.appendAudit(ctx, tx, ev)
		}
		if _, err := tx.Exec(ctx, "UPDATE password_codes SET used_at = now() WHERE id = $1", code.id); err != nil {
			return err
		}
		userID := code.userID
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
		ev.Details = details(map[string]any{"purpose": code.purpose, "user_id": userID})
		ok = true
		return db.appendAudit(ctx, tx, ev)
	})
	return ok, err
}

// liveCode is an unused, unrevoked, unexpired code with what domain.CodeStillBacked needs
// of the people who issued it.
type liveCode struct {
	id, userID, purpose string
	signers             []domain.TokenSigner
}

// loadCode finds and locks the named enabled user's live code with this hash, with its
// issuer's and approver's current state and admin scopes. Locking re-reads the row's
// conditions after a concurrent use, so a code used meanwhile is not found.
func loadCode(ctx context.Context, tx pgx.Tx, username string, codeHash []byte) (liveCode, bool, error) {
	var c liveCode
	var issued, approved, viaToken bool
	var signers [3]domain.TokenSigner
	var scopes [2][][3]string
	var token domain.Scope
	err := tx.QueryRow(ctx, `SELECT c.id, c.user_id, c.purpose,
			c.issued_by IS NOT NULL, coalesce(iu.disabled, false), `+adminScopesOf("c.issued_by")+`,
			c.approved_by IS NOT NULL, coalesce(au.disabled, false), `+adminScopesOf("c.approved_by")+`,
			t.id IS NOT NULL, coalesce(t.revoked_at IS NOT NULL OR t.expires_at <= now(), false),
			coalesce(t.scope_kind, ''), coalesce(t.country, ''), coalesce(t.facility_id::text, '')
		FROM password_codes c JOIN users u ON u.id = c.user_id
			LEFT JOIN users iu ON iu.id = c.issued_by LEFT JOIN users au ON au.id = c.approved_by
			LEFT JOIN api_tokens t ON t.id = c.issued_via_token
		WHERE u.username = $1 AND c.code_hash = $2 AND NOT u.disabled
			AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()
		FOR UPDATE OF c`, username, codeHash).Scan(&c.id, &c.userID, &c.purpose,
		&issued, &signers[0].Disabled, &scopes[0], &approved, &signers[1].Disabled, &scopes[1],
		&viaToken, &signers[2].Disabled, &token.Kind, &token.Country, &token.FacilityID)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, false, nil
	} else if err != nil {
		return c, false, err
	}
	for i, present := range []bool{issued, approved} {
		if !present {
			continue
		}
		signers[i].AdminScopes = scopesOf(scopes[i])
		c.signers = append(c.signers, signers[i])
	}
	if viaToken {
		// The token reached no further than its own scope when it made the code.
		signers[2].AdminScopes = []domain.Scope{token}
		c.signers = append(c.signers, signers[2])
	}
	return c, true, nil
}

// RecentCodeFailures counts failed set-password attempts since a time, from the audit
// trail: from the address (an IPv6 address by its /64, domain.AddressKey, as sign-in counts),
// and for the name as recorded from that address.
func (db *DB) RecentCodeFailures(ctx context.Context, username, ip string, since time.Time) (byPair, byIP int, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		// The CASE keeps the cast from ever seeing an address column that is not one.
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE object_id = $1), count(*)
			FROM audit_events WHERE action = 'auth.set_password' AND outcome = 'failure' AND at >= $3
				AND CASE WHEN ip ~ '^[0-9A-Fa-f:.]+$' THEN ip::inet <<= $2::inet ELSE false END`,
			username, domain.AddressKey(ip), since).Scan(&byPair, &byIP)
	})
	return byPair, byIP, err
}
