package domain

// IntakeFacts are what an intake's placement rule reads, loaded in one query: the facility's
// country (the facility already found in the caller's scope), the programme's, and whether
// the offence category given is in the catalogue.
type IntakeFacts struct {
	FacilityCountry  string
	ProgrammeCountry string // "" when there is no such programme in use
	OffenceGiven     bool
	OffenceKnown     bool
}

// CheckIntakePlacement applies the placement rules of an intake: the programme exists and
// runs in the facility's country, and an offence category given is one in use. Returns
// Invalid with a problem per field that breaks them.
func CheckIntakePlacement(f IntakeFacts) error {
	var p Problems
	switch {
	case f.ProgrammeCountry == "":
		p.Add("programme_id", "unknown", "no such programme")
	case f.ProgrammeCountry != f.FacilityCountry:
		p.Add("programme_id", "other_country", "the programme runs in another country than the facility")
	}
	if f.OffenceGiven && !f.OffenceKnown {
		p.Add("offence_category", "unknown", "not an ICCS code in the catalogue")
	}
	return p.Err()
}

// RefMatch is what the store found for an intake's external reference: the caller's
// matches outside their scope in the window so far, and the open case the same person has,
// if any.
type RefMatch struct {
	MatchesSoFar int
	Open         bool // the person has an open case
	InScope      bool // the caller may see it
	Pseudonym    string
}

// RefDecision is what an intake with an external reference does next.
type RefDecision int

const (
	// RefProceed: no open case of the same person; the intake goes on.
	RefProceed RefDecision = iota
	// RefThrottled: the caller's matches outside their scope reached the day's limit; the
	// reference is not looked up.
	RefThrottled
	// RefDuplicate: the person has an open case; no case is written.
	RefDuplicate
)

// DecideIntakeRef decides an intake's external reference check. CountsMatch reports whether
// the match counts against the caller's limit (a duplicate they may not see).
func DecideIntakeRef(m RefMatch) (d RefDecision, countsMatch bool) {
	switch {
	case !RefLookupAllowed(m.MatchesSoFar):
		return RefThrottled, false
	case m.Open:
		return RefDuplicate, !m.InScope
	}
	return RefProceed, false
}
