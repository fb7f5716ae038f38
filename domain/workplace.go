package domain

// Where a member of staff works: the facilities and programmes their forms offer. The store
// refuses the others (an intake at a facility outside the caller's scope is Invalid), so a
// form that offers only these never leads its user into that refusal.

// WorksAt reports whether a practitioner or supervisor membership of the principal covers the
// facility: where they may open cases and record sessions.
func (p *Principal) WorksAt(country, facilityID string) bool {
	return p.Covers(RolePractitioner, country, facilityID) || p.Covers(RoleSupervisor, country, facilityID)
}

// CountriesWorkedIn returns, of the given open facilities, the countries where the
// principal works at one or more: a programme of such a country can take their intakes.
func (p *Principal) CountriesWorkedIn(facilities []Facility) map[string]bool {
	out := map[string]bool{}
	for _, f := range facilities {
		if p.WorksAt(f.Country, f.ID) {
			out[f.Country] = true
		}
	}
	return out
}
