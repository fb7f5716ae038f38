package domain

import "time"

// CaseSort is an order of the caseload. The default, newest first, is CaseSortCreated.
type CaseSort string

const (
	CaseSortCreated     CaseSort = ""             // newest first
	CaseSortPseudonym   CaseSort = "pseudonym"    // alphabetical
	CaseSortPhase       CaseSort = "phase"        // in lifecycle order, intake first
	CaseSortCaseManager CaseSort = "case_manager" // by the case manager's username; cases without one last
	CaseSortNextDue     CaseSort = "next_due"     // soonest due first; cases with nothing due last
)

// CaseSorts lists the orders a caller may ask for by name.
var CaseSorts = []CaseSort{CaseSortPseudonym, CaseSortPhase, CaseSortCaseManager, CaseSortNextDue}

// Kinds of date a case is next due for.
const (
	DueReview   = "review"    // the next review of the assessment
	DueFollowUp = "follow_up" // a follow-up point not yet held
)

// CaseListEntry is a case as the caseload shows it: the case, its case manager's username
// ("" when none) and the next date something is due on it (nil when nothing is): the
// earlier of its next review (while open) and its earliest follow-up point not yet held.
type CaseListEntry struct {
	Case
	CaseManager string
	// CaseManagerName is the case manager's display name ("" when none is set).
	CaseManagerName string
	NextDueOn       *time.Time
	NextDueKind     string // DueReview or DueFollowUp; "" when NextDueOn is nil
}
