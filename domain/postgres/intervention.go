package postgres

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// RecordSession writes one session and one attendance line and timeline entry per case.
// Every case must be visible to the caller (else NotFound and nothing is written);
// domain.PlanSession decides the rest: the cases are open and at one facility, the
// intervention type is current, and the deliverer is on every case's team or supervises it.
func (db *DB) RecordSession(ctx context.Context, p *domain.Principal, in domain.SessionInput) (domain.InterventionSession, error) {
	var s domain.InterventionSession
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// Lock the cases in one order, so two group sessions over the same cases cannot deadlock.
		order := slices.Clone(in.Participants)
		slices.SortFunc(order, func(a, b domain.Attendance) int { return strings.Compare(a.CaseID, b.CaseID) })
		refs := map[string]caseRef{}
		for _, a := range order {
			c, err := lockCase(ctx, tx, p, a.CaseID)
			if err != nil {
				return err
			}
			refs[a.CaseID] = c
		}
		if in.DeliveredBy == "" {
			in.DeliveredBy = p.UserID
		}
		facts, err := db.loadSessionFacts(ctx, tx, refs, in)
		if err != nil {
			return err
		}
		plan, err := domain.PlanSession(facts, in)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO intervention_sessions (intervention_type, held_on, minutes, format, delivered_by, facility_id, notes, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`,
			in.InterventionType, in.HeldOn, in.Minutes, in.Format, in.DeliveredBy, plan.FacilityID, in.Notes, p.UserID).Scan(&s.ID, &s.CreatedAt); err != nil {
			return err
		}
		for _, a := range in.Participants {
			if _, err := tx.Exec(ctx, `INSERT INTO session_attendance (session_id, case_id, attendance, engagement) VALUES ($1, $2, $3, $4)`,
				s.ID, a.CaseID, a.Attendance, a.Engagement); err != nil {
				return err
			}
			if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: a.CaseID, OccurredOn: in.HeldOn, RefID: s.ID,
				TimelineEvent: domain.EventSession(in.InterventionType, in.Format, in.Minutes, a.Attendance), Practices: plan.Practices}); err != nil {
				return err
			}
			if err := db.auditCase(ctx, tx, p, "session.create", refs[a.CaseID], map[string]any{"session_id": s.ID, "participants": len(in.Participants)}); err != nil {
				return err
			}
			if err := db.auditAcknowledged(ctx, tx, p, refs[a.CaseID], "session", s.ID, plan.AcknowledgedKinds); err != nil {
				return err
			}
		}
		s.InterventionType, s.HeldOn, s.Minutes, s.Format = in.InterventionType, in.HeldOn, in.Minutes, in.Format
		s.DeliveredBy, s.FacilityID, s.Notes, s.CreatedBy, s.Attendance = in.DeliveredBy, plan.FacilityID, in.Notes, p.UserID, in.Participants
		return nil
	})
	return s, err
}

// loadSessionFacts gathers what domain.PlanSession looks at: the locked cases (refs, keyed by
// the ids the request gives) and, in one query, the intervention type's standing and
// practices and the cases on which the deliverer may work (on the team, or a supervisor
// whose scope covers the case). A deliverer id that is not a UUID is nobody, and may work
// on no case.
func (db *DB) loadSessionFacts(ctx context.Context, tx pgx.Tx, refs map[string]caseRef, in domain.SessionInput) (domain.SessionFacts, error) {
	f := domain.SessionFacts{Cases: make(map[string]domain.SessionCase, len(refs)), Today: db.today()}
	caseIDs := make([]string, 0, len(refs))
	for _, c := range refs {
		caseIDs = append(caseIDs, c.ID)
	}
	var deliverer any
	if validUUID(in.DeliveredBy) {
		deliverer = in.DeliveredBy
	}
	var workable []string
	err := tx.QueryRow(ctx, `SELECT
			EXISTS (SELECT 1 FROM intervention_types WHERE code = $1 AND retired_at IS NULL),
			coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM intervention_type_practices WHERE type_code = $1), '{}'),
			coalesce((SELECT array_agg(c.id::text) FROM cases c WHERE c.id = ANY($2::uuid[])
				AND `+deliversOnSQL("$3::uuid", "c.id", "c.country", "c.facility_id")+`), '{}')`,
		in.InterventionType, caseIDs, deliverer).Scan(&f.InterventionTypeCurrent, &f.Practices, &workable)
	if err != nil {
		return f, err
	}
	for id, c := range refs {
		f.Cases[id] = domain.SessionCase{Phase: c.Phase, FacilityID: c.FacilityID, OpenedOn: c.OpenedOn, BirthYear: c.BirthYear,
			DelivererMayWork: slices.Contains(workable, c.ID)}
	}
	return f, nil
}

// ListSessions lists a case's sessions, newest first, each with that case's attendance only
// (a group session's other participants are other cases, possibly not the caller's).
func (db *DB) ListSessions(ctx context.Context, p *domain.Principal, caseID, cursor string, limit int) (domain.SessionPage, error) {
	var page domain.SessionPage
	limit = pageLimit(limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		q := `SELECT s.id, s.intervention_type, s.held_on, s.minutes, s.format, s.delivered_by, s.facility_id, s.notes, s.created_by, s.created_at,
			a.attendance, a.engagement
			FROM session_attendance a JOIN intervention_sessions s ON s.id = a.session_id WHERE a.case_id = $1`
		args := []any{c.ID, limit + 1}
		if cursor != "" {
			on, id, err := parseCursor(cursor)
			if err != nil {
				return err
			}
			q += " AND (s.held_on, s.id) < ($3, $4)"
			args = append(args, on, id)
		}
		rows, err := tx.Query(ctx, q+" ORDER BY s.held_on DESC, s.id DESC LIMIT $2", args...)
		if err != nil {
			return err
		}
		page.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (s domain.InterventionSession, err error) {
			a := domain.Attendance{CaseID: c.ID}
			err = r.Scan(&s.ID, &s.InterventionType, &s.HeldOn, &s.Minutes, &s.Format, &s.DeliveredBy, &s.FacilityID, &s.Notes, &s.CreatedBy, &s.CreatedAt,
				&a.Attendance, &a.Engagement)
			s.Attendance = []domain.Attendance{a}
			return s, err
		})
		if err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.NextCursor = makeCursor(last.HeldOn, last.ID)
		}
		return db.auditCase(ctx, tx, p, "session.list", c, map[string]any{"returned": len(page.Items)})
	})
	return page, err
}
