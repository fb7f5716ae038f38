package domain

import (
	"context"
	"errors"
	"time"
)

// TeamMember is a staff member on a case with their discipline.
type TeamMember struct {
	UserID   string
	Username string
	// DisplayName is the member's display name ("" when none is set).
	DisplayName string
	Discipline  string
	AddedAt     time.Time
}

// Disciplines a team member may have (the case_team CHECK lists the same).
var Disciplines = []string{"case_manager", "psychologist", "religious_counsellor", "ideological_counsellor",
	"educator", "vocational_trainer", "social_worker", "prison_officer", "probation_officer", "mentor", "health", "other"}

// CaseDetail is a case as read: the case, its participant and its team.
type CaseDetail struct {
	Case
	Team []TeamMember
	// Related: the participant's earlier case this one re-enters from ("previous") and the
	// later cases that re-enter it ("next"), oldest first.
	Related []RelatedCase
}

// RelatedCase is another case of the same participant, linked by a re-entry. Visible says
// whether the reader may open it (its id is then given out).
type RelatedCase struct {
	ID       string
	Relation string // "previous" or "next"
	OpenedOn time.Time
	ClosedOn *time.Time
	Visible  bool
}

// CaseFilter selects cases for a list. Cursor is opaque to callers.
type CaseFilter struct {
	Phase       Phase
	FacilityID  string
	ProgrammeID string
	Overdue     bool
	// FollowUpOverdue: cases with a follow-up point past its due date and nothing recorded.
	FollowUpOverdue bool
	// Query: part of a pseudonym, as typed (PseudonymSearch reads it); "" lists all.
	Query string
	// Sort and Desc order the list (CaseSortCreated: newest first, whatever Desc says).
	Sort   CaseSort
	Desc   bool
	Cursor string
	Limit  int
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
	Summary    string            // the line in English (TimelineEvent.Summary)
	Params     map[string]string // what the line says as data (TimelineEvent.Params); empty for lines written before params
	Practices  []string
	Actor      string // username; empty for the system
	// ActorName is the actor's display name ("" when none is set, or for the system).
	ActorName string
	// Comment is the decider's comment on a decision entry (a milestone, plan or reintegration
	// plan approved or rejected, a phase change approved or rejected); "" otherwise. Free text
	// by staff, kept on the request, so it is not copied into the entry's params.
	Comment string
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
	// RequestedByName and DecidedByName: display names ("" when none is set).
	RequestedByName string
	RequestedAt     time.Time
	DecidedBy       string
	DecidedByName   string
	DecidedAt       *time.Time
	Comment         string
	FromPhase       Phase // transitions only
	ToPhase         Phase
	// What a supervisor needs to decide without opening the case:
	Reason        string // transitions: the requester's reason
	ClosureReason string // transitions to closed
	PlanVersion   int    // plans
	MilestoneCode string // milestones: the definition claimed
	AchievedOn    *time.Time
	// What is decided, so nobody decides blind: the milestone's evidence; the plan version
	// asked for with the version in force it would replace; the reintegration plan as
	// submitted.
	Evidence      string
	Plan          *Plan
	PlanInForce   *Plan
	Reintegration *ReintegrationPlan
	// Grounds: for a pending transition, the facts its guard checks as they stand now
	// (TransitionGrounds); nil otherwise.
	Grounds []Ground
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
	ListCases(ctx context.Context, p *Principal, f CaseFilter) (cases []CaseListEntry, next string, err error)
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
// decision: likely identifiers are refused unless acknowledged. birthYears: the
// participant's recorded birth year.
func (d Decision) ScreenComment(birthYears ...int) ([]string, error) {
	return CheckIdentifiers(d.AcknowledgeIdentifiers, birthYears, d.FreeTexts()...)
}

// IdempotentRequest is a request that carries an Idempotency-Key: whose key it is, and what
// the request was, so that a retry can be told from another request under the same key.
type IdempotentRequest struct {
	// Principal is the caller: a replay is audited as theirs, and given only while they still
	// reach every case the stored answer is about.
	Principal *Principal
	Actor     string // "user:<id>" or "token:<id>": two callers' keys never meet
	Key       string
	Method    string
	Path      string
	BodyHash  []byte // SHA-256 of the body
}

// IdempotentResponse is the first answer to a request carrying an Idempotency-Key.
type IdempotentResponse struct {
	Status int
	Body   []byte // the stored answer, opaque to the store
}

// ErrInFlight is wrapped by the Conflict answered while another request with the same key is
// being processed: the caller should ask again shortly (the API says when, in Retry-After).
var ErrInFlight = errors.New("a request with this Idempotency-Key is being processed")

// IdempotencyStore runs requests at most once per (actor, key).
type IdempotencyStore interface {
	// RunOnce answers a request that carries an Idempotency-Key.
	//
	// When an identical request under the key has succeeded (within a day), work does not
	// run and the stored answer is returned, audited as a replay naming the cases it is about;
	// if the caller no longer reaches one of them, the answer is that case's NotFound instead
	// (audited as denied). The key used for another request is Invalid
	// (field Idempotency-Key). While another request under the key runs, the answer is a
	// Conflict wrapping ErrInFlight.
	//
	// Otherwise work runs with a context that carries one transaction, the unit of work:
	// every store method called with that context works inside it. When work returns keep,
	// the key, every write of work and its answer commit together; on an error, or without
	// keep, all of it rolls back and the key stays free. So neither a crash nor a lost
	// connection can leave a key without its work, or work without its key, and a retry
	// after an answer lost on the way learns what happened. An error at the commit itself
	// is Unavailable: the outcome is unknown until the request is sent again under its key.
	// Audit events that record a refusal (Audit, denied case access) are written in their
	// own transaction once the unit has ended, so they survive its rollback.
	RunOnce(ctx context.Context, r IdempotentRequest, work func(ctx context.Context) (answer IdempotentResponse, keep bool, err error)) (replay *IdempotentResponse, err error)
}
