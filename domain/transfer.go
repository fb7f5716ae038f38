package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Transfers move a case from one facility to another of the same country. The sending side
// asks (why, and from when); a supervisor whose scope covers the receiving facility accepts or
// declines. On acceptance the case moves, its old team loses access, the accepting supervisor
// names the new team, and a handover summary goes on the case's timeline. A transfer to
// another country is not a transfer: the case closes as transferred_out.

// Transfer statuses.
const (
	TransferPending  = "pending"
	TransferAccepted = "accepted"
	TransferDeclined = "declined"
)

// Transfer is one request to move a case, and its decision.
type Transfer struct {
	ID             string
	CaseID         string
	Pseudonym      string
	CasePhase      Phase
	Track          Track
	ProgrammeID    string
	FromFacilityID string
	FromFacility   string // names, for the receiving side, which cannot see the sending facility's cases
	ToFacilityID   string
	ToFacility     string
	Reason         string
	TransferOn     time.Time
	Status         string
	RequestedBy    string // username
	RequestedAt    time.Time
	DecidedBy      string
	DecidedAt      *time.Time
	Comment        string
	Handover       *Handover
}

// TransferRequest is what the sending side asks for.
type TransferRequest struct {
	ToFacilityID           string
	Reason                 string
	TransferOn             time.Time
	AcknowledgeIdentifiers bool
}

// TransferFacts is what the request rules look at.
type TransferFacts struct {
	BirthYear  int // the participant's recorded birth year, for the identifier screen
	Phase      Phase
	Country    string
	FacilityID string
	OpenedOn   time.Time
	Today      time.Time
	PendingID  string // a transfer of the case already waiting, if any
	ToFound    bool   // the receiving facility exists and is open
	ToCountry  string
}

// MaxTransferLeadDays: a transfer is asked for at most a year ahead.
const MaxTransferLeadDays = 366

// CheckTransferRequest decides a transfer request: an open case, one waiting transfer at a
// time, another open facility of the same country, a reason, and a date from the case's
// opening to a year ahead. It returns the identifiers the reason was screened for.
func CheckTransferRequest(f TransferFacts, r TransferRequest) ([]string, error) {
	if f.Phase == PhaseClosed {
		return nil, Errorf(CodeConflict, "the case is closed; it cannot be transferred")
	}
	if f.PendingID != "" {
		return nil, Errorf(CodeConflict, "a transfer of this case is already waiting for the receiving facility's decision")
	}
	var p Problems
	switch {
	case !f.ToFound:
		p.Add("to_facility_id", "unknown", "no such open facility")
	case r.ToFacilityID == f.FacilityID:
		p.Add("to_facility_id", "same_facility", "the case is already held there")
	case f.ToCountry != f.Country:
		p.Add("to_facility_id", "other_country", "a move to another country closes the case as transferred_out")
	}
	if strings.TrimSpace(r.Reason) == "" {
		p.Add("reason", "required", "say why the case moves")
	}
	on, today := dateOf(r.TransferOn), dateOf(f.Today)
	switch {
	case r.TransferOn.IsZero():
		p.Add("transfer_on", "required", "is required")
	case on.Before(dateOf(f.OpenedOn)):
		p.Add("transfer_on", "before_opened", "cannot be before the case was opened")
	case on.After(today.AddDate(0, 0, MaxTransferLeadDays)):
		p.Add("transfer_on", "too_far", "ask at most a year ahead")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(r.AcknowledgeIdentifiers, []int{f.BirthYear}, r.FreeTexts()...)
}

// TransferDecision is the receiving supervisor's answer. Accepting names the new team.
type TransferDecision struct {
	Accept                 bool
	Comment                string
	CaseManagerID          string
	Members                []TeamMember
	AcknowledgeIdentifiers bool
}

// Verdict is the status the decision gives the transfer: TransferAccepted or
// TransferDeclined.
func (d TransferDecision) Verdict() string {
	if d.Accept {
		return TransferAccepted
	}
	return TransferDeclined
}

// TransferDecisionFacts is what the decision rules look at.
type TransferDecisionFacts struct {
	BirthYear      int // the participant's recorded birth year, for the identifier screen
	Status         string
	RequestedByID  string
	DeciderID      string
	CasePhase      Phase
	CaseFacilityID string
	FromFacilityID string
	ToRetired      bool // the receiving facility was retired after the request
	Today          time.Time
}

// CheckTransferDecision decides a decision: a waiting request, never by its requester (four
// eyes), on a case still open and still where the request found it; a decline says why; an
// acceptance names a case manager who is on the new team.
func CheckTransferDecision(f TransferDecisionFacts, d TransferDecision) ([]string, error) {
	if f.Status != TransferPending {
		return nil, Errorf(CodeConflict, "this transfer was already decided (%s)", f.Status)
	}
	if f.RequestedByID == f.DeciderID {
		return nil, Errorf(CodeForbidden, "you cannot decide your own transfer request: a supervisor of the receiving facility must")
	}
	if f.CasePhase == PhaseClosed {
		return nil, Errorf(CodeConflict, "the case closed after the request; it cannot be transferred")
	}
	if f.CaseFacilityID != f.FromFacilityID {
		return nil, Errorf(CodeConflict, "the case moved after the request")
	}
	if d.Accept && f.ToRetired {
		// A retired facility holds no open case (attack round 6 moved one into it).
		return nil, Errorf(CodeConflict, "the receiving facility has been retired; decline the transfer")
	}
	var p Problems
	if d.Accept {
		if len(d.Members) == 0 {
			p.Add("members", "required", "name the case's new team")
		}
		found := false
		for _, m := range d.Members {
			found = found || m.UserID == d.CaseManagerID
		}
		if !found {
			p.Add("case_manager_id", "not_a_member", "the case manager must be a member of the team")
		}
	} else if strings.TrimSpace(d.Comment) == "" {
		p.Add("comment", "required", "say why the transfer is declined")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(d.AcknowledgeIdentifiers, []int{f.BirthYear}, d.FreeTexts()...)
}

// Handover is what the receiving team needs to know first, put on the timeline when a
// transfer is accepted.
type Handover struct {
	Phase            Phase
	LatestAssessment *HandoverAssessment
	Plan             *HandoverPlan
	OpenRequests     []string // kinds of requests waiting for a supervisor (transition, plan, milestone, …)
	DueFollowUps     []HandoverPoint
}

// HandoverAssessment is the latest final assessment.
type HandoverAssessment struct {
	On         time.Time
	Overall    string
	NextReview *time.Time
}

// HandoverPlan is the individual plan in force.
type HandoverPlan struct {
	Version    int
	ApprovedOn *time.Time
}

// HandoverPoint is a follow-up point due or overdue.
type HandoverPoint struct {
	Months int
	DueOn  time.Time
}

// Summary is the handover in one line for the timeline: no free text, only the facts.
func (h Handover) Summary() string {
	parts := []string{"phase " + strings.ReplaceAll(string(h.Phase), "_", " ")}
	if a := h.LatestAssessment; a != nil {
		s := fmt.Sprintf("latest assessment %s (%s)", a.On.Format(time.DateOnly), a.Overall)
		if a.NextReview != nil {
			s += ", review due " + a.NextReview.Format(time.DateOnly)
		}
		parts = append(parts, s)
	} else {
		parts = append(parts, "no final assessment")
	}
	if pl := h.Plan; pl != nil {
		s := fmt.Sprintf("plan v%d in force", pl.Version)
		if pl.ApprovedOn != nil {
			s += " since " + pl.ApprovedOn.Format(time.DateOnly)
		}
		parts = append(parts, s)
	} else {
		parts = append(parts, "no plan in force")
	}
	if n := len(h.OpenRequests); n > 0 {
		parts = append(parts, fmt.Sprintf("%d open request(s): %s", n, strings.Join(h.OpenRequests, ", ")))
	} else {
		parts = append(parts, "no open requests")
	}
	if len(h.DueFollowUps) > 0 {
		var ds []string
		for _, d := range h.DueFollowUps {
			ds = append(ds, fmt.Sprintf("%d months due %s", d.Months, d.DueOn.Format(time.DateOnly)))
		}
		parts = append(parts, "follow-ups due: "+strings.Join(ds, ", "))
	} else {
		parts = append(parts, "no follow-ups due")
	}
	return "handover: " + strings.Join(parts, "; ")
}

// TransferFilter selects transfers for the lists of both sides.
type TransferFilter struct {
	Direction string // incoming (to facilities the caller supervises) or outgoing (cases the caller sees)
	Status    string // default pending
	Cursor    string // from the previous page's next cursor
	Limit     int    // page size (default 50, at most 200)
}

// TransferStore keeps transfer requests and decisions.
type TransferStore interface {
	// RequestTransfer asks to move a case; version is the case's If-Match.
	RequestTransfer(ctx context.Context, p *Principal, caseID string, version int, r TransferRequest) (Transfer, int, error)
	ListCaseTransfers(ctx context.Context, p *Principal, caseID string) ([]Transfer, error)
	ListTransfers(ctx context.Context, p *Principal, f TransferFilter) (page []Transfer, next string, err error)
	DecideTransfer(ctx context.Context, p *Principal, transferID string, d TransferDecision) (Transfer, error)
}
