package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

const transferColumns = `t.id, t.case_id, pa.pseudonym, c.phase, c.track, c.programme_id, t.from_facility_id, ff.name, t.to_facility_id, tf.name,
	t.reason, t.transfer_on, t.status, ru.username, t.requested_at, coalesce(du.username, ''), t.decided_at, t.comment, t.handover`

const transferFrom = ` FROM transfers t JOIN cases c ON c.id = t.case_id JOIN participants pa ON pa.id = c.participant_id
	JOIN facilities ff ON ff.id = t.from_facility_id JOIN facilities tf ON tf.id = t.to_facility_id
	JOIN users ru ON ru.id = t.requested_by LEFT JOIN users du ON du.id = t.decided_by`

// handoverJSON is how a handover is kept in transfers.handover.
type handoverJSON struct {
	Phase            string     `json:"phase"`
	AssessedOn       *time.Time `json:"assessed_on,omitempty"`
	Overall          string     `json:"overall,omitempty"`
	NextReview       *time.Time `json:"next_review,omitempty"`
	PlanVersion      int        `json:"plan_version,omitempty"`
	PlanApprovedOn   *time.Time `json:"plan_approved_on,omitempty"`
	OpenRequests     []string   `json:"open_requests"`
	DueFollowUps     []int      `json:"due_follow_up_months"`
	DueFollowUpDates []string   `json:"due_follow_up_dates"`
}

func scanTransfer(r pgx.CollectableRow) (domain.Transfer, error) {
	var t domain.Transfer
	var h *handoverJSON
	err := r.Scan(&t.ID, &t.CaseID, &t.Pseudonym, &t.CasePhase, &t.Track, &t.ProgrammeID, &t.FromFacilityID, &t.FromFacility,
		&t.ToFacilityID, &t.ToFacility, &t.Reason, &t.TransferOn, &t.Status, &t.RequestedBy, &t.RequestedAt, &t.DecidedBy,
		&t.DecidedAt, &t.Comment, &h)
	if err != nil || h == nil {
		return t, err
	}
	ho := &domain.Handover{Phase: domain.Phase(h.Phase), OpenRequests: h.OpenRequests}
	if h.AssessedOn != nil {
		ho.LatestAssessment = &domain.HandoverAssessment{On: *h.AssessedOn, Overall: h.Overall, NextReview: h.NextReview}
	}
	if h.PlanVersion > 0 {
		ho.Plan = &domain.HandoverPlan{Version: h.PlanVersion, ApprovedOn: h.PlanApprovedOn}
	}
	for i, m := range h.DueFollowUps {
		if i < len(h.DueFollowUpDates) {
			if d, err := time.Parse(time.DateOnly, h.DueFollowUpDates[i]); err == nil {
				ho.DueFollowUps = append(ho.DueFollowUps, domain.HandoverPoint{Months: m, DueOn: d})
			}
		}
	}
	t.Handover = ho
	return t, nil
}

func loadTransfer(ctx context.Context, tx pgx.Tx, id string) (domain.Transfer, error) {
	rows, err := tx.Query(ctx, "SELECT "+transferColumns+transferFrom+" WHERE t.id = $1", id)
	if err != nil {
		return domain.Transfer{}, err
	}
	return pgx.CollectExactlyOneRow(rows, scanTransfer)
}

// RequestTransfer asks to move a case to another facility (domain.CheckTransferRequest). The
// case's If-Match must match; the answer carries the case's new version.
func (db *DB) RequestTransfer(ctx context.Context, p *domain.Principal, caseID string, version int, r domain.TransferRequest) (domain.Transfer, int, error) {
	var out domain.Transfer
	var newVersion int
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, err := lockCase(ctx, tx, p, caseID)
		if err != nil {
			return err
		}
		if err := checkVersion(ref, version); err != nil {
			return err
		}
		f := domain.TransferFacts{Phase: ref.Phase, Country: ref.Country, FacilityID: ref.FacilityID, BirthYear: ref.BirthYear}
		if err := tx.QueryRow(ctx, `SELECT opened_on, current_date, coalesce((SELECT id::text FROM transfers WHERE case_id = $1 AND status = 'pending'), '')
			FROM cases WHERE id = $1`, ref.ID).Scan(&f.OpenedOn, &f.Today, &f.PendingID); err != nil {
			return err
		}
		if validUUID(r.ToFacilityID) {
			err := tx.QueryRow(ctx, "SELECT country FROM facilities WHERE id = $1 AND retired_at IS NULL", r.ToFacilityID).Scan(&f.ToCountry)
			if err != nil && err != pgx.ErrNoRows {
				return err
			}
			f.ToFound = err == nil
		}
		kinds, err := domain.CheckTransferRequest(f, r)
		if err != nil {
			return err
		}
		var id string
		if err := tx.QueryRow(ctx, `INSERT INTO transfers (case_id, from_facility_id, to_facility_id, reason, transfer_on, requested_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ref.ID, ref.FacilityID, r.ToFacilityID, r.Reason, r.TransferOn, p.UserID).Scan(&id); err != nil {
			return err
		}
		if out, err = loadTransfer(ctx, tx, id); err != nil {
			return err
		}
		if err := db.recordWrite(ctx, tx, p, ref, caseEvent{CaseID: ref.ID, RefID: id, Practices: []string{},
			TimelineEvent: domain.EventTransferRequested(out.ToFacility, r.TransferOn)},
			"transfer.request", map[string]any{"transfer_id": id, "to_facility_id": r.ToFacilityID}, "transfer", id, kinds); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT version FROM cases WHERE id = $1", ref.ID).Scan(&newVersion)
	})
	return out, newVersion, err
}

// ListCaseTransfers is a case's transfers, oldest first.
func (db *DB) ListCaseTransfers(ctx context.Context, p *domain.Principal, caseID string) ([]domain.Transfer, error) {
	return listCaseRecords(ctx, db, p, caseID, "transfer.list", func(ctx context.Context, tx pgx.Tx, caseID, _ string) ([]domain.Transfer, error) {
		rows, err := tx.Query(ctx, "SELECT "+transferColumns+transferFrom+" WHERE t.case_id = $1 ORDER BY t.requested_at, t.id", caseID)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, scanTransfer)
	})
}

// ListTransfers lists transfers for the caller's queue: incoming, those to facilities the
// caller supervises (the receiving side sees the request before it sees the case); outgoing,
// those of cases the caller sees. Pending ones unless another status is asked for; oldest
// first, one page at a time (keyset on the request's time). The list is audited with how
// many it returned.
func (db *DB) ListTransfers(ctx context.Context, p *domain.Principal, f domain.TransferFilter) ([]domain.Transfer, string, error) {
	var out []domain.Transfer
	var next string
	limit := pageLimit(f.Limit, 50, 200)
	status := f.Status
	if status == "" {
		status = domain.TransferPending
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		args := []any{status}
		var where string
		switch f.Direction {
		case "outgoing":
			where = caseScope(p, &args)
		default:
			where = scopeFilter(p, domain.RoleSupervisor, "tf.country", "t.to_facility_id", &args)
		}
		if f.Cursor != "" {
			at, id, err := parseTimeCursor(f.Cursor)
			if err != nil {
				return err
			}
			args = append(args, at, id)
			where += " AND (t.requested_at, t.id) > ($" + strconv.Itoa(len(args)-1) + ", $" + strconv.Itoa(len(args)) + "::uuid)"
		}
		rows, err := tx.Query(ctx, "SELECT "+transferColumns+transferFrom+" WHERE t.status = $1 AND "+where+
			" ORDER BY t.requested_at, t.id LIMIT "+strconv.Itoa(limit+1), args...)
		if err != nil {
			return err
		}
		if out, err = pgx.CollectRows(rows, scanTransfer); err != nil {
			return err
		}
		if len(out) > limit {
			out = out[:limit]
			next = timeCursor(out[limit-1].RequestedAt, out[limit-1].ID)
		}
		ev := domain.NewAuditEvent(p, "transfer.queue", "transfer", "", domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"direction": f.Direction, "status": status, "count": len(out)})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, next, err
}

// DecideTransfer accepts or declines a transfer (domain.CheckTransferDecision), as a
// supervisor whose scope covers the receiving facility; anyone else gets NotFound. On
// acceptance the case moves to the receiving facility, its team is replaced by the one the
// decision names (so the old team's access ends), and the handover summary goes on the
// timeline.
func (db *DB) DecideTransfer(ctx context.Context, p *domain.Principal, transferID string, d domain.TransferDecision) (domain.Transfer, error) {
	var out domain.Transfer
	err := db.tx(ctx, func(tx pgx.Tx) error {
		ref, f, to, err := lockTransferDecision(ctx, tx, p, transferID)
		if err != nil {
			return err
		}
		kinds, err := domain.CheckTransferDecision(f, d)
		if err != nil {
			return err
		}
		var handover *domain.Handover
		if d.Accept {
			if handover, err = moveCase(ctx, tx, &ref, to, d); err != nil {
				return err
			}
		}
		var hj any
		if handover != nil {
			hj = handoverToJSON(*handover)
		}
		if _, err := tx.Exec(ctx, `UPDATE transfers SET status = $2, decided_by = $3, decided_at = now(), comment = $4, handover = $5 WHERE id = $1`,
			transferID, d.Verdict(), p.UserID, d.Comment, hj); err != nil {
			return err
		}
		if out, err = loadTransfer(ctx, tx, transferID); err != nil {
			return err
		}
		if err := addTransferEvents(ctx, tx, p, out, d, handover); err != nil {
			return err
		}
		action := "transfer.decline"
		if d.Accept {
			action = "transfer.accept"
		}
		if err := db.auditCase(ctx, tx, p, action, ref, map[string]any{"transfer_id": transferID, "to_facility_id": to}); err != nil {
			return err
		}
		return db.auditAcknowledged(ctx, tx, p, ref, "transfer", transferID, kinds)
	})
	return out, err
}

// lockTransferDecision finds a transfer to a facility the principal supervises and locks,
// in this order (the order every case write takes), its case and then the transfer, inside
// tx. It returns the case, the facts domain.CheckTransferDecision reads and the receiving
// facility. NotFound when the transfer is absent or out of scope.
func lockTransferDecision(ctx context.Context, tx pgx.Tx, p *domain.Principal, transferID string) (caseRef, domain.TransferDecisionFacts, string, error) {
	var f domain.TransferDecisionFacts
	if !validUUID(transferID) {
		return caseRef{}, f, "", domain.NotFound("transfer")
	}
	args := []any{transferID}
	var caseID string
	err := tx.QueryRow(ctx, "SELECT t.case_id FROM transfers t JOIN facilities tf ON tf.id = t.to_facility_id WHERE t.id = $1 AND "+
		scopeFilter(p, domain.RoleSupervisor, "tf.country", "t.to_facility_id", &args), args...).Scan(&caseID)
	if errors.Is(err, pgx.ErrNoRows) {
		return caseRef{}, f, "", domain.NotFound("transfer")
	} else if err != nil {
		return caseRef{}, f, "", err
	}
	reached(ctx, caseID)
	ref := caseRef{ID: caseID}
	if err := tx.QueryRow(ctx, `SELECT c.country, c.facility_id, c.phase, c.version, c.track, pa.birth_year
		FROM cases c JOIN participants pa ON pa.id = c.participant_id WHERE c.id = $1 FOR UPDATE OF c`, caseID).
		Scan(&ref.Country, &ref.FacilityID, &ref.Phase, &ref.Version, &ref.Track, &ref.BirthYear); err != nil {
		return caseRef{}, f, "", err
	}
	f = domain.TransferDecisionFacts{DeciderID: p.UserID, CasePhase: ref.Phase, CaseFacilityID: ref.FacilityID, BirthYear: ref.BirthYear}
	var to string
	err = tx.QueryRow(ctx, `SELECT status, requested_by, from_facility_id, to_facility_id, current_date FROM transfers WHERE id = $1 FOR UPDATE`,
		transferID).Scan(&f.Status, &f.RequestedByID, &f.FromFacilityID, &to, &f.Today)
	if err != nil {
		return ref, f, to, err
	}
	// The receiving facility is held (FOR SHARE) until the case has moved in: a retirement
	// waits for it, and then counts the case (see UpdateFacility).
	err = tx.QueryRow(ctx, "SELECT retired_at IS NOT NULL FROM facilities WHERE id = $1 FOR SHARE", to).Scan(&f.ToRetired)
	return ref, f, to, err
}

// moveCase moves the accepted transfer's case ref to facility to with the team d names,
// inside tx, and returns what the receiving team is handed.
func moveCase(ctx context.Context, tx pgx.Tx, ref *caseRef, to string, d domain.TransferDecision) (*domain.Handover, error) {
	if _, err := tx.Exec(ctx, "UPDATE cases SET facility_id = $2 WHERE id = $1", ref.ID, to); err != nil {
		return nil, err
	}
	ref.FacilityID = to
	if _, err := replaceTeam(ctx, tx, *ref, d.CaseManagerID, d.Members); err != nil {
		return nil, err
	}
	h, err := loadHandover(ctx, tx, *ref)
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// addTransferEvents puts decision d of transfer t on its case's timeline, with the new team
// when it was accepted, inside tx.
func addTransferEvents(ctx context.Context, tx pgx.Tx, p *domain.Principal, t domain.Transfer, d domain.TransferDecision, handover *domain.Handover) error {
	ev := caseEvent{CaseID: t.CaseID, RefID: t.ID, Practices: []string{},
		TimelineEvent: domain.EventTransferDecided(d.Accept, t.FromFacility, t.ToFacility, handover)}
	if err := addCaseEvent(ctx, tx, p, ev); err != nil {
		return err
	}
	if !d.Accept {
		return nil
	}
	return addCaseEvent(ctx, tx, p, caseEvent{CaseID: t.CaseID, RecordKind: "team", RefID: d.CaseManagerID,
		TimelineEvent: domain.EventTeamSetAt(t.ToFacility, len(d.Members))})
}

// loadHandover gathers what the receiving team is handed: phase, latest final assessment,
// the plan in force, requests waiting for a decision, follow-up points due within a month or
// overdue.
func loadHandover(ctx context.Context, tx pgx.Tx, ref caseRef) (domain.Handover, error) {
	h := domain.Handover{Phase: ref.Phase}
	var assessedOn, nextReview, approvedOn *time.Time
	var overall string
	var planVersion int
	err := tx.QueryRow(ctx, `SELECT a.assessed_on, coalesce(a.overall, ''), a.next_review_date, coalesce(pl.version, 0), pl.decided_at::date
		FROM (SELECT 1) one
		LEFT JOIN LATERAL (SELECT assessed_on, overall, next_review_date FROM assessments WHERE case_id = $1 AND status = 'final'
			ORDER BY assessed_on DESC, finalised_at DESC LIMIT 1) a ON true
		LEFT JOIN LATERAL (SELECT version, decided_at FROM plans WHERE case_id = $1 AND status = 'approved' ORDER BY version DESC LIMIT 1) pl ON true`,
		ref.ID).Scan(&assessedOn, &overall, &nextReview, &planVersion, &approvedOn)
	if err != nil {
		return h, err
	}
	if assessedOn != nil {
		h.LatestAssessment = &domain.HandoverAssessment{On: *assessedOn, Overall: overall, NextReview: nextReview}
	}
	if planVersion > 0 {
		h.Plan = &domain.HandoverPlan{Version: planVersion, ApprovedOn: approvedOn}
	}
	rows, err := tx.Query(ctx, "SELECT kind FROM approvals WHERE case_id = $1 AND status = 'pending' ORDER BY requested_at", ref.ID)
	if err != nil {
		return h, err
	}
	if h.OpenRequests, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return h, err
	}
	for i, k := range h.OpenRequests {
		h.OpenRequests[i] = strings.ReplaceAll(k, "_", " ")
	}
	points, err := loadPoints(ctx, tx, ref.ID)
	if err != nil {
		return h, err
	}
	var today time.Time
	if err := tx.QueryRow(ctx, "SELECT current_date").Scan(&today); err != nil {
		return h, err
	}
	for _, pt := range withStates(points, ref.Phase, today) {
		if pt.State == domain.PointDue || pt.State == domain.PointOverdue {
			h.DueFollowUps = append(h.DueFollowUps, domain.HandoverPoint{Months: pt.Months, DueOn: pt.DueOn})
		}
	}
	return h, nil
}

func handoverToJSON(h domain.Handover) []byte {
	j := handoverJSON{Phase: string(h.Phase), OpenRequests: h.OpenRequests, DueFollowUps: []int{}, DueFollowUpDates: []string{}}
	if j.OpenRequests == nil {
		j.OpenRequests = []string{}
	}
	if a := h.LatestAssessment; a != nil {
		j.AssessedOn, j.Overall, j.NextReview = &a.On, a.Overall, a.NextReview
	}
	if pl := h.Plan; pl != nil {
		j.PlanVersion, j.PlanApprovedOn = pl.Version, pl.ApprovedOn
	}
	for _, d := range h.DueFollowUps {
		j.DueFollowUps = append(j.DueFollowUps, d.Months)
		j.DueFollowUpDates = append(j.DueFollowUpDates, d.DueOn.Format(time.DateOnly))
	}
	b, _ := json.Marshal(j) // plain values: cannot fail
	return b
}
