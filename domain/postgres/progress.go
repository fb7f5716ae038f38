package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// progressFactsSQL reads everything a case's progress view is drawn from in one statement,
// one row per record with its kind first: final assessments that no final correction
// supersedes (with, per polarity, how many items were rated and the sum of the ratings, the
// polarity taken from the instrument's definition), the case's attendance at every session,
// and its milestone claims.
const progressFactsSQL = `
SELECT 'assessment' AS kind, a.assessed_on, a.id::text, a.instrument_code, a.instrument_version, a.occasion, a.overall,
	(i.definition->'scale'->>'min')::int, (i.definition->'scale'->>'max')::int,
	r.risk_n, r.risk_sum, r.prot_n, r.prot_sum, NULL::int, NULL::int, NULL::date
FROM assessments a
JOIN instruments i ON i.code = a.instrument_code AND i.version = a.instrument_version
CROSS JOIN LATERAL (
	SELECT count(*) FILTER (WHERE it->>'polarity' = 'risk')::int AS risk_n,
		coalesce(sum(ar.rating) FILTER (WHERE it->>'polarity' = 'risk'), 0)::int AS risk_sum,
		count(*) FILTER (WHERE it->>'polarity' = 'protective')::int AS prot_n,
		coalesce(sum(ar.rating) FILTER (WHERE it->>'polarity' = 'protective'), 0)::int AS prot_sum
	FROM assessment_ratings ar
	CROSS JOIN LATERAL jsonb_array_elements(i.definition->'domains') d
	CROSS JOIN LATERAL jsonb_array_elements(d->'items') it
	WHERE ar.assessment_id = a.id AND ar.rating IS NOT NULL AND it->>'code' = ar.item_code) r
WHERE a.case_id = $1 AND a.status = 'final'
	AND NOT EXISTS (SELECT 1 FROM assessments b WHERE b.supersedes = a.id AND b.status = 'final')
UNION ALL
SELECT 'session', s.held_on, s.id::text, s.intervention_type, '', sa.attendance, '', NULL, NULL, NULL, NULL, NULL, NULL,
	s.minutes, sa.engagement, NULL
FROM session_attendance sa
JOIN intervention_sessions s ON s.id = sa.session_id
WHERE sa.case_id = $1
UNION ALL
SELECT 'milestone', m.achieved_on, m.id::text, m.definition_code, '', m.status, '', NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, m.lapsed_on
FROM milestones m
WHERE m.case_id = $1
ORDER BY 2, 1, 3`

// loadProgressFacts reads the facts of case caseID's progress view.
func loadProgressFacts(ctx context.Context, tx pgx.Tx, caseID string) (domain.ProgressFacts, error) {
	var f domain.ProgressFacts
	rows, err := tx.Query(ctx, progressFactsSQL, caseID)
	if err != nil {
		return f, err
	}
	var (
		kind, id, code, version, state, overall string
		on                                      time.Time
		scaleMin, scaleMax, riskN, riskSum      *int
		protN, protSum, minutes, engagement     *int
		until                                   *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&kind, &on, &id, &code, &version, &state, &overall, &scaleMin, &scaleMax,
		&riskN, &riskSum, &protN, &protSum, &minutes, &engagement, &until}, func() error {
		switch kind {
		case "assessment":
			f.Assessments = append(f.Assessments, domain.ProgressAssessment{ID: id, InstrumentCode: code, InstrumentVersion: version,
				Occasion: state, AssessedOn: on, Overall: overall, ScaleMin: deref(scaleMin), ScaleMax: deref(scaleMax),
				RiskRated: deref(riskN), RiskSum: deref(riskSum), ProtectiveRated: deref(protN), ProtectiveSum: deref(protSum)})
		case "session":
			var e *int
			if engagement != nil {
				v := *engagement
				e = &v
			}
			f.Sessions = append(f.Sessions, domain.ProgressSession{HeldOn: on, InterventionType: code, Minutes: deref(minutes),
				Attendance: state, Engagement: e})
		case "milestone":
			var lapsed *time.Time
			if until != nil {
				v := *until
				lapsed = &v
			}
			f.Milestones = append(f.Milestones, domain.ProgressMilestone{ID: id, DefinitionCode: code, Status: state,
				AchievedOn: on, LapsedOn: lapsed})
		}
		return nil
	})
	return f, err
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// CaseProgress builds the progress view of a case the principal may see (NotFound otherwise,
// with the denied attempt audited) from its records, and audits the read as one event that
// says how many records of each kind it drew on.
func (db *DB) CaseProgress(ctx context.Context, p *domain.Principal, caseID string) (domain.CaseProgress, error) {
	var out domain.CaseProgress
	err := db.tx(ctx, func(tx pgx.Tx) error {
		c, err := visibleCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		f, err := loadProgressFacts(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		out = domain.BuildProgress(f)
		return db.auditCase(ctx, tx, p, "case.progress", c, map[string]any{"assessments": len(f.Assessments),
			"sessions": len(f.Sessions), "milestones": len(f.Milestones)})
	})
	return out, err
}
