package domain

import (
	"slices"
	"testing"
	"time"
)

func released(offset int, recalledOffset *int) *CaseRelease {
	r := &CaseRelease{ID: "r1", Number: 1, ReleasedOn: *day(offset), ReleaseType: "parole", EnteredOn: day(offset)}
	if recalledOffset != nil {
		r.Recall = &Recall{On: *day(*recalledOffset), Reason: "breach_of_conditions"}
	}
	return r
}

func ptr[T any](v T) *T { return &v }

func TestReleaseStatusAndTypeGroups(t *testing.T) {
	pending := CaseRelease{ReleasedOn: today}
	if got := pending.Status(); got != ReleaseRecorded {
		t.Errorf("pending release: %s", got)
	}
	if got := released(-10, nil).Status(); got != ReleaseReleased {
		t.Errorf("released: %s", got)
	}
	if got := released(-10, ptr(-2)).Status(); got != ReleaseRecalled {
		t.Errorf("recalled: %s", got)
	}
	for typ, want := range map[string]string{"end_of_sentence": "end_of_sentence", "parole": "conditional",
		"conditional": "conditional", "court_order": "other", "other": "other"} {
		if got := ReleaseTypeGroup(typ); got != want {
			t.Errorf("group of %s: %s, want %s", typ, got, want)
		}
	}
}

// A release is recorded in pre-release on a custodial case, once per stay, on a day that has
// come, after the case opened and after the recall that ended the release before.
func TestCheckNewRelease(t *testing.T) {
	base := ReleaseFacts{Phase: PhasePreRelease, Track: TrackCustodial, OpenedOn: today.AddDate(-2, 0, 0), Today: today}
	in := ReleaseInput{ReleasedOn: today, ReleaseType: "parole", SupervisingAgency: "Probation service", Conditions: "Weekly reporting"}
	for _, c := range []struct {
		name string
		edit func(*ReleaseFacts, *ReleaseInput)
		want []string // field:reason; "conflict" for a 409; nil allowed
	}{
		{"first release", nil, nil},
		{"community case", func(f *ReleaseFacts, _ *ReleaseInput) { f.Track = TrackNonCustodial }, []string{"released_on:not_for_track"}},
		{"not in pre-release", func(f *ReleaseFacts, _ *ReleaseInput) { f.Phase = PhaseIntervention }, []string{"released_on:wrong_phase"}},
		{"closed", func(f *ReleaseFacts, _ *ReleaseInput) { f.Phase = PhaseClosed }, []string{"conflict"}},
		{"already recorded", func(f *ReleaseFacts, _ *ReleaseInput) { f.Latest = &CaseRelease{ID: "r", ReleasedOn: today} }, []string{"conflict"}},
		{"in the future", func(_ *ReleaseFacts, in *ReleaseInput) { in.ReleasedOn = *day(1) }, []string{"released_on:in_future"}},
		{"before intake", func(_ *ReleaseFacts, in *ReleaseInput) { in.ReleasedOn = today.AddDate(-3, 0, 0) }, []string{"released_on:before_opened"}},
		{"type required", func(_ *ReleaseFacts, in *ReleaseInput) { in.ReleaseType = "" }, []string{"release_type:required"}},
		{"type from the list", func(_ *ReleaseFacts, in *ReleaseInput) { in.ReleaseType = "escape" }, []string{"release_type:oneof"}},
		{"second release after a recall", func(f *ReleaseFacts, in *ReleaseInput) {
			f.Latest = released(-300, ptr(-100))
			in.ReleasedOn = *day(-5)
		}, nil},
		{"second release before the recall", func(f *ReleaseFacts, in *ReleaseInput) {
			f.Latest = released(-300, ptr(-100))
			in.ReleasedOn = *day(-101)
		}, []string{"released_on:before_recall"}},
		{"second release on the recall's day", func(f *ReleaseFacts, in *ReleaseInput) {
			f.Latest = released(-300, ptr(-100))
			in.ReleasedOn = *day(-100)
		}, nil},
		{"identifiers in the conditions", func(_ *ReleaseFacts, in *ReleaseInput) { in.Conditions = "Report to Mr. Jansen every week" }, []string{"conditions:identifier_suspected"}},
		{"identifiers acknowledged", func(_ *ReleaseFacts, in *ReleaseInput) {
			in.Conditions, in.AcknowledgeIdentifiers = "Report to Mr. Jansen every week", true
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, i := base, in
			if c.edit != nil {
				c.edit(&f, &i)
			}
			_, err := CheckNewRelease(f, i)
			checkProblems(t, err, c.want)
		})
	}
}

// checkProblems compares an error with field:reason pairs ("conflict" for a 409, nil for none).
func checkProblems(t *testing.T, err error, want []string) {
	t.Helper()
	switch {
	case want == nil:
		if err != nil {
			t.Fatalf("refused: %v %v", err, fields(err))
		}
	case len(want) == 1 && want[0] == "conflict":
		if ErrorCode(err) != CodeConflict {
			t.Fatalf("got %v, want a conflict", err)
		}
	case len(want) == 1 && want[0] == "forbidden":
		if ErrorCode(err) != CodeForbidden {
			t.Fatalf("got %v, want forbidden", err)
		}
	default:
		if got := fields(err); ErrorCode(err) != CodeInvalid || !slices.Equal(got, want) {
			t.Fatalf("got %v (%v), want %v", got, err, want)
		}
	}
}

func TestCheckReleaseUpdate(t *testing.T) {
	open := released(-60, nil)
	recalled := released(-300, ptr(-100))
	recalled.ID = "r0"
	base := ReleaseFacts{Phase: PhaseReintegration, Track: TrackCustodial, OpenedOn: today.AddDate(-2, 0, 0), Today: today, Latest: open}
	date := func(offset int) Opt[time.Time] { return Opt[time.Time]{Set: true, Value: day(offset)} }
	str := func(s string) Opt[string] { return Opt[string]{Set: true, Value: &s} }
	for _, c := range []struct {
		name string
		f    func(*ReleaseFacts)
		r    *CaseRelease
		u    ReleaseUpdate
		want []string
	}{
		{"nothing to change", nil, open, ReleaseUpdate{}, []string{"body:empty"}},
		{"correct the open release's date", nil, open, ReleaseUpdate{ReleasedOn: date(-61)}, nil},
		{"not into the future", nil, open, ReleaseUpdate{ReleasedOn: date(1)}, []string{"released_on:in_future"}},
		{"not cleared", nil, open, ReleaseUpdate{ReleasedOn: Opt[time.Time]{Set: true}}, []string{"released_on:required"}},
		{"not after a follow-up on it", func(f *ReleaseFacts) { f.LatestFollowUpFrom = day(-30) }, open, ReleaseUpdate{ReleasedOn: date(-20)}, []string{"released_on:after_follow_up"}},
		{"on the follow-up's day", func(f *ReleaseFacts) { f.LatestFollowUpFrom = day(-30) }, open, ReleaseUpdate{ReleasedOn: date(-30)}, nil},
		{"not before the previous recall", func(f *ReleaseFacts) { f.PreviousRecallOn = day(-90) }, open, ReleaseUpdate{ReleasedOn: date(-91)}, []string{"released_on:before_recall"}},
		{"a recalled release's date stays", func(f *ReleaseFacts) { f.Latest = recalled }, recalled, ReleaseUpdate{ReleasedOn: date(-310)}, []string{"released_on:not_open"}},
		{"an earlier release's date stays", nil, recalled, ReleaseUpdate{ReleasedOn: date(-310)}, []string{"released_on:not_open"}},
		{"conditions of an earlier release", nil, recalled, ReleaseUpdate{Conditions: str("Curfew 22:00 to 06:00")}, nil},
		{"type from the list", nil, open, ReleaseUpdate{ReleaseType: str("pardon")}, []string{"release_type:oneof"}},
		{"what followed a recall", nil, recalled, ReleaseUpdate{RecallOutcome: str("new_sentence")}, nil},
		{"what followed: from the list", nil, recalled, ReleaseUpdate{RecallOutcome: str("fine")}, []string{"recall_outcome:oneof"}},
		{"what followed: only after a recall", nil, open, ReleaseUpdate{RecallOutcome: str("remanded")}, []string{"recall_outcome:not_recalled"}},
		{"what followed: unknown again", nil, recalled, ReleaseUpdate{RecallOutcome: Opt[string]{Set: true}}, nil},
		{"closed case", func(f *ReleaseFacts) { f.Phase = PhaseClosed }, open, ReleaseUpdate{Conditions: str("x")}, []string{"conflict"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.f != nil {
				c.f(&f)
			}
			_, err := CheckReleaseUpdate(f, *c.r, c.u)
			checkProblems(t, err, c.want)
		})
	}
}

func TestPlanReleaseCorrection(t *testing.T) {
	open := released(-60, nil)
	earlier := released(-300, ptr(-100))
	earlier.ID, earlier.Number, open.Number = "r0", 1, 2
	all := []CaseRelease{*earlier, *open}
	f := ReleaseFacts{Phase: PhaseReintegration, Track: TrackCustodial, OpenedOn: today.AddDate(-2, 0, 0), Today: today, Latest: open}
	date := func(offset int) Opt[time.Time] { return Opt[time.Time]{Set: true, Value: day(offset)} }
	str := func(s string) Opt[string] { return Opt[string]{Set: true, Value: &s} }
	for _, c := range []struct {
		name       string
		id         string
		u          ReleaseUpdate
		want       []string
		wantFields []string
		wantMoves  bool
		wantNumber int
	}{
		{"a new date moves the schedule", "r1", ReleaseUpdate{ReleasedOn: date(-61)}, nil, []string{"released_on"}, true, 2},
		{"the same date moves nothing", "r1", ReleaseUpdate{ReleasedOn: date(-60), Conditions: str("Curfew")}, nil,
			[]string{"released_on", "conditions"}, false, 2},
		{"every field, in order", "r0", ReleaseUpdate{RecallOutcome: str("new_sentence"), Conditions: str("x"), SupervisingAgency: str("y")}, nil,
			[]string{"supervising_agency", "conditions", "recall_outcome"}, false, 1},
		{"no such release", "zz", ReleaseUpdate{Conditions: str("x")}, []string{"not_found"}, nil, false, 0},
		{"the rules of CheckReleaseUpdate", "r0", ReleaseUpdate{ReleasedOn: date(-310)}, []string{"released_on:not_open"}, nil, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := PlanReleaseCorrection(f, all, c.id, c.u)
			if len(c.want) == 1 && c.want[0] == "not_found" {
				if ErrorCode(err) != CodeNotFound {
					t.Fatalf("got %v, want not found", err)
				}
				return
			}
			checkProblems(t, err, c.want)
			if c.want == nil && (!slices.Equal(got.Fields, c.wantFields) || got.MovesSchedule != c.wantMoves || got.Release.Number != c.wantNumber) {
				t.Fatalf("got %+v", got)
			}
		})
	}
}
