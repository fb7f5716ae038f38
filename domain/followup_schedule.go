package domain

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Follow-up schedules. Each programme names its follow-up points in months (by default 3, 6,
// 12 and 24). A custodial case gets a set of points from each release, due that many months
// after it; a community case gets one set from the end of its intervention (when it closes
// from intervention as completed, withdrawn or other). Each point is reached by the follow-up
// recorded against it, or closed as not reached with a reason, so the outcome figures can say
// whom they cover. Follow-ups may be recorded after the case closes, until its last point has
// passed.

// DefaultFollowUpMonths is the schedule of a programme that names none.
var DefaultFollowUpMonths = []int{3, 6, 12, 24}

// Limits of a programme's schedule.
const (
	MaxFollowUpPoints = 12
	MaxFollowUpMonths = 120
)

// FollowUpWindowMonths is how long after its due date a point stays open for recording on a
// closed case: recording on a closed case stops this many months after its last point is due.
const FollowUpWindowMonths = 3

// FollowUpDueSoonDays: a point is "due" this many days before its due date.
const FollowUpDueSoonDays = 30

// Where a set of points is counted from.
const (
	AnchorRelease         = "release"
	AnchorInterventionEnd = "intervention_end"
)

// Point statuses as stored, and states as derived for a day.
const (
	PointOpen       = "open"
	PointReached    = "reached"
	PointNotReached = "not_reached"

	PointScheduled = "scheduled" // open, not yet due
	PointDue       = "due"       // open, due within FollowUpDueSoonDays
	PointOverdue   = "overdue"   // open, past its due date, recording still possible
	PointLapsed    = "lapsed"    // open on a closed case whose recording has stopped: not reached, not recorded
)

// NotReachedReasons say why a point was closed without a follow-up.
var NotReachedReasons = []string{"lost_contact", "refused", "moved_abroad", "in_custody", "deceased"}

// Closure reasons after which a community case is followed up from the end of its
// intervention. A death, a transfer out or a return to custody end the follow-up with the case.
var communityFollowUpClosures = []string{ClosureCompleted, ClosureWithdrawn, "other"}

// FollowUpPoint is one scheduled follow-up of a case.
type FollowUpPoint struct {
	ID        string
	CaseID    string
	ReleaseID string // for points counted from a release
	Anchor    string // AnchorRelease or AnchorInterventionEnd
	AnchorOn  time.Time
	Months    int
	DueOn     time.Time
	Status    string // PointOpen, PointReached, PointNotReached
	// FollowUpID is the follow-up that reached the point.
	FollowUpID string
	// NotReachedReason is one of NotReachedReasons when Status is PointNotReached.
	NotReachedReason string
	ClosedOn         *time.Time
	ClosedBy         string // username; "" for the system
	// State is the point's state on the day it was read (PointStateOf).
	State string
}

// ValidateFollowUpMonths checks a programme's schedule: 1 to 12 points, each 1 to 120
// months, strictly increasing.
func ValidateFollowUpMonths(months []int) error {
	var p Problems
	switch {
	case len(months) == 0:
		p.Add("follow_up_months", "required", "name at least one follow-up point")
	case len(months) > MaxFollowUpPoints:
		p.AddParams("follow_up_months", "max", "at most "+strconv.Itoa(MaxFollowUpPoints)+" follow-up points",
			map[string]string{"limit": strconv.Itoa(MaxFollowUpPoints), "type": "list"})
	}
	for i, m := range months {
		if m < 1 || m > MaxFollowUpMonths {
			p.AddParams("follow_up_months["+strconv.Itoa(i)+"]", "out_of_range", "must be 1 to "+strconv.Itoa(MaxFollowUpMonths)+" months",
				map[string]string{"min": "1", "max": strconv.Itoa(MaxFollowUpMonths)})
		} else if i > 0 && m <= months[i-1] {
			p.Add("follow_up_months["+strconv.Itoa(i)+"]", "not_increasing", "the points must be in increasing order, each once")
		}
	}
	return p.Err()
}

// AddMonths moves a date by whole months, keeping the day of the month where it exists and
// taking the month's last day where it does not (31 January + 1 month is 28 or 29 February,
// not 3 March): a point is never due in the month after the one it names.
func AddMonths(d time.Time, months int) time.Time {
	d = dateOf(d)
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d.Day(), last), 0, 0, 0, 0, time.UTC)
}

// SchedulePoints lays out a schedule from its anchor: one open point per month count, due
// that many months after the anchor.
func SchedulePoints(anchor string, anchorOn time.Time, months []int) []FollowUpPoint {
	out := make([]FollowUpPoint, 0, len(months))
	for _, m := range months {
		out = append(out, FollowUpPoint{Anchor: anchor, AnchorOn: dateOf(anchorOn), Months: m, DueOn: AddMonths(anchorOn, m), Status: PointOpen})
	}
	return out
}

// CommunityScheduleStarts reports whether closing a case starts its follow-up schedule from
// the end of intervention: a community case closing from intervention as completed, withdrawn
// or other.
func CommunityScheduleStarts(track Track, from Phase, closureReason string) bool {
	return track == TrackNonCustodial && from == PhaseIntervention && slices.Contains(communityFollowUpClosures, closureReason)
}

// RecordingEnds is the last day follow-ups may be recorded on a closed case: FollowUpWindowMonths
// after its last point is due. Nil when the case has no points.
func RecordingEnds(points []FollowUpPoint) *time.Time {
	var last *time.Time
	for i := range points {
		if last == nil || points[i].DueOn.After(*last) {
			last = &points[i].DueOn
		}
	}
	if last == nil {
		return nil
	}
	end := AddMonths(*last, FollowUpWindowMonths)
	return &end
}

// PointStateOf is a point's state on a day. closedCase says the case is closed, and ends is
// its RecordingEnds.
func PointStateOf(pt FollowUpPoint, closedCase bool, ends *time.Time, today time.Time) string {
	if pt.Status != PointOpen {
		return pt.Status
	}
	today = dateOf(today)
	switch {
	case closedCase && ends != nil && today.After(*ends):
		return PointLapsed
	case pt.DueOn.Before(today):
		return PointOverdue
	case !pt.DueOn.After(today.AddDate(0, 0, FollowUpDueSoonDays)):
		return PointDue
	}
	return PointScheduled
}

// FollowUpFacts is what the recording rules look at: the case and all its points.
type FollowUpFacts struct {
	Phase  Phase
	Track  Track
	Points []FollowUpPoint
	Today  time.Time
}

// FollowUpRecordFacts is what recording a follow-up is decided on, loaded once its case is
// locked: the placement facts, the case's intake and participant, and the references the
// input names.
type FollowUpRecordFacts struct {
	Placement FollowUpFacts
	OpenedOn  time.Time // the intake: no follow-up is dated before it
	BirthYear int       // the participant's, for the identifier screen
	// Today is the server's date, which the follow-up's own rules hold it against (the
	// placement has the database's).
	Today time.Time
	// PointIDValid: the point id given (if any) is well formed, so it could name a point.
	PointIDValid bool
	// OffenceKnown: the offence category given is a current one (true as well when none is).
	OffenceKnown bool
}

// CheckFollowUp decides a follow-up's recording, in this order: Invalid for dates before the
// intake (CheckRecordDates); the follow-up's own rules and the identifier screen (Validate,
// whose kinds it returns); Invalid on point_id for a malformed point id; where it goes
// (PlaceFollowUp); then Invalid on offence_category when the category is not a current one.
func CheckFollowUp(f FollowUpRecordFacts, in FollowUpInput) (FollowUpPlacement, []string, error) {
	if err := CheckRecordDates(f.OpenedOn, in.Dates()...); err != nil {
		return FollowUpPlacement{}, nil, err
	}
	kinds, err := in.Validate(f.Today, f.BirthYear)
	if err != nil {
		return FollowUpPlacement{}, nil, err
	}
	if in.PointID != "" && !f.PointIDValid {
		return FollowUpPlacement{}, nil, Invalid(FieldProblem{Field: "point_id", Reason: "unknown", Detail: "not a follow-up point of this case"})
	}
	place, err := PlaceFollowUp(f.Placement, in.PointID, in.HeldOn)
	if err != nil {
		return FollowUpPlacement{}, nil, err
	}
	if in.OffenceCategory != "" && !f.OffenceKnown {
		return FollowUpPlacement{}, nil, Invalid(FieldProblem{Field: "offence_category", Reason: "unknown_reference", Detail: "not an ICCS code in the catalogue"})
	}
	return place, kinds, nil
}

// FollowUpPlacement is where a follow-up goes: the point it reaches (if any), the anchor it
// is counted from, and the release it belongs to.
type FollowUpPlacement struct {
	Point     *FollowUpPoint
	Anchor    string
	AnchorOn  time.Time
	ReleaseID string
	Months    int
}

// PlaceFollowUp decides whether a follow-up held on heldOn may be recorded, against pointID
// or (empty) as an unscheduled one, and where it belongs:
//   - the case must have a schedule: custodial cases from a release, community cases from
//     the end of their intervention;
//   - a closed case takes follow-ups until its recording ends (RecordingEnds);
//   - a point takes one follow-up, and only while it is open;
//   - a follow-up is not held before its anchor; an unscheduled one belongs to the latest
//     anchor on or before its day.
func PlaceFollowUp(f FollowUpFacts, pointID string, heldOn time.Time) (FollowUpPlacement, error) {
	var out FollowUpPlacement
	if len(f.Points) == 0 {
		detail := "the case has no release: follow-ups come after release"
		if f.Track == TrackNonCustodial {
			detail = "follow-ups of a community case start when its intervention ends"
		}
		return out, Invalid(FieldProblem{Field: "held_on", Reason: "no_release_date", Detail: detail})
	}
	if f.Phase == PhaseClosed {
		if ends := RecordingEnds(f.Points); ends != nil && dateOf(f.Today).After(*ends) {
			return out, Errorf(CodeConflict, "follow-up recording on this closed case ended on %s, after its last point", ends.Format(time.DateOnly))
		}
	}
	heldOn = dateOf(heldOn)
	if pointID != "" {
		i := slices.IndexFunc(f.Points, func(p FollowUpPoint) bool { return p.ID == pointID })
		if i < 0 {
			return out, Invalid(FieldProblem{Field: "point_id", Reason: "unknown", Detail: "not a follow-up point of this case"})
		}
		pt := f.Points[i]
		if pt.Status != PointOpen {
			return out, Errorf(CodeConflict, "the %d-month point is already %s", pt.Months, strings.ReplaceAll(pt.Status, "_", " "))
		}
		if heldOn.Before(pt.AnchorOn) {
			return out, Invalid(FieldProblem{Field: "held_on", Reason: "before_release", Detail: "must not be before " + pt.AnchorOn.Format(time.DateOnly) + ", when this point's schedule starts"})
		}
		return FollowUpPlacement{Point: &pt, Anchor: pt.Anchor, AnchorOn: pt.AnchorOn, ReleaseID: pt.ReleaseID, Months: MonthsBetween(pt.AnchorOn, heldOn)}, nil
	}
	var best *FollowUpPoint
	for i := range f.Points {
		pt := &f.Points[i]
		if !pt.AnchorOn.After(heldOn) && (best == nil || pt.AnchorOn.After(best.AnchorOn)) {
			best = pt
		}
	}
	if best == nil {
		return out, Invalid(FieldProblem{Field: "held_on", Reason: "before_release", Detail: "must not be before the release (or the end of the intervention)"})
	}
	return FollowUpPlacement{Anchor: best.Anchor, AnchorOn: best.AnchorOn, ReleaseID: best.ReleaseID, Months: MonthsBetween(best.AnchorOn, heldOn)}, nil
}

// NotReached is a point closed without a follow-up.
type NotReached struct {
	Reason string
	On     time.Time // when it was established that the point cannot be reached
}

// CheckNotReached decides closing point pointID as not reached: the same recording window as
// a follow-up, an open point, a reason from the list, a day not in the future and not before
// the point's anchor.
func CheckNotReached(f FollowUpFacts, pointID string, n NotReached) (FollowUpPoint, error) {
	if _, err := PlaceFollowUp(f, pointID, f.Today); err != nil {
		// The same window and point checks as recording a follow-up against it today.
		var e *Error
		if errors.As(err, &e) && len(e.Fields) == 1 && e.Fields[0].Field == "held_on" && e.Fields[0].Reason == "before_release" {
			return FollowUpPoint{}, Errorf(CodeConflict, "this point's schedule has not started yet")
		}
		return FollowUpPoint{}, err
	}
	pt := f.Points[slices.IndexFunc(f.Points, func(p FollowUpPoint) bool { return p.ID == pointID })]
	var p Problems
	if !slices.Contains(NotReachedReasons, n.Reason) {
		p.Add("reason", "oneof", "must be one of "+strings.Join(NotReachedReasons, ", "))
	}
	on := dateOf(n.On)
	switch {
	case n.On.IsZero():
		p.Add("on", "required", "is required")
	case on.After(dateOf(f.Today)):
		p.Add("on", "in_future", "cannot be in the future")
	case on.Before(pt.AnchorOn):
		p.Add("on", "before_release", "must not be before "+pt.AnchorOn.Format(time.DateOnly))
	}
	return pt, p.Err()
}

// ClosedByRecall lists the open points of a release that a recall on recallOn closes as not
// reached (in custody): those due after the recall. Points already due stay open: a
// follow-up of the time before the recall may still be recorded.
func ClosedByRecall(points []FollowUpPoint, releaseID string, recallOn time.Time) []FollowUpPoint {
	var out []FollowUpPoint
	for _, pt := range points {
		if pt.ReleaseID == releaseID && pt.Status == PointOpen && pt.DueOn.After(dateOf(recallOn)) {
			out = append(out, pt)
		}
	}
	return out
}

// ClosedByClosure lists the open points a closure closes as not reached, with the reason: a
// death closes them all.
func ClosedByClosure(points []FollowUpPoint, closureReason string) ([]FollowUpPoint, string) {
	if closureReason != ClosureDeceased {
		return nil, ""
	}
	var out []FollowUpPoint
	for _, pt := range points {
		if pt.Status == PointOpen {
			out = append(out, pt)
		}
	}
	return out, "deceased"
}

// FollowUpPointStore keeps the follow-up points of cases.
type FollowUpPointStore interface {
	// ListFollowUpPoints lists a case's points, oldest anchor and earliest due first, with
	// their state today.
	ListFollowUpPoints(ctx context.Context, p *Principal, caseID string) ([]FollowUpPoint, error)
	// CloseFollowUpPoint closes a point as not reached; version is the case's If-Match. It
	// returns the point and the case's new version.
	CloseFollowUpPoint(ctx context.Context, p *Principal, caseID, pointID string, version int, n NotReached) (FollowUpPoint, int, error)
}
