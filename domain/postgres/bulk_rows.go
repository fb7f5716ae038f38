package postgres

import (
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pathways/domain"
)

// The rows BulkLoad writes, one type per table. Fields are the table's columns; an optional
// column is a pointer, an empty string or a zero BulkID, each written as NULL, except where
// a field's comment says otherwise. The rows are written as given: the caller keeps them
// consistent with each other and with the rules (domain.Lifecycle and the records' own rules).

// BulkID is a row id chosen by the caller, so that rows of one batch can refer to each other
// before they are written. The zero BulkID is written as NULL.
type BulkID [16]byte

// String is the id in its canonical text form, as the API shows it ("" for the zero id).
func (id BulkID) String() string {
	if id == (BulkID{}) {
		return ""
	}
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hex[x>>4], hex[x&0x0f]
		j += 2
	}
	return string(b[:])
}

// ParseBulkID reads an id in its text form; Invalid (field "id") when s is not a UUID.
func ParseBulkID(s string) (BulkID, error) {
	var u pgtype.UUID
	if err := u.Scan(s); err != nil || !u.Valid {
		return BulkID{}, domain.Invalid(domain.FieldProblem{Field: "id", Reason: "format", Detail: "not a UUID: " + s})
	}
	return BulkID(u.Bytes), nil
}

func (id BulkID) value() any {
	if id == (BulkID{}) {
		return nil
	}
	return pgtype.UUID{Bytes: id, Valid: true}
}

func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optDate(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func optInt(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

func texts(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ParticipantRow is a participant: a pseudonym and coarse facts, never a name.
type ParticipantRow struct {
	ID                  BulkID
	Pseudonym, Country  string
	BirthYear           int
	Gender, Nationality string
	Categories          []string
	CreatedAt           time.Time
}

// CaseRow is a case. LegalBasis "" is written as "voluntary".
type CaseRow struct {
	ID, ParticipantID, ProgrammeID, FacilityID BulkID
	Country, Track, Phase                      string
	PhaseSince                                 time.Time
	OffenceCategory                            string
	ConsentGiven                               bool
	ConsentDate                                *time.Time
	OpenedOn                                   time.Time
	ExpectedReleaseDate, ActualReleaseDate     *time.Time
	ReleaseType                                string
	NextReviewDate, ClosedOn                   *time.Time
	ClosureReason                              string
	CaseManagerID                              BulkID
	Version                                    int
	CreatedBy                                  BulkID
	CreatedAt, UpdatedAt                       time.Time
	LegalBasis                                 string
	ConsentWithdrawnOn                         *time.Time
	PreviousCaseID                             BulkID
}

// TeamRow is a member of a case team.
type TeamRow struct {
	CaseID, UserID BulkID
	Discipline     string
	AddedAt        time.Time
}

// PhaseChangeRow is a phase change, applied, approved or pending.
type PhaseChangeRow struct {
	ID, CaseID                      BulkID
	From, To, Reason, ClosureReason string
	Status                          string
	RequestedBy                     BulkID
	RequestedAt                     time.Time
	EffectiveOn, RecallOn           *time.Time
	RecallReason, RecallOutcome     string
}

// ApprovalRow is a request in the supervisors' queue, pending or decided.
type ApprovalRow struct {
	ID, CaseID  BulkID
	Kind        string
	SubjectID   BulkID
	Status      string
	RequestedBy BulkID
	RequestedAt time.Time
	DecidedBy   BulkID
	DecidedAt   *time.Time
	Comment     string // written as given ("" is an empty comment)
}

// AssessmentRow is an assessment, draft or final.
type AssessmentRow struct {
	ID, CaseID                                          BulkID
	InstrumentCode, InstrumentVersion, Occasion, Status string
	AssessedOn                                          time.Time
	Overall, Rationale                                  string // Rationale is written as given
	NextReviewDate                                      *time.Time
	AssessorID                                          BulkID
	CreatedAt                                           time.Time
	FinalisedAt                                         *time.Time
}

// RatingRow is one item's rating in an assessment; Rating nil with NotRated for an item
// not rated.
type RatingRow struct {
	AssessmentID BulkID
	ItemCode     string
	Rating       *int
	NotRated     bool
	Evidence     string // written as given
}

// PlanRow is a version of an individual plan.
type PlanRow struct {
	ID, CaseID             BulkID
	Version                int
	Status, Summary        string // Summary is written as given
	CreatedBy              BulkID
	CreatedAt              time.Time
	SubmittedAt, DecidedAt *time.Time
}

// PlanGoalRow is a goal of a plan.
type PlanGoalRow struct {
	ID, PlanID        BulkID
	Position          int
	Need, Description string
	Interventions     []string
	ResponsibleID     BulkID
	TargetDate        time.Time
}

// SessionRow is an intervention session. Notes are written as given.
type SessionRow struct {
	ID                      BulkID
	Type                    string
	HeldOn                  time.Time
	Minutes                 int
	Format                  string
	DeliveredBy, FacilityID BulkID
	Notes                   string
	CreatedBy               BulkID
	CreatedAt               time.Time
}

// AttendanceRow is a case's attendance at a session; Engagement nil when not rated.
type AttendanceRow struct {
	SessionID, CaseID BulkID
	Attendance        string
	Engagement        *int
}

// MilestoneRow is a milestone claim and its fate. Evidence is written as given.
type MilestoneRow struct {
	ID, CaseID       BulkID
	Code             string
	AchievedOn       time.Time
	Evidence, Status string
	ClaimedBy        BulkID
	ClaimedAt        time.Time
	DecidedAt        *time.Time
	LapseReason      string
	LapsedOn         *time.Time
}

// ReintegrationPlanRow is a case's reintegration plan. Agency is written as given.
type ReintegrationPlanRow struct {
	CaseID              BulkID
	Status              string
	PlannedRelease      *time.Time
	ReleaseType, Agency string
	Version             int
	UpdatedBy           BulkID
	UpdatedAt           time.Time
	DecidedAt           *time.Time
}

// ReintegrationItemRow is an item of a reintegration plan. Description is written as given.
type ReintegrationItemRow struct {
	CaseID                    BulkID
	Area, Status, Description string
}

// FollowUpRow is a follow-up after release (or after a community case's intervention).
// Notes are written as given.
type FollowUpRow struct {
	ID, CaseID                                                    BulkID
	HeldOn                                                        time.Time
	Months                                                        int
	Housing, WorkEducation, FamilyContact, Compliance, NewOffence string
	OffenceCategory                                               string
	OffenceOn                                                     *time.Time
	Notes                                                         string
	RecordedBy                                                    BulkID
	CreatedAt                                                     time.Time
	ReleaseID                                                     BulkID
}

// ReleaseRow is a release of a custodial case. Agency and Conditions are written as given.
type ReleaseRow struct {
	ID, CaseID                  BulkID
	Number                      int
	ReleasedOn                  time.Time
	ReleaseType                 string
	Agency, Conditions          string
	EnteredOn, RecalledOn       *time.Time
	RecallReason, RecallOutcome string
	RecallChangeID, RecordedBy  BulkID
	CreatedAt                   time.Time
}

// FollowUpPointRow is a scheduled follow-up point.
type FollowUpPointRow struct {
	ID, CaseID, ReleaseID BulkID
	Anchor                string
	AnchorOn              time.Time
	Months                int
	DueOn                 time.Time
	Status                string
	FollowUpID            BulkID
	NotReachedReason      string
	ClosedOn              *time.Time
	ClosedBy              BulkID
	ClosedAt              *time.Time
	CreatedAt             time.Time
}

// TransferRow is a transfer between facilities; Handover is what an accepted one handed over.
// Reason and Comment are written as given.
type TransferRow struct {
	ID, CaseID, FromFacilityID, ToFacilityID BulkID
	Reason                                   string
	TransferOn                               time.Time
	Status                                   string
	RequestedBy                              BulkID
	RequestedAt                              time.Time
	DecidedBy                                BulkID
	DecidedAt                                *time.Time
	Comment                                  string
	Handover                                 *domain.Handover
}

// EventRow is a timeline entry. RefID is the referenced record's id in text ("" for none);
// Kind, Summary, Params and Practices are written as given: Kind, Summary and Params come
// from a domain.Event… constructor (domain.TimelineEvent), so seeded lines read as real ones.
type EventRow struct {
	CaseID      BulkID
	At          time.Time
	OccurredOn  time.Time
	Kind, RefID string
	Summary     string
	Params      map[string]string // nil is written as {}
	Practices   []string
	ActorID     BulkID
}
