package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// caseScope renders which cases the principal may see, as a SQL condition over the cases
// table aliased c, appending arguments to args. Practitioners see the cases whose team they
// are on (within their scopes); supervisors every case in their scopes; every other role,
// none. A case outside this condition does not exist for the caller.
func caseScope(p *domain.Principal, args *[]any) string {
	return caseScopeOn(p, "c", args)
}

// caseScopeOn is caseScope for the cases table under alias (another case than the one read).
func caseScopeOn(p *domain.Principal, alias string, args *[]any) string {
	var parts []string
	if len(p.Scopes(domain.RoleSupervisor)) > 0 {
		parts = append(parts, scopeFilter(p, domain.RoleSupervisor, alias+".country", alias+".facility_id", args))
	}
	if len(p.Scopes(domain.RolePractitioner)) > 0 {
		*args = append(*args, p.UserID)
		team := "EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = " + alias + ".id AND t.user_id = $" + strconv.Itoa(len(*args)) + ")"
		parts = append(parts, "("+team+" AND "+scopeFilter(p, domain.RolePractitioner, alias+".country", alias+".facility_id", args)+")")
	}
	switch len(parts) {
	case 0:
		return "false"
	case 1:
		return parts[0]
	}
	return "(" + parts[0] + " OR " + parts[1] + ")"
}

// caseRef is what a store needs to know about a case it is about to read or write.
type caseRef struct {
	ID         string
	Country    string
	FacilityID string
	Phase      domain.Phase
	Version    int
	Track      domain.Track
	BirthYear  int       // the participant's, for the identifier screen of the case's free texts
	OpenedOn   time.Time // the intake: no record of the case is dated before it
}

// lockCase finds a case the principal may see, locking its row for the rest of the
// transaction so concurrent writes to one case queue up instead of racing. NotFound when
// absent or out of scope: the two must be indistinguishable.
func lockCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID string) (caseRef, error) {
	return findCase(ctx, tx, p, caseID, true)
}

// visibleCase is lockCase without the lock, for reads.
func visibleCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID string) (caseRef, error) {
	return findCase(ctx, tx, p, caseID, false)
}

func findCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID string, lock bool) (caseRef, error) {
	var r caseRef
	if !validUUID(caseID) {
		return r, domain.NotFound("case")
	}
	args := []any{caseID}
	q := "SELECT c.id, c.country, c.facility_id, c.phase, c.version, c.track, c.opened_on, " +
		"(SELECT pt.birth_year FROM participants pt WHERE pt.id = c.participant_id) FROM cases c WHERE c.id = $1 AND " + caseScope(p, &args)
	if lock {
		q += " FOR UPDATE OF c"
	}
	err := tx.QueryRow(ctx, q, args...).Scan(&r.ID, &r.Country, &r.FacilityID, &r.Phase, &r.Version, &r.Track, &r.OpenedOn, &r.BirthYear)
	if err == nil {
		reached(ctx, r.ID)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1)", caseID).Scan(&exists); err != nil {
			return r, err
		}
		return r, &caseDenied{err: domain.NotFound("case"), p: p, caseID: caseID, exists: exists, write: lock}
	}
	return r, err
}

// caseDenied is the NotFound of a case the caller asked for by id and may not see (or that
// does not exist). To the caller it is the plain NotFound (it unwraps to it, so the answer is
// the same 404 either way); db.tx, seeing it after the rollback, records the attempt in the
// audit trail as denied, in a transaction of its own.
type caseDenied struct {
	err    *domain.Error
	p      *domain.Principal
	caseID string
	exists bool // for the auditor only: out of scope, rather than no such case
	write  bool
}

// Error is the plain NotFound the caller sees.
func (e *caseDenied) Error() string { return e.err.Error() }

// Unwrap gives the NotFound, so the API answers 404 like any missing record.
func (e *caseDenied) Unwrap() error { return e.err }

// auditDenied writes the denied attempt; a failure to write it is returned so the request
// fails rather than leaving an access attempt unrecorded.
func (db *DB) auditDenied(ctx context.Context, d *caseDenied) error {
	ev := domain.NewAuditEvent(d.p, "case.access", "case", d.caseID, domain.OutcomeDenied)
	reason := "not_found"
	if d.exists {
		reason = "out_of_scope"
	}
	ev.Details = details(map[string]any{"reason": reason, "write": d.write})
	return db.Audit(ctx, ev)
}

// refusal is a refused request that must stay in the audit trail although the transaction
// that refused it rolls back (a supervisor deciding their own request, a plan submitted on a
// case out of scope): db.tx, seeing it after the rollback, writes its event in a transaction
// of its own. To the caller it is the plain error it wraps.
type refusal struct {
	err error
	ev  domain.AuditEvent
}

// Error is the refusal as the caller sees it.
func (e *refusal) Error() string { return e.err.Error() }

// Unwrap gives the domain error, so the API maps the refusal by its code.
func (e *refusal) Unwrap() error { return e.err }

// refuse wraps err so the refusal is audited as a denied action on the case (or, for a record
// that names no case the caller may know of, on the record itself).
func refuse(p *domain.Principal, action, objectType, objectID string, err error, kv map[string]any) error {
	ev := domain.NewAuditEvent(p, action, objectType, objectID, domain.OutcomeDenied)
	ev.Details = details(kv)
	return &refusal{err: err, ev: ev}
}

// caseEvent is one line on a case's timeline: what it says (kind, params and English
// summary, made by a domain.Event… constructor) and where it belongs.
type caseEvent struct {
	domain.TimelineEvent
	CaseID     string
	OccurredOn any // a time.Time date, or nil for today
	RefID      string
	Practices  []string // nil: looked up from record_kind_practices for Kind's record kind
	RecordKind string   // when set and Practices is nil, practices come from record_kind_practices
}

// addCaseEvent writes a timeline entry and bumps the case's version (its ETag), inside tx,
// in one statement: every case write calls it, so it looks up the record kind's practices
// and touches both tables in a single round trip.
func addCaseEvent(ctx context.Context, tx pgx.Tx, p *domain.Principal, e caseEvent) error {
	var actor any
	if p != nil && p.UserID != "" && p.TokenID == "" {
		actor = p.UserID
	}
	_, err := tx.Exec(ctx, `WITH ev AS (
			INSERT INTO case_events (case_id, occurred_on, kind, ref_id, summary, practices, actor_id, params)
			VALUES ($1, coalesce($2::date, current_date), $3, $4, $5,
				coalesce($6::text[], (SELECT coalesce(array_agg(practice_code ORDER BY practice_code), '{}')
					FROM record_kind_practices WHERE kind = $7)), $8, $9))
		UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1`,
		e.CaseID, e.OccurredOn, e.Kind, e.RefID, e.Summary, e.Practices, e.RecordKind, actor, eventParams(e.Params))
	return err
}

// eventParams is a timeline entry's params as written: an object, never JSON null.
func eventParams(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// auditCase writes the audit event of a read or write of case c, inside tx, naming the role
// through which the caller reaches the case (domain.NewCaseAuditEvent).
func (db *DB) auditCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, action string, c caseRef, kv map[string]any) error {
	ev := domain.NewCaseAuditEvent(p, action, c.ID, c.Country, c.FacilityID, domain.OutcomeSuccess)
	ev.Details = details(kv)
	return db.appendAudit(ctx, tx, ev)
}

// listCaseRecords reads all records of one kind on a case the principal may see, and audits
// the read (how many, never what).
func listCaseRecords[T any](ctx context.Context, db *DB, p *domain.Principal, caseID, action string,
	load func(ctx context.Context, tx pgx.Tx, caseID, id string) ([]T, error)) ([]T, error) {
	var out []T
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if out, err = load(ctx, tx, c.ID, ""); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, action, c, map[string]any{"returned": len(out)})
	})
	return out, err
}
