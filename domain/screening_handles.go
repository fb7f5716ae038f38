package domain

import "regexp"

var (
	// An @name that is not part of an e-mail address (those are taken first): Telegram, X,
	// Instagram and TikTok handles are how this population is found online.
	handleRe = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.@])(@[A-Za-z0-9_][A-Za-z0-9_.]{2,31})`)
	// A profile's address on a social network or messenger, with or without its scheme.
	profileRe = regexp.MustCompile(`(?i)\b(?:https?://)?(?:www\.|m\.)?(?:t\.me|telegram\.(?:me|dog)|twitter\.com|x\.com|instagram\.com|` +
		`facebook\.com|fb\.com|tiktok\.com|snapchat\.com|youtube\.com|vk\.com|threads\.net|wa\.me|linkedin\.com/in)/@?[\p{L}\p{N}_.\-]{2,}`)
)

// handles reports online handles and profile addresses.
func (s *screen) handles() {
	for _, m := range profileRe.FindAllStringIndex(s.text, -1) {
		s.add(IdentHandle, m[0], m[1])
	}
	for _, m := range handleRe.FindAllStringSubmatchIndex(s.text, -1) {
		s.add(IdentHandle, m[2], m[3])
	}
}
