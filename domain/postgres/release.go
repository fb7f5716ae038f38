package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const releaseColumns = `r.id, r.case_id, r.number, r.released_on, r.release_type, r.supervising_agency, r.conditions, r.entered_on,
	r.recalled_on, coalesce(r.recall_reason, ''), coalesce(r.recall_outcome, ''), coalesce(r.recall_change_id::text, ''),
	u.username, r.created_at`

const releaseFrom = ` FROM releases r JOIN users u ON u.id = r.recorded_by`

func scanRelease(row pgx.CollectableRow) (domain.CaseRelease, error) {
	var r domain.CaseRelease
	var recalledOn *time.Time
	var rc domain.Recall
	err := row.Scan(&r.ID, &r.CaseID, &r.Number, &r.ReleasedOn, &r.ReleaseType, &r.SupervisingAgency, &r.Conditions, &r.EnteredOn,
		&recalledOn, &rc.Reason, &rc.Outcome, &rc.PhaseChangeID, &r.RecordedBy, &r.CreatedAt)
	if err == nil && recalledOn != nil {
		rc.On = *recalledOn
		r.Recall = &rc
	}
	return r, err
}

// loadReleases reads a case's releases, first first.
func loadReleases(ctx context.Context, tx pgx.Tx, caseID string) ([]domain.CaseRelease, error) {
	rows, err := tx.Query(ctx, "SELECT "+releaseColumns+releaseFrom+" WHERE r.case_id = $1 ORDER BY r.number", caseID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanRelease)
}

// loadReleaseFacts reads what the release rules need about a case, inside tx.
func loadReleaseFacts(ctx context.Context, tx pgx.Tx, ref caseRef) (domain.ReleaseFacts, []domain.CaseRelease, error) {
	f := domain.ReleaseFacts{Phase: ref.Phase, Track: ref.Track, BirthYear: ref.BirthYear}
	if err := tx.QueryRow(ctx, "SELECT opened_on, current_date FROM cases WHERE id = $1", ref.ID).Scan(&f.OpenedOn, &f.Today); err != nil {
		return f, nil, err
	}
	all, err := loadReleases(ctx, tx, ref.ID)
	if err != nil || len(all) == 0 {
		return f, all, err
	}
	f.Latest = &all[len(all)-1]
	if len(all) > 1 && all[len(all)-2].Recall != nil {
		f.PreviousRecallOn = &all[len(all)-2].Recall.On
	}
	err = tx.QueryRow(ctx, "SELECT min(held_on) FROM follow_ups WHERE release_id = $1", f.Latest.ID).Scan(&f.LatestFollowUpFrom)
	return f, all, err
}

// syncCaseRelease makes the case name its latest release (date and type), which the
// statistics summaries read.
func syncCaseRelease(ctx context.Context, tx pgx.Tx, caseID string) error {
	_, err := tx.Exec(ctx, `UPDATE cases c SET (actual_release_date, release_type) =
		(SELECT r.released_on, r.release_type FROM releases r WHERE r.case_id = c.id ORDER BY r.number DESC LIMIT 1)
		WHERE c.id = $1`, caseID)
	return err
}

// ListReleases lists a case's releases, the first first.
func (db *DB) ListReleases(ctx context.Context, p *domain.Principal, caseID string) ([]domain.CaseRelease, error) {
	return listCaseRecords(ctx, db, p, caseID, "release.list", func(ctx context.Context, tx pgx.Tx, caseID, _ string) ([]domain.CaseRelease, error) {
		return loadReleases(ctx, tx, caseID)
	})
}

// CreateRelease records a release of a case in pre-release (domain.CheckNewRelease). The
// case's If-Match must match; the answer carries the case's new version.
func (db *DB) CreateRelease(ctx context.Context, p *domain.Principal, caseID string, version int, in domain.ReleaseInput) (domain.CaseRelease, int, error) {
	var out domain.CaseRelease
	var newVersion int
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		var kinds []string
		if out, kinds, err = recordRelease(ctx, tx, p, ref, in); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "release.create", ref, map[string]any{"release_id": out.ID, "number": out.Number}); err != nil {
			return err
		}
		if err := db.auditAcknowledged(ctx, tx, p, ref, "release", out.ID, kinds); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT version FROM cases WHERE id = $1", ref.ID).Scan(&newVersion)
	})
	return out, newVersion, err
}

// recordRelease checks and writes a new release with its timeline entry, inside tx, and
// returns the identifier kinds its author acknowledged.
func recordRelease(ctx context.Context, tx pgx.Tx, p *domain.Principal, ref caseRef, in domain.ReleaseInput) (domain.CaseRelease, []string, error) {
	facts, _, err := loadReleaseFacts(ctx, tx, ref)
	if err != nil {
		return domain.CaseRelease{}, nil, err
	}
	kinds, err := domain.CheckNewRelease(facts, in)
	if err != nil {
		return domain.CaseRelease{}, nil, err
	}
	var id string
	if err := tx.QueryRow(ctx, `INSERT INTO releases (case_id, number, released_on, release_type, supervising_agency, conditions, recorded_by)
		VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM releases WHERE case_id = $1), $2, $3, $4, $5, $6) RETURNING id`,
		ref.ID, in.ReleasedOn, in.ReleaseType, in.SupervisingAgency, in.Conditions, p.UserID).Scan(&id); err != nil {
		return domain.CaseRelease{}, nil, err
	}
	if err := syncCaseRelease(ctx, tx, ref.ID); err != nil {
		return domain.CaseRelease{}, nil, err
	}
	// The release evidences its practices once, when the case enters reintegration on it
	// (decideTransition), not when it is recorded.
	if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, OccurredOn: in.ReleasedOn, RefID: id,
		TimelineEvent: domain.EventRelease(in.ReleasedOn, in.ReleaseType), Practices: []string{}}); err != nil {
		return domain.CaseRelease{}, nil, err
	}
	r, err := loadRelease(ctx, tx, id)
	return r, kinds, err
}

func loadRelease(ctx context.Context, tx pgx.Tx, id string) (domain.CaseRelease, error) {
	rows, err := tx.Query(ctx, "SELECT "+releaseColumns+releaseFrom+" WHERE r.id = $1", id)
	if err != nil {
		return domain.CaseRelease{}, err
	}
	return pgx.CollectExactlyOneRow(rows, scanRelease)
}

// UpdateRelease corrects a release, or says what followed its recall
// (domain.CheckReleaseUpdate). A new date moves the release's follow-up points and the
// months counted for its follow-ups.
func (db *DB) UpdateRelease(ctx context.Context, p *domain.Principal, caseID, releaseID string, version int, u domain.ReleaseUpdate) (domain.CaseRelease, int, error) {
	var out domain.CaseRelease
	var newVersion int
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		changed, kinds, err := correctRelease(ctx, tx, p, ref, releaseID, u)
		if err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "release.update", ref, map[string]any{"release_id": releaseID, "fields": changed}); err != nil {
			return err
		}
		if err := db.auditAcknowledged(ctx, tx, p, ref, "release", releaseID, kinds); err != nil {
			return err
		}
		if out, err = loadRelease(ctx, tx, releaseID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT version FROM cases WHERE id = $1", ref.ID).Scan(&newVersion)
	})
	return out, newVersion, err
}

// correctRelease checks and applies a correction inside tx, with its timeline entry, and
// returns the fields it changed.
func correctRelease(ctx context.Context, tx pgx.Tx, p *domain.Principal, ref caseRef, releaseID string, u domain.ReleaseUpdate) ([]string, []string, error) {
	facts, all, err := loadReleaseFacts(ctx, tx, ref)
	if err != nil {
		return nil, nil, err
	}
	c, err := domain.PlanReleaseCorrection(facts, all, releaseID, u)
	if err != nil {
		return nil, nil, err
	}
	if err := updateReleaseRow(ctx, tx, releaseID, u); err != nil {
		return nil, nil, err
	}
	if c.MovesSchedule {
		if err := moveReleaseSchedule(ctx, tx, releaseID, *u.ReleasedOn.Value); err != nil {
			return nil, nil, err
		}
	}
	if err := syncCaseRelease(ctx, tx, ref.ID); err != nil {
		return nil, nil, err
	}
	ev := caseEvent{CaseID: ref.ID, RefID: releaseID, Practices: []string{},
		TimelineEvent: domain.EventReleaseCorrected(c.Release.Number, c.Fields)}
	if u.ReleasedOn.Set {
		ev.OccurredOn = *u.ReleasedOn.Value
	}
	return c.Fields, c.Kinds, addCaseEvent(ctx, tx, p, ev)
}

// updateReleaseRow writes the fields u sets (u.Fields) to release id, inside tx; a text
// cleared is stored empty, except what followed a recall, which is stored unknown (NULL).
func updateReleaseRow(ctx context.Context, tx pgx.Tx, id string, u domain.ReleaseUpdate) error {
	text := func(o domain.Opt[string]) string {
		if o.Value == nil {
			return ""
		}
		return *o.Value
	}
	args := []any{id}
	var sets []string
	for _, col := range u.Fields() {
		var v any
		switch col {
		case "released_on":
			v = *u.ReleasedOn.Value
		case "release_type":
			v = *u.ReleaseType.Value
		case "supervising_agency":
			v = text(u.SupervisingAgency)
		case "conditions":
			v = text(u.Conditions)
		case "recall_outcome":
			v = nullIfEmpty(text(u.RecallOutcome))
		}
		args = append(args, v)
		sets = append(sets, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	_, err := tx.Exec(ctx, "UPDATE releases SET "+strings.Join(sets, ", ")+" WHERE id = $1", args...)
	return err
}

// moveReleaseSchedule lays a release's follow-up points out again from its new date, and
// counts its follow-ups' months from it.
func moveReleaseSchedule(ctx context.Context, tx pgx.Tx, releaseID string, on time.Time) error {
	rows, err := tx.Query(ctx, "SELECT id, months FROM follow_up_points WHERE release_id = $1", releaseID)
	if err != nil {
		return err
	}
	type pm struct {
		id     string
		months int
	}
	pts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (x pm, err error) { return x, r.Scan(&x.id, &x.months) })
	if err != nil {
		return err
	}
	for _, x := range pts {
		if _, err := tx.Exec(ctx, "UPDATE follow_up_points SET anchor_on = $2, due_on = $3 WHERE id = $1",
			x.id, on, domain.AddMonths(on, x.months)); err != nil {
			return err
		}
	}
	rows, err = tx.Query(ctx, "SELECT id, held_on FROM follow_ups WHERE release_id = $1", releaseID)
	if err != nil {
		return err
	}
	type fh struct {
		id   string
		held time.Time
	}
	fus, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (x fh, err error) { return x, r.Scan(&x.id, &x.held) })
	if err != nil {
		return err
	}
	for _, x := range fus {
		if _, err := tx.Exec(ctx, "UPDATE follow_ups SET months_since_release = $2 WHERE id = $1", x.id, domain.MonthsBetween(on, x.held)); err != nil {
			return err
		}
	}
	return nil
}

// enterRelease puts the case out on its recorded release today (the move into
// reintegration) and lays out the release's follow-up points, inside tx.
func enterRelease(ctx context.Context, tx pgx.Tx, caseID string) error {
	var releaseID string
	var on time.Time
	var months []int
	err := tx.QueryRow(ctx, `UPDATE releases r SET entered_on = current_date FROM cases c JOIN programmes g ON g.id = c.programme_id
		WHERE c.id = r.case_id AND r.case_id = $1 AND r.recalled_on IS NULL AND r.entered_on IS NULL
		RETURNING r.id, r.released_on, g.follow_up_months`, caseID).Scan(&releaseID, &on, &months)
	if err == pgx.ErrNoRows {
		return domain.Errorf(domain.CodeConflict, "the case has no recorded release to enter reintegration on")
	} else if err != nil {
		return err
	}
	return insertPoints(ctx, tx, caseID, releaseID, domain.SchedulePoints(domain.AnchorRelease, on, months))
}

// recallRelease ends the release the case is out on with the move's recall, and closes the
// release's points the recall leaves out of reach, inside tx.
func recallRelease(ctx context.Context, tx pgx.Tx, m phaseMove) error {
	var releaseID string
	err := tx.QueryRow(ctx, `UPDATE releases SET recalled_on = $2, recall_reason = $3, recall_outcome = $4, recall_change_id = $5
		WHERE case_id = $1 AND recalled_on IS NULL RETURNING id`,
		m.CaseID, m.Recall.On, m.Recall.Reason, nullIfEmpty(m.Recall.Outcome), m.ChangeID).Scan(&releaseID)
	if err == pgx.ErrNoRows {
		return domain.Errorf(domain.CodeConflict, "the case has no release to recall")
	} else if err != nil {
		return err
	}
	points, err := loadPoints(ctx, tx, m.CaseID)
	if err != nil {
		return err
	}
	closed := domain.ClosedByRecall(points, releaseID, m.Recall.On)
	if len(closed) == 0 {
		return nil
	}
	return closePoints(ctx, tx, closed, "in_custody", &m.Recall.On)
}

// retireReintegrationPlan retires the case's reintegration plan at a recall, withdrawing a
// request for its approval: a new plan is approved before the next release.
func retireReintegrationPlan(ctx context.Context, tx pgx.Tx, caseID string) error {
	tag, err := tx.Exec(ctx, `UPDATE reintegration_plans SET status = 'retired', version = version + 1, updated_at = now()
		WHERE case_id = $1 AND status <> 'retired'`, caseID)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	if err := dropReintegrationInForce(ctx, tx, caseID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE approvals SET status = 'withdrawn', decided_at = now(), comment = 'the plan was retired at a recall'
		WHERE case_id = $1 AND kind = 'reintegration_plan' AND status = 'pending'`, caseID); err != nil {
		return err
	}
	return addCaseEvent(ctx, tx, nil, caseEvent{CaseID: caseID, RefID: caseID, Practices: []string{},
		TimelineEvent: domain.EventReintegrationPlanRetired()})
}

// patchRelease applies a case PATCH of actual_release_date or release_type to the case's
// releases, inside tx: the old way of recording a release, kept for clients that use it.
// In pre-release a date records the release (its type from the request or the
// reintegration plan) or corrects the one recorded, and null removes a recorded release the
// case has not entered reintegration on; in reintegration a date corrects the release the
// case is out on. A type alone corrects the open release's type.
func patchRelease(ctx context.Context, tx pgx.Tx, p *domain.Principal, ref caseRef, u domain.CaseUpdate) error {
	facts, _, err := loadReleaseFacts(ctx, tx, ref)
	if err != nil {
		return err
	}
	open := facts.OpenRelease()
	date, typ := u.ActualReleaseDate, u.ReleaseType
	switch {
	case date.Set && date.Value == nil:
		switch {
		case ref.Phase == domain.PhaseReintegration:
			return domain.Invalid(domain.FieldProblem{Field: "actual_release_date", Reason: "required", Detail: "a released case keeps its release date"})
		case open != nil && open.EnteredOn == nil:
			if _, err := tx.Exec(ctx, "DELETE FROM releases WHERE id = $1 AND entered_on IS NULL", open.ID); err != nil {
				return err
			}
			if err := syncCaseRelease(ctx, tx, ref.ID); err != nil {
				return err
			}
			return addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, RefID: open.ID, Practices: []string{},
				TimelineEvent: domain.EventReleaseRemoved(open.ReleasedOn)})
		}
		return nil
	case !date.Set && typ.Value == nil:
		return nil // a release keeps its type; without one there is nothing to clear
	case date.Set && ref.Phase != domain.PhasePreRelease && ref.Phase != domain.PhaseReintegration:
		return domain.Invalid(domain.FieldProblem{Field: "actual_release_date", Reason: "wrong_phase", Detail: "the release is recorded in pre_release or reintegration"})
	case date.Set && open == nil:
		in := domain.ReleaseInput{ReleasedOn: *date.Value}
		if typ.Set && typ.Value != nil {
			in.ReleaseType = *typ.Value
		} else if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT coalesce(release_type, '') FROM reintegration_plans_in_force WHERE case_id = $1),
			(SELECT release_type FROM reintegration_plans WHERE case_id = $1), '')`, ref.ID).Scan(&in.ReleaseType); err != nil {
			return err
		}
		_, _, err := recordRelease(ctx, tx, p, ref, in)
		return renameField(err, "released_on", "actual_release_date")
	case open == nil:
		return domain.Invalid(domain.FieldProblem{Field: "release_type", Reason: "no_release", Detail: "record the release first"})
	}
	up := domain.ReleaseUpdate{ReleaseType: typ}
	if date.Set {
		up.ReleasedOn = date
	}
	if typ.Set && typ.Value == nil {
		up.ReleaseType = domain.Opt[string]{} // the type of a release is kept
	}
	if !up.ReleasedOn.Set && !up.ReleaseType.Set {
		return nil
	}
	_, _, err = correctRelease(ctx, tx, p, ref, open.ID, up)
	return renameField(err, "released_on", "actual_release_date")
}

// renameField renames a field in an error's problems (a rule speaks of a release's
// released_on; the case PATCH of its actual_release_date).
func renameField(err error, from, to string) error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return err
	}
	for i := range e.Fields {
		if e.Fields[i].Field == from {
			e.Fields[i].Field = to
		}
	}
	return err
}
