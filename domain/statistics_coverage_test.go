package domain

import (
	"math/rand/v2"
	"testing"
)

// TestReleaseCoverageAgrees draws many programmes and practices with small and large counts
// and checks that the published figures of each row agree with each other and with the
// programme's published size, as a reader will check them: no "0 cases but 27.8 %", no
// share that is not cases over size, no activities fewer than the cases they touched.
func TestReleaseCoverageAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 5))
	key := func() CellKey { return CellKey(rng.Uint32()) }
	rules := DisclosureRules{}
	var d CoverageData
	for p := range 300 {
		id := "p" + itoa(p)
		size := rng.Int64N(40)
		d.Programmes = append(d.Programmes, CoverageProgramme{ID: id, Cases: Units{N: size, Key: key()}})
		for g := range 6 {
			touched := rng.Int64N(size + 1)
			acts := touched + rng.Int64N(3*touched+1)
			people := touched
			var evidenced []string
			if g > 0 {
				evidenced = []string{"session:cognitive_skills"}
			}
			d.Rows = append(d.Rows, CoverageRow{ProgrammeID: id, Practice: "GP" + itoa(g), EvidencedBy: evidenced,
				Activities:   Cell{Units: Units{N: acts, Key: key()}, People: Units{N: people, Key: key()}, HasPeople: true},
				CasesTouched: Cell{Units: Units{N: touched, Key: key()}}})
		}
	}
	rows, sizes := ReleaseCoverage(d, rules)
	sawShare, sawGap := false, false
	for i, r := range rows {
		size := float64(sizes[r.ProgrammeID])
		acts, touched := r.Activities.Value, r.CasesTouched.Value
		if (acts == 0) != (touched == 0) {
			t.Errorf("row %d: %v activities but %v cases touched", i, acts, touched)
		}
		if touched > size {
			t.Errorf("row %d: %v cases touched of a programme of %v", i, touched, size)
		}
		if acts < touched {
			t.Errorf("row %d: %v activities touched %v cases", i, acts, touched)
		}
		switch {
		case size < float64(rules.People()):
			if !r.Share.Suppressed() {
				t.Errorf("row %d: share %v published for a programme of %v cases", i, r.Share.Value, size)
			}
		case r.Share.Suppressed() || r.Share.Value != round1(100*touched/size):
			t.Errorf("row %d: share %+v, but %v of %v cases", i, r.Share, touched, size)
		default:
			sawShare = true
		}
		evidenced := len(d.Rows[i].EvidencedBy) > 0
		if r.Gap != (acts == 0 && evidenced) {
			t.Errorf("row %d: gap %v with %v activities (evidenced by the catalogues: %v)", i, r.Gap, acts, evidenced)
		}
		sawGap = sawGap || r.Gap
	}
	if !sawShare || !sawGap {
		t.Fatalf("the draw never published a share (%v) or a gap (%v)", sawShare, sawGap)
	}
}
