package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const assessmentColumns = `a.id, a.case_id, a.instrument_code, a.instrument_version, a.occasion, a.status, a.assessed_on,
	coalesce(a.overall, ''), a.rationale, a.next_review_date, coalesce(a.supersedes::text, ''), a.assessor_id, a.created_at, a.finalised_at, a.version,
	a.discarded_at, coalesce(a.discarded_by::text, '')`

func scanAssessment(r pgx.CollectableRow) (a domain.Assessment, err error) {
	err = r.Scan(&a.ID, &a.CaseID, &a.InstrumentCode, &a.InstrumentVersion, &a.Occasion, &a.Status, &a.AssessedOn,
		&a.Overall, &a.Rationale, &a.NextReviewDate, &a.Supersedes, &a.AssessorID, &a.CreatedAt, &a.FinalisedAt, &a.Version,
		&a.DiscardedAt, &a.DiscardedBy)
	return a, err
}

// loadAssessments reads a case's assessments (or one, whatever its status, when id is set)
// with their ratings.
func loadAssessments(ctx context.Context, tx pgx.Tx, caseID, id string) ([]domain.Assessment, error) {
	return loadAssessmentsOf(ctx, tx, caseID, id, true)
}

// loadAssessmentsOf is loadAssessments; a list without id leaves discarded drafts out unless
// withDiscarded is set.
func loadAssessmentsOf(ctx context.Context, tx pgx.Tx, caseID, id string, withDiscarded bool) ([]domain.Assessment, error) {
	q := "SELECT " + assessmentColumns + " FROM assessments a WHERE a.case_id = $1"
	if id == "" && !withDiscarded {
		q += " AND a.status <> 'discarded'"
	}
	args := []any{caseID}
	if id != "" {
		if !validUUID(id) {
			return nil, domain.NotFound("assessment")
		}
		q += " AND a.id = $2"
		args = append(args, id)
	}
	rows, err := tx.Query(ctx, q+" ORDER BY a.assessed_on DESC, a.created_at DESC", args...)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, scanAssessment)
	if err != nil {
		return nil, err
	}
	if id != "" && len(list) == 0 {
		return nil, domain.NotFound("assessment")
	}
	idx := map[string]int{}
	ids := make([]string, len(list))
	for i, a := range list {
		idx[a.ID], ids[i] = i, a.ID
		list[i].Ratings = []domain.Rating{}
	}
	rows, err = tx.Query(ctx, `SELECT assessment_id, item_code, rating, not_rated, evidence FROM assessment_ratings
		WHERE assessment_id = ANY($1::uuid[]) ORDER BY assessment_id, item_code`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid string
		var r domain.Rating
		if err := rows.Scan(&aid, &r.ItemCode, &r.Rating, &r.NotRated, &r.Evidence); err != nil {
			return nil, err
		}
		list[idx[aid]].Ratings = append(list[idx[aid]].Ratings, r)
	}
	return list, rows.Err()
}

// ListAssessments lists a case's assessments, drafts and final (and discarded drafts when
// includeDiscarded is set), newest first, with their ratings, and audits the read (how
// many). Returns NotFound if the case is absent or outside the caller's scope.
func (db *DB) ListAssessments(ctx context.Context, p *domain.Principal, caseID string, includeDiscarded bool) ([]domain.Assessment, error) {
	return listCaseRecords(ctx, db, p, caseID, "assessment.list", func(ctx context.Context, tx pgx.Tx, caseID, id string) ([]domain.Assessment, error) {
		return loadAssessmentsOf(ctx, tx, caseID, id, includeDiscarded)
	})
}

// assessmentInstrument finds the instrument an assessment names: a retired version stays
// readable for the assessments made with it, but new ones use a current version.
func assessmentInstrument(ctx context.Context, tx pgx.Tx, in domain.AssessmentInput) (domain.Instrument, error) {
	inst, err := getInstrument(ctx, tx, in.InstrumentCode, in.InstrumentVersion)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return inst, domain.Invalid(domain.FieldProblem{Field: "instrument_code", Reason: "unknown_reference", Detail: "no such instrument (or version)"})
	}
	if err == nil && inst.RetiredAt != nil {
		return inst, domain.Invalid(domain.FieldProblem{Field: "instrument_version", Reason: "retired", Detail: "this instrument version is retired"})
	}
	return inst, err
}

// CreateAssessment records a draft assessment of an open case by the caller (its assessor),
// with its ratings, on the case's timeline and in the audit trail. Returns NotFound if the
// case is absent or outside the caller's scope, Conflict if it is closed, Invalid if the
// instrument is unknown or retired, a date is before the intake, the ratings break the
// instrument's rules, the free text holds unacknowledged identifiers, or supersedes names
// no final assessment of the case.
func (db *DB) CreateAssessment(ctx context.Context, p *domain.Principal, caseID string, in domain.AssessmentInput) (domain.Assessment, error) {
	var a domain.Assessment
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		inst, err := assessmentInstrument(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := domain.CheckRecordDates(c.OpenedOn, in.Dates()...); err != nil {
			return err
		}
		kinds, err := in.Validate(inst, db.today(), c.BirthYear)
		if err != nil {
			return err
		}
		if in.Supersedes != "" {
			var ok bool
			if validUUID(in.Supersedes) {
				if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM assessments WHERE id = $1 AND case_id = $2 AND status = 'final')",
					in.Supersedes, c.ID).Scan(&ok); err != nil {
					return err
				}
			}
			if !ok {
				return domain.Invalid(domain.FieldProblem{Field: "supersedes", Reason: "unknown_reference", Detail: "must be a final assessment of this case"})
			}
		}
		var id string
		if err := tx.QueryRow(ctx, `INSERT INTO assessments (case_id, instrument_code, instrument_version, occasion, status, assessed_on,
			overall, rationale, supersedes, assessor_id) VALUES ($1, $2, $3, $4, 'draft', $5, nullif($6, ''), $7, nullif($8, '')::uuid, $9) RETURNING id`,
			c.ID, inst.Code, inst.Version, in.Occasion, in.AssessedOn, in.Overall, in.Rationale, in.Supersedes, p.UserID).Scan(&id); err != nil {
			return err
		}
		if err := insertRatings(ctx, tx, id, in.Ratings); err != nil {
			return err
		}
		// A draft evidences no practice yet: the finalised assessment does.
		if err := db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, OccurredOn: in.AssessedOn, RefID: id,
			TimelineEvent: domain.EventAssessmentCreated(assessmentEventFacts(inst, in.Occasion, ""))}, "assessment.create", map[string]any{"assessment_id": id, "instrument": inst.Code + "@" + inst.Version}, "assessment", id, kinds); err != nil {
			return err
		}
		list, err := loadAssessments(ctx, tx, c.ID, id)
		if err == nil {
			a = list[0]
		}
		return err
	})
	return a, err
}

func insertRatings(ctx context.Context, tx pgx.Tx, id string, ratings []domain.Rating) error {
	for _, r := range ratings {
		if _, err := tx.Exec(ctx, `INSERT INTO assessment_ratings (assessment_id, item_code, rating, not_rated, evidence) VALUES ($1, $2, $3, $4, $5)`,
			id, r.ItemCode, r.Rating, r.NotRated, r.Evidence); err != nil {
			return err
		}
	}
	return nil
}

// mayWorkOnAssessment applies domain.CheckAssessmentWork to the caller's standing towards the
// case (c); a refusal is audited.
func mayWorkOnAssessment(p *domain.Principal, c caseRef, a domain.Assessment, action string) error {
	if err := domain.CheckAssessmentWork(a, p.OnCase(c.Country, c.FacilityID)); err != nil {
		return refuse(p, action, "case", a.CaseID, err, map[string]any{"assessment_id": a.ID, "reason": "not_assessor"})
	}
	return nil
}

// UpdateAssessment replaces a draft assessment's content; version must match its current
// one (If-Match; PreconditionNeeded without it). Returns NotFound if the case or the
// assessment is absent or outside the caller's scope, PreconditionFailed on a stale
// version, Conflict if the assessment is final or the case closed, Forbidden (audited) if
// the caller may not work on it, and Invalid as CreateAssessment does (supersedes cannot
// change on a draft).
func (db *DB) UpdateAssessment(ctx context.Context, p *domain.Principal, caseID, id string, version int, in domain.AssessmentInput) (domain.Assessment, error) {
	var a domain.Assessment
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, cur, err := assessmentAtVersion(ctx, tx, p, caseID, id, version)
		if err != nil {
			return err
		}
		if err := cur.CheckEditable(); err != nil {
			return err
		}
		if err := mayWorkOnAssessment(p, c, cur, "assessment.update"); err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		inst, err := assessmentInstrument(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := domain.CheckRecordDates(c.OpenedOn, in.Dates()...); err != nil {
			return err
		}
		kinds, err := in.Validate(inst, db.today(), c.BirthYear)
		if err != nil {
			return err
		}
		if in.Supersedes != "" && in.Supersedes != cur.Supersedes {
			return domain.Invalid(domain.FieldProblem{Field: "supersedes", Reason: "immutable", Detail: "cannot be changed on a draft"})
		}
		if _, err := tx.Exec(ctx, "DELETE FROM assessment_ratings WHERE assessment_id = $1", cur.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET instrument_code = $2, instrument_version = $3, occasion = $4, assessed_on = $5,
			overall = nullif($6, ''), rationale = $7, version = version + 1 WHERE id = $1`,
			cur.ID, inst.Code, inst.Version, in.Occasion, in.AssessedOn, in.Overall, in.Rationale); err != nil {
			return err
		}
		if err := insertRatings(ctx, tx, cur.ID, in.Ratings); err != nil {
			return err
		}
		if err := db.recordWrite(ctx, tx, p, c, caseEvent{CaseID: c.ID, OccurredOn: in.AssessedOn, RefID: cur.ID,
			TimelineEvent: domain.EventAssessmentUpdated(assessmentEventFacts(inst, in.Occasion, ""))}, "assessment.update", map[string]any{"assessment_id": cur.ID}, "assessment", cur.ID, kinds); err != nil {
			return err
		}
		list, err := loadAssessments(ctx, tx, c.ID, id)
		if err == nil {
			a = list[0]
		}
		return err
	})
	return a, err
}

// FinaliseAssessment makes a draft final: it is never edited again, and the case's next
// review date becomes the latest of its final assessments'. Version must match (If-Match).
// Returns NotFound if the case or the assessment is absent or outside the caller's scope,
// PreconditionFailed on a stale version (PreconditionNeeded without one), Forbidden
// (audited) if the caller may not work on it, Conflict if the case is closed, and the
// refusal of Assessment.CheckFinalisable when the ratings do not meet the instrument.
func (db *DB) FinaliseAssessment(ctx context.Context, p *domain.Principal, caseID, id string, version int) (domain.Assessment, error) {
	var a domain.Assessment
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, cur, err := assessmentAtVersion(ctx, tx, p, caseID, id, version)
		if err != nil {
			return err
		}
		a = cur
		if err := mayWorkOnAssessment(p, c, a, "assessment.finalise"); err != nil {
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		inst, err := getInstrument(ctx, tx, a.InstrumentCode, a.InstrumentVersion)
		if err != nil {
			return err
		}
		if err := a.CheckFinalisable(inst); err != nil {
			return err
		}
		next := a.AssessedOn.AddDate(0, 0, inst.ReviewIntervalDays)
		if _, err := tx.Exec(ctx, `UPDATE assessments SET status = 'final', finalised_at = now(), next_review_date = $2, version = version + 1 WHERE id = $1`, a.ID, next); err != nil {
			return err
		}
		// The case is due for review when its most recent final assessment says so.
		if _, err := tx.Exec(ctx, `UPDATE cases SET next_review_date = (SELECT max(next_review_date) FROM assessments
			WHERE case_id = $1 AND status = 'final') WHERE id = $1`, c.ID); err != nil {
			return err
		}
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, OccurredOn: a.AssessedOn, RefID: a.ID,
			TimelineEvent: domain.EventAssessmentFinalised(assessmentEventFacts(inst, a.Occasion, a.Overall)), RecordKind: "assessment"}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "assessment.finalise", c, map[string]any{"assessment_id": a.ID}); err != nil {
			return err
		}
		list, err := loadAssessments(ctx, tx, c.ID, id)
		if err == nil {
			a = list[0]
		}
		return err
	})
	return a, err
}

// assessmentAtVersion locks the case and loads its assessment id, which must be at version
// (If-Match). Returns NotFound if either is absent or outside the caller's scope, and
// PreconditionFailed on a stale version.
func assessmentAtVersion(ctx context.Context, tx pgx.Tx, p *domain.Principal, caseID, id string, version int) (caseRef, domain.Assessment, error) {
	c, err := lockCase(ctx, tx, p, caseID)
	if err != nil {
		return c, domain.Assessment{}, err
	}
	list, err := loadAssessments(ctx, tx, c.ID, id)
	if err != nil {
		return c, domain.Assessment{}, err
	}
	return c, list[0], domain.CheckIfMatch("assessment", list[0].Version, version)
}

// assessmentEventFacts is what the timeline names of an assessment of instrument inst.
func assessmentEventFacts(inst domain.Instrument, occasion, overall string) domain.AssessmentEventFacts {
	return domain.AssessmentEventFacts{Instrument: inst.Code, Version: inst.Version, InstrumentName: inst.Name, Occasion: occasion, Overall: overall}
}

// DiscardAssessment sets a draft aside for good: the row and its ratings are kept, marked
// discarded with who and when, frozen (the database refuses any later change), left out of
// the case's lists unless asked for, on the case's timeline and in the audit trail. Version
// must match (If-Match). Returns NotFound if the case or the assessment is absent or outside
// the caller's scope, PreconditionFailed on a stale version, Conflict if the assessment is
// final or already discarded or the case is closed, and Forbidden (audited) if the caller is
// neither its assessor nor a supervisor of the case (domain.CheckAssessmentDiscard).
func (db *DB) DiscardAssessment(ctx context.Context, p *domain.Principal, caseID, id string, version int) (domain.Assessment, error) {
	var a domain.Assessment
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, cur, err := assessmentAtVersion(ctx, tx, p, caseID, id, version)
		if err != nil {
			return err
		}
		a = cur
		if err := domain.CheckAssessmentDiscard(a, p.OnCase(c.Country, c.FacilityID)); err != nil {
			if domain.ErrorCode(err) == domain.CodeForbidden {
				return refuse(p, "assessment.discard", "case", a.CaseID, err, map[string]any{"assessment_id": a.ID, "reason": "not_assessor"})
			}
			return err
		}
		if err := requireOpen(c); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET status = 'discarded', discarded_at = now(), discarded_by = $2, version = version + 1
			WHERE id = $1`, a.ID, p.UserID); err != nil {
			return err
		}
		inst, err := getInstrument(ctx, tx, a.InstrumentCode, a.InstrumentVersion)
		if err != nil {
			return err
		}
		// A discarded draft evidences no practice, as it did none while a draft.
		if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: c.ID, RefID: a.ID, Practices: []string{},
			TimelineEvent: domain.EventAssessmentDiscarded(assessmentEventFacts(inst, a.Occasion, ""))}); err != nil {
			return err
		}
		if err := db.auditCase(ctx, tx, p, "assessment.discard", c, map[string]any{"assessment_id": a.ID, "discarded_version": a.Version}); err != nil {
			return err
		}
		list, err := loadAssessments(ctx, tx, c.ID, id)
		if err == nil {
			a = list[0]
		}
		return err
	})
	return a, err
}
