package domain

import (
	"slices"
	"testing"
	"time"
)

func TestPlanCaseUpdate(t *testing.T) {
	opened := today.AddDate(-1, 0, 0)
	custodial := CaseUpdateFacts{Phase: PhasePreRelease, Track: TrackCustodial, OpenedOn: opened, OffenceCategoryKnown: true}
	community := CaseUpdateFacts{Phase: PhaseIntervention, Track: TrackNonCustodial, OpenedOn: opened, OffenceCategoryKnown: true}
	closed := custodial
	closed.Phase = PhaseClosed
	unknownOffence := custodial
	unknownOffence.OffenceCategoryKnown = false
	date := func(d *time.Time) Opt[time.Time] { return Opt[time.Time]{Set: true, Value: d} }
	text := func(s string) Opt[string] { return Opt[string]{Set: true, Value: &s} }
	cleared := Opt[string]{Set: true}
	tests := []struct {
		name  string
		facts CaseUpdateFacts
		u     CaseUpdate
		code  Code     // "" when the update is accepted
		probs []string // field:reason, in order
		// For an accepted update: the case's own fields, every field, and whether the
		// release record is touched.
		caseFields, allFields []string
		release               bool
	}{
		{name: "expected release date", facts: custodial, u: CaseUpdate{ExpectedReleaseDate: date(day(90))},
			caseFields: []string{"expected_release_date"}, allFields: []string{"expected_release_date"}},
		{name: "expected release date cleared on a community case", facts: community, u: CaseUpdate{ExpectedReleaseDate: date(nil)},
			caseFields: []string{"expected_release_date"}, allFields: []string{"expected_release_date"}},
		{name: "offence category and release", facts: custodial,
			u:          CaseUpdate{OffenceCategory: text("0101"), ActualReleaseDate: date(day(-1)), ReleaseType: text(ReleaseTypes[0])},
			caseFields: []string{"offence_category"}, allFields: []string{"offence_category", "actual_release_date", "release_type"}, release: true},
		{name: "offence category cleared needs no catalogue", facts: unknownOffence, u: CaseUpdate{OffenceCategory: cleared},
			caseFields: []string{"offence_category"}, allFields: []string{"offence_category"}},
		{name: "release type alone", facts: custodial, u: CaseUpdate{ReleaseType: cleared},
			allFields: []string{"release_type"}, release: true},
		{name: "closed case", facts: closed, u: CaseUpdate{ExpectedReleaseDate: date(day(90))}, code: CodeConflict},
		{name: "closed before empty", facts: closed, u: CaseUpdate{}, code: CodeConflict},
		{name: "dates before the intake", facts: custodial,
			u:    CaseUpdate{ExpectedReleaseDate: date(day(-500)), ActualReleaseDate: date(day(-400)), FacilityID: text("x")},
			code: CodeInvalid, probs: []string{"expected_release_date:before_intake", "actual_release_date:before_intake"}},
		{name: "date before the floor", facts: custodial, u: CaseUpdate{ActualReleaseDate: date(new(time.Time))},
			code: CodeInvalid, probs: []string{"actual_release_date:out_of_range"}},
		{name: "release dates on a community case", facts: community,
			u:    CaseUpdate{ExpectedReleaseDate: date(day(30)), ActualReleaseDate: date(day(-1)), ReleaseType: text("escape")},
			code: CodeInvalid, probs: []string{"expected_release_date:not_for_track", "release_type:oneof", "actual_release_date:not_for_track"}},
		{name: "cleared release dates on a community case", facts: community,
			u: CaseUpdate{ActualReleaseDate: date(nil)}, allFields: []string{"actual_release_date"}, release: true},
		{name: "unknown offence category answered alone", facts: unknownOffence,
			u:    CaseUpdate{OffenceCategory: text("9999"), ReleaseType: text("escape"), FacilityID: text("x")},
			code: CodeInvalid, probs: []string{"offence_category:unknown"}},
		{name: "facility change", facts: custodial, u: CaseUpdate{FacilityID: text("x"), ReleaseType: text("escape")},
			code: CodeInvalid, probs: []string{"release_type:oneof", "facility_id:use_transfer"}},
		{name: "facility cleared", facts: custodial, u: CaseUpdate{FacilityID: cleared},
			code: CodeInvalid, probs: []string{"facility_id:use_transfer"}},
		{name: "empty patch", facts: custodial, u: CaseUpdate{}, code: CodeInvalid, probs: []string{"body:empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := PlanCaseUpdate(tt.facts, tt.u)
			if tt.code != "" {
				if ErrorCode(err) != tt.code || !slices.Equal(fields(err), tt.probs) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), tt.code, tt.probs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.CaseFields(), tt.caseFields) || !slices.Equal(c.Fields(), tt.allFields) || c.TouchesRelease() != tt.release {
				t.Fatalf("case fields %v, fields %v, release %v", c.CaseFields(), c.Fields(), c.TouchesRelease())
			}
			if c.ExpectedReleaseDate != tt.u.ExpectedReleaseDate || c.OffenceCategory != tt.u.OffenceCategory ||
				c.Release != (CaseUpdate{ActualReleaseDate: tt.u.ActualReleaseDate, ReleaseType: tt.u.ReleaseType}) {
				t.Fatalf("changes %+v do not carry the update %+v", c, tt.u)
			}
		})
	}
}
