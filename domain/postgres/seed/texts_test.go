package seed

import (
	"testing"

	"pathways/domain"
)

// The demo and synthetic data are loaded by COPY, past the identifier screen; their free
// texts are written the way the screen expects staff to write, and this holds them to it.
func TestSeedTextsPassTheScreen(t *testing.T) {
	var texts []string
	texts = append(texts, sessionNotes...)
	texts = append(texts, groupNotes...)
	texts = append(texts, ratingEvidence...)
	texts = append(texts, planSummaries...)
	texts = append(texts, approvalComments...)
	texts = append(texts, rejectionComments...)
	for _, notes := range AbsenceNotes {
		texts = append(texts, notes...)
	}
	for _, r := range phaseRequestReasons {
		texts = append(texts, r...)
	}
	for _, m := range []map[string]string{rationales, goalTexts, milestoneEvidence, reintegrationTexts, followUpNotes, closureReasons} {
		for _, s := range m {
			texts = append(texts, s)
		}
	}
	for _, s := range texts {
		if found := domain.Screen(s, 1990); len(found) > 0 {
			t.Errorf("%q: %+v", s, found)
		}
	}
}
