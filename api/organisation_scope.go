package api

// The organisation lists say, for each facility and programme, whether the caller's forms
// should offer it: pickers show only what the caller may choose (domain.Principal.WorksAt),
// while names of the others stay readable where a record mentions them.

// facilityListItem is a facility in GET /facilities. InMyScope: a practitioner or supervisor
// membership of the caller covers it, so the caller may open cases and record there.
type facilityListItem struct {
	facilityResponse
	InMyScope bool `json:"in_my_scope"`
}

// programmeListItem is a programme in GET /programmes. InMyScope: the caller works at a
// facility of the programme's country, so the programme can take their intakes.
type programmeListItem struct {
	programmeResponse
	InMyScope bool `json:"in_my_scope"`
}
