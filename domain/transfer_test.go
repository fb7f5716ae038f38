package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCheckTransferRequest(t *testing.T) {
	base := TransferFacts{Phase: PhaseIntervention, Country: "XA", FacilityID: "north", OpenedOn: today.AddDate(-1, 0, 0), Today: today,
		ToFound: true, ToCountry: "XA"}
	good := TransferRequest{ToFacilityID: "river", Reason: "Closer to family", TransferOn: *day(14)}
	for _, c := range []struct {
		name string
		f    func(*TransferFacts, *TransferRequest)
		want []string
	}{
		{"to another facility of the country", nil, nil},
		{"backdated to the day it happened", func(_ *TransferFacts, r *TransferRequest) { r.TransferOn = *day(-3) }, nil},
		{"closed case", func(f *TransferFacts, _ *TransferRequest) { f.Phase = PhaseClosed }, []string{"conflict"}},
		{"one waiting at a time", func(f *TransferFacts, _ *TransferRequest) { f.PendingID = "t0" }, []string{"conflict"}},
		{"no such facility", func(f *TransferFacts, _ *TransferRequest) { f.ToFound = false }, []string{"to_facility_id:unknown"}},
		{"same facility", func(_ *TransferFacts, r *TransferRequest) { r.ToFacilityID = "north" }, []string{"to_facility_id:same_facility"}},
		{"another country", func(f *TransferFacts, _ *TransferRequest) { f.ToCountry = "XB" }, []string{"to_facility_id:other_country"}},
		{"reason required", func(_ *TransferFacts, r *TransferRequest) { r.Reason = "  " }, []string{"reason:required"}},
		{"date required", func(_ *TransferFacts, r *TransferRequest) { r.TransferOn = time.Time{} }, []string{"transfer_on:required"}},
		{"not before the case", func(_ *TransferFacts, r *TransferRequest) { r.TransferOn = today.AddDate(-2, 0, 0) }, []string{"transfer_on:before_opened"}},
		{"at most a year ahead", func(_ *TransferFacts, r *TransferRequest) { r.TransferOn = *day(367) }, []string{"transfer_on:too_far"}},
		{"identifiers in the reason", func(_ *TransferFacts, r *TransferRequest) { r.Reason = "Call 0612345678 first" }, []string{"reason:identifier_suspected"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, r := base, good
			if c.f != nil {
				c.f(&f, &r)
			}
			_, err := CheckTransferRequest(f, r)
			checkProblems(t, err, c.want)
		})
	}
}

func TestCheckTransferDecision(t *testing.T) {
	base := TransferDecisionFacts{Status: TransferPending, RequestedByID: "u1", DeciderID: "u2", CasePhase: PhaseIntervention,
		CaseFacilityID: "north", FromFacilityID: "north", Today: today}
	team := []TeamMember{{UserID: "m1", Discipline: "case_manager"}, {UserID: "m2", Discipline: "psychologist"}}
	accept := TransferDecision{Accept: true, CaseManagerID: "m1", Members: team}
	for _, c := range []struct {
		name string
		f    func(*TransferDecisionFacts)
		d    TransferDecision
		want []string
	}{
		{"accept with a team", nil, accept, nil},
		{"decline with a reason", nil, TransferDecision{Comment: "No place in the programme"}, nil},
		{"decline needs a reason", nil, TransferDecision{}, []string{"comment:required"}},
		{"accept needs a team", nil, TransferDecision{Accept: true, CaseManagerID: "m1"}, []string{"members:required", "case_manager_id:not_a_member"}},
		{"the case manager is on the team", nil, TransferDecision{Accept: true, CaseManagerID: "m9", Members: team}, []string{"case_manager_id:not_a_member"}},
		{"never your own request", func(f *TransferDecisionFacts) { f.DeciderID = "u1" }, accept, []string{"forbidden"}},
		{"already decided", func(f *TransferDecisionFacts) { f.Status = TransferDeclined }, accept, []string{"conflict"}},
		{"the case closed meanwhile", func(f *TransferDecisionFacts) { f.CasePhase = PhaseClosed }, accept, []string{"conflict"}},
		{"the case moved meanwhile", func(f *TransferDecisionFacts) { f.CaseFacilityID = "harbour" }, accept, []string{"conflict"}},
		{"the receiving facility was retired meanwhile", func(f *TransferDecisionFacts) { f.ToRetired = true }, accept, []string{"conflict"}},
		{"a decline still goes through", func(f *TransferDecisionFacts) { f.ToRetired = true }, TransferDecision{Comment: "Facility closed"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := base
			if c.f != nil {
				c.f(&f)
			}
			_, err := CheckTransferDecision(f, c.d)
			checkProblems(t, err, c.want)
		})
	}
}

func TestHandoverSummary(t *testing.T) {
	approved := date("2025-01-20")
	review := date("2025-09-01")
	h := Handover{Phase: PhaseReintegration,
		LatestAssessment: &HandoverAssessment{On: date("2025-03-01"), Overall: "moderate", NextReview: &review},
		Plan:             &HandoverPlan{Version: 2, ApprovedOn: &approved},
		OpenRequests:     []string{"milestone"},
		DueFollowUps:     []HandoverPoint{{Months: 6, DueOn: date("2025-06-01")}}}
	want := "handover: phase reintegration; latest assessment 2025-03-01 (moderate), review due 2025-09-01; plan v2 in force since 2025-01-20; " +
		"1 open request(s): milestone; follow-ups due: 6 months due 2025-06-01"
	if got := h.Summary(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	empty := Handover{Phase: PhaseIntake}.Summary()
	for _, part := range []string{"phase intake", "no final assessment", "no plan in force", "no open requests", "no follow-ups due"} {
		if !strings.Contains(empty, part) {
			t.Errorf("empty handover %q lacks %q", empty, part)
		}
	}
}

func TestTransferDecisionVerdict(t *testing.T) {
	for _, c := range []struct {
		d    TransferDecision
		want string
	}{
		{TransferDecision{Accept: true}, TransferAccepted},
		{TransferDecision{Accept: false, Comment: "no places"}, TransferDeclined},
	} {
		if got := c.d.Verdict(); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.d, got, c.want)
		}
	}
}
