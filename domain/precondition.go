package domain

// CheckIfMatch compares the version of a record a client last read (its If-Match, 0 when it
// sent none) with the record's current version: 428 without one, 412 when it is not the
// current one. Every action that changes a versioned record in place, or acts on its current
// content (submitting it for approval, finalising it), names the version it acts on, so
// nobody changes, submits or finalises content they have not seen.
func CheckIfMatch(what string, current, ifMatch int) error {
	switch {
	case ifMatch < 1:
		return Errorf(CodePreconditionNeeded, "send If-Match with the %s's ETag (from the answer that gave it to you)", what)
	case ifMatch != current:
		return Errorf(CodePreconditionFailed, "the %s has changed since you read it (now version %d): reload and try again", what, current)
	}
	return nil
}
