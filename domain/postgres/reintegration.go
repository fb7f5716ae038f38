package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

func loadReintegrationPlan(ctx context.Context, tx pgx.Tx, caseID string) (domain.ReintegrationPlan, error) {
	var r domain.ReintegrationPlan
	err := tx.QueryRow(ctx, `SELECT case_id, status, planned_release, coalesce(release_type, ''), supervising_agency, version, updated_by, updated_at, decided_at
		FROM reintegration_plans WHERE case_id = $1`, caseID).Scan(&r.CaseID, &r.Status, &r.PlannedRelease, &r.ReleaseType, &r.SupervisingAgency,
		&r.Version, &r.UpdatedBy, &r.UpdatedAt, &r.DecidedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, domain.NotFound("reintegration plan")
	} else if err != nil {
		return r, err
	}
	rows, err := tx.Query(ctx, `SELECT area, status, description FROM reintegration_items WHERE case_id = $1
		ORDER BY array_position(ARRAY['housing','work_education','family','mentoring','supervision','documents','health','community'], area)`, caseID)
	if err != nil {
		return r, err
	}
	r.Items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (it domain.ReintegrationItem, err error) {
		err = row.Scan(&it.Area, &it.Status, &it.Description)
		return it, err
	})
	if err != nil {
		return r, err
	}
	r.InForce, err = loadReintegrationInForce(ctx, tx, caseID)
	return r, err
}

// loadReintegrationInForce reads the approved plan kept in force beside a revision; nil when
// none is kept.
func loadReintegrationInForce(ctx context.Context, tx pgx.Tx, caseID string) (*domain.ReintegrationPlan, error) {
	f := domain.ReintegrationPlan{Status: domain.ReintegrationApproved}
	var items []struct{ Area, Status, Description string }
	err := tx.QueryRow(ctx, `SELECT case_id, planned_release, coalesce(release_type, ''), supervising_agency, version, updated_by, updated_at, decided_at, items
		FROM reintegration_plans_in_force WHERE case_id = $1`, caseID).Scan(&f.CaseID, &f.PlannedRelease, &f.ReleaseType, &f.SupervisingAgency,
		&f.Version, &f.UpdatedBy, &f.UpdatedAt, &f.DecidedAt, &items)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	f.Items = make([]domain.ReintegrationItem, 0, len(items))
	for _, it := range items {
		f.Items = append(f.Items, domain.ReintegrationItem{Area: it.Area, Status: it.Status, Description: it.Description})
	}
	return &f, nil
}

// keepReintegrationInForce copies the working copy, the approved plan, aside as the plan in
// force before a revision replaces its content.
func keepReintegrationInForce(ctx context.Context, tx pgx.Tx, caseID string) error {
	_, err := tx.Exec(ctx, `INSERT INTO reintegration_plans_in_force (case_id, planned_release, release_type, supervising_agency, version,
			updated_by, updated_at, decided_at, items)
		SELECT r.case_id, r.planned_release, r.release_type, r.supervising_agency, r.version, r.updated_by, r.updated_at, r.decided_at,
			coalesce((SELECT jsonb_agg(jsonb_build_object('area', i.area, 'status', i.status, 'description', i.description)
				ORDER BY array_position(ARRAY['housing','work_education','family','mentoring','supervision','documents','health','community'], i.area))
				FROM reintegration_items i WHERE i.case_id = r.case_id), '[]')
		FROM reintegration_plans r WHERE r.case_id = $1 AND r.status = 'approved'`, caseID)
	return err
}

// dropReintegrationInForce removes the plan kept in force: its revision was approved, or the
// plan was retired.
func dropReintegrationInForce(ctx context.Context, tx pgx.Tx, caseID string) error {
	_, err := tx.Exec(ctx, "DELETE FROM reintegration_plans_in_force WHERE case_id = $1", caseID)
	return err
}

// GetReintegrationPlan reads a case's plan. Finding none is a read of the case too (it tells
// the reader the case has no plan yet): it is audited before the NotFound is returned.
func (db *DB) GetReintegrationPlan(ctx context.Context, p *domain.Principal, caseID string) (domain.ReintegrationPlan, error) {
	var r domain.ReintegrationPlan
	found := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		r, err = loadReintegrationPlan(ctx, tx, c.ID)
		if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
			return err
		}
		found = err == nil
		return db.auditCase(ctx, tx, p, "reintegration_plan.read", c, map[string]any{"found": found})
	})
	if err == nil && !found {
		return r, domain.NotFound("reintegration plan")
	}
	return r, err
}

// PutReintegrationPlan creates the plan (ifMatch 0) or replaces its content when ifMatch is
// its current version. Changing a submitted plan waits for the decision; changing an
// approved or rejected one returns it to draft, to be submitted again. An approved plan
// stays in force meanwhile (domain.ReviseReintegrationPlan): its content is kept aside until
// the revision is approved.
func (db *DB) PutReintegrationPlan(ctx context.Context, p *domain.Principal, caseID string, ifMatch int, in domain.ReintegrationInput) (domain.ReintegrationPlan, bool, error) {
	var r domain.ReintegrationPlan
	created := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		f, err := loadReintegrationSaveFacts(ctx, tx, c, db.today())
		if err != nil {
			return err
		}
		save, err := domain.PlanReintegrationSave(f, ifMatch, in)
		if err != nil {
			return err
		}
		created = save.Created
		if save.Revision.KeepInForce {
			if err := keepReintegrationInForce(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		if err := writeReintegrationPlan(ctx, tx, p, c.ID, save.Created, in); err != nil {
			return err
		}
		// The plan evidences its practices once, when it is made; revisions are the same plan.
		ev := caseEvent{CaseID: c.ID, RefID: c.ID, TimelineEvent: domain.EventReintegrationPlanSaved(created, save.Revision.KeepInForce)}
		if created {
			ev.RecordKind = "reintegration_plan"
		}
		if err := db.recordWrite(ctx, tx, p, c, ev, "reintegration_plan.update", map[string]any{"created": created, "kept_in_force": save.Revision.KeepInForce},
			"reintegration_plan", c.ID, save.Kinds); err != nil {
			return err
		}
		r, err = loadReintegrationPlan(ctx, tx, c.ID)
		return err
	})
	return r, created, err
}

// loadReintegrationSaveFacts loads what a save of the plan of the locked case c is decided
// on: the case's own facts and its plan's working copy, if it has one.
func loadReintegrationSaveFacts(ctx context.Context, tx pgx.Tx, c caseRef, today time.Time) (domain.ReintegrationSaveFacts, error) {
	f := domain.ReintegrationSaveFacts{Phase: c.Phase, OpenedOn: c.OpenedOn, BirthYear: c.BirthYear, Today: today}
	err := tx.QueryRow(ctx, "SELECT true, status, version FROM reintegration_plans WHERE case_id = $1", c.ID).Scan(&f.Exists, &f.Status, &f.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	return f, err
}

// writeReintegrationPlan creates the case's plan, or replaces its content, as a draft with
// the input's items.
func writeReintegrationPlan(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID string, create bool, in domain.ReintegrationInput) error {
	var err error
	if create {
		_, err = tx.Exec(ctx, `INSERT INTO reintegration_plans (case_id, status, planned_release, release_type, supervising_agency, updated_by)
			VALUES ($1, 'draft', $2, nullif($3, ''), $4, $5)`, caseID, in.PlannedRelease, in.ReleaseType, in.SupervisingAgency, p.UserID)
	} else {
		_, err = tx.Exec(ctx, `UPDATE reintegration_plans SET status = 'draft', planned_release = $2, release_type = nullif($3, ''),
			supervising_agency = $4, version = version + 1, updated_by = $5, updated_at = now() WHERE case_id = $1`,
			caseID, in.PlannedRelease, in.ReleaseType, in.SupervisingAgency, p.UserID)
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM reintegration_items WHERE case_id = $1", caseID); err != nil {
		return err
	}
	for _, it := range in.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO reintegration_items (case_id, area, status, description) VALUES ($1, $2, $3, $4)`,
			caseID, it.Area, it.Status, it.Description); err != nil {
			return err
		}
	}
	return nil
}

// planAtVersion loads a case's reintegration plan, which must be at the version ifMatch
// names (PreconditionFailed otherwise): nobody acts on a version they have not seen.
func planAtVersion(ctx context.Context, tx pgx.Tx, caseID string, ifMatch int) (domain.ReintegrationPlan, error) {
	r, err := loadReintegrationPlan(ctx, tx, caseID)
	if err != nil {
		return r, err
	}
	return r, domain.CheckIfMatch("reintegration plan", r.Version, ifMatch)
}

// SubmitReintegrationPlan sends the draft to the supervisors' queue (the approval's subject
// is the case, whose one plan it is). ifMatch must name the plan's current version: nobody
// submits a version they have not seen.
func (db *DB) SubmitReintegrationPlan(ctx context.Context, p *domain.Principal, caseID string, ifMatch int) (domain.ReintegrationPlan, error) {
	var r domain.ReintegrationPlan
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if r, err = planAtVersion(ctx, tx, c.ID, ifMatch); err != nil {
			return err
		}
		if !slices.Contains(domain.ReintegrationPlanPhases, c.Phase) {
			return domain.Errorf(domain.CodeConflict, "the case is in %s: its reintegration plan can no longer be submitted", c.Phase)
		}
		if r.Status != "draft" {
			return domain.Errorf(domain.CodeConflict, "only a draft plan can be submitted (this one is %s)", r.Status)
		}
		if len(r.Items) == 0 {
			return domain.Invalid(domain.FieldProblem{Field: "items", Reason: "required", Detail: "the plan has no items to submit"})
		}
		// The submitter is the request's requester; updated_by stays the plan's last editor.
		if _, err := tx.Exec(ctx, "UPDATE reintegration_plans SET status = 'submitted', version = version + 1 WHERE case_id = $1", c.ID); err != nil {
			return err
		}
		var approvalID string
		if err := tx.QueryRow(ctx, `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, 'reintegration_plan', $1, $2) RETURNING id`,
			c.ID, p.UserID).Scan(&approvalID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, RefID: c.ID,
			TimelineEvent: domain.EventReintegrationPlanSubmitted()}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "reintegration_plan.submit", c, map[string]any{"approval_id": approvalID}); err != nil {
			return err
		}
		r, err = loadReintegrationPlan(ctx, tx, c.ID)
		return err
	})
	return r, err
}

// DiscardReintegrationRevision drops the revision ifMatch names and puts the approved plan
// kept in force back as the working copy, with a new version (so an editor holding the
// revision's ETag cannot overwrite it unseen).
func (db *DB) DiscardReintegrationRevision(ctx context.Context, p *domain.Principal, caseID string, ifMatch int) (domain.ReintegrationPlan, error) {
	var r domain.ReintegrationPlan
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if r, err = planAtVersion(ctx, tx, c.ID, ifMatch); err != nil {
			return err
		}
		if err := domain.DiscardReintegrationRevision(r.Status, r.InForce != nil); err != nil {
			return err
		}
		f := r.InForce
		if _, err := tx.Exec(ctx, `UPDATE reintegration_plans SET status = 'approved', planned_release = $2, release_type = nullif($3, ''),
				supervising_agency = $4, version = version + 1, updated_by = $5, updated_at = $6, decided_at = $7 WHERE case_id = $1`,
			c.ID, f.PlannedRelease, f.ReleaseType, f.SupervisingAgency, f.UpdatedBy, f.UpdatedAt, f.DecidedAt); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM reintegration_items WHERE case_id = $1", c.ID); err != nil {
			return err
		}
		for _, it := range f.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO reintegration_items (case_id, area, status, description) VALUES ($1, $2, $3, $4)`,
				c.ID, it.Area, it.Status, it.Description); err != nil {
				return err
			}
		}
		if err := dropReintegrationInForce(ctx, tx, c.ID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, RefID: c.ID, Practices: []string{},
			TimelineEvent: domain.EventReintegrationPlanDiscarded()}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "reintegration_plan.discard", c, map[string]any{"discarded_version": ifMatch}); err != nil {
			return err
		}
		r, err = loadReintegrationPlan(ctx, tx, c.ID)
		return err
	})
	return r, err
}
