package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

func loadPlans(ctx context.Context, tx pgx.Tx, caseID, id string) ([]domain.Plan, error) {
	q := `SELECT p.id, p.case_id, p.version, p.status, p.summary, p.created_by, p.created_at, p.submitted_at, p.decided_at,
		coalesce(dec.username, ''), coalesce(dec.comment, '')
		FROM plans p
		LEFT JOIN LATERAL (SELECT du.username, a.comment FROM approvals a JOIN users du ON du.id = a.decided_by
			WHERE a.kind = 'plan' AND a.subject_id = p.id AND a.status <> 'pending' ORDER BY a.decided_at DESC LIMIT 1) dec ON true
		WHERE p.case_id = $1`
	args := []any{caseID}
	if id != "" {
		q += " AND p.id = $2"
		args = append(args, id)
	}
	rows, err := tx.Query(ctx, q+" ORDER BY p.version DESC", args...)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (p domain.Plan, err error) {
		err = r.Scan(&p.ID, &p.CaseID, &p.Version, &p.Status, &p.Summary, &p.CreatedBy, &p.CreatedAt, &p.SubmittedAt, &p.DecidedAt,
			&p.DecidedBy, &p.DecisionComment)
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

// ListPlans lists a case's plan versions, newest first, with their goals and the decision
// on each, and audits the read (how many). Returns NotFound if the case is absent or outside
// the caller's scope.
func (db *DB) ListPlans(ctx context.Context, p *domain.Principal, caseID string) ([]domain.Plan, error) {
	return listCaseRecords(ctx, db, p, caseID, "plan.list", loadPlans)
}

// CreatePlan records the case's next plan version as a draft, decided by domain.CheckNewPlan
// on facts loaded in one query, on the timeline and in the audit trail. Returns NotFound if
// the case is absent or outside the caller's scope, Conflict if it is closed or still in
// intake, and Invalid for the plan's own rules, unacknowledged identifiers, intervention
// types not in use or responsible staff who may not deliver on the case.
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
		facts, err := loadPlanFacts(ctx, tx, c, in, db.today())
		if err != nil {
			return err
		}
		kinds, err := domain.CheckNewPlan(facts, in)
		if err != nil {
			return err
		}
		id, version, err := insertPlan(ctx, tx, p, c, in)
		if err != nil {
			return err
		}
		if err := db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, RefID: id,
			TimelineEvent: domain.EventPlanCreated(version), RecordKind: "plan"}, "plan.create", map[string]any{"plan_id": id, "version": version}, "plan", id, kinds); err != nil {
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

// loadPlanFacts reads, in one query, what domain.CheckNewPlan decides plan in for the locked
// case c on: which of its intervention codes are not current types, and which of its
// responsible staff may deliver on the case (on its team, or a supervisor whose scope covers
// it; an id that is no UUID is nobody).
func loadPlanFacts(ctx context.Context, tx pgx.Tx, c caseRef, in domain.PlanInput, today time.Time) (domain.PlanFacts, error) {
	f := domain.PlanFacts{Phase: c.Phase, OpenedOn: c.OpenedOn, BirthYear: c.BirthYear, Today: today}
	codes, staff := []string{}, []string{}
	for _, g := range in.Goals {
		codes = append(codes, g.Interventions...)
		if validUUID(g.ResponsibleID) {
			staff = append(staff, g.ResponsibleID)
		}
	}
	err := tx.QueryRow(ctx, `SELECT
			(SELECT coalesce(array_agg(x), '{}') FROM unnest($1::text[]) x
				WHERE NOT EXISTS (SELECT 1 FROM intervention_types WHERE code = x AND retired_at IS NULL)),
			(SELECT coalesce(array_agg(x), '{}') FROM unnest($2::text[]) x
				WHERE `+deliversOnSQL("x::uuid", "$3::uuid", "$4", "$5")+`)`,
		codes, staff, c.ID, c.Country, c.FacilityID).Scan(&f.UnknownInterventions, &f.Deliverers)
	return f, err
}

// insertPlan writes plan in as the case's next version, a draft, with its goals in order,
// inside tx, and returns its id and version.
func insertPlan(ctx context.Context, tx pgx.Tx, p *domain.Principal, c caseRef, in domain.PlanInput) (id string, version int, err error) {
	if err := tx.QueryRow(ctx, `INSERT INTO plans (case_id, version, status, summary, created_by)
		VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM plans WHERE case_id = $1), 'draft', $2, $3) RETURNING id, version`,
		c.ID, in.Summary, p.UserID).Scan(&id, &version); err != nil {
		return "", 0, err
	}
	for i, g := range in.Goals {
		interventions := g.Interventions
		if interventions == nil {
			interventions = []string{}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO plan_goals (plan_id, position, need, description, interventions, responsible_id, target_date)
			VALUES ($1, $2, $3, $4, $5, nullif($6, '')::uuid, $7)`, id, i+1, g.Need, g.Description, interventions, g.ResponsibleID, g.TargetDate); err != nil {
			return "", 0, err
		}
	}
	return id, version, nil
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
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, RefID: plan.ID,
			TimelineEvent: domain.EventPlanSubmitted(plan.Version)}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "plan.submit", c, map[string]any{"plan_id": plan.ID, "approval_id": approvalID}); err != nil {
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
