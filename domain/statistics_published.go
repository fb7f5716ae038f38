package domain

import (
	"slices"
	"strings"
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
// A cell is known by what it counts, not by the table it came in: the indicator, the
// period, the scope, and the codes the cell is limited to. The total of a breakdown counts
// the same units as the figure without breakdown, so both are one published figure.

// CellIdentity names the units a cell of a table over dims counts: its codes, each with its
// dimension, totals left out (a total is no restriction). "" is the cell of everything.
func CellIdentity(dims []Dimension, keys []string) string {
	var parts []string
	for i, d := range dims {
		if i < len(keys) && keys[i] != TotalCode {
			parts = append(parts, string(d)+"="+keys[i])
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ";")
}

// FollowUpIdentity names one status of the follow-up coverage of a row of an outcome
// table broken down by by: the row's code of by ("" or TotalCode for all of them).
func FollowUpIdentity(by Dimension, code, status string) string {
	id := "follow_up:" + status
	if by != "" && code != "" && code != TotalCode {
		id += ";" + string(by) + "=" + code
	}
	return id
}

// PublishedScope names the population a principal's statistics cover, whatever order its
// scopes were granted in: the acting role's scopes, and the country asked for if any. Two
// people whose statistics cover the same cases share the figures published for them.
func PublishedScope(p *Principal, country string) string {
	var parts []string
	for _, s := range p.Scopes(p.ActingRole) {
		parts = append(parts, s.String())
	}
	slices.Sort(parts)
	id := strings.Join(slices.Compact(parts), ",")
	if country != "" {
		id += ";country:" + country
	}
	return id
}
