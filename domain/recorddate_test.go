package domain

import (
	"testing"
	"time"
)

func onDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCheckRecordDates(t *testing.T) {
	intake := onDay("2024-03-10").Add(15 * time.Hour) // a time of day does not matter
	for _, c := range []struct {
		field  DatedField
		reason string // "" when accepted
	}{
		{DatedField{Path: "held_on", On: onDay("2024-03-10")}, ""},
		{DatedField{Path: "held_on", On: onDay("2025-01-01")}, ""},
		{DatedField{Path: "held_on", On: onDay("2024-03-09")}, "before_intake"},
		{DatedField{Path: "held_on", On: onDay("0000-01-01")}, "out_of_range"},
		{DatedField{Path: "held_on", On: time.Time{}}, "out_of_range"},
		{DatedField{Path: "offence_on", On: onDay("2019-05-01"), AnyTime: true}, ""},
		{DatedField{Path: "offence_on", On: onDay("1899-12-31"), AnyTime: true}, "out_of_range"},
	} {
		err := CheckRecordDates(intake, c.field)
		switch {
		case c.reason == "" && err != nil:
			t.Errorf("%v: refused: %v", c.field, err)
		case c.reason != "":
			e, ok := err.(*Error)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field.Path || e.Fields[0].Reason != c.reason {
				t.Errorf("%v: got %v, want %s", c.field, err, c.reason)
			}
		}
	}
	// Without an intake only the floor applies; several problems are all reported.
	if err := CheckRecordDates(time.Time{}, DatedField{Path: "a", On: onDay("1950-01-01")}); err != nil {
		t.Errorf("no intake: %v", err)
	}
	err := CheckRecordDates(intake, DatedField{Path: "a", On: onDay("0001-01-01")}, DatedField{Path: "b", On: onDay("2000-01-01")})
	if e, ok := err.(*Error); !ok || len(e.Fields) != 2 {
		t.Errorf("two bad dates: %v", err)
	}
}

func TestEveryRecordListsItsDates(t *testing.T) {
	d := onDay("2024-01-01")
	for name, got := range map[string][]DatedField{
		"session":       SessionInput{HeldOn: d}.Dates(),
		"assessment":    AssessmentInput{AssessedOn: d}.Dates(),
		"milestone":     MilestoneInput{AchievedOn: d}.Dates(),
		"lapse":         MilestoneLapse{On: d}.Dates(),
		"follow-up":     FollowUpInput{FollowUp: FollowUp{HeldOn: d, OffenceOn: &d}}.Dates(),
		"plan":          PlanInput{Goals: []PlanGoal{{}, {TargetDate: &d}}}.Dates(),
		"reintegration": ReintegrationInput{PlannedRelease: &d}.Dates(),
		"case update":   CaseUpdate{ExpectedReleaseDate: Opt[time.Time]{Set: true, Value: &d}, ActualReleaseDate: Opt[time.Time]{Set: true}}.Dates(),
	} {
		want := map[string]int{"follow-up": 2}[name]
		if want == 0 {
			want = 1
		}
		if len(got) != want {
			t.Errorf("%s: %v", name, got)
		}
		for _, f := range got {
			if f.Path == "" || !f.On.Equal(d) {
				t.Errorf("%s: %v", name, f)
			}
		}
	}
	if got := (PlanInput{Goals: []PlanGoal{{}, {TargetDate: &d}}}).Dates(); got[0].Path != "goals[1].target_date" {
		t.Errorf("plan goal path %q", got[0].Path)
	}
}

func TestIntakeConsentAndReleaseDates(t *testing.T) {
	today := onDay("2026-06-01")
	ok := NewCase{Track: TrackCustodial, LegalBasis: "voluntary", BirthYear: 1990, Gender: "male", Nationality: "XA", ConsentGiven: true, ConsentDate: ptrDay("2026-05-20")}
	if err := ok.Validate(today); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(n *NewCase){
		"consent in year zero":          func(n *NewCase) { n.ConsentDate = ptrDay("0000-01-01") },
		"consent before birth":          func(n *NewCase) { n.ConsentDate = ptrDay("1989-12-31") },
		"release before intake":         func(n *NewCase) { r := onDay("2026-05-31"); n.ExpectedReleaseDate = &r },
		"release in an impossible past": func(n *NewCase) { r := onDay("1066-10-14"); n.ExpectedReleaseDate = &r },
	} {
		n := ok
		mutate(&n)
		if err := n.Validate(today); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func ptrDay(s string) *time.Time {
	d := onDay(s)
	return &d
}
