package domain

import (
	"testing"
	"time"
)

func pday(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func pdayPtr(s string) *time.Time { t := pday(s); return &t }

func pint(n int) *int { return &n }

func TestBuildProgressMonths(t *testing.T) {
	f := ProgressFacts{
		Sessions: []ProgressSession{
			{HeldOn: pday("2026-01-05"), InterventionType: "mentoring", Minutes: 60, Attendance: "attended", Engagement: pint(4)},
			{HeldOn: pday("2026-01-20"), InterventionType: "mentoring", Minutes: 30, Attendance: "late", Engagement: pint(1)},
			{HeldOn: pday("2026-01-31"), InterventionType: "cognitive_skills", Minutes: 90, Attendance: "refused"},
			// February has nothing: it is still a month of the view.
			{HeldOn: pday("2026-03-01"), InterventionType: "mentoring", Minutes: 45, Attendance: "unexcused_absence"},
		},
		Milestones: []ProgressMilestone{
			{ID: "a", DefinitionCode: "family_contact_restored", Status: "verified", AchievedOn: pday("2026-01-10")},
			{ID: "b", DefinitionCode: "prosocial_network", Status: "lapsed", AchievedOn: pday("2026-01-15"), LapsedOn: pdayPtr("2026-02-28")},
			{ID: "c", DefinitionCode: "housing_secured", Status: "claimed", AchievedOn: pday("2026-03-02")},
			{ID: "d", DefinitionCode: "employment_secured", Status: "reversed", AchievedOn: pday("2026-01-02"), LapsedOn: pdayPtr("2026-01-30")},
			{ID: "e", DefinitionCode: "qualification_obtained", Status: "rejected", AchievedOn: pday("2025-11-02")},
		},
	}
	p := BuildProgress(f)
	if len(p.Months) != 3 {
		t.Fatalf("months: %+v", p.Months)
	}
	jan, feb, mar := p.Months[0], p.Months[1], p.Months[2]
	if !jan.Month.Equal(pday("2026-01-01")) || !feb.Month.Equal(pday("2026-02-01")) || !mar.Month.Equal(pday("2026-03-01")) {
		t.Fatalf("month starts: %v %v %v", jan.Month, feb.Month, mar.Month)
	}
	if len(jan.Sessions) != 2 || jan.Sessions[0] != (TypeSessions{"cognitive_skills", 1, 90}) || jan.Sessions[1] != (TypeSessions{"mentoring", 2, 90}) {
		t.Fatalf("january sessions: %+v", jan.Sessions)
	}
	if jan.Attendance["attended"] != 1 || jan.Attendance["late"] != 1 || jan.Attendance["refused"] != 1 || jan.Attendance["excused_absence"] != 0 {
		t.Fatalf("january attendance: %v", jan.Attendance)
	}
	if len(feb.Attendance) != len(AttendanceCodes) || len(feb.Sessions) != 0 || feb.EngagementMean != nil || feb.EngagementRated != 0 {
		t.Fatalf("february: %+v", feb)
	}
	if jan.EngagementRated != 2 || jan.EngagementMean == nil || *jan.EngagementMean != 2.5 {
		t.Fatalf("january engagement: %d %v", jan.EngagementRated, jan.EngagementMean)
	}
	// Verified and lapsed claims were reached; the lapsed one held until its lapse at the end
	// of February, so it no longer holds at February's end.
	if jan.MilestonesReached != 2 || jan.MilestonesHeld != 2 || feb.MilestonesReached != 0 || feb.MilestonesHeld != 1 ||
		mar.MilestonesReached != 0 || mar.MilestonesHeld != 1 {
		t.Fatalf("milestones: jan %d/%d feb %d/%d mar %d/%d", jan.MilestonesReached, jan.MilestonesHeld,
			feb.MilestonesReached, feb.MilestonesHeld, mar.MilestonesReached, mar.MilestonesHeld)
	}
	if len(p.Milestones) != 5 || p.Milestones[0].ID != "e" || p.Milestones[4].ID != "c" {
		t.Fatalf("milestones listed by date: %+v", p.Milestones)
	}
}

func TestBuildProgressRisk(t *testing.T) {
	p := BuildProgress(ProgressFacts{Assessments: []ProgressAssessment{
		{ID: "later", AssessedOn: pday("2026-06-01"), Overall: "low", ScaleMin: 0, ScaleMax: 2, RiskRated: 4, RiskSum: 2, ProtectiveRated: 2, ProtectiveSum: 4},
		{ID: "first", AssessedOn: pday("2026-01-01"), Overall: "high", ScaleMin: 1, ScaleMax: 5, RiskRated: 2, RiskSum: 10},
	}})
	if len(p.Risk) != 2 || p.Risk[0].AssessmentID != "first" || p.Risk[1].AssessmentID != "later" {
		t.Fatalf("risk order: %+v", p.Risk)
	}
	first, later := p.Risk[0], p.Risk[1]
	if first.RiskLevel == nil || *first.RiskLevel != 1 || first.ProtectiveLevel != nil || first.Overall != "high" {
		t.Fatalf("first: %+v", first)
	}
	if *later.RiskLevel != 0.25 || *later.ProtectiveLevel != 1 || later.RiskRated != 4 || later.ProtectiveRated != 2 {
		t.Fatalf("later: %+v", later)
	}
	if len(p.Months) != 0 {
		t.Fatalf("assessments alone make no months: %+v", p.Months)
	}
}

func TestBuildProgressEmpty(t *testing.T) {
	p := BuildProgress(ProgressFacts{})
	if p.Risk != nil || p.Months != nil || len(p.Milestones) != 0 {
		t.Fatalf("empty: %+v", p)
	}
}
