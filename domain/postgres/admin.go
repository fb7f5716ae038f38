package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Administration within scope: the facts the rules in domain/admin.go judge, loaded here in
// one query each, and the audit of every refusal.

// adminActor describes the caller as an administrator. An API token acts for its creator.
func adminActor(p *domain.Principal) domain.AdminActor {
	return domain.AdminActorOf(p, p.TokenCreator)
}

// nullable turns "" into SQL NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// adminDenied is a refusal of an administrative request: the transaction is rolled back
// and the attempt is then audited as denied in a transaction of its own (adminTx), so a
// refusal leaves a trace but nothing else.
type adminDenied struct {
	err error // the domain error the caller gets
	ev  domain.AuditEvent
}

// Error is the caller's error; the audit event travels beside it.
func (e *adminDenied) Error() string { return e.err.Error() }

// Unwrap gives the domain error, so the API maps the refusal by its code.
func (e *adminDenied) Unwrap() error { return e.err }

// deny wraps a refusal with its audit event. reason is for auditors only: not_found (no such
// record), out_of_scope (it exists, out of reach), or the rule that refused.
func deny(p *domain.Principal, action domain.AdminActionKind, objectType, objectID, reason string, err error) error {
	ev := domain.NewAuditEvent(p, string(action), objectType, objectID, domain.OutcomeDenied)
	ev.Details = details(map[string]any{"reason": reason, "code": string(domain.ErrorCode(err))})
	return &adminDenied{err: err, ev: ev}
}

// denyJudged audits a refusal of the rules; a conflict (a membership already held, a
// request decided meanwhile) is the state of things, not a denial, and is returned as is.
func denyJudged(p *domain.Principal, action domain.AdminActionKind, objectType, objectID string, err error) error {
	switch domain.ErrorCode(err) {
	case domain.CodeNotFound:
		return deny(p, action, objectType, objectID, "out_of_scope", err)
	case domain.CodeForbidden, domain.CodeInvalid:
		return deny(p, action, objectType, objectID, "refused", err)
	}
	return err
}

// adminTx is db.tx for administrative methods: a refusal (adminDenied) is audited after the
// rollback; the audit failing fails the request, so no refusal goes unrecorded.
func (db *DB) adminTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	err := db.tx(ctx, fn)
	var d *adminDenied
	if errors.As(err, &d) {
		if aerr := db.Audit(context.WithoutCancel(ctx), d.ev); aerr != nil {
			return translate(aerr)
		}
		return d.err
	}
	return err
}

// targetColumns read a user as an AdminTarget (with username), for "FROM users u".
const targetColumns = `u.id, u.username, u.disabled, u.home_scope_kind, coalesce(u.home_country, ''), coalesce(u.home_facility_id::text, ''),
	coalesce((SELECT json_agg(json_build_array(m.id, m.role, m.scope_kind, coalesce(m.country, ''), coalesce(m.facility_id::text, ''))
		ORDER BY m.created_at, m.id) FROM memberships m WHERE m.user_id = u.id), '[]')`

type targetRow struct {
	domain.AdminTarget
	Username string
}

func scanTarget(row pgx.Row) (targetRow, error) {
	var t targetRow
	var ms [][5]string
	err := row.Scan(&t.ID, &t.Username, &t.Disabled, &t.HomeScope.Kind, &t.HomeScope.Country, &t.HomeScope.FacilityID, &ms)
	for _, m := range ms {
		t.Memberships = append(t.Memberships, domain.Membership{ID: m[0], UserID: t.ID, Role: domain.Role(m[1]),
			Scope: domain.Scope{Kind: domain.ScopeKind(m[2]), Country: m[3], FacilityID: m[4]}})
	}
	return t, err
}

// loadTarget reads the facts about a user an administrator acts on, in one statement,
// locking the user's row so two administrators' changes to one person happen one after
// the other. found is false for an unknown id.
func loadTarget(ctx context.Context, tx pgx.Tx, id string) (t targetRow, found bool, err error) {
	if !validUUID(id) {
		return t, false, nil
	}
	t, err = scanTarget(tx.QueryRow(ctx, "SELECT "+targetColumns+" FROM users u WHERE u.id = $1 FOR UPDATE OF u", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

// targetFor loads the user an administrative change is about, and refuses (audited, as
// NotFound) when there is no such user.
func targetFor(ctx context.Context, tx pgx.Tx, p *domain.Principal, action domain.AdminActionKind, id string) (targetRow, error) {
	t, found, err := loadTarget(ctx, tx, id)
	if err != nil {
		return t, err
	}
	if !found {
		return t, deny(p, action, "user", id, "not_found", domain.NotFound("user"))
	}
	return t, nil
}

// resolveScope checks that a scope names things that exist and fills in a facility's
// country, so the rules see where the facility is. Problems are reported on the request's
// scope fields.
func resolveScope(ctx context.Context, tx pgx.Tx, s domain.Scope) (domain.Scope, error) {
	switch s.Kind {
	case domain.ScopeFacility:
		if !validUUID(s.FacilityID) {
			return s, domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "unknown_reference", Detail: "no such facility"})
		}
		var retired bool
		err := tx.QueryRow(ctx, "SELECT country, retired_at IS NOT NULL FROM facilities WHERE id = $1", s.FacilityID).Scan(&s.Country, &retired)
		if errors.Is(err, pgx.ErrNoRows) {
			return s, domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "unknown_reference", Detail: "no such facility"})
		}
		if err == nil && retired {
			// A retired facility takes no new person, membership or token.
			return s, domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "retired", Detail: "this facility is retired"})
		}
		return s, err
	case domain.ScopeCountry:
		s.FacilityID = ""
		return s, requireCountry(ctx, tx, s.Country)
	case domain.ScopeGlobal, "":
		return domain.Scope{Kind: domain.ScopeGlobal}, nil
	}
	return s, domain.Invalid(domain.FieldProblem{Field: "scope_kind", Reason: "oneof", Detail: "global, country or facility"})
}

// scopeArgs renders a scope as the (kind, country, facility) columns.
func scopeArgs(s domain.Scope) (kind string, country, facility any) {
	kind = string(s.Kind)
	if kind == "" {
		kind = string(domain.ScopeGlobal)
	}
	return kind, nullable(s.Country), nullable(s.FacilityID)
}

// requireGlobal refuses (audited) a change to a shared catalogue by anyone but a global
// administrator (domain.JudgeGlobalChange).
func requireGlobal(p *domain.Principal, action, objectType, objectID string, existing bool) error {
	if err := domain.JudgeGlobalChange(adminActor(p), existing, strings.ReplaceAll(objectType, "_", " ")); err != nil {
		return denyJudged(p, domain.AdminActionKind(action), objectType, objectID, err)
	}
	return nil
}
