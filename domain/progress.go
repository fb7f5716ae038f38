package domain

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// ProgressFacts is what a case's progress view is drawn from, loaded by the store in one
// query: the final assessments no final correction replaces, every session the case was
// recorded on (one row per session, with the case's own attendance), and its milestone claims.
type ProgressFacts struct {
	Assessments []ProgressAssessment
	Sessions    []ProgressSession
	Milestones  []ProgressMilestone
}

// ProgressAssessment is one final assessment as the progress view sees it: the assessor's
// overall judgement and, per polarity, how many items were rated and the sum of their ratings
// on the instrument's scale.
type ProgressAssessment struct {
	ID                string
	InstrumentCode    string
	InstrumentVersion string
	Occasion          string
	AssessedOn        time.Time
	Overall           string // low, moderate, high
	ScaleMin          int
	ScaleMax          int
	RiskRated         int
	RiskSum           int
	ProtectiveRated   int
	ProtectiveSum     int
}

// ProgressSession is one session the case was recorded on, with the case's attendance and
// engagement (nil unless present and rated).
type ProgressSession struct {
	HeldOn           time.Time
	InterventionType string
	Minutes          int
	Attendance       string
	Engagement       *int
}

// ProgressMilestone is one milestone claim of the case. A claim counts as reached when it is
// verified, or verified and lapsed since (it held from AchievedOn to LapsedOn); a pending,
// rejected or reversed (wrongly recorded) claim was never reached.
type ProgressMilestone struct {
	ID             string
	DefinitionCode string
	Status         string
	AchievedOn     time.Time
	LapsedOn       *time.Time
}

// Reached says whether the claim counts as a milestone the participant reached.
func (m ProgressMilestone) Reached() bool { return m.Status == "verified" || m.Status == "lapsed" }

// CaseProgress is a case's progress at a glance: assessed risk over time, and month by month
// the sessions by type, attendance and engagement, and milestones reached and held.
type CaseProgress struct {
	Risk       []RiskPoint         // by assessment date, oldest first
	Months     []ProgressMonth     // every month from the first session or milestone to the last, none skipped
	Milestones []ProgressMilestone // every claim, by achieved date
}

// RiskPoint is one final assessment on the risk trend. RiskLevel and ProtectiveLevel are the
// mean rating of the rated items of that polarity as a share of the instrument's scale (0 at
// its minimum, 1 at its maximum), so instruments with different scales share an axis; nil when
// no item of the polarity was rated. They describe the ratings; the assessor's Overall is the
// judgement, never derived from them.
type RiskPoint struct {
	AssessmentID      string
	InstrumentCode    string
	InstrumentVersion string
	Occasion          string
	AssessedOn        time.Time
	Overall           string
	RiskRated         int
	RiskLevel         *float64
	ProtectiveRated   int
	ProtectiveLevel   *float64
}

// ProgressMonth is one calendar month of a case's activity.
type ProgressMonth struct {
	Month time.Time // its first day, UTC
	// Sessions: per intervention type (by code), the sessions the case was recorded on and
	// their minutes, whatever the attendance.
	Sessions []TypeSessions
	// Attendance counts the month's sessions by the case's attendance, every code present.
	Attendance map[string]int
	// EngagementRated is how many sessions had an engagement rating, EngagementMean their
	// mean (nil when none).
	EngagementRated int
	EngagementMean  *float64
	// MilestonesReached: claims reached with an achieved date in the month; MilestonesHeld:
	// reached ones holding at the month's end (achieved by then and not lapsed by then).
	MilestonesReached int
	MilestonesHeld    int
}

// TypeSessions is how many sessions of one intervention type a month held, and their minutes.
type TypeSessions struct {
	Type     string
	Sessions int
	Minutes  int
}

// ProgressStore answers a case's progress view, auditing the read as one event.
type ProgressStore interface {
	CaseProgress(ctx context.Context, p *Principal, caseID string) (CaseProgress, error)
}

func monthOf(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// BuildProgress aggregates a case's facts into its progress view.
func BuildProgress(f ProgressFacts) CaseProgress {
	var out CaseProgress
	for _, a := range f.Assessments {
		out.Risk = append(out.Risk, RiskPoint{AssessmentID: a.ID, InstrumentCode: a.InstrumentCode, InstrumentVersion: a.InstrumentVersion,
			Occasion: a.Occasion, AssessedOn: a.AssessedOn, Overall: a.Overall,
			RiskRated: a.RiskRated, RiskLevel: scaleShare(a.RiskSum, a.RiskRated, a.ScaleMin, a.ScaleMax),
			ProtectiveRated: a.ProtectiveRated, ProtectiveLevel: scaleShare(a.ProtectiveSum, a.ProtectiveRated, a.ScaleMin, a.ScaleMax)})
	}
	slices.SortStableFunc(out.Risk, func(a, b RiskPoint) int { return a.AssessedOn.Compare(b.AssessedOn) })
	out.Milestones = slices.Clone(f.Milestones)
	slices.SortStableFunc(out.Milestones, func(a, b ProgressMilestone) int { return a.AchievedOn.Compare(b.AchievedOn) })

	var first, last time.Time
	span := func(t time.Time) {
		m := monthOf(t)
		if first.IsZero() || m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	for _, s := range f.Sessions {
		span(s.HeldOn)
	}
	for _, m := range f.Milestones {
		if m.Reached() {
			span(m.AchievedOn)
			if m.LapsedOn != nil {
				span(*m.LapsedOn)
			}
		}
	}
	if first.IsZero() {
		return out
	}
	index := map[time.Time]int{}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		index[m] = len(out.Months)
		att := make(map[string]int, len(AttendanceCodes))
		for _, code := range AttendanceCodes {
			att[code] = 0
		}
		out.Months = append(out.Months, ProgressMonth{Month: m, Attendance: att})
	}
	engagementSum := make([]int, len(out.Months))
	for _, s := range f.Sessions {
		pm := &out.Months[index[monthOf(s.HeldOn)]]
		i := slices.IndexFunc(pm.Sessions, func(x TypeSessions) bool { return x.Type == s.InterventionType })
		if i < 0 {
			pm.Sessions = append(pm.Sessions, TypeSessions{Type: s.InterventionType})
			i = len(pm.Sessions) - 1
		}
		pm.Sessions[i].Sessions++
		pm.Sessions[i].Minutes += s.Minutes
		pm.Attendance[s.Attendance]++
		if s.Engagement != nil {
			pm.EngagementRated++
			engagementSum[index[monthOf(s.HeldOn)]] += *s.Engagement
		}
	}
	for i := range out.Months {
		pm := &out.Months[i]
		slices.SortFunc(pm.Sessions, func(a, b TypeSessions) int { return cmp.Compare(a.Type, b.Type) })
		if pm.EngagementRated > 0 {
			mean := float64(engagementSum[i]) / float64(pm.EngagementRated)
			pm.EngagementMean = &mean
		}
		end := pm.Month.AddDate(0, 1, 0) // the first day after the month
		for _, m := range f.Milestones {
			if !m.Reached() {
				continue
			}
			if monthOf(m.AchievedOn).Equal(pm.Month) {
				pm.MilestonesReached++
			}
			if m.AchievedOn.Before(end) && (m.LapsedOn == nil || !m.LapsedOn.Before(end)) {
				pm.MilestonesHeld++
			}
		}
	}
	return out
}

// scaleShare is the mean of n ratings summing to sum, placed on the scale [lo, hi] as a share
// from 0 to 1; nil without ratings or with a degenerate scale.
func scaleShare(sum, n, lo, hi int) *float64 {
	if n == 0 || hi <= lo {
		return nil
	}
	v := (float64(sum)/float64(n) - float64(lo)) / float64(hi-lo)
	return &v
}
