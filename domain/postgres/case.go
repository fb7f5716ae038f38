package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

var caseColumns = `c.id, pa.id, pa.pseudonym, pa.country, pa.birth_year, pa.gender, pa.nationality, pa.categories,
	c.programme_id, c.facility_id, c.country, c.track, c.phase, c.phase_since, coalesce(c.offence_category, ''),
	c.consent_given, c.consent_date, c.opened_on, c.expected_release_date, c.actual_release_date,
	coalesce(c.release_type, ''), c.next_review_date, c.closed_on, coalesce(c.closure_reason, ''),
	coalesce(c.case_manager_id::text, ''), c.version, c.created_at, c.updated_at,
	c.legal_basis, c.consent_withdrawn_on, coalesce(c.previous_case_id::text, ''), ` + overdueCount

const caseFrom = ` FROM cases c JOIN participants pa ON pa.id = c.participant_id`

func scanCase(row pgx.Row, k *domain.Case, extra ...any) error {
	pa := &k.Participant
	return row.Scan(append([]any{&k.ID, &pa.ID, &pa.Pseudonym, &pa.Country, &pa.BirthYear, &pa.Gender, &pa.Nationality, &pa.Categories,
		&k.ProgrammeID, &k.FacilityID, &k.Country, &k.Track, &k.Phase, &k.PhaseSince, &k.OffenceCategory,
		&k.ConsentGiven, &k.ConsentDate, &k.OpenedOn, &k.ExpectedReleaseDate, &k.ActualReleaseDate,
		&k.ReleaseType, &k.NextReviewDate, &k.ClosedOn, &k.ClosureReason,
		&k.CaseManagerID, &k.Version, &k.CreatedAt, &k.UpdatedAt,
		&k.LegalBasis, &k.ConsentWithdrawnOn, &k.PreviousCaseID, &k.OverdueFollowUps}, extra...)...)
}

// teamJSON is the case's team as one JSON column, so a case and its team come back in one
// round trip.
const teamJSON = `coalesce((SELECT json_agg(json_build_object('user_id', t.user_id, 'username', u.username,
		'discipline', t.discipline, 'added_at', t.added_at) ORDER BY t.added_at, u.username)
	FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = c.id), '[]')`

type teamRow struct {
	UserID     string    `json:"user_id"`
	Username   string    `json:"username"`
	Discipline string    `json:"discipline"`
	AddedAt    time.Time `json:"added_at"`
}

// readVisibleCase reads a case the principal may see, with its team, in one query. A miss
// falls back to visibleCase, which tells a denied attempt from a missing case for the audit.
func readVisibleCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	if !validUUID(id) {
		return d, domain.NotFound("case")
	}
	args := []any{id}
	q := "SELECT " + caseColumns + ", " + teamJSON + caseFrom + " WHERE c.id = $1 AND " + caseScope(p, &args)
	var team []teamRow
	err := scanCase(tx.QueryRow(ctx, q, args...), &d.Case, &team)
	if err == pgx.ErrNoRows {
		_, err = visibleCase(ctx, tx, p, id)
		if err == nil { // it became visible between the two statements: read it again
			return loadCase(ctx, tx, id)
		}
		return d, err
	}
	for _, m := range team {
		d.Team = append(d.Team, domain.TeamMember{UserID: m.UserID, Username: m.Username, Discipline: m.Discipline, AddedAt: m.AddedAt.UTC()})
	}
	return d, err
}

// loadCase reads a case and its team, inside tx, without scope checks (the caller made them).
func loadCase(ctx context.Context, tx pgx.Tx, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	if err := scanCase(tx.QueryRow(ctx, "SELECT "+caseColumns+caseFrom+" WHERE c.id = $1", id), &d.Case); err != nil {
		return d, err
	}
	rows, err := tx.Query(ctx, `SELECT t.user_id, u.username, t.discipline, t.added_at FROM case_team t
		JOIN users u ON u.id = t.user_id WHERE t.case_id = $1 ORDER BY t.added_at, u.username`, id)
	if err != nil {
		return d, err
	}
	d.Team, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (m domain.TeamMember, err error) {
		err = r.Scan(&m.UserID, &m.Username, &m.Discipline, &m.AddedAt)
		return m, err
	})
	return d, err
}

// staffCovers: may the principal, as practitioner or supervisor, work at this facility?
func staffCovers(p *domain.Principal, country, facilityID string) bool {
	return p.Covers(domain.RolePractitioner, country, facilityID) || p.Covers(domain.RoleSupervisor, country, facilityID)
}

// facilityInScope checks a facility named in a request: it must exist, be open, and lie in
// the caller's scope. Unknown and out-of-scope facilities get the same answer.
func facilityInScope(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string) (country string, err error) {
	notInScope := domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "not_in_scope", Detail: "not in your scope"})
	if !validUUID(id) {
		return "", notInScope
	}
	err = tx.QueryRow(ctx, "SELECT country FROM facilities WHERE id = $1 AND retired_at IS NULL", id).Scan(&country)
	if err == pgx.ErrNoRows || (err == nil && !staffCovers(p, country, id)) {
		return "", notInScope
	}
	return country, err
}

func checkOffenceCategory(ctx context.Context, tx pgx.Tx, code string) error {
	var ok bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM offence_categories WHERE code = $1 AND retired_at IS NULL)", code).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return domain.Invalid(domain.FieldProblem{Field: "offence_category", Reason: "unknown", Detail: "not an ICCS code in the catalogue"})
	}
	return nil
}

// CreateCase opens a case at intake: a new pseudonymous participant and their case in phase
// intake, with the creator as case manager. When an external reference is given and the same
// person (same country, same keyed HMAC) already has an open case, no case is written: the
// answer names that case's pseudonym when the caller may see it, and otherwise says only that
// it exists (domain.DuplicateIntake). Every match is audited as intake.duplicate, and a user
// is told of at most domain.RefMatchesPerDay matches outside their scope a day.
func (db *DB) CreateCase(ctx context.Context, p *domain.Principal, n domain.NewCase, secret []byte) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	// answer is a refusal whose audit event commits (the transaction writes no case).
	var answer error
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var probs domain.Problems
		if err := n.Validate(db.now()); err != nil {
			return err
		}
		country, err := facilityInScope(ctx, tx, p, n.FacilityID)
		if err != nil {
			return err
		}
		var progCountry string
		if validUUID(n.ProgrammeID) {
			err = tx.QueryRow(ctx, "SELECT country FROM programmes WHERE id = $1 AND retired_at IS NULL", n.ProgrammeID).Scan(&progCountry)
			if err != nil && err != pgx.ErrNoRows {
				return err
			}
		}
		if progCountry == "" {
			probs.Add("programme_id", "unknown", "no such programme")
		} else if progCountry != country {
			probs.Add("programme_id", "other_country", "the programme runs in another country than the facility")
		}
		if n.OffenceCategory != "" {
			if err := checkOffenceCategory(ctx, tx, n.OffenceCategory); err != nil {
				return err
			}
		}
		if err := probs.Err(); err != nil {
			return err
		}
		var participantID, previousCaseID string
		if n.ParticipantID != "" {
			if participantID, previousCaseID, err = reentryParticipant(ctx, tx, p, n.ParticipantID, country); err != nil {
				return err
			}
		} else {
			var refHMAC []byte
			if n.ExternalRef != "" {
				refHMAC = domain.ExternalRefHMAC(secret, country, n.ExternalRef)
				// Two intakes of the same person at once must not both pass the check.
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", fmt.Sprintf("intake:%s:%x", country, refHMAC)); err != nil {
					return err
				}
				// The caller's count of matches outside their scope: the upsert locks it until
				// commit, so their intakes are counted one after the other.
				matches, ends, err := countIn(ctx, tx, "intake_ref_match", p.UserID, domain.RefMatchWindow, 0)
				if err != nil {
					return err
				}
				if !domain.RefLookupAllowed(matches) {
					answer = domain.RefLookupThrottled(time.Until(ends))
					return db.auditIntakeRef(ctx, tx, p, "", map[string]any{"reason": "throttled", "facility_id": n.FacilityID})
				}
				args := []any{country, refHMAC}
				visible := caseScope(p, &args)
				var dupID, dup string
				var inScope bool
				err = tx.QueryRow(ctx, `SELECT c.id, pa.pseudonym, `+visible+` FROM participants pa JOIN cases c ON c.participant_id = pa.id
					WHERE pa.country = $1 AND pa.external_ref_hmac = $2 AND c.phase <> 'closed' ORDER BY 3 DESC LIMIT 1`, args...).Scan(&dupID, &dup, &inScope)
				if err == nil {
					if !inScope {
						if _, _, err := countIn(ctx, tx, "intake_ref_match", p.UserID, domain.RefMatchWindow, 1); err != nil {
							return err
						}
					}
					answer = domain.DuplicateIntake(inScope, dup)
					return db.auditIntakeRef(ctx, tx, p, dupID, map[string]any{"in_scope": inScope, "facility_id": n.FacilityID})
				} else if err != pgx.ErrNoRows {
					return err
				}
				if err := db.knownParticipant(ctx, tx, p, country, refHMAC); err != nil {
					return err
				}
			}
			for attempt := 0; participantID == ""; attempt++ {
				pseudonym, err := domain.NewPseudonym()
				if err != nil {
					return err
				}
				err = tx.QueryRow(ctx, `INSERT INTO participants (pseudonym, country, birth_year, gender, nationality, categories, external_ref_hmac)
					VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (pseudonym) DO NOTHING RETURNING id`,
					pseudonym, country, n.BirthYear, n.Gender, n.Nationality, nonNil(n.Categories), refHMAC).Scan(&participantID)
				if err != nil && (err != pgx.ErrNoRows || attempt > 5) {
					return err
				}
			}
		}
		var caseID string
		err = tx.QueryRow(ctx, `INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since,
				offence_category, consent_given, consent_date, opened_on, expected_release_date, case_manager_id, created_by,
				legal_basis, previous_case_id)
			VALUES ($1, $2, $3, $4, $5, 'intake', current_date, nullif($6, ''), $7, $8, current_date, $9, $10, $10, $11, $12) RETURNING id`,
			participantID, n.ProgrammeID, n.FacilityID, country, n.Track, n.OffenceCategory, n.ConsentGiven, n.ConsentDate,
			n.ExpectedReleaseDate, p.UserID, n.LegalBasis, nullIfEmpty(previousCaseID)).Scan(&caseID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'case_manager')", caseID, p.UserID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: caseID, Kind: "intake", RecordKind: "intake", RefID: caseID,
			Summary: "case opened at intake (" + strings.ReplaceAll(n.LegalBasis, "_", " ") + ")"}); err != nil {
			return err
		}
		if previousCaseID != "" {
			if err := db.linkEpisodes(ctx, tx, p, previousCaseID, caseID); err != nil {
				return err
			}
		}
		if d, err = loadCase(ctx, tx, caseID); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.create", caseID, map[string]any{"facility_id": n.FacilityID,
			"programme_id": n.ProgrammeID, "track": n.Track, "external_ref": n.ExternalRef != "", "legal_basis": n.LegalBasis,
			"reentry_of": previousCaseID})
	})
	if err == nil && answer != nil {
		commitRefusal(ctx)
		return domain.CaseDetail{}, answer
	}
	return d, err
}

// auditIntakeRef records an intake refused over its external reference: a match with an
// open case (named, for the auditor, even when the caller may not see it) or a lookup over
// the day's limit. Auditors find them all under intake.duplicate.
func (db *DB) auditIntakeRef(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID string, kv map[string]any) error {
	ev := domain.NewAuditEvent(p, "intake.duplicate", "case", caseID, domain.OutcomeDenied)
	ev.Details = details(kv)
	return db.appendAudit(ctx, tx, ev)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ListCases lists the cases in the caller's caseload, newest first, one page at a time.
func (db *DB) ListCases(ctx context.Context, p *domain.Principal, f domain.CaseFilter) ([]domain.Case, string, error) {
	var out []domain.Case
	var next string
	limit := pageLimit(f.Limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		args := []any{}
		where := []string{caseScope(p, &args)}
		arg := func(v any) string {
			args = append(args, v)
			return "$" + strconv.Itoa(len(args))
		}
		if f.Phase != "" {
			where = append(where, "c.phase = "+arg(string(f.Phase)))
		}
		if f.FacilityID != "" {
			if !validUUID(f.FacilityID) {
				return domain.Invalid(domain.FieldProblem{Field: "facility_id", Reason: "uuid", Detail: "must be a UUID"})
			}
			where = append(where, "c.facility_id = "+arg(f.FacilityID))
		}
		if f.ProgrammeID != "" {
			if !validUUID(f.ProgrammeID) {
				return domain.Invalid(domain.FieldProblem{Field: "programme_id", Reason: "uuid", Detail: "must be a UUID"})
			}
			where = append(where, "c.programme_id = "+arg(f.ProgrammeID))
		}
		if f.Overdue {
			where = append(where, "c.phase <> 'closed' AND c.next_review_date < current_date")
		}
		if f.FollowUpOverdue {
			where = append(where, overdueCondition())
		}
		if f.Cursor != "" {
			at, id, err := parseTimeCursor(f.Cursor)
			if err != nil {
				return err
			}
			where = append(where, "(c.created_at, c.id) < ("+arg(at)+", "+arg(id)+"::uuid)")
		}
		q := "SELECT " + caseColumns + caseFrom + " WHERE " + strings.Join(where, " AND ") +
			" ORDER BY c.created_at DESC, c.id DESC LIMIT " + strconv.Itoa(limit+1)
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (k domain.Case, err error) {
			err = scanCase(r, &k)
			return k, err
		})
		if err != nil {
			return err
		}
		if len(out) > limit {
			out = out[:limit]
			last := out[limit-1]
			next = timeCursor(last.CreatedAt, last.ID)
		}
		// The trail names every case the list showed, not just how many.
		ev := domain.NewAuditEvent(p, "case.list", "case", "", domain.OutcomeSuccess)
		ids := make([]string, len(out))
		for i, k := range out {
			ids[i] = k.ID
		}
		ev.Details = details(map[string]any{"count": len(out), "case_ids": ids})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, next, err
}

// GetCase reads one case in the caller's caseload.
// GetCase reads one case with its team, and audits the read. The usual answer, a case the
// caller may see, is one statement: the read and its audit row in a data-modifying CTE,
// which PostgreSQL runs as one transaction. Anything else (out of scope, no such case)
// takes the ordinary path, which audits the denied attempt.
func (db *DB) GetCase(ctx context.Context, p *domain.Principal, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	if validUUID(id) && unitOf(ctx) == nil { // inside a unit of work, every statement goes through its transaction
		args := []any{id}
		scope := caseScope(p, &args)
		ev := domain.NewAuditEvent(p, "case.read", "case", id, domain.OutcomeSuccess)
		first := len(args) + 1
		args = append(args, db.auditArgs(&ev)...)
		q := "WITH c AS (SELECT " + caseColumns + ", " + teamJSON + caseFrom + " WHERE c.id = $1 AND " + scope + "), " +
			"a AS (INSERT INTO audit_events " + auditInsertColumns + " SELECT " + strings.TrimSuffix(strings.TrimPrefix(auditPlaceholders(first), "("), ")") + " FROM c) " +
			"SELECT * FROM c"
		var team []teamRow
		err := scanCase(db.pool.QueryRow(ctx, q, args...), &d.Case, &team)
		if err == nil {
			for _, m := range team {
				d.Team = append(d.Team, domain.TeamMember{UserID: m.UserID, Username: m.Username, Discipline: m.Discipline, AddedAt: m.AddedAt.UTC()})
			}
			return d, nil
		}
		if err != pgx.ErrNoRows {
			return d, translate(err)
		}
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if d, err = readVisibleCase(ctx, tx, p, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.read", id, nil)
	})
	return d, err
}

// checkVersion compares the client's If-Match with the case's version.
func checkVersion(ref caseRef, version int) error {
	if ref.Version != version {
		return domain.Errorf(domain.CodePreconditionFailed, "the case has changed since you read it (now version %d): reload and try again", ref.Version)
	}
	return nil
}

// UpdateCase changes the editable fields of a case. The version must match (If-Match).
func (db *DB) UpdateCase(ctx context.Context, p *domain.Principal, id string, version int, u domain.CaseUpdate) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		if ref.Phase == domain.PhaseClosed {
			return domain.Errorf(domain.CodeConflict, "a closed case cannot be changed")
		}
		var probs domain.Problems
		if err := domain.CheckRecordDates(ref.OpenedOn, u.Dates()...); err != nil {
			return err
		}
		var sets []string
		var changed []string
		args := []any{id}
		set := func(col string, v any) {
			args = append(args, v)
			sets = append(sets, col+" = $"+strconv.Itoa(len(args)))
			changed = append(changed, col)
		}
		if u.ExpectedReleaseDate.Set {
			if ref.Track != domain.TrackCustodial && u.ExpectedReleaseDate.Value != nil {
				probs.Add("expected_release_date", "not_for_track", "a non-custodial case has no release date")
			}
			set("expected_release_date", u.ExpectedReleaseDate.Value)
		}
		if u.ReleaseType.Set && u.ReleaseType.Value != nil && !slices.Contains(domain.ReleaseTypes, *u.ReleaseType.Value) {
			probs.Add("release_type", "oneof", "must be one of "+strings.Join(domain.ReleaseTypes, ", "))
		}
		if u.ActualReleaseDate.Set && u.ActualReleaseDate.Value != nil && ref.Track != domain.TrackCustodial {
			probs.Add("actual_release_date", "not_for_track", "a non-custodial case has no release date")
		}
		if u.OffenceCategory.Set {
			if u.OffenceCategory.Value != nil {
				if err := checkOffenceCategory(ctx, tx, *u.OffenceCategory.Value); err != nil {
					return err
				}
			}
			set("offence_category", u.OffenceCategory.Value)
		}
		if u.FacilityID.Set {
			probs.Add("facility_id", "use_transfer", "a case moves to another facility through a transfer, which the receiving facility accepts")
		}
		if err := probs.Err(); err != nil {
			return err
		}
		releaseTouched := u.ActualReleaseDate.Set || u.ReleaseType.Set
		if len(sets) == 0 && !releaseTouched {
			return domain.Invalid(domain.FieldProblem{Field: "body", Reason: "empty", Detail: "send at least one field to change"})
		}
		if len(sets) > 0 {
			if _, err := tx.Exec(ctx, "UPDATE cases SET "+strings.Join(sets, ", ")+" WHERE id = $1", args...); err != nil {
				return err
			}
			if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: id, Kind: "case.updated", RefID: id,
				Summary: "changed " + strings.Join(changed, ", "), Practices: []string{}}); err != nil {
				return err
			}
		}
		if releaseTouched {
			if err := patchRelease(ctx, tx, p, ref, u); err != nil {
				return err
			}
			if u.ActualReleaseDate.Set {
				changed = append(changed, "actual_release_date")
			}
			if u.ReleaseType.Set {
				changed = append(changed, "release_type")
			}
		}
		if d, err = loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.update", id, map[string]any{"fields": changed})
	})
	return d, err
}

// SetCaseTeam replaces a case's team and names its case manager. Every member must be an
// active practitioner or supervisor whose scope covers the case's facility: nobody is put on
// a case they could not lawfully see.
func (db *DB) SetCaseTeam(ctx context.Context, p *domain.Principal, id string, version int, managerID string, members []domain.TeamMember) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		if ref.Phase == domain.PhaseClosed {
			return domain.Errorf(domain.CodeConflict, "a closed case cannot be changed")
		}
		ids, err := replaceTeam(ctx, tx, ref, managerID, members)
		if err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: id, Kind: "team", RecordKind: "team", RefID: managerID,
			Summary: fmt.Sprintf("team set: %d members", len(members))}); err != nil {
			return err
		}
		if d, err = loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.team", id, map[string]any{"members": ids, "case_manager_id": managerID})
	})
	return d, err
}

// replaceTeam checks and writes a case's new team and case manager, inside tx: every member
// an active practitioner or supervisor whose scope covers the case's facility (ref), the
// manager among them. It returns the members' ids.
func replaceTeam(ctx context.Context, tx pgx.Tx, ref caseRef, managerID string, members []domain.TeamMember) ([]string, error) {
	var probs domain.Problems
	seen := map[string]bool{}
	ids := make([]string, 0, len(members))
	for i, m := range members {
		field := fmt.Sprintf("members[%d].user_id", i)
		if !slices.Contains(domain.Disciplines, m.Discipline) {
			probs.Add(fmt.Sprintf("members[%d].discipline", i), "oneof", "unknown discipline")
		}
		if seen[m.UserID] {
			probs.Add(field, "duplicate", "listed twice")
			continue
		}
		seen[m.UserID] = true
		ok := false
		if validUUID(m.UserID) {
			err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users u JOIN memberships ms ON ms.user_id = u.id
			WHERE u.id = $1 AND NOT u.disabled AND ms.role IN ('practitioner', 'supervisor')
			AND (ms.scope_kind = 'global' OR (ms.scope_kind = 'country' AND ms.country = $2) OR (ms.scope_kind = 'facility' AND ms.facility_id = $3)))`,
				m.UserID, ref.Country, ref.FacilityID).Scan(&ok)
			if err != nil {
				return nil, err
			}
		}
		if !ok {
			probs.Add(field, "not_eligible", "not an active practitioner or supervisor covering this case's facility")
		}
		ids = append(ids, m.UserID)
	}
	if !seen[managerID] {
		probs.Add("case_manager_id", "not_a_member", "the case manager must be a member of the team")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM case_team WHERE case_id = $1 AND NOT (user_id = ANY($2::uuid[]))", ref.ID, ids); err != nil {
		return nil, err
	}
	for _, m := range members {
		if _, err := tx.Exec(ctx, `INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, $3)
		ON CONFLICT (case_id, user_id) DO UPDATE SET discipline = EXCLUDED.discipline`, ref.ID, m.UserID, m.Discipline); err != nil {
			return nil, err
		}
	}
	if _, err := tx.Exec(ctx, "UPDATE cases SET case_manager_id = $2 WHERE id = $1", ref.ID, managerID); err != nil {
		return nil, err
	}
	return ids, nil
}

// CaseTimeline lists a case's events, newest first.
func (db *DB) CaseTimeline(ctx context.Context, p *domain.Principal, id, cursor string, limit int) ([]domain.CaseEvent, string, error) {
	var out []domain.CaseEvent
	var next string
	limit = pageLimit(limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := visibleCase(ctx, tx, p, id); err != nil {
			return err
		}
		before := int64(1<<63 - 1)
		if cursor != "" {
			var err error
			if before, err = parseSeqCursor(cursor); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT e.id, e.at, e.occurred_on, e.kind, e.ref_id, e.summary, e.practices, coalesce(u.username, '')
			FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
			WHERE e.case_id = $1 AND e.id < $2 ORDER BY e.id DESC LIMIT $3`, id, before, limit+1)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (e domain.CaseEvent, err error) {
			err = r.Scan(&e.ID, &e.At, &e.OccurredOn, &e.Kind, &e.RefID, &e.Summary, &e.Practices, &e.Actor)
			return e, err
		})
		if err != nil {
			return err
		}
		if len(out) > limit {
			out = out[:limit]
			next = seqCursor(out[limit-1].ID)
		}
		return db.auditCase(ctx, tx, p, "case.timeline", id, map[string]any{"count": len(out)})
	})
	return out, next, err
}
