package domain

// The statistics of what happens after release (issue 10): reoffending and recall measured
// per release (a case recalled and released again counts once for each release), re-entry
// and transfers as counts, and beside every outcome figure the follow-up points it rests on,
// so that a figure over the people who were reached is never read as one over everyone.

const (
	// DimOffenceGroup: the ICCS group of a new offence (0905, 01–02, any).
	DimOffenceGroup Dimension = "offence_group"
	// DimRecallReason: a recall of any reason, or of one.
	DimRecallReason Dimension = "recall_reason"
	// DimDirection: a transfer into or out of the facility.
	DimDirection Dimension = "direction"
	// DimLegalBasis: why the participant is in the programme (a breakdown of case flows).
	DimLegalBasis Dimension = "legal_basis"
)

// Offence groups of the reoffending indicators, by the ICCS code a follow-up recorded for a
// new offence (follow_ups.offence_category): acts related to terrorism are ICCS 0905 and
// its subdivisions; violent offences are sections 01 (acts leading to death or intending it)
// and 02 (acts causing or intending harm to the person); any offence is any code.
const (
	OffenceGroupTerrorism = "terrorism"
	OffenceGroupViolent   = "violent"
	OffenceGroupAny       = "any_offence"
)

// InOffenceGroup reports whether an ICCS code falls in an offence group.
func InOffenceGroup(group, iccs string) bool {
	switch group {
	case OffenceGroupTerrorism:
		return len(iccs) >= 4 && iccs[:4] == "0905"
	case OffenceGroupViolent:
		return len(iccs) >= 2 && (iccs[:2] == "01" || iccs[:2] == "02")
	case OffenceGroupAny:
		return iccs != ""
	}
	return false
}

// RecallAny is the recall_reason code of recalls of any reason.
const RecallAny = "any"

// FollowUpBasis says which follow-up points an outcome indicator's coverage counts.
type FollowUpBasis string

const (
	// FollowUpNone: not an outcome indicator.
	FollowUpNone FollowUpBasis = ""
	// FollowUpReleaseWindow: the points of the cohort's releases due within the window
	// (MonthsAfterRelease).
	FollowUpReleaseWindow FollowUpBasis = "release_window"
	// FollowUpCaseRelease: as FollowUpReleaseWindow, for the cohorts of cases by their
	// latest release (the case-level reoffending indicators).
	FollowUpCaseRelease FollowUpBasis = "case_release_window"
	// FollowUpPeriod: the points due within the period.
	FollowUpPeriod FollowUpBasis = "period"
)

// FollowUpStatuses are the columns of follow-up coverage, each a count of follow-up points
// as they stood on the period's last day: due (all the points counted), reached (a
// follow-up recorded against the point), not reached (closed with a reason) and each
// reason, and open (due, neither reached nor closed by that day: the attrition nobody has
// explained).
var FollowUpStatuses = []string{"due", "reached", "not_reached", "lost_contact", "refused", "moved_abroad", "in_custody", "deceased", "open"}

// FollowUpCells are one cell of coverage: a count of points per status, with the people
// behind each.
type FollowUpCells map[string]*Cell

func init() {
	FixedCodes[DimOffenceGroup] = []string{OffenceGroupTerrorism, OffenceGroupViolent, OffenceGroupAny}
	FixedCodes[DimRecallReason] = append([]string{RecallAny}, RecallReasons...)
	FixedCodes[DimDirection] = []string{"in", "out"}
	FixedCodes[DimLegalBasis] = []string{"voluntary", "licence_condition", "court_order", "administrative_decision"}
}

// caseFlowBreakdowns are the breakdowns of the indicators that read cases one by one.
var caseFlowBreakdowns = append(append([]Dimension{}, Breakdowns...), DimLegalBasis)

func releaseReoffending(months int) Indicator {
	n := itoa(months)
	return Indicator{ID: "release_reoffending_" + n + "m", Title: "Reoffending within " + n + " months of each release", Unit: "percent", Measure: MeasureRate,
		Own: DimOffenceGroup, FollowUp: FollowUpReleaseWindow, MonthsAfterRelease: months, PerRelease: true,
		Definition: "Cohort: every release of a custodial case (the releases the case entered reintegration on, recalled or not) dated between " + n +
			" months before the period's first day and " + n + " months before its last day, so each one's " + n + "-month window closed within the period; a case released twice counts twice. " +
			"Reoffended: a follow-up of the case recorded a new offence at the charge or conviction stage (arrests do not count) with an offence date from the release day to " + n +
			" months after it, and not after the release was recalled (an offence after a recall belongs to the next release). By the offence's ICCS code: acts related to terrorism (0905), violent offences (sections 01 and 02), any offence. " +
			"Beside each figure, the follow-up points of the cohort's releases due within the window and what became of them.",
		Numerator: "Releases followed by an offence of the group within " + n + " months.", Denominator: "Releases in the cohort."}
}

func recalls(months int) Indicator {
	n := itoa(months)
	return Indicator{ID: "recalls_" + n + "m", Title: "Recall within " + n + " months of release, by reason", Unit: "percent", Measure: MeasureRate,
		Own: DimRecallReason, FollowUp: FollowUpReleaseWindow, MonthsAfterRelease: months, PerRelease: true,
		Definition: "Cohort as for release_reoffending_" + n + "m: every release whose " + n + "-month window closed within the period. " +
			"Recalled: the release was recalled no later than " + n + " months after it; any reason, or breach of conditions (the breach rate), new offence or other.",
		Numerator: "Releases recalled within " + n + " months (for the reason).", Denominator: "Releases in the cohort."}
}

var afterReleaseIndicators = []Indicator{
	releaseReoffending(12), releaseReoffending(24), releaseReoffending(36), recalls(12), recalls(24),
	{ID: "reentries", Title: "Re-entries", Unit: "cases", Measure: MeasureCount, Breakdowns: caseFlowBreakdowns,
		Definition: "Cases opened (intake date) within the period for a participant who had an earlier case in the programme's records (the case names the case it re-enters after).",
		Numerator:  "Number of cases opened in the period that are a re-entry."},
	{ID: "transfers", Title: "Transfers in and out", Unit: "transfers", Measure: MeasureCount, Own: DimDirection,
		Definition: "Accepted transfers between facilities dated within the period, counted at the receiving facility (in) and at the sending one (out); by facility, each transfer is under the facility it came to or left. A transfer between two facilities of the scope is both in and out, so no total is given across directions.",
		Numerator:  "Number of accepted transfers dated in the period."},
}

func init() {
	for i := range Indicators {
		switch Indicators[i].ID {
		case "intakes", "exits":
			Indicators[i].Breakdowns = caseFlowBreakdowns
		case "outcome_housing", "outcome_work_education", "outcome_family_contact":
			Indicators[i].FollowUp = FollowUpPeriod
		case "reoffending_12m", "reoffending_24m":
			Indicators[i].FollowUp = FollowUpCaseRelease
		}
	}
	for _, ind := range afterReleaseIndicators {
		if ind.Breakdowns == nil {
			ind.Breakdowns = Breakdowns
		}
		Indicators = append(Indicators, ind)
	}
}

// releaseFollowUp publishes a row's follow-up coverage: every status a count of points,
// perturbed with the points' record keys, 0 where the people behind it would be published
// as 0. The same points give the same figures in every row, answer and format.
func releaseFollowUp(cells FollowUpCells, rules DisclosureRules) []Released {
	out := make([]Released, len(FollowUpStatuses))
	for i, s := range FollowUpStatuses {
		c := cells[s]
		if c == nil {
			c = &Cell{HasPeople: true}
		}
		out[i] = ReleaseCount(c, rules)
	}
	return out
}

// withheldFollowUp is the coverage beside a suppressed figure: every count suppressed too.
func withheldFollowUp() []Released {
	out := make([]Released, len(FollowUpStatuses))
	for i := range out {
		out[i] = Released{0, StatusSuppressed}
	}
	return out
}

// followUpNote is the note of an answer that carries follow-up coverage.
func followUpNote(ind *Indicator) string {
	what := "the follow-up points due within the period"
	if ind.FollowUp != FollowUpPeriod {
		what = "the follow-up points of the cohort's releases due within the " + itoa(ind.MonthsAfterRelease) + "-month window"
	}
	return "Follow-up coverage: beside each figure, " + what + " (due), and how they stood on the period's last day: reached, not reached (and why), or open. " +
		"The figure rests on the people reached; where many points are open or not reached, it says nothing of those not followed up. Each is a perturbed count."
}
