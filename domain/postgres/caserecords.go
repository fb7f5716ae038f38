package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// requireOpen refuses writes to a closed case: its record is complete.
func requireOpen(c caseRef) error {
	if c.Phase == domain.PhaseClosed {
		return domain.Errorf(domain.CodeConflict, "the case is closed; its records can no longer change")
	}
	return nil
}

// auditAcknowledged records, beside a write, that its author confirmed free text the screen
// had flagged. Only the kinds are kept, never the text.
func (db *DB) auditAcknowledged(ctx context.Context, tx pgx.Tx, p *domain.Principal, c caseRef, record, recordID string, kinds []string) error {
	if len(kinds) == 0 {
		return nil
	}
	return db.auditCase(ctx, tx, p, "identifiers.acknowledged", c, map[string]any{"record": record, "record_id": recordID, "kinds": kinds})
}

// canDeliver reports whether a user may be named as having delivered work on a case: they
// are on its team, or a supervisor whose scope covers it.
func canDeliver(ctx context.Context, tx pgx.Tx, userID string, c caseRef) (bool, error) {
	if !validUUID(userID) {
		return false, nil
	}
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM case_team WHERE case_id = $1 AND user_id = $2)
		OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.user_id = $2 AND NOT u.disabled AND m.role = 'supervisor'
			AND (m.scope_kind = 'global' OR (m.scope_kind = 'country' AND m.country = $3) OR (m.scope_kind = 'facility' AND m.facility_id = $4)))`,
		c.ID, userID, c.Country, c.FacilityID).Scan(&ok)
	return ok, err
}

// keyset cursors of lists ordered by a date and an id, newest first: "2025-01-31~<uuid>".
func parseCursor(cursor string) (on time.Time, id string, err error) {
	d, id, ok := strings.Cut(cursor, "~")
	if on, err = time.Parse(time.DateOnly, d); err != nil || !ok || !validUUID(id) {
		return on, "", domain.Errorf(domain.CodeMalformed, "the cursor is not one this list gave out")
	}
	return on, id, nil
}

func makeCursor(on time.Time, id string) string { return on.Format(time.DateOnly) + "~" + id }

// recordWrite puts a record's write on case c's timeline and in the audit trail, with the
// identifiers its author acknowledged (if any), inside tx.
func (db *DB) recordWrite(ctx context.Context, tx pgx.Tx, p *domain.Principal, c caseRef, ev caseEvent, action string,
	kv map[string]any, record, recordID string, kinds []string) error {
	ev.CaseID = c.ID
	if err := addCaseEvent(ctx, tx, p, ev); err != nil {
		return err
	}
	if err := db.auditCase(ctx, tx, p, action, c, kv); err != nil {
		return err
	}
	return db.auditAcknowledged(ctx, tx, p, c, record, recordID, kinds)
}
