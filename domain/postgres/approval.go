package postgres

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

var approvalColumns = `a.id, a.case_id, pa.pseudonym, a.kind, a.subject_id, a.status, ru.username, ru.display_name, a.requested_at,
	coalesce(du.username, ''), coalesce(du.display_name, ''), a.decided_at, a.comment, coalesce(pc.from_phase, ''), coalesce(pc.to_phase, ''),
	coalesce(pc.reason, ''), coalesce(pc.closure_reason, ''), coalesce(pl.version, 0), coalesce(m.definition_code, ''), m.achieved_on,
	coalesce(m.evidence, ''), ` + approvalPlanJSON("pl.id") + `, ` + approvalPlanJSON(`(SELECT f.id FROM plans f
		WHERE a.kind = 'plan' AND f.case_id = a.case_id AND f.status = 'approved' AND f.id <> a.subject_id ORDER BY f.version DESC LIMIT 1)`) + `,
	CASE WHEN a.kind = 'reintegration_plan' THEN (SELECT json_build_object('planned_release', r.planned_release, 'release_type', coalesce(r.release_type, ''),
		'supervising_agency', r.supervising_agency, 'version', r.version,
		'items', coalesce((SELECT json_agg(json_build_object('area', i.area, 'status', i.status, 'description', i.description) ORDER BY i.area)
			FROM reintegration_items i WHERE i.case_id = r.case_id), '[]'))
		FROM reintegration_plans r WHERE r.case_id = a.case_id) END`

const approvalFrom = ` FROM approvals a JOIN cases c ON c.id = a.case_id JOIN participants pa ON pa.id = c.participant_id
	JOIN users ru ON ru.id = a.requested_by LEFT JOIN users du ON du.id = a.decided_by
	LEFT JOIN phase_changes pc ON a.kind = 'transition' AND pc.id = a.subject_id
	LEFT JOIN plans pl ON a.kind = 'plan' AND pl.id = a.subject_id
	LEFT JOIN milestones m ON a.kind = 'milestone' AND m.id = a.subject_id`

// approvalPlanJSON is one plan version (the one whose id the expression gives) as JSON, with
// its goals in order and the responsible person's display name (their username when they
// have none).
func approvalPlanJSON(idExpr string) string {
	return `(SELECT json_build_object('id', x.id, 'version', x.version, 'status', x.status, 'summary', x.summary,
		'goals', coalesce((SELECT json_agg(json_build_object('need', g.need, 'description', g.description, 'interventions', g.interventions,
			'responsible', coalesce(nullif(ru2.display_name, ''), ru2.username, ''), 'target_date', g.target_date) ORDER BY g.position)
			FROM plan_goals g LEFT JOIN users ru2 ON ru2.id = g.responsible_id WHERE g.plan_id = x.id), '[]'))
		FROM plans x WHERE x.id = ` + idExpr + `)`
}

type approvalGoalRow struct {
	Need          string   `json:"need"`
	Description   string   `json:"description"`
	Interventions []string `json:"interventions"`
	Responsible   string   `json:"responsible"`
	TargetDate    pgDate   `json:"target_date"`
}

type approvalPlanRow struct {
	ID      string            `json:"id"`
	Version int               `json:"version"`
	Status  string            `json:"status"`
	Summary string            `json:"summary"`
	Goals   []approvalGoalRow `json:"goals"`
}

func (r *approvalPlanRow) plan(caseID string) *domain.Plan {
	if r == nil {
		return nil
	}
	p := &domain.Plan{ID: r.ID, CaseID: caseID, Version: r.Version, Status: r.Status, Summary: r.Summary, Goals: []domain.PlanGoal{}}
	for _, g := range r.Goals {
		goal := domain.PlanGoal{Need: g.Need, Description: g.Description, Interventions: g.Interventions, ResponsibleID: g.Responsible}
		if !g.TargetDate.IsZero() {
			d := g.TargetDate.Time
			goal.TargetDate = &d
		}
		p.Goals = append(p.Goals, goal)
	}
	return p
}

type approvalReintegrationRow struct {
	PlannedRelease    pgDate `json:"planned_release"`
	ReleaseType       string `json:"release_type"`
	SupervisingAgency string `json:"supervising_agency"`
	Version           int    `json:"version"`
	Items             []struct {
		Area        string `json:"area"`
		Status      string `json:"status"`
		Description string `json:"description"`
	} `json:"items"`
}

// scanApproval reads approvalColumns. In the plans it returns, a goal's ResponsibleID holds
// the responsible person's display name, else username (what a decider reads), not their id.
func scanApproval(row pgx.Row, a *domain.Approval) error {
	var plan, inForce *approvalPlanRow
	var re *approvalReintegrationRow
	if err := row.Scan(&a.ID, &a.CaseID, &a.Pseudonym, &a.Kind, &a.SubjectID, &a.Status, &a.RequestedBy, &a.RequestedByName, &a.RequestedAt,
		&a.DecidedBy, &a.DecidedByName, &a.DecidedAt, &a.Comment, &a.FromPhase, &a.ToPhase,
		&a.Reason, &a.ClosureReason, &a.PlanVersion, &a.MilestoneCode, &a.AchievedOn,
		&a.Evidence, &plan, &inForce, &re); err != nil {
		return err
	}
	a.Plan, a.PlanInForce = plan.plan(a.CaseID), inForce.plan(a.CaseID)
	if re != nil {
		r := &domain.ReintegrationPlan{CaseID: a.CaseID, ReleaseType: re.ReleaseType, SupervisingAgency: re.SupervisingAgency,
			Version: re.Version, Items: []domain.ReintegrationItem{}}
		if !re.PlannedRelease.IsZero() {
			d := re.PlannedRelease.Time
			r.PlannedRelease = &d
		}
		for _, i := range re.Items {
			r.Items = append(r.Items, domain.ReintegrationItem{Area: i.Area, Status: i.Status, Description: i.Description})
		}
		a.Reintegration = r
	}
	return nil
}

// ListApprovals is the supervisor's queue: pending requests on cases in their scope, oldest
// first.
func (db *DB) ListApprovals(ctx context.Context, p *domain.Principal, f domain.ApprovalFilter) ([]domain.Approval, string, error) {
	var out []domain.Approval
	var next string
	limit := pageLimit(f.Limit, 100, 500)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		args := []any{}
		where := []string{"a.status = 'pending'", scopeFilter(p, domain.RoleSupervisor, "c.country", "c.facility_id", &args)}
		if f.Kind != "" {
			args = append(args, f.Kind)
			where = append(where, "a.kind = $"+strconv.Itoa(len(args)))
		}
		if f.Cursor != "" {
			at, id, err := parseTimeCursor(f.Cursor)
			if err != nil {
				return err
			}
			args = append(args, at, id)
			where = append(where, "(a.requested_at, a.id) > ($"+strconv.Itoa(len(args)-1)+", $"+strconv.Itoa(len(args))+"::uuid)")
		}
		rows, err := tx.Query(ctx, "SELECT "+approvalColumns+approvalFrom+" WHERE "+strings.Join(where, " AND ")+
			" ORDER BY a.requested_at, a.id LIMIT "+strconv.Itoa(limit+1), args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (a domain.Approval, err error) {
			err = scanApproval(r, &a)
			return a, err
		})
		if err != nil {
			return err
		}
		if len(out) > limit {
			out = out[:limit]
			next = timeCursor(out[limit-1].RequestedAt, out[limit-1].ID)
		}
		// A phase change is shown with the facts its guard checks, read as the decision
		// will read them (one pending change per case, so one query per such request).
		for i := range out {
			if out[i].Kind != "transition" {
				continue
			}
			f, err := loadFacts(ctx, tx, out[i].CaseID)
			if err != nil {
				return err
			}
			out[i].Grounds = domain.TransitionGrounds(f, out[i].ToPhase, out[i].ClosureReason)
		}
		ev := domain.NewAuditEvent(p, "approval.list", "approval", "", domain.OutcomeSuccess)
		ids := make([]string, 0, len(out))
		for _, a := range out {
			if !slices.Contains(ids, a.CaseID) {
				ids = append(ids, a.CaseID)
			}
		}
		ev.Details = details(map[string]any{"count": len(out), "kind": f.Kind, "case_ids": ids})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, next, err
}

// DecideApproval approves or rejects a pending request, and applies the decision to its
// subject in the same transaction. Only a supervisor whose scope covers the case may decide,
// never the requester nor anyone who wrote or changed what is to be approved
// (domain.CheckDecider; the database refuses both too). A transition's guard is checked again: the facts may have changed since
// the request, and a failing guard leaves the request pending.
func (db *DB) DecideApproval(ctx context.Context, p *domain.Principal, id string, d domain.Decision) (domain.Approval, error) {
	action := "approval.reject"
	if d.Approve {
		action = "approval.approve"
	}
	var out domain.Approval
	err := db.tx(ctx, func(tx pgx.Tx) error {
		caseID, err := approvalCase(ctx, tx, p, id, action)
		if err != nil {
			return err
		}
		ref, subject, f, err := lockApproval(ctx, tx, caseID, id)
		if err != nil {
			return err
		}
		plan, reason, err := domain.PlanApprovalDecision(f, p.UserID, d)
		if reason != "" {
			return refuse(p, action, "case", caseID, err, map[string]any{"approval_id": id, "kind": f.Kind, "reason": reason})
		} else if err != nil {
			return err
		}
		ev, err := applyApprovalDecision(ctx, tx, caseID, f.Kind, subject, d.Approve, plan)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE approvals SET status = $2, decided_by = $3, decided_at = now(), comment = $4 WHERE id = $1`,
			id, plan.Verdict, p.UserID, d.Comment); err != nil {
			return err
		}
		ev.CaseID = caseID
		if ev.RefID == "" {
			ev.RefID = subject
		}
		if err := addCaseEvent(ctx, tx, p, ev); err != nil {
			return err
		}
		if err := scanApproval(tx.QueryRow(ctx, "SELECT "+approvalColumns+approvalFrom+" WHERE a.id = $1", id), &out); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, action, ref, map[string]any{"approval_id": id, "kind": f.Kind, "subject_id": subject}); err != nil {
			return err
		}
		return db.auditAcknowledged(ctx, tx, p, ref, "approval", id, plan.Kinds)
	})
	return out, err
}

// approvalCase finds the case of a request the principal may decide. Absent and out of
// scope are the same NotFound, refused in the trail; out of scope names the case there.
func approvalCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, id, action string) (string, error) {
	if !validUUID(id) {
		return "", domain.NotFound("approval") // names no record: nothing to tell an auditor
	}
	args := []any{id}
	var caseID string
	err := tx.QueryRow(ctx, "SELECT a.case_id FROM approvals a JOIN cases c ON c.id = a.case_id WHERE a.id = $1 AND "+
		scopeFilter(p, domain.RoleSupervisor, "c.country", "c.facility_id", &args), args...).Scan(&caseID)
	if err == pgx.ErrNoRows {
		// Out of scope or absent: the same 404, but the auditor learns which case it was.
		err = tx.QueryRow(ctx, "SELECT case_id FROM approvals WHERE id = $1", id).Scan(&caseID)
		if err == pgx.ErrNoRows {
			return "", refuse(p, action, "approval", id, domain.NotFound("approval"), map[string]any{"reason": "not_found"})
		} else if err != nil {
			return "", err
		}
		return "", refuse(p, action, "case", caseID, domain.NotFound("approval"), map[string]any{"approval_id": id, "reason": "out_of_scope"})
	} else if err != nil {
		return "", err
	}
	reached(ctx, caseID)
	return caseID, nil
}

// lockApproval locks the case, then the request (the same order as a transition request),
// and loads what the decision is checked against and the id of the record it decides.
func lockApproval(ctx context.Context, tx pgx.Tx, caseID, id string) (caseRef, string, domain.ApprovalDecisionFacts, error) {
	ref := caseRef{ID: caseID}
	var subject string
	var f domain.ApprovalDecisionFacts
	if err := tx.QueryRow(ctx, `SELECT country, facility_id, (SELECT birth_year FROM participants WHERE id = c.participant_id)
		FROM cases c WHERE c.id = $1 FOR UPDATE`, caseID).Scan(&ref.Country, &ref.FacilityID, &ref.BirthYear); err != nil {
		return ref, "", f, err
	}
	f.BirthYear = ref.BirthYear
	err := tx.QueryRow(ctx, "SELECT kind, subject_id, status, requested_by, authors::text[] FROM approvals WHERE id = $1 FOR UPDATE", id).
		Scan(&f.Kind, &subject, &f.Request.Status, &f.Request.RequestedBy, &f.Request.Authors)
	return ref, subject, f, err
}

// applyApprovalDecision writes what the decision plan does to the record the request is
// about, and returns the case history's event for it.
func applyApprovalDecision(ctx context.Context, tx pgx.Tx, caseID, kind, subject string, approve bool, plan domain.ApprovalDecisionPlan) (caseEvent, error) {
	switch kind {
	case domain.ApprovalTransition:
		return decideTransition(ctx, tx, caseID, subject, approve)
	case domain.ApprovalPlan:
		if plan.SupersedePlans {
			if _, err := tx.Exec(ctx, "UPDATE plans SET status = 'superseded' WHERE case_id = $1 AND status = 'approved' AND id <> $2", caseID, subject); err != nil {
				return caseEvent{}, err
			}
		}
		if err := decideSubject(ctx, tx, "UPDATE plans SET status = $3, decided_at = now() WHERE id = $1 AND case_id = $2 AND status = 'submitted'",
			subject, caseID, plan.SubjectStatus); err != nil {
			return caseEvent{}, err
		}
		var version int
		if err := tx.QueryRow(ctx, "SELECT version FROM plans WHERE id = $1", subject).Scan(&version); err != nil {
			return caseEvent{}, err
		}
		// The plan evidenced its practices when it was made (CreatePlan): a decision on it
		// is not a second activity, so coverage counts each plan once.
		return caseEvent{TimelineEvent: domain.EventPlanDecided(approve, version), Practices: []string{}}, nil
	case domain.ApprovalMilestone:
		return decideMilestone(ctx, tx, caseID, subject, plan)
	case domain.ApprovalReintegrationPlan:
		// A case has one reintegration plan, keyed by the case; the subject names either.
		if err := decideSubject(ctx, tx, `UPDATE reintegration_plans SET status = $2, decided_at = now()
			WHERE case_id = $1 AND status = 'submitted'`, caseID, plan.SubjectStatus); err != nil {
			return caseEvent{}, err
		}
		// An approved revision is now the plan in force; a rejected one leaves the
		// earlier approved plan in force.
		if plan.DropInForce {
			if err := dropReintegrationInForce(ctx, tx, caseID); err != nil {
				return caseEvent{}, err
			}
		}
		// Evidenced once, when the plan was made (PutReintegrationPlan).
		return caseEvent{TimelineEvent: domain.EventReintegrationPlanDecided(approve), Practices: []string{}}, nil
	}
	return caseEvent{}, domain.Internal(nil)
}

// decideMilestone verifies or rejects a claimed milestone. A claim waiting for verification
// evidences nothing (ClaimMilestone): the verified milestone does, once.
func decideMilestone(ctx context.Context, tx pgx.Tx, caseID, subject string, plan domain.ApprovalDecisionPlan) (caseEvent, error) {
	if err := decideSubject(ctx, tx, "UPDATE milestones SET status = $3, decided_at = now() WHERE id = $1 AND case_id = $2 AND status = 'claimed'",
		subject, caseID, plan.SubjectStatus); err != nil {
		return caseEvent{}, err
	}
	var code, name string
	if err := tx.QueryRow(ctx, `SELECT m.definition_code, d.name FROM milestones m JOIN milestone_definitions d ON d.code = m.definition_code
		WHERE m.id = $1`, subject).Scan(&code, &name); err != nil {
		return caseEvent{}, err
	}
	ev := caseEvent{TimelineEvent: domain.EventMilestoneDecided(plan.SubjectStatus == "verified", code, name), Practices: []string{}}
	if !plan.EvidencePractices {
		return ev, nil
	}
	rows, err := tx.Query(ctx, `SELECT mp.practice_code FROM milestones m JOIN milestone_practices mp ON mp.milestone_code = m.definition_code
		WHERE m.id = $1 ORDER BY 1`, subject)
	if err != nil {
		return caseEvent{}, err
	}
	ev.Practices, err = pgx.CollectRows(rows, pgx.RowTo[string])
	return ev, err
}

// decideSubject runs a status update on the approval's subject; no row means the subject is
// no longer waiting (withdrawn or changed by another route), which is a conflict.
func decideSubject(ctx context.Context, tx pgx.Tx, q string, args ...any) error {
	tag, err := tx.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.CodeConflict, "the record this request is about is no longer waiting for a decision")
	}
	return nil
}

func decideTransition(ctx context.Context, tx pgx.Tx, caseID, changeID string, approve bool) (caseEvent, error) {
	pc, err := getPhaseChange(ctx, tx, changeID)
	if err != nil {
		return caseEvent{}, err
	}
	if pc.Status != "pending" {
		return caseEvent{}, domain.Errorf(domain.CodeConflict, "this phase change is no longer pending")
	}
	if !approve {
		if _, err := tx.Exec(ctx, "UPDATE phase_changes SET status = 'rejected' WHERE id = $1", changeID); err != nil {
			return caseEvent{}, err
		}
		return caseEvent{TimelineEvent: domain.EventTransitionRejected(pc.From, pc.To), RefID: changeID, Practices: []string{}}, nil
	}
	facts, err := loadFacts(ctx, tx, caseID)
	if err != nil {
		return caseEvent{}, err
	}
	if facts.Phase != pc.From {
		return caseEvent{}, domain.Errorf(domain.CodeConflict, "the case is no longer in %s", pc.From)
	}
	if _, err := domain.CheckTransition(facts, domain.TransitionRequest{To: pc.To, Reason: pc.Reason, ClosureReason: pc.ClosureReason,
		Recall: pc.Recall}); err != nil {
		return caseEvent{}, err
	}
	if err := applyPhase(ctx, tx, phaseMove{CaseID: caseID, ChangeID: changeID, From: pc.From, To: pc.To, Track: facts.Track,
		Closure: pc.ClosureReason, Recall: pc.Recall}); err != nil {
		return caseEvent{}, err
	}
	if _, err := tx.Exec(ctx, "UPDATE phase_changes SET status = 'approved', effective_on = current_date WHERE id = $1", changeID); err != nil {
		return caseEvent{}, err
	}
	ev := phaseEvent(pc, "approved")
	if pc.To == domain.PhaseReintegration {
		ev.Practices, ev.RecordKind = nil, "release"
	}
	return ev, nil
}
