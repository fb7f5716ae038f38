package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"time"
	"unicode"
)

// NormaliseExternalRef makes "ab 123-4 " and "AB123-4" the same reference: trimmed,
// upper-cased, all white space removed.
func NormaliseExternalRef(ref string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, ref)
}

// ExternalRefHMAC keys an external reference (a prison number, say) with the server's secret
// so duplicates can be found at intake without the reference ever being stored. The country
// is part of the message: the same number in two countries is two different people.
func ExternalRefHMAC(secret []byte, country, ref string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strings.ToUpper(strings.TrimSpace(country))))
	m.Write([]byte{0})
	m.Write([]byte(NormaliseExternalRef(ref)))
	return m.Sum(nil)
}

// Looking a reference up across scope: an intake whose reference matches an open case tells
// the caller that this person is in a programme. Inside the caller's caseload that is
// nothing new; outside it, it is a fact they may not see (who is held where). So a match
// outside scope is answered without the case's pseudonym or facility, every match is in the
// audit trail (action "intake.duplicate"), and each user may be told of at most
// RefMatchesPerDay such matches within RefMatchWindow.
const (
	RefMatchesPerDay = 5
	RefMatchWindow   = 24 * time.Hour
)

// RefLookupAllowed reports whether a user who has been told of matches out-of-scope matches
// in the current window may have another reference looked up. Past the limit every intake
// carrying a reference is refused, match or not, so the refusal itself tells nothing.
func RefLookupAllowed(matches int) bool { return matches < RefMatchesPerDay }

// RefLookupThrottled is the answer once the limit is reached, until the window ends.
func RefLookupThrottled(retryAfter time.Duration) *Error {
	return &Error{Code: CodeTooManyRequests, Message: "too many of your intakes matched people in programmes outside your scope today: " +
		"leave the external reference out, or ask a supervisor to open the case",
		Extra: map[string]any{"retry_after": max(int(retryAfter.Seconds()), 1)}}
}

// DuplicateIntake is the answer to an intake whose reference belongs to a case that is still
// open. Inside the caller's scope it names the case's pseudonym, so they can work on it
// instead; outside, it says only that such a case exists and who can resolve it.
func DuplicateIntake(inScope bool, pseudonym string) *Error {
	if inScope {
		return &Error{Code: CodeConflict, Message: "this person already has an open case: " + pseudonym,
			Extra: map[string]any{"pseudonym": pseudonym}}
	}
	return &Error{Code: CodeConflict, Message: "this person already has an open case in a programme outside your scope; " +
		"a supervisor whose scope covers both facilities can resolve it (a transfer, or closing one of the cases)",
		Extra: map[string]any{"resolve_with": "supervisor"}}
}
