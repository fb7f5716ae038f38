package domain

import (
	"strconv"
	"time"
)

// EarliestDate is the floor of every date Pathways keeps. Nothing it records (a consent, a
// session, a release, an offence) happened before it: a date before it is a slip of the
// keyboard, or a probe of the system, never a fact.
var EarliestDate = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)

// DatedField is a date a request gives for a record, named by its field.
type DatedField struct {
	Path string
	On   time.Time
	// AnyTime marks a fact about the participant that may predate the case (an offence
	// found out at a follow-up): only the impossible past is refused for it.
	AnyTime bool
}

// CheckRecordDates applies the rule for dates of a case's records: none lies before the
// case's intake (the day it was opened), and none before EarliestDate. A zero intake checks
// the floor only.
func CheckRecordDates(intake time.Time, fields ...DatedField) error {
	var p Problems
	intake = dateOf(intake)
	for _, f := range fields {
		on := dateOf(f.On)
		switch {
		case on.Before(EarliestDate):
			p.AddParams(f.Path, "out_of_range", "must not be before "+EarliestDate.Format(time.DateOnly),
				map[string]string{"min": EarliestDate.Format(time.DateOnly), "type": "date"})
		case !f.AnyTime && !intake.IsZero() && on.Before(intake):
			p.AddParams(f.Path, "before_intake", "must not be before the case's intake on "+intake.Format(time.DateOnly),
				map[string]string{"date": intake.Format(time.DateOnly)})
		}
	}
	return p.Err()
}

// optionalDate lists a date that may be absent.
func optionalDate(path string, on *time.Time) []DatedField {
	if on == nil {
		return nil
	}
	return []DatedField{{Path: path, On: *on}}
}

// Dates lists the session's dates for CheckRecordDates.
func (in SessionInput) Dates() []DatedField { return []DatedField{{Path: "held_on", On: in.HeldOn}} }

// Dates lists the assessment's dates for CheckRecordDates.
func (a AssessmentInput) Dates() []DatedField {
	return []DatedField{{Path: "assessed_on", On: a.AssessedOn}}
}

// Dates lists the claim's dates for CheckRecordDates.
func (in MilestoneInput) Dates() []DatedField {
	return []DatedField{{Path: "achieved_on", On: in.AchievedOn}}
}

// Dates lists the lapse's dates for CheckRecordDates.
func (in MilestoneLapse) Dates() []DatedField { return []DatedField{{Path: "on", On: in.On}} }

// Dates lists the follow-up's dates for CheckRecordDates; the offence may predate the case.
func (in FollowUpInput) Dates() []DatedField {
	out := []DatedField{{Path: "held_on", On: in.HeldOn}}
	if in.OffenceOn != nil {
		out = append(out, DatedField{Path: "offence_on", On: *in.OffenceOn, AnyTime: true})
	}
	return out
}

// Dates lists the plan's target dates for CheckRecordDates.
func (in PlanInput) Dates() []DatedField {
	var out []DatedField
	for i, g := range in.Goals {
		out = append(out, optionalDate("goals["+strconv.Itoa(i)+"].target_date", g.TargetDate)...)
	}
	return out
}

// Dates lists the reintegration plan's dates for CheckRecordDates.
func (in ReintegrationInput) Dates() []DatedField {
	return optionalDate("planned_release", in.PlannedRelease)
}

// Dates lists the dates a case update sets, for CheckRecordDates.
func (u CaseUpdate) Dates() []DatedField {
	var out []DatedField
	if u.ExpectedReleaseDate.Set {
		out = append(out, optionalDate("expected_release_date", u.ExpectedReleaseDate.Value)...)
	}
	if u.ActualReleaseDate.Set {
		out = append(out, optionalDate("actual_release_date", u.ActualReleaseDate.Value)...)
	}
	return out
}
