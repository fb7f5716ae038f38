package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// WithdrawConsent records the participant's withdrawal of consent
// (domain.CheckConsentWithdrawal). On a voluntary basis it also asks, in the same
// transaction, for the case to close as withdrawn, which a supervisor other than the
// requester decides; on a mandated basis the case goes on. The case's If-Match must match.
func (db *DB) WithdrawConsent(ctx context.Context, p *domain.Principal, caseID string, version int, w domain.ConsentWithdrawal) (domain.CaseDetail, *domain.PhaseChange, error) {
	var d domain.CaseDetail
	var change *domain.PhaseChange
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		f := domain.ConsentFacts{Phase: ref.Phase, BirthYear: ref.BirthYear}
		if err := tx.QueryRow(ctx, `SELECT legal_basis, consent_given, consent_date, consent_withdrawn_on, current_date,
				EXISTS (SELECT 1 FROM phase_changes WHERE case_id = $1 AND status = 'pending')
			FROM cases WHERE id = $1`, ref.ID).Scan(&f.LegalBasis, &f.ConsentGiven, &f.ConsentDate, &f.WithdrawnOn, &f.Today, &f.PendingChange); err != nil {
			return err
		}
		outcome, kinds, err := domain.CheckConsentWithdrawal(f, w)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET consent_given = false, consent_withdrawn_on = $2 WHERE id = $1", ref.ID, w.On); err != nil {
			return err
		}
		summary := "consent withdrawn on " + w.On.Format(time.DateOnly) + ": the case goes on (" + f.LegalBasis + ")"
		if outcome.RequestClosure {
			summary = "consent withdrawn on " + w.On.Format(time.DateOnly) + ": closure as withdrawn requested"
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, OccurredOn: w.On, Kind: "consent.withdrawn", RefID: ref.ID,
			Summary: summary, Practices: []string{}}); err != nil {
			return err
		}
		if outcome.RequestClosure {
			facts, err := loadFacts(ctx, tx, ref.ID)
			if err != nil {
				return err
			}
			if _, err := domain.CheckTransition(facts, domain.TransitionRequest{To: domain.PhaseClosed, ClosureReason: domain.ClosureWithdrawn,
				Reason: w.Reason}); err != nil {
				return err
			}
			var pcID string
			if err := tx.QueryRow(ctx, `INSERT INTO phase_changes (case_id, from_phase, to_phase, reason, closure_reason, status, requested_by)
				VALUES ($1, $2, 'closed', $3, $4, 'pending', $5) RETURNING id`, ref.ID, ref.Phase, w.Reason, domain.ClosureWithdrawn, p.UserID).Scan(&pcID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO approvals (case_id, kind, subject_id, requested_by) VALUES ($1, 'transition', $2, $3)`,
				ref.ID, pcID, p.UserID); err != nil {
				return err
			}
			if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, Kind: "transition.requested", RefID: pcID, Practices: []string{},
				Summary: string(ref.Phase) + " → closed requested"}); err != nil {
				return err
			}
			pc, err := getPhaseChange(ctx, tx, pcID)
			if err != nil {
				return err
			}
			change = &pc
		}
		if d, err = loadCase(ctx, tx, ref.ID); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "consent.withdraw", ref.ID, map[string]any{"legal_basis": f.LegalBasis, "closure_requested": outcome.RequestClosure}); err != nil {
			return err
		}
		return db.auditAcknowledged(ctx, tx, p, ref.ID, "consent_withdrawal", ref.ID, kinds)
	})
	return d, change, err
}
