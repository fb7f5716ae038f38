package domain

import (
	"context"
	"time"
)

// TeamMember is a staff member on a case with their discipline.
type TeamMember struct {
	UserID     string
	Username   string
	Discipline string
	AddedAt    time.Time
}

// Disciplines a team member may have (the case_team CHECK lists the same).
var Disciplines = []string{"case_manager", "psychologist", "religious_counsellor", "ideological_counsellor",
	"educator", "vocational_trainer", "social_worker", "prison_officer", "probation_officer", "mentor", "health", "other"}

// CaseDetail is a case as read: the case, its participant and its team.
type CaseDetail struct {
	Case
	Team []TeamMember
}

// CaseFilter selects cases for a list. Cursor is opaque to callers.
type CaseFilter struct {
	Phase       Phase
	FacilityID  string
	ProgrammeID string
	Overdue     bool
	// FollowUpOverdue: cases with a follow-up point past its due date and nothing recorded.
	FollowUpOverdue bool
	Cursor          string
	Limit           int
}

// Opt is a field of a partial update: Set says it was sent; a nil Value clears it.
type Opt[T any] struct {
	Set   bool
	Value *T
}

// CaseUpdate is a PATCH of a case. Only these fields are editable: the rest is history
// (intake facts), follows from other records (phase, next review date: assessments), or has
// its own route (team, transitions).
type CaseUpdate struct {
	ExpectedReleaseDate Opt[time.Time]
	ActualReleaseDate   Opt[time.Time]
	ReleaseType         Opt[string]
	OffenceCategory     Opt[string]
	FacilityID          Opt[string] // refused: a case moves through a transfer (TransferStore)
}

// Empty reports whether the update changes nothing.
func (u CaseUpdate) Empty() bool {
	return !u.ExpectedReleaseDate.Set && !u.ActualReleaseDate.Set && !u.ReleaseType.Set && !u.OffenceCategory.Set && !u.FacilityID.Set
}

// CaseEvent is one line of a case's timeline.
type CaseEvent struct {
	ID         int64
	At         time.Time
	OccurredOn time.Time
	Kind       string
	RefID      string
	Summary    string
	Practices  []string
	Actor      string // username; empty for the system
}

// PhaseChange is a phase change, applied at once or requested for approval.
type PhaseChange struct {
	ID            string
	CaseID        string
	From          Phase
	To            Phase
	Reason        string
	ClosureReason string
	Recall        *RecallInput // for a move out of reintegration by recall
	Status        string       // applied, pending, approved, rejected, withdrawn
	RequestedBy   string       // username
	RequestedAt   time.Time
	EffectiveOn   *time.Time
	ApprovalID    string // for requests
	DecidedBy     string // username
	DecidedAt     *time.Time
	Comment       string
	CasePhase     Phase // the case's phase after the request
	CaseVersion   int
}

// Approval is one entry of the supervisors' queue.
type Approval struct {
	ID          string
	CaseID      string
	Pseudonym   string
	Kind        string // transition, plan, milestone, reintegration_plan
	SubjectID   string
	Status      string
	RequestedBy string // username
	RequestedAt time.Time
	DecidedBy   string
	DecidedAt   *time.Time
	Comment     string
	FromPhase   Phase // transitions only
	ToPhase     Phase
	// What a supervisor needs to decide without opening the case:
	Reason        string // transitions: the requester's reason
	ClosureReason string // transitions to closed
	PlanVersion   int    // plans
	MilestoneCode string // milestones: the definition claimed
	AchievedOn    *time.Time
}

// ApprovalKinds lists what can wait for a supervisor.
var ApprovalKinds = []string{"transition", "plan", "milestone", "reintegration_plan"}

// ApprovalFilter selects pending approvals.
type ApprovalFilter struct {
	Kind   string
	Cursor string
	Limit  int
}

// CaseStore holds cases, their teams, timelines and lifecycle. Every method is scoped to the
// principal's caseload and audited; a case outside it is NotFound.
type CaseStore interface {
	// CreateCase opens a case; secret keys the external reference's HMAC (never stored in clear).
	CreateCase(ctx context.Context, p *Principal, n NewCase, secret []byte) (CaseDetail, error)
	ListCases(ctx context.Context, p *Principal, f CaseFilter) (cases []Case, next string, err error)
	GetCase(ctx context.Context, p *Principal, id string) (CaseDetail, error)
	UpdateCase(ctx context.Context, p *Principal, id string, version int, u CaseUpdate) (CaseDetail, error)
	SetCaseTeam(ctx context.Context, p *Principal, id string, version int, managerID string, members []TeamMember) (CaseDetail, error)
	CaseTimeline(ctx context.Context, p *Principal, id string, cursor string, limit int) (events []CaseEvent, next string, err error)
	RequestTransition(ctx context.Context, p *Principal, id string, version int, r TransitionRequest) (PhaseChange, error)
	ListTransitions(ctx context.Context, p *Principal, id string) ([]PhaseChange, error)
}

// ApprovalStore is the decision side of the four-eyes queue.
type ApprovalStore interface {
	ListApprovals(ctx context.Context, p *Principal, f ApprovalFilter) (items []Approval, next string, err error)
	DecideApproval(ctx context.Context, p *Principal, id string, d Decision) (Approval, error)
}

// Decision is a supervisor's answer to a request in the approvals queue.
type Decision struct {
	Approve bool
	Comment string
	// AcknowledgeIdentifiers: the supervisor confirms a comment the screen flags.
	AcknowledgeIdentifiers bool
}

// ScreenComment applies the free-text rule to the comment, which is kept forever with the
// decision: likely identifiers are refused unless acknowledged.
func (d Decision) ScreenComment(today time.Time) ([]string, error) {
	return CheckIdentifiers(d.AcknowledgeIdentifiers, today, TextField{Path: "comment", Text: d.Comment})
}

// IdempotentResponse is the first answer to a request carrying an Idempotency-Key.
type IdempotentResponse struct {
	Status int
	Body   []byte // the stored answer, opaque to the store
}

// IdempotencyStore remembers requests by (actor, key).
type IdempotencyStore interface {
	// ClaimIdempotencyKey records a new key as in flight (nil, nil), or returns the stored
	// answer of an earlier identical request. Invalid when the key was used for another
	// request; Conflict while the first is still in flight.
	ClaimIdempotencyKey(ctx context.Context, actor, key, method, path string, bodyHash []byte) (*IdempotentResponse, error)
	CompleteIdempotencyKey(ctx context.Context, actor, key string, r IdempotentResponse) error
	ReleaseIdempotencyKey(ctx context.Context, actor, key string) error
}
