package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

func loadPlans(ctx context.Context, tx pgx.Tx, caseID, id string) ([]domain.Plan, error) {
	q := `SELECT id, case_id, version, status, summary, created_by, created_at, submitted_at, decided_at FROM plans WHERE case_id = $1`
	args := []any{caseID}
	if id != "" {
		q += " AND id = $2"
		args = append(args, id)
	}
	rows, err := tx.Query(ctx, q+" ORDER BY version DESC", args...)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (p domain.Plan, err error) {
		err = r.Scan(&p.ID, &p.CaseID, &p.Version, &p.Status, &p.Summary, &p.CreatedBy, &p.CreatedAt, &p.SubmittedAt, &p.DecidedAt)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	ids := make([]string, len(list))
	for i, p := range list {
		idx[p.ID], ids[i] = i, p.ID
		list[i].Goals = []domain.PlanGoal{}
	}
	rows, err = tx.Query(ctx, `SELECT plan_id, need, description, interventions, coalesce(responsible_id::text, ''), target_date
		FROM plan_goals WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, position`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid string
		var g domain.PlanGoal
		if err := rows.Scan(&pid, &g.Need, &g.Description, &g.Interventions, &g.ResponsibleID, &g.TargetDate); err != nil {
			return nil, err
		}
		list[idx[pid]].Goals = append(list[idx[pid]].Goals, g)
	}
	return list, rows.Err()
}

func (db *DB) ListPlans(ctx context.Context, p *domain.Principal, caseID string) ([]domain.Plan, error) {
	return listCaseRecords(ctx, db, p, caseID, "plan.list", loadPlans)
}

func (db *DB) CreatePlan(ctx context.Context, p *domain.Principal, caseID string, in domain.PlanInput) (domain.Plan, error) {
	var plan domain.Plan
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		if c.Phase == domain.PhaseIntake {
			return domain.Errorf(domain.CodeConflict, "a plan is made once the case is in assessment: finish intake first")
		}
		if err := domain.CheckRecordDates(c.OpenedOn, in.Dates()...); err != nil {
			return err
		}
		kinds, err := in.Validate(db.today(), c.BirthYear)
		if err != nil {
			return err
		}
		var probs domain.Problems
		for i, g := range in.Goals {
			at := "goals[" + strconv.Itoa(i) + "]"
			var unknown []string
			if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(x), '{}') FROM unnest($1::text[]) x
				WHERE NOT EXISTS (SELECT 1 FROM intervention_types WHERE code = x AND retired_at IS NULL)`, g.Interventions).Scan(&unknown); err != nil {
				return err
			}
			if len(unknown) > 0 {
				probs.Add(at+".interventions", "unknown_reference", "no such current intervention type: "+unknown[0])
			}
			if g.ResponsibleID != "" {
				ok, err := canDeliver(ctx, tx, g.ResponsibleID, c)
				if err != nil {
					return err
				}
				if !ok {
					probs.Add(at+".responsible_id", "not_on_team", "must be on the case team or a supervisor of the case")
				}
			}
		}
		if err := probs.Err(); err != nil {
			return err
		}
		var id string
		var version int
		if err := tx.QueryRow(ctx, `INSERT INTO plans (case_id, version, status, summary, created_by)
			VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM plans WHERE case_id = $1), 'draft', $2, $3) RETURNING id, version`,
			c.ID, in.Summary, p.UserID).Scan(&id, &version); err != nil {
			return err
		}
		for i, g := range in.Goals {
			interventions := g.Interventions
			if interventions == nil {
				interventions = []string{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO plan_goals (plan_id, position, need, description, interventions, responsible_id, target_date)
				VALUES ($1, $2, $3, $4, $5, nullif($6, '')::uuid, $7)`, id, i+1, g.Need, g.Description, interventions, g.ResponsibleID, g.TargetDate); err != nil {
				return err
			}
		}
		if err := db.recordWrite(ctx, tx, p, caseEvent{CaseID: c.ID, Kind: "plan.created", RefID: id,
			Summary: "plan version " + strconv.Itoa(version), RecordKind: "plan"}, "plan.create", map[string]any{"plan_id": id, "version": version}, "plan", id, kinds); err != nil {
			return err
		}
		list, err := loadPlans(ctx, tx, c.ID, id)
		if err == nil {
			plan = list[0]
		}
		return err
	})
	return plan, err
}

// SubmitPlan sends a draft to the supervisors' queue. A plan outside the caller's cases is
// not found, like the case itself.
func (db *DB) SubmitPlan(ctx context.Context, p *domain.Principal, planID string) (domain.Plan, error) {
	var plan domain.Plan
	err := db.tx(ctx, func(tx pgx.Tx) error {
		notFound := func() error {
			return refuse(p, "plan.submit", "plan", planID, domain.NotFound("plan"), map[string]any{"reason": "not_found"})
		}
		if !validUUID(planID) {
			return domain.NotFound("plan") // names no record: nothing to tell an auditor
		}
		var caseID string
		if err := tx.QueryRow(ctx, "SELECT case_id FROM plans WHERE id = $1", planID).Scan(&caseID); err == pgx.ErrNoRows {
			return notFound()
		} else if err != nil {
			return err
		}
		c, err := lockCase(ctx, tx, p, caseID)
		if denied := (*caseDenied)(nil); errors.As(err, &denied) {
			denied.err = domain.NotFound("plan") // audited as a denied access to its case
			return denied
		} else if err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		list, err := loadPlans(ctx, tx, c.ID, planID)
		if err != nil {
			return err
		}
		plan = list[0]
		if plan.Status != "draft" {
			return domain.Errorf(domain.CodeConflict, "only a draft plan can be submitted (this one is %s)", plan.Status)
		}
		if _, err := tx.Exec(ctx, "UPDATE plans SET status = 'submitted', submitted_at = now() WHERE id = $1", plan.ID); err != nil {
			return err
		}
		var approvalID string
		if err := tx.QueryRow(ctx, `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, 'plan', $2, $3) RETURNING id`,
			c.ID, plan.ID, p.UserID).Scan(&approvalID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, Kind: "plan.submitted", RefID: plan.ID,
			Summary: "plan version " + strconv.Itoa(plan.Version) + " submitted for approval"}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "plan.submit", c.ID, map[string]any{"plan_id": plan.ID, "approval_id": approvalID}); err != nil {
			return err
		}
		list, err = loadPlans(ctx, tx, c.ID, planID)
		if err == nil {
			plan = list[0]
		}
		return err
	})
	return plan, err
}
