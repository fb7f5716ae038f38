package domain

import (
	"slices"
	"testing"
	"time"
)

func TestTransitionReasonAndDecisionCommentScreen(t *testing.T) {
	today := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	flagged := "Recalled after Imam Yusuf reported him"
	if _, err := (TransitionRequest{To: PhaseIntervention, Reason: flagged}).ScreenReason(today); ErrorCode(err) != CodeInvalid || !slices.Equal(fields(err), []string{"reason:identifier_suspected"}) {
		t.Errorf("flagged reason: %v", err)
	}
	if kinds, err := (TransitionRequest{Reason: flagged, AcknowledgeIdentifiers: true}).ScreenReason(today); err != nil || !slices.Equal(kinds, []string{IdentName}) {
		t.Errorf("acknowledged reason: %v %v", kinds, err)
	}
	if kinds, err := (TransitionRequest{Reason: "Breach of licence conditions"}).ScreenReason(today); err != nil || len(kinds) != 0 {
		t.Errorf("clean reason: %v %v", kinds, err)
	}
	if _, err := (Decision{Comment: "call 0612 345 678"}).ScreenComment(today); ErrorCode(err) != CodeInvalid || !slices.Equal(fields(err), []string{"comment:identifier_suspected"}) {
		t.Errorf("flagged comment: %v", err)
	}
	if kinds, err := (Decision{Comment: "call 0612 345 678", AcknowledgeIdentifiers: true}).ScreenComment(today); err != nil || !slices.Equal(kinds, []string{IdentPhone}) {
		t.Errorf("acknowledged comment: %v %v", kinds, err)
	}
}
