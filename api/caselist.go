package api

import "pathways/domain"

// caseListItem is a case in the caseload: the case as read, with its case manager's
// username and the next date something is due on it (the store computes both in the list's
// own query).
type caseListItem struct {
	caseResponse
	CaseManager *string `json:"case_manager"`
	// CaseManagerName: the case manager's display name (null when none is set).
	CaseManagerName *string `json:"case_manager_name"`
	NextDueOn       *string `json:"next_due_on"`
	NextDueKind     *string `json:"next_due_kind"`
}

func caseListItemOut(k domain.CaseListEntry) caseListItem {
	return caseListItem{caseResponse: caseOut(k.Case), CaseManager: stringOrNil(k.CaseManager), CaseManagerName: stringOrNil(k.CaseManagerName), NextDueOn: dateOrNil(k.NextDueOn),
		NextDueKind: stringOrNil(k.NextDueKind)}
}
