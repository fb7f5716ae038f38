package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Bulk loading writes whole case histories at once with COPY, for tools that generate them
// (a load generator, a migration from another system). It checks no rule and writes no
// audit row per record: the caller audits the load as a whole (BulkOptions.Audit, or
// Audit). Its reads (BulkCatalogue, PseudonymsInUse, ProgrammesHaveCases) give a generator
// what it needs to make rows the rest of the system accepts.

// BulkBatch is one batch of rows, by table. BulkLoad writes them in an order that satisfies
// every foreign key between them.
type BulkBatch struct {
	Participants       []ParticipantRow
	Cases              []CaseRow
	Team               []TeamRow
	PhaseChanges       []PhaseChangeRow
	Approvals          []ApprovalRow
	Assessments        []AssessmentRow
	Ratings            []RatingRow
	Plans              []PlanRow
	PlanGoals          []PlanGoalRow
	Sessions           []SessionRow
	Attendance         []AttendanceRow
	Milestones         []MilestoneRow
	ReintegrationPlans []ReintegrationPlanRow
	ReintegrationItems []ReintegrationItemRow
	Releases           []ReleaseRow
	FollowUps          []FollowUpRow
	FollowUpPoints     []FollowUpPointRow
	Transfers          []TransferRow
	Events             []EventRow
}

// BulkCounts is how many rows a load wrote, by table name.
type BulkCounts map[string]int64

// BulkOptions are a load's optional parts.
type BulkOptions struct {
	// Audit, when set, is written in the load's transaction.
	Audit *domain.AuditEvent
	// Observe, when set, is called after each table is copied with its row count and how
	// long the copy took.
	Observe func(table string, rows int64, took time.Duration)
}

// bulkTable is how one table of a batch is copied.
type bulkTable struct {
	name string
	cols []string
	len  func(b *BulkBatch) int
	row  func(b *BulkBatch, i int) []any
}

// bulkTables lists the tables in foreign-key order. follow_ups comes after releases (a
// follow-up names its release) and follow_up_points after both.
var bulkTables = []bulkTable{
	{"participants", []string{"id", "pseudonym", "country", "birth_year", "gender", "nationality", "categories", "created_at"},
		func(b *BulkBatch) int { return len(b.Participants) },
		func(b *BulkBatch, i int) []any {
			r := &b.Participants[i]
			return []any{r.ID.value(), r.Pseudonym, r.Country, r.BirthYear, r.Gender, r.Nationality, texts(r.Categories), r.CreatedAt}
		}},
	{"cases", []string{"id", "participant_id", "programme_id", "facility_id", "country", "track", "phase", "phase_since",
		"offence_category", "consent_given", "consent_date", "opened_on", "expected_release_date", "actual_release_date",
		"release_type", "next_review_date", "closed_on", "closure_reason", "case_manager_id", "version", "created_by",
		"created_at", "updated_at", "legal_basis", "consent_withdrawn_on", "previous_case_id"},
		func(b *BulkBatch) int { return len(b.Cases) }, caseValues},
	{"case_team", []string{"case_id", "user_id", "discipline", "added_at"},
		func(b *BulkBatch) int { return len(b.Team) },
		func(b *BulkBatch, i int) []any {
			r := &b.Team[i]
			return []any{r.CaseID.value(), r.UserID.value(), r.Discipline, r.AddedAt}
		}},
	{"phase_changes", []string{"id", "case_id", "from_phase", "to_phase", "reason", "closure_reason", "status",
		"requested_by", "requested_at", "effective_on", "recall_on", "recall_reason", "recall_outcome"},
		func(b *BulkBatch) int { return len(b.PhaseChanges) },
		func(b *BulkBatch, i int) []any {
			r := &b.PhaseChanges[i]
			return []any{r.ID.value(), r.CaseID.value(), r.From, r.To, r.Reason, optText(r.ClosureReason), r.Status,
				r.RequestedBy.value(), r.RequestedAt, optDate(r.EffectiveOn), optDate(r.RecallOn), optText(r.RecallReason), optText(r.RecallOutcome)}
		}},
	{"approvals", []string{"id", "case_id", "kind", "subject_id", "status", "requested_by", "requested_at", "decided_by", "decided_at", "comment"},
		func(b *BulkBatch) int { return len(b.Approvals) },
		func(b *BulkBatch, i int) []any {
			r := &b.Approvals[i]
			return []any{r.ID.value(), r.CaseID.value(), r.Kind, r.SubjectID.value(), r.Status, r.RequestedBy.value(), r.RequestedAt,
				r.DecidedBy.value(), optDate(r.DecidedAt), r.Comment}
		}},
	{"assessments", []string{"id", "case_id", "instrument_code", "instrument_version", "occasion", "status", "assessed_on",
		"overall", "rationale", "next_review_date", "assessor_id", "created_at", "finalised_at"},
		func(b *BulkBatch) int { return len(b.Assessments) },
		func(b *BulkBatch, i int) []any {
			r := &b.Assessments[i]
			return []any{r.ID.value(), r.CaseID.value(), r.InstrumentCode, r.InstrumentVersion, r.Occasion, r.Status, r.AssessedOn,
				optText(r.Overall), r.Rationale, optDate(r.NextReviewDate), r.AssessorID.value(), r.CreatedAt, optDate(r.FinalisedAt)}
		}},
	{"assessment_ratings", []string{"assessment_id", "item_code", "rating", "not_rated", "evidence"},
		func(b *BulkBatch) int { return len(b.Ratings) },
		func(b *BulkBatch, i int) []any {
			r := &b.Ratings[i]
			return []any{r.AssessmentID.value(), r.ItemCode, optInt(r.Rating), r.NotRated, r.Evidence}
		}},
	{"plans", []string{"id", "case_id", "version", "status", "summary", "created_by", "created_at", "submitted_at", "decided_at"},
		func(b *BulkBatch) int { return len(b.Plans) },
		func(b *BulkBatch, i int) []any {
			r := &b.Plans[i]
			return []any{r.ID.value(), r.CaseID.value(), r.Version, r.Status, r.Summary, r.CreatedBy.value(), r.CreatedAt,
				optDate(r.SubmittedAt), optDate(r.DecidedAt)}
		}},
	{"plan_goals", []string{"id", "plan_id", "position", "need", "description", "interventions", "responsible_id", "target_date"},
		func(b *BulkBatch) int { return len(b.PlanGoals) },
		func(b *BulkBatch, i int) []any {
			r := &b.PlanGoals[i]
			return []any{r.ID.value(), r.PlanID.value(), r.Position, r.Need, r.Description, texts(r.Interventions), r.ResponsibleID.value(), r.TargetDate}
		}},
	{"intervention_sessions", []string{"id", "intervention_type", "held_on", "minutes", "format", "delivered_by",
		"facility_id", "notes", "created_by", "created_at"},
		func(b *BulkBatch) int { return len(b.Sessions) },
		func(b *BulkBatch, i int) []any {
			r := &b.Sessions[i]
			return []any{r.ID.value(), r.Type, r.HeldOn, r.Minutes, r.Format, r.DeliveredBy.value(), r.FacilityID.value(), r.Notes,
				r.CreatedBy.value(), r.CreatedAt}
		}},
	{"session_attendance", []string{"session_id", "case_id", "attendance", "engagement"},
		func(b *BulkBatch) int { return len(b.Attendance) },
		func(b *BulkBatch, i int) []any {
			r := &b.Attendance[i]
			return []any{r.SessionID.value(), r.CaseID.value(), r.Attendance, optInt(r.Engagement)}
		}},
	{"milestones", []string{"id", "case_id", "definition_code", "achieved_on", "evidence", "status", "claimed_by",
		"claimed_at", "decided_at", "lapse_reason", "lapsed_on"},
		func(b *BulkBatch) int { return len(b.Milestones) },
		func(b *BulkBatch, i int) []any {
			r := &b.Milestones[i]
			return []any{r.ID.value(), r.CaseID.value(), r.Code, r.AchievedOn, r.Evidence, r.Status, r.ClaimedBy.value(), r.ClaimedAt,
				optDate(r.DecidedAt), optText(r.LapseReason), optDate(r.LapsedOn)}
		}},
	{"reintegration_plans", []string{"case_id", "status", "planned_release", "release_type", "supervising_agency",
		"version", "updated_by", "updated_at", "decided_at"},
		func(b *BulkBatch) int { return len(b.ReintegrationPlans) },
		func(b *BulkBatch, i int) []any {
			r := &b.ReintegrationPlans[i]
			return []any{r.CaseID.value(), r.Status, optDate(r.PlannedRelease), optText(r.ReleaseType), r.Agency, r.Version,
				r.UpdatedBy.value(), r.UpdatedAt, optDate(r.DecidedAt)}
		}},
	{"reintegration_items", []string{"case_id", "area", "status", "description"},
		func(b *BulkBatch) int { return len(b.ReintegrationItems) },
		func(b *BulkBatch, i int) []any {
			r := &b.ReintegrationItems[i]
			return []any{r.CaseID.value(), r.Area, r.Status, r.Description}
		}},
	{"releases", []string{"id", "case_id", "number", "released_on", "release_type", "supervising_agency", "conditions",
		"entered_on", "recalled_on", "recall_reason", "recall_outcome", "recall_change_id", "recorded_by", "created_at"},
		func(b *BulkBatch) int { return len(b.Releases) },
		func(b *BulkBatch, i int) []any {
			r := &b.Releases[i]
			return []any{r.ID.value(), r.CaseID.value(), r.Number, r.ReleasedOn, r.ReleaseType, r.Agency, r.Conditions,
				optDate(r.EnteredOn), optDate(r.RecalledOn), optText(r.RecallReason), optText(r.RecallOutcome), r.RecallChangeID.value(),
				r.RecordedBy.value(), r.CreatedAt}
		}},
	{"follow_ups", []string{"id", "case_id", "held_on", "months_since_release", "housing", "work_education",
		"family_contact", "supervision_compliance", "new_offence", "offence_category", "offence_on", "notes",
		"recorded_by", "created_at", "release_id"},
		func(b *BulkBatch) int { return len(b.FollowUps) },
		func(b *BulkBatch, i int) []any {
			r := &b.FollowUps[i]
			return []any{r.ID.value(), r.CaseID.value(), r.HeldOn, r.Months, r.Housing, r.WorkEducation, r.FamilyContact, r.Compliance,
				r.NewOffence, optText(r.OffenceCategory), optDate(r.OffenceOn), r.Notes, r.RecordedBy.value(), r.CreatedAt, r.ReleaseID.value()}
		}},
	{"follow_up_points", []string{"id", "case_id", "release_id", "anchor", "anchor_on", "months", "due_on", "status",
		"follow_up_id", "not_reached_reason", "closed_on", "closed_by", "closed_at", "created_at"},
		func(b *BulkBatch) int { return len(b.FollowUpPoints) },
		func(b *BulkBatch, i int) []any {
			r := &b.FollowUpPoints[i]
			return []any{r.ID.value(), r.CaseID.value(), r.ReleaseID.value(), r.Anchor, r.AnchorOn, r.Months, r.DueOn, r.Status,
				r.FollowUpID.value(), optText(r.NotReachedReason), optDate(r.ClosedOn), r.ClosedBy.value(), optDate(r.ClosedAt), r.CreatedAt}
		}},
	{"transfers", []string{"id", "case_id", "from_facility_id", "to_facility_id", "reason", "transfer_on", "status",
		"requested_by", "requested_at", "decided_by", "decided_at", "comment", "handover"},
		func(b *BulkBatch) int { return len(b.Transfers) },
		func(b *BulkBatch, i int) []any {
			r := &b.Transfers[i]
			var h any
			if r.Handover != nil {
				h = handoverToJSON(*r.Handover)
			}
			return []any{r.ID.value(), r.CaseID.value(), r.FromFacilityID.value(), r.ToFacilityID.value(), r.Reason, r.TransferOn,
				r.Status, r.RequestedBy.value(), r.RequestedAt, r.DecidedBy.value(), optDate(r.DecidedAt), r.Comment, h}
		}},
	{"case_events", []string{"case_id", "at", "occurred_on", "kind", "ref_id", "summary", "practices", "actor_id", "params"},
		func(b *BulkBatch) int { return len(b.Events) },
		func(b *BulkBatch, i int) []any {
			r := &b.Events[i]
			return []any{r.CaseID.value(), r.At, r.OccurredOn, r.Kind, r.RefID, r.Summary, texts(r.Practices), r.ActorID.value(), eventParams(r.Params)}
		}},
}

func caseValues(b *BulkBatch, i int) []any {
	r := &b.Cases[i]
	basis := r.LegalBasis
	if basis == "" {
		basis = "voluntary"
	}
	return []any{r.ID.value(), r.ParticipantID.value(), r.ProgrammeID.value(), r.FacilityID.value(), r.Country, r.Track, r.Phase,
		r.PhaseSince, r.OffenceCategory, r.ConsentGiven, optDate(r.ConsentDate), r.OpenedOn, optDate(r.ExpectedReleaseDate),
		optDate(r.ActualReleaseDate), optText(r.ReleaseType), optDate(r.NextReviewDate), optDate(r.ClosedOn), optText(r.ClosureReason),
		r.CaseManagerID.value(), r.Version, r.CreatedBy.value(), r.CreatedAt, r.UpdatedAt, basis, optDate(r.ConsentWithdrawnOn),
		r.PreviousCaseID.value()}
}

// BulkLoad writes a batch with COPY, table by table, in one transaction (with opt.Audit
// when set), and returns how many rows each table received. A row that breaks a constraint
// fails the whole batch, naming its table.
func (db *DB) BulkLoad(ctx context.Context, b *BulkBatch, opt BulkOptions) (BulkCounts, error) {
	counts := BulkCounts{}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		for _, t := range bulkTables {
			n := t.len(b)
			if n == 0 {
				continue
			}
			start := time.Now()
			got, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return t.row(b, i), nil }))
			if err != nil {
				return fmt.Errorf("bulk load: copying %s: %w", t.name, err)
			}
			counts[t.name] = got
			if opt.Observe != nil {
				opt.Observe(t.name, got, time.Since(start))
			}
		}
		if opt.Audit != nil {
			return db.appendAudit(ctx, tx, *opt.Audit)
		}
		return nil
	})
	return counts, err
}

// SettleAfterBulkLoad leaves the database ready to answer after bulk loads, with nothing
// left to a person or to autovacuum: it folds the statistics summaries' pending deltas
// (single writes fold now and then; a bulk load leaves millions for every reader to add
// up), vacuums the tables the statistics read (their index-only scans need the visibility
// map, which only VACUUM sets: without it time_in_phase read the heap for every fact,
// 409 ms p95 at 100,000 cases) and refreshes the planner's statistics on every table
// BulkLoad writes. Each step is its own statement (VACUUM runs outside a transaction).
func (db *DB) SettleAfterBulkLoad(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `SELECT stat_att_fold(), stat_cov_fold(), stat_flow_fold()`); err != nil {
		return fmt.Errorf("bulk load: folding the statistics summaries: %w", err)
	}
	read := []string{"stat_fact", "stat_unit", "stat_att_fact", "stat_cov_fact", "stat_att", "stat_att_delta", "stat_cov", "stat_cov_delta",
		"stat_flow", "stat_flow_delta", "cases", "participants"}
	// The other loaded tables first: analysed, autovacuum has no reason to analyse them
	// while the vacuums run (an analysis in progress holds back the horizon below which
	// VACUUM may mark a page all-visible).
	var loaded []string
	for _, t := range bulkTables {
		if !slices.Contains(read, t.name) {
			loaded = append(loaded, pgx.Identifier{t.name}.Sanitize())
		}
	}
	if _, err := db.pool.Exec(ctx, `ANALYZE `+strings.Join(loaded, ", ")); err != nil {
		return fmt.Errorf("bulk load: analysing the loaded tables: %w", err)
	}
	for _, t := range read {
		if err := db.vacuumUntilVisible(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// vacuumUntilVisible vacuums a table and, when most of it is still not all-visible
// (something else held the horizon back), vacuums it again, a few times at most.
func (db *DB) vacuumUntilVisible(ctx context.Context, table string) error {
	for try := 0; try < 3; try++ {
		if _, err := db.pool.Exec(ctx, `VACUUM (ANALYZE) `+pgx.Identifier{table}.Sanitize()); err != nil {
			return fmt.Errorf("bulk load: vacuuming %s: %w", table, err)
		}
		var ready bool
		if err := db.pool.QueryRow(ctx, `SELECT relallvisible >= 0.9 * relpages FROM pg_class WHERE oid = $1::regclass`, table).Scan(&ready); err != nil {
			return err
		}
		if ready {
			return nil
		}
		time.Sleep(time.Second)
	}
	return nil
}

// BulkCatalogue is what a generator needs of the catalogues to write records that cite
// the right practices: practices by intervention type, milestone and record kind, which
// milestones need a supervisor's verification, intervention type names, and the items of
// one instrument version with their polarity.
type BulkCatalogue struct {
	TypePractices      map[string][]string
	TypeNames          map[string]string
	MilestonePractices map[string][]string
	MilestoneVerify    map[string]bool
	MilestoneNames     map[string]string // the names timeline entries give (domain.EventMilestoneClaimed)
	KindPractices      map[string][]string
	Items              []domain.InstrumentItem
	InstrumentName     string // the instrument's name, as timeline entries give it
}

// LoadBulkCatalogue reads the catalogues, retired entries included, and the items of the
// instrument code@version in their order. NotFound when that instrument does not exist.
func (db *DB) LoadBulkCatalogue(ctx context.Context, code, version string) (BulkCatalogue, error) {
	c := BulkCatalogue{TypePractices: map[string][]string{}, TypeNames: map[string]string{}, MilestonePractices: map[string][]string{},
		MilestoneVerify: map[string]bool{}, MilestoneNames: map[string]string{}, KindPractices: map[string][]string{}}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			into map[string][]string
		}{
			{"SELECT type_code, practice_code FROM intervention_type_practices ORDER BY 1, 2", c.TypePractices},
			{"SELECT milestone_code, practice_code FROM milestone_practices ORDER BY 1, 2", c.MilestonePractices},
			{"SELECT kind, practice_code FROM record_kind_practices ORDER BY 1, 2", c.KindPractices},
		} {
			if err := collectPairs(ctx, tx, q.sql, q.into); err != nil {
				return err
			}
		}
		if err := collectMap(ctx, tx, "SELECT code, name FROM intervention_types", c.TypeNames); err != nil {
			return err
		}
		if err := collectMap(ctx, tx, "SELECT code, name FROM milestone_definitions", c.MilestoneNames); err != nil {
			return err
		}
		return collectMap(ctx, tx, "SELECT code, needs_verification FROM milestone_definitions", c.MilestoneVerify)
	})
	if err != nil {
		return c, err
	}
	inst, err := db.GetInstrument(ctx, code, version)
	if err != nil {
		return c, err
	}
	for _, d := range inst.Definition.Domains {
		c.Items = append(c.Items, d.Items...)
	}
	c.InstrumentName = inst.Name
	return c, nil
}

// collectPairs appends the second column of each row to the first column's list.
func collectPairs(ctx context.Context, tx pgx.Tx, q string, into map[string][]string) error {
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = append(into[k], v)
	}
	return rows.Err()
}

// collectMap reads two columns into a map.
func collectMap[V any](ctx context.Context, tx pgx.Tx, q string, into map[string]V) error {
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = v
	}
	return rows.Err()
}

// PseudonymsInUse is the set of every participant's pseudonym, so that a generator never
// makes one that is taken. It is the operator's: no principal, no audit row.
func (db *DB) PseudonymsInUse(ctx context.Context) (map[string]bool, error) {
	m := map[string]bool{}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT pseudonym FROM participants")
		if err != nil {
			return err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, n := range names {
			m[n] = true
		}
		return err
	})
	return m, err
}

// ProgrammesHaveCases reports whether any of the programmes (ids) holds a case.
func (db *DB) ProgrammesHaveCases(ctx context.Context, programmeIDs []string) (bool, error) {
	var found bool
	err := db.tx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE programme_id = ANY($1::uuid[]))", programmeIDs).Scan(&found)
	})
	return found, err
}
