package domain

import (
	"slices"
	"strings"
	"time"
)

// Every figure is published once. The cell-key method gives the same set of people the same
// noise, but a different set gets fresh noise: an insider who adds records dated into a
// served period, and asks again after each, reads the same cell many times over sets that
// differ only by what they added, and the average of those readings is the true count
// (statistician attack, round 3: tens of writes sufficed, a median trap a few dozen). So the
// first answer for a cell is kept, and every later answer gives that figure back, whatever
// has been written since: a period's figures are the records as they stood when it was
// first asked for, which is always after it closed (StatQuery.Check).
//
// A cell is filed under what it counts, not under the table or the request it came in:
// wherever two requests count the same records by definition, they share one figure, since
// each filing is a fresh draw of the noise (attack round 5 found the same records filed
// under a redundant country parameter, a practice evidenced by one type only, the totals of
// the three outcome indicators, the coverage of two indicators over one cohort, and active
// cases over periods ending on the same day). What is left is one draw per set of records
// that differ by definition.

// PublishedCell is where a figure is filed: the family of figures it belongs to (the
// indicators counting the same records share one) and the cell within it.
type PublishedCell struct {
	Family string
	ID     string
	// Scope, when set, is the population the cell counts whatever scope asked for it: a
	// facility's cell counts that facility's cases under any scope covering it (attack round
	// 7 drew one facility's figure four times: under the country, globally, as a facility
	// supervisor's total and as their facility's cell). Empty: the scope asked for.
	Scope string
}

// Filing holds what the filing of figures depends on besides the table: the intervention
// types that evidence each practice (a practice's sessions are its types' sessions).
type Filing struct {
	PracticeTypes map[string][]string
}

// publishedFamily is the family of an indicator's cells: its own ID unless the catalogue
// shares it (the sessions and hours tables by type and by practice count the same
// attendance records, grouped differently).
func publishedFamily(ind *Indicator) string {
	if ind.Filing.Family != "" {
		return ind.Filing.Family
	}
	return ind.ID
}

// Cell files a cell of ind's table over dims: its codes, each with its dimension, totals
// left out (a total is no restriction); an intervention type or a practice as the set of
// types it counts. The total of a breakdown counts the same units as the figure without
// one, so both are one cell.
func (f Filing) Cell(ind *Indicator, dims []Dimension, keys []string) PublishedCell {
	family := publishedFamily(ind)
	var parts []string
	scope := ""
	for i, d := range dims {
		k := keys[i]
		own := i == 0 && ind.Own != ""
		switch {
		case d == DimFacility && k != TotalCode && k != "unknown":
			scope = facilityScope(k)
		case k == TotalCode:
			if own && ind.Filing.TotalFamily != "" {
				family = ind.Filing.TotalFamily // the outcomes' totals: the cases followed up
			}
		case own && d == DimInterventionType:
			parts = append(parts, "types="+k)
		case own && d == DimPractice:
			types := slices.Clone(f.PracticeTypes[k])
			slices.Sort(types)
			parts = append(parts, "types="+strings.Join(types, ","))
		default:
			parts = append(parts, string(d)+"="+k)
		}
	}
	slices.Sort(parts)
	return PublishedCell{Family: family, ID: strings.Join(parts, ";"), Scope: scope}
}

// facilityScope is the population of one facility's cases, as PublishedScope names it.
func facilityScope(id string) string { return Scope{Kind: ScopeFacility, FacilityID: id}.String() }

// FollowUp files one status of the follow-up coverage beside a row of an outcome table
// broken down by by (code "" or TotalCode for all of them): the coverage is of the points
// its basis counts, which several indicators share.
func (f Filing) FollowUp(ind *Indicator, by Dimension, code, status string) PublishedCell {
	family := "follow_up_" + string(ind.FollowUp)
	if ind.FollowUp != FollowUpPeriod {
		family += "_" + itoa(ind.MonthsAfterRelease) + "m"
	}
	id, scope := status, ""
	switch {
	case by == DimFacility && code != "" && code != TotalCode && code != "unknown":
		scope = facilityScope(code)
	case by != "" && code != "" && code != TotalCode:
		id += ";" + string(by) + "=" + code
	}
	return PublishedCell{Family: family, ID: id, Scope: scope}
}

// PublishedPeriod is the period a figure is filed under: one counted on the period's last
// day alone (active cases) is filed once for every period ending that day.
func PublishedPeriod(ind *Indicator, from, to time.Time) (time.Time, time.Time) {
	if ind.Filing.OnLastDay {
		return to, to
	}
	return from, to
}

// PublishedScope names the population a principal's statistics cover, however it is
// described: the acting role's scopes narrowed to the country asked for, without the ones
// another covers (a facility in a country the scope holds whole, everything under a global
// scope), in order. Two people whose statistics cover the same cases share the figures
// published for them, and a country parameter the scope already implies changes nothing.
func PublishedScope(p *Principal, country string) string {
	var scopes []Scope
	for _, s := range p.Scopes(p.ActingRole) {
		switch {
		case s.Kind == ScopeGlobal && country != "":
			scopes = append(scopes, Scope{Kind: ScopeCountry, Country: country})
		case s.Kind == ScopeGlobal, country == "", s.Country == country:
			scopes = append(scopes, s)
		}
	}
	var parts []string
	for _, s := range scopes {
		if !coveredByAnother(s, scopes) {
			parts = append(parts, s.String())
		}
	}
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), ",")
}

// coveredByAnother reports whether a wider scope of the list covers s.
func coveredByAnother(s Scope, all []Scope) bool {
	for _, o := range all {
		switch {
		case s.Kind != ScopeGlobal && o.Kind == ScopeGlobal:
			return true
		case s.Kind == ScopeFacility && o.Kind == ScopeCountry && o.Country == s.Country:
			return true
		}
	}
	return false
}
