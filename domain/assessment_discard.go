package domain

// Assessment statuses. A draft becomes final (never edited again) or discarded (set aside for
// good, kept on the record, shown only on request).
const (
	AssessmentDraft     = "draft"
	AssessmentFinal     = "final"
	AssessmentDiscarded = "discarded"
)

// CheckAssessmentDiscard is the rule for discarding an assessment: only a draft can be
// discarded (a final assessment is corrected by a new one, never withdrawn: Conflict), and
// only by whoever may revise or finalise it (CheckAssessmentWork: its assessor, or a
// supervisor whose scope covers the case: Forbidden for anyone else).
//
// Other members of the case team may not: a draft holds its assessor's clinical judgement in
// progress, and a colleague who could discard it could erase that work unseen. A supervisor
// may, so that a draft left behind by an assessor who moved on does not stay open forever.
func CheckAssessmentDiscard(a Assessment, by CaseActor) error {
	if a.Status != AssessmentDraft {
		return Errorf(CodeConflict, "only a draft assessment can be discarded (this one is %s)", a.Status)
	}
	return CheckAssessmentWork(a, by)
}
