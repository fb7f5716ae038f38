package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const followUpColumns = `id, case_id, held_on, months_since_release, housing, work_education, family_contact, supervision_compliance,
	new_offence, coalesce(offence_category, ''), offence_on, notes, recorded_by, created_at,
	coalesce((SELECT fp.id::text FROM follow_up_points fp WHERE fp.follow_up_id = follow_ups.id), ''), coalesce(release_id::text, '')`

func scanFollowUp(r pgx.CollectableRow) (f domain.FollowUp, err error) {
	err = r.Scan(&f.ID, &f.CaseID, &f.HeldOn, &f.MonthsSinceRelease, &f.Housing, &f.WorkEducation, &f.FamilyContact, &f.SupervisionCompliance,
		&f.NewOffence, &f.OffenceCategory, &f.OffenceOn, &f.Notes, &f.RecordedBy, &f.CreatedAt, &f.PointID, &f.ReleaseID)
	return f, err
}

// ListFollowUps lists a case's follow-ups and audits the read (how many). Returns NotFound
// if the case is absent or outside the caller's scope.
func (db *DB) ListFollowUps(ctx context.Context, p *domain.Principal, caseID, cursor string, limit int) (domain.FollowUpPage, error) {
	var page domain.FollowUpPage
	limit = pageLimit(limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		q := "SELECT " + followUpColumns + " FROM follow_ups WHERE case_id = $1"
		args := []any{c.ID, limit + 1}
		if cursor != "" {
			on, id, err := parseCursor(cursor)
			if err != nil {
				return err
			}
			q += " AND (held_on, id) < ($3, $4)"
			args = append(args, on, id)
		}
		rows, err := tx.Query(ctx, q+" ORDER BY held_on DESC, id DESC LIMIT $2", args...)
		if err != nil {
			return err
		}
		if page.Items, err = pgx.CollectRows(rows, scanFollowUp); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.NextCursor = makeCursor(last.HeldOn, last.ID)
		}
		return db.auditCase(ctx, tx, p, "follow_up.list", c, map[string]any{"returned": len(page.Items)})
	})
	return page, err
}

// CreateFollowUp records a follow-up, against one of the case's points or unscheduled, where
// domain.PlaceFollowUp puts it: after a release (or the end of a community case's
// intervention), on a closed case until its recording ends. A point it reaches is closed.
func (db *DB) CreateFollowUp(ctx context.Context, p *domain.Principal, caseID string, in domain.FollowUpInput) (domain.FollowUp, error) {
	var f domain.FollowUp
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		facts, err := loadFollowUpRecordFacts(ctx, tx, c, in, db.today())
		if err != nil {
			return err
		}
		place, kinds, err := domain.CheckFollowUp(facts, in)
		if err != nil {
			return err
		}
		var id string
		if err := tx.QueryRow(ctx, `INSERT INTO follow_ups (case_id, held_on, months_since_release, housing, work_education, family_contact,
			supervision_compliance, new_offence, offence_category, offence_on, notes, recorded_by, release_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, ''), $10, $11, $12, $13) RETURNING id`,
			c.ID, in.HeldOn, place.Months, in.Housing, in.WorkEducation, in.FamilyContact, in.SupervisionCompliance, in.NewOffence,
			in.OffenceCategory, in.OffenceOn, in.Notes, p.UserID, nullIfEmpty(place.ReleaseID)).Scan(&id); err != nil {
			return err
		}
		pointMonths := 0
		if place.Point != nil {
			if _, err := tx.Exec(ctx, `UPDATE follow_up_points SET status = 'reached', follow_up_id = $2, closed_on = $3, closed_by = $4,
				closed_at = now() WHERE id = $1 AND status = 'open'`, place.Point.ID, id, in.HeldOn, p.UserID); err != nil {
				return err
			}
			pointMonths = place.Point.Months
		}
		rows, err := tx.Query(ctx, "SELECT "+followUpColumns+" FROM follow_ups WHERE id = $1", id)
		if err != nil {
			return err
		}
		if f, err = pgx.CollectExactlyOneRow(rows, scanFollowUp); err != nil {
			return err
		}
		return db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, OccurredOn: in.HeldOn, RefID: f.ID,
			TimelineEvent: domain.EventFollowUp(place.Months, pointMonths), RecordKind: "follow_up"}, "follow_up.create",
			map[string]any{"follow_up_id": f.ID, "new_offence": in.NewOffence, "point_id": in.PointID, "closed_case": c.Phase == domain.PhaseClosed},
			"follow_up", f.ID, kinds)
	})
	return f, err
}

// loadFollowUpRecordFacts reads what domain.CheckFollowUp decides follow-up in on for the
// locked case c: the database's date and whether the offence category given is a current
// one (one query), and the case's points.
func loadFollowUpRecordFacts(ctx context.Context, tx pgx.Tx, c caseRef, in domain.FollowUpInput, today time.Time) (domain.FollowUpRecordFacts, error) {
	f := domain.FollowUpRecordFacts{Placement: domain.FollowUpFacts{Phase: c.Phase, Track: c.Track}, OpenedOn: c.OpenedOn,
		BirthYear: c.BirthYear, Today: today, PointIDValid: validUUID(in.PointID)}
	if err := tx.QueryRow(ctx, `SELECT current_date,
		$1 = '' OR EXISTS (SELECT 1 FROM offence_categories WHERE code = $1 AND retired_at IS NULL)`, in.OffenceCategory).
		Scan(&f.Placement.Today, &f.OffenceKnown); err != nil {
		return f, err
	}
	var err error
	f.Placement.Points, err = loadPoints(ctx, tx, c.ID)
	return f, err
}

// CasePractices counts, for every catalogued practice (those with no evidence too), the
// timeline entries of the case that evidence it, and when the latest happened.
func (db *DB) CasePractices(ctx context.Context, p *domain.Principal, caseID string) ([]domain.PracticeEvidence, error) {
	var out []domain.PracticeEvidence
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT pr.code, pr.number, pr.section, pr.title, pr.evidence, pr.status, count(e.id), max(e.occurred_on)
			FROM practices pr
			LEFT JOIN case_events e ON e.case_id = $1 AND pr.code = ANY(e.practices)
			GROUP BY pr.code ORDER BY pr.number`, c.ID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (x domain.PracticeEvidence, err error) {
			pr := &x.Practice
			err = r.Scan(&pr.Code, &pr.Number, &pr.Section, &pr.Title, &pr.Evidence, &pr.Status, &x.Count, &x.LastOn)
			return x, err
		})
		if err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.practices", c, nil)
	})
	return out, err
}
