package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Records that are changed in place (assessment drafts) carry their own version, sent as a
// strong ETag. An update names the version it was based on in If-Match, so two people editing
// at once cannot silently overwrite each other.

// setVersionETag names a record's version as its ETag.
func setVersionETag(c *fiber.Ctx, version int) {
	c.Set(fiber.HeaderETag, `"`+strconv.Itoa(version)+`"`)
}

// recordIfMatch reads the version an update is based on: 428 without If-Match, 412 when it
// names no version (the store answers 412 when it names an old one).
func recordIfMatch(c *fiber.Ctx, what string) (int, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" {
		return 0, domain.Errorf(domain.CodePreconditionNeeded, "send If-Match with the %s's ETag (from the answer that gave it to you)", what)
	}
	return parseVersionETag(h, what)
}

// optionalIfMatch is recordIfMatch for actions where the precondition is welcome but not
// required (finalising a draft): 0 when absent.
func optionalIfMatch(c *fiber.Ctx, what string) (int, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" {
		return 0, nil
	}
	return parseVersionETag(h, what)
}

func parseVersionETag(h, what string) (int, error) {
	if s, ok := strings.CutPrefix(h, `"`); ok {
		if s, ok = strings.CutSuffix(s, `"`); ok {
			if v, err := strconv.Atoi(s); err == nil && v > 0 {
				return v, nil
			}
		}
	}
	return 0, domain.Errorf(domain.CodePreconditionFailed, "If-Match does not name a current version of this %s", what)
}
