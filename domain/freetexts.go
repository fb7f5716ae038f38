package domain

import "strconv"

// Every free text a case record takes is listed here, once, by the input that carries it:
// its Validate (or check) screens exactly these for identifiers (CheckIdentifiers). A text
// left out of its input's list would be stored unscreened, so TestEveryFreeTextIsScreened
// walks every string field of every case-record input and fails on one that is neither
// listed here nor a code checked against a closed vocabulary or a catalogue.

// FreeTexts lists the rationale and each rating's evidence.
func (a AssessmentInput) FreeTexts() []TextField {
	texts := []TextField{{Path: "rationale", Text: a.Rationale}}
	for i, r := range a.Ratings {
		texts = append(texts, TextField{Path: "ratings[" + strconv.Itoa(i) + "].evidence", Text: r.Evidence})
	}
	return texts
}

// FreeTexts lists the summary and each goal's need and description.
func (in PlanInput) FreeTexts() []TextField {
	texts := []TextField{{Path: "summary", Text: in.Summary}}
	for i, g := range in.Goals {
		at := "goals[" + strconv.Itoa(i) + "]"
		texts = append(texts, TextField{Path: at + ".need", Text: g.Need}, TextField{Path: at + ".description", Text: g.Description})
	}
	return texts
}

// FreeTexts lists the supervising agency and each item's description.
func (in ReintegrationInput) FreeTexts() []TextField {
	texts := []TextField{{Path: "supervising_agency", Text: in.SupervisingAgency}}
	for i, it := range in.Items {
		texts = append(texts, TextField{Path: "items[" + strconv.Itoa(i) + "].description", Text: it.Description})
	}
	return texts
}

// FreeTexts lists the session's notes.
func (in SessionInput) FreeTexts() []TextField { return []TextField{{Path: "notes", Text: in.Notes}} }

// FreeTexts lists the follow-up's notes.
func (in FollowUpInput) FreeTexts() []TextField { return []TextField{{Path: "notes", Text: in.Notes}} }

// FreeTexts lists the claim's evidence.
func (in MilestoneInput) FreeTexts() []TextField {
	return []TextField{{Path: "evidence", Text: in.Evidence}}
}

// FreeTexts lists the reason for the lapse or reversal.
func (in MilestoneLapse) FreeTexts() []TextField {
	return []TextField{{Path: "reason", Text: in.Reason}}
}

// FreeTexts lists the reason for the phase change (a recall's reason and outcome are codes).
func (r TransitionRequest) FreeTexts() []TextField {
	return []TextField{{Path: "reason", Text: r.Reason}}
}

// FreeTexts lists the decision's comment.
func (d Decision) FreeTexts() []TextField { return []TextField{{Path: "comment", Text: d.Comment}} }

// FreeTexts lists what the participant said or did.
func (w ConsentWithdrawal) FreeTexts() []TextField {
	return []TextField{{Path: "reason", Text: w.Reason}}
}

// FreeTexts lists the release's supervising agency and conditions.
func (in ReleaseInput) FreeTexts() []TextField {
	return []TextField{{Path: "supervising_agency", Text: in.SupervisingAgency}, {Path: "conditions", Text: in.Conditions}}
}

// FreeTexts lists the corrected supervising agency and conditions, when they change.
func (u ReleaseUpdate) FreeTexts() []TextField {
	var texts []TextField
	if u.SupervisingAgency.Set && u.SupervisingAgency.Value != nil {
		texts = append(texts, TextField{Path: "supervising_agency", Text: *u.SupervisingAgency.Value})
	}
	if u.Conditions.Set && u.Conditions.Value != nil {
		texts = append(texts, TextField{Path: "conditions", Text: *u.Conditions.Value})
	}
	return texts
}

// FreeTexts lists why the case moves.
func (r TransferRequest) FreeTexts() []TextField {
	return []TextField{{Path: "reason", Text: r.Reason}}
}

// FreeTexts lists the receiving side's comment.
func (d TransferDecision) FreeTexts() []TextField {
	return []TextField{{Path: "comment", Text: d.Comment}}
}
