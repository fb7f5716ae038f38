package domain

import (
	"context"
	"slices"
	"strings"
	"time"
)

// A custodial case keeps every release from custody as an episode of its own: when, how
// (the release type), who supervises, under which conditions, and, if it happens, the recall
// that ended it. A recall sends the case back to intervention and the next release is a new
// episode; nothing about the earlier one is overwritten, so reoffending can be measured per
// release.

// Recall reasons and what followed a recall.
var (
	RecallReasons  = []string{"breach_of_conditions", "new_offence", "other"}
	RecallOutcomes = []string{"returned_to_custody", "remanded", "new_sentence", "other"}
)

// Release statuses, derived from the release and its case: recorded (the person is out but
// the move to reintegration waits for approval), released (the case entered reintegration on
// it), recalled.
const (
	ReleaseRecorded = "recorded"
	ReleaseReleased = "released"
	ReleaseRecalled = "recalled"
)

// ReleaseTypeGroup folds the release types into the three the statistics report: end of
// sentence, conditional or parole release, and other (court-ordered and anything else).
func ReleaseTypeGroup(t string) string {
	switch t {
	case "end_of_sentence":
		return "end_of_sentence"
	case "parole", "conditional":
		return "conditional"
	}
	return "other"
}

// Recall is the end of a release by return to custody.
type Recall struct {
	On     time.Time
	Reason string // a RecallReasons code
	// Outcome says what followed (RecallOutcomes); empty while not yet known.
	Outcome       string
	PhaseChangeID string
}

// CaseRelease is one release of a case from custody.
type CaseRelease struct {
	ID                string
	CaseID            string
	Number            int // 1 for the case's first release, 2 for the next, …
	ReleasedOn        time.Time
	ReleaseType       string
	SupervisingAgency string
	Conditions        string
	// EnteredOn is the day the case entered reintegration on this release; nil while the
	// move waits for approval.
	EnteredOn  *time.Time
	Recall     *Recall
	RecordedBy string // username
	CreatedAt  time.Time
}

// Status is recorded, released or recalled.
func (r CaseRelease) Status() string {
	switch {
	case r.Recall != nil:
		return ReleaseRecalled
	case r.EnteredOn != nil:
		return ReleaseReleased
	}
	return ReleaseRecorded
}

// ReleaseInput is a release as staff record it.
type ReleaseInput struct {
	ReleasedOn             time.Time
	ReleaseType            string
	SupervisingAgency      string
	Conditions             string
	AcknowledgeIdentifiers bool
}

// ReleaseFacts is what the release rules look at: the case and its latest release.
type ReleaseFacts struct {
	BirthYear int // the participant's recorded birth year, for the identifier screen
	Phase     Phase
	Track     Track
	OpenedOn  time.Time
	Today     time.Time
	// Latest is the case's latest release, nil when there is none.
	Latest *CaseRelease
	// PreviousRecallOn is the recall of the release before the latest (nil: none).
	PreviousRecallOn *time.Time
	// LatestFollowUpFrom is the earliest follow-up held on the latest release (nil: none).
	LatestFollowUpFrom *time.Time
}

// OpenRelease is the latest release when it has not been recalled: the release the case is
// out on, or about to enter reintegration on.
func (f ReleaseFacts) OpenRelease() *CaseRelease {
	if f.Latest != nil && f.Latest.Recall == nil {
		return f.Latest
	}
	return nil
}

// CheckNewRelease decides whether a release may be recorded: custodial cases in pre-release,
// one open release at a time, on a day that has come, after the case opened and after the
// previous release's recall. It returns the identifiers the free text was screened for.
func CheckNewRelease(f ReleaseFacts, in ReleaseInput) ([]string, error) {
	if f.Phase == PhaseClosed {
		return nil, Errorf(CodeConflict, "the case is closed; its records can no longer change")
	}
	if f.OpenRelease() != nil {
		return nil, Errorf(CodeConflict, "a release on %s is already recorded: correct it rather than record another",
			f.Latest.ReleasedOn.Format(time.DateOnly))
	}
	var p Problems
	switch {
	case f.Track != TrackCustodial:
		p.Add("released_on", "not_for_track", "a non-custodial case has no release")
	case f.Phase != PhasePreRelease:
		p.Add("released_on", "wrong_phase", "a release is recorded in pre-release")
	}
	var recalled *time.Time
	if f.Latest != nil && f.Latest.Recall != nil {
		recalled = &f.Latest.Recall.On
	}
	p = append(p, checkReleaseDate(f, in.ReleasedOn, recalled)...)
	p = append(p, checkReleaseFields(in.ReleaseType, true)...)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(in.AcknowledgeIdentifiers, []int{f.BirthYear}, in.FreeTexts()...)
}

// checkReleaseDate: a release date has come, is not before the case opened, and not before
// the recall that ended the release before it (recalled; nil for a first release).
func checkReleaseDate(f ReleaseFacts, on time.Time, recalled *time.Time) Problems {
	var p Problems
	on, today := dateOf(on), dateOf(f.Today)
	switch {
	case on.After(today):
		p.Add("released_on", "in_future", "record the release once it has happened")
	case on.Before(dateOf(f.OpenedOn)):
		p.Add("released_on", "before_opened", "the release cannot be before the case was opened")
	case recalled != nil && on.Before(dateOf(*recalled)):
		p.Add("released_on", "before_recall", "the release cannot be before the previous release's recall on "+recalled.Format(time.DateOnly))
	}
	return p
}

func checkReleaseFields(releaseType string, required bool) Problems {
	var p Problems
	switch {
	case releaseType == "" && required:
		p.Add("release_type", "required", "say how the person was released")
	case releaseType != "" && !slices.Contains(ReleaseTypes, releaseType):
		p.Add("release_type", "oneof", "must be one of "+strings.Join(ReleaseTypes, ", "))
	}
	return p
}

// ReleaseUpdate corrects a release or says what followed its recall. Unset fields stay.
type ReleaseUpdate struct {
	ReleasedOn             Opt[time.Time]
	ReleaseType            Opt[string]
	SupervisingAgency      Opt[string]
	Conditions             Opt[string]
	RecallOutcome          Opt[string]
	AcknowledgeIdentifiers bool
}

// CheckReleaseUpdate decides a correction of release r (the latest is f.Latest). The date of
// a release may only be corrected while it is the case's open release and no follow-up on it
// is earlier than the new date (the follow-up points are due from it); what followed a recall
// only on a recalled release. Type, agency and conditions may be corrected while the case is
// open.
func CheckReleaseUpdate(f ReleaseFacts, r CaseRelease, u ReleaseUpdate) ([]string, error) {
	if f.Phase == PhaseClosed {
		return nil, Errorf(CodeConflict, "the case is closed; its records can no longer change")
	}
	var p Problems
	if !u.ReleasedOn.Set && !u.ReleaseType.Set && !u.SupervisingAgency.Set && !u.Conditions.Set && !u.RecallOutcome.Set {
		p.Add("body", "empty", "send at least one field to change")
	}
	if u.ReleasedOn.Set {
		open := f.OpenRelease()
		switch {
		case u.ReleasedOn.Value == nil:
			p.Add("released_on", "required", "a release keeps its date")
		case open == nil || open.ID != r.ID:
			p.Add("released_on", "not_open", "only the date of the release the case is out on can be corrected")
		default:
			p = append(p, checkReleaseDate(f, *u.ReleasedOn.Value, f.PreviousRecallOn)...)
			if f.LatestFollowUpFrom != nil && f.LatestFollowUpFrom.Before(dateOf(*u.ReleasedOn.Value)) {
				p.Add("released_on", "after_follow_up", "a follow-up on this release was held on "+
					f.LatestFollowUpFrom.Format(time.DateOnly)+", before the new date")
			}
		}
	}
	if u.ReleaseType.Set {
		if u.ReleaseType.Value == nil {
			p.Add("release_type", "required", "a release keeps its type")
		} else {
			p = append(p, checkReleaseFields(*u.ReleaseType.Value, true)...)
		}
	}
	if u.RecallOutcome.Set {
		switch {
		case r.Recall == nil:
			p.Add("recall_outcome", "not_recalled", "this release was not recalled")
		case u.RecallOutcome.Value != nil && !slices.Contains(RecallOutcomes, *u.RecallOutcome.Value):
			p.Add("recall_outcome", "oneof", "must be one of "+strings.Join(RecallOutcomes, ", "))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return CheckIdentifiers(u.AcknowledgeIdentifiers, []int{f.BirthYear}, u.FreeTexts()...)
}

// Fields lists the release's fields the update sets, in a fixed order (the names of the
// wire and of the store's columns).
func (u ReleaseUpdate) Fields() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"released_on", u.ReleasedOn.Set}, {"release_type", u.ReleaseType.Set}, {"supervising_agency", u.SupervisingAgency.Set},
		{"conditions", u.Conditions.Set}, {"recall_outcome", u.RecallOutcome.Set},
	} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// ReleaseCorrection is what an accepted correction does.
type ReleaseCorrection struct {
	Release CaseRelease // as it stood before the correction
	Fields  []string    // the fields it sets (ReleaseUpdate.Fields)
	// MovesSchedule: the date changes, so the release's follow-up points and the months
	// counted for its follow-ups move with it.
	MovesSchedule bool
	// Kinds are the identifier kinds the author acknowledged.
	Kinds []string
}

// PlanReleaseCorrection decides correction u of release id among the case's releases all:
// NotFound when the case has no such release, else CheckReleaseUpdate.
func PlanReleaseCorrection(f ReleaseFacts, all []CaseRelease, id string, u ReleaseUpdate) (ReleaseCorrection, error) {
	i := slices.IndexFunc(all, func(r CaseRelease) bool { return r.ID == id })
	if i < 0 {
		return ReleaseCorrection{}, NotFound("release")
	}
	r := all[i]
	kinds, err := CheckReleaseUpdate(f, r, u)
	if err != nil {
		return ReleaseCorrection{}, err
	}
	moves := u.ReleasedOn.Set && !u.ReleasedOn.Value.Equal(r.ReleasedOn)
	return ReleaseCorrection{Release: r, Fields: u.Fields(), MovesSchedule: moves, Kinds: kinds}, nil
}

// RecallInput is the recall named in a request to leave reintegration: back to intervention,
// or closed as reoffended or recalled.
type RecallInput struct {
	On      time.Time
	Reason  string
	Outcome string // optional: what followed, if already known
}

// checkRecall checks a recall against the release the case is out on.
func checkRecall(f CaseFacts, r *RecallInput) Problems {
	var p Problems
	if r == nil {
		p.Add("recall", "required", "say when and why the person was recalled")
		return p
	}
	if !slices.Contains(RecallReasons, r.Reason) {
		p.Add("recall.reason", "oneof", "must be one of "+strings.Join(RecallReasons, ", "))
	}
	if r.Outcome != "" && !slices.Contains(RecallOutcomes, r.Outcome) {
		p.Add("recall.outcome", "oneof", "must be one of "+strings.Join(RecallOutcomes, ", "))
	}
	on := dateOf(r.On)
	switch {
	case r.On.IsZero():
		p.Add("recall.on", "required", "the day of the recall is required")
	case on.After(dateOf(f.Today)):
		p.Add("recall.on", "in_future", "record the recall once it has happened")
	case f.ActualReleaseDate == nil:
		p.Add("actual_release_date", "missing", "the case has no release to recall")
	case on.Before(dateOf(*f.ActualReleaseDate)):
		p.Add("recall.on", "before_release", "the recall cannot be before the release on "+f.ActualReleaseDate.Format(time.DateOnly))
	}
	return p
}

// ReleaseStore keeps the releases of a case. Every method is scoped and audited like the case.
type ReleaseStore interface {
	ListReleases(ctx context.Context, p *Principal, caseID string) ([]CaseRelease, error)
	// CreateRelease records a release in pre-release; version is the case's If-Match.
	CreateRelease(ctx context.Context, p *Principal, caseID string, version int, in ReleaseInput) (CaseRelease, int, error)
	// UpdateRelease corrects a release; version is the case's If-Match. It returns the
	// release and the case's new version.
	UpdateRelease(ctx context.Context, p *Principal, caseID, releaseID string, version int, u ReleaseUpdate) (CaseRelease, int, error)
}
