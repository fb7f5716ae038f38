package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const userColumns = `u.id, u.username, u.display_name, u.disabled, u.totp_enabled, u.created_at, coalesce(u.language, '')`

// unusablePassword is stored for a user who has not set a password yet, or whose password
// was reset: no argon2id hash looks like it, so no password matches it.
const unusablePassword = "!"

func scanUser(row pgx.Row, u *domain.User) error {
	return row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Disabled, &u.TOTPEnabled, &u.CreatedAt, &u.Language)
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

// CreateUser creates a user placed in n's home scope, which the caller's admin scope must
// cover (refusals audited), in a transaction of its own.
func (db *DB) CreateUser(ctx context.Context, p *domain.Principal, n domain.NewUser) (domain.User, error) {
	var u domain.User
	err := db.adminTx(ctx, func(tx pgx.Tx) (err error) {
		u, err = db.createUser(ctx, tx, p, n)
		return err
	})
	return u, err
}

// CreateUserWithMembership creates a user and their first membership in one transaction, so
// that a refused membership (an unknown facility, a scope the caller does not cover) leaves
// no user behind who can sign in but do nothing. It is the operator's (command
// line, seeding): an administrator creates a user and then grants through the four-eyes rules.
func (db *DB) CreateUserWithMembership(ctx context.Context, p *domain.Principal, n domain.NewUser, m domain.Membership) (domain.User, domain.Membership, error) {
	var u domain.User
	if !p.Operator() {
		return u, m, domain.Errorf(domain.CodeForbidden, "only the operator creates users with a membership at once")
	}
	err := db.adminTx(ctx, func(tx pgx.Tx) (err error) {
		if n.HomeScope.Kind == "" {
			n.HomeScope = m.Scope
		}
		if u, err = db.createUser(ctx, tx, p, n); err != nil {
			return err
		}
		m.UserID = u.ID
		var req *domain.AdminRequest
		m, req, err = db.grantMembership(ctx, tx, p, m)
		if err == nil && req != nil {
			err = domain.Internal(nil) // the operator is never asked for a second administrator
		}
		return err
	})
	return u, m, err
}

func (db *DB) createUser(ctx context.Context, tx pgx.Tx, p *domain.Principal, n domain.NewUser) (domain.User, error) {
	var u domain.User
	home, err := resolveScope(ctx, tx, n.HomeScope)
	if err != nil {
		return u, err
	}
	actor := adminActor(p)
	if _, err := domain.JudgeAdminAction(actor, domain.AdminAction{Kind: domain.AdminUserCreate, Scope: home}); err != nil {
		return u, denyJudged(p, domain.AdminUserCreate, "user", n.Username, err)
	}
	var taken bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)", n.Username).Scan(&taken); err != nil {
		return u, err
	}
	if taken {
		return u, domain.Invalid(domain.FieldProblem{Field: "username", Reason: "taken", Detail: "this username is already in use"})
	}
	hash := n.PasswordHash
	if hash == "" {
		hash = unusablePassword
	}
	kind, country, facility := scopeArgs(home)
	err = tx.QueryRow(ctx, `INSERT INTO users AS u (username, display_name, password_hash, home_scope_kind, home_country, home_facility_id)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+userColumns, n.Username, n.DisplayName, hash, kind, country, facility).
		Scan(&u.ID, &u.Username, &u.DisplayName, &u.Disabled, &u.TOTPEnabled, &u.CreatedAt, &u.Language)
	if err != nil {
		return u, err
	}
	if n.SetupCode != nil {
		if err := insertCode(ctx, tx, p, u.ID, "setup", *n.SetupCode, actor.ID, ""); err != nil {
			return u, err
		}
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminUserCreate), "user", u.ID, domain.OutcomeSuccess)
	ev.Details = details(map[string]any{"username": u.Username, "home_scope": home.String(), "setup_code": n.SetupCode != nil})
	return u, db.appendAudit(ctx, tx, ev)
}

// insertCode stores a one-time set-password code (its hash), revoking any earlier one the
// user has not used: only the latest code works. A code made through an API token names the
// token (p.TokenID), whose scope backs the code as its issuer's reach does.
func insertCode(ctx context.Context, tx pgx.Tx, p *domain.Principal, userID, purpose string, c domain.CodeIssue, issuedBy, approvedBy string) error {
	if _, err := tx.Exec(ctx, "UPDATE password_codes SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL", userID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO password_codes (user_id, code_hash, purpose, issued_by, approved_by, expires_at, issued_via_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, userID, c.Hash, purpose, nullable(issuedBy), nullable(approvedBy), c.ExpiresAt, nullable(p.TokenID))
	return err
}

// ListUsers lists the users the caller's admin scopes reach. Which users that is, is the
// rule's (AdminActor.CoversUser), so every user is read with their placement in one query
// and the rule filters them.
func (db *DB) ListUsers(ctx context.Context, p *domain.Principal) ([]domain.User, error) {
	actor := adminActor(p)
	var out []domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+targetColumns+", u.display_name, u.totp_enabled, u.created_at FROM users u ORDER BY u.username")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u domain.User
			var ms [][5]string
			var t domain.AdminTarget
			if err := rows.Scan(&u.ID, &u.Username, &u.Disabled, &t.HomeScope.Kind, &t.HomeScope.Country, &t.HomeScope.FacilityID, &ms,
				&u.DisplayName, &u.TOTPEnabled, &u.CreatedAt); err != nil {
				return err
			}
			for _, m := range ms {
				u.Memberships = append(u.Memberships, domain.Membership{ID: m[0], UserID: u.ID, Role: domain.Role(m[1]),
					Scope: domain.Scope{Kind: domain.ScopeKind(m[2]), Country: m[3], FacilityID: m[4]}})
			}
			t.ID, t.Disabled, t.Memberships = u.ID, u.Disabled, u.Memberships
			if actor.CoversUser(t) {
				out = append(out, u)
			}
		}
		return rows.Err()
	})
	return out, err
}

func (db *DB) getUser(ctx context.Context, tx pgx.Tx, id string) (domain.User, error) {
	var u domain.User
	if !validUUID(id) {
		return u, domain.NotFound("user")
	}
	if err := scanUser(tx.QueryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = $1", id), &u); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
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

// GetUser reads the caller themselves, or a user their admin scopes reach, with their
// memberships. NotFound for anyone else, as for a user who does not exist.
func (db *DB) GetUser(ctx context.Context, p *domain.Principal, id string) (domain.User, error) {
	var u domain.User
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		if id != p.UserID || p.TokenID != "" {
			t, found, err := loadTarget(ctx, tx, id)
			if err != nil {
				return err
			}
			if !found || !adminActor(p).CoversUser(t.AdminTarget) {
				return domain.NotFound("user")
			}
		}
		u, err = db.getUser(ctx, tx, id)
		return err
	})
	return u, err
}

// UpdateUser changes a user's display name or disabled flag (disabling ends their sessions
// at once). domain.JudgeAdminAction decides: refused (audited), done, or, when the change
// needs a second administrator, not done and the request for one returned instead.
func (db *DB) UpdateUser(ctx context.Context, p *domain.Principal, id string, patch domain.UserPatch) (domain.User, *domain.AdminRequest, error) {
	var u domain.User
	var req *domain.AdminRequest
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		t, err := targetFor(ctx, tx, p, domain.AdminUserUpdate, id)
		if err != nil {
			return err
		}
		a := domain.AdminAction{Kind: domain.AdminUserUpdate, Target: &t.AdminTarget, Patch: patch}
		verdict, err := domain.JudgeAdminAction(adminActor(p), a)
		if err != nil {
			return denyJudged(p, a.Kind, "user", id, err)
		}
		if verdict == domain.AdminAskSecond {
			req, err = db.requestSecond(ctx, tx, p, a, requestFields{})
			return err
		}
		if err := db.applyUserUpdate(ctx, tx, p, id, patch, nil); err != nil {
			return err
		}
		u, err = db.getUser(ctx, tx, id)
		return err
	})
	return u, req, err
}

// applyUserUpdate makes the change and audits it; via names the approved request, if any.
func (db *DB) applyUserUpdate(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string, patch domain.UserPatch, via map[string]any) error {
	changed := []string{}
	if patch.DisplayName != nil {
		changed = append(changed, "display_name")
		if _, err := tx.Exec(ctx, "UPDATE users SET display_name = $2 WHERE id = $1", id, *patch.DisplayName); err != nil {
			return err
		}
	}
	if patch.Disabled != nil {
		changed = append(changed, "disabled")
		if _, err := tx.Exec(ctx, "UPDATE users SET disabled = $2 WHERE id = $1", id, *patch.Disabled); err != nil {
			return err
		}
		// A disabled user's sessions end now (their tokens stop on their next use).
		if *patch.Disabled {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = $1", id); err != nil {
				return err
			}
		}
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminUserUpdate), "user", id, domain.OutcomeSuccess)
	d := map[string]any{"changed": changed}
	if patch.Disabled != nil {
		d["disabled"] = *patch.Disabled
	}
	for k, v := range via {
		d[k] = v
	}
	ev.Details = details(d)
	return db.appendAudit(ctx, tx, ev)
}

// ResetPassword makes the user's password unusable, ends their sessions, revokes the API
// tokens they created and stores the one-time code they set a new password with. When the
// reset needs a second administrator it is not done: the request for one is returned.
func (db *DB) ResetPassword(ctx context.Context, p *domain.Principal, id string, code domain.CodeIssue) (domain.PasswordCode, *domain.AdminRequest, error) {
	var out domain.PasswordCode
	var req *domain.AdminRequest
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		t, err := targetFor(ctx, tx, p, domain.AdminUserReset, id)
		if err != nil {
			return err
		}
		a := domain.AdminAction{Kind: domain.AdminUserReset, Target: &t.AdminTarget}
		actor := adminActor(p)
		verdict, err := domain.JudgeAdminAction(actor, a)
		if err != nil {
			return denyJudged(p, a.Kind, "user", id, err)
		}
		if verdict == domain.AdminAskSecond {
			req, err = db.requestSecond(ctx, tx, p, a, requestFields{})
			return err
		}
		out, err = db.applyReset(ctx, tx, p, id, code, actor.ID, "", nil)
		return err
	})
	return out, req, err
}

// applyReset makes the user's password unusable, ends their sessions, revokes the API
// tokens they created (a reset is what one does when an account may be in someone else's
// hands) and stores the one-time code with which they set a new password.
func (db *DB) applyReset(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string, code domain.CodeIssue, issuedBy, approvedBy string, via map[string]any) (domain.PasswordCode, error) {
	out := domain.PasswordCode{UserID: id, Purpose: "reset", ExpiresAt: code.ExpiresAt}
	if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = $2 WHERE id = $1", id, unusablePassword); err != nil {
		return out, err
	}
	sessions, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = $1", id)
	if err != nil {
		return out, err
	}
	tokens, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL", id)
	if err != nil {
		return out, err
	}
	if err := insertCode(ctx, tx, p, id, "reset", code, issuedBy, approvedBy); err != nil {
		return out, err
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminUserReset), "user", id, domain.OutcomeSuccess)
	d := map[string]any{"sessions_ended": sessions.RowsAffected(), "tokens_revoked": tokens.RowsAffected(),
		"code_expires_at": code.ExpiresAt.UTC()}
	for k, v := range via {
		d[k] = v
	}
	ev.Details = details(d)
	return out, db.appendAudit(ctx, tx, ev)
}

// AddMembership grants a membership for the operator (command line, seeding, tests).
func (db *DB) AddMembership(ctx context.Context, p *domain.Principal, m domain.Membership) (domain.Membership, error) {
	if !p.Operator() {
		return m, domain.Errorf(domain.CodeForbidden, "only the operator grants memberships without the four-eyes rules")
	}
	err := db.adminTx(ctx, func(tx pgx.Tx) (err error) {
		m, _, err = db.grantMembership(ctx, tx, p, m)
		return err
	})
	return m, err
}

// GrantMembership gives a user a role in a scope. domain.JudgeAdminAction decides: refused
// (audited), granted, or, when it needs a second administrator, not granted and the request
// for one returned instead.
func (db *DB) GrantMembership(ctx context.Context, p *domain.Principal, m domain.Membership) (domain.Membership, *domain.AdminRequest, error) {
	var req *domain.AdminRequest
	err := db.adminTx(ctx, func(tx pgx.Tx) (err error) {
		m, req, err = db.grantMembership(ctx, tx, p, m)
		return err
	})
	return m, req, err
}

func (db *DB) grantMembership(ctx context.Context, tx pgx.Tx, p *domain.Principal, m domain.Membership) (domain.Membership, *domain.AdminRequest, error) {
	t, err := targetFor(ctx, tx, p, domain.AdminMembershipCreate, m.UserID)
	if err != nil {
		return m, nil, err
	}
	// The facility decides the country; a client cannot pair a facility with another country.
	if m.Scope, err = resolveScope(ctx, tx, m.Scope); err != nil {
		return m, nil, err
	}
	a := domain.AdminAction{Kind: domain.AdminMembershipCreate, Target: &t.AdminTarget, Role: m.Role, Scope: m.Scope}
	verdict, err := domain.JudgeAdminAction(adminActor(p), a)
	if err != nil {
		return m, nil, denyJudged(p, a.Kind, "user", m.UserID, err)
	}
	if verdict == domain.AdminAskSecond {
		req, err := db.requestSecond(ctx, tx, p, a, requestFields{})
		return m, req, err
	}
	m, err = db.applyGrant(ctx, tx, p, m, nil)
	return m, nil, err
}

func (db *DB) applyGrant(ctx context.Context, tx pgx.Tx, p *domain.Principal, m domain.Membership, via map[string]any) (domain.Membership, error) {
	kind, country, facility := scopeArgs(m.Scope)
	err := tx.QueryRow(ctx, `INSERT INTO memberships (user_id, role, scope_kind, country, facility_id)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, m.UserID, m.Role, kind, country, facility).Scan(&m.ID)
	if err != nil {
		return m, err
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminMembershipCreate), "user", m.UserID, domain.OutcomeSuccess)
	d := map[string]any{"membership_id": m.ID, "role": m.Role, "scope": m.Scope.String()}
	for k, v := range via {
		d[k] = v
	}
	ev.Details = details(d)
	return m, db.appendAudit(ctx, tx, ev)
}

// RemoveMembership removes one of a user's memberships; a user left with none stays placed
// where it was, so the administrators who managed them still do. When the removal needs a
// second administrator it is not done: the request for one is returned.
func (db *DB) RemoveMembership(ctx context.Context, p *domain.Principal, userID, membershipID string) (*domain.AdminRequest, error) {
	var req *domain.AdminRequest
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		t, err := targetFor(ctx, tx, p, domain.AdminMembershipDelete, userID)
		if err != nil {
			return err
		}
		a := domain.AdminAction{Kind: domain.AdminMembershipDelete, Target: &t.AdminTarget, MembershipID: membershipID}
		verdict, err := domain.JudgeAdminAction(adminActor(p), a)
		if err != nil {
			return denyJudged(p, a.Kind, "user", userID, err)
		}
		if verdict == domain.AdminAskSecond {
			req, err = db.requestSecond(ctx, tx, p, a, requestFields{})
			return err
		}
		return db.applyRevoke(ctx, tx, p, t.AdminTarget, membershipID, nil)
	})
	return req, err
}

// applyRevoke removes a membership. A user left with none stays placed where that
// membership was (their home scope), so the administrators who managed them still do.
func (db *DB) applyRevoke(ctx context.Context, tx pgx.Tx, p *domain.Principal, t domain.AdminTarget, membershipID string, via map[string]any) error {
	var m domain.Membership
	for _, x := range t.Memberships {
		if x.ID == membershipID {
			m = x
		}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM memberships WHERE id = $1 AND user_id = $2", membershipID, t.ID); err != nil {
		return err
	}
	if len(t.Memberships) == 1 {
		kind, country, facility := scopeArgs(m.Scope)
		if _, err := tx.Exec(ctx, "UPDATE users SET home_scope_kind = $2, home_country = $3, home_facility_id = $4 WHERE id = $1",
			t.ID, kind, country, facility); err != nil {
			return err
		}
	}
	ev := domain.NewAuditEvent(p, string(domain.AdminMembershipDelete), "user", t.ID, domain.OutcomeSuccess)
	d := map[string]any{"membership_id": membershipID, "role": m.Role, "scope": m.Scope.String()}
	for k, v := range via {
		d[k] = v
	}
	ev.Details = details(d)
	return db.appendAudit(ctx, tx, ev)
}
