package postgres

import (
	"strconv"

	"pathways/domain"
)

// scopeFilter renders the principal's scopes for one role as a SQL condition over a
// facility id column and a country column, appending its arguments to args. A principal
// without the role gets "false": it sees nothing.
func scopeFilter(p *domain.Principal, role domain.Role, countryCol, facilityCol string, args *[]any) string {
	var countries, facilities []string
	for _, s := range p.Scopes(role) {
		switch s.Kind {
		case domain.ScopeGlobal:
			return "true"
		case domain.ScopeCountry:
			countries = append(countries, s.Country)
		case domain.ScopeFacility:
			facilities = append(facilities, s.FacilityID)
		}
	}
	var parts []string
	if len(countries) > 0 {
		*args = append(*args, countries)
		parts = append(parts, countryCol+" = ANY($"+strconv.Itoa(len(*args))+")")
	}
	if len(facilities) > 0 {
		*args = append(*args, facilities)
		parts = append(parts, facilityCol+" = ANY($"+strconv.Itoa(len(*args))+"::uuid[])")
	}
	switch len(parts) {
	case 0:
		return "false"
	case 1:
		return parts[0]
	}
	return "(" + parts[0] + " OR " + parts[1] + ")"
}
