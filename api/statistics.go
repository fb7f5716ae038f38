package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Statistics: every figure leaves through domain.Release (or domain.ReleaseCoverage),
// whatever the format, so disclosure control cannot be skipped by asking for CSV instead of
// JSON. Only closed months are served (domain.LatestServedMonth).

type indicatorResponse struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Definition  string   `json:"definition"`
	Numerator   string   `json:"numerator"`
	Denominator string   `json:"denominator,omitempty"`
	Unit        string   `json:"unit"`
	Measure     string   `json:"measure"`
	Dimension   string   `json:"dimension,omitempty"`
	Breakdowns  []string `json:"breakdowns"`
	// FollowUp names the follow-up points whose coverage every row carries, for outcome
	// indicators (domain.FollowUpBasis).
	FollowUp string `json:"follow_up,omitempty"`
}

type protectionResponse struct {
	Method      string         `json:"method"`
	Threshold   int            `json:"threshold"`
	MinPeople   int            `json:"min_people"`
	LagDays     int            `json:"lag_days"`
	LatestMonth string         `json:"latest_month"`
	Default     periodResponse `json:"default_period"`
}

func (s *Server) protection(now time.Time) protectionResponse {
	from, to := domain.DefaultPeriod(now, s.cfg.StatsLagDays)
	return protectionResponse{Method: "cell-key perturbation", Threshold: domain.Threshold(), MinPeople: s.rules().People(),
		LagDays: s.cfg.StatsLagDays, LatestMonth: to.Format("2006-01"), Default: periodResponse{from.Format(dateFmt), to.Format(dateFmt)}}
}

func (s *Server) listIndicators(c *fiber.Ctx) error {
	out := make([]indicatorResponse, 0, len(domain.Indicators))
	for _, ind := range domain.Indicators {
		r := indicatorResponse{ID: ind.ID, Title: ind.Title, Definition: ind.Definition, Numerator: ind.Numerator,
			Denominator: ind.Denominator, Unit: ind.Unit, Measure: string(ind.Measure), Dimension: string(ind.Own), Breakdowns: []string{},
			FollowUp: string(ind.FollowUp)}
		for _, b := range ind.Breakdowns {
			r.Breakdowns = append(r.Breakdowns, string(b))
		}
		out = append(out, r)
	}
	p := s.protection(time.Now())
	return c.JSON(indicatorsResponse{Items: out, Threshold: p.Threshold, Protection: p})
}

// indicatorsResponse is the catalogue of indicators with the disclosure control in force
// (threshold is protection.threshold, kept at the top level for older clients).
type indicatorsResponse struct {
	Items      []indicatorResponse `json:"items"`
	Threshold  int                 `json:"threshold"`
	Protection protectionResponse  `json:"protection"`
}

type statQuery struct {
	From      string `query:"from" validate:"omitempty,datetime=2006-01-02"`
	To        string `query:"to" validate:"omitempty,datetime=2006-01-02"`
	By        string `query:"by" validate:"omitempty,oneof=facility programme gender age_band category legal_basis"`
	Country   string `query:"country" validate:"omitempty,len=2,uppercase"`
	Format    string `query:"format" validate:"omitempty,oneof=json csv sdmx"`
	Programme string `query:"programme" validate:"omitempty,uuid"`
}

func (s *Server) rules() domain.DisclosureRules {
	return domain.DisclosureRules{MinPeople: s.cfg.StatsMinPeople}
}

// statParams reads the query; the period is whole calendar months that have closed
// (domain.CheckPeriod). By default it is the last 12 months served: to defaults to the last
// day of the latest month served, from to the first day of the 12th month up to to's.
func (s *Server) statParams(c *fiber.Ctx) (statQuery, time.Time, time.Time, time.Time, error) {
	var q statQuery
	if err := c.QueryParser(&q); err != nil {
		return q, time.Time{}, time.Time{}, time.Time{}, domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	if err := s.check(q); err != nil {
		return q, time.Time{}, time.Time{}, time.Time{}, err
	}
	now := time.Now()
	latest := domain.LatestServedMonth(now, s.cfg.StatsLagDays)
	to := latest
	if q.To != "" {
		to, _ = time.Parse(time.DateOnly, q.To)
	}
	from := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	if q.From != "" {
		from, _ = time.Parse(time.DateOnly, q.From)
	}
	if err := domain.CheckPeriod(from, to, latest); err != nil {
		return q, from, to, latest, err
	}
	return q, from, to, latest, nil
}

func (s *Server) getStatistic(c *fiber.Ctx) error {
	ind, ok := domain.IndicatorByID(c.Params("indicator"))
	if !ok {
		return domain.NotFound("indicator")
	}
	q, from, to, latest, err := s.statParams(c)
	if err != nil {
		return err
	}
	rules := s.rules()
	sq := domain.StatQuery{Indicator: ind, From: from, To: to, By: domain.Dimension(q.By), Country: q.Country, PeopleCap: rules.PeopleCapFor(ind.Measure)}
	if err := sq.Check(latest); err != nil {
		return err
	}
	data, err := s.store.Statistic(c.UserContext(), principal(c), sq)
	if err != nil {
		return err
	}
	a := domain.Release(sq, data, rules)
	switch q.Format {
	case "csv":
		return sendCSV(c, ind.ID, from, to, "", statCSV(a))
	case "sdmx":
		return sendCSV(c, ind.ID, from, to, "-sdmx", statSDMX(a, refArea(principal(c), q.Country)))
	}
	return c.JSON(statJSON(a))
}

const dateFmt = "2006-01-02"

type dimensionResponse struct {
	ID    string         `json:"id"`
	Codes []codeResponse `json:"codes"`
}

type codeResponse struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type periodResponse struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type statResponse struct {
	Indicator  string              `json:"indicator"`
	Title      string              `json:"title"`
	Unit       string              `json:"unit"`
	Measure    string              `json:"measure"`
	Dimensions []dimensionResponse `json:"dimensions"`
	Threshold  int                 `json:"threshold"`
	MinPeople  int                 `json:"min_people"`
	Period     periodResponse      `json:"period"`
	TimePeriod string              `json:"time_period"`
	Scope      string              `json:"scope"`
	Rows       []statRow           `json:"rows"`
	Notes      []string            `json:"notes"`
}

func statJSON(a domain.StatAnswer) statResponse {
	r := statResponse{Indicator: a.Indicator.ID, Title: a.Indicator.Title, Unit: a.Indicator.Unit, Measure: string(a.Indicator.Measure),
		Dimensions: []dimensionResponse{}, Threshold: a.Threshold, MinPeople: a.MinPeople, Period: periodResponse{a.From.Format(dateFmt), a.To.Format(dateFmt)},
		TimePeriod: sdmxPeriod(a.From, a.To), Scope: a.Scope, Rows: []statRow{}, Notes: a.Notes}
	for _, d := range a.Dims {
		dr := dimensionResponse{ID: string(d), Codes: []codeResponse{}}
		for _, c := range a.Codes[d] {
			dr.Codes = append(dr.Codes, codeResponse{c.Code, c.Label})
		}
		if !d.MultiValued() {
			dr.Codes = append(dr.Codes, codeResponse{domain.TotalCode, "total"})
		}
		r.Dimensions = append(r.Dimensions, dr)
	}
	for _, row := range a.Rows {
		m := statRow{statFigure: statFigure{Suppressed: row.Suppressed(), Status: string(row.Status)}}
		for i, d := range a.Dims {
			m.Codes = append(m.Codes, [2]string{string(d), row.Keys[i]})
		}
		if !row.Suppressed() {
			v := row.Value
			m.Value = &v
		}
		if row.FollowUp != nil && !row.FollowUp[0].Suppressed() {
			m.FollowUp = map[string]float64{}
			for i, st := range domain.FollowUpStatuses {
				m.FollowUp[st] = row.FollowUp[i].Value // all published, or all withheld with the figure
			}
		}
		r.Rows = append(r.Rows, m)
	}
	return r
}

// statFigure is a row's figure: null when suppressed, with its status, and the follow-up
// coverage beside an outcome figure.
type statFigure struct {
	Suppressed bool               `json:"suppressed"`
	Status     string             `json:"status"`
	Value      *float64           `json:"value"`
	FollowUp   map[string]float64 `json:"follow_up,omitempty"`
}

// statRow is one row of a statistics answer: the figure, and its code in each dimension as
// a field named after the dimension ("facility": "…"), the shape exports have relied on.
type statRow struct {
	statFigure
	Codes [][2]string // dimension, code
}

// MarshalJSON writes the figure's fields, then one field per dimension; dimension names
// never take a figure field's name.
func (r statRow) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(r.statFigure)
	if err != nil || len(r.Codes) == 0 {
		return b, err
	}
	b = b[:len(b)-1]
	for _, c := range r.Codes {
		k, _ := json.Marshal(c[0])
		v, _ := json.Marshal(c[1])
		b = append(append(append(append(b, ','), k...), ':'), v...)
	}
	return append(b, '}'), nil
}

func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// statCSV: a header row, one column per dimension, the value (empty when suppressed), its
// status (perturbed or suppressed), a suppressed flag, the follow-up coverage of outcome
// indicators, then each code's name (facility and programme names, "Total").
func statCSV(a domain.StatAnswer) [][]string {
	head := []string{}
	for _, d := range a.Dims {
		head = append(head, string(d))
	}
	head = append(head, "value", "status", "suppressed")
	if a.Indicator.FollowUp != domain.FollowUpNone {
		for _, st := range domain.FollowUpStatuses {
			head = append(head, "follow_up_"+st)
		}
	}
	// The codes' names last, so the columns before them stay where exports have had them.
	labels := make([]map[string]string, len(a.Dims))
	for i, d := range a.Dims {
		head = append(head, string(d)+"_label")
		labels[i] = map[string]string{domain.TotalCode: "Total"}
		for _, c := range a.Codes[d] {
			labels[i][c.Code] = c.Label
		}
	}
	out := [][]string{head}
	for _, row := range a.Rows {
		rec := append([]string{}, row.Keys...)
		if row.Suppressed() {
			rec = append(rec, "", string(row.Status), "true")
		} else {
			rec = append(rec, formatValue(row.Value), string(row.Status), "false")
		}
		rec = append(rec, followUpValues(row)...)
		for i, k := range row.Keys {
			// Names of facilities and programmes are typed by administrators.
			rec = append(rec, csvCell(labels[i][k]))
		}
		out = append(out, rec)
	}
	return out
}

// statSDMX writes SDMX-CSV 1.0 for the data structure described in
// domain/statistics_sdmx.md: DATAFLOW, REF_AREA, the indicator's dimensions, TIME_PERIOD,
// OBS_VALUE, UNIT_MEASURE, OBS_STATUS, CONF_STATUS. Every published value is perturbed:
// OBS_STATUS E (estimated), CONF_STATUS F (free). A suppressed one has an empty OBS_VALUE,
// OBS_STATUS Q (missing value; suppressed) and CONF_STATUS C, whatever the reason.
func statSDMX(a domain.StatAnswer, area string) [][]string {
	head := []string{"DATAFLOW", "REF_AREA"}
	for _, d := range a.Dims {
		head = append(head, strings.ToUpper(string(d)))
	}
	head = append(head, "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "CONF_STATUS")
	if a.Indicator.FollowUp != domain.FollowUpNone {
		// Observation attributes: the follow-up points the value rests on.
		for _, st := range domain.FollowUpStatuses {
			head = append(head, "FOLLOW_UP_"+strings.ToUpper(st))
		}
	}
	out := [][]string{head}
	flow := "PATHWAYS:DF_" + strings.ToUpper(a.Indicator.ID) + "(1.0)"
	period := sdmxPeriod(a.From, a.To)
	unit := strings.ToUpper(strings.ReplaceAll(a.Indicator.Unit, "-", "_"))
	for _, row := range a.Rows {
		rec := []string{flow, area}
		rec = append(rec, row.Keys...)
		if row.Suppressed() {
			rec = append(rec, period, "", unit, "Q", "C")
		} else {
			rec = append(rec, period, formatValue(row.Value), unit, "E", "F")
		}
		rec = append(rec, followUpValues(row)...)
		out = append(out, rec)
	}
	return out
}

// followUpValues are a row's follow-up coverage columns, by domain.FollowUpStatuses (none
// when the indicator is not an outcome).
func followUpValues(row domain.StatRow) []string {
	var out []string
	for _, r := range row.FollowUp {
		if r.Suppressed() {
			out = append(out, "") // withheld with the figure beside it
		} else {
			out = append(out, formatValue(r.Value))
		}
	}
	return out
}

// sdmxPeriod is the SDMX TIME_PERIOD of a served period (domain.StandardPeriod).
func sdmxPeriod(from, to time.Time) string { return domain.StandardPeriod(from, to) }

// refArea is the country the figures cover, or _T when they cover several.
func refArea(p *domain.Principal, country string) string {
	if country != "" {
		return country
	}
	var cs []string
	for _, s := range p.Scopes(p.ActingRole) {
		if s.Kind == domain.ScopeGlobal {
			return domain.TotalCode
		}
		if !contains(cs, s.Country) {
			cs = append(cs, s.Country)
		}
	}
	if len(cs) == 1 && cs[0] != "" {
		return cs[0]
	}
	return domain.TotalCode
}

func sendCSV(c *fiber.Ctx, name string, from, to time.Time, suffix string, records [][]string) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		return domain.Internal(err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="pathways-`+name+`-`+from.Format(dateFmt)+`-`+to.Format(dateFmt)+suffix+`.csv"`)
	c.Set("X-Pathways-Period", from.Format(dateFmt)+"/"+to.Format(dateFmt))
	return c.Send(buf.Bytes())
}

// Memorandum coverage.

type coverageCell struct {
	Value      *float64 `json:"value"`
	Suppressed bool     `json:"suppressed"`
	Status     string   `json:"status"`
}

type coveragePractice struct {
	Practice     string       `json:"practice"`
	Title        string       `json:"title"`
	Status       string       `json:"status"` // the practice's numbering: confirmed, probable, unverified
	EvidencedBy  []string     `json:"evidenced_by"`
	Activities   coverageCell `json:"activities"`
	CasesTouched coverageCell `json:"cases_touched"`
	SharePercent coverageCell `json:"share_of_cases_percent"`
	Gap          bool         `json:"gap"`
}

type coverageProgramme struct {
	Programme string             `json:"programme"`
	Name      string             `json:"name"`
	Cases     float64            `json:"cases"`
	Practices []coveragePractice `json:"practices"`
	Gaps      []string           `json:"gaps"`
}

type coverageResponse struct {
	Threshold  int                 `json:"threshold"`
	MinPeople  int                 `json:"min_people"`
	Period     periodResponse      `json:"period"`
	Scope      string              `json:"scope"`
	Programmes []coverageProgramme `json:"programmes"`
	Notes      []string            `json:"notes"`
}

func (s *Server) getCoverage(c *fiber.Ctx) error {
	q, from, to, _, err := s.statParams(c)
	if err != nil {
		return err
	}
	if q.Format == "sdmx" {
		// Coverage has no SDMX structure: answering the plain CSV under that name passed
		// it off as one (attack round 9).
		return domain.Invalid(domain.FieldProblem{Field: "format", Reason: "oneof", Detail: "coverage is served as json or csv"})
	}
	rules := s.rules()
	data, err := s.store.Coverage(c.UserContext(), principal(c), domain.CoverageQuery{From: from, To: to, Programme: q.Programme, Country: q.Country,
		PeopleCap: rules.PeopleCapFor(domain.MeasureCount)})
	if err != nil {
		return err
	}
	rows, sizes := domain.ReleaseCoverage(data, rules)
	out := coverageResponse{Threshold: domain.Threshold(), MinPeople: rules.People(), Period: periodResponse{from.Format(dateFmt), to.Format(dateFmt)}, Scope: data.Scope,
		Programmes: []coverageProgramme{}, Notes: []string{
			"Activities are timeline events (sessions, assessments, plans, milestones, follow-ups…) whose catalogue entry evidences the practice.",
			"Every figure is perturbed (the cell-key method), as the indicators are: a practice with a handful of activities, or of people behind them, shows 0 activities and 0 cases and counts as a gap.",
			"A share is the published cases touched over the programme's published cases, so the figures of a row agree; it is published only for programmes of at least " + strconv.Itoa(rules.People()) + " cases.",
			"A practice no catalogue entry evidences is not counted as a gap: nothing a programme records could show it.",
		}}
	practices := map[string]domain.Practice{}
	for _, p := range data.Practices {
		practices[p.Code] = p
	}
	for _, prog := range data.Programmes {
		cp := coverageProgramme{Programme: prog.ID, Name: prog.Name, Cases: float64(sizes[prog.ID]), Practices: []coveragePractice{}, Gaps: []string{}}
		for _, r := range rows {
			if r.ProgrammeID != prog.ID {
				continue
			}
			cp.Practices = append(cp.Practices, coveragePractice{Practice: r.Practice, Title: practices[r.Practice].Title, Status: practices[r.Practice].Status, EvidencedBy: nonNil(r.EvidencedBy),
				Activities: covCell(r.Activities), CasesTouched: covCell(r.CasesTouched), SharePercent: covCell(r.Share), Gap: r.Gap})
			if r.Gap {
				cp.Gaps = append(cp.Gaps, r.Practice)
			}
		}
		out.Programmes = append(out.Programmes, cp)
	}
	if q.Format == "csv" || q.Format == "sdmx" {
		return sendCSV(c, "coverage", from, to, "", coverageCSV(out))
	}
	return c.JSON(out)
}

func covCell(r domain.Released) coverageCell {
	if r.Suppressed() {
		return coverageCell{Suppressed: true, Status: string(r.Status)}
	}
	v := r.Value
	return coverageCell{Value: &v, Status: string(r.Status)}
}

func coverageCSV(r coverageResponse) [][]string {
	out := [][]string{{"programme", "programme_cases", "practice", "activities", "activities_status", "cases_touched", "cases_touched_status", "share_of_cases_percent", "share_status", "gap"}}
	cell := func(c coverageCell) []string {
		if c.Suppressed || c.Value == nil {
			return []string{"", c.Status}
		}
		return []string{formatValue(*c.Value), c.Status}
	}
	for _, p := range r.Programmes {
		for _, x := range p.Practices {
			// The programme's published cases: the share's denominator, as in the JSON.
			rec := []string{p.Programme, formatValue(p.Cases), x.Practice}
			rec = append(rec, cell(x.Activities)...)
			rec = append(rec, cell(x.CasesTouched)...)
			rec = append(rec, cell(x.SharePercent)...)
			rec = append(rec, strconv.FormatBool(x.Gap))
			out = append(out, rec)
		}
	}
	return out
}
