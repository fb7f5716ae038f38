package api

import (
	"time"

	"pathways/domain"
)

// withSessionExpiry adds to a /me or sign-in answer the seconds left in the browser session
// (none for an API token, which has no session). Sessions end at a fixed time after sign-in;
// the UI warns before then and keeps what was typed across a new sign-in.
func withSessionExpiry(out meResponse, sess *domain.Session, now time.Time) meResponse {
	if sess == nil || sess.ExpiresAt.IsZero() {
		return out
	}
	left := max(int(sess.ExpiresAt.Sub(now).Seconds()), 0)
	out.SessionExpiresIn = &left
	return out
}
