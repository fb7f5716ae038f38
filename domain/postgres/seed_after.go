package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"pathways/domain"
)

// backfillLifecycle derives the releases, follow-up points and their links of the cases a
// seed batch has just copied (migration 00600's lifecycle_backfill), the same way the
// migration did for cases recorded before those tables existed.
func backfillLifecycle(ctx context.Context, tx pgx.Tx, rs *rowSet) error {
	ids := make([]pgtype.UUID, 0, len(rs.rows["cases"]))
	for _, row := range rs.rows["cases"] {
		ids = append(ids, row[0].(pgtype.UUID))
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT lifecycle_backfill($1::uuid[])", ids); err != nil {
		return fmt.Errorf("seed: deriving releases and follow-up points: %w", err)
	}
	return nil
}

// demoWriter writes the demo's after-release stories row by row, with dated timeline entries,
// after the generated cases are in: a recall followed by a second release, a re-entry, an
// accepted and a waiting transfer, community follow-ups after closure (reached, not reached,
// overdue), and mandated cases. Everything is laid out relative to the seed's day, and the
// cases it touches get the version their timeline gives them.
type demoWriter struct {
	ctx     context.Context
	tx      pgx.Tx
	g       *generator
	today   time.Time
	spec    DemoSpec
	users   map[string]pgtype.UUID
	seq     int
	touched []string
	cases   int // cases added
}

func (w *demoWriter) day(n int) time.Time { return days(w.today, n) }

// at is a moment on day d, later than the moments this writer gave before (never after now).
func (w *demoWriter) at(d time.Time) time.Time {
	w.seq++
	return minDate(d.Add(8*time.Hour+time.Duration(w.seq%500)*time.Minute), w.g.now)
}

func (w *demoWriter) exec(q string, args ...any) error {
	_, err := w.tx.Exec(w.ctx, q, args...)
	return err
}

func (w *demoWriter) id(q string, args ...any) (string, error) {
	var id string
	err := w.tx.QueryRow(w.ctx, q, args...).Scan(&id)
	return id, err
}

// event writes a timeline entry; recordKind names the record kind whose practices it
// evidences ("" for none).
func (w *demoWriter) event(caseID string, on time.Time, kind, ref, summary, recordKind string, actor pgtype.UUID) error {
	var a any
	if actor.Valid {
		a = actor
	}
	return w.exec(`INSERT INTO case_events (case_id, at, occurred_on, kind, ref_id, summary, practices, actor_id)
		VALUES ($1, $2, $3, $4, $5, $6, coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM record_kind_practices WHERE kind = $7), '{}'), $8)`,
		caseID, w.at(on), on, kind, ref, summary, recordKind, a)
}

// phase writes an approved (or, intake → assessment, applied) phase change with its approval
// and timeline entries.
func (w *demoWriter) phase(caseID, from, to string, on time.Time, reason string, recall *domain.RecallInput) error {
	req, sup := w.users["practitioner"], w.users["supervisor"]
	if w.seq%2 == 0 {
		sup = w.users["supervisor2"]
	}
	var recallOn, recallReason, recallOutcome any
	summary := from + " → " + to
	if recall != nil {
		recallOn, recallReason, recallOutcome = recall.On, recall.Reason, nullIfEmpty(recall.Outcome)
		summary += "; recall on " + recall.On.Format(time.DateOnly) + " (" + recall.Reason + ")"
	}
	status := "approved"
	if from == "intake" {
		status = "applied"
	}
	asked := days(on, -2)
	if status == "applied" {
		asked = on
	}
	id, err := w.id(`INSERT INTO phase_changes (case_id, from_phase, to_phase, reason, status, requested_by, requested_at, effective_on,
			recall_on, recall_reason, recall_outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		caseID, from, to, reason, status, req, w.at(asked), on, recallOn, recallReason, recallOutcome)
	if err != nil {
		return err
	}
	if status == "applied" {
		return w.event(caseID, on, "phase.changed", id, summary, "", req)
	}
	if err := w.exec(`INSERT INTO approvals (case_id, kind, subject_id, status, requested_by, requested_at, decided_by, decided_at, comment)
		VALUES ($1, 'transition', $2, 'approved', $3, $4, $5, $6, 'Agreed.')`, caseID, id, req, w.at(asked), sup, w.at(on)); err != nil {
		return err
	}
	if err := w.event(caseID, asked, "phase.requested", id, "Requested: "+from+" → "+to, "", req); err != nil {
		return err
	}
	rk := ""
	if to == "reintegration" {
		rk = "release"
	}
	return w.event(caseID, on, "phase.changed", id, summary, rk, sup)
}

// assessment writes a final assessment with every item of the open instrument rated.
func (w *demoWriter) assessment(caseID, occasion string, on time.Time, overall string) error {
	level := map[string]int{"low": 0, "moderate": 1, "high": 2}[overall]
	id, err := w.id(`INSERT INTO assessments (case_id, instrument_code, instrument_version, occasion, status, assessed_on, overall, rationale,
			next_review_date, assessor_id, created_at, finalised_at)
		VALUES ($1, 'pathways-open', '1', $2, 'final', $3, $4, $5, $3::date + 180, $6, $7, $7) RETURNING id`,
		caseID, occasion, on, overall, "Reviewed with the team after interviews and file review.", w.users["psychologist"], w.at(on))
	if err != nil {
		return err
	}
	if err := w.exec(`INSERT INTO assessment_ratings (assessment_id, item_code, rating, evidence)
		SELECT $1, i->>'code', CASE WHEN i->>'polarity' = 'risk' THEN $2 ELSE 2 - $2 END, 'Observed in sessions.'
		FROM instruments, jsonb_array_elements(definition->'domains') d, jsonb_array_elements(d->'items') i
		WHERE code = 'pathways-open' AND version = '1'`, id, level); err != nil {
		return err
	}
	return w.event(caseID, on, "assessment.finalised", id, occasion+" assessment finalised: "+overall, "assessment", w.users["psychologist"])
}

func (w *demoWriter) session(caseID string, on time.Time, itype string) error {
	id, err := w.id(`INSERT INTO intervention_sessions (intervention_type, held_on, minutes, format, delivered_by, facility_id, notes, created_by, created_at)
		VALUES ($1, $2, 60, 'individual', $3, $4, 'Reviewed progress against the plan goals.', $3, $5) RETURNING id`,
		itype, on, w.users["psychologist"], w.spec.Northgate, w.at(on))
	if err != nil {
		return err
	}
	if err := w.exec(`INSERT INTO session_attendance (session_id, case_id, attendance, engagement) VALUES ($1, $2, 'attended', 4)`, id, caseID); err != nil {
		return err
	}
	return w.exec(`INSERT INTO case_events (case_id, at, occurred_on, kind, ref_id, summary, practices, actor_id)
		VALUES ($1, $2, $3, 'session', $4, 'individual session: attended',
			coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM intervention_type_practices WHERE type_code = $5), '{}'), $6)`,
		caseID, w.at(on), on, id, itype, w.users["psychologist"])
}

func (w *demoWriter) followUp(caseID string, on time.Time, months int, compliance, notes string, by pgtype.UUID) error {
	id, err := w.id(`INSERT INTO follow_ups (case_id, held_on, months_since_release, housing, work_education, family_contact,
			supervision_compliance, new_offence, notes, recorded_by, created_at)
		VALUES ($1, $2, $3, 'stable', 'employed', 'regular', $4, 'none', $5, $6, $7) RETURNING id`,
		caseID, on, months, compliance, notes, by, w.at(on))
	if err != nil {
		return err
	}
	return w.event(caseID, on, "follow_up", id, fmt.Sprintf("%d-month follow-up recorded", months), "follow_up", by)
}

// seedDemoAfterRelease writes the demo's after-release stories (see demoWriter) and adds
// the cases it opened to counts.
func seedDemoAfterRelease(ctx context.Context, tx pgx.Tx, g *generator, spec DemoSpec, users map[string]pgtype.UUID, today time.Time, counts SeedCounts) error {
	w := &demoWriter{ctx: ctx, tx: tx, g: g, today: today, spec: spec, users: users}
	var before int64
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM case_events").Scan(&before); err != nil {
		return err
	}
	for _, step := range []func() error{w.recalledAndReleasedAgain, w.reentry, w.transfers, w.communityFollowUps, w.legalBases} {
		if err := step(); err != nil {
			return fmt.Errorf("seed: after-release demo: %w", err)
		}
	}
	var after int64
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM case_events").Scan(&after); err != nil {
		return err
	}
	counts["cases"] += int64(w.cases)
	counts["case_events"] += after - before
	// Every touched case's version is 1 + its timeline, like every other demo case.
	return w.exec(`UPDATE cases c SET version = 1 + (SELECT count(*) FROM case_events e WHERE e.case_id = c.id),
		updated_at = greatest(updated_at, (SELECT max(at) FROM case_events e WHERE e.case_id = c.id)) WHERE c.id = ANY($1::uuid[])`, w.touched)
}

// recalledAndReleasedAgain: a Northgate case on the demo practitioner's caseload, released on
// parole, recalled five months later for breach of conditions, released again eight months ago
// on conditions: two releases, the first recalled; the first release's 3-month follow-up
// reached and its later points closed (in custody); the second release's 3-month point
// reached, its 6-month point overdue.
func (w *demoWriter) recalledAndReleasedAgain() error {
	prac, psych := w.users["practitioner"], w.users["psychologist"]
	opened := w.day(-900)
	pid, err := w.id(`INSERT INTO participants (pseudonym, country, birth_year, gender, nationality, categories, created_at)
		VALUES ($1, 'XA', 1994, 'male', 'XA', '{returnee}', $2) RETURNING id`, w.g.pseudonym(), w.at(opened))
	if err != nil {
		return err
	}
	id, err := w.id(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, offence_category,
			legal_basis, consent_given, consent_date, opened_on, expected_release_date, next_review_date, case_manager_id, created_by, created_at)
		VALUES ($1, $2, $3, 'XA', 'custodial', 'reintegration', $4, '09051', 'licence_condition', true, $5, $5, $6, $7, $8, $8, $9) RETURNING id`,
		pid, w.spec.ProgrammeXA, w.spec.Northgate, w.day(-240), opened, w.day(-245), w.day(80), prac, w.at(opened))
	if err != nil {
		return err
	}
	w.touched = append(w.touched, id)
	w.cases++
	if err := w.exec(`INSERT INTO case_team (case_id, user_id, discipline, added_at) VALUES ($1, $2, 'case_manager', $4), ($1, $3, 'psychologist', $4)`,
		id, prac, psych, w.at(opened)); err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return w.event(id, opened, "intake", "", "Case opened at intake (licence condition); consent recorded", "intake", prac)
		},
		func() error {
			return w.event(id, w.day(-899), "team.assigned", "", "Case team assigned (2 members)", "team", w.users["supervisor"])
		},
		func() error { return w.phase(id, "intake", "assessment", w.day(-880), "", nil) },
		func() error { return w.assessment(id, "baseline", w.day(-860), "high") },
		func() error {
			plan, err := w.id(`INSERT INTO plans (case_id, version, status, summary, created_by, created_at, submitted_at, decided_at)
				VALUES ($1, 1, 'approved', 'Address the justification of violence; prepare for work and family contact.', $2, $3, $3, $4) RETURNING id`,
				id, prac, w.at(w.day(-855)), w.at(w.day(-850)))
			if err != nil {
				return err
			}
			if err := w.exec(`INSERT INTO plan_goals (plan_id, position, need, description, interventions, responsible_id, target_date)
				VALUES ($1, 1, 'B1', 'Examine and challenge the justification of violence.', '{cognitive_skills,psychological_support}', $2, $3)`,
				plan, psych, w.day(-500)); err != nil {
				return err
			}
			if err := w.exec(`INSERT INTO approvals (case_id, kind, subject_id, status, requested_by, requested_at, decided_by, decided_at, comment)
				VALUES ($1, 'plan', $2, 'approved', $3, $4, $5, $6, 'Approved after team review.')`,
				id, plan, prac, w.at(w.day(-855)), w.users["supervisor"], w.at(w.day(-850))); err != nil {
				return err
			}
			if err := w.event(id, w.day(-855), "plan.created", plan, "Individual plan v1 drafted", "plan", prac); err != nil {
				return err
			}
			return w.event(id, w.day(-850), "plan.approved", plan, "Individual plan v1 approved", "plan", w.users["supervisor"])
		},
		func() error { return w.phase(id, "assessment", "intervention", w.day(-845), "", nil) },
		func() error { return w.session(id, w.day(-800), "psychological_support") },
		func() error { return w.assessment(id, "scheduled", w.day(-680), "moderate") },
		func() error {
			return w.phase(id, "intervention", "pre_release", w.day(-620), "Parole hearing set", nil)
		},
		func() error {
			if err := w.exec(`INSERT INTO reintegration_plans (case_id, status, planned_release, release_type, supervising_agency, version, updated_by, updated_at, decided_at)
				VALUES ($1, 'approved', $2, 'conditional', 'Arcadia Probation Service', 4, $3, $4, $4)`, id, w.day(-245), prac, w.at(w.day(-255))); err != nil {
				return err
			}
			if err := w.exec(`INSERT INTO reintegration_items (case_id, area, status, description) VALUES
				($1, 'housing', 'in_place', 'Accommodation arranged through the housing service.'),
				($1, 'supervision', 'in_place', 'Supervision conditions explained and agreed.'),
				($1, 'family', 'in_progress', 'Family meetings held to prepare for return.')`, id); err != nil {
				return err
			}
			for _, a := range []struct {
				asked, decided int
			}{{-590, -585}, {-262, -255}} {
				if err := w.exec(`INSERT INTO approvals (case_id, kind, subject_id, status, requested_by, requested_at, decided_by, decided_at, comment)
					VALUES ($1, 'reintegration_plan', $1, 'approved', $2, $3, $4, $5, 'Agreed.')`,
					id, prac, w.at(w.day(a.asked)), w.users["supervisor2"], w.at(w.day(a.decided))); err != nil {
					return err
				}
			}
			return w.event(id, w.day(-610), "reintegration_plan.created", id, "Reintegration plan drafted", "reintegration_plan", prac)
		},
		func() error {
			return w.event(id, w.day(-585), "reintegration_plan.approved", id, "Reintegration plan approved", "", w.users["supervisor2"])
		},
		func() error { return w.event(id, w.day(-560), "release", "", "Released (parole)", "", prac) },
		func() error {
			return w.phase(id, "pre_release", "reintegration", w.day(-560), "Released on parole", nil)
		},
		func() error {
			return w.followUp(id, w.day(-468), 3, "minor_breach", "Settling in; missed one appointment with the supervising agency.", prac)
		},
		func() error {
			return w.phase(id, "reintegration", "intervention", w.day(-420), "Breach of parole conditions reported by probation",
				&domain.RecallInput{On: w.day(-422), Reason: "breach_of_conditions", Outcome: "returned_to_custody"})
		},
		func() error {
			return w.event(id, w.day(-420), "reintegration_plan.retired", id, "reintegration plan retired at the recall: a new one is approved before the next release", "", pgtype.UUID{})
		},
		func() error {
			return w.event(id, w.day(-422), "follow_up_point.not_reached", "", "3 follow-up point(s) closed as not reached (in_custody)", "", pgtype.UUID{})
		},
		func() error { return w.session(id, w.day(-380), "cognitive_skills") },
		func() error { return w.assessment(id, "pre_release", w.day(-300), "low") },
		func() error {
			return w.phase(id, "intervention", "pre_release", w.day(-280), "Second release planned", nil)
		},
		func() error {
			return w.event(id, w.day(-270), "reintegration_plan.updated", id, "Reintegration plan revised for the second release", "", prac)
		},
		func() error {
			return w.event(id, w.day(-255), "reintegration_plan.approved", id, "Reintegration plan approved", "", w.users["supervisor2"])
		},
		func() error { return w.event(id, w.day(-240), "release", "", "Released (conditional)", "", prac) },
		func() error {
			return w.phase(id, "pre_release", "reintegration", w.day(-240), "Released on conditions", nil)
		},
		func() error { return w.assessment(id, "post_release", w.day(-100), "low") },
		func() error {
			return w.followUp(id, w.day(-148), 3, "compliant", "Keeps appointments; working with an employer found through the programme.", prac)
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	if err := w.exec("SELECT lifecycle_backfill(ARRAY[$1::uuid])", id); err != nil {
		return err
	}
	// What the phase history cannot tell the backfill: the recall's reason and what followed,
	// the releases' types, agencies and conditions.
	if err := w.exec(`UPDATE releases SET recall_reason = 'breach_of_conditions', recall_outcome = 'returned_to_custody', release_type = 'parole',
		supervising_agency = 'Arcadia Probation Service', conditions = 'Weekly reporting; no contact with the former network.'
		WHERE case_id = $1 AND number = 1`, id); err != nil {
		return err
	}
	if err := w.exec(`UPDATE releases SET release_type = 'conditional', supervising_agency = 'Arcadia Probation Service',
		conditions = 'Reporting every two weeks; curfew from 22:00; employment kept.' WHERE case_id = $1 AND number = 2`, id); err != nil {
		return err
	}
	return syncCaseRelease(w.ctx, w.tx, id)
}

// reentry: the participant of a closed Northgate case (reoffended, recalled) is taken in again
// on a court order, on the demo practitioner's caseload, without consent given.
func (w *demoWriter) reentry() error {
	var prevID, participant string
	var closed time.Time
	err := w.tx.QueryRow(w.ctx, `SELECT c.id, c.participant_id, c.closed_on FROM cases c
		WHERE c.facility_id = $1 AND c.closure_reason = 'reoffended_recalled' AND c.case_manager_id = $2 ORDER BY c.opened_on LIMIT 1`,
		w.spec.Northgate, w.users["psychologist"]).Scan(&prevID, &participant, &closed)
	if err != nil {
		return fmt.Errorf("no closed case to re-enter: %w", err)
	}
	opened := w.day(-12)
	if !opened.After(closed) {
		opened = days(closed, 1)
	}
	prac := w.users["practitioner"]
	id, err := w.id(`INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since, offence_category,
			legal_basis, consent_given, opened_on, next_review_date, case_manager_id, created_by, created_at, previous_case_id)
		VALUES ($1, $2, $3, 'XA', 'custodial', 'assessment', $4, '09059', 'court_order', false, $5, $6, $7, $7, $8, $9) RETURNING id`,
		participant, w.spec.ProgrammeXA, w.spec.Northgate, days(opened, 5), opened, days(opened, 42), prac, w.at(opened), prevID)
	if err != nil {
		return err
	}
	w.touched = append(w.touched, id, prevID)
	w.cases++
	if err := w.exec(`INSERT INTO case_team (case_id, user_id, discipline, added_at) VALUES ($1, $2, 'case_manager', $3)`, id, prac, w.at(opened)); err != nil {
		return err
	}
	if err := w.event(id, opened, "intake", id, "case opened at intake (court order)", "intake", prac); err != nil {
		return err
	}
	if err := w.event(id, opened, "re_entry", prevID, "re-entry: follows the case closed "+closed.Format(time.DateOnly)+" (reoffended_recalled)", "", prac); err != nil {
		return err
	}
	if err := w.event(prevID, opened, "re_entered", id, "the participant re-entered the programme: a new case was opened", "", prac); err != nil {
		return err
	}
	return w.phase(id, "intake", "assessment", days(opened, 5), "", nil)
}

// transfers: a Riverside case moved to Northgate three weeks ago (requested by practitioner2,
// accepted by the supervisor, new team at Northgate, handover on the timeline), and a
// Riverside case in pre-release whose move to Northgate waits for a Northgate supervisor.
func (w *demoWriter) transfers() error {
	var moved string
	if err := w.tx.QueryRow(w.ctx, `SELECT c.id FROM cases c WHERE c.facility_id = $1 AND c.phase = 'intervention'
		AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.case_id = c.id AND a.status = 'pending') ORDER BY c.opened_on LIMIT 1`,
		w.spec.Riverside).Scan(&moved); err != nil {
		return fmt.Errorf("no Riverside case to transfer: %w", err)
	}
	w.touched = append(w.touched, moved)
	pr2, sup := w.users["practitioner2"], w.users["supervisor"]
	tid, err := w.id(`INSERT INTO transfers (case_id, from_facility_id, to_facility_id, reason, transfer_on, requested_by, requested_at)
		VALUES ($1, $2, $3, 'The family has moved near Northgate; visits and aftercare are easier from there.', $4, $5, $6) RETURNING id`,
		moved, w.spec.Riverside, w.spec.Northgate, w.day(-18), pr2, w.at(w.day(-21)))
	if err != nil {
		return err
	}
	if err := w.event(moved, w.day(-21), "transfer.requested", tid, "transfer to Northgate Prison requested, from "+w.day(-18).Format(time.DateOnly), "", pr2); err != nil {
		return err
	}
	if err := w.exec("UPDATE cases SET facility_id = $2 WHERE id = $1", moved, w.spec.Northgate); err != nil {
		return err
	}
	ref := caseRef{ID: moved, Country: "XA", FacilityID: w.spec.Northgate, Phase: domain.PhaseIntervention, Track: domain.TrackCustodial}
	prac, psych := uuidString(w.users["practitioner"]), uuidString(w.users["psychologist"])
	if _, err := replaceTeam(w.ctx, w.tx, ref, prac, []domain.TeamMember{{UserID: prac, Discipline: "case_manager"}, {UserID: psych, Discipline: "psychologist"}}); err != nil {
		return err
	}
	h, err := loadHandover(w.ctx, w.tx, ref)
	if err != nil {
		return err
	}
	if err := w.exec(`UPDATE transfers SET status = 'accepted', decided_by = $2, decided_at = $3, comment = 'Place available; team assigned.', handover = $4
		WHERE id = $1`, tid, sup, w.at(w.day(-18)), handoverToJSON(h)); err != nil {
		return err
	}
	if err := w.exec("UPDATE case_team SET added_at = $2 WHERE case_id = $1", moved, w.at(w.day(-18))); err != nil {
		return err
	}
	if err := w.event(moved, w.day(-18), "transfer.accepted", tid, "transfer from Riverside Prison to Northgate Prison accepted; "+h.Summary(), "", sup); err != nil {
		return err
	}
	if err := w.event(moved, w.day(-18), "team", prac, "team set at Northgate Prison: 2 members", "team", sup); err != nil {
		return err
	}
	var waiting string
	if err := w.tx.QueryRow(w.ctx, `SELECT c.id FROM cases c WHERE c.facility_id = $1 AND c.phase = 'pre_release' ORDER BY c.opened_on LIMIT 1`,
		w.spec.Riverside).Scan(&waiting); err != nil {
		return fmt.Errorf("no Riverside case in pre-release: %w", err)
	}
	w.touched = append(w.touched, waiting)
	tid, err = w.id(`INSERT INTO transfers (case_id, from_facility_id, to_facility_id, reason, transfer_on, requested_by, requested_at)
		VALUES ($1, $2, $3, 'Release area is covered by the Northgate aftercare team.', $4, $5, $6) RETURNING id`,
		waiting, w.spec.Riverside, w.spec.Northgate, w.day(14), pr2, w.at(w.day(-2)))
	if err != nil {
		return err
	}
	return w.event(waiting, w.day(-2), "transfer.requested", tid, "transfer to Northgate Prison requested, from "+w.day(14).Format(time.DateOnly), "", pr2)
}

// communityFollowUps: the closed Harbour cases are followed up from the end of their
// intervention: of the points already due, the first reached, the second not reached (the
// participant refused after withdrawing, or could not be found), the rest left open.
func (w *demoWriter) communityFollowUps() error {
	rows, err := w.tx.Query(w.ctx, `SELECT p.id, p.case_id, p.months, p.due_on, c.closure_reason FROM follow_up_points p JOIN cases c ON c.id = p.case_id
		WHERE c.facility_id = $1 AND p.anchor = 'intervention_end' AND p.status = 'open' AND p.due_on < $2 ORDER BY c.opened_on, p.due_on`,
		w.spec.Harbour, w.today)
	if err != nil {
		return err
	}
	type point struct {
		id, caseID, closure string
		months              int
		due                 time.Time
	}
	pts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (p point, err error) {
		return p, r.Scan(&p.id, &p.caseID, &p.months, &p.due, &p.closure)
	})
	if err != nil {
		return err
	}
	nth := map[string]int{}
	officer := w.users["practitionerxb"]
	for _, p := range pts {
		nth[p.caseID]++
		w.touched = append(w.touched, p.caseID)
		switch nth[p.caseID] {
		case 1:
			on := minDate(days(p.due, 4), w.today)
			if err := w.followUp(p.caseID, on, p.months, "not_applicable", "Settled; in work and in touch with the family.", officer); err != nil {
				return err
			}
			if err := w.exec(`UPDATE follow_up_points SET status = 'reached', follow_up_id = (SELECT id FROM follow_ups WHERE case_id = $2 AND held_on = $3 ORDER BY created_at DESC LIMIT 1),
				closed_on = $3, closed_by = $4, closed_at = $5 WHERE id = $1`, p.id, p.caseID, on, officer, w.at(on)); err != nil {
				return err
			}
		case 2:
			reason := "lost_contact"
			if p.closure == "withdrawn" {
				reason = "refused"
			}
			on := minDate(days(p.due, 10), w.today)
			if err := w.exec(`UPDATE follow_up_points SET status = 'not_reached', not_reached_reason = $2, closed_on = $3, closed_by = $4, closed_at = $5 WHERE id = $1`,
				p.id, reason, on, officer, w.at(on)); err != nil {
				return err
			}
			if err := w.event(p.caseID, on, "follow_up_point.not_reached", p.id, fmt.Sprintf("%d-month follow-up not reached (%s)", p.months, reason), "", officer); err != nil {
				return err
			}
		}
	}
	return nil
}

// legalBases: most Borealis community cases rest on a court order, one participant of which
// withdrew consent without the case closing; two Northgate cases on licence conditions.
func (w *demoWriter) legalBases() error {
	var ids []string
	rows, err := w.tx.Query(w.ctx, `SELECT id FROM cases WHERE facility_id = $1 AND phase IN ('assessment', 'intervention') ORDER BY opened_on`, w.spec.Harbour)
	if err != nil {
		return err
	}
	if ids, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return err
	}
	if len(ids) < 2 {
		return fmt.Errorf("too few open Harbour cases")
	}
	if err := w.exec("UPDATE cases SET legal_basis = 'court_order' WHERE id = ANY($1::uuid[])", ids); err != nil {
		return err
	}
	withdrew := ids[len(ids)-1]
	w.touched = append(w.touched, withdrew)
	if err := w.exec("UPDATE cases SET consent_given = false, consent_withdrawn_on = $2 WHERE id = $1", withdrew, w.day(-9)); err != nil {
		return err
	}
	if err := w.event(withdrew, w.day(-9), "consent.withdrawn", withdrew, "consent withdrawn on "+w.day(-9).Format(time.DateOnly)+": the case goes on (court_order)",
		"", w.users["practitionerxb"]); err != nil {
		return err
	}
	return w.exec(`UPDATE cases SET legal_basis = 'licence_condition' WHERE id IN (SELECT id FROM cases WHERE facility_id = $1 AND phase = 'reintegration'
		ORDER BY opened_on LIMIT 2)`, w.spec.Northgate)
}
