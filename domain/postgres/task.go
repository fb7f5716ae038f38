package postgres

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// pgDate reads a date that json_build_object wrote as "YYYY-MM-DD".
type pgDate struct{ time.Time }

// UnmarshalJSON reads a date as PostgreSQL's json functions write it (YYYY-MM-DD).
func (d *pgDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil || s == "" {
		return err
	}
	t, err := time.Parse("2006-01-02", s)
	d.Time = t
	return err
}

type taskPointRow struct {
	ID     string `json:"id"`
	Months int    `json:"months"`
	DueOn  pgDate `json:"due_on"`
	Status string `json:"status"`
}

type taskApprovalRow struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Status      string     `json:"status"`
	Mine        bool       `json:"mine"`
	RequestedAt time.Time  `json:"requested_at"`
	DecidedAt   *time.Time `json:"decided_at"`
	DecidedBy   string     `json:"decided_by"`
	Comment     string     `json:"comment"`
	ToPhase     string     `json:"to_phase"`
	PlanVersion int        `json:"plan_version"`
	Milestone   string     `json:"milestone"`
}

type taskPlanRow struct {
	ID        string     `json:"id"`
	Version   int        `json:"version"`
	Status    string     `json:"status"`
	DecidedAt *time.Time `json:"decided_at"`
}

type taskDraftRow struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Mine     bool      `json:"mine"`
	SavedAt  time.Time `json:"saved_at"`
	Occasion string    `json:"occasion"`
	Version  int       `json:"version"`
}

// taskFactsQuery loads the task facts of every case the caller sees that could hold a task:
// open cases, closed cases with a follow-up point still open, and cases with a decision on
// one of the caller's requests since $2 (its news window). Drafts are the caller's own only. $1 is the caller's user id; the
// visibility and supervision conditions follow.
const taskFactsQuery = `SELECT c.id, pa.pseudonym, c.programme_id, c.facility_id, c.phase, c.track, c.opened_on, c.phase_since,
	EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.user_id = $1), %SUPERVISED%,
	coalesce((SELECT coalesce(nullif(u.display_name, ''), u.username) FROM users u WHERE u.id = c.case_manager_id), ''),
	EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.occasion = 'baseline' AND a.status = 'final'),
	coalesce(c.next_review_date, (SELECT coalesce(a.next_review_date, a.assessed_on + i.review_interval_days)
		FROM assessments a JOIN instruments i ON i.code = a.instrument_code AND i.version = a.instrument_version
		WHERE a.case_id = c.id AND a.status = 'final' ORDER BY a.assessed_on DESC, a.finalised_at DESC LIMIT 1)),
	c.expected_release_date,
	coalesce((SELECT r.status FROM reintegration_plans r WHERE r.case_id = c.id), ''),
	` + reintegrationInForce + `,
	(SELECT json_build_object('id', pl.id, 'version', pl.version, 'status', pl.status, 'decided_at', pl.decided_at)
		FROM plans pl WHERE pl.case_id = c.id AND pl.status <> 'discarded' ORDER BY pl.version DESC LIMIT 1),
	coalesce((SELECT json_agg(json_build_object('id', f.id, 'months', f.months, 'due_on', f.due_on, 'status', f.status) ORDER BY f.due_on)
		FROM follow_up_points f WHERE f.case_id = c.id), '[]'),
	coalesce((SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'status', a.status, 'mine', a.requested_by = $1,
			'requested_at', a.requested_at, 'decided_at', a.decided_at, 'decided_by', coalesce(nullif(du.display_name, ''), du.username, ''), 'comment', a.comment,
			'to_phase', coalesce(pc.to_phase, ''), 'plan_version', coalesce(pl.version, 0), 'milestone', coalesce(m.definition_code, ''))
			ORDER BY a.requested_at)
		FROM approvals a LEFT JOIN users du ON du.id = a.decided_by
			LEFT JOIN phase_changes pc ON a.kind = 'transition' AND pc.id = a.subject_id
			LEFT JOIN plans pl ON a.kind = 'plan' AND pl.id = a.subject_id
			LEFT JOIN milestones m ON a.kind = 'milestone' AND m.id = a.subject_id
		WHERE a.case_id = c.id AND (a.status = 'pending' OR (a.requested_by = $1 AND a.decided_at >= $2)
			OR (a.kind = 'plan' AND a.status = 'rejected'))), '[]'),
	g.expected_phase_days,
	coalesce((SELECT json_agg(d ORDER BY d.saved_at) FROM (
		SELECT a.id, 'assessment' AS kind, true AS mine, a.created_at AS saved_at, a.occasion, 0 AS version
			FROM assessments a WHERE a.case_id = c.id AND a.status = 'draft' AND a.assessor_id = $1
		UNION ALL SELECT pl.id, 'plan', true, pl.created_at, '', pl.version
			FROM plans pl WHERE pl.case_id = c.id AND pl.status = 'draft' AND pl.created_by = $1
		UNION ALL SELECT r.case_id, 'reintegration_plan', true, r.updated_at, '', 0
			FROM reintegration_plans r WHERE r.case_id = c.id AND r.status = 'draft' AND $1 = ANY (r.authors)) d), '[]')
FROM cases c JOIN participants pa ON pa.id = c.participant_id JOIN programmes g ON g.id = c.programme_id
WHERE %VISIBLE% AND (c.phase <> 'closed'
	OR EXISTS (SELECT 1 FROM follow_up_points f WHERE f.case_id = c.id AND f.status = 'open')
	OR EXISTS (SELECT 1 FROM approvals a WHERE a.case_id = c.id AND a.requested_by = $1 AND a.decided_at >= $2))`

// reintegrationInForce: an approved reintegration plan is in force on the case: the working
// copy itself, or the approved plan kept in force beside its revision.
const reintegrationInForce = `(EXISTS (SELECT 1 FROM reintegration_plans r WHERE r.case_id = c.id AND r.status = 'approved')
	OR EXISTS (SELECT 1 FROM reintegration_plans_in_force r WHERE r.case_id = c.id))`

// loadTaskFacts reads the task facts of the caller's cases in one query.
func loadTaskFacts(ctx context.Context, tx pgx.Tx, p *domain.Principal, today time.Time, s domain.TaskSettings) ([]domain.TaskCase, error) {
	args := []any{p.UserID, today.AddDate(0, 0, -s.DecidedNewsDays)}
	supervised := scopeFilter(p, domain.RoleSupervisor, "c.country", "c.facility_id", &args)
	visible := caseScope(p, &args)
	q := strings.NewReplacer("%SUPERVISED%", supervised, "%VISIBLE%", visible).Replace(taskFactsQuery)
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.TaskCase, err error) {
		var plan *taskPlanRow
		var points []taskPointRow
		var approvals []taskApprovalRow
		var phaseDays map[string]int
		var drafts []taskDraftRow
		if err = r.Scan(&c.CaseID, &c.Pseudonym, &c.ProgrammeID, &c.FacilityID, &c.Phase, &c.Track, &c.OpenedOn, &c.PhaseSince,
			&c.OnTeam, &c.Supervised, &c.CaseManager, &c.HasFinalBaseline, &c.NextReviewDate, &c.ExpectedReleaseDate,
			&c.ReintegrationPlanStatus, &c.ReintegrationPlanInForce, &plan, &points, &approvals, &phaseDays, &drafts); err != nil {
			return c, err
		}
		if plan != nil {
			c.LatestPlan = &domain.TaskPlan{ID: plan.ID, Version: plan.Version, Status: plan.Status, DecidedAt: plan.DecidedAt}
		}
		for _, pt := range points {
			c.Points = append(c.Points, domain.FollowUpPoint{ID: pt.ID, CaseID: c.CaseID, Months: pt.Months, DueOn: pt.DueOn.Time, Status: pt.Status})
		}
		c.Points = withStates(c.Points, c.Phase, today)
		for _, a := range approvals {
			c.Approvals = append(c.Approvals, domain.TaskApproval{ID: a.ID, Kind: a.Kind, Status: a.Status, RequestedByMe: a.Mine,
				RequestedAt: a.RequestedAt, DecidedAt: a.DecidedAt, DecidedBy: a.DecidedBy, Comment: a.Comment,
				ToPhase: domain.Phase(a.ToPhase), PlanVersion: a.PlanVersion, MilestoneCode: a.Milestone})
		}
		for _, d := range drafts {
			c.Drafts = append(c.Drafts, domain.TaskDraftFact{ID: d.ID, Kind: d.Kind, Mine: d.Mine, SavedAt: d.SavedAt, Occasion: d.Occasion, Version: d.Version})
		}
		c.ExpectedPhaseDays = map[domain.Phase]int{}
		for ph, d := range phaseDays {
			c.ExpectedPhaseDays[domain.Phase(ph)] = d
		}
		return c, nil
	})
}

// ListTasks computes the caller's tasks on their caseload (practitioners, and supervisors
// on a case's team) and, for supervisors, in their scope (domain.TaskRules), one page at a
// time, with the summary the navigation shows. The read is audited with the cases the page
// names.
func (db *DB) ListTasks(ctx context.Context, p *domain.Principal, f domain.TaskFilter) (domain.TaskPage, error) {
	var out domain.TaskPage
	limit := pageLimit(f.Limit, 100, 500)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		today := db.today()
		cases, err := loadTaskFacts(ctx, tx, p, today, domain.DefaultTaskSettings)
		if err != nil {
			return err
		}
		all, sum := domain.ComputeTasks(cases, today, domain.DefaultTaskSettings)
		if f.CaseID != "" {
			kept := all[:0]
			for _, t := range all {
				if t.CaseID == f.CaseID {
					kept = append(kept, t)
				}
			}
			all = kept
		}
		page := all
		if f.Cursor != "" {
			if page, err = domain.TasksAfter(all, f.Cursor); err != nil {
				return err
			}
		}
		if len(page) > limit {
			out.Next = domain.TaskCursor(page[limit-1])
			page = page[:limit]
		}
		out.Items, out.Summary = page, sum
		ids := []string{}
		seen := map[string]bool{}
		for _, t := range page {
			if !seen[t.CaseID] {
				seen[t.CaseID] = true
				ids = append(ids, t.CaseID)
			}
		}
		ev := domain.NewAuditEvent(p, "task.list", "case", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"count": len(page), "case_ids": ids, "cases_read": len(cases)})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}
