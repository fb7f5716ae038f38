package domain

// CaseActor is how a caller stands towards one case: who they are, and whether one of their
// supervisor memberships covers the case's facility. The rules below decide from it alone.
// Being able to see a case (on its team as a practitioner) never makes its supervisor:
// supervisor powers need a supervisor membership whose scope covers the case.
type CaseActor struct {
	UserID     string
	Supervises bool
}

// OnCase is the principal's standing towards a case at the facility.
func (p *Principal) OnCase(country, facilityID string) CaseActor {
	return CaseActor{UserID: p.UserID, Supervises: p.Supervises(country, facilityID)}
}

// CheckTeamChange: a case's team and case manager are named by a supervisor whose scope
// covers the case, nobody else (a team member cannot make themselves case manager or take
// others off the case).
func CheckTeamChange(by CaseActor) error {
	if !by.Supervises {
		return Errorf(CodeForbidden, "only a supervisor whose scope covers this case may set its team")
	}
	return nil
}

// CheckAssessmentWork: a draft assessment is revised or finalised by its assessor, or by a
// supervisor whose scope covers the case; never by another member of the team.
func CheckAssessmentWork(a Assessment, by CaseActor) error {
	if a.AssessorID == by.UserID || by.Supervises {
		return nil
	}
	return Errorf(CodeForbidden, "only the assessor or a supervisor of this case may change or finalise this assessment")
}
