package domain

import (
	"slices"
	"strconv"
)

// TeamFacts is what the team rules (CheckTeam, PlanTeamChange) look at: the case's phase and
// which of the users a new team names may lawfully be on it. The store loads them in one
// query for all the named users.
type TeamFacts struct {
	Phase Phase
	// Eligible lists the named users (as the request spells their ids) who are active and
	// hold a practitioner or supervisor membership whose scope covers the case's facility:
	// nobody is put on a case they could not see.
	Eligible []string
}

// TeamNotSupervisor is PlanTeamChange's refusal reason for a caller who does not supervise
// the case, for the audit trail.
const TeamNotSupervisor = "not_supervisor_of_case"

// PlanTeamChange applies the rules of setting a case's team: the caller supervises the case
// (CheckTeamChange; refused as Forbidden with the reason TeamNotSupervisor), the case is open
// (else Conflict), and the team passes CheckTeam. It returns the members' ids.
func PlanTeamChange(by CaseActor, f TeamFacts, managerID string, members []TeamMember) (ids []string, refusal string, err error) {
	if err := CheckTeamChange(by); err != nil {
		return nil, TeamNotSupervisor, err
	}
	if f.Phase == PhaseClosed {
		return nil, "", Errorf(CodeConflict, "a closed case cannot be changed")
	}
	ids, err = CheckTeam(f, managerID, members)
	return ids, "", err
}

// CheckTeam checks a case's new team and case manager: every member has a known discipline,
// is listed once and is eligible (TeamFacts.Eligible), and the case manager is one of them.
// It returns the members' ids in the order given, or Invalid naming members[i].
func CheckTeam(f TeamFacts, managerID string, members []TeamMember) ([]string, error) {
	var p Problems
	seen := map[string]bool{}
	ids := make([]string, 0, len(members))
	for i, m := range members {
		at := "members[" + strconv.Itoa(i) + "]."
		if !slices.Contains(Disciplines, m.Discipline) {
			p.Add(at+"discipline", "oneof", "unknown discipline")
		}
		if seen[m.UserID] {
			p.Add(at+"user_id", "duplicate", "listed twice")
			continue
		}
		seen[m.UserID] = true
		if !slices.Contains(f.Eligible, m.UserID) {
			p.Add(at+"user_id", "not_eligible", "not an active practitioner or supervisor covering this case's facility")
		}
		ids = append(ids, m.UserID)
	}
	if !seen[managerID] {
		p.Add("case_manager_id", "not_a_member", "the case manager must be a member of the team")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return ids, nil
}
