package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

func loadMilestones(ctx context.Context, tx pgx.Tx, caseID, id string) ([]domain.Milestone, error) {
	q := `SELECT m.id, m.case_id, m.definition_code, m.achieved_on, m.evidence, m.status, m.claimed_by, m.claimed_at, m.decided_at,
		coalesce(m.lapse_reason, ''), m.lapsed_on,
		coalesce((SELECT a.id::text FROM approvals a WHERE a.kind = 'milestone' AND a.subject_id = m.id AND a.status = 'pending'), ''),
		coalesce(dec.username, ''), coalesce(dec.comment, '')
		FROM milestones m
		LEFT JOIN LATERAL (SELECT du.username, a.comment FROM approvals a JOIN users du ON du.id = a.decided_by
			WHERE a.kind = 'milestone' AND a.subject_id = m.id AND a.status <> 'pending' ORDER BY a.decided_at DESC LIMIT 1) dec ON true
		WHERE m.case_id = $1`
	args := []any{caseID}
	if id != "" {
		if !validUUID(id) {
			return nil, domain.NotFound("milestone")
		}
		q += " AND m.id = $2"
		args = append(args, id)
	}
	rows, err := tx.Query(ctx, q+" ORDER BY m.achieved_on DESC, m.claimed_at DESC", args...)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (m domain.Milestone, err error) {
		err = r.Scan(&m.ID, &m.CaseID, &m.DefinitionCode, &m.AchievedOn, &m.Evidence, &m.Status, &m.ClaimedBy, &m.ClaimedAt, &m.DecidedAt,
			&m.LapseReason, &m.LapsedOn, &m.ApprovalID, &m.DecidedBy, &m.DecisionComment)
		return m, err
	})
	if err == nil && id != "" && len(list) == 0 {
		return nil, domain.NotFound("milestone")
	}
	return list, err
}

// ListMilestones lists a case's milestones, with their pending approvals and decisions,
// and audits the read (how many). Returns NotFound if the case is absent or outside the
// caller's scope.
func (db *DB) ListMilestones(ctx context.Context, p *domain.Principal, caseID string) ([]domain.Milestone, error) {
	return listCaseRecords(ctx, db, p, caseID, "milestone.list", loadMilestones)
}

// ClaimMilestone records a claim. A definition that needs verification puts the claim in
// the supervisors' queue; any other is verified at once.
func (db *DB) ClaimMilestone(ctx context.Context, p *domain.Principal, caseID string, in domain.MilestoneInput) (domain.Milestone, error) {
	var m domain.Milestone
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		def, err := loadMilestoneDefinition(ctx, tx, in.DefinitionCode)
		if err != nil {
			return err
		}
		claim, err := domain.CheckMilestoneClaim(def, c.OpenedOn, db.today(), c.BirthYear, in)
		if err != nil {
			return err
		}
		var id string
		if err := tx.QueryRow(ctx, `INSERT INTO milestones (case_id, definition_code, achieved_on, evidence, status, claimed_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'verified' THEN now() END) RETURNING id`,
			c.ID, in.DefinitionCode, in.AchievedOn, in.Evidence, claim.Status, p.UserID).Scan(&id); err != nil {
			return err
		}
		if def.NeedsVerification {
			if _, err := tx.Exec(ctx, `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, 'milestone', $2, $3)`,
				c.ID, id, p.UserID); err != nil {
				return err
			}
		}
		if err := db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, OccurredOn: in.AchievedOn, RefID: id,
			TimelineEvent: domain.EventMilestoneClaimed(claim.Status, in.DefinitionCode, def.Name), Practices: claim.Practices}, "milestone.claim", map[string]any{"milestone_id": id, "definition": in.DefinitionCode, "status": claim.Status}, "milestone", id, claim.Kinds); err != nil {
			return err
		}
		list, err := loadMilestones(ctx, tx, c.ID, id)
		if err == nil {
			m = list[0]
		}
		return err
	})
	return m, err
}

// loadMilestoneDefinition reads the current milestone definition code names, with its
// practices, inside tx (Known false when there is none).
func loadMilestoneDefinition(ctx context.Context, tx pgx.Tx, code string) (domain.MilestoneClaimFacts, error) {
	def := domain.MilestoneClaimFacts{Known: true}
	err := tx.QueryRow(ctx, `SELECT m.needs_verification, m.name,
		coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM milestone_practices WHERE milestone_code = m.code), '{}')
		FROM milestone_definitions m WHERE m.code = $1 AND m.retired_at IS NULL`, code).Scan(&def.NeedsVerification, &def.Name, &def.Practices)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.MilestoneClaimFacts{}, nil
	}
	return def, err
}

// LapseMilestone marks a verified milestone as lapsed (no longer holds) or reversed (was
// wrongly recorded). A claim still waiting for verification is decided in the queue first.
func (db *DB) LapseMilestone(ctx context.Context, p *domain.Principal, caseID, id string, in domain.MilestoneLapse) (domain.Milestone, error) {
	var m domain.Milestone
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		list, err := loadMilestones(ctx, tx, c.ID, id)
		if err != nil {
			return err
		}
		m = list[0]
		if err := requireOpen(c); err != nil {
			return err
		}
		if m.Status != "verified" {
			return domain.Errorf(domain.CodeConflict, "only a verified milestone can lapse or be reversed (this one is %s)", m.Status)
		}
		if err := domain.CheckRecordDates(c.OpenedOn, in.Dates()...); err != nil {
			return err
		}
		kinds, err := in.Validate(db.today(), c.BirthYear)
		if err != nil {
			return err
		}
		if in.On.Before(m.AchievedOn) {
			return domain.Invalid(domain.FieldProblem{Field: "on", Reason: "before_achieved", Detail: "must not be before the milestone was achieved"})
		}
		if _, err := tx.Exec(ctx, `UPDATE milestones SET status = $2, lapse_reason = $3, lapsed_on = $4 WHERE id = $1`,
			m.ID, in.Status, in.Reason, in.On); err != nil {
			return err
		}
		// A lapse evidences no practice: it takes back what the claim evidenced.
		if err := db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, OccurredOn: in.On, RefID: m.ID,
			TimelineEvent: domain.EventMilestoneLapsed(in.Status, m.DefinitionCode)}, "milestone."+in.Status[:len(in.Status)-1], map[string]any{"milestone_id": m.ID}, "milestone", m.ID, kinds); err != nil {
			return err
		}
		list, err = loadMilestones(ctx, tx, c.ID, id)
		if err == nil {
			m = list[0]
		}
		return err
	})
	return m, err
}
