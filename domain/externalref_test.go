package domain

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestExternalRefHMAC(t *testing.T) {
	k := []byte("0123456789abcdef0123456789abcdef")
	a := ExternalRefHMAC(k, "XA", "ab 123-4")
	if !bytes.Equal(a, ExternalRefHMAC(k, "XA", "  AB123-4\t")) {
		t.Error("normalised forms differ")
	}
	if bytes.Equal(a, ExternalRefHMAC(k, "XB", "AB123-4")) {
		t.Error("another country gives the same HMAC")
	}
	if bytes.Equal(a, ExternalRefHMAC([]byte("another secret of thirty-two bytes"), "XA", "AB123-4")) {
		t.Error("another secret gives the same HMAC")
	}
	if bytes.Equal(a, ExternalRefHMAC(k, "XA", "AB123-5")) {
		t.Error("another reference gives the same HMAC")
	}
	if len(a) != 32 {
		t.Errorf("length %d", len(a))
	}
}

func TestDuplicateIntakeSaysNothingOutsideScope(t *testing.T) {
	in := DuplicateIntake(true, "PW-ABCDEFGH2")
	if in.Code != CodeConflict || in.Extra["pseudonym"] != "PW-ABCDEFGH2" {
		t.Errorf("in scope: %+v", in)
	}
	out := DuplicateIntake(false, "PW-ABCDEFGH2")
	if out.Code != CodeConflict || out.Extra["pseudonym"] != nil || out.Extra["resolve_with"] != "supervisor" ||
		strings.Contains(out.Message, "PW-") {
		t.Errorf("out of scope: %+v", out)
	}
}

func TestRefLookupsAreLimitedPerDay(t *testing.T) {
	for n := 0; n < RefMatchesPerDay; n++ {
		if !RefLookupAllowed(n) {
			t.Errorf("refused after %d matches", n)
		}
	}
	if RefLookupAllowed(RefMatchesPerDay) {
		t.Errorf("allowed after %d matches", RefMatchesPerDay)
	}
	if e := RefLookupThrottled(90 * time.Minute); e.Code != CodeTooManyRequests || e.Extra["retry_after"] != 5400 {
		t.Errorf("throttled: %+v", e)
	}
}
