package domain

import (
	"slices"
	"testing"
	"time"
)

var taskToday = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

func tday(offset int) *time.Time {
	d := taskToday.AddDate(0, 0, offset)
	return &d
}

// quiet is a case on the caller's team with nothing due: baseline done, review far off,
// plan approved, no release in sight, in its phase for a short while.
func quiet() TaskCase {
	return TaskCase{CaseID: "c1", Pseudonym: "PW-AAAA-BBBB-C", Phase: PhaseIntervention, Track: TrackCustodial,
		OpenedOn: taskToday.AddDate(-1, 0, 0), PhaseSince: taskToday.AddDate(0, -2, 0), OnTeam: true,
		HasFinalBaseline: true, NextReviewDate: tday(120), LatestPlan: &TaskPlan{ID: "pl1", Version: 1, Status: "approved"},
		ExpectedPhaseDays: DefaultExpectedPhaseDays}
}

type taskWant struct {
	kind  string
	state string
	due   time.Time
}

func kinds(ts []Task) []taskWant {
	out := []taskWant{}
	for _, t := range ts {
		out = append(out, taskWant{t.Kind, t.State, t.DueOn})
	}
	return out
}

// Every rule, in the cases where it fires and where it must not, for the team.
func TestTaskRules(t *testing.T) {
	s := DefaultTaskSettings
	tests := []struct {
		name string
		edit func(c *TaskCase)
		want []taskWant
	}{
		{"nothing due", func(*TaskCase) {}, []taskWant{}},
		{"baseline due 30 days after intake", func(c *TaskCase) {
			c.Phase, c.HasFinalBaseline, c.NextReviewDate, c.OpenedOn, c.PhaseSince = PhaseAssessment, false, nil, *tday(-10), *tday(-5)
		}, []taskWant{{TaskBaselineDue, TaskDue, *tday(20)}}},
		{"baseline overdue", func(c *TaskCase) {
			c.Phase, c.HasFinalBaseline, c.NextReviewDate, c.OpenedOn, c.PhaseSince = PhaseIntake, false, nil, *tday(-31), *tday(-31)
		}, []taskWant{{TaskBaselineDue, TaskOverdue, *tday(-1)}, {TaskPhaseOverstay, TaskOverdue, *tday(-1)}}},
		{"no baseline task once in intervention", func(c *TaskCase) { c.HasFinalBaseline = false }, []taskWant{}},
		{"review inside the horizon", func(c *TaskCase) { c.NextReviewDate = tday(30) }, []taskWant{{TaskReviewDue, TaskDue, *tday(30)}}},
		{"review beyond the horizon", func(c *TaskCase) { c.NextReviewDate = tday(31) }, []taskWant{}},
		{"review overdue", func(c *TaskCase) { c.NextReviewDate = tday(-3) }, []taskWant{{TaskReviewDue, TaskOverdue, *tday(-3)}}},
		{"review due today is due, not overdue", func(c *TaskCase) { c.NextReviewDate = tday(0) }, []taskWant{{TaskReviewDue, TaskDue, *tday(0)}}},
		{"no review on a closed case", func(c *TaskCase) { c.Phase, c.NextReviewDate = PhaseClosed, tday(-3) }, []taskWant{}},
		{"plan rejected: revise within 14 days", func(c *TaskCase) {
			c.LatestPlan = &TaskPlan{ID: "pl2", Version: 2, Status: "rejected", DecidedAt: tday(-2)}
		}, []taskWant{{TaskPlanToRevise, TaskDue, *tday(12)}}},
		{"an older rejected plan with a newer draft is no task", func(c *TaskCase) {
			c.LatestPlan = &TaskPlan{ID: "pl3", Version: 3, Status: "draft"}
		}, []taskWant{}},
		{"reintegration plan due 90 days before the release", func(c *TaskCase) { c.ExpectedReleaseDate = tday(100) },
			[]taskWant{{TaskReintegrationPlanDue, TaskDue, *tday(10)}}},
		{"reintegration plan far off", func(c *TaskCase) { c.ExpectedReleaseDate = tday(200) }, []taskWant{}},
		{"reintegration plan overdue in pre-release", func(c *TaskCase) { c.Phase, c.ExpectedReleaseDate = PhasePreRelease, tday(30) },
			[]taskWant{{TaskReintegrationPlanDue, TaskOverdue, *tday(-60)}}},
		{"reintegration plan submitted: with the supervisors", func(c *TaskCase) {
			c.ExpectedReleaseDate, c.ReintegrationPlanStatus = tday(30), "submitted"
		}, []taskWant{}},
		{"reintegration plan in force with a new draft: nothing due", func(c *TaskCase) {
			c.ExpectedReleaseDate, c.ReintegrationPlanStatus, c.ReintegrationPlanInForce = tday(30), "draft", true
		}, []taskWant{}},
		{"community cases have no reintegration plan", func(c *TaskCase) { c.Track, c.ExpectedReleaseDate = TrackNonCustodial, tday(30) }, []taskWant{}},
		{"follow-up points due and overdue, not scheduled or closed", func(c *TaskCase) {
			c.Phase = PhaseReintegration
			c.Points = []FollowUpPoint{
				{ID: "p3", Months: 3, DueOn: *tday(-5), State: PointOverdue},
				{ID: "p6", Months: 6, DueOn: *tday(20), State: PointDue},
				{ID: "p12", Months: 12, DueOn: *tday(200), State: PointScheduled},
				{ID: "p0", Months: 1, DueOn: *tday(-60), State: PointReached},
			}
		}, []taskWant{{TaskFollowUpDue, TaskOverdue, *tday(-5)}, {TaskFollowUpDue, TaskDue, *tday(20)}}},
		{"follow-ups go on after closure", func(c *TaskCase) {
			c.Phase, c.NextReviewDate = PhaseClosed, nil
			c.Points = []FollowUpPoint{{ID: "p3", Months: 3, DueOn: *tday(-5), State: PointOverdue}}
		}, []taskWant{{TaskFollowUpDue, TaskOverdue, *tday(-5)}}},
		{"phase longer than the programme expects", func(c *TaskCase) { c.PhaseSince = *tday(-541) },
			[]taskWant{{TaskPhaseOverstay, TaskOverdue, *tday(-1)}}},
		{"the programme's own expectation", func(c *TaskCase) {
			c.PhaseSince, c.ExpectedPhaseDays = *tday(-100), map[Phase]int{PhaseIntervention: 90}
		}, []taskWant{{TaskPhaseOverstay, TaskOverdue, *tday(-10)}}},
		{"reintegration has no expected duration", func(c *TaskCase) { c.Phase, c.PhaseSince = PhaseReintegration, *tday(-2000) }, []taskWant{}},
		{"a decision on my request reaches me", func(c *TaskCase) {
			c.Approvals = []TaskApproval{{ID: "a1", Kind: "milestone", Status: "rejected", RequestedByMe: true,
				RequestedAt: *tday(-5), DecidedAt: tday(-1), DecidedBy: "supervisor", Comment: "no evidence of the certificate"}}
		}, []taskWant{{TaskRequestDecided, TaskInfo, *tday(-1)}}},
		{"an old decision is no longer news", func(c *TaskCase) {
			c.Approvals = []TaskApproval{{ID: "a1", Kind: "transition", Status: "approved", RequestedByMe: true, DecidedAt: tday(-15)}}
		}, []taskWant{}},
		{"someone else's decided request is not my news", func(c *TaskCase) {
			c.Approvals = []TaskApproval{{ID: "a1", Kind: "transition", Status: "approved", DecidedAt: tday(-1)}}
		}, []taskWant{}},
		{"my drafts, newest first, after what is due", func(c *TaskCase) {
			c.NextReviewDate = tday(3)
			c.Drafts = []TaskDraftFact{
				{ID: "as1", Kind: DraftAssessment, Mine: true, SavedAt: *tday(-6), Occasion: "scheduled"},
				{ID: "pl2", Kind: DraftPlan, Mine: true, SavedAt: *tday(-2), Version: 2},
			}
		}, []taskWant{{TaskReviewDue, TaskDue, *tday(3)}, {TaskDraftToFinish, TaskDraft, *tday(-2)}, {TaskDraftToFinish, TaskDraft, *tday(-6)}}},
		{"someone else's draft is not my task", func(c *TaskCase) {
			c.Drafts = []TaskDraftFact{{ID: "as1", Kind: DraftAssessment, SavedAt: *tday(-6)}}
		}, []taskWant{}},
		{"no draft to finish on a closed case", func(c *TaskCase) {
			c.Phase, c.NextReviewDate = PhaseClosed, nil
			c.Drafts = []TaskDraftFact{{ID: "as1", Kind: DraftAssessment, Mine: true, SavedAt: *tday(-6)}}
		}, []taskWant{}},
		{"waiting requests are not a team task", func(c *TaskCase) {
			c.Approvals = []TaskApproval{{ID: "a1", Kind: "plan", Status: "pending", RequestedAt: *tday(-10)}}
		}, []taskWant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := quiet()
			tt.edit(&c)
			got, _ := ComputeTasks([]TaskCase{c}, taskToday, s)
			if g := kinds(got); !slices.Equal(g, tt.want) {
				t.Errorf("got %v\nwant %v", g, tt.want)
			}
		})
	}
}

// A rejected plan names the comment that says what to put right, and the rejection is not
// told twice.
func TestPlanRejectionCarriesItsComment(t *testing.T) {
	c := quiet()
	c.LatestPlan = &TaskPlan{ID: "pl2", Version: 2, Status: "rejected", DecidedAt: tday(-1)}
	c.Approvals = []TaskApproval{{ID: "a1", Kind: "plan", Status: "rejected", PlanVersion: 2, RequestedByMe: true,
		DecidedAt: tday(-1), DecidedBy: "supervisor", Comment: "tie goal 2 to the assessed need"}}
	got, _ := ComputeTasks([]TaskCase{c}, taskToday, DefaultTaskSettings)
	if len(got) != 1 || got[0].Kind != TaskPlanToRevise || got[0].Comment != "tie goal 2 to the assessed need" || got[0].DecidedBy != "supervisor" {
		t.Fatalf("got %+v", got)
	}
}

// A draft is its author's task wherever the case stands for them: a supervisor off the team
// (who may write assessments in scope) is told of their own draft, not of anyone else's.
func TestDraftTaskIsTheAuthors(t *testing.T) {
	c := quiet()
	c.OnTeam, c.Supervised = false, true
	c.Drafts = []TaskDraftFact{{ID: "as1", Kind: DraftAssessment, Mine: true, SavedAt: *tday(-1), Occasion: "event"}}
	got, sum := ComputeTasks([]TaskCase{c}, taskToday, DefaultTaskSettings)
	if len(got) != 1 || got[0].Kind != TaskDraftToFinish || got[0].RefID != "as1" || got[0].DraftKind != DraftAssessment ||
		got[0].Occasion != "event" || got[0].State != TaskDraft || sum.Total != 1 || sum.Overdue != 0 {
		t.Fatalf("got %+v %+v", got, sum)
	}
}

// Supervisors off the team see only what slipped, and the requests waiting for them.
func TestSupervisorTasks(t *testing.T) {
	c := quiet()
	c.OnTeam, c.Supervised = false, true
	c.NextReviewDate = tday(5) // due soon: the team's business
	c.Points = []FollowUpPoint{{ID: "p3", Months: 3, DueOn: *tday(-5), State: PointOverdue}}
	c.Approvals = []TaskApproval{
		{ID: "a-old", Kind: "plan", Status: "pending", RequestedAt: *tday(-4), PlanVersion: 2},
		{ID: "a-new", Kind: "milestone", Status: "pending", RequestedAt: *tday(-1)},
		{ID: "a-mine", Kind: "transition", Status: "pending", RequestedByMe: true, RequestedAt: *tday(-9)},
	}
	got, sum := ComputeTasks([]TaskCase{c}, taskToday, DefaultTaskSettings)
	want := []taskWant{{TaskDecisionWaiting, TaskOverdue, *tday(-1)}, {TaskFollowUpDue, TaskOverdue, *tday(-5)}}
	slices.SortFunc(want, func(a, b taskWant) int { return a.due.Compare(b.due) })
	if g := kinds(got); !slices.Equal(g, want) {
		t.Fatalf("got %v\nwant %v", g, want)
	}
	if got[1].RefID != "a-old" || got[1].Days != 4 || got[1].PlanVersion != 2 {
		t.Errorf("waiting request: %+v", got[1])
	}
	// Two requests they could decide now (their own never counts); two tasks, both overdue.
	if sum != (TaskSummary{Total: 2, Overdue: 2, ApprovalsWaiting: 2}) {
		t.Errorf("summary %+v", sum)
	}
	// On the team, the same supervisor sees the review due soon as well.
	c.OnTeam = true
	got, _ = ComputeTasks([]TaskCase{c}, taskToday, DefaultTaskSettings)
	if !slices.ContainsFunc(got, func(t Task) bool { return t.Kind == TaskReviewDue }) {
		t.Errorf("a supervisor on the team sees the review due: %v", kinds(got))
	}
	// A practitioner (not a supervisor) counts no approvals.
	c.Supervised = false
	if _, sum = ComputeTasks([]TaskCase{c}, taskToday, DefaultTaskSettings); sum.ApprovalsWaiting != 0 {
		t.Errorf("practitioner counts approvals: %+v", sum)
	}
}

// Every rule in the table has a distinct kind, an audience and a finder.
func TestTaskTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range TaskRules {
		if seen[r.Kind] || r.For == 0 || r.Find == nil {
			t.Errorf("rule %q: duplicate, without audience or without finder", r.Kind)
		}
		seen[r.Kind] = true
	}
	if len(seen) != 9 {
		t.Errorf("%d rules", len(seen))
	}
}

// Pages follow the sorted order; a cursor keeps its place when its task is done meanwhile.
func TestTaskOrderAndCursor(t *testing.T) {
	ts := []Task{
		{Kind: TaskRequestDecided, State: TaskInfo, DueOn: *tday(-3), Pseudonym: "B", RefID: "r1"},
		{Kind: TaskReviewDue, State: TaskDue, DueOn: *tday(4), Pseudonym: "A", RefID: "c1"},
		{Kind: TaskRequestDecided, State: TaskInfo, DueOn: *tday(-1), Pseudonym: "A", RefID: "r2"},
		{Kind: TaskFollowUpDue, State: TaskOverdue, DueOn: *tday(-9), Pseudonym: "C", RefID: "p1"},
		{Kind: TaskBaselineDue, State: TaskDue, DueOn: *tday(4), Pseudonym: "D", RefID: "c4"},
		{Kind: TaskDraftToFinish, State: TaskDraft, DueOn: *tday(-20), Pseudonym: "E", RefID: "d1"},
		{Kind: TaskDraftToFinish, State: TaskDraft, DueOn: *tday(-2), Pseudonym: "F", RefID: "d2"},
	}
	SortTasks(ts)
	var order []string
	for _, x := range ts {
		order = append(order, x.RefID)
	}
	if want := []string{"p1", "c4", "c1", "d2", "d1", "r2", "r1"}; !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	rest, err := TasksAfter(ts, TaskCursor(ts[1]))
	if err != nil || len(rest) != 5 || rest[0].RefID != "c1" {
		t.Fatalf("after c4: %v %v", rest, err)
	}
	// c4 was done: its cursor still leads to c1.
	gone := append(slices.Clone(ts[:1]), ts[2:]...)
	if rest, _ = TasksAfter(gone, TaskCursor(ts[1])); len(rest) != 5 || rest[0].RefID != "c1" {
		t.Fatalf("after a task that went: %v", rest)
	}
	// From a draft's place the list goes on with the older draft, then the news.
	if rest, _ = TasksAfter(ts, TaskCursor(ts[3])); len(rest) != 3 || rest[0].RefID != "d1" {
		t.Fatalf("after d2: %v", rest)
	}
	rest, _ = TasksAfter(ts, TaskCursor(ts[5]))
	if len(rest) != 1 || rest[0].RefID != "r1" {
		t.Fatalf("after r2: %v", rest)
	}
	for _, bad := range []string{"", "x", "3|2026-01-01|a|b|c", "0|not-a-date|a|b|c"} {
		if _, err := TasksAfter(ts, bad); ErrorCode(err) != CodeInvalid {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
}

func TestValidateExpectedPhaseDays(t *testing.T) {
	if err := ValidateExpectedPhaseDays(map[Phase]int{PhaseIntake: 14, PhaseIntervention: 365}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[Phase]int{{PhaseClosed: 10}, {PhaseReintegration: 10}, {PhaseIntake: 0}, {PhaseAssessment: 4000}} {
		if ErrorCode(ValidateExpectedPhaseDays(bad)) != CodeInvalid {
			t.Errorf("%v accepted", bad)
		}
	}
}
