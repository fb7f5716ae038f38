package postgres

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// RecordSession writes one session and one attendance line and timeline entry per case.
// Every case must be visible to the caller (else NotFound and nothing is written) and open,
// and all must be held at one facility: a session happens in one place.
func (db *DB) RecordSession(ctx context.Context, p *domain.Principal, in domain.SessionInput) (domain.InterventionSession, error) {
	var s domain.InterventionSession
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// Lock the cases in one order, so two group sessions over the same cases cannot deadlock.
		order := slices.Clone(in.Participants)
		slices.SortFunc(order, func(a, b domain.Attendance) int {
			if a.CaseID < b.CaseID {
				return -1
			} else if a.CaseID > b.CaseID {
				return 1
			}
			return 0
		})
		refs := map[string]caseRef{}
		for _, a := range order {
			c, err := lockCase(ctx, tx, p, a.CaseID)
			if err != nil {
				return err
			}
			refs[a.CaseID] = c
		}
		for _, a := range order {
			if err := requireOpen(refs[a.CaseID]); err != nil {
				return err
			}
		}
		// A group session is held after every participant's intake.
		var intake time.Time
		for _, c := range refs {
			if c.OpenedOn.After(intake) {
				intake = c.OpenedOn
			}
		}
		if err := domain.CheckRecordDates(intake, in.Dates()...); err != nil {
			return err
		}
		var birthYears []int // the notes may be about any participant of the session
		for _, a := range order {
			birthYears = append(birthYears, refs[a.CaseID].BirthYear)
		}
		kinds, err := in.Validate(db.today(), birthYears...)
		if err != nil {
			return err
		}
		facility := refs[in.Participants[0].CaseID].FacilityID
		var probs domain.Problems
		for _, a := range in.Participants {
			if refs[a.CaseID].FacilityID != facility {
				probs.Add("participants", "several_facilities", "a session is held at one facility; these cases are at several")
				break
			}
		}
		var practices []string
		err = tx.QueryRow(ctx, `SELECT coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM intervention_type_practices WHERE type_code = t.code), '{}')
			FROM intervention_types t WHERE t.code = $1 AND t.retired_at IS NULL`, in.InterventionType).Scan(&practices)
		if err == pgx.ErrNoRows {
			probs.Add("intervention_type", "unknown_reference", "no such current intervention type")
		} else if err != nil {
			return err
		}
		if in.DeliveredBy == "" {
			in.DeliveredBy = p.UserID
		}
		for _, a := range in.Participants {
			ok, err := canDeliver(ctx, tx, in.DeliveredBy, refs[a.CaseID])
			if err != nil {
				return err
			}
			if !ok {
				probs.Add("delivered_by", "not_on_team", "must be on the team of every case in the session, or a supervisor of it")
				break
			}
		}
		if err := probs.Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO intervention_sessions (intervention_type, held_on, minutes, format, delivered_by, facility_id, notes, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`,
			in.InterventionType, in.HeldOn, in.Minutes, in.Format, in.DeliveredBy, facility, in.Notes, p.UserID).Scan(&s.ID, &s.CreatedAt); err != nil {
			return err
		}
		for _, a := range in.Participants {
			if _, err := tx.Exec(ctx, `INSERT INTO session_attendance (session_id, case_id, attendance, engagement) VALUES ($1, $2, $3, $4)`,
				s.ID, a.CaseID, a.Attendance, a.Engagement); err != nil {
				return err
			}
			if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: a.CaseID, OccurredOn: in.HeldOn, Kind: "session", RefID: s.ID,
				Summary: in.InterventionType + ", " + in.Format + ", " + strconv.Itoa(in.Minutes) + " min, " + a.Attendance, Practices: practices}); err != nil {
				return err
			}
			if err := db.auditCase(ctx, tx, p, "session.create", a.CaseID, map[string]any{"session_id": s.ID, "participants": len(in.Participants)}); err != nil {
				return err
			}
			if err := db.auditAcknowledged(ctx, tx, p, a.CaseID, "session", s.ID, kinds); err != nil {
				return err
			}
		}
		s.InterventionType, s.HeldOn, s.Minutes, s.Format = in.InterventionType, in.HeldOn, in.Minutes, in.Format
		s.DeliveredBy, s.FacilityID, s.Notes, s.CreatedBy, s.Attendance = in.DeliveredBy, facility, in.Notes, p.UserID, in.Participants
		return nil
	})
	return s, err
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
		return db.auditCase(ctx, tx, p, "session.list", c.ID, map[string]any{"returned": len(page.Items)})
	})
	return page, err
}
