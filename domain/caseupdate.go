package domain

import (
	"slices"
	"strings"
	"time"
)

// CaseUpdateFacts is what the rules of a case update (PlanCaseUpdate) look at: the case as it
// stands under the update's row lock, and whether the offence category the update names is
// in the catalogue. The store reads the case with its lock and the catalogue in one query.
type CaseUpdateFacts struct {
	Phase    Phase
	Track    Track
	OpenedOn time.Time // the intake: no date the update gives lies before it
	// OffenceCategoryKnown: the offence category the update names is a current code of the
	// catalogue. Looked at only when the update names one.
	OffenceCategoryKnown bool
}

// CaseChanges is what an accepted case update writes (PlanCaseUpdate).
type CaseChanges struct {
	// ExpectedReleaseDate and OffenceCategory are the case's own fields: when Set, the store
	// writes Value (nil clears the field).
	ExpectedReleaseDate Opt[time.Time]
	OffenceCategory     Opt[string]
	// Release holds the update's actual release date and release type. They are not the
	// case's own fields but its release record's, which the release rules apply (in
	// pre-release a date records the release, in reintegration it corrects it).
	Release CaseUpdate
}

// CaseFields names the case's own fields the changes write, in the order the timeline
// lists them.
func (c CaseChanges) CaseFields() []string {
	var out []string
	if c.ExpectedReleaseDate.Set {
		out = append(out, "expected_release_date")
	}
	if c.OffenceCategory.Set {
		out = append(out, "offence_category")
	}
	return out
}

// TouchesRelease reports whether the changes reach the case's release record.
func (c CaseChanges) TouchesRelease() bool {
	return c.Release.ActualReleaseDate.Set || c.Release.ReleaseType.Set
}

// Fields names every field the changes write, the case's own first, for the audit trail.
func (c CaseChanges) Fields() []string {
	out := c.CaseFields()
	if c.Release.ActualReleaseDate.Set {
		out = append(out, "actual_release_date")
	}
	if c.Release.ReleaseType.Set {
		out = append(out, "release_type")
	}
	return out
}

// PlanCaseUpdate applies the rules of a case PATCH to the facts and says what to write. A
// closed case is a Conflict. Otherwise it refuses, as Invalid: dates before the intake or
// the floor (CheckRecordDates); a release date on a non-custodial case; a release type not
// in ReleaseTypes; an offence category not in the catalogue (reported alone); any facility
// change, since a case moves through a transfer the receiving facility accepts; and a
// patch that names no field.
func PlanCaseUpdate(f CaseUpdateFacts, u CaseUpdate) (CaseChanges, error) {
	if f.Phase == PhaseClosed {
		return CaseChanges{}, Errorf(CodeConflict, "a closed case cannot be changed")
	}
	if err := CheckRecordDates(f.OpenedOn, u.Dates()...); err != nil {
		return CaseChanges{}, err
	}
	var p Problems
	if u.ExpectedReleaseDate.Set && u.ExpectedReleaseDate.Value != nil && f.Track != TrackCustodial {
		p.Add("expected_release_date", "not_for_track", "a non-custodial case has no release date")
	}
	if u.ReleaseType.Set && u.ReleaseType.Value != nil && !slices.Contains(ReleaseTypes, *u.ReleaseType.Value) {
		p.Add("release_type", "oneof", "must be one of "+strings.Join(ReleaseTypes, ", "))
	}
	if u.ActualReleaseDate.Set && u.ActualReleaseDate.Value != nil && f.Track != TrackCustodial {
		p.Add("actual_release_date", "not_for_track", "a non-custodial case has no release date")
	}
	// An unknown offence category is answered on its own, without the problems found so far:
	// the case PATCH has always answered it that way.
	if u.OffenceCategory.Set && u.OffenceCategory.Value != nil && !f.OffenceCategoryKnown {
		return CaseChanges{}, Invalid(FieldProblem{Field: "offence_category", Reason: "unknown", Detail: "not an ICCS code in the catalogue"})
	}
	if u.FacilityID.Set {
		p.Add("facility_id", "use_transfer", "a case moves to another facility through a transfer, which the receiving facility accepts")
	}
	if err := p.Err(); err != nil {
		return CaseChanges{}, err
	}
	c := CaseChanges{
		ExpectedReleaseDate: u.ExpectedReleaseDate,
		OffenceCategory:     u.OffenceCategory,
		Release:             CaseUpdate{ActualReleaseDate: u.ActualReleaseDate, ReleaseType: u.ReleaseType},
	}
	if len(c.CaseFields()) == 0 && !c.TouchesRelease() {
		return CaseChanges{}, Invalid(FieldProblem{Field: "body", Reason: "empty", Detail: "send at least one field to change"})
	}
	return c, nil
}
