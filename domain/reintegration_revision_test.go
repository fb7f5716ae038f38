package domain

import "testing"

func TestReviseReintegrationPlan(t *testing.T) {
	cases := []struct {
		status   string
		keep     bool
		conflict bool
	}{
		{"", false, false},
		{ReintegrationDraft, false, false},
		{ReintegrationRejected, false, false},
		{ReintegrationRetired, false, false},
		{ReintegrationApproved, true, false},
		{ReintegrationSubmitted, false, true},
		{"bogus", false, true},
	}
	for _, c := range cases {
		r, err := ReviseReintegrationPlan(c.status)
		if c.conflict {
			if ErrorCode(err) != CodeConflict {
				t.Errorf("%q: want conflict, got %v", c.status, err)
			}
			continue
		}
		if err != nil || r.Status != ReintegrationDraft || r.KeepInForce != c.keep {
			t.Errorf("%q: got %+v, %v; want draft, keep=%v", c.status, r, err, c.keep)
		}
	}
}

func TestReintegrationDecision(t *testing.T) {
	if s, drop := ReintegrationDecision(true); s != ReintegrationApproved || !drop {
		t.Errorf("approve: %s %v", s, drop)
	}
	if s, drop := ReintegrationDecision(false); s != ReintegrationRejected || drop {
		t.Errorf("reject: %s %v", s, drop)
	}
}

func TestDiscardReintegrationRevision(t *testing.T) {
	for _, c := range []struct {
		status string
		kept   bool
		ok     bool
	}{
		{ReintegrationDraft, true, true},
		{ReintegrationRejected, true, true},
		{ReintegrationDraft, false, false},
		{ReintegrationSubmitted, true, false},
		{ReintegrationApproved, true, false},
	} {
		err := DiscardReintegrationRevision(c.status, c.kept)
		if (err == nil) != c.ok {
			t.Errorf("%s kept=%v: %v", c.status, c.kept, err)
		}
	}
}
