package domain

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every constructor writes a kind TimelineEventKinds names (so the list below it is complete).
func TestTimelineEventKindsNameWhatTheConstructorsWrite(t *testing.T) {
	on := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	a := AssessmentEventFacts{Instrument: "pathways-open", Version: "1", Occasion: "baseline", Overall: "low"}
	events := []TimelineEvent{
		EventIntake("consent"), EventCaseUpdated([]string{"offence_category"}), EventTeamSet(2), EventTeamSetAt("Northgate", 2),
		EventAssessmentCreated(a), EventAssessmentUpdated(a), EventAssessmentFinalised(a), EventAssessmentDiscarded(a),
		EventSession("mentoring", "individual", 60, "attended"),
		EventMilestoneClaimed("claimed", "x", "X"), EventMilestoneClaimed("verified", "x", "X"),
		EventMilestoneDecided(true, "x", "X"), EventMilestoneDecided(false, "x", "X"),
		EventMilestoneLapsed("lapsed", "x"), EventMilestoneLapsed("reversed", "x"),
		EventPlanCreated(1), EventPlanSubmitted(1), EventPlanDecided(true, 1), EventPlanDecided(false, 1),
		EventReintegrationPlanSaved(true, false), EventReintegrationPlanSaved(false, true), EventReintegrationPlanSubmitted(),
		EventReintegrationPlanDecided(true), EventReintegrationPlanDecided(false), EventReintegrationPlanDiscarded(), EventReintegrationPlanRetired(),
		EventRelease(on, "parole"), EventReleaseCorrected(1, []string{"released_on"}), EventReleaseRemoved(on),
		EventFollowUp(6, 6), EventPointNotReached(6, "in_custody"), EventPointsClosed([]int{6, 12}, "in_custody"),
		EventConsentWithdrawn(on, "consent", true), EventReEntry(on, &on, "completed"), EventReEntered(),
		EventTransferRequested("Riverside", on), EventTransferDecided(true, "A", "B", nil), EventTransferDecided(false, "A", "B", nil),
		EventPhaseChanged(PhaseChangeEventFacts{From: PhaseIntake, To: PhaseAssessment, How: "applied"}),
		EventTransitionRequested(PhaseAssessment, PhaseIntervention), EventTransitionRejected(PhaseAssessment, PhaseIntervention),
	}
	for _, e := range events {
		if !slices.Contains(TimelineEventKinds, e.Kind) {
			t.Errorf("kind %q is written but not listed in TimelineEventKinds", e.Kind)
		}
	}
}

// Every kind has its title in each of the browser's languages (trial 16, M18: "milestone
// rejected" showed raw, in lower case, in English and French). The browser looks the title up
// as event.<kind with dots as underscores>.
func TestEveryTimelineEventKindIsTranslated(t *testing.T) {
	for _, lang := range []string{"en", "fr", "ar"} {
		raw, err := os.ReadFile("../frontend/src/i18n/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var dict struct {
			Event map[string]string `json:"event"`
		}
		if err := json.Unmarshal(raw, &dict); err != nil {
			t.Fatal(err)
		}
		for _, k := range TimelineEventKinds {
			if strings.TrimSpace(dict.Event[strings.ReplaceAll(k, ".", "_")]) == "" {
				t.Errorf("%s: no title for timeline kind %q (event.%s)", lang, k, strings.ReplaceAll(k, ".", "_"))
			}
		}
	}
}
