package domain

import (
	"slices"
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

func TestPlanConsentWithdrawal(t *testing.T) {
	voluntary := ConsentFacts{Phase: PhaseIntervention, LegalBasis: BasisVoluntary, ConsentGiven: true, ConsentDate: day(-200), Today: today}
	mandated := voluntary
	mandated.LegalBasis = "court_order"
	w := ConsentWithdrawal{On: today, Reason: "said he no longer wants to take part"}
	// A non-custodial case in pre-release cannot close by the table: no such row for its track.
	offTable := ready(PhasePreRelease, TrackNonCustodial)
	cases := []struct {
		name        string
		f           ConsentFacts
		c           CaseFacts
		w           ConsentWithdrawal
		wantClosure bool
		wantCode    Code
		wantFields  []string
	}{
		{name: "voluntary asks for closure", f: voluntary, c: ready(PhaseIntervention, TrackCustodial), w: w, wantClosure: true},
		{name: "mandated goes on without a closure check", f: mandated, c: offTable, w: w},
		{name: "voluntary with a closure the table refuses", f: voluntary, c: offTable, w: w,
			wantCode: CodeInvalid, wantFields: []string{"to:not_for_track"}},
		{name: "the withdrawal's own rules come first", f: voluntary, c: offTable, w: ConsentWithdrawal{On: today},
			wantCode: CodeInvalid, wantFields: []string{"reason:required"}},
		{name: "a closed case", f: ConsentFacts{Phase: PhaseClosed, LegalBasis: BasisVoluntary, ConsentGiven: true, Today: today},
			c: ready(PhaseClosed, TrackCustodial), w: w, wantCode: CodeConflict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := PlanConsentWithdrawal(c.f, c.c, c.w)
			if c.wantCode != "" {
				if ErrorCode(err) != c.wantCode || !slices.Equal(fields(err), c.wantFields) {
					t.Fatalf("got %v %v, want %s %v", err, fields(err), c.wantCode, c.wantFields)
				}
				return
			}
			if err != nil || out.RequestClosure != c.wantClosure {
				t.Fatalf("got %+v, %v", out, err)
			}
		})
	}
}

func TestClosureRequest(t *testing.T) {
	r := ConsentWithdrawal{Reason: "left the programme"}.ClosureRequest()
	if r.To != PhaseClosed || r.ClosureReason != ClosureWithdrawn || r.Reason != "left the programme" {
		t.Fatalf("got %+v", r)
	}
}
