package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// The queue of administrative requests: changes one administrator asked for that a second
// one decides (domain.JudgeAdminAction says which).

// requestFields carries what an action does not: a token's name and expiry.
type requestFields struct {
	TokenName      string
	TokenExpiresAt *time.Time
}

// requestSecond records the change as a pending request instead of making it, and audits
// the request.
func (db *DB) requestSecond(ctx context.Context, tx pgx.Tx, p *domain.Principal, a domain.AdminAction, f requestFields) (*domain.AdminRequest, error) {
	actor := adminActor(p)
	if actor.ID == "" {
		return nil, domain.Internal(nil) // only a person (or their token) asks; the operator never needs to
	}
	var target, membership any
	if a.Target != nil {
		target = a.Target.ID
	}
	if a.MembershipID != "" {
		membership = a.MembershipID
	}
	var role any
	if a.Role != "" {
		role = string(a.Role)
	}
	var kind, country, facility any
	if a.Kind == domain.AdminMembershipCreate || a.Kind == domain.AdminTokenCreate {
		kind, country, facility = scopeArgs(a.Scope)
	}
	var routes any
	if a.Kind == domain.AdminTokenCreate {
		routes = a.Routes
	}
	var displayName any
	if a.Patch.DisplayName != nil {
		displayName = *a.Patch.DisplayName
	}
	var id string
	err := tx.QueryRow(ctx, `INSERT INTO admin_requests (kind, target_user_id, role, scope_kind, country, facility_id, routes,
			membership_id, disable, display_name, token_name, token_expires_at, requested_by, via_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		string(a.Kind), target, role, kind, country, facility, routes, membership, a.Patch.Disabled, displayName,
		nullable(f.TokenName), f.TokenExpiresAt, actor.ID, nullable(p.TokenID)).Scan(&id)
	if err != nil {
		return nil, err
	}
	ev := domain.NewAuditEvent(p, "admin_request.create", "admin_request", id, domain.OutcomeSuccess)
	d := map[string]any{"kind": a.Kind}
	if a.Target != nil {
		d["target_user_id"] = a.Target.ID
	}
	if a.Role != "" {
		d["role"] = a.Role
		d["scope"] = a.Scope.String()
	}
	ev.Details = details(d)
	if err := db.appendAudit(ctx, tx, ev); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, "SELECT "+requestColumns+requestFrom+" WHERE r.id = $1", id)
	if err != nil {
		return nil, err
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanRequest)
	return &r.AdminRequest, err
}

// requestColumns read a request with the facts about its target user, for requestFrom.
const requestColumns = `r.id, r.kind, r.status, coalesce(r.target_user_id::text, ''), coalesce(tu.username, ''),
	coalesce(r.role, ''), coalesce(r.scope_kind, ''), coalesce(r.country, ''), coalesce(r.facility_id::text, ''), coalesce(r.routes, '{}'),
	coalesce(r.membership_id::text, ''), r.disable, r.display_name, coalesce(r.token_name, ''), r.token_expires_at,
	r.requested_by, ru.username, r.requested_at, coalesce(r.decided_by::text, ''), coalesce(du.username, ''), r.decided_at, r.comment,
	coalesce(tu.disabled, false), coalesce(tu.home_scope_kind, ''), coalesce(tu.home_country, ''), coalesce(tu.home_facility_id::text, ''),
	coalesce((SELECT json_agg(json_build_array(m.id, m.role, m.scope_kind, coalesce(m.country, ''), coalesce(m.facility_id::text, ''))
		ORDER BY m.created_at, m.id) FROM memberships m WHERE m.user_id = r.target_user_id), '[]')`

const requestFrom = ` FROM admin_requests r JOIN users ru ON ru.id = r.requested_by
	LEFT JOIN users tu ON tu.id = r.target_user_id LEFT JOIN users du ON du.id = r.decided_by`

// requestRow is a request with the action it asks for, its target's facts filled in.
type requestRow struct {
	domain.AdminRequest
	Action domain.AdminAction
	target domain.AdminTarget
}

func scanRequest(row pgx.CollectableRow) (requestRow, error) {
	var r requestRow
	var ms [][5]string
	var scopeKind string
	q := &r.AdminRequest
	err := row.Scan(&q.ID, &q.Kind, &q.Status, &q.TargetUserID, &q.TargetUsername,
		&q.Role, &scopeKind, &q.Scope.Country, &q.Scope.FacilityID, &q.Routes,
		&q.MembershipID, &q.Patch.Disabled, &q.Patch.DisplayName, &q.TokenName, &q.TokenExpiresAt,
		&q.RequestedBy, &q.RequestedName, &q.RequestedAt, &q.DecidedBy, &q.DecidedName, &q.DecidedAt, &q.Comment,
		&r.target.Disabled, &r.target.HomeScope.Kind, &r.target.HomeScope.Country, &r.target.HomeScope.FacilityID, &ms)
	if err != nil {
		return r, err
	}
	q.Scope.Kind = domain.ScopeKind(scopeKind)
	r.Action = domain.AdminAction{Kind: q.Kind, Role: q.Role, Scope: q.Scope, Routes: q.Routes, MembershipID: q.MembershipID, Patch: q.Patch}
	if q.TargetUserID != "" {
		r.target.ID = q.TargetUserID
		for _, m := range ms {
			r.target.Memberships = append(r.target.Memberships, domain.Membership{ID: m[0], UserID: r.target.ID, Role: domain.Role(m[1]),
				Scope: domain.Scope{Kind: domain.ScopeKind(m[2]), Country: m[3], FacilityID: m[4]}})
		}
		r.Action.Target = &r.target
	}
	if q.Kind == domain.AdminMembershipDelete && q.MembershipID != "" {
		for _, m := range r.target.Memberships {
			if m.ID == q.MembershipID {
				q.Role, q.Scope = m.Role, m.Scope // what is to be removed, for the person deciding
			}
		}
	}
	return r, nil
}

// ListAdminRequests lists the pending requests the caller's scope reaches, read in one
// query with their targets' facts and filtered by the rule (AdminRequestVisible).
func (db *DB) ListAdminRequests(ctx context.Context, p *domain.Principal) ([]domain.AdminRequest, error) {
	viewer := adminActor(p)
	out := []domain.AdminRequest{}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+requestColumns+requestFrom+" WHERE r.status = 'pending' ORDER BY r.requested_at, r.id")
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, scanRequest)
		if err != nil {
			return err
		}
		for _, r := range all {
			if !domain.AdminRequestVisible(viewer, r.Action) {
				continue
			}
			r.CanDecide = domain.JudgeAdminDecision(viewer, r.RequestedBy, r.Status, r.Action, false) == nil
			out = append(out, r.AdminRequest)
		}
		return nil
	})
	return out, err
}

// DecideAdminRequest approves or rejects a pending request. An approval makes the change in
// the same transaction, named in the audit trail as the decider's, with the request and its
// requester in the details; a reset's code and a token's secret go to the decider, never to
// the requester.
func (db *DB) DecideAdminRequest(ctx context.Context, p *domain.Principal, id string, d domain.AdminDecision, s domain.IssuedSecrets) (domain.AdminRequest, domain.AdminOutcome, error) {
	var out domain.AdminRequest
	var res domain.AdminOutcome
	action := d.Action()
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		r, err := lockAdminRequest(ctx, tx, p, action, id)
		if err != nil {
			return err
		}
		decider := adminActor(p)
		if err := domain.JudgeAdminDecision(decider, r.RequestedBy, r.Status, r.Action, d.Approve); err != nil {
			return denyJudged(p, action, "admin_request", id, err)
		}
		if err := d.Validate(); err != nil {
			return err
		}
		if d.Approve {
			if res, err = db.applyRequest(ctx, tx, p, r, s); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE admin_requests SET status = $2, decided_by = $3, decided_at = now(), comment = $4 WHERE id = $1",
			id, d.Verdict(), decider.ID, d.Comment); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, string(action), "admin_request", id, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"kind": r.Kind, "target_user_id": r.TargetUserID, "requested_by": r.RequestedBy})
		if err := db.appendAudit(ctx, tx, ev); err != nil {
			return err
		}
		after, err := loadAdminRequest(ctx, tx, id)
		out = after.AdminRequest
		return err
	})
	return out, res, err
}

// lockAdminRequest locks request id and then its target user (the order every change to a
// user takes), inside tx, and reads the request with its target's facts. A malformed or
// absent id is refused as NotFound, audited as a denied action.
func lockAdminRequest(ctx context.Context, tx pgx.Tx, p *domain.Principal, action domain.AdminActionKind, id string) (requestRow, error) {
	if !validUUID(id) {
		return requestRow{}, deny(p, action, "admin_request", id, "not_found", domain.NotFound("admin request"))
	}
	var target string
	err := tx.QueryRow(ctx, "SELECT coalesce(target_user_id::text, '') FROM admin_requests WHERE id = $1 FOR UPDATE", id).Scan(&target)
	if errors.Is(err, pgx.ErrNoRows) {
		return requestRow{}, deny(p, action, "admin_request", id, "not_found", domain.NotFound("admin request"))
	} else if err != nil {
		return requestRow{}, err
	}
	if target != "" {
		if _, _, err := loadTarget(ctx, tx, target); err != nil {
			return requestRow{}, err
		}
	}
	return loadAdminRequest(ctx, tx, id)
}

// loadAdminRequest reads request id with its target's facts, inside tx.
func loadAdminRequest(ctx context.Context, tx pgx.Tx, id string) (requestRow, error) {
	rows, err := tx.Query(ctx, "SELECT "+requestColumns+requestFrom+" WHERE r.id = $1", id)
	if err != nil {
		return requestRow{}, err
	}
	return pgx.CollectExactlyOneRow(rows, scanRequest)
}

// applyRequest makes an approved request's change.
func (db *DB) applyRequest(ctx context.Context, tx pgx.Tx, p *domain.Principal, r requestRow, s domain.IssuedSecrets) (domain.AdminOutcome, error) {
	var res domain.AdminOutcome
	via := map[string]any{"admin_request_id": r.ID, "requested_by": r.RequestedBy}
	decider := adminActor(p).ID
	switch r.Kind {
	case domain.AdminUserUpdate:
		if err := db.applyUserUpdate(ctx, tx, p, r.TargetUserID, r.Patch, via); err != nil {
			return res, err
		}
		u, err := db.getUser(ctx, tx, r.TargetUserID)
		res.User = &u
		return res, err
	case domain.AdminUserReset:
		if len(s.CodeHash) == 0 {
			return res, domain.Internal(nil)
		}
		c, err := db.applyReset(ctx, tx, p, r.TargetUserID, domain.CodeIssue{Hash: s.CodeHash, ExpiresAt: s.CodeExpiresAt}, r.RequestedBy, decider, via)
		res.Code = &c
		return res, err
	case domain.AdminMembershipCreate:
		m, err := db.applyGrant(ctx, tx, p, domain.Membership{UserID: r.TargetUserID, Role: r.Role, Scope: r.Scope}, via)
		res.Membership = &m
		return res, err
	case domain.AdminMembershipDelete:
		return res, db.applyRevoke(ctx, tx, p, r.target, r.MembershipID, via)
	case domain.AdminTokenCreate:
		if len(s.TokenHash) == 0 || r.TokenExpiresAt == nil {
			return res, domain.Internal(nil)
		}
		t := domain.APIToken{Name: r.TokenName, Role: r.Role, Scope: r.Scope, Routes: r.Routes, ExpiresAt: *r.TokenExpiresAt}
		if !t.ExpiresAt.After(db.now()) {
			return res, domain.Errorf(domain.CodeConflict, "the token would already have expired: ask for a new one")
		}
		t, err := db.insertToken(ctx, tx, p, t, s.TokenHash, r.RequestedBy, decider, via)
		res.Token = &t
		return res, err
	}
	return res, domain.Internal(nil)
}
