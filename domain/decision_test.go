package domain

import (
	"slices"
	"testing"
)

func TestTransitionReasonAndDecisionCommentScreen(t *testing.T) {
	flagged := "Recalled after Imam Yusuf reported him"
	if _, err := (TransitionRequest{To: PhaseIntervention, Reason: flagged}).ScreenReason(1990); ErrorCode(err) != CodeInvalid || !slices.Equal(fields(err), []string{"reason:identifier_suspected"}) {
		t.Errorf("flagged reason: %v", err)
	}
	if kinds, err := (TransitionRequest{Reason: flagged, AcknowledgeIdentifiers: true}).ScreenReason(1990); err != nil || !slices.Equal(kinds, []string{IdentName}) {
		t.Errorf("acknowledged reason: %v %v", kinds, err)
	}
	if kinds, err := (TransitionRequest{Reason: "Breach of licence conditions"}).ScreenReason(1990); err != nil || len(kinds) != 0 {
		t.Errorf("clean reason: %v %v", kinds, err)
	}
	if _, err := (Decision{Comment: "call 0612 345 678"}).ScreenComment(1990); ErrorCode(err) != CodeInvalid || !slices.Equal(fields(err), []string{"comment:identifier_suspected"}) {
		t.Errorf("flagged comment: %v", err)
	}
	if kinds, err := (Decision{Comment: "call 0612 345 678", AcknowledgeIdentifiers: true}).ScreenComment(1990); err != nil || !slices.Equal(kinds, []string{IdentPhone}) {
		t.Errorf("acknowledged comment: %v %v", kinds, err)
	}
	// The participant's birth year makes a full date in that year a date of birth.
	dated := "Transferred; the file still shows 04/03/1990 on the cover"
	if kinds, err := (TransitionRequest{Reason: dated, AcknowledgeIdentifiers: true}).ScreenReason(1990); err != nil || !slices.Equal(kinds, []string{IdentDateOfBirth}) {
		t.Errorf("date in the birth year: %v %v", kinds, err)
	}
	if kinds, err := (TransitionRequest{Reason: dated}).ScreenReason(1985); err != nil || len(kinds) != 0 {
		t.Errorf("date outside the birth year: %v %v", kinds, err)
	}
}
