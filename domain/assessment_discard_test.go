package domain

import (
	"strings"
	"testing"
)

func TestCheckAssessmentDiscard(t *testing.T) {
	assessor := CaseActor{UserID: "u1"}
	colleague := CaseActor{UserID: "u2"}
	supervisor := CaseActor{UserID: "u3", Supervises: true}
	for _, c := range []struct {
		name   string
		status string
		by     CaseActor
		want   Code
	}{
		{"the assessor discards a draft", AssessmentDraft, assessor, ""},
		{"a supervisor of the case discards a draft", AssessmentDraft, supervisor, ""},
		{"another team member may not", AssessmentDraft, colleague, CodeForbidden},
		{"a final assessment is never discarded", AssessmentFinal, assessor, CodeConflict},
		{"nor by a supervisor", AssessmentFinal, supervisor, CodeConflict},
		{"a discarded draft is not discarded twice", AssessmentDiscarded, assessor, CodeConflict},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckAssessmentDiscard(Assessment{AssessorID: "u1", Status: c.status}, c.by)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if got := ErrorCode(err); got != c.want {
				t.Fatalf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

// Only a draft is edited; a final and a discarded draft are refused, each saying why.
func TestAssessmentCheckEditable(t *testing.T) {
	for status, want := range map[string]string{"draft": "", "final": "supersedes", "discarded": "discarded draft"} {
		err := Assessment{Status: status}.CheckEditable()
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", status, err)
		case want != "" && (err == nil || ErrorCode(err) != CodeConflict || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want a conflict saying %q", status, err, want)
		}
	}
}
