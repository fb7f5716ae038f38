package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
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
