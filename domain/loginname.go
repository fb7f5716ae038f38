package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// UnknownLoginName is how a sign-in attempt under a username that names no account is
// recorded in the audit trail. People type passwords into the username field; written there
// verbatim, a password would sit in a record kept for years and read by auditors. A keyed
// hash (the server's secret) still lets an auditor see that one unknown name was tried many
// times, and check a name they suspect, without the trail holding what was typed.
func UnknownLoginName(secret []byte, typed string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("login-username\n" + strings.ToLower(strings.TrimSpace(typed))))
	return "unknown:" + hex.EncodeToString(m.Sum(nil)[:8])
}
