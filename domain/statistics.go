package domain

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// Dimension is a way to break a statistic down.
type Dimension string

const (
	DimFacility         Dimension = "facility"
	DimProgramme        Dimension = "programme"
	DimGender           Dimension = "gender"
	DimAgeBand          Dimension = "age_band"
	DimCategory         Dimension = "category"
	DimPhase            Dimension = "phase"
	DimClosureReason    Dimension = "closure_reason"
	DimInterventionType Dimension = "intervention_type"
	DimPractice         Dimension = "practice"
	DimEngagement       Dimension = "engagement"
	DimMilestone        Dimension = "milestone"
	DimRiskChange       Dimension = "risk_change"
	DimHousing          Dimension = "housing"
	DimWorkEducation    Dimension = "work_education"
	DimFamilyContact    Dimension = "family_contact"
)

// MultiValued reports whether one participant can fall into several codes of the dimension
// at once (a participant has several categories; a session type evidences several
// practices). Its cells do not add up to a total, so none is published across it.
// A release counts under every offence group and recall reason (each code is a rate over
// the whole cohort), and a transfer within the scope is both in and out.
func (d Dimension) MultiValued() bool {
	return d == DimCategory || d == DimPractice || d == DimOffenceGroup || d == DimRecallReason || d == DimDirection
}

// Breakdowns are the person-level dimensions a caller may ask for with by=.
var Breakdowns = []Dimension{DimFacility, DimProgramme, DimGender, DimAgeBand, DimCategory}

// Fixed code lists; catalogue dimensions (facility, programme, closure reason, intervention
// type, practice, milestone) take theirs from the catalogues of the caller's scope. Every
// code is listed in every answer, whether any unit falls in it or not: a list made of the
// codes found would tell which categories ever occurred in the scope.
var FixedCodes = map[Dimension][]string{
	DimGender:        {"female", "male", "other", "not_recorded"},
	DimAgeBand:       AgeBandCodes(),
	DimCategory:      append(slices.Clone(ParticipantCategories), "none"),
	DimPhase:         {"intake", "assessment", "intervention", "pre_release", "reintegration"},
	DimEngagement:    {"1", "2", "3", "4", "5"},
	DimRiskChange:    {"improved", "unchanged", "worsened"},
	DimHousing:       {"stable", "temporary", "homeless", "unknown"},
	DimWorkEducation: {"employed", "in_education", "unemployed", "unable", "unknown"},
	DimFamilyContact: {"regular", "occasional", "none", "unknown"},
}

// AgeBand is the band of the age a participant reached in the year their case was opened
// (intakeYear), from the birth year alone. It is a property of the case, fixed for its
// life: no choice of period moves a case from one band to the next, so two answers for
// periods ending in different years cannot be set against each other to single out the
// people born in one year (as bands of the age reached in the period's last year could).
func AgeBand(birthYear, intakeYear int) string {
	age := intakeYear - birthYear
	for _, b := range AgeBands {
		if b.Below == 0 || age < b.Below {
			return b.Code
		}
	}
	return AgeBands[len(AgeBands)-1].Code
}

// AgeBands is the one definition of the age bands, youngest first: a band holds the ages
// from the previous band's Below up to (not including) its own; the last band (Below 0) is
// open-ended. AgeBand, the breakdown's code list (FixedCodes) and the SQL function
// stat_age_band (migration 00230, which the statistics summaries call) follow it; a test
// holds the SQL function to this table.
var AgeBands = []struct {
	Code  string
	Below int
}{
	{"under_18", 18}, {"18_24", 25}, {"25_34", 35}, {"35_44", 45}, {"45_plus", 0},
}

// AgeBandCodes lists the age bands' codes, youngest first.
func AgeBandCodes() []string {
	out := make([]string, len(AgeBands))
	for i, b := range AgeBands {
		out[i] = b.Code
	}
	return out
}

// Measure is how an indicator's cells are computed, which decides what disclosure control
// may rely on: counts and sums add up to their totals, rates and medians do not.
type Measure string

const (
	MeasureCount  Measure = "count"
	MeasureSum    Measure = "sum"
	MeasureRate   Measure = "rate"   // a percentage of the denominator
	MeasureMedian Measure = "median" // the median of per-participant values
)

// Additive reports whether cells of the measure sum to the total across them.
func (m Measure) Additive() bool { return m == MeasureCount || m == MeasureSum }

// Indicator is a statistic, defined once here; the store computes it and Protect releases it.
type Indicator struct {
	ID          string
	Title       string
	Definition  string
	Numerator   string
	Denominator string // "" when the indicator is a count
	Unit        string
	Measure     Measure
	Own         Dimension   // the dimension the indicator is always broken down by; "" for none
	Breakdowns  []Dimension // what by= may add
	// MonthsAfterRelease is the follow-up window of a reoffending indicator.
	MonthsAfterRelease int
	// FollowUp says which follow-up points the coverage beside each figure counts;
	// FollowUpNone for an indicator that is not an outcome.
	FollowUp FollowUpBasis
	// PerRelease: the cohort is releases; its rates are judged on the distinct people
	// behind them (a person released twice is one person).
	PerRelease bool
	// Filing says where its figures are filed (statistics_published.go).
	Filing IndicatorFiling
}

// IndicatorFiling is what the register of published figures must know of an indicator that
// counts the same records as another.
type IndicatorFiling struct {
	Family      string // shared with the indicators counting the same records; "" for its own ID
	TotalFamily string // where the total over its own codes is filed, when shared; "" for Family
	OnLastDay   bool   // counted on the period's last day alone, whatever its first
}

// Indicators is the catalogue, in the order it is listed.
var Indicators = []Indicator{
	{ID: "active_cases", Filing: IndicatorFiling{OnLastDay: true}, Title: "Active cases by phase", Unit: "cases", Measure: MeasureCount, Own: DimPhase,
		Definition: "Cases open on the last day of the period (opened on or before it, not closed on or before it), by the phase each case was in on that day.",
		Numerator:  "Number of cases open on the period's last day."},
	{ID: "intakes", Title: "Intakes", Unit: "cases", Measure: MeasureCount,
		Definition: "Cases opened (intake date) within the period.",
		Numerator:  "Number of cases whose intake date falls in the period."},
	{ID: "exits", Title: "Exits by closure reason", Unit: "cases", Measure: MeasureCount, Own: DimClosureReason,
		Definition: "Cases closed within the period, by the recorded closure reason.",
		Numerator:  "Number of cases whose closure date falls in the period."},
	{ID: "sessions_by_type", Filing: IndicatorFiling{Family: "sessions"}, Title: "Sessions attended by intervention type", Unit: "participant-sessions", Measure: MeasureCount, Own: DimInterventionType,
		Definition: "Intervention sessions held within the period, counted once per participant present (attendance attended or late); a group session with six participants counts six.",
		Numerator:  "Number of attendance records marked attended or late for sessions held in the period."},
	{ID: "hours_by_type", Filing: IndicatorFiling{Family: "hours"}, Title: "Hours of intervention by type", Unit: "participant-hours", Measure: MeasureSum, Own: DimInterventionType,
		Definition: "Duration of the sessions held within the period, summed once per participant present (attended or late), in hours.",
		Numerator:  "Sum of session minutes ÷ 60 over attendance records marked attended or late."},
	{ID: "sessions_by_practice", Filing: IndicatorFiling{Family: "sessions"}, Title: "Sessions attended by memorandum practice", Unit: "participant-sessions", Measure: MeasureCount, Own: DimPractice,
		Definition: "As sessions_by_type, attributed to every Rome Memorandum good practice the session's intervention type evidences. A session evidencing two practices counts under both, so the practices have no total.",
		Numerator:  "Number of attendance records (attended or late) whose intervention type maps to the practice."},
	{ID: "hours_by_practice", Filing: IndicatorFiling{Family: "hours"}, Title: "Hours of intervention by memorandum practice", Unit: "participant-hours", Measure: MeasureSum, Own: DimPractice,
		Definition: "As hours_by_type, attributed to every good practice the session's intervention type evidences; no total across practices.",
		Numerator:  "Sum of session minutes ÷ 60 over attendance records (attended or late) whose intervention type maps to the practice."},
	{ID: "attendance_rate", Title: "Attendance rate", Unit: "percent", Measure: MeasureRate,
		Definition: "Share of the attendance records of sessions held within the period that are marked attended or late (rather than excused absence, unexcused absence or refused).",
		Numerator:  "Attendance records marked attended or late.", Denominator: "All attendance records of sessions held in the period."},
	{ID: "engagement_distribution", Title: "Engagement in sessions", Unit: "participant-sessions", Measure: MeasureCount, Own: DimEngagement,
		Definition: "Attendance records of sessions held within the period that carry an engagement rating (1–5), by rating.",
		Numerator:  "Number of rated attendance records."},
	{ID: "milestone_attainment", Title: "Milestone attainment", Unit: "percent", Measure: MeasureRate, Own: DimMilestone,
		Definition: "For each milestone in the catalogue, the share of the cases open at any time in the period that had reached it by the period's last day: a milestone verified by a supervisor, or claimed where the milestone needs no verification, with an achieved date on or before the last day. Lapsed, reversed and rejected claims do not count.",
		Numerator:  "Cases that reached the milestone.", Denominator: "Cases open at any time in the period."},
	{ID: "milestone_days", Title: "Median days to reach a milestone", Unit: "days", Measure: MeasureMedian, Own: DimMilestone,
		Definition: "For milestones reached within the period (achieved date in the period, verified or needing no verification), the median number of days from the case's intake date to the achieved date.",
		Numerator:  "Days from intake to the milestone's achieved date.", Denominator: "Milestones reached in the period."},
	{ID: "risk_change", Title: "Change in assessed risk", Unit: "cases", Measure: MeasureCount, Own: DimRiskChange,
		Definition: "Cases whose latest final assessment up to the period's last day was made within the period and after their earliest final baseline assessment, by how the assessor's overall judgement (low < moderate < high) moved from the baseline to that latest assessment: lower is improved, equal unchanged, higher worsened.",
		Numerator:  "Number of cases with a baseline and a later assessment in the period."},
	{ID: "time_in_phase", Title: "Median time in phase", Unit: "days", Measure: MeasureMedian, Own: DimPhase,
		Definition: "For every stay in a phase that ended within the period (the case moved to another phase by an applied or approved change), the median number of days from entering the phase (the intake date for the intake phase) to leaving it.",
		Numerator:  "Days spent in the phase.", Denominator: "Stays in the phase that ended in the period."},
	{ID: "outcome_housing", Filing: IndicatorFiling{TotalFamily: "outcomes_followed_up"}, Title: "Housing at follow-up", Unit: "cases", Measure: MeasureCount, Own: DimHousing,
		Definition: "Cases with a post-release follow-up within the period, by the housing recorded at the latest such follow-up.",
		Numerator:  "Number of cases followed up in the period."},
	{ID: "outcome_work_education", Filing: IndicatorFiling{TotalFamily: "outcomes_followed_up"}, Title: "Work or education at follow-up", Unit: "cases", Measure: MeasureCount, Own: DimWorkEducation,
		Definition: "Cases with a post-release follow-up within the period, by the work or education status recorded at the latest such follow-up.",
		Numerator:  "Number of cases followed up in the period."},
	{ID: "outcome_family_contact", Filing: IndicatorFiling{TotalFamily: "outcomes_followed_up"}, Title: "Family contact at follow-up", Unit: "cases", Measure: MeasureCount, Own: DimFamilyContact,
		Definition: "Cases with a post-release follow-up within the period, by the family contact recorded at the latest such follow-up.",
		Numerator:  "Number of cases followed up in the period."},
	reoffending(12), reoffending(24),
}

func reoffending(months int) Indicator {
	n := itoa(months)
	return Indicator{ID: "reoffending_" + n + "m", Title: "Reoffending within " + n + " months of release", Unit: "percent", Measure: MeasureRate,
		Definition: "Cohort: cases whose actual release date lies between " + n + " months before the period's first day and " + n + " months before its last day, so each one's " + n +
			"-month window closed within the period. Reoffended: a follow-up recorded a new offence at the charge or conviction stage (arrests do not count) with an offence date on or after the release date and no more than " + n + " months after it.",
		Numerator: "Cohort cases that reoffended within " + n + " months.", Denominator: "Cases in the release cohort.", MonthsAfterRelease: months}
}

func itoa(n int) string { return strconv.Itoa(n) }

func init() {
	for i := range Indicators {
		if Indicators[i].Breakdowns == nil {
			Indicators[i].Breakdowns = Breakdowns
		}
	}
}

// IndicatorByID finds an indicator of the catalogue.
func IndicatorByID(id string) (*Indicator, bool) {
	for i := range Indicators {
		if Indicators[i].ID == id {
			return &Indicators[i], true
		}
	}
	return nil, false
}

// Dimensions lists the answer's dimensions: the indicator's own, then the breakdown.
func (ind *Indicator) Dimensions(by Dimension) []Dimension {
	var out []Dimension
	if ind.Own != "" {
		out = append(out, ind.Own)
	}
	if by != "" {
		out = append(out, by)
	}
	return out
}

// StatQuery asks for one indicator over a period, for the caller's scope.
type StatQuery struct {
	Indicator *Indicator
	From, To  time.Time // dates, both inclusive: whole calendar months (see CheckPeriod)
	By        Dimension // "" for none
	Country   string    // narrows a wider scope to one country; "" for all the caller may see
	// PeopleCap is how far the store counts the distinct participants behind a cell where
	// the rules need them (DisclosureRules.PeopleCapFor): exactly below it, "at least" at
	// it. 0 means the default rules' cap for the indicator.
	PeopleCap int
}

// Cap is the query's people cap, the default rules' when unset.
func (q StatQuery) Cap() int {
	if q.PeopleCap > 0 {
		return q.PeopleCap
	}
	return DisclosureRules{}.PeopleCapFor(q.Indicator.Measure)
}

// Check applies the rules a query must meet; latest is the last day of the latest month
// that may be served (LatestServedMonth).
func (q StatQuery) Check(latest time.Time) error {
	var probs Problems
	checkPeriod(&probs, q.From, q.To, latest)
	if q.By != "" && !slices.Contains(q.Indicator.Breakdowns, q.By) {
		probs.Add("by", "not_allowed", "this indicator can be broken down by: "+joinDims(q.Indicator.Breakdowns))
	}
	return probs.Err()
}

// CheckPeriod applies the rules a statistics period must meet: it is one of the standard
// reporting periods (StandardPeriod: a month, a calendar quarter, half-year or year, or the
// 12 months up to a month), and it ends no later than latest, the last day of the latest
// month that has closed (LatestServedMonth).
//
// Why standard periods: national figures are reported by month, quarter and year; periods
// to the day would let anyone difference two answers one day apart (1–31 January against
// 1–30 January) to isolate the one person whose record falls on the 31st; and any run of
// months would give every month hundreds of overlapping windows, each perturbed afresh, whose
// differences average the noise away. With the standard periods a month lies in a handful of
// them. Why closed months only:
// a month still open changes with every record written, so two answers a moment apart would
// differ by exactly what was written in between (poll, let one case close, poll again); a
// closed month has had its records entered during the lag, and is what national figures
// are anyway.
func CheckPeriod(from, to, latest time.Time) error {
	var probs Problems
	checkPeriod(&probs, from, to, latest)
	return probs.Err()
}

func checkPeriod(probs *Problems, from, to, latest time.Time) {
	if from.Day() != 1 {
		probs.Add("from", "not_month_start", "must be the first day of a month: statistics periods are whole calendar months")
	}
	if to.AddDate(0, 0, 1).Day() != 1 {
		probs.Add("to", "not_month_end", "must be the last day of a month: statistics periods are whole calendar months")
	}
	if to.Before(from) {
		probs.Add("to", "before_from", "must not be before from")
	}
	if len(*probs) == 0 && StandardPeriod(from, to) == "" {
		probs.Add("from", "not_standard_period", "a period is a month, a calendar quarter, a calendar half-year, a calendar year, or 12 months in a row: other runs of months would let overlapping answers average the protection away")
	}
	if to.After(latest) {
		probs.Add("to", "not_closed", "the latest month served is "+latest.Format("2006-01")+": a month is served once it has closed and the lag for late records has passed")
	}
}

// StandardPeriod names the reporting period from..to in SDMX's forms, or "" if it is not
// one: a month (2025-12), a calendar quarter (2025-Q4), half-year (2025-S1) or year (2025),
// or 12 months in a row starting in another month (2025-02-01/P12M). from and to are the
// first and last days of months.
func StandardPeriod(from, to time.Time) string {
	months := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month()) + 1
	m := int(from.Month())
	y := strconv.Itoa(from.Year())
	switch {
	case months == 1:
		return from.Format("2006-01")
	case months == 3 && m%3 == 1:
		return y + "-Q" + strconv.Itoa((m+2)/3)
	case months == 6 && m%6 == 1:
		return y + "-S" + strconv.Itoa((m+5)/6)
	case months == 12 && m == 1:
		return y
	case months == 12:
		return from.Format("2006-01-02") + "/P12M"
	}
	return ""
}

// LatestServedMonth is the last day of the latest month statistics may cover on day now: a
// month is served from the (lagDays+1)-th day after its last day, so that records entered
// late (a session typed up the next week) are in before anyone sees the month, and the
// current month is never served.
func LatestServedMonth(now time.Time, lagDays int) time.Time {
	x := dateOf(now).AddDate(0, 0, -max(lagDays, 0)-1) // the latest last day that may be served
	if x.AddDate(0, 0, 1).Day() == 1 {
		return x
	}
	return time.Date(x.Year(), x.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

// DefaultPeriod is the last 12 months that may be served.
func DefaultPeriod(now time.Time, lagDays int) (from, to time.Time) {
	to = LatestServedMonth(now, lagDays)
	from = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	return from, to
}

func joinDims(ds []Dimension) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += ", "
		}
		s += string(d)
	}
	return s
}

// DimCode is one value of a dimension with its label.
type DimCode struct{ Code, Label string }

// StatData is what the store computed, before disclosure control: the cells, margins
// included (TotalCode), and the code list of each dimension, so that cells nobody falls
// into appear as zeros.
type StatData struct {
	Dims  []Dimension
	Codes map[Dimension][]DimCode
	Cells []*Cell
	Scope string // a description of what the figures cover, e.g. "country:XA"
	// FollowUp is the follow-up coverage of an outcome indicator, by the breakdown's code
	// (TotalCode for its margin; "" when there is no breakdown).
	FollowUp map[string]FollowUpCells
}

// Complete returns every cell of the table, in order, those the store found nothing for as
// empty ones: every combination of codes, and the totals where the dimension adds up.
func (d StatData) Complete() []*Cell {
	combos := [][]string{{}}
	for _, dim := range d.Dims {
		codes := []string{}
		for _, c := range d.Codes[dim] {
			codes = append(codes, c.Code)
		}
		if !dim.MultiValued() {
			codes = append(codes, TotalCode)
		}
		var next [][]string
		for _, base := range combos {
			for _, c := range codes {
				next = append(next, append(slices.Clone(base), c))
			}
		}
		combos = next
	}
	have := map[string]*Cell{}
	for _, c := range d.Cells {
		have[keyString(c)] = c
	}
	out := make([]*Cell, 0, len(combos))
	for _, keys := range combos {
		c := have[keyString(&Cell{Keys: keys})]
		if c == nil {
			c = &Cell{Keys: keys}
		}
		out = append(out, c)
	}
	return out
}

// CoverageQuery asks for memorandum coverage per programme over a period.
type CoverageQuery struct {
	From, To  time.Time // whole calendar months, as for StatQuery
	Programme string    // "" for every programme in scope
	Country   string
	PeopleCap int // as StatQuery's
}

// Cap is the query's people cap (for the activities, a count), the default when unset.
func (q CoverageQuery) Cap() int {
	if q.PeopleCap > 0 {
		return q.PeopleCap
	}
	return DisclosureRules{}.PeopleCapFor(MeasureCount)
}

// Check applies the rules a coverage query must meet.
func (q CoverageQuery) Check(latest time.Time) error { return CheckPeriod(q.From, q.To, latest) }

// CoverageRow is one practice in one programme.
type CoverageRow struct {
	ProgrammeID  string
	Practice     string
	Activities   Cell // count: recorded activities (timeline events) evidencing the practice, with the people behind them
	CasesTouched Cell // count: cases with at least one such activity
	EvidencedBy  []string
}

// CoverageProgramme is a programme in scope and its cases open in the period.
type CoverageProgramme struct {
	ID, Name string
	Cases    Units
}

// CoverageData is the store's coverage answer before disclosure control.
type CoverageData struct {
	Programmes []CoverageProgramme
	Practices  []Practice // Code, Title and Status
	Rows       []CoverageRow
	Scope      string
}

// StatisticsStore computes statistics from the live records, within the caller's scope.
type StatisticsStore interface {
	Statistic(ctx context.Context, p *Principal, q StatQuery) (StatData, error)
	Coverage(ctx context.Context, p *Principal, q CoverageQuery) (CoverageData, error)
}

// StatRow is one released figure.
type StatRow struct {
	Keys []string
	Released
	// FollowUp is the coverage of the figure, by FollowUpStatuses; nil unless the indicator
	// is an outcome.
	FollowUp []Released
}

// StatAnswer is a statistic after disclosure control: the only form in which one leaves.
type StatAnswer struct {
	Indicator *Indicator
	Dims      []Dimension
	Codes     map[Dimension][]DimCode
	Threshold int // the smallest count published other than 0
	MinPeople int // the smallest base of a rate or median
	From, To  time.Time
	Scope     string
	Rows      []StatRow
	Notes     []string
}

// Release applies disclosure control to what the store computed and returns what may be
// published: every cell of the table (zeros included), each perturbed or suppressed.
func Release(q StatQuery, data StatData, rules DisclosureRules) StatAnswer {
	ind := q.Indicator
	cells := data.Complete()
	var order [][]string
	for _, d := range data.Dims {
		var o []string
		for _, c := range data.Codes[d] {
			o = append(o, c.Code)
		}
		order = append(order, o)
	}
	SortCells(cells, order)
	a := StatAnswer{Indicator: ind, Dims: data.Dims, Codes: data.Codes, Threshold: Threshold(), MinPeople: rules.People(),
		From: q.From, To: q.To, Scope: data.Scope}
	released := make([]Released, len(cells))
	for i, c := range cells {
		released[i] = ReleaseCell(ind.Measure, c, rules)
	}
	if ind.Measure == MeasureRate {
		SuppressSharedSmallBases(cells, released, rules)
	}
	for i, c := range cells {
		row := StatRow{Keys: c.Keys, Released: released[i]}
		if ind.FollowUp != FollowUpNone {
			code := ""
			if q.By != "" {
				code = c.Keys[len(c.Keys)-1]
			}
			row.FollowUp = releaseFollowUp(data.FollowUp[code], rules)
			if released[i].Status == StatusSuppressed {
				// Coverage is published only beside a published figure: on a cohort too
				// small for its rate, two coverage counts over the same releases (3 points
				// each in 12 months, 4 in 24) were two readings of its size (attack round 4).
				row.FollowUp = withheldFollowUp()
			}
		}
		a.Rows = append(a.Rows, row)
	}
	a.Notes = StatNotes(ind, data.Dims, rules)
	return a
}

// StatNotes are the notes every answer carries on how its figures were protected.
func StatNotes(ind *Indicator, dims []Dimension, rules DisclosureRules) []string {
	th, people := itoa(Threshold()), itoa(rules.People())
	notes := []string{
		"Every figure is perturbed (the cell-key method): a little noise is added, the same each time the same people or records are counted, so figures may differ slightly from counts seen elsewhere and a true count of 1 to " + itoa(Threshold()-1) + " is published as 0 or " + th + ".",
		"Each figure is published once: records entered or corrected later for a period already asked for do not change it.",
	}
	if len(dims) > 0 && ind.Measure.Additive() {
		notes = append(notes, "Totals are perturbed as figures of their own: they need not equal the sum of the figures they total.")
	}
	switch ind.Measure {
	case MeasureSum:
		notes = append(notes, "A sum is moved by at most two average contributions, and is 0 wherever the count of the same records is published as 0.")
	case MeasureRate:
		notes = append(notes, "Rates are computed from perturbed counts and published only on at least "+people+" people; a rate of 0 % or 100 % only on at least "+itoa(2*rules.People())+".")
	case MeasureMedian:
		notes = append(notes, "Medians are in whole days, moved by a few days (more for small groups), and published only over at least "+people+" values.")
	}
	for _, d := range dims {
		if d.MultiValued() {
			notes = append(notes, "A participant can count under several "+string(d)+" codes, so no total is given across them.")
		}
	}
	if ind.PerRelease && ind.Measure == MeasureRate {
		notes = append(notes, "The cohort is releases: a person released twice counts twice, and a rate needs at least "+people+" distinct people behind it.")
	}
	if ind.FollowUp != FollowUpNone {
		notes = append(notes, followUpNote(ind))
	}
	return notes
}

// ReleasedCoverage is one coverage row after disclosure control.
type ReleasedCoverage struct {
	ProgrammeID, Practice           string
	Activities, CasesTouched, Share Released
	EvidencedBy                     []string
	Gap                             bool // no evidence published for a practice the catalogues can evidence
}

// ReleaseCoverage applies disclosure control to coverage, and gives each programme's
// perturbed case count. The three figures of a row are made to agree with each other and
// with the programme's published size, because a reader checks them against each other
// (trial of session 16: "0 cases but a share of 27.8 %"):
//   - cases touched are at most the programme's published cases;
//   - activities and cases touched are both 0 when either is (a handful of activities, or
//     of the people behind them, published as 0): then the practice is a gap;
//   - activities are at least the cases touched (each touched case has an activity);
//   - the share is the published cases touched over the programme's published cases,
//     withheld for programmes below MinPeople. Being arithmetic on two published figures,
//     it tells nothing they do not, so a share of 0 % or 100 % is not withheld as a rate
//     over people is.
//
// A practice no catalogue entry evidences is not a gap of the programme: nothing it
// records could evidence it.
func ReleaseCoverage(d CoverageData, rules DisclosureRules) ([]ReleasedCoverage, map[string]int64) {
	sizes := map[string]int64{}
	for _, p := range d.Programmes {
		sizes[p.ID] = PerturbCount(p.Cases)
	}
	out := make([]ReleasedCoverage, 0, len(d.Rows))
	for i := range d.Rows {
		r := &d.Rows[i]
		size := sizes[r.ProgrammeID]
		acts := ReleaseCount(&r.Activities, rules).Value
		touched := min(ReleaseCount(&r.CasesTouched, rules).Value, float64(size))
		if acts == 0 || touched == 0 {
			acts, touched = 0, 0
		}
		acts = max(acts, touched)
		share := Released{Status: StatusSuppressed}
		if size > 0 && size >= int64(rules.People()) {
			share = Released{round1(100 * touched / float64(size)), StatusPerturbed}
		}
		out = append(out, ReleasedCoverage{ProgrammeID: r.ProgrammeID, Practice: r.Practice, EvidencedBy: r.EvidencedBy,
			Activities: Released{acts, StatusPerturbed}, CasesTouched: Released{touched, StatusPerturbed}, Share: share,
			Gap: acts == 0 && len(r.EvidencedBy) > 0})
	}
	return out, sizes
}
