package postgres

import (
	"context"

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
		f, lc, err := loadConsentFacts(ctx, tx, ref)
		if err != nil {
			return err
		}
		outcome, kinds, err := domain.PlanConsentWithdrawal(f, lc, w)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET consent_given = false, consent_withdrawn_on = $2 WHERE id = $1", ref.ID, w.On); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: ref.ID, OccurredOn: w.On, RefID: ref.ID,
			TimelineEvent: domain.EventConsentWithdrawn(w.On, f.LegalBasis, outcome.RequestClosure), Practices: []string{}}); err != nil {
			return err
		}
		if outcome.RequestClosure {
			if change, err = requestWithdrawnClosure(ctx, tx, p, ref, w); err != nil {
				return err
			}
		}
		if d, err = loadCase(ctx, tx, p, ref.ID); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "consent.withdraw", ref, map[string]any{"legal_basis": f.LegalBasis, "closure_requested": outcome.RequestClosure}); err != nil {
			return err
		}
		return db.auditAcknowledged(ctx, tx, p, ref, "consent_withdrawal", ref.ID, kinds)
	})
	return d, change, err
}

// loadConsentFacts reads, in one query, what domain.PlanConsentWithdrawal decides a
// withdrawal on for the locked case ref: its consent and the lifecycle's facts.
func loadConsentFacts(ctx context.Context, tx pgx.Tx, ref caseRef) (domain.ConsentFacts, domain.CaseFacts, error) {
	f := domain.ConsentFacts{Phase: ref.Phase, BirthYear: ref.BirthYear}
	var lc domain.CaseFacts
	err := tx.QueryRow(ctx, "SELECT "+caseFactsColumns+`, c.legal_basis, c.consent_given, c.consent_date, c.consent_withdrawn_on,
			EXISTS (SELECT 1 FROM phase_changes WHERE case_id = c.id AND status = 'pending')`+caseFactsFrom, ref.ID).
		Scan(append(caseFactsInto(&lc), &f.LegalBasis, &f.ConsentGiven, &f.ConsentDate, &f.WithdrawnOn, &f.PendingChange)...)
	f.Today = lc.Today
	return f, lc, err
}

// requestWithdrawnClosure asks, inside tx, for case ref to close as withdrawn (a pending
// phase change and its approval, for a supervisor other than the requester), with its
// timeline entry, and returns the change.
func requestWithdrawnClosure(ctx context.Context, tx pgx.Tx, p *domain.Principal, ref caseRef, w domain.ConsentWithdrawal) (*domain.PhaseChange, error) {
	r := w.ClosureRequest()
	pc := domain.PhaseChange{CaseID: ref.ID, From: ref.Phase, To: r.To}
	var err error
	if pc.ID, err = insertPhaseChange(ctx, tx, p, pc, r, "pending"); err != nil {
		return nil, err
	}
	if err := askApproval(ctx, tx, p, pc); err != nil {
		return nil, err
	}
	pc, err = getPhaseChange(ctx, tx, pc.ID)
	if err != nil {
		return nil, err
	}
	return &pc, nil
}
