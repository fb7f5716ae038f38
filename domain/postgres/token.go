package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// API tokens for machine clients. A token is only as good as the rights of the people who
// issued it: every use re-reads them (domain.TokenStillBacked).

// adminScopesOf is, as one JSON column, the admin scopes the user in the column user holds
// now: what a token or a set-password code is checked against at every use (scopesOf reads it).
func adminScopesOf(user string) string {
	return `coalesce((SELECT json_agg(json_build_array(m.scope_kind, coalesce(m.country, ''), coalesce(m.facility_id::text, '')))
		FROM memberships m WHERE m.user_id = ` + user + ` AND m.role = 'admin'), '[]')`
}

// scopesOf reads an adminScopesOf column.
func scopesOf(rows [][3]string) []domain.Scope {
	var out []domain.Scope
	for _, r := range rows {
		out = append(out, domain.Scope{Kind: domain.ScopeKind(r[0]), Country: r[1], FacilityID: r[2]})
	}
	return out
}

// tokenColumns read a token with its issuers' current facts, for "FROM api_tokens t".
var tokenColumns = `t.id, t.name, t.role, t.scope_kind, coalesce(t.country, ''), coalesce(t.facility_id::text, ''), t.routes,
	t.created_by, cu.username, coalesce(t.approved_by::text, ''), coalesce(au.username, ''),
	t.created_at, t.expires_at, t.revoked_at, t.last_used_at, t.expires_at > now(),
	cu.disabled, ` + adminScopesOf("t.created_by") + `,
	coalesce(au.disabled, false), ` + adminScopesOf("t.approved_by")

const tokenFrom = ` FROM api_tokens t JOIN users cu ON cu.id = t.created_by LEFT JOIN users au ON au.id = t.approved_by`

func scanToken(row pgx.Row) (domain.APIToken, error) {
	var t domain.APIToken
	var unexpired bool
	var creator, approver domain.TokenSigner
	var cs, as [][3]string
	err := row.Scan(&t.ID, &t.Name, &t.Role, &t.Scope.Kind, &t.Scope.Country, &t.Scope.FacilityID, &t.Routes,
		&t.CreatedBy, &t.CreatedByName, &t.ApprovedBy, &t.ApprovedByName,
		&t.CreatedAt, &t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt, &unexpired,
		&creator.Disabled, &cs, &approver.Disabled, &as)
	if err != nil {
		return t, err
	}
	creator.AdminScopes, approver.AdminScopes = scopesOf(cs), scopesOf(as)
	signers := []domain.TokenSigner{creator}
	if t.ApprovedBy != "" {
		signers = append(signers, approver)
	}
	t.Active = t.RevokedAt == nil && unexpired && domain.TokenStillBacked(t.Scope, signers...)
	return t, nil
}

// TokenPrincipal resolves an API token. The token's own role and scope are its only
// membership; its creator's memberships do not leak into it, but are read at every use, so
// that a token dies with its issuers' rights.
func (db *DB) TokenPrincipal(ctx context.Context, tokenHash []byte) (*domain.Principal, error) {
	t, err := scanToken(db.pool.QueryRow(ctx, "SELECT "+tokenColumns+tokenFrom+" WHERE t.token_hash = $1", tokenHash))
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !t.Active) {
		return nil, domain.Errorf(domain.CodeUnauthenticated, "the API token is unknown, expired or revoked")
	} else if err != nil {
		return nil, translate(err)
	}
	// The last use, to within a minute: not a write per request.
	if t.LastUsedAt == nil || db.now().Sub(*t.LastUsedAt) >= domain.TokenLastUseGranularity {
		if _, err := db.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE id = $1
			AND (last_used_at IS NULL OR last_used_at < now() - $2 * interval '1 second')`, t.ID, int(domain.TokenLastUseGranularity.Seconds())); err != nil {
			return nil, translate(err)
		}
	}
	p := &domain.Principal{UserID: t.ID, Username: "token:" + t.Name, TokenID: t.ID, TokenRoutes: t.Routes, TokenCreator: t.CreatedBy,
		Memberships: []domain.Membership{{ID: t.ID, UserID: t.ID, Role: t.Role, Scope: t.Scope}}}
	return p, nil
}

// CreateToken issues an API token (only its hash is stored) in a scope the caller's admin
// scopes cover (domain.JudgeAdminAction; refusals audited). When the token's role or routes
// need a second administrator, no token is made: the request for one is returned instead.
func (db *DB) CreateToken(ctx context.Context, p *domain.Principal, t domain.APIToken, tokenHash []byte) (domain.APIToken, *domain.AdminRequest, error) {
	var req *domain.AdminRequest
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		var err error
		if t.Scope, err = resolveScope(ctx, tx, t.Scope); err != nil {
			return err
		}
		a := domain.AdminAction{Kind: domain.AdminTokenCreate, Role: t.Role, Scope: t.Scope, Routes: t.Routes}
		actor := adminActor(p)
		verdict, err := domain.JudgeAdminAction(actor, a)
		if err != nil {
			return denyJudged(p, a.Kind, "api_token", "", err)
		}
		if verdict == domain.AdminAskSecond {
			expires := t.ExpiresAt
			req, err = db.requestSecond(ctx, tx, p, a, requestFields{TokenName: t.Name, TokenExpiresAt: &expires})
			return err
		}
		t, err = db.insertToken(ctx, tx, p, t, tokenHash, actor.ID, "", nil)
		return err
	})
	return t, req, err
}

// insertToken stores a token (its hash) issued by createdBy, and approved by approvedBy
// when it needed a second administrator.
func (db *DB) insertToken(ctx context.Context, tx pgx.Tx, p *domain.Principal, t domain.APIToken, tokenHash []byte, createdBy, approvedBy string, via map[string]any) (domain.APIToken, error) {
	kind, country, facility := scopeArgs(t.Scope)
	t.CreatedBy, t.ApprovedBy = createdBy, approvedBy
	err := tx.QueryRow(ctx, `INSERT INTO api_tokens (name, token_hash, role, scope_kind, country, facility_id, routes, created_by, approved_by, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at`,
		t.Name, tokenHash, t.Role, kind, country, facility, t.Routes, createdBy, nullable(approvedBy), t.ExpiresAt).Scan(&t.ID, &t.CreatedAt)
	if err != nil {
		return t, err
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminTokenCreate), "api_token", t.ID, domain.OutcomeSuccess)
	d := map[string]any{"name": t.Name, "role": t.Role, "scope": t.Scope.String(), "routes": t.Routes, "expires_at": t.ExpiresAt.UTC()}
	for k, v := range via {
		d[k] = v
	}
	ev.Details = details(d)
	if err := db.appendAudit(ctx, tx, ev); err != nil {
		return t, err
	}
	return scanToken(tx.QueryRow(ctx, "SELECT "+tokenColumns+tokenFrom+" WHERE t.id = $1", t.ID))
}

// ListTokens lists the tokens whose scope the caller's admin scopes reach, newest first,
// with whether each works now. Never a secret: the database holds none.
func (db *DB) ListTokens(ctx context.Context, p *domain.Principal) ([]domain.APIToken, error) {
	actor := adminActor(p)
	out := []domain.APIToken{}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+tokenColumns+tokenFrom+" ORDER BY t.created_at DESC, t.id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			if actor.CoversScope(t.Scope) {
				out = append(out, t)
			}
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken revokes a token whose scope the caller's admin scopes reach; revoking twice
// keeps the first date. NotFound, audited, for an unknown token and for one out of reach
// alike.
func (db *DB) RevokeToken(ctx context.Context, p *domain.Principal, id string) error {
	return db.adminTx(ctx, func(tx pgx.Tx) error {
		const action = domain.AdminActionKind("token.revoke")
		if !validUUID(id) {
			return deny(p, action, "api_token", id, "not_found", domain.NotFound("token"))
		}
		var s domain.Scope
		err := tx.QueryRow(ctx, `SELECT scope_kind, coalesce(country, ''), coalesce(facility_id::text, '') FROM api_tokens WHERE id = $1 FOR UPDATE`, id).
			Scan(&s.Kind, &s.Country, &s.FacilityID)
		if errors.Is(err, pgx.ErrNoRows) {
			return deny(p, action, "api_token", id, "not_found", domain.NotFound("token"))
		} else if err != nil {
			return err
		}
		if !adminActor(p).CoversScope(s) {
			return deny(p, action, "api_token", id, "out_of_scope", domain.NotFound("token"))
		}
		if _, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1", id); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, string(action), "api_token", id, domain.OutcomeSuccess))
	})
}
