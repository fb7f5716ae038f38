package pgtest

// Release records a release of a case entered on its day; recalled "" leaves it unrecalled,
// else reason is the recall's. number is the release's number in the case.
func (f *Fixture) Release(caseID string, number int, on, recalled, reason string) string {
	f.t.Helper()
	return f.id(`INSERT INTO releases (case_id, number, released_on, release_type, entered_on, recalled_on, recall_reason, recorded_by)
		VALUES ($1, $2, $3::date, 'parole', $3::date, nullif($4, '')::date, nullif($5, ''), $6) RETURNING id::text`,
		caseID, number, on, recalled, reason, f.User)
}

// PlannedRelease records a release not yet entered on (the case is still in pre-release).
func (f *Fixture) PlannedRelease(caseID, on string) string {
	f.t.Helper()
	return f.id(`INSERT INTO releases (case_id, number, released_on, release_type, recorded_by)
		VALUES ($1, 1, $2::date, 'parole', $3) RETURNING id::text`, caseID, on, f.User)
}

// Offence records a follow-up on a day with a new offence at a stage (arrest, charge,
// conviction) of an ICCS code on a date, and returns its id.
func (f *Fixture) Offence(caseID, on, stage, iccs, offenceOn string) string {
	f.t.Helper()
	return f.id(`INSERT INTO follow_ups (case_id, held_on, months_since_release, housing, work_education, family_contact,
			supervision_compliance, new_offence, offence_category, offence_on, recorded_by)
		VALUES ($1, $2::date, 6, 'stable', 'employed', 'regular', 'compliant', $3, $4, $5::date, $6) RETURNING id::text`,
		caseID, on, stage, iccs, offenceOn, f.User)
}

// Point records a follow-up point of a release, months after it (anchored on the release's
// day), in a status: "open"; "reached" on closedOn (a follow-up held that day is made for
// it); or a not-reached reason, closed on closedOn.
func (f *Fixture) Point(releaseID string, months int, status, closedOn string) string {
	f.t.Helper()
	id := f.id(`INSERT INTO follow_up_points (case_id, release_id, anchor, anchor_on, months, due_on)
		SELECT case_id, id, 'release', released_on, $2, (released_on + make_interval(months => $2))::date FROM releases WHERE id = $1
		RETURNING id::text`, releaseID, months)
	switch status {
	case "open":
	case "reached":
		fu := f.id(`INSERT INTO follow_ups (case_id, release_id, held_on, months_since_release, housing, work_education, family_contact,
				supervision_compliance, new_offence, recorded_by)
			SELECT case_id, release_id, $2::date, months, 'stable', 'employed', 'regular', 'compliant', 'none', $3 FROM follow_up_points WHERE id = $1
			RETURNING id::text`, id, closedOn, f.User)
		f.Exec(`UPDATE follow_up_points SET status = 'reached', follow_up_id = $2, closed_on = $3::date, closed_at = now() WHERE id = $1`, id, fu, closedOn)
	default:
		f.Exec(`UPDATE follow_up_points SET status = 'not_reached', not_reached_reason = $2, closed_on = $3::date, closed_at = now() WHERE id = $1`,
			id, status, closedOn)
	}
	return id
}

// Transfer records a transfer of a case between facilities on a day, in a status
// (pending, accepted, declined).
func (f *Fixture) Transfer(caseID, from, to, on, status string) {
	f.Exec(`INSERT INTO transfers (case_id, from_facility_id, to_facility_id, reason, transfer_on, status, requested_by, decided_at)
		VALUES ($1, $2, $3, 'r', $4::date, $5, $6, CASE WHEN $5 <> 'pending' THEN now() END)`, caseID, from, to, on, status, f.User)
}

// Reentry makes the case a re-entry after an earlier one.
func (f *Fixture) Reentry(caseID, previousID string) {
	f.Exec(`UPDATE cases SET previous_case_id = $2 WHERE id = $1`, caseID, previousID)
}

// LegalBasis sets a case's legal basis.
func (f *Fixture) LegalBasis(caseID, basis string) {
	f.Exec(`UPDATE cases SET legal_basis = $2 WHERE id = $1`, caseID, basis)
}
