package domain

import (
	"net/netip"
	"time"
)

// Sign-in throttling. Attempts are counted, before the password is checked, per client
// address, per username at that address, and per username wherever it comes from; each
// request is counted in the same statement that reads the count, so a burst is counted one
// request after the other and no burst gets more guesses than the limit.
//
// Only the address and the username-at-address counts refuse. A count per username alone
// would let anyone lock anyone out by guessing wrong on purpose; it only slows: every earlier
// attempt on the username, from anywhere, makes the next answer a little slower.

// LoginLimits are the limits in force (api.Config sets them).
type LoginLimits struct {
	PerUserAtAddress int           // attempts on one username from one address within Window
	PerAddress       int           // attempts from one address, on any usernames, within Window
	Window           time.Duration // counted from the first attempt; then the counts start afresh
	Delay            time.Duration // added to an answer per earlier attempt, up to MaxDelaySteps
}

// MaxDelaySteps bounds the slow-down: at most this many Delays are added to one answer.
const MaxDelaySteps = 10

// LoginCounts are the attempts within the window, the one being decided included. A
// successful sign-in gives its attempt back.
type LoginCounts struct {
	UserAtAddress int
	Address       int
	User          int
}

// Decide says whether an attempt is refused unchecked, and otherwise how long its answer
// waits: one Delay per earlier attempt on the username, or per five earlier attempts from
// the address (people share office addresses), whichever is more.
func (l LoginLimits) Decide(c LoginCounts) (refuse bool, wait time.Duration) {
	if c.UserAtAddress > l.PerUserAtAddress || c.Address > l.PerAddress {
		return true, 0
	}
	steps := max(c.User-1, (c.Address-1)/5, 0)
	return false, time.Duration(min(steps, MaxDelaySteps)) * l.Delay
}

// AddressKey is what attempts from a client are counted by: an IPv4 address as it is, an IPv6
// address by its /64 network, since one subscriber is given a whole /64 and could otherwise
// rotate through billions of addresses. Anything else is counted as given.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
