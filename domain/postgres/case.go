package postgres

import (
	"context"
	"errors"
	"fmt"
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
	c.legal_basis, c.consent_withdrawn_on, coalesce(c.previous_case_id::text, ''),
	EXISTS (SELECT 1 FROM cases n WHERE n.previous_case_id = c.id), ` + overdueCount

const caseFrom = ` FROM cases c JOIN participants pa ON pa.id = c.participant_id`

func scanCase(row pgx.Row, k *domain.Case, extra ...any) error {
	pa := &k.Participant
	return row.Scan(append([]any{&k.ID, &pa.ID, &pa.Pseudonym, &pa.Country, &pa.BirthYear, &pa.Gender, &pa.Nationality, &pa.Categories,
		&k.ProgrammeID, &k.FacilityID, &k.Country, &k.Track, &k.Phase, &k.PhaseSince, &k.OffenceCategory,
		&k.ConsentGiven, &k.ConsentDate, &k.OpenedOn, &k.ExpectedReleaseDate, &k.ActualReleaseDate,
		&k.ReleaseType, &k.NextReviewDate, &k.ClosedOn, &k.ClosureReason,
		&k.CaseManagerID, &k.Version, &k.CreatedAt, &k.UpdatedAt,
		&k.LegalBasis, &k.ConsentWithdrawnOn, &k.PreviousCaseID, &k.ReEntered, &k.OverdueFollowUps}, extra...)...)
}

// relatedCasesJSON is, as one JSON column, the participant's earlier case this one re-enters
// the programme from and the later cases that re-enter it, oldest first, each with whether
// the principal may open it (its scope arguments go to args).
func relatedCasesJSON(p *domain.Principal, args *[]any) string {
	return `coalesce((SELECT json_agg(json_build_object('id', o.id,
			'relation', CASE WHEN o.id = c.previous_case_id THEN 'previous' ELSE 'next' END,
			'opened_on', o.opened_on, 'closed_on', o.closed_on, 'visible', ` + caseScopeOn(p, "o", args) + `) ORDER BY o.opened_on)
		FROM cases o WHERE o.id = c.previous_case_id OR o.previous_case_id = c.id), '[]')`
}

type relatedRow struct {
	ID       string `json:"id"`
	Relation string `json:"relation"`
	OpenedOn pgDate `json:"opened_on"`
	ClosedOn pgDate `json:"closed_on"`
	Visible  bool   `json:"visible"`
}

func relatedCases(k *domain.Case, rows []relatedRow) []domain.RelatedCase {
	var out []domain.RelatedCase
	for _, r := range rows {
		if r.Relation == "previous" {
			k.PreviousVisible = r.Visible
		}
		rc := domain.RelatedCase{ID: r.ID, Relation: r.Relation, OpenedOn: r.OpenedOn.Time, Visible: r.Visible}
		if !r.ClosedOn.IsZero() {
			d := r.ClosedOn.Time
			rc.ClosedOn = &d
		}
		out = append(out, rc)
	}
	return out
}

// teamJSON is the case's team as one JSON column, so a case and its team come back in one
// round trip.
const teamJSON = `coalesce((SELECT json_agg(json_build_object('user_id', t.user_id, 'username', u.username,
		'display_name', u.display_name, 'discipline', t.discipline, 'added_at', t.added_at) ORDER BY t.added_at, u.username)
	FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = c.id), '[]')`

type teamRow struct {
	UserID      string    `json:"user_id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Discipline  string    `json:"discipline"`
	AddedAt     time.Time `json:"added_at"`
}

// readVisibleCase reads a case the principal may see, with its team, in one query. A miss
// falls back to visibleCase, which tells a denied attempt from a missing case for the audit.
func readVisibleCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	if !validUUID(id) {
		return d, domain.NotFound("case")
	}
	args := []any{id}
	related := relatedCasesJSON(p, &args)
	q := "SELECT " + caseColumns + ", " + teamJSON + ", " + related + caseFrom + " WHERE c.id = $1 AND " + caseScope(p, &args)
	var team []teamRow
	var rel []relatedRow
	err := scanCase(tx.QueryRow(ctx, q, args...), &d.Case, &team, &rel)
	d.Related = relatedCases(&d.Case, rel)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = visibleCase(ctx, tx, p, id)
		if err == nil { // it became visible between the two statements: read it again
			return loadCase(ctx, tx, p, id)
		}
		return d, err
	}
	for _, m := range team {
		d.Team = append(d.Team, domain.TeamMember{UserID: m.UserID, Username: m.Username, DisplayName: m.DisplayName, Discipline: m.Discipline, AddedAt: m.AddedAt.UTC()})
	}
	if err == nil {
		reached(ctx, d.ID)
	}
	return d, err
}

// loadCase reads a case and its team, inside tx, without scope checks on the case (the
// caller made them); whether p may open the earlier case it re-enters after is read too.
func loadCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	args := []any{id}
	previous := "coalesce((SELECT " + caseScopeOn(p, "o", &args) + " FROM cases o WHERE o.id = c.previous_case_id), false)"
	if err := scanCase(tx.QueryRow(ctx, "SELECT "+caseColumns+", "+previous+caseFrom+" WHERE c.id = $1", args...), &d.Case, &d.PreviousVisible); err != nil {
		return d, err
	}
	rows, err := tx.Query(ctx, `SELECT t.user_id, u.username, u.display_name, t.discipline, t.added_at FROM case_team t
		JOIN users u ON u.id = t.user_id WHERE t.case_id = $1 ORDER BY t.added_at, u.username`, id)
	if err != nil {
		return d, err
	}
	d.Team, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (m domain.TeamMember, err error) {
		err = r.Scan(&m.UserID, &m.Username, &m.DisplayName, &m.Discipline, &m.AddedAt)
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
	// FOR SHARE: a retirement of the facility waits for this transaction, then counts what it
	// wrote (UpdateFacility); one already under way makes this wait and then find it retired.
	err = tx.QueryRow(ctx, "SELECT country FROM facilities WHERE id = $1 AND retired_at IS NULL FOR SHARE", id).Scan(&country)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !staffCovers(p, country, id)) {
		return "", notInScope
	}
	return country, err
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
		if err := n.Validate(db.now()); err != nil {
			return err
		}
		country, err := facilityInScope(ctx, tx, p, n.FacilityID)
		if err != nil {
			return err
		}
		if err := checkIntakePlacement(ctx, tx, n, country); err != nil {
			return err
		}
		var participantID, previousCaseID string
		if n.ParticipantID != "" {
			participantID, previousCaseID, err = reentryParticipant(ctx, tx, p, n.ParticipantID, country)
		} else {
			participantID, answer, err = db.newParticipant(ctx, tx, p, n, country, secret)
		}
		if err != nil || answer != nil {
			return err
		}
		caseID, err := db.openCase(ctx, tx, p, n, country, participantID, previousCaseID)
		if err != nil {
			return err
		}
		if d, err = loadCase(ctx, tx, p, caseID); err != nil {
			return err
		}
		reached(ctx, caseID)
		return db.auditCase(ctx, tx, p, "case.create", caseRef{ID: caseID, Country: country, FacilityID: n.FacilityID}, map[string]any{"facility_id": n.FacilityID,
			"programme_id": n.ProgrammeID, "track": n.Track, "external_ref": n.ExternalRef != "", "legal_basis": n.LegalBasis,
			"reentry_of": previousCaseID})
	})
	if err == nil && answer != nil {
		commitRefusal(ctx)
		return domain.CaseDetail{}, answer
	}
	return d, err
}

// checkIntakePlacement loads an intake's placement facts in one query and applies
// domain.CheckIntakePlacement.
func checkIntakePlacement(ctx context.Context, tx pgx.Tx, n domain.NewCase, facilityCountry string) error {
	f := domain.IntakeFacts{FacilityCountry: facilityCountry, OffenceGiven: n.OffenceCategory != ""}
	programme := n.ProgrammeID
	if !validUUID(programme) {
		programme = ""
	}
	err := tx.QueryRow(ctx, `SELECT coalesce((SELECT country FROM programmes WHERE id = nullif($1, '')::uuid AND retired_at IS NULL), ''),
			EXISTS (SELECT 1 FROM offence_categories WHERE code = $2 AND retired_at IS NULL)`,
		programme, n.OffenceCategory).Scan(&f.ProgrammeCountry, &f.OffenceKnown)
	if err != nil {
		return err
	}
	return domain.CheckIntakePlacement(f)
}

// newParticipant writes the intake's new participant under a fresh pseudonym, unless its
// external reference names a person with an open case or the caller's lookups are spent:
// then it returns the refusal (audited) and writes nothing.
func (db *DB) newParticipant(ctx context.Context, tx pgx.Tx, p *domain.Principal, n domain.NewCase, country string, secret []byte) (string, error, error) {
	var refHMAC []byte
	if n.ExternalRef != "" {
		refHMAC = domain.ExternalRefHMAC(secret, country, n.ExternalRef)
		if answer, err := db.checkIntakeRef(ctx, tx, p, n, country, refHMAC); answer != nil || err != nil {
			return "", answer, err
		}
	}
	var id string
	for attempt := 0; id == ""; attempt++ {
		pseudonym, err := domain.NewPseudonym()
		if err != nil {
			return "", nil, err
		}
		err = tx.QueryRow(ctx, `INSERT INTO participants (pseudonym, country, birth_year, gender, nationality, categories, external_ref_hmac)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (pseudonym) DO NOTHING RETURNING id`,
			pseudonym, country, n.BirthYear, n.Gender, n.Nationality, nonNil(n.Categories), refHMAC).Scan(&id)
		if err != nil && (!errors.Is(err, pgx.ErrNoRows) || attempt > 5) {
			return "", nil, err
		}
	}
	return id, nil, nil
}

// checkIntakeRef loads what an intake's external reference matches (the caller's matches
// so far, the same person's open case) and applies domain.DecideIntakeRef; a refusal is
// audited as intake.duplicate and returned as the answer.
func (db *DB) checkIntakeRef(ctx context.Context, tx pgx.Tx, p *domain.Principal, n domain.NewCase, country string, refHMAC []byte) (error, error) {
	// Two intakes of the same person at once must not both pass the check.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", fmt.Sprintf("intake:%s:%x", country, refHMAC)); err != nil {
		return nil, err
	}
	// The caller's count of matches outside their scope: the upsert locks it until commit,
	// so their intakes are counted one after the other.
	matches, ends, err := countIn(ctx, tx, "intake_ref_match", p.UserID, domain.RefMatchWindow, 0)
	if err != nil {
		return nil, err
	}
	m := domain.RefMatch{MatchesSoFar: matches}
	args := []any{country, refHMAC}
	visible := caseScope(p, &args)
	var dupID string
	err = tx.QueryRow(ctx, `SELECT c.id, pa.pseudonym, `+visible+` FROM participants pa JOIN cases c ON c.participant_id = pa.id
		WHERE pa.country = $1 AND pa.external_ref_hmac = $2 AND c.phase <> 'closed' ORDER BY 3 DESC LIMIT 1`, args...).Scan(&dupID, &m.Pseudonym, &m.InScope)
	m.Open = err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	decision, counts := domain.DecideIntakeRef(m)
	switch decision {
	case domain.RefThrottled:
		return domain.RefLookupThrottled(time.Until(ends)), db.auditIntakeRef(ctx, tx, p, "", map[string]any{"reason": "throttled", "facility_id": n.FacilityID})
	case domain.RefDuplicate:
		if counts {
			if _, _, err := countIn(ctx, tx, "intake_ref_match", p.UserID, domain.RefMatchWindow, 1); err != nil {
				return nil, err
			}
		}
		return domain.DuplicateIntake(m.InScope, m.Pseudonym), db.auditIntakeRef(ctx, tx, p, dupID, map[string]any{"in_scope": m.InScope, "facility_id": n.FacilityID})
	}
	return nil, db.knownParticipant(ctx, tx, p, country, refHMAC)
}

// openCase writes the case in phase intake with the caller as case manager, its intake
// event, and, for a re-entry, the link to the previous episode.
func (db *DB) openCase(ctx context.Context, tx pgx.Tx, p *domain.Principal, n domain.NewCase, country, participantID, previousCaseID string) (string, error) {
	var caseID string
	err := tx.QueryRow(ctx, `INSERT INTO cases (participant_id, programme_id, facility_id, country, track, phase, phase_since,
			offence_category, consent_given, consent_date, opened_on, expected_release_date, case_manager_id, created_by,
			legal_basis, previous_case_id)
		VALUES ($1, $2, $3, $4, $5, 'intake', current_date, nullif($6, ''), $7, $8, current_date, $9, $10, $10, $11, $12) RETURNING id`,
		participantID, n.ProgrammeID, n.FacilityID, country, n.Track, n.OffenceCategory, n.ConsentGiven, n.ConsentDate,
		n.ExpectedReleaseDate, p.UserID, n.LegalBasis, nullIfEmpty(previousCaseID)).Scan(&caseID)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, 'case_manager')", caseID, p.UserID); err != nil {
		return "", err
	}
	if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: caseID, RecordKind: "intake", RefID: caseID,
		TimelineEvent: domain.EventIntake(n.LegalBasis)}); err != nil {
		return "", err
	}
	if previousCaseID != "" {
		if err := db.linkEpisodes(ctx, tx, p, previousCaseID, caseID); err != nil {
			return "", err
		}
	}
	return caseID, nil
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

// ListCases lists the cases in the caller's caseload, newest first or in the order asked,
// one page at a time, each with its case manager and next due date (computed in the same
// query), and audits which cases the page showed. A search by pseudonym is held to the same
// caseload and audited as a search. A malformed facility, programme, search or cursor is
// answered as a client error, never a database one.
func (db *DB) ListCases(ctx context.Context, p *domain.Principal, f domain.CaseFilter) ([]domain.CaseListEntry, string, error) {
	var out []domain.CaseListEntry
	var next string
	limit := pageLimit(f.Limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		w := caseListWhere{}
		w.add(caseScope(p, &w.args))
		search, err := w.filter(f)
		if err != nil {
			return err
		}
		key, order := caseSortKey(f.Sort, f.Desc)
		if err := w.cursor(f, key); err != nil {
			return err
		}
		previous := "coalesce((SELECT " + caseScopeOn(p, "o", &w.args) + " FROM cases o WHERE o.id = c.previous_case_id), false)"
		q := "SELECT " + caseColumns + ", coalesce(mu.username, ''), coalesce(mu.display_name, ''), nd.due_on, coalesce(nd.kind, ''), " + previous + ", " + key +
			caseFrom + caseListJoins + " WHERE " + strings.Join(w.where, " AND ") + " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit+1)
		rows, err := tx.Query(ctx, q, w.args...)
		if err != nil {
			return err
		}
		if out, next, err = collectCasePage(rows, f.Sort, limit); err != nil {
			return err
		}
		return db.auditCaseList(ctx, tx, p, f, search, out)
	})
	return out, next, err
}

// auditCaseList records the page of cases a list showed: the trail names every case, not
// just how many; a search says what it looked for, so a search that found cases reads in
// the trail as reading them.
func (db *DB) auditCaseList(ctx context.Context, tx pgx.Tx, p *domain.Principal, f domain.CaseFilter, search string, page []domain.CaseListEntry) error {
	action, det := "case.list", map[string]any{}
	if f.Query != "" {
		action, det = "case.search", map[string]any{"pseudonym_start": search}
	}
	ev := domain.NewAuditEvent(p, action, "case", "", domain.OutcomeSuccess)
	ids := make([]string, len(page))
	for i, k := range page {
		ids[i] = k.ID
	}
	det["count"], det["case_ids"] = len(page), ids
	ev.Details = details(det)
	return db.appendAudit(ctx, tx, ev)
}

// GetCase reads one case in the caller's caseload with its team, and audits the read;
// NotFound when the case is out of scope or absent, alike. The usual answer, a case the
// caller may see, is one statement: the read and its audit row in a data-modifying CTE,
// which PostgreSQL runs as one transaction. Anything else (out of scope, no such case)
// takes the ordinary path, which audits the denied attempt.
func (db *DB) GetCase(ctx context.Context, p *domain.Principal, id string) (domain.CaseDetail, error) {
	var d domain.CaseDetail
	// Inside a unit of work every statement goes through its transaction. A caller who holds
	// both staff roles takes the ordinary path too: the role their read is audited under
	// depends on the case's place (domain.NewCaseAuditEvent), known only once it is read.
	bothRoles := len(p.Scopes(domain.RolePractitioner)) > 0 && len(p.Scopes(domain.RoleSupervisor)) > 0
	if validUUID(id) && unitOf(ctx) == nil && !bothRoles {
		args := []any{id}
		related := relatedCasesJSON(p, &args)
		scope := caseScope(p, &args)
		ev := domain.NewAuditEvent(p, "case.read", "case", id, domain.OutcomeSuccess)
		first := len(args) + 1
		args = append(args, db.auditArgs(&ev)...)
		q := "WITH c AS (SELECT " + caseColumns + ", " + teamJSON + ", " + related + caseFrom + " WHERE c.id = $1 AND " + scope + "), " +
			"a AS (INSERT INTO audit_events " + auditInsertColumns + " SELECT " + strings.TrimSuffix(strings.TrimPrefix(auditPlaceholders(first), "("), ")") + " FROM c) " +
			"SELECT * FROM c"
		var team []teamRow
		var rel []relatedRow
		err := scanCase(db.pool.QueryRow(ctx, q, args...), &d.Case, &team, &rel)
		if err == nil {
			d.Related = relatedCases(&d.Case, rel)
			for _, m := range team {
				d.Team = append(d.Team, domain.TeamMember{UserID: m.UserID, Username: m.Username, DisplayName: m.DisplayName, Discipline: m.Discipline, AddedAt: m.AddedAt.UTC()})
			}
			return d, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return d, translate(err)
		}
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if d, err = readVisibleCase(ctx, tx, p, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.read", caseRef{ID: d.ID, Country: d.Country, FacilityID: d.FacilityID}, nil)
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

// UpdateCase changes the editable fields of a case: the version must match (If-Match), and
// domain.PlanCaseUpdate decides what the patch may change. The case's own fields go on its
// row and its timeline; a release date or type goes to its release record (patchRelease).
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
		facts, err := loadCaseUpdateFacts(ctx, tx, ref, u)
		if err != nil {
			return err
		}
		changes, err := domain.PlanCaseUpdate(facts, u)
		if err != nil {
			return err
		}
		if fields := changes.CaseFields(); len(fields) > 0 {
			var sets []string
			args := []any{id}
			set := func(col string, v any) {
				args = append(args, v)
				sets = append(sets, col+" = $"+strconv.Itoa(len(args)))
			}
			if changes.ExpectedReleaseDate.Set {
				set("expected_release_date", changes.ExpectedReleaseDate.Value)
			}
			if changes.OffenceCategory.Set {
				set("offence_category", changes.OffenceCategory.Value)
			}
			if _, err := tx.Exec(ctx, "UPDATE cases SET "+strings.Join(sets, ", ")+" WHERE id = $1", args...); err != nil {
				return err
			}
			if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: id, RefID: id,
				TimelineEvent: domain.EventCaseUpdated(fields), Practices: []string{}}); err != nil {
				return err
			}
		}
		if changes.TouchesRelease() {
			if err := patchRelease(ctx, tx, p, ref, changes.Release); err != nil {
				return err
			}
		}
		if d, err = loadCase(ctx, tx, p, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.update", ref, map[string]any{"fields": changes.Fields()})
	})
	return d, err
}

// loadCaseUpdateFacts gathers what domain.PlanCaseUpdate looks at: the locked case (ref) and,
// when the update names an offence category, whether the catalogue holds it as a current
// code (one query).
func loadCaseUpdateFacts(ctx context.Context, tx pgx.Tx, ref caseRef, u domain.CaseUpdate) (domain.CaseUpdateFacts, error) {
	f := domain.CaseUpdateFacts{Phase: ref.Phase, Track: ref.Track, OpenedOn: ref.OpenedOn}
	if !u.OffenceCategory.Set || u.OffenceCategory.Value == nil {
		return f, nil
	}
	err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM offence_categories WHERE code = $1 AND retired_at IS NULL)",
		*u.OffenceCategory.Value).Scan(&f.OffenceCategoryKnown)
	return f, err
}

// SetCaseTeam replaces a case's team and names its case manager. domain.PlanTeamChange
// decides: the caller supervises the case (a refusal is audited), the case is open, and
// every member is an active practitioner or supervisor whose scope covers the case's
// facility, so nobody is put on a case they could not lawfully see.
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
		facts, err := loadTeamFacts(ctx, tx, ref, members)
		if err != nil {
			return err
		}
		ids, refusal, err := domain.PlanTeamChange(p.OnCase(ref.Country, ref.FacilityID), facts, managerID, members)
		if refusal != "" {
			return refuse(p, "case.team", "case", ref.ID, err, map[string]any{"reason": refusal})
		} else if err != nil {
			return err
		}
		if err := writeTeam(ctx, tx, ref, managerID, members, ids); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: id, RecordKind: "team", RefID: managerID,
			TimelineEvent: domain.EventTeamSet(len(members))}); err != nil {
			return err
		}
		if d, err = loadCase(ctx, tx, p, id); err != nil {
			return err
		}
		return db.auditCase(ctx, tx, p, "case.team", ref, map[string]any{"members": ids, "case_manager_id": managerID})
	})
	return d, err
}

// replaceTeam checks (domain.CheckTeam) and writes a case's new team and case manager,
// inside tx, for a case at the facility ref names. It returns the members' ids.
func replaceTeam(ctx context.Context, tx pgx.Tx, ref caseRef, managerID string, members []domain.TeamMember) ([]string, error) {
	facts, err := loadTeamFacts(ctx, tx, ref, members)
	if err != nil {
		return nil, err
	}
	ids, err := domain.CheckTeam(facts, managerID, members)
	if err != nil {
		return nil, err
	}
	return ids, writeTeam(ctx, tx, ref, managerID, members, ids)
}

// loadTeamFacts reads, in one query, what the team rules look at: the case's phase and which
// of the named users are active practitioners or supervisors with a membership covering the
// facility ref names (the case's, or the one a transfer takes it to). Ids that are not
// UUIDs are nobody's and never reach the query.
func loadTeamFacts(ctx context.Context, tx pgx.Tx, ref caseRef, members []domain.TeamMember) (domain.TeamFacts, error) {
	f := domain.TeamFacts{Phase: ref.Phase}
	named := make([]string, 0, len(members))
	for _, m := range members {
		if validUUID(m.UserID) {
			named = append(named, m.UserID)
		}
	}
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(n.id), '{}') FROM unnest($1::text[]) n(id)
		WHERE EXISTS (SELECT 1 FROM users u JOIN memberships ms ON ms.user_id = u.id
			WHERE u.id = n.id::uuid AND NOT u.disabled AND ms.role IN ('practitioner', 'supervisor')
			AND (ms.scope_kind = 'global' OR (ms.scope_kind = 'country' AND ms.country = $2) OR (ms.scope_kind = 'facility' AND ms.facility_id = $3)))`,
		named, ref.Country, ref.FacilityID).Scan(&f.Eligible)
	return f, err
}

// writeTeam writes a checked team: members not named any more leave, the named ones join or
// change discipline, and the case manager is set.
func writeTeam(ctx context.Context, tx pgx.Tx, ref caseRef, managerID string, members []domain.TeamMember, ids []string) error {
	if _, err := tx.Exec(ctx, "DELETE FROM case_team WHERE case_id = $1 AND NOT (user_id = ANY($2::uuid[]))", ref.ID, ids); err != nil {
		return err
	}
	for _, m := range members {
		if _, err := tx.Exec(ctx, `INSERT INTO case_team (case_id, user_id, discipline) VALUES ($1, $2, $3)
		ON CONFLICT (case_id, user_id) DO UPDATE SET discipline = EXCLUDED.discipline`, ref.ID, m.UserID, m.Discipline); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, "UPDATE cases SET case_manager_id = $2 WHERE id = $1", ref.ID, managerID)
	return err
}

// decisionEventKinds are the timeline kinds a supervisor's decision writes, as SQL literals.
const decisionEventKinds = `'milestone.verified', 'milestone.rejected', 'plan.approved', 'plan.rejected',
	'reintegration_plan.approved', 'reintegration_plan.rejected', 'phase.changed', 'transition.rejected'`

// CaseTimeline lists a case's events, newest first, one page at a time, and audits the read;
// NotFound when the case is out of the caller's scope or absent.
func (db *DB) CaseTimeline(ctx context.Context, p *domain.Principal, id, cursor string, limit int) ([]domain.CaseEvent, string, error) {
	var out []domain.CaseEvent
	var next string
	limit = pageLimit(limit, 50, 200)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := visibleCase(ctx, tx, p, id)
		if err != nil {
			return err
		}
		// Newest day first, as a reader follows a history: a session recorded today for last
		// week sits under last week, not above what happened since.
		day, before := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), int64(1<<63-1)
		if cursor != "" {
			var err error
			if day, before, err = parseDayCursor(cursor); err != nil {
				return err
			}
		}
		// A decision entry shows the decider's comment: the request decided on the entry's
		// record (a reintegration plan's requests all name the case, so the one decided
		// nearest the entry).
		// A re-entry entry names the participant's other case by id only for a reader who
		// may open it (attack round 9).
		args := []any{id, day, before, limit + 1}
		other := caseScopeOn(p, "o", &args)
		rows, err := tx.Query(ctx, `SELECT e.id, e.at, e.occurred_on, e.kind,
				CASE WHEN e.kind IN ('`+domain.EventKindReEntry+`', '`+domain.EventKindReEntered+`')
					AND NOT coalesce((SELECT `+other+` FROM cases o WHERE o.id::text = e.ref_id), false) THEN '' ELSE e.ref_id END,
				e.summary, e.practices, coalesce(u.username, ''), e.params,
				coalesce(u.display_name, ''), coalesce((SELECT a.comment FROM approvals a WHERE e.kind IN (`+decisionEventKinds+`)
					AND a.case_id = e.case_id AND a.subject_id::text = e.ref_id AND a.status IN ('approved', 'rejected')
					ORDER BY abs(extract(epoch FROM a.decided_at - e.at)) LIMIT 1), '')
			FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
			WHERE e.case_id = $1 AND (e.occurred_on, e.id) < ($2::date, $3) ORDER BY e.occurred_on DESC, e.id DESC LIMIT $4`, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (e domain.CaseEvent, err error) {
			err = r.Scan(&e.ID, &e.At, &e.OccurredOn, &e.Kind, &e.RefID, &e.Summary, &e.Practices, &e.Actor, &e.Params, &e.ActorName, &e.Comment)
			return e, err
		})
		if err != nil {
			return err
		}
		if len(out) > limit {
			out = out[:limit]
			next = dayCursor(out[limit-1].OccurredOn, out[limit-1].ID)
		}
		return db.auditCase(ctx, tx, p, "case.timeline", ref, map[string]any{"count": len(out)})
	})
	return out, next, err
}
