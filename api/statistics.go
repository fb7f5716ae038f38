package api

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Statistics: every figure leaves through domain.Release (or protectCoverage), whatever the
// format, so disclosure control cannot be skipped by asking for CSV instead of JSON.

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
}

func (s *Server) listIndicators(c *fiber.Ctx) error {
	out := make([]indicatorResponse, 0, len(domain.Indicators))
	for _, ind := range domain.Indicators {
		r := indicatorResponse{ID: ind.ID, Title: ind.Title, Definition: ind.Definition, Numerator: ind.Numerator,
			Denominator: ind.Denominator, Unit: ind.Unit, Measure: string(ind.Measure), Dimension: string(ind.Own), Breakdowns: []string{}}
		for _, b := range ind.Breakdowns {
			r.Breakdowns = append(r.Breakdowns, string(b))
		}
		out = append(out, r)
	}
	return c.JSON(fiber.Map{"items": out, "threshold": s.rules().MinCell, "suppress_zero": s.rules().SuppressZero})
}

type statQuery struct {
	From      string `query:"from" validate:"omitempty,datetime=2006-01-02"`
	To        string `query:"to" validate:"omitempty,datetime=2006-01-02"`
	By        string `query:"by" validate:"omitempty,oneof=facility programme gender age_band category"`
	Country   string `query:"country" validate:"omitempty,len=2,uppercase"`
	Format    string `query:"format" validate:"omitempty,oneof=json csv sdmx"`
	Programme string `query:"programme" validate:"omitempty,uuid"`
}

func (s *Server) rules() domain.DisclosureRules {
	return domain.DisclosureRules{MinCell: s.cfg.MinCell, SuppressZero: s.cfg.SuppressZero}
}

// statParams reads the query; the period is whole calendar months (domain.CheckPeriod). By
// default it is the last 12 complete months: to defaults to the last day of the month before
// the current one, from to the first day of the 12th month up to to's.
func (s *Server) statParams(c *fiber.Ctx) (statQuery, time.Time, time.Time, error) {
	var q statQuery
	if err := c.QueryParser(&q); err != nil {
		return q, time.Time{}, time.Time{}, domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	if err := s.check(q); err != nil {
		return q, time.Time{}, time.Time{}, err
	}
	now := time.Now().UTC()
	to := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	if q.To != "" {
		to, _ = time.Parse(time.DateOnly, q.To)
	}
	from := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	if q.From != "" {
		from, _ = time.Parse(time.DateOnly, q.From)
	}
	if err := domain.CheckPeriod(from, to); err != nil {
		return q, from, to, err
	}
	return q, from, to, nil
}

func (s *Server) getStatistic(c *fiber.Ctx) error {
	ind, ok := domain.IndicatorByID(c.Params("indicator"))
	if !ok {
		return domain.NotFound("indicator")
	}
	q, from, to, err := s.statParams(c)
	if err != nil {
		return err
	}
	sq := domain.StatQuery{Indicator: ind, From: from, To: to, By: domain.Dimension(q.By), Country: q.Country, MinCell: s.rules().Min()}
	if err := sq.Check(); err != nil {
		return err
	}
	data, err := s.store.Statistic(c.UserContext(), principal(c), sq)
	if err != nil {
		return err
	}
	a := domain.Release(sq, data, s.rules())
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
	Period     periodResponse      `json:"period"`
	Scope      string              `json:"scope"`
	Rows       []fiber.Map         `json:"rows"`
	Notes      []string            `json:"notes"`
}

func statJSON(a domain.StatAnswer) statResponse {
	r := statResponse{Indicator: a.Indicator.ID, Title: a.Indicator.Title, Unit: a.Indicator.Unit, Measure: string(a.Indicator.Measure),
		Dimensions: []dimensionResponse{}, Threshold: a.Threshold, Period: periodResponse{a.From.Format(dateFmt), a.To.Format(dateFmt)},
		Scope: a.Scope, Rows: []fiber.Map{}, Notes: a.Notes}
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
		m := fiber.Map{"suppressed": row.Suppressed, "value": nil}
		for i, d := range a.Dims {
			m[string(d)] = row.Keys[i]
		}
		if !row.Suppressed {
			m["value"] = row.Value
		}
		r.Rows = append(r.Rows, m)
	}
	return r
}

func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// statCSV: a header row, one column per dimension, the value (empty when suppressed) and a
// suppressed flag.
func statCSV(a domain.StatAnswer) [][]string {
	head := []string{}
	for _, d := range a.Dims {
		head = append(head, string(d))
	}
	out := [][]string{append(head, "value", "suppressed")}
	for _, row := range a.Rows {
		rec := append([]string{}, row.Keys...)
		if row.Suppressed {
			rec = append(rec, "", "true")
		} else {
			rec = append(rec, formatValue(row.Value), "false")
		}
		out = append(out, rec)
	}
	return out
}

// statSDMX writes SDMX-CSV 1.0 for the data structure described in
// domain/statistics_sdmx.md: DATAFLOW, REF_AREA, the indicator's dimensions, TIME_PERIOD,
// OBS_VALUE, UNIT_MEASURE, CONF_STATUS. A suppressed observation has an empty OBS_VALUE and
// CONF_STATUS C; primary and secondary suppressions are not told apart, since knowing which
// cell was small narrows the others.
func statSDMX(a domain.StatAnswer, area string) [][]string {
	head := []string{"DATAFLOW", "REF_AREA"}
	for _, d := range a.Dims {
		head = append(head, strings.ToUpper(string(d)))
	}
	head = append(head, "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "CONF_STATUS")
	out := [][]string{head}
	flow := "PATHWAYS:DF_" + strings.ToUpper(a.Indicator.ID) + "(1.0)"
	period := sdmxPeriod(a.From, a.To)
	unit := strings.ToUpper(strings.ReplaceAll(a.Indicator.Unit, "-", "_"))
	for _, row := range a.Rows {
		rec := []string{flow, area}
		rec = append(rec, row.Keys...)
		if row.Suppressed {
			rec = append(rec, period, "", unit, "C")
		} else {
			rec = append(rec, period, formatValue(row.Value), unit, "F")
		}
		out = append(out, rec)
	}
	return out
}

// sdmxPeriod is an SDMX time range: the first day and the duration in days.
func sdmxPeriod(from, to time.Time) string {
	days := int(to.Sub(from).Hours()/24) + 1
	return from.Format(dateFmt) + "/P" + strconv.Itoa(days) + "D"
}

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
}

type coveragePractice struct {
	Practice     string       `json:"practice"`
	Title        string       `json:"title"`
	EvidencedBy  []string     `json:"evidenced_by"`
	Activities   coverageCell `json:"activities"`
	CasesTouched coverageCell `json:"cases_touched"`
	SharePercent coverageCell `json:"share_of_cases_percent"`
	Gap          bool         `json:"gap"`
}

type coverageProgramme struct {
	Programme  string             `json:"programme"`
	Name       string             `json:"name"`
	Suppressed bool               `json:"suppressed"`
	Practices  []coveragePractice `json:"practices"`
	Gaps       []string           `json:"gaps"`
}

type coverageResponse struct {
	Threshold  int                 `json:"threshold"`
	Period     periodResponse      `json:"period"`
	Scope      string              `json:"scope"`
	Programmes []coverageProgramme `json:"programmes"`
	Notes      []string            `json:"notes"`
}

func (s *Server) getCoverage(c *fiber.Ctx) error {
	q, from, to, err := s.statParams(c)
	if err != nil {
		return err
	}
	data, err := s.store.Coverage(c.UserContext(), principal(c), domain.CoverageQuery{From: from, To: to, Programme: q.Programme, Country: q.Country, MinCell: s.rules().Min()})
	if err != nil {
		return err
	}
	a := protectCoverage(data, s.rules())
	out := coverageResponse{Threshold: s.rules().MinCell, Period: periodResponse{from.Format(dateFmt), to.Format(dateFmt)}, Scope: data.Scope,
		Programmes: []coverageProgramme{}, Notes: []string{
			"Activities are timeline events (sessions, assessments, plans, milestones, follow-ups…) whose catalogue entry evidences the practice.",
			"A programme with fewer participants in the period than the threshold is suppressed whole.",
		}}
	titles := map[string]string{}
	for _, p := range data.Practices {
		titles[p.Code] = p.Label
	}
	for _, prog := range data.Programmes {
		cp := coverageProgramme{Programme: prog.Code, Name: prog.Label, Practices: []coveragePractice{}, Gaps: []string{}}
		for _, r := range a {
			if r.ProgrammeID != prog.Code {
				continue
			}
			cp.Suppressed = r.ProgrammeSize < s.rules().MinCell
			gap := !cp.Suppressed && r.Activities.Value == 0
			cp.Practices = append(cp.Practices, coveragePractice{Practice: r.Practice, Title: titles[r.Practice], EvidencedBy: nonNil(r.EvidencedBy),
				Activities: covCell(r.Activities), CasesTouched: covCell(r.CasesTouched), SharePercent: covCell(r.Share), Gap: gap})
			if gap {
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

func covCell(c domain.Cell) coverageCell {
	if c.Suppressed {
		return coverageCell{Suppressed: true}
	}
	v := c.Value
	if v != float64(int64(v)) {
		v = float64(int64(v*10+0.5)) / 10
	}
	return coverageCell{Value: &v}
}

// protectCoverage applies primary suppression to every coverage figure (practices overlap,
// so no total is published and no cell can be found by subtraction), and suppresses a
// programme too small to report on as a whole.
func protectCoverage(d domain.CoverageData, rules domain.DisclosureRules) []domain.CoverageRow {
	out := make([]domain.CoverageRow, len(d.Rows))
	for i, r := range d.Rows {
		t := &domain.Table{Cells: []*domain.Cell{&r.Activities, &r.CasesTouched, &r.Share}}
		domain.Protect(t, rules)
		if r.ProgrammeSize < rules.Min() {
			r.Activities.Suppressed, r.CasesTouched.Suppressed, r.Share.Suppressed = true, true, true
		}
		out[i] = r
	}
	return out
}

func coverageCSV(r coverageResponse) [][]string {
	out := [][]string{{"programme", "practice", "activities", "activities_suppressed", "cases_touched", "cases_touched_suppressed", "share_of_cases_percent", "share_suppressed", "gap"}}
	cell := func(c coverageCell) []string {
		if c.Suppressed || c.Value == nil {
			return []string{"", "true"}
		}
		return []string{formatValue(*c.Value), "false"}
	}
	for _, p := range r.Programmes {
		for _, x := range p.Practices {
			rec := []string{p.Programme, x.Practice}
			rec = append(rec, cell(x.Activities)...)
			rec = append(rec, cell(x.CasesTouched)...)
			rec = append(rec, cell(x.SharePercent)...)
			rec = append(rec, strconv.FormatBool(x.Gap))
			out = append(out, rec)
		}
	}
	return out
}
