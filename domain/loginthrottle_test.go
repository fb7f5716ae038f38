package domain

import (
	"testing"
	"time"
)

func TestLoginLimitsDecide(t *testing.T) {
	l := LoginLimits{PerUserAtAddress: 10, PerAddress: 50, Window: 15 * time.Minute, Delay: 100 * time.Millisecond}
	for _, c := range []struct {
		counts LoginCounts
		refuse bool
		wait   time.Duration
	}{
		{LoginCounts{UserAtAddress: 1, Address: 1, User: 1}, false, 0},
		{LoginCounts{UserAtAddress: 10, Address: 10, User: 10}, false, 900 * time.Millisecond},
		{LoginCounts{UserAtAddress: 11, Address: 11, User: 11}, true, 0}, // the eleventh guess at one address
		{LoginCounts{UserAtAddress: 1, Address: 51, User: 1}, true, 0},   // the address's limit
		// Thousands of attempts on the username from elsewhere only slow this address down.
		{LoginCounts{UserAtAddress: 1, Address: 1, User: 5000}, false, time.Second},
		{LoginCounts{UserAtAddress: 1, Address: 26, User: 1}, false, 500 * time.Millisecond},
	} {
		refuse, wait := l.Decide(c.counts)
		if refuse != c.refuse || wait != c.wait {
			t.Errorf("%+v: refuse=%v wait=%v, want %v %v", c.counts, refuse, wait, c.refuse, c.wait)
		}
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":          "203.0.113.7",
		"::ffff:203.0.113.7":   "203.0.113.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"not an address":       "not an address",
	} {
		if got := AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
