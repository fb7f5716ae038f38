package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// caseFactsColumns and caseFactsFrom read what the lifecycle's guards need about case $1
// from the case and its records (scanned by caseFactsInto); callers add their own columns.
const caseFactsColumns = `c.phase, c.track, c.phase_since, c.expected_release_date,
			(SELECT r.released_on FROM releases r WHERE r.case_id = c.id AND r.recalled_on IS NULL), g.aftercare_months,
			EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.occasion = 'baseline' AND a.status = 'final'),
			EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.status = 'final'),
			EXISTS (SELECT 1 FROM plans pl WHERE pl.case_id = c.id AND pl.status = 'approved'),
			EXISTS (SELECT 1 FROM reintegration_plans r WHERE r.case_id = c.id AND r.status = 'approved')
				OR EXISTS (SELECT 1 FROM reintegration_plans_in_force r WHERE r.case_id = c.id),
			coalesce(c.next_review_date, (SELECT coalesce(a.next_review_date, a.assessed_on + i.review_interval_days)
				FROM assessments a JOIN instruments i ON i.code = a.instrument_code AND i.version = a.instrument_version
				WHERE a.case_id = c.id AND a.status = 'final' ORDER BY a.assessed_on DESC, a.finalised_at DESC LIMIT 1)),
			current_date,
			(SELECT max(a.finalised_at)::date FROM assessments a WHERE a.case_id = c.id AND a.occasion = 'baseline' AND a.status = 'final'),
			(SELECT pl.decided_at::date FROM plans pl WHERE pl.case_id = c.id AND pl.status = 'approved' ORDER BY pl.version DESC LIMIT 1),
			coalesce((SELECT max(pl.version) FROM plans pl WHERE pl.case_id = c.id AND pl.status = 'approved'), 0),
			(SELECT max(a.assessed_on) FROM assessments a WHERE a.case_id = c.id AND a.status = 'final'),
			coalesce((SELECT r.decided_at::date FROM reintegration_plans_in_force r WHERE r.case_id = c.id),
				(SELECT r.decided_at::date FROM reintegration_plans r WHERE r.case_id = c.id AND r.status = 'approved'))`

const caseFactsFrom = ` FROM cases c JOIN programmes g ON g.id = c.programme_id WHERE c.id = $1`

// caseFactsInto lists where caseFactsColumns scan to, in their order.
func caseFactsInto(f *domain.CaseFacts) []any {
	return []any{&f.Phase, &f.Track, &f.PhaseSince, &f.ExpectedReleaseDate, &f.ActualReleaseDate, &f.AftercareMonths,
		&f.HasFinalBaseline, &f.HasFinalAssessment, &f.HasApprovedPlan, &f.HasApprovedReintegrationPlan,
		&f.NextReviewDate, &f.Today, &f.BaselineFinalisedOn, &f.PlanApprovedOn, &f.PlanVersion, &f.LatestAssessmentOn,
		&f.ReintegrationPlanApprovedOn}
}

// loadFacts reads what the lifecycle's guards need about a case from the case and its
// records, inside tx.
func loadFacts(ctx context.Context, tx pgx.Tx, caseID string) (domain.CaseFacts, error) {
	var f domain.CaseFacts
	err := tx.QueryRow(ctx, "SELECT "+caseFactsColumns+caseFactsFrom, caseID).Scan(caseFactsInto(&f)...)
	return f, err
}

// loadTransitionFacts reads, in one query, what domain.PlanTransition decides a request of
// the locked case ref on: its lifecycle facts, whether a change already waits, and whether
// the closure reason asked for (if any) is a current one.
func loadTransitionFacts(ctx context.Context, tx pgx.Tx, ref caseRef, closureReason string) (domain.TransitionFacts, error) {
	f := domain.TransitionFacts{BirthYear: ref.BirthYear}
	err := tx.QueryRow(ctx, "SELECT "+caseFactsColumns+`,
			EXISTS (SELECT 1 FROM phase_changes WHERE case_id = c.id AND status = 'pending'),
			$2 = '' OR EXISTS (SELECT 1 FROM closure_reasons WHERE code = $2 AND retired_at IS NULL)`+caseFactsFrom, ref.ID, closureReason).
		Scan(append(caseFactsInto(&f.Case), &f.PendingChange, &f.ClosureReasonKnown)...)
	return f, err
}

// phaseMove is a phase change being applied.
type phaseMove struct {
	CaseID   string
	ChangeID string
	From, To domain.Phase
	Track    domain.Track
	Closure  string
	Recall   *domain.RecallInput
}

// applyPhase moves the case into the change's target phase today, inside tx, with what the
// move does to the case's releases and follow-up schedule:
//   - into reintegration: the case is out on its open release from today, and the release's
//     follow-up points are laid out;
//   - a recall (back to intervention, or closed as reoffended or recalled): the release gets
//     its recall, the release's points due after it close as not reached (in custody); back
//     in intervention, the reintegration plan is retired and the expected release date
//     cleared, so the next release is planned and approved afresh;
//   - back from pre-release: the expected release date is cleared (postponed or refused);
//   - closed: a community case closing from intervention starts its follow-up schedule; a
//     death closes every open point.
//
// The case's actual release date stays: it names the latest release, recalled or not.
func applyPhase(ctx context.Context, tx pgx.Tx, m phaseMove) error {
	var err error
	switch m.To {
	case domain.PhaseClosed:
		_, err = tx.Exec(ctx, `UPDATE cases SET phase = 'closed', phase_since = current_date, closed_on = current_date,
			closure_reason = $2 WHERE id = $1`, m.CaseID, m.Closure)
	case domain.PhaseIntervention:
		_, err = tx.Exec(ctx, `UPDATE cases SET phase = 'intervention', phase_since = current_date,
			expected_release_date = CASE WHEN phase IN ('reintegration', 'pre_release') THEN NULL ELSE expected_release_date END
			WHERE id = $1`, m.CaseID)
	default:
		_, err = tx.Exec(ctx, "UPDATE cases SET phase = $2, phase_since = current_date WHERE id = $1", m.CaseID, string(m.To))
	}
	if err != nil {
		return err
	}
	switch {
	case m.From == domain.PhaseReintegration && m.Recall != nil:
		if err := recallRelease(ctx, tx, m); err != nil {
			return err
		}
		if m.To == domain.PhaseIntervention {
			if err := retireReintegrationPlan(ctx, tx, m.CaseID); err != nil {
				return err
			}
		}
	case m.To == domain.PhaseReintegration:
		if err := enterRelease(ctx, tx, m.CaseID); err != nil {
			return err
		}
	case m.To == domain.PhaseClosed && domain.CommunityScheduleStarts(m.Track, m.From, m.Closure):
		if err := scheduleCommunityPoints(ctx, tx, m.CaseID); err != nil {
			return err
		}
	}
	if m.To == domain.PhaseClosed {
		points, err := loadPoints(ctx, tx, m.CaseID)
		if err != nil {
			return err
		}
		if closed, reason := domain.ClosedByClosure(points, m.Closure); len(closed) > 0 {
			return closePoints(ctx, tx, closed, reason, nil)
		}
	}
	return nil
}

func phaseEvent(pc domain.PhaseChange, how string) caseEvent {
	return caseEvent{CaseID: pc.CaseID, RefID: pc.ID, Practices: []string{}, TimelineEvent: domain.EventPhaseChanged(
		domain.PhaseChangeEventFacts{From: pc.From, To: pc.To, How: how, ClosureReason: pc.ClosureReason, Recall: pc.Recall})}
}

// RequestTransition asks for a phase change. The version must match (If-Match). A change the
// table lets through without approval is applied at once; otherwise it waits, as a pending
// phase change and an approval, for a supervisor other than the requester. A case has at most
// one pending phase change.
func (db *DB) RequestTransition(ctx context.Context, p *domain.Principal, id string, version int, r domain.TransitionRequest) (domain.PhaseChange, error) {
	var pc domain.PhaseChange
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		facts, err := loadTransitionFacts(ctx, tx, ref, r.ClosureReason)
		if err != nil {
			return err
		}
		plan, err := domain.PlanTransition(facts, r)
		if err != nil {
			return err
		}
		pc = domain.PhaseChange{CaseID: id, From: facts.Case.Phase, To: r.To}
		if pc.ID, err = insertPhaseChange(ctx, tx, p, pc, r, plan.Status()); err != nil {
			return err
		}
		if plan.Transition.NeedsApproval {
			err = askApproval(ctx, tx, p, pc)
		} else {
			err = applyRequested(ctx, tx, p, pc, facts.Case.Track, r)
		}
		if err != nil {
			return err
		}
		if pc, err = getPhaseChange(ctx, tx, pc.ID); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "transition.request", ref, map[string]any{"phase_change_id": pc.ID,
			"from": facts.Case.Phase, "to": r.To, "status": plan.Status()}); err != nil {
			return err
		}
		return db.auditAcknowledged(ctx, tx, p, ref, "phase_change", pc.ID, plan.Kinds)
	})
	return pc, err
}

// insertPhaseChange writes the requested change pc (its case, from and to) with status
// "applied" (effective today) or "pending", inside tx, and returns its id.
func insertPhaseChange(ctx context.Context, tx pgx.Tx, p *domain.Principal, pc domain.PhaseChange, r domain.TransitionRequest, status string) (string, error) {
	var closure any
	if r.ClosureReason != "" {
		closure = r.ClosureReason
	}
	var recallOn, recallReason, recallOutcome any
	if r.Recall != nil {
		recallOn, recallReason, recallOutcome = r.Recall.On, r.Recall.Reason, nullIfEmpty(r.Recall.Outcome)
	}
	var id string
	err := tx.QueryRow(ctx, `INSERT INTO phase_changes (case_id, from_phase, to_phase, reason, closure_reason, status, requested_by, effective_on,
			recall_on, recall_reason, recall_outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'applied' THEN current_date END, $8, $9, $10) RETURNING id`,
		pc.CaseID, pc.From, pc.To, r.Reason, closure, status, p.UserID, recallOn, recallReason, recallOutcome).Scan(&id)
	return id, err
}

// askApproval puts the pending change pc in the supervisors' queue, with its timeline
// entry, inside tx.
func askApproval(ctx context.Context, tx pgx.Tx, p *domain.Principal, pc domain.PhaseChange) error {
	if _, err := tx.Exec(ctx, `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, 'transition', $2, $3)`,
		pc.CaseID, pc.ID, p.UserID); err != nil {
		return err
	}
	return addCaseEvent(ctx, tx, p, caseEvent{CaseID: pc.CaseID, RefID: pc.ID,
		TimelineEvent: domain.EventTransitionRequested(pc.From, pc.To), Practices: []string{}})
}

// applyRequested applies the change pc at once (it needs no approval), with its timeline
// entry, inside tx.
func applyRequested(ctx context.Context, tx pgx.Tx, p *domain.Principal, pc domain.PhaseChange, track domain.Track, r domain.TransitionRequest) error {
	if err := applyPhase(ctx, tx, phaseMove{CaseID: pc.CaseID, ChangeID: pc.ID, From: pc.From, To: pc.To, Track: track,
		Closure: r.ClosureReason, Recall: r.Recall}); err != nil {
		return err
	}
	return addCaseEvent(ctx, tx, p, phaseEvent(pc, "applied"))
}

const phaseChangeColumns = `pc.id, pc.case_id, pc.from_phase, pc.to_phase, pc.reason, coalesce(pc.closure_reason, ''), pc.status,
	ru.username, pc.requested_at, pc.effective_on, coalesce(a.id::text, ''), coalesce(du.username, ''), a.decided_at,
	coalesce(a.comment, ''), c.phase, c.version, pc.recall_on, coalesce(pc.recall_reason, ''), coalesce(pc.recall_outcome, '')`

const phaseChangeFrom = ` FROM phase_changes pc JOIN cases c ON c.id = pc.case_id JOIN users ru ON ru.id = pc.requested_by
	LEFT JOIN LATERAL (SELECT * FROM approvals a WHERE a.kind = 'transition' AND a.subject_id = pc.id ORDER BY a.requested_at DESC LIMIT 1) a ON true
	LEFT JOIN users du ON du.id = a.decided_by`

func scanPhaseChange(row pgx.Row, pc *domain.PhaseChange) error {
	var recallOn *time.Time
	var recall domain.RecallInput
	err := row.Scan(&pc.ID, &pc.CaseID, &pc.From, &pc.To, &pc.Reason, &pc.ClosureReason, &pc.Status,
		&pc.RequestedBy, &pc.RequestedAt, &pc.EffectiveOn, &pc.ApprovalID, &pc.DecidedBy, &pc.DecidedAt,
		&pc.Comment, &pc.CasePhase, &pc.CaseVersion, &recallOn, &recall.Reason, &recall.Outcome)
	if err == nil && recallOn != nil {
		recall.On = *recallOn
		pc.Recall = &recall
	}
	return err
}

// nullIfEmpty is nil for an empty string, for optional text columns.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func getPhaseChange(ctx context.Context, tx pgx.Tx, id string) (domain.PhaseChange, error) {
	var pc domain.PhaseChange
	err := scanPhaseChange(tx.QueryRow(ctx, "SELECT "+phaseChangeColumns+phaseChangeFrom+" WHERE pc.id = $1", id), &pc)
	return pc, err
}

// ListTransitions is a case's phase history, oldest first.
func (db *DB) ListTransitions(ctx context.Context, p *domain.Principal, id string) ([]domain.PhaseChange, error) {
	var out []domain.PhaseChange
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := visibleCase(ctx, tx, p, id)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT "+phaseChangeColumns+phaseChangeFrom+" WHERE pc.case_id = $1 ORDER BY pc.requested_at, pc.id", id)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (pc domain.PhaseChange, err error) {
			err = scanPhaseChange(r, &pc)
			return pc, err
		})
		if err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "transition.list", ref, map[string]any{"count": len(out)})
	})
	return out, err
}
