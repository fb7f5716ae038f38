package domain

import (
	"slices"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddMonthsKeepsTheMonth(t *testing.T) {
	for _, c := range []struct {
		from   string
		months int
		want   string
	}{
		{"2025-01-15", 3, "2025-04-15"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-08-31", 6, "2026-02-28"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2025-03-31", 24, "2027-03-31"},
		{"2025-12-31", 12, "2026-12-31"},
	} {
		if got := AddMonths(date(c.from), c.months).Format(time.DateOnly); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.months, got, c.want)
		}
	}
}

func TestValidateFollowUpMonths(t *testing.T) {
	for _, c := range []struct {
		months []int
		want   []string
	}{
		{DefaultFollowUpMonths, nil},
		{[]int{1}, nil},
		{[]int{6, 12, 36, 60, 120}, nil},
		{nil, []string{"follow_up_months:required"}},
		{[]int{3, 3}, []string{"follow_up_months[1]:not_increasing"}},
		{[]int{12, 6}, []string{"follow_up_months[1]:not_increasing"}},
		{[]int{0, 6}, []string{"follow_up_months[0]:out_of_range"}},
		{[]int{6, 121}, []string{"follow_up_months[1]:out_of_range"}},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, []string{"follow_up_months:max"}},
	} {
		if got := fields(ValidateFollowUpMonths(c.months)); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.months, got, c.want)
		}
	}
}

func TestSchedulePoints(t *testing.T) {
	pts := SchedulePoints(AnchorRelease, date("2024-08-31"), DefaultFollowUpMonths)
	var got []string
	for _, p := range pts {
		if p.Status != PointOpen || p.Anchor != AnchorRelease || !p.AnchorOn.Equal(date("2024-08-31")) {
			t.Fatalf("point %+v", p)
		}
		got = append(got, p.DueOn.Format(time.DateOnly))
	}
	if want := []string{"2024-11-30", "2025-02-28", "2025-08-31", "2026-08-31"}; !slices.Equal(got, want) {
		t.Errorf("due dates %v, want %v", got, want)
	}
}

func TestCommunityScheduleStarts(t *testing.T) {
	for _, c := range []struct {
		track  Track
		from   Phase
		reason string
		want   bool
	}{
		{TrackNonCustodial, PhaseIntervention, "completed", true},
		{TrackNonCustodial, PhaseIntervention, "withdrawn", true},
		{TrackNonCustodial, PhaseIntervention, "other", true},
		{TrackNonCustodial, PhaseIntervention, "deceased", false},
		{TrackNonCustodial, PhaseIntervention, "transferred_out", false},
		{TrackNonCustodial, PhaseIntervention, "reoffended_recalled", false},
		{TrackNonCustodial, PhaseAssessment, "withdrawn", false},
		{TrackCustodial, PhaseIntervention, "completed", false},
	} {
		if got := CommunityScheduleStarts(c.track, c.from, c.reason); got != c.want {
			t.Errorf("%s from %s as %s: %v, want %v", c.track, c.from, c.reason, got, c.want)
		}
	}
}

// The state of a point on a day: scheduled, due within 30 days, overdue once its day has
// passed, lapsed when the case is closed and its recording window (three months after the
// last point) has passed; a recorded point keeps its status.
func TestPointStateOf(t *testing.T) {
	pts := SchedulePoints(AnchorRelease, date("2024-01-10"), []int{3, 6})
	ends := RecordingEnds(pts)
	if ends == nil || ends.Format(time.DateOnly) != "2024-10-10" {
		t.Fatalf("recording ends %v, want 2024-10-10", ends)
	}
	p3 := pts[0] // due 2024-04-10
	for _, c := range []struct {
		today  string
		closed bool
		status string
		want   string
	}{
		{"2024-03-01", false, PointOpen, PointScheduled},
		{"2024-03-11", false, PointOpen, PointDue},
		{"2024-04-10", false, PointOpen, PointDue},
		{"2024-04-11", false, PointOpen, PointOverdue},
		{"2030-01-01", false, PointOpen, PointOverdue},
		{"2024-10-10", true, PointOpen, PointOverdue},
		{"2024-10-11", true, PointOpen, PointLapsed},
		{"2024-10-11", true, PointReached, PointReached},
		{"2024-05-01", false, PointNotReached, PointNotReached},
	} {
		pt := p3
		pt.Status = c.status
		if got := PointStateOf(pt, c.closed, ends, date(c.today)); got != c.want {
			t.Errorf("on %s (closed %v, %s): %s, want %s", c.today, c.closed, c.status, got, c.want)
		}
	}
	if RecordingEnds(nil) != nil {
		t.Error("no points, yet recording ends")
	}
}

// Two releases of one case, the first recalled: where follow-ups go and when they are refused.
func TestPlaceFollowUp(t *testing.T) {
	first := SchedulePoints(AnchorRelease, date("2023-01-10"), DefaultFollowUpMonths)
	second := SchedulePoints(AnchorRelease, date("2024-06-01"), DefaultFollowUpMonths)
	var pts []FollowUpPoint
	for i, p := range append(first, second...) {
		p.ID, p.CaseID = "p"+string(rune('a'+i)), "c"
		p.ReleaseID = "r1"
		if i >= len(first) {
			p.ReleaseID = "r2"
		}
		pts = append(pts, p)
	}
	pts[0].Status, pts[0].FollowUpID = PointReached, "f0"
	pts[2].Status, pts[2].NotReachedReason = PointNotReached, "in_custody"
	base := FollowUpFacts{Phase: PhaseReintegration, Track: TrackCustodial, Points: pts, Today: date("2024-12-01")}
	for _, c := range []struct {
		name    string
		edit    func(*FollowUpFacts)
		point   string
		held    string
		want    []string
		release string
		months  int
	}{
		{"against an open point", nil, "pf", "2024-11-28", nil, "r2", 5},
		{"a late follow-up of the first release", nil, "pb", "2024-11-28", nil, "r1", 22},
		{"unscheduled, after the second release", nil, "", "2024-07-15", nil, "r2", 1},
		{"unscheduled, between the releases", nil, "", "2023-09-01", nil, "r1", 7},
		{"unscheduled, before any release", nil, "", "2022-12-31", []string{"held_on:before_release"}, "", 0},
		{"a point before its release", nil, "pe", "2024-05-30", []string{"held_on:before_release"}, "", 0},
		{"a reached point", nil, "pa", "2024-11-28", []string{"conflict"}, "", 0},
		{"a point closed as not reached", nil, "pc", "2024-11-28", []string{"conflict"}, "", 0},
		{"no such point", nil, "zz", "2024-11-28", []string{"point_id:unknown"}, "", 0},
		{"no schedule yet", func(f *FollowUpFacts) { f.Points = nil }, "", "2024-11-28", []string{"held_on:no_release_date"}, "", 0},
		{"closed, within the window", func(f *FollowUpFacts) { f.Phase, f.Today = PhaseClosed, date("2026-09-01") }, "pg", "2026-08-30", nil, "r2", 26},
		{"closed, on the window's last day", func(f *FollowUpFacts) { f.Phase, f.Today = PhaseClosed, date("2026-09-01") }, "", "2026-09-01", nil, "r2", 27},
		{"closed, after the window", func(f *FollowUpFacts) { f.Phase, f.Today = PhaseClosed, date("2026-09-02") }, "pg", "2026-09-02", []string{"conflict"}, "", 0},
		{"open case, long after", func(f *FollowUpFacts) { f.Today = date("2030-01-01") }, "pg", "2029-12-01", nil, "r2", 66},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.edit != nil {
				c.edit(&f)
			}
			pl, err := PlaceFollowUp(f, c.point, date(c.held))
			checkProblems(t, err, c.want)
			if c.want == nil && (pl.ReleaseID != c.release || pl.Months != c.months || (c.point != "") != (pl.Point != nil)) {
				t.Fatalf("placed %+v, want release %s, %d months", pl, c.release, c.months)
			}
		})
	}
}

func TestCheckNotReached(t *testing.T) {
	pts := SchedulePoints(AnchorInterventionEnd, date("2024-03-01"), DefaultFollowUpMonths)
	for i := range pts {
		pts[i].ID = "p" + string(rune('a'+i))
	}
	pts[1].Status = PointReached
	base := FollowUpFacts{Phase: PhaseClosed, Track: TrackNonCustodial, Points: pts, Today: date("2024-12-01")}
	for _, c := range []struct {
		name  string
		point string
		n     NotReached
		today string
		want  []string
	}{
		{"lost contact", "pc", NotReached{Reason: "lost_contact", On: date("2024-11-20")}, "", nil},
		{"a future point: moved abroad", "pd", NotReached{Reason: "moved_abroad", On: date("2024-11-20")}, "", nil},
		{"every reason of the list", "pa", NotReached{Reason: "refused", On: date("2024-06-01")}, "", nil},
		{"reason from the list", "pc", NotReached{Reason: "forgot", On: date("2024-11-20")}, "", []string{"reason:oneof"}},
		{"day required", "pc", NotReached{Reason: "refused"}, "", []string{"on:required"}},
		{"not in the future", "pc", NotReached{Reason: "refused", On: date("2024-12-02")}, "", []string{"on:in_future"}},
		{"not before the anchor", "pc", NotReached{Reason: "refused", On: date("2024-02-28")}, "", []string{"on:before_release"}},
		{"already reached", "pb", NotReached{Reason: "refused", On: date("2024-11-20")}, "", []string{"conflict"}},
		{"after the window", "pc", NotReached{Reason: "refused", On: date("2026-06-01")}, "2026-06-02", []string{"conflict"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.today != "" {
				f.Today = date(c.today)
			}
			_, err := CheckNotReached(f, c.point, c.n)
			checkProblems(t, err, c.want)
		})
	}
}

// A recall closes its release's points due after it (in custody); a death closes every open
// point; nothing else closes points.
func TestPointsClosedByEvents(t *testing.T) {
	pts := SchedulePoints(AnchorRelease, date("2024-01-10"), DefaultFollowUpMonths) // due 04-10, 07-10, 2025-01-10, 2026-01-10
	for i := range pts {
		pts[i].ID, pts[i].ReleaseID = string(rune('a'+i)), "r1"
	}
	pts[0].Status = PointReached
	other := SchedulePoints(AnchorRelease, date("2022-01-01"), []int{3})[0]
	other.ID, other.ReleaseID = "x", "r0"
	pts = append(pts, other)
	ids := func(ps []FollowUpPoint) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids(ClosedByRecall(pts, "r1", date("2024-07-10"))); !slices.Equal(got, []string{"c", "d"}) {
		t.Errorf("closed by a recall on 2024-07-10: %v, want c d (b was due that day and stays open)", got)
	}
	if got := ids(ClosedByRecall(pts, "r1", date("2024-02-01"))); !slices.Equal(got, []string{"b", "c", "d"}) {
		t.Errorf("closed by an early recall: %v", got)
	}
	if got, reason := ClosedByClosure(pts, "deceased"); !slices.Equal(ids(got), []string{"b", "c", "d", "x"}) || reason != "deceased" {
		t.Errorf("closed by a death: %v %s", ids(got), reason)
	}
	for _, r := range []string{"completed", "withdrawn", "transferred_out", "reoffended_recalled", "other"} {
		if got, _ := ClosedByClosure(pts, r); len(got) != 0 {
			t.Errorf("closure %s closed %v", r, ids(got))
		}
	}
}

func TestCheckFollowUp(t *testing.T) {
	pts := SchedulePoints(AnchorRelease, date("2024-06-01"), DefaultFollowUpMonths)
	for i := range pts {
		pts[i].ID, pts[i].CaseID, pts[i].ReleaseID = "p"+string(rune('a'+i)), "c", "r1"
	}
	base := FollowUpRecordFacts{Placement: FollowUpFacts{Phase: PhaseReintegration, Track: TrackCustodial, Points: pts, Today: date("2024-12-01")},
		OpenedOn: date("2023-01-01"), BirthYear: 1990, Today: date("2024-12-01"), PointIDValid: true, OffenceKnown: true}
	in := func(point, held, offence string) FollowUpInput {
		var f FollowUpInput
		f.PointID, f.HeldOn, f.NewOffence = point, date(held), "none"
		if offence != "" {
			f.NewOffence, f.OffenceCategory = "convicted", offence
		}
		return f
	}
	for _, c := range []struct {
		name   string
		edit   func(*FollowUpRecordFacts)
		in     FollowUpInput
		want   []string
		months int
	}{
		{"against a point", nil, in("pa", "2024-11-28", ""), nil, 5},
		{"unscheduled with a known offence", nil, in("", "2024-11-28", "0101"), nil, 5},
		{"before the intake", nil, in("", "2022-12-01", ""), []string{"held_on:before_intake"}, 0},
		{"in the future (the server's date)", func(f *FollowUpRecordFacts) { f.Today = date("2024-11-01") },
			in("", "2024-11-28", ""), []string{"held_on:future"}, 0},
		{"a malformed point id", func(f *FollowUpRecordFacts) { f.PointIDValid = false },
			in("pa", "2024-11-28", ""), []string{"point_id:unknown"}, 0},
		{"a malformed point id is named before the missing schedule",
			func(f *FollowUpRecordFacts) { f.PointIDValid, f.Placement.Points = false, nil },
			in("x", "2024-11-28", ""), []string{"point_id:unknown"}, 0},
		{"no schedule", func(f *FollowUpRecordFacts) { f.Placement.Points = nil },
			in("", "2024-11-28", ""), []string{"held_on:no_release_date"}, 0},
		{"placement comes before the offence catalogue", func(f *FollowUpRecordFacts) { f.Placement.Points, f.OffenceKnown = nil, false },
			in("", "2024-11-28", "9999"), []string{"held_on:no_release_date"}, 0},
		{"an unknown offence category", func(f *FollowUpRecordFacts) { f.OffenceKnown = false },
			in("", "2024-11-28", "9999"), []string{"offence_category:unknown_reference"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.edit != nil {
				c.edit(&f)
			}
			pl, _, err := CheckFollowUp(f, c.in)
			checkProblems(t, err, c.want)
			if c.want == nil && pl.Months != c.months {
				t.Fatalf("placed %+v, want %d months", pl, c.months)
			}
		})
	}
}
