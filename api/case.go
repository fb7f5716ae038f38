package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Wire types of a case. Nothing here carries a name: a participant is a pseudonym and coarse
// facts, and the external reference given at intake is never returned.

type participantRequest struct {
	BirthYear   int      `json:"birth_year" validate:"required"`
	Gender      string   `json:"gender" validate:"required"`
	Nationality string   `json:"nationality" validate:"required"`
	Categories  []string `json:"categories" validate:"max=10"`
	ExternalRef string   `json:"external_ref" validate:"max=64"`
}

type intakeRequest struct {
	ProgrammeID string `json:"programme_id" validate:"required,uuid"`
	FacilityID  string `json:"facility_id" validate:"required,uuid"`
	Track       string `json:"track" validate:"omitempty,oneof=custodial non_custodial"`
	// Participant describes a new participant; ParticipantID names a known one who
	// re-enters the programme (found with POST /participants/lookup). Exactly one is given.
	Participant     *participantRequest `json:"participant" validate:"required_without=ParticipantID,excluded_with=ParticipantID"`
	ParticipantID   string              `json:"participant_id" validate:"omitempty,uuid"`
	OffenceCategory string              `json:"offence_category" validate:"max=6"`
	// LegalBasis defaults to voluntary, on which consent is required.
	LegalBasis          string `json:"legal_basis" validate:"omitempty,oneof=voluntary licence_condition court_order administrative_decision"`
	ConsentGiven        *bool  `json:"consent_given" validate:"required"`
	ConsentDate         string `json:"consent_date" validate:"omitempty,datetime=2006-01-02"`
	ExpectedReleaseDate string `json:"expected_release_date" validate:"omitempty,datetime=2006-01-02"`
}

type participantResponse struct {
	Pseudonym   string   `json:"pseudonym"`
	BirthYear   int      `json:"birth_year"`
	Gender      string   `json:"gender"`
	Nationality string   `json:"nationality"`
	Categories  []string `json:"categories"`
}

type teamMemberResponse struct {
	UserID   string `json:"user_id"`
	Username string `json:"username"`
	// DisplayName: null when none is set.
	DisplayName *string   `json:"display_name"`
	Discipline  string    `json:"discipline"`
	AddedAt     time.Time `json:"added_at"`
}

type caseResponse struct {
	ID                  string              `json:"id"`
	Pseudonym           string              `json:"pseudonym"`
	Participant         participantResponse `json:"participant"`
	ProgrammeID         string              `json:"programme_id"`
	FacilityID          string              `json:"facility_id"`
	Country             string              `json:"country"`
	Track               string              `json:"track"`
	Phase               string              `json:"phase"`
	PhaseSince          string              `json:"phase_since"`
	OffenceCategory     *string             `json:"offence_category"`
	LegalBasis          string              `json:"legal_basis"`
	ConsentGiven        bool                `json:"consent_given"`
	ConsentDate         *string             `json:"consent_date"`
	ConsentWithdrawnOn  *string             `json:"consent_withdrawn_on"`
	OpenedOn            string              `json:"opened_on"`
	ExpectedReleaseDate *string             `json:"expected_release_date"`
	ActualReleaseDate   *string             `json:"actual_release_date"`
	ReleaseType         *string             `json:"release_type"`
	NextReviewDate      *string             `json:"next_review_date"`
	ClosedOn            *string             `json:"closed_on"`
	ClosureReason       *string             `json:"closure_reason"`
	CaseManagerID       *string             `json:"case_manager_id"`
	// PreviousCaseID: the earlier case this one re-enters after, when the reader may open it.
	PreviousCaseID *string `json:"previous_case_id"`
	// ReEntry: this case re-enters the programme after an earlier case of the participant.
	ReEntry bool `json:"re_entry"`
	// ReEntered: a later case re-enters the programme after this one.
	ReEntered        bool                 `json:"re_entered"`
	OverdueFollowUps int                  `json:"overdue_follow_ups"`
	Version          int                  `json:"version"`
	CreatedAt        time.Time            `json:"created_at"`
	UpdatedAt        time.Time            `json:"updated_at"`
	Team             []teamMemberResponse `json:"team,omitempty"`
	// Related: on single-case answers, the cases a re-entry links this one to.
	Related []relatedCaseResponse `json:"related_cases,omitempty"`
}

// relatedCaseResponse is another case of the participant, linked by a re-entry: its id only
// when the reader may open it.
type relatedCaseResponse struct {
	ID       *string `json:"id"`
	Relation string  `json:"relation"`
	OpenedOn string  `json:"opened_on"`
	ClosedOn *string `json:"closed_on"`
}

// previousOut is the earlier case's id, only for a reader who may open it.
func previousOut(k domain.Case) *string {
	if !k.PreviousVisible {
		return nil
	}
	return stringOrNil(k.PreviousCaseID)
}

func caseOut(k domain.Case) caseResponse {
	cats := k.Participant.Categories
	if cats == nil {
		cats = []string{}
	}
	return caseResponse{
		ID: k.ID, Pseudonym: k.Participant.Pseudonym,
		Participant: participantResponse{Pseudonym: k.Participant.Pseudonym, BirthYear: k.Participant.BirthYear,
			Gender: k.Participant.Gender, Nationality: k.Participant.Nationality, Categories: cats},
		ProgrammeID: k.ProgrammeID, FacilityID: k.FacilityID, Country: k.Country, Track: string(k.Track),
		Phase: string(k.Phase), PhaseSince: dateOut(k.PhaseSince), OffenceCategory: stringOrNil(k.OffenceCategory),
		LegalBasis: k.LegalBasis, ConsentGiven: k.ConsentGiven, ConsentDate: dateOrNil(k.ConsentDate),
		ConsentWithdrawnOn: dateOrNil(k.ConsentWithdrawnOn), OpenedOn: dateOut(k.OpenedOn),
		ExpectedReleaseDate: dateOrNil(k.ExpectedReleaseDate), ActualReleaseDate: dateOrNil(k.ActualReleaseDate),
		ReleaseType: stringOrNil(k.ReleaseType), NextReviewDate: dateOrNil(k.NextReviewDate), ClosedOn: dateOrNil(k.ClosedOn),
		ClosureReason: stringOrNil(k.ClosureReason), CaseManagerID: stringOrNil(k.CaseManagerID),
		PreviousCaseID: previousOut(k), ReEntry: k.PreviousCaseID != "", ReEntered: k.ReEntered, OverdueFollowUps: k.OverdueFollowUps,
		Version: k.Version, CreatedAt: k.CreatedAt.UTC(), UpdatedAt: k.UpdatedAt.UTC(),
	}
}

func caseDetailOut(d domain.CaseDetail) caseResponse {
	out := caseOut(d.Case)
	out.Team = make([]teamMemberResponse, 0, len(d.Team))
	for _, m := range d.Team {
		out.Team = append(out.Team, teamMemberResponse{UserID: m.UserID, Username: m.Username, DisplayName: stringOrNil(m.DisplayName), Discipline: m.Discipline, AddedAt: m.AddedAt.UTC()})
	}
	for _, r := range d.Related {
		w := relatedCaseResponse{Relation: r.Relation, OpenedOn: dateOut(r.OpenedOn), ClosedOn: dateOrNil(r.ClosedOn)}
		if r.Visible {
			w.ID = stringOrNil(r.ID)
		}
		out.Related = append(out.Related, w)
	}
	return out
}

// setETag names the case's version as a strong ETag.
func setETag(c *fiber.Ctx, version int) {
	c.Set(fiber.HeaderETag, `"`+strconv.Itoa(version)+`"`)
}

// ifMatch reads the version a write is based on. Writes to a case must say which version they
// saw, so two people editing at once cannot silently overwrite each other: no If-Match is 428,
// one that is not the current version is 412 (the store compares).
func ifMatch(c *fiber.Ctx) (int, error) { return recordIfMatch(c, "case") }

func (s *Server) createCase(c *fiber.Ctx) error {
	var req intakeRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	n := domain.NewCase{ProgrammeID: req.ProgrammeID, FacilityID: req.FacilityID, Track: domain.Track(req.Track),
		ParticipantID: req.ParticipantID, OffenceCategory: req.OffenceCategory, LegalBasis: req.LegalBasis, ConsentGiven: *req.ConsentGiven}
	if pr := req.Participant; pr != nil {
		n.BirthYear, n.Gender, n.Nationality, n.Categories, n.ExternalRef = pr.BirthYear, pr.Gender, pr.Nationality, pr.Categories, pr.ExternalRef
	}
	if n.Track == "" {
		n.Track = domain.TrackCustodial
	}
	if n.LegalBasis == "" {
		n.LegalBasis = domain.BasisVoluntary
	}
	if req.ConsentDate != "" {
		d, err := parseDateField("consent_date", req.ConsentDate)
		if err != nil {
			return err
		}
		n.ConsentDate = &d
	}
	if req.ExpectedReleaseDate != "" {
		d, err := parseDateField("expected_release_date", req.ExpectedReleaseDate)
		if err != nil {
			return err
		}
		n.ExpectedReleaseDate = &d
	}
	d, err := s.store.CreateCase(c.UserContext(), principal(c), n, s.cfg.Secret)
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	c.Set(fiber.HeaderLocation, "/api/v1/cases/"+d.ID)
	return c.Status(fiber.StatusCreated).JSON(caseDetailOut(d))
}

type caseListQuery struct {
	Phase       string `query:"phase" validate:"omitempty,oneof=intake assessment intervention pre_release reintegration closed"`
	FacilityID  string `query:"facility_id" validate:"omitempty,uuid"`
	ProgrammeID string `query:"programme_id" validate:"omitempty,uuid"`
	Overdue     string `query:"overdue" validate:"omitempty,oneof=true false"`
	// FollowUpOverdue: cases with a follow-up point past its due date and nothing recorded.
	FollowUpOverdue string `query:"follow_up_overdue" validate:"omitempty,oneof=true false"`
	// Q: part of a pseudonym, as typed (domain.PseudonymSearch); Sort and Order: the order.
	Q      string `query:"q" validate:"max=40"`
	Sort   string `query:"sort" validate:"omitempty,oneof=pseudonym phase case_manager next_due"`
	Order  string `query:"order" validate:"omitempty,oneof=asc desc"`
	Cursor string `query:"cursor" validate:"max=200"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=200"`
}

func (s *Server) readQuery(c *fiber.Ctx, q any) error {
	if err := c.QueryParser(q); err != nil {
		return domain.Errorf(domain.CodeMalformed, "the query string could not be read: %v", err)
	}
	return s.check(q)
}

func (s *Server) listCases(c *fiber.Ctx) error {
	var q caseListQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	cases, next, err := s.store.ListCases(c.UserContext(), principal(c), domain.CaseFilter{Phase: domain.Phase(q.Phase),
		FacilityID: q.FacilityID, ProgrammeID: q.ProgrammeID, Overdue: q.Overdue == "true", FollowUpOverdue: q.FollowUpOverdue == "true",
		Query: q.Q, Sort: domain.CaseSort(q.Sort), Desc: q.Order == "desc", Cursor: q.Cursor, Limit: q.Limit})
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapItems(cases, caseListItemOut), next))
}

func (s *Server) getCase(c *fiber.Ctx) error {
	d, err := s.store.GetCase(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	return c.JSON(caseDetailOut(d))
}

// patchField is a field of a partial update: absent (Set false), null (Null), or a value.
type patchField[T any] struct {
	Set  bool
	Null bool
	V    T
}

// UnmarshalJSON marks the field as sent (null included), so a patch tells "leave as is" from "clear".
func (o *patchField[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// casePatchRequest: fields left out stay as they are; null clears a field.
type casePatchRequest struct {
	ExpectedReleaseDate patchField[string] `json:"expected_release_date"`
	ActualReleaseDate   patchField[string] `json:"actual_release_date"`
	ReleaseType         patchField[string] `json:"release_type"`
	OffenceCategory     patchField[string] `json:"offence_category"`
	FacilityID          patchField[string] `json:"facility_id"`
}

func optDateIn(field string, o patchField[string], probs *domain.Problems) domain.Opt[time.Time] {
	out := domain.Opt[time.Time]{Set: o.Set}
	if o.Set && !o.Null {
		t, err := time.Parse(time.DateOnly, o.V)
		if err != nil {
			probs.Add(field, "datetime", "must be a date in the form 2006-01-02, or null")
		}
		out.Value = &t
	}
	return out
}

func optStringIn(o patchField[string]) domain.Opt[string] {
	out := domain.Opt[string]{Set: o.Set}
	if o.Set && !o.Null {
		v := o.V
		out.Value = &v
	}
	return out
}

func (s *Server) updateCase(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req casePatchRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	var probs domain.Problems
	u := domain.CaseUpdate{
		ExpectedReleaseDate: optDateIn("expected_release_date", req.ExpectedReleaseDate, &probs),
		ActualReleaseDate:   optDateIn("actual_release_date", req.ActualReleaseDate, &probs),
		ReleaseType:         optStringIn(req.ReleaseType),
		OffenceCategory:     optStringIn(req.OffenceCategory),
		FacilityID:          optStringIn(req.FacilityID),
	}
	if err := probs.Err(); err != nil {
		return err
	}
	d, err := s.store.UpdateCase(c.UserContext(), principal(c), c.Params("id"), version, u)
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	return c.JSON(caseDetailOut(d))
}

type teamMemberRequest struct {
	UserID     string `json:"user_id" validate:"required,uuid"`
	Discipline string `json:"discipline" validate:"required,oneof=case_manager psychologist religious_counsellor ideological_counsellor educator vocational_trainer social_worker prison_officer probation_officer mentor health other"`
}

type teamRequest struct {
	CaseManagerID string              `json:"case_manager_id" validate:"required,uuid"`
	Members       []teamMemberRequest `json:"members" validate:"required,min=1,max=50,dive"`
}

func (s *Server) setCaseTeam(c *fiber.Ctx) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req teamRequest
	if err := s.bind(c, &req); err != nil {
		return err
	}
	members := make([]domain.TeamMember, 0, len(req.Members))
	for _, m := range req.Members {
		members = append(members, domain.TeamMember{UserID: m.UserID, Discipline: m.Discipline})
	}
	d, err := s.store.SetCaseTeam(c.UserContext(), principal(c), c.Params("id"), version, req.CaseManagerID, members)
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	return c.JSON(caseDetailOut(d))
}

type casePageQuery struct {
	Cursor string `query:"cursor" validate:"max=200"`
	Limit  int    `query:"limit" validate:"omitempty,gte=1,lte=200"`
}

type caseEventResponse struct {
	ID         int64             `json:"id"`
	Kind       string            `json:"kind"`
	OccurredOn string            `json:"occurred_on"`
	At         time.Time         `json:"at"`
	Summary    string            `json:"summary"`
	Params     map[string]string `json:"params"`
	RefID      string            `json:"ref_id"`
	Practices  []string          `json:"practices"`
	Actor      string            `json:"actor"`
	// ActorName: the actor's display name, null when none is set.
	ActorName *string `json:"actor_name"`
	// Comment: a decision's comment, null on other entries or when the decider gave none.
	Comment *string `json:"comment"`
}

func (s *Server) caseTimeline(c *fiber.Ctx) error {
	var q casePageQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	events, next, err := s.store.CaseTimeline(c.UserContext(), principal(c), c.Params("id"), q.Cursor, q.Limit)
	if err != nil {
		return err
	}
	out := make([]caseEventResponse, 0, len(events))
	for _, e := range events {
		pr := e.Practices
		if pr == nil {
			pr = []string{}
		}
		params := e.Params
		if params == nil {
			params = map[string]string{}
		}
		out = append(out, caseEventResponse{ID: e.ID, Kind: e.Kind, OccurredOn: dateOut(e.OccurredOn), At: e.At.UTC(),
			Summary: e.Summary, Params: params, RefID: e.RefID, Practices: pr, Actor: e.Actor, ActorName: stringOrNil(e.ActorName),
			Comment: stringOrNil(e.Comment)})
	}
	return c.JSON(pageOf(out, next))
}
