package domain

import (
	"context"
	"strings"
	"time"
)

// One person may come back to a programme: after a recall that closed their case, a new
// sentence, a return from abroad. At intake staff look the person up by their external
// reference (matched through its HMAC, never in clear) or their pseudonym, among participants
// with a case in the caller's scope, and open the new case for that participant: the episodes
// are linked, on the timeline and for the statistics. Every lookup is audited.

// ParticipantLookup is what staff look a participant up by: exactly one of the two.
type ParticipantLookup struct {
	ExternalRef string
	Pseudonym   string
}

// Validate checks the lookup's shape: one key, a pseudonym with a valid check character.
func (l ParticipantLookup) Validate() error {
	var p Problems
	ref, ps := strings.TrimSpace(l.ExternalRef), strings.TrimSpace(l.Pseudonym)
	switch {
	case ref == "" && ps == "":
		p.Add("external_ref", "required", "give an external reference or a pseudonym")
	case ref != "" && ps != "":
		p.Add("pseudonym", "not_allowed", "give an external reference or a pseudonym, not both")
	case ref != "" && NormaliseExternalRef(ref) == "":
		p.Add("external_ref", "blank", "give a reference")
	case ps != "" && !ValidPseudonym(strings.ToUpper(ps)):
		p.Add("pseudonym", "invalid", "not a pseudonym: check the characters (the last one is a check character)")
	}
	return p.Err()
}

// ByPseudonym returns the pseudonym to look up (trimmed, in capitals) and true when the
// lookup is by pseudonym; false when it is by external reference.
func (l ParticipantLookup) ByPseudonym() (string, bool) {
	ps := strings.ToUpper(strings.TrimSpace(l.Pseudonym))
	return ps, ps != ""
}

// By names the lookup's key for the audit trail: "external_ref" when a reference was
// given, else "pseudonym".
func (l ParticipantLookup) By() string {
	if l.ExternalRef != "" {
		return "external_ref"
	}
	return "pseudonym"
}

// Episode is one case of a participant, as the lookup shows it.
type Episode struct {
	CaseID        string
	FacilityID    string
	ProgrammeID   string
	Track         Track
	Phase         Phase
	OpenedOn      time.Time
	ClosedOn      *time.Time
	ClosureReason string
}

// ParticipantMatch is a participant a lookup found, with their cases in the caller's scope.
type ParticipantMatch struct {
	Participant Participant
	Episodes    []Episode
}

// AppendMatch adds case e of participant pt to a lookup's matches, read in participant
// order: to the last match when it is the same participant, else as a new match.
func AppendMatch(ms []ParticipantMatch, pt Participant, e Episode) []ParticipantMatch {
	if len(ms) == 0 || ms[len(ms)-1].Participant.ID != pt.ID {
		ms = append(ms, ParticipantMatch{Participant: pt})
	}
	ms[len(ms)-1].Episodes = append(ms[len(ms)-1].Episodes, e)
	return ms
}

// MatchIDs lists the matched participants' ids, in order.
func MatchIDs(ms []ParticipantMatch) []string {
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.Participant.ID)
	}
	return ids
}

// OpenEpisode is the participant's open case in the caller's scope, if any.
func (m ParticipantMatch) OpenEpisode() *Episode {
	for i := range m.Episodes {
		if m.Episodes[i].Phase != PhaseClosed {
			return &m.Episodes[i]
		}
	}
	return nil
}

// ReentryFacts is what the re-entry rules look at: the known participant and the intake.
type ReentryFacts struct {
	Found              bool   // the participant exists and has a case in the caller's scope
	ParticipantCountry string // where the participant was first taken in
	FacilityCountry    string // the country of the intake's facility
	Pseudonym          string
	HasOpenCase        bool // anywhere, in scope or not
	OpenCaseInScope    bool
	Deceased           bool // a case of theirs was closed because they died
}

// CheckReentry decides a re-entry: the participant is one the caller may look up, of the
// facility's country (references and pseudonyms are per country), with no case still open,
// and not recorded as deceased (a wrong look-up, or a closure to correct first).
func CheckReentry(f ReentryFacts) error {
	switch {
	case !f.Found:
		return Invalid(FieldProblem{Field: "participant_id", Reason: "unknown", Detail: "no such participant in your scope"})
	case f.Deceased:
		return Invalid(FieldProblem{Field: "participant_id", Reason: "deceased", Detail: "a case of this participant was closed because they died: check the look-up, or have that closure corrected first"})
	case f.ParticipantCountry != f.FacilityCountry:
		return Invalid(FieldProblem{Field: "participant_id", Reason: "other_country", Detail: "the participant was taken in another country: a re-entry stays in the country"})
	case f.HasOpenCase && f.OpenCaseInScope:
		return &Error{Code: CodeConflict, Message: "this person already has an open case: " + f.Pseudonym,
			Extra: map[string]any{"pseudonym": f.Pseudonym}}
	case f.HasOpenCase:
		return Errorf(CodeConflict, "this person already has an open case")
	}
	return nil
}

// ParticipantStore answers participant lookups at intake.
type ParticipantStore interface {
	// LookupParticipants finds participants by external reference (keyed with secret) or
	// pseudonym among those with a case in the caller's scope, and audits the lookup.
	LookupParticipants(ctx context.Context, p *Principal, l ParticipantLookup, secret []byte) ([]ParticipantMatch, error)
}
