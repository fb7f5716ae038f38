package domain

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The legal basis of a case says why the participant is in the programme. A voluntary
// participant takes part on their informed consent: it is required to open the case, and its
// withdrawal ends the case (a closure as withdrawn, which a supervisor approves). A mandated
// participant (a licence condition, a court order, an administrative decision) is in the
// programme whether or not they consent: consent is recorded when given, and its withdrawal
// is recorded without closing the case.

// Legal bases.
const (
	BasisVoluntary = "voluntary"
)

// LegalBases lists the legal bases a case may rest on, voluntary first.
var LegalBases = []string{BasisVoluntary, "licence_condition", "court_order", "administrative_decision"}

// Mandated reports whether a legal basis obliges the participant to take part.
func Mandated(basis string) bool { return basis != BasisVoluntary }

// checkIntakeConsent: the basis is known; consent is required on a voluntary basis; a
// consent date goes with consent given, not in the future.
func checkIntakeConsent(basis string, given bool, date *time.Time, today time.Time) Problems {
	var p Problems
	if !slices.Contains(LegalBases, basis) {
		p.Add("legal_basis", "oneof", "must be one of "+strings.Join(LegalBases, ", "))
		return p
	}
	switch {
	case !given && !Mandated(basis):
		p.Add("consent_given", "required", "a voluntary participant's informed consent is required to open a case")
	case given && date == nil:
		p.Add("consent_date", "required", "is required with consent")
	case !given && date != nil:
		p.Add("consent_date", "not_applicable", "only with consent given")
	case date != nil && dateOf(*date).After(dateOf(today)):
		p.Add("consent_date", "in_future", "cannot be in the future")
	}
	return p
}

// ConsentWithdrawal is the participant's withdrawal of consent, as staff record it.
type ConsentWithdrawal struct {
	On                     time.Time
	Reason                 string
	AcknowledgeIdentifiers bool
}

// ConsentFacts is what the withdrawal rules look at.
type ConsentFacts struct {
	BirthYear    int // the participant's recorded birth year, for the identifier screen
	Phase        Phase
	LegalBasis   string
	ConsentGiven bool
	ConsentDate  *time.Time
	WithdrawnOn  *time.Time
	// PendingChange: a phase change of the case waits for a decision.
	PendingChange bool
	Today         time.Time
}

// ConsentOutcome is what a withdrawal leads to.
type ConsentOutcome struct {
	// RequestClosure: the case must close as withdrawn (voluntary basis); the closure is asked
	// for with the withdrawal and waits for a supervisor.
	RequestClosure bool
}

// CheckConsentWithdrawal decides a withdrawal: an open case with consent on record, not yet
// withdrawn, a day not in the future and not before the consent, a reason. On a voluntary
// basis it asks for closure (so no other phase change may be waiting); on a mandated basis
// the case goes on.
func CheckConsentWithdrawal(f ConsentFacts, w ConsentWithdrawal) (ConsentOutcome, []string, error) {
	var out ConsentOutcome
	switch {
	case f.Phase == PhaseClosed:
		return out, nil, Errorf(CodeConflict, "the case is closed")
	case f.WithdrawnOn != nil:
		return out, nil, Errorf(CodeConflict, "consent was already withdrawn on %s", f.WithdrawnOn.Format(time.DateOnly))
	case !f.ConsentGiven:
		return out, nil, Errorf(CodeConflict, "no consent is on record for this case")
	}
	out.RequestClosure = !Mandated(f.LegalBasis)
	if out.RequestClosure && f.PendingChange {
		return out, nil, Errorf(CodeConflict, "a phase change of this case is waiting for a decision: the closure the withdrawal asks for cannot wait beside it")
	}
	var p Problems
	on := dateOf(w.On)
	switch {
	case w.On.IsZero():
		p.Add("withdrawn_on", "required", "is required")
	case on.After(dateOf(f.Today)):
		p.Add("withdrawn_on", "in_future", "cannot be in the future")
	case f.ConsentDate != nil && on.Before(dateOf(*f.ConsentDate)):
		p.Add("withdrawn_on", "before_consent", "cannot be before the consent was given")
	}
	if strings.TrimSpace(w.Reason) == "" {
		p.Add("reason", "required", "record what the participant said or did")
	}
	if err := p.Err(); err != nil {
		return out, nil, err
	}
	kinds, err := CheckIdentifiers(w.AcknowledgeIdentifiers, []int{f.BirthYear}, w.FreeTexts()...)
	return out, kinds, err
}

// ClosureRequest is the phase change a withdrawal on a voluntary basis asks for: the case
// closed as withdrawn, for the withdrawal's reason.
func (w ConsentWithdrawal) ClosureRequest() TransitionRequest {
	return TransitionRequest{To: PhaseClosed, ClosureReason: ClosureWithdrawn, Reason: w.Reason}
}

// PlanConsentWithdrawal decides a withdrawal (CheckConsentWithdrawal on f) and, when it asks
// for the case to close, holds that closure against the lifecycle (CheckTransition on c, the
// same case's lifecycle facts): a withdrawal whose closure the table refuses is refused
// whole, with the table's problems.
func PlanConsentWithdrawal(f ConsentFacts, c CaseFacts, w ConsentWithdrawal) (ConsentOutcome, []string, error) {
	out, kinds, err := CheckConsentWithdrawal(f, w)
	if err != nil || !out.RequestClosure {
		return out, kinds, err
	}
	if _, err := CheckTransition(c, w.ClosureRequest()); err != nil {
		return out, nil, err
	}
	return out, kinds, nil
}

// ConsentStore records consent withdrawals.
type ConsentStore interface {
	// WithdrawConsent records the withdrawal; version is the case's If-Match. On a voluntary
	// basis the phase change asking to close the case is returned too.
	WithdrawConsent(ctx context.Context, p *Principal, caseID string, version int, w ConsentWithdrawal) (CaseDetail, *PhaseChange, error)
}
