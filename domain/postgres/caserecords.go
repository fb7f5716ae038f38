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

// deliversOnSQL is the condition that the user user (an SQL uuid expression) may deliver
// work on the case caseID in country and facility (SQL expressions too): on the case's
// team, or an enabled supervisor whose scope covers the case. The one definition for plans'
// responsible staff and sessions' deliverers.
func deliversOnSQL(user, caseID, country, facility string) string {
	return `(EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = ` + caseID + ` AND t.user_id = ` + user + `)
		OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.user_id = ` + user + ` AND NOT u.disabled AND m.role = 'supervisor'
			AND (m.scope_kind = 'global' OR (m.scope_kind = 'country' AND m.country = ` + country + `)
				OR (m.scope_kind = 'facility' AND m.facility_id = ` + facility + `))))`
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
