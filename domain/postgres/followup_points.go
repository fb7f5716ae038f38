package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const pointColumns = `p.id, p.case_id, coalesce(p.release_id::text, ''), p.anchor, p.anchor_on, p.months, p.due_on, p.status,
	coalesce(p.follow_up_id::text, ''), coalesce(p.not_reached_reason, ''), p.closed_on, coalesce(u.username, '')`

const pointFrom = ` FROM follow_up_points p LEFT JOIN users u ON u.id = p.closed_by`

func scanPoint(r pgx.CollectableRow) (x domain.FollowUpPoint, err error) {
	err = r.Scan(&x.ID, &x.CaseID, &x.ReleaseID, &x.Anchor, &x.AnchorOn, &x.Months, &x.DueOn, &x.Status,
		&x.FollowUpID, &x.NotReachedReason, &x.ClosedOn, &x.ClosedBy)
	return x, err
}

// loadPoints reads a case's follow-up points, oldest anchor and earliest due first.
func loadPoints(ctx context.Context, tx pgx.Tx, caseID string) ([]domain.FollowUpPoint, error) {
	rows, err := tx.Query(ctx, "SELECT "+pointColumns+pointFrom+" WHERE p.case_id = $1 ORDER BY p.anchor_on, p.due_on, p.months", caseID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPoint)
}

// withStates fills in each point's state on today.
func withStates(points []domain.FollowUpPoint, phase domain.Phase, today time.Time) []domain.FollowUpPoint {
	ends := domain.RecordingEnds(points)
	for i := range points {
		points[i].State = domain.PointStateOf(points[i], phase == domain.PhaseClosed, ends, today)
	}
	return points
}

// insertPoints writes a laid-out schedule (releaseID empty for a community case's).
func insertPoints(ctx context.Context, tx pgx.Tx, caseID, releaseID string, pts []domain.FollowUpPoint) error {
	if len(pts) == 0 {
		return nil
	}
	months := make([]int, len(pts))
	due := make([]time.Time, len(pts))
	for i, pt := range pts {
		months[i], due[i] = pt.Months, pt.DueOn
	}
	_, err := tx.Exec(ctx, `INSERT INTO follow_up_points (case_id, release_id, anchor, anchor_on, months, due_on)
		SELECT $1, $2, $3, $4, m, d FROM unnest($5::int[], $6::date[]) x(m, d)`,
		caseID, nullIfEmpty(releaseID), pts[0].Anchor, pts[0].AnchorOn, months, due)
	return err
}

// scheduleCommunityPoints lays out a community case's points from today, the end of its
// intervention.
func scheduleCommunityPoints(ctx context.Context, tx pgx.Tx, caseID string) error {
	var today time.Time
	var months []int
	if err := tx.QueryRow(ctx, `SELECT current_date, g.follow_up_months FROM cases c JOIN programmes g ON g.id = c.programme_id
		WHERE c.id = $1`, caseID).Scan(&today, &months); err != nil {
		return err
	}
	return insertPoints(ctx, tx, caseID, "", domain.SchedulePoints(domain.AnchorInterventionEnd, today, months))
}

// closePoints closes points as not reached for a reason, on a day (nil: today), by the system,
// and says so on the timeline.
func closePoints(ctx context.Context, tx pgx.Tx, pts []domain.FollowUpPoint, reason string, on *time.Time) error {
	ids := make([]string, len(pts))
	for i, pt := range pts {
		ids[i] = pt.ID
	}
	var day any
	if on != nil {
		day = *on
	}
	if _, err := tx.Exec(ctx, `UPDATE follow_up_points SET status = 'not_reached', not_reached_reason = $2,
		closed_on = coalesce($3::date, current_date), closed_at = now() WHERE id = ANY($1::uuid[]) AND status = 'open'`, ids, reason, day); err != nil {
		return err
	}
	return addCaseEvent(ctx, tx, nil, caseEvent{CaseID: pts[0].CaseID, OccurredOn: day, Practices: []string{},
		TimelineEvent: domain.EventPointsClosed(pointMonths(pts), reason)})
}

// pointMonths is each point's month, in order.
func pointMonths(pts []domain.FollowUpPoint) []int {
	out := make([]int, len(pts))
	for i, pt := range pts {
		out[i] = pt.Months
	}
	return out
}

// loadFollowUpFacts reads what the recording rules need about a case, inside tx.
func loadFollowUpFacts(ctx context.Context, tx pgx.Tx, ref caseRef) (domain.FollowUpFacts, error) {
	f := domain.FollowUpFacts{Phase: ref.Phase, Track: ref.Track}
	if err := tx.QueryRow(ctx, "SELECT current_date").Scan(&f.Today); err != nil {
		return f, err
	}
	var err error
	f.Points, err = loadPoints(ctx, tx, ref.ID)
	return f, err
}

// ListFollowUpPoints lists a case's follow-up points with their state today.
func (db *DB) ListFollowUpPoints(ctx context.Context, p *domain.Principal, caseID string) ([]domain.FollowUpPoint, error) {
	var out []domain.FollowUpPoint
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		f, err := loadFollowUpFacts(ctx, tx, ref)
		if err != nil {
			return err
		}
		out = withStates(f.Points, ref.Phase, f.Today)
		return db.auditCase(ctx, tx, p, "follow_up_point.list", ref, map[string]any{"returned": len(out)})
	})
	return out, err
}

// CloseFollowUpPoint closes a point as not reached (domain.CheckNotReached). The case's
// If-Match must match; the answer carries the case's new version.
func (db *DB) CloseFollowUpPoint(ctx context.Context, p *domain.Principal, caseID, pointID string, version int, n domain.NotReached) (domain.FollowUpPoint, int, error) {
	var out domain.FollowUpPoint
	var newVersion int
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		f, err := loadFollowUpFacts(ctx, tx, ref)
		if err != nil {
			return err
		}
		if !validUUID(pointID) || !containsPoint(f.Points, pointID) {
			return domain.NotFound("follow-up point")
		}
		pt, err := domain.CheckNotReached(f, pointID, n)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE follow_up_points SET status = 'not_reached', not_reached_reason = $2, closed_on = $3,
			closed_by = $4, closed_at = now() WHERE id = $1`, pointID, n.Reason, n.On, p.UserID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, OccurredOn: n.On, RefID: pointID,
			Practices: []string{}, TimelineEvent: domain.EventPointNotReached(pt.Months, n.Reason)}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "follow_up_point.close", ref, map[string]any{"point_id": pointID, "reason": n.Reason}); err != nil {
			return err
		}
		if f, err = loadFollowUpFacts(ctx, tx, ref); err != nil {
			return err
		}
		for _, x := range withStates(f.Points, ref.Phase, f.Today) {
			if x.ID == pointID {
				out = x
			}
		}
		return tx.QueryRow(ctx, "SELECT version FROM cases WHERE id = $1", ref.ID).Scan(&newVersion)
	})
	return out, newVersion, err
}

func containsPoint(pts []domain.FollowUpPoint, id string) bool {
	for _, p := range pts {
		if p.ID == id {
			return true
		}
	}
	return false
}

// overdueCondition renders, over cases aliased c, "the case has a point past its due date with
// nothing recorded, and recording is still possible": open cases always, closed ones until
// FollowUpWindowMonths after their last point (domain.PointStateOf's overdue).
func overdueCondition() string {
	return `EXISTS (SELECT 1 FROM follow_up_points op WHERE op.case_id = c.id AND op.status = 'open' AND op.due_on < current_date)
		AND (c.phase <> 'closed' OR current_date <= (SELECT max(lp.due_on) FROM follow_up_points lp WHERE lp.case_id = c.id)
			+ make_interval(months => ` + strconv.Itoa(domain.FollowUpWindowMonths) + `))`
}

// overdueCount is the same as a count for one case (the case read's overdue_follow_ups).
var overdueCount = `(SELECT count(*)::int FROM follow_up_points op WHERE op.case_id = c.id AND op.status = 'open' AND op.due_on < current_date
	AND (c.phase <> 'closed' OR current_date <= (SELECT max(lp.due_on) FROM follow_up_points lp WHERE lp.case_id = c.id)
		+ make_interval(months => ` + strconv.Itoa(domain.FollowUpWindowMonths) + `)))`
