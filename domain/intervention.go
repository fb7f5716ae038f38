package domain

import (
	"context"
	"strconv"
	"time"
)

// Attendance codes; engagement is rated only for those present.
var AttendanceCodes = []string{"attended", "late", "excused_absence", "unexcused_absence", "refused"}

// SessionFormats are how a session is delivered.
var SessionFormats = []string{"individual", "group", "family"}

// InterventionSession is one delivered session. A group session is recorded once, with
// one attendance line per participant's case.
type InterventionSession struct {
	ID               string
	InterventionType string
	HeldOn           time.Time
	Minutes          int
	Format           string
	DeliveredBy      string
	FacilityID       string
	Notes            string
	CreatedBy        string
	CreatedAt        time.Time
	Attendance       []Attendance
}

// Attendance is one case's presence at a session.
type Attendance struct {
	CaseID     string
	Attendance string
	Engagement *int // 1-5, only when attended or late
}

// SessionInput is a session to record, for one case or several.
type SessionInput struct {
	InterventionType       string
	HeldOn                 time.Time
	Minutes                int
	Format                 string
	DeliveredBy            string // "" means the caller
	Notes                  string
	Participants           []Attendance
	AcknowledgeIdentifiers bool
	Group                  bool // recorded for several cases at once: problems name participants[i]
}

// Validate checks a session's own rules.
func (in SessionInput) Validate(today time.Time, birthYears ...int) ([]string, error) {
	var p Problems
	prefix := ""
	if in.Group {
		prefix = "participants"
	}
	if in.HeldOn.After(today) {
		p.Add("held_on", "future", "must not be in the future")
	}
	if len(in.Participants) == 0 {
		p.Add(prefix, "required", "at least one participant")
	}
	seen := map[string]bool{}
	for i, a := range in.Participants {
		at := ""
		if prefix != "" {
			at = prefix + "[" + strconv.Itoa(i) + "]."
		}
		if seen[a.CaseID] {
			p.Add(at+"case_id", "duplicate", "the case is listed twice")
		}
		seen[a.CaseID] = true
		if a.Engagement != nil && a.Attendance != "attended" && a.Attendance != "late" {
			p.Add(at+"engagement", "not_present", "engagement is rated only for participants who attended or came late")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, birthYears, TextField{Path: "notes", Text: in.Notes})
}

// SessionPage is a page of a case's sessions, newest first.
type SessionPage struct {
	Items      []InterventionSession // each with the case's own attendance line only
	NextCursor string
}

// SessionStore records intervention sessions.
type SessionStore interface {
	ListSessions(ctx context.Context, p *Principal, caseID, cursor string, limit int) (SessionPage, error)
	// RecordSession writes one session with one attendance line per participant; every case
	// must be visible to the caller, or nothing is written.
	RecordSession(ctx context.Context, p *Principal, in SessionInput) (InterventionSession, error)
}
