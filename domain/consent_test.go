package domain

import (
	"testing"
	"time"
)

// Withdrawing consent closes a voluntary case (a closure request) and is only recorded on a
// mandated one.
func TestCheckConsentWithdrawal(t *testing.T) {
	base := ConsentFacts{Phase: PhaseIntervention, LegalBasis: BasisVoluntary, ConsentGiven: true, ConsentDate: day(-200), Today: today}
	w := ConsentWithdrawal{On: *day(-1), Reason: "Said in session that they no longer wish to take part"}
	for _, c := range []struct {
		name    string
		f       func(*ConsentFacts, *ConsentWithdrawal)
		want    []string
		closure bool
	}{
		{"voluntary: the case is to close", nil, nil, true},
		{"licence condition: the case goes on", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.LegalBasis = "licence_condition" }, nil, false},
		{"court order: the case goes on", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.LegalBasis = "court_order" }, nil, false},
		{"administrative decision: the case goes on", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.LegalBasis = "administrative_decision" }, nil, false},
		{"voluntary, with a phase change waiting", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.PendingChange = true }, []string{"conflict"}, false},
		{"mandated, with a phase change waiting", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.LegalBasis, f.PendingChange = "court_order", true }, nil, false},
		{"no consent on record", func(f *ConsentFacts, _ *ConsentWithdrawal) {
			f.LegalBasis, f.ConsentGiven, f.ConsentDate = "court_order", false, nil
		}, []string{"conflict"}, false},
		{"withdrawn twice", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.WithdrawnOn = day(-5) }, []string{"conflict"}, false},
		{"closed case", func(f *ConsentFacts, _ *ConsentWithdrawal) { f.Phase = PhaseClosed }, []string{"conflict"}, false},
		{"in the future", func(_ *ConsentFacts, w *ConsentWithdrawal) { w.On = *day(1) }, []string{"withdrawn_on:in_future"}, false},
		{"before the consent", func(_ *ConsentFacts, w *ConsentWithdrawal) { w.On = *day(-201) }, []string{"withdrawn_on:before_consent"}, false},
		{"day required", func(_ *ConsentFacts, w *ConsentWithdrawal) { w.On = time.Time{} }, []string{"withdrawn_on:required"}, false},
		{"reason required", func(_ *ConsentFacts, w *ConsentWithdrawal) { w.Reason = "" }, []string{"reason:required"}, false},
		{"identifiers in the reason", func(_ *ConsentFacts, w *ConsentWithdrawal) { w.Reason = "Letter from Dr. Smith" }, []string{"reason:identifier_suspected"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, x := base, w
			if c.f != nil {
				c.f(&f, &x)
			}
			out, _, err := CheckConsentWithdrawal(f, x)
			checkProblems(t, err, c.want)
			if c.want == nil && out.RequestClosure != c.closure {
				t.Fatalf("request closure %v, want %v", out.RequestClosure, c.closure)
			}
		})
	}
	for _, b := range LegalBases {
		if Mandated(b) == (b == BasisVoluntary) {
			t.Errorf("%s: mandated %v", b, Mandated(b))
		}
	}
}
