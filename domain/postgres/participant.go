package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// staffScope renders which cases the principal's staff scopes (practitioner or supervisor)
// cover, over cases aliased c: where they work, whatever the case team. Re-entry lookups use
// it: the person to be taken in again may have been on a colleague's caseload.
func staffScope(p *domain.Principal, args *[]any) string {
	return "(" + scopeFilter(p, domain.RolePractitioner, "c.country", "c.facility_id", args) + " OR " +
		scopeFilter(p, domain.RoleSupervisor, "c.country", "c.facility_id", args) + ")"
}

// staffCountries lists the countries of the facilities the principal's staff scopes reach:
// an external reference is keyed per country, so a lookup tries each.
func staffCountries(ctx context.Context, tx pgx.Tx, p *domain.Principal) ([]string, error) {
	args := []any{}
	q := "SELECT DISTINCT f.country FROM facilities f WHERE (" + scopeFilter(p, domain.RolePractitioner, "f.country", "f.id", &args) +
		" OR " + scopeFilter(p, domain.RoleSupervisor, "f.country", "f.id", &args) + ") ORDER BY 1"
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// LookupParticipants finds participants by external reference (its HMAC, per country the
// caller works in) or by pseudonym, among those with a case in the caller's staff scope, with
// those cases. Every lookup is audited with what it matched (never the reference).
func (db *DB) LookupParticipants(ctx context.Context, p *domain.Principal, l domain.ParticipantLookup, secret []byte) ([]domain.ParticipantMatch, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	var out []domain.ParticipantMatch
	err := db.tx(ctx, func(tx pgx.Tx) error {
		args := []any{}
		scope := staffScope(p, &args)
		key, err := lookupKey(ctx, tx, p, l, secret, &args)
		if err != nil {
			return err
		}
		// A case of the participant's is named by id only to someone who may open it (attack
		// round 9b): the lookup reaches the caller's whole facility, a caseload does not.
		openable := caseScopeOn(p, "c", &args)
		rows, err := tx.Query(ctx, `SELECT pa.id, pa.pseudonym, pa.country, pa.birth_year, pa.gender, pa.nationality, pa.categories,
				CASE WHEN `+openable+` THEN c.id::text ELSE '' END, c.facility_id, c.programme_id, c.track, c.phase, c.opened_on, c.closed_on, coalesce(c.closure_reason, '')
			FROM participants pa JOIN cases c ON c.participant_id = pa.id
			WHERE `+key+` AND `+scope+` ORDER BY pa.pseudonym, c.opened_on, c.created_at`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pt domain.Participant
			var e domain.Episode
			if err := rows.Scan(&pt.ID, &pt.Pseudonym, &pt.Country, &pt.BirthYear, &pt.Gender, &pt.Nationality, &pt.Categories,
				&e.CaseID, &e.FacilityID, &e.ProgrammeID, &e.Track, &e.Phase, &e.OpenedOn, &e.ClosedOn, &e.ClosureReason); err != nil {
				return err
			}
			out = domain.AppendMatch(out, pt, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ids := domain.MatchIDs(out)
		ev := domain.NewAuditEvent(p, "participant.lookup", "participant", strings.Join(ids, ","), domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"by": l.By(), "matches": len(out), "participant_ids": ids})
		return db.appendAudit(ctx, tx, ev)
	})
	return out, err
}

// lookupKey is the condition on participants pa that selects lookup l, its arguments
// appended to args: the pseudonym, or the reference's HMAC under secret in each country the
// caller works in (read inside tx).
func lookupKey(ctx context.Context, tx pgx.Tx, p *domain.Principal, l domain.ParticipantLookup, secret []byte, args *[]any) (string, error) {
	if ps, ok := l.ByPseudonym(); ok {
		*args = append(*args, ps)
		return "pa.pseudonym = $" + strconv.Itoa(len(*args)), nil
	}
	countries, err := staffCountries(ctx, tx, p)
	if err != nil {
		return "", err
	}
	var hmacs [][]byte
	for _, c := range countries {
		hmacs = append(hmacs, domain.ExternalRefHMAC(secret, c, l.ExternalRef))
	}
	*args = append(*args, hmacs)
	return "pa.external_ref_hmac = ANY($" + strconv.Itoa(len(*args)) + "::bytea[])", nil
}

// reentryParticipant checks a re-entry (domain.CheckReentry) and returns the participant and
// the case the new one follows: their latest case in the caller's scope. The participant's
// row is locked, so two intakes of the same person cannot both pass.
func reentryParticipant(ctx context.Context, tx pgx.Tx, p *domain.Principal, participantID, facilityCountry string) (string, string, error) {
	f := domain.ReentryFacts{FacilityCountry: facilityCountry}
	if !validUUID(participantID) {
		return "", "", domain.CheckReentry(f)
	}
	err := tx.QueryRow(ctx, "SELECT country, pseudonym FROM participants WHERE id = $1 FOR UPDATE", participantID).Scan(&f.ParticipantCountry, &f.Pseudonym)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", domain.CheckReentry(f)
	} else if err != nil {
		return "", "", err
	}
	args := []any{participantID}
	scope := staffScope(p, &args)
	var previous *string
	err = tx.QueryRow(ctx, `SELECT
			(SELECT c.id::text FROM cases c WHERE c.participant_id = $1 AND `+scope+` ORDER BY c.opened_on DESC, c.created_at DESC LIMIT 1),
			EXISTS (SELECT 1 FROM cases c WHERE c.participant_id = $1 AND c.phase <> 'closed'),
			EXISTS (SELECT 1 FROM cases c WHERE c.participant_id = $1 AND c.phase <> 'closed' AND `+scope+`),
			EXISTS (SELECT 1 FROM cases c WHERE c.participant_id = $1 AND c.closure_reason = '`+domain.ClosureDeceased+`')`, args...).
		Scan(&previous, &f.HasOpenCase, &f.OpenCaseInScope, &f.Deceased)
	if err != nil {
		return "", "", err
	}
	f.Found = previous != nil
	if err := domain.CheckReentry(f); err != nil {
		return "", "", err
	}
	return participantID, *previous, nil
}

// knownParticipant refuses a new participant whose external reference matches a participant
// with a case in the caller's scope (all of them closed: an open one was refused before), and
// names them so the intake is opened as their re-entry instead of as a new person. The match
// is audited.
func (db *DB) knownParticipant(ctx context.Context, tx pgx.Tx, p *domain.Principal, country string, refHMAC []byte) error {
	args := []any{country, refHMAC}
	scope := staffScope(p, &args)
	var id, pseudonym string
	err := tx.QueryRow(ctx, `SELECT pa.id, pa.pseudonym FROM participants pa WHERE pa.country = $1 AND pa.external_ref_hmac = $2
		AND EXISTS (SELECT 1 FROM cases c WHERE c.participant_id = pa.id AND `+scope+`) ORDER BY pa.created_at LIMIT 1`, args...).Scan(&id, &pseudonym)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	ev := domain.NewAuditEvent(p, "participant.match", "participant", id, domain.OutcomeSuccess)
	ev.Details = details(map[string]any{"at": "intake", "open_case": false})
	if err := db.Audit(ctx, ev); err != nil {
		return err
	}
	return &domain.Error{Code: domain.CodeConflict, Message: "this person is known from an earlier case: open the new case as their re-entry",
		Extra: map[string]any{"pseudonym": pseudonym, "participant_id": id}}
}

// linkEpisodes puts a re-entry on both timelines: the new case names the one it follows, and
// the earlier case names the new one.
func (db *DB) linkEpisodes(ctx context.Context, tx pgx.Tx, p *domain.Principal, previousID, caseID string) error {
	var opened time.Time
	var closed *time.Time
	var reason string
	previous := caseRef{ID: previousID}
	if err := tx.QueryRow(ctx, "SELECT opened_on, closed_on, coalesce(closure_reason, ''), country, facility_id FROM cases WHERE id = $1", previousID).
		Scan(&opened, &closed, &reason, &previous.Country, &previous.FacilityID); err != nil {
		return err
	}
	if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: caseID, RefID: previousID, TimelineEvent: domain.EventReEntry(opened, closed, reason),
		Practices: []string{}}); err != nil {
		return err
	}
	if err := addCaseEvent(ctx, tx, p, caseEvent{CaseID: previousID, RefID: caseID, Practices: []string{},
		TimelineEvent: domain.EventReEntered()}); err != nil {
		return err
	}
	return db.auditCase(ctx, tx, p, "case.reentry", previous, map[string]any{"new_case_id": caseID})
}
