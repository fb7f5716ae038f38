package domain

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tasks: what is due on the cases a person works on, computed from the records each time it
// is asked for (never stored, so it cannot drift from them). The rules are one table,
// TaskRules, like the lifecycle's: each rule names who it is for and finds its tasks in the
// facts of one case, which the store loads for all the caller's cases in one query.

// Task kinds, one per rule.
const (
	// TaskBaselineDue: a case in intake or assessment has no final baseline assessment; due
	// TaskSettings.BaselineDays after intake.
	TaskBaselineDue = "baseline_due"
	// TaskReviewDue: the latest final assessment is due for review (the case's next review
	// date).
	TaskReviewDue = "review_due"
	// TaskPlanToRevise: the case's latest individual plan was rejected; a new version is
	// to be made and submitted.
	TaskPlanToRevise = "plan_to_revise"
	// TaskReintegrationPlanDue: a custodial case with an expected release date has no
	// approved reintegration plan; due TaskSettings.ReintegrationLeadDays before the release.
	TaskReintegrationPlanDue = "reintegration_plan_due"
	// TaskFollowUpDue: a follow-up point is due or overdue.
	TaskFollowUpDue = "follow_up_due"
	// TaskDecisionWaiting: someone else's request has waited for a supervisor's decision
	// longer than TaskSettings.DecisionWaitDays.
	TaskDecisionWaiting = "decision_waiting"
	// TaskPhaseOverstay: the case has been in its phase longer than its programme expects.
	TaskPhaseOverstay = "phase_overstay"
	// TaskRequestDecided: a supervisor decided one of the caller's requests (approved or
	// rejected, with the comment), within TaskSettings.DecidedNewsDays.
	TaskRequestDecided = "request_decided"
	// TaskDraftToFinish: one of the caller's own drafts (an assessment, an individual plan, a
	// reintegration plan) is unfinished on a case still open; to be finished, submitted or
	// discarded. Nobody else is told: a draft is its author's work in progress.
	TaskDraftToFinish = "draft_to_finish"
)

// Draft kinds a TaskDraftToFinish names.
const (
	DraftAssessment        = "assessment"
	DraftPlan              = "plan"
	DraftReintegrationPlan = "reintegration_plan"
)

// Task states.
const (
	TaskOverdue = "overdue" // past its due date
	TaskDue     = "due"     // due within the horizon, or today
	TaskInfo    = "info"    // news to read (a decision), nothing to do by a date
	TaskDraft   = "draft"   // one's own unfinished draft, to be picked up again; no date
)

// TaskSettings are the time limits the rules use. A programme's expected phase durations
// come with each case (TaskCase.ExpectedPhaseDays).
type TaskSettings struct {
	// HorizonDays: a task with a due date shows this many days before it.
	HorizonDays int
	// BaselineDays: the baseline assessment is due this many days after intake.
	BaselineDays int
	// RevisionDays: a rejected plan is due again this many days after the rejection.
	RevisionDays int
	// ReintegrationLeadDays: the reintegration plan is approved this many days before the
	// expected release.
	ReintegrationLeadDays int
	// DecisionWaitDays: a request waiting longer than this is a supervisor's task.
	DecisionWaitDays int
	// DecidedNewsDays: a decision on one's request is shown for this many days.
	DecidedNewsDays int
}

// DefaultTaskSettings are the limits in force.
var DefaultTaskSettings = TaskSettings{HorizonDays: 30, BaselineDays: 30, RevisionDays: 14,
	ReintegrationLeadDays: 90, DecisionWaitDays: 3, DecidedNewsDays: 14}

// DefaultExpectedPhaseDays is how long a programme that names nothing expects a case to stay
// in each phase. Reintegration is bounded by the aftercare period and follow-ups instead.
var DefaultExpectedPhaseDays = map[Phase]int{PhaseIntake: 30, PhaseAssessment: 60, PhaseIntervention: 540, PhasePreRelease: 180}

// ValidateExpectedPhaseDays checks a programme's expected phase durations: only open phases
// before reintegration, each 1 to 3650 days.
func ValidateExpectedPhaseDays(m map[Phase]int) error {
	var p Problems
	for ph, d := range m {
		if _, known := DefaultExpectedPhaseDays[ph]; !known {
			p.Add("expected_phase_days."+string(ph), "unknown_phase", "only intake, assessment, intervention and pre_release have an expected duration")
		} else if d < 1 || d > 3650 {
			p.AddParams("expected_phase_days."+string(ph), "out_of_range", "must be 1 to 3650 days", map[string]string{"min": "1", "max": "3650"})
		}
	}
	return p.Err()
}

// TaskApproval is a request on a case, as the task rules see it.
type TaskApproval struct {
	ID            string
	Kind          string // ApprovalKinds
	Status        string // pending, approved, rejected
	RequestedByMe bool
	RequestedAt   time.Time
	DecidedAt     *time.Time
	DecidedBy     string // the decider as people read them: display name, else username
	Comment       string
	ToPhase       Phase // transitions
	PlanVersion   int   // plans
	MilestoneCode string
}

// TaskPlan is a case's latest individual plan.
type TaskPlan struct {
	ID        string
	Version   int
	Status    string
	DecidedAt *time.Time
}

// TaskDraftFact is an unfinished draft on a case, as the task rules see it.
type TaskDraftFact struct {
	// ID is the draft's record (the case for a reintegration plan, which is one per case).
	ID   string
	Kind string // DraftAssessment, DraftPlan, DraftReintegrationPlan
	// Mine: the caller wrote it (the assessor, the plan's author, one of the reintegration
	// plan's authors since its last approval).
	Mine bool
	// SavedAt: when it was begun (assessments, plans) or last saved (reintegration plans).
	SavedAt  time.Time
	Occasion string // assessments
	Version  int    // plans
}

// TaskCase is one case's facts for the task rules.
type TaskCase struct {
	CaseID      string
	Pseudonym   string
	ProgrammeID string
	FacilityID  string
	Phase       Phase
	Track       Track
	OpenedOn    time.Time
	PhaseSince  time.Time
	// OnTeam: the caller is on the case's team. Supervised: the caller is a supervisor whose
	// scope covers the case. A case the caller sees is one or both.
	OnTeam     bool
	Supervised bool
	// CaseManager is the case manager's name as people read it (display name, else username).
	CaseManager         string
	HasFinalBaseline    bool
	NextReviewDate      *time.Time
	ExpectedReleaseDate *time.Time
	// ReintegrationPlanStatus is the current version's status ("" when there is none);
	// ReintegrationPlanInForce: an approved version is in force (perhaps with a newer draft).
	ReintegrationPlanStatus  string
	ReintegrationPlanInForce bool
	LatestPlan               *TaskPlan
	// Points are all the case's follow-up points with their State for Today.
	Points []FollowUpPoint
	// Approvals: the case's pending requests, and decided ones of the caller's own within
	// TaskSettings.DecidedNewsDays.
	Approvals         []TaskApproval
	ExpectedPhaseDays map[Phase]int
	// Drafts: the case's unfinished drafts the caller wrote.
	Drafts []TaskDraftFact
}

// Task is one thing to do (or to know) on a case.
type Task struct {
	Kind      string
	CaseID    string
	Pseudonym string
	// RefID is the record the task is about (a point, a request, a plan), or the case.
	RefID string
	DueOn time.Time
	State string // TaskOverdue, TaskDue, TaskInfo
	// What the task is about, by kind: the phase (overstay), the follow-up point's months,
	// the request's kind and decision, the decider's comment, days waited or overstayed.
	Phase         Phase
	Months        int
	ApprovalKind  string
	Decision      string
	DecidedBy     string
	Comment       string
	PlanVersion   int
	MilestoneCode string
	Days          int
	CaseManager   string
	// DraftKind and Occasion: what the draft is (TaskDraftToFinish).
	DraftKind string
	Occasion  string
}

// Audience says whom a rule's tasks are for.
type Audience int

const (
	// ForTeam: everyone on the case's team (a practitioner's caseload, a supervisor on the
	// team).
	ForTeam Audience = 1 << iota
	// ForSupervisor: supervisors whose scope covers the case. A supervisor who is not on the
	// team sees the rule's tasks only once they are overdue, unless the rule is
	// SupervisorAlways: a scope holds many cases, and supervisors follow what slipped.
	ForSupervisor
	// ForRequester: whoever made the request the task is about (the rule checks it).
	ForRequester
	// ForAuthor: whoever wrote the record the task is about (the rule checks it).
	ForAuthor
)

// TaskRule is one row of the task table.
type TaskRule struct {
	Kind string
	For  Audience
	// SupervisorAlways: supervisors see the rule's tasks before they are overdue too.
	SupervisorAlways bool
	Find             func(c TaskCase, today time.Time, s TaskSettings) []Task
}

// TaskRules is the whole table. Anything not here is not a task.
var TaskRules = []TaskRule{
	{Kind: TaskBaselineDue, For: ForTeam | ForSupervisor, Find: findBaselineDue},
	{Kind: TaskReviewDue, For: ForTeam | ForSupervisor, Find: findReviewDue},
	{Kind: TaskPlanToRevise, For: ForTeam, Find: findPlanToRevise},
	{Kind: TaskReintegrationPlanDue, For: ForTeam | ForSupervisor, Find: findReintegrationPlanDue},
	{Kind: TaskFollowUpDue, For: ForTeam | ForSupervisor, Find: findFollowUpsDue},
	{Kind: TaskDecisionWaiting, For: ForSupervisor, SupervisorAlways: true, Find: findDecisionsWaiting},
	{Kind: TaskPhaseOverstay, For: ForTeam | ForSupervisor, SupervisorAlways: true, Find: findPhaseOverstay},
	{Kind: TaskRequestDecided, For: ForRequester, Find: findRequestsDecided},
	{Kind: TaskDraftToFinish, For: ForAuthor, Find: findDraftsToFinish},
}

// dated makes a task due on a date, or nothing when the date is beyond the horizon.
func dated(kind string, c TaskCase, ref string, due, today time.Time, s TaskSettings) []Task {
	due, today = dateOf(due), dateOf(today)
	if due.After(today.AddDate(0, 0, s.HorizonDays)) {
		return nil
	}
	state := TaskDue
	if due.Before(today) {
		state = TaskOverdue
	}
	return []Task{{Kind: kind, CaseID: c.CaseID, Pseudonym: c.Pseudonym, RefID: ref, DueOn: due, State: state}}
}

func findBaselineDue(c TaskCase, today time.Time, s TaskSettings) []Task {
	if c.HasFinalBaseline || (c.Phase != PhaseIntake && c.Phase != PhaseAssessment) {
		return nil
	}
	return dated(TaskBaselineDue, c, c.CaseID, c.OpenedOn.AddDate(0, 0, s.BaselineDays), today, s)
}

func findReviewDue(c TaskCase, today time.Time, s TaskSettings) []Task {
	if c.NextReviewDate == nil || c.Phase == PhaseClosed {
		return nil
	}
	return dated(TaskReviewDue, c, c.CaseID, *c.NextReviewDate, today, s)
}

func findPlanToRevise(c TaskCase, today time.Time, s TaskSettings) []Task {
	pl := c.LatestPlan
	if pl == nil || pl.Status != "rejected" || c.Phase == PhaseClosed {
		return nil
	}
	decided := today
	if pl.DecidedAt != nil {
		decided = *pl.DecidedAt
	}
	out := dated(TaskPlanToRevise, c, pl.ID, decided.AddDate(0, 0, s.RevisionDays), today, s)
	for i := range out {
		// The rejection's comment says what to put right.
		for _, a := range c.Approvals {
			if a.Kind == "plan" && a.Status == "rejected" && a.PlanVersion == pl.Version {
				out[i].Comment, out[i].DecidedBy = a.Comment, a.DecidedBy
			}
		}
	}
	return out
}

func findReintegrationPlanDue(c TaskCase, today time.Time, s TaskSettings) []Task {
	if c.Track != TrackCustodial || c.ExpectedReleaseDate == nil || c.ReintegrationPlanInForce ||
		(c.Phase != PhaseIntervention && c.Phase != PhasePreRelease) {
		return nil
	}
	if c.ReintegrationPlanStatus == "submitted" || c.ReintegrationPlanStatus == "approved" {
		return nil // with the supervisors, or done
	}
	return dated(TaskReintegrationPlanDue, c, c.CaseID, c.ExpectedReleaseDate.AddDate(0, 0, -s.ReintegrationLeadDays), today, s)
}

func findFollowUpsDue(c TaskCase, today time.Time, s TaskSettings) []Task {
	var out []Task
	for _, pt := range c.Points {
		if pt.State != PointDue && pt.State != PointOverdue {
			continue
		}
		for _, t := range dated(TaskFollowUpDue, c, pt.ID, pt.DueOn, today, s) {
			t.Months = pt.Months
			out = append(out, t)
		}
	}
	return out
}

func findDecisionsWaiting(c TaskCase, today time.Time, s TaskSettings) []Task {
	var out []Task
	for _, a := range c.Approvals {
		if a.Status != "pending" || a.RequestedByMe {
			continue // nobody decides their own request
		}
		due := dateOf(a.RequestedAt).AddDate(0, 0, s.DecisionWaitDays)
		if due.After(dateOf(today)) {
			continue // waiting, but not yet for long
		}
		out = append(out, Task{Kind: TaskDecisionWaiting, CaseID: c.CaseID, Pseudonym: c.Pseudonym, RefID: a.ID, DueOn: due,
			State: TaskOverdue, ApprovalKind: a.Kind, Phase: a.ToPhase, PlanVersion: a.PlanVersion, MilestoneCode: a.MilestoneCode,
			Days: daysBetween(a.RequestedAt, today)})
	}
	return out
}

func findPhaseOverstay(c TaskCase, today time.Time, _ TaskSettings) []Task {
	days, ok := c.ExpectedPhaseDays[c.Phase]
	if !ok || days <= 0 {
		return nil
	}
	due := dateOf(c.PhaseSince).AddDate(0, 0, days)
	if !due.Before(dateOf(today)) {
		return nil // only once the expected time is past: staying is not a task before that
	}
	return []Task{{Kind: TaskPhaseOverstay, CaseID: c.CaseID, Pseudonym: c.Pseudonym, RefID: c.CaseID, DueOn: due,
		State: TaskOverdue, Phase: c.Phase, Days: daysBetween(c.PhaseSince, today)}}
}

func findRequestsDecided(c TaskCase, today time.Time, s TaskSettings) []Task {
	var out []Task
	for _, a := range c.Approvals {
		if !a.RequestedByMe || a.DecidedAt == nil || a.Status == "pending" {
			continue
		}
		if a.Kind == "plan" && a.Status == "rejected" && c.LatestPlan != nil && c.LatestPlan.Version == a.PlanVersion {
			continue // TaskPlanToRevise says it, with the comment, and what to do
		}
		if dateOf(*a.DecidedAt).AddDate(0, 0, s.DecidedNewsDays).Before(dateOf(today)) {
			continue
		}
		out = append(out, Task{Kind: TaskRequestDecided, CaseID: c.CaseID, Pseudonym: c.Pseudonym, RefID: a.ID,
			DueOn: dateOf(*a.DecidedAt), State: TaskInfo, ApprovalKind: a.Kind, Decision: a.Status, DecidedBy: a.DecidedBy,
			Comment: a.Comment, Phase: a.ToPhase, PlanVersion: a.PlanVersion, MilestoneCode: a.MilestoneCode})
	}
	return out
}

func findDraftsToFinish(c TaskCase, _ time.Time, _ TaskSettings) []Task {
	if c.Phase == PhaseClosed {
		return nil // nothing more is written on a closed case
	}
	var out []Task
	for _, d := range c.Drafts {
		if !d.Mine {
			continue
		}
		out = append(out, Task{Kind: TaskDraftToFinish, CaseID: c.CaseID, Pseudonym: c.Pseudonym, RefID: d.ID,
			DueOn: dateOf(d.SavedAt), State: TaskDraft, DraftKind: d.Kind, Occasion: d.Occasion, PlanVersion: d.Version})
	}
	return out
}

func daysBetween(from, to time.Time) int {
	return int(dateOf(to).Sub(dateOf(from)).Hours() / 24)
}

// TaskSummary counts what the navigation shows: the tasks, those overdue, and (for
// supervisors) every request in their scope they could decide now.
type TaskSummary struct {
	Total            int
	Overdue          int
	ApprovalsWaiting int
}

// ComputeTasks applies every rule to every case for whom it is meant, and returns the tasks
// in the order they should be done: overdue and due by date, then news, newest first.
func ComputeTasks(cases []TaskCase, today time.Time, s TaskSettings) ([]Task, TaskSummary) {
	var out []Task
	var sum TaskSummary
	for _, c := range cases {
		for _, a := range c.Approvals {
			if c.Supervised && a.Status == "pending" && !a.RequestedByMe {
				sum.ApprovalsWaiting++
			}
		}
		for _, r := range TaskRules {
			team := r.For&ForTeam != 0 && c.OnTeam
			super := r.For&ForSupervisor != 0 && c.Supervised
			requester := r.For&(ForRequester|ForAuthor) != 0
			if !team && !super && !requester {
				continue
			}
			for _, t := range r.Find(c, today, s) {
				if !team && !requester && !r.SupervisorAlways && t.State != TaskOverdue {
					continue // a supervisor off the team follows only what slipped
				}
				t.CaseManager = c.CaseManager
				out = append(out, t)
			}
		}
	}
	SortTasks(out)
	for _, t := range out {
		sum.Total++
		if t.State == TaskOverdue {
			sum.Overdue++
		}
	}
	return out, sum
}

// SortTasks orders tasks: things to do by due date (earliest first), then one's own drafts,
// then news (both newest first); ties by kind, pseudonym and record, so pages never shuffle.
func SortTasks(ts []Task) {
	slices.SortStableFunc(ts, compareTasks)
}

// taskRank is a task's group in the order: to do by a date, drafts, news.
func taskRank(t Task) int {
	switch t.State {
	case TaskDraft:
		return 1
	case TaskInfo:
		return 2
	}
	return 0
}

func compareTasks(a, b Task) int {
	ar, br := taskRank(a), taskRank(b)
	switch {
	case ar != br:
		return cmp.Compare(ar, br)
	case !a.DueOn.Equal(b.DueOn):
		if ar > 0 {
			return b.DueOn.Compare(a.DueOn)
		}
		return a.DueOn.Compare(b.DueOn)
	}
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Pseudonym, b.Pseudonym), cmp.Compare(a.RefID, b.RefID))
}

// taskRankStates names the state a cursor's rank stands for.
var taskRankStates = map[string]string{"0": TaskDue, "1": TaskDraft, "2": TaskInfo}

// TaskCursor names a task's place in the sorted list, for the next page.
func TaskCursor(t Task) string {
	return strconv.Itoa(taskRank(t)) + "|" + t.DueOn.Format("2006-01-02") + "|" + t.Kind + "|" + t.Pseudonym + "|" + t.RefID
}

// TasksAfter returns the tasks of a sorted list that come after the cursor's place (the
// place holds even when the task it names is done meanwhile). A cursor that does not parse
// is a problem on "cursor".
func TasksAfter(ts []Task, cursor string) ([]Task, error) {
	parts := strings.Split(cursor, "|")
	bad := Invalid(FieldProblem{Field: "cursor", Reason: "invalid", Detail: "not a cursor this list gave"})
	if len(parts) != 5 || taskRankStates[parts[0]] == "" {
		return nil, bad
	}
	due, err := time.Parse("2006-01-02", parts[1])
	if err != nil {
		return nil, bad
	}
	at := Task{DueOn: due, Kind: parts[2], Pseudonym: parts[3], RefID: parts[4], State: taskRankStates[parts[0]]}
	i, _ := slices.BinarySearchFunc(ts, at, compareTasks)
	for i < len(ts) && compareTasks(ts[i], at) <= 0 {
		i++
	}
	return ts[i:], nil
}

// TaskFilter selects a page of tasks; CaseID keeps one case's.
type TaskFilter struct {
	CaseID string
	Cursor string
	Limit  int
}

// TaskPage is a page of tasks with the summary of all of them.
type TaskPage struct {
	Items   []Task
	Summary TaskSummary
	Next    string
}

// TaskStore computes a person's tasks from the records.
type TaskStore interface {
	ListTasks(ctx context.Context, p *Principal, f TaskFilter) (TaskPage, error)
}
