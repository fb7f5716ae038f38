package domain

import "errors"

// Changes to facilities and programmes. Both are placed in a country, and the country is
// what an administrator's scope is judged against, so it never changes: a facility or
// programme moved to another country would carry its cases (and their staff's access) out
// of the scope they were recorded under. Cases change place by transfer, never by editing
// the place.

// FacilityPatch changes a facility; nil fields stay as they are. Country may be given only
// with the facility's own country (a client sending the record back whole).
type FacilityPatch struct {
	Name    *string
	Kind    *FacilityKind
	Retired *bool
	Country *string
}

// ProgrammePatch changes a programme; nil fields stay as they are. New follow-up months
// apply to releases entered from now on: points already laid out keep their months.
type ProgrammePatch struct {
	Name            *string
	Description     *string
	AftercareMonths *int
	FollowUpMonths  []int
	Retired         *bool
	Country         *string
}

// OrganisationFacts is what the rules know of the facility or programme being changed,
// loaded by the store in one statement.
type OrganisationFacts struct {
	Country    string
	FacilityID string // a facility's id; "" for a programme
	Retired    bool
	// OpenCases counts the cases held there (facility) or run in it (programme) that are
	// not closed; for a facility, with the cases a pending transfer is bringing to it.
	OpenCases int
}

// scope places the record for the administrator rules: a facility in itself (a facility
// administrator sees it), a programme in its country.
func (f OrganisationFacts) scope() Scope {
	if f.FacilityID != "" {
		return Scope{Kind: ScopeFacility, Country: f.Country, FacilityID: f.FacilityID}
	}
	return Scope{Kind: ScopeCountry, Country: f.Country}
}

// judgeOrganisationReach: a record the actor's admin scopes do not reach is NotFound (the
// API does not confirm it exists); one they see but whose country they do not administer
// (a facility administrator and their own facility) is Forbidden: facilities and
// programmes are created, renamed and retired by an administrator of their country, as
// they are created.
func judgeOrganisationReach(actor AdminActor, what string, f OrganisationFacts) error {
	if !actor.CoversScope(f.scope()) {
		return NotFound(what)
	}
	if !actor.CoversScope(Scope{Kind: ScopeCountry, Country: f.Country}) {
		return Errorf(CodeForbidden, "only an administrator of country %s changes its %ss", f.Country, what)
	}
	return nil
}

func countryStays(p *Problems, country *string, f OrganisationFacts, what string) {
	if country != nil && *country != f.Country {
		p.Add("country", "immutable", "a "+what+" stays in its country: move cases by transfer instead")
	}
}

// JudgeFacilityPatch decides whether the actor may apply the patch. NotFound out of reach,
// Forbidden for a facility administrator, Invalid for an empty patch or a new country,
// Conflict for retiring a facility that still holds open cases (they must be transferred or
// closed first: no new case, transfer or membership could reach them there).
func JudgeFacilityPatch(actor AdminActor, f OrganisationFacts, patch FacilityPatch) error {
	if err := judgeOrganisationReach(actor, "facility", f); err != nil {
		return err
	}
	var probs Problems
	if patch.Name == nil && patch.Kind == nil && patch.Retired == nil && patch.Country == nil {
		probs.Add("name", "required", "say what to change: name, kind or retired")
	}
	if patch.Kind != nil && !patch.Kind.Valid() {
		probs.Add("kind", "oneof", "prison, probation or community")
	}
	countryStays(&probs, patch.Country, f, "facility")
	if patch.Name != nil {
		probs = append(probs, organisationTextProblems(TextField{Path: "name", Text: *patch.Name})...)
	}
	if err := probs.Err(); err != nil {
		return err
	}
	if patch.Retired != nil && *patch.Retired && !f.Retired && f.OpenCases > 0 {
		return Errorf(CodeConflict, "the facility still holds or is about to receive %d open case(s): transfer or close them, or decline the transfers to it, before retiring it", f.OpenCases)
	}
	return nil
}

// JudgeProgrammePatch decides whether the actor may apply the patch. NotFound out of reach,
// Forbidden for a facility administrator, Invalid for an empty patch, a new country or
// follow-up months that break their rule. A programme with open cases may be retired: it
// then takes no new intake, and its cases go on.
func JudgeProgrammePatch(actor AdminActor, f OrganisationFacts, patch ProgrammePatch) error {
	if err := judgeOrganisationReach(actor, "programme", f); err != nil {
		return err
	}
	var probs Problems
	if patch.Name == nil && patch.Description == nil && patch.AftercareMonths == nil && patch.FollowUpMonths == nil &&
		patch.Retired == nil && patch.Country == nil {
		probs.Add("name", "required", "say what to change: name, description, aftercare_months, follow_up_months or retired")
	}
	if patch.AftercareMonths != nil && (*patch.AftercareMonths < 0 || *patch.AftercareMonths > 120) {
		probs.Add("aftercare_months", "out_of_range", "from 0 to 120 months")
	}
	countryStays(&probs, patch.Country, f, "programme")
	if patch.Name != nil {
		probs = append(probs, organisationTextProblems(TextField{Path: "name", Text: *patch.Name})...)
	}
	if patch.Description != nil {
		probs = append(probs, organisationTextProblems(TextField{Path: "description", Text: *patch.Description})...)
	}
	if patch.FollowUpMonths != nil {
		var de *Error
		if err := ValidateFollowUpMonths(patch.FollowUpMonths); errors.As(err, &de) {
			probs = append(probs, de.Fields...)
		}
	}
	return probs.Err()
}

// CheckOrganisationText refuses the names and descriptions of facilities and programmes that
// look as if they identify someone: every member of staff in every country reads them, and
// nothing about a programme needs a person's name, number or date of birth (attack round 6
// put a pseudonym, a name, a birth date and a phone number in a programme's description).
// Unlike notes on a case, no acknowledgement lets them through. Invalid per field.
func CheckOrganisationText(fields ...TextField) error {
	return organisationTextProblems(fields...).Err()
}

func organisationTextProblems(fields ...TextField) Problems {
	var probs Problems
	for _, f := range fields {
		if found := Screen(f.Text); len(found) > 0 {
			probs = append(probs, FieldProblem{Field: f.Path, Reason: "identifier_suspected",
				Detail: "looks as if it identifies someone; the names and descriptions of facilities and programmes never may", Findings: found})
		}
	}
	return probs
}
