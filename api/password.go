package api

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane), about 26 ms here.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns a PHC-format argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword compares password with a hash made by HashPassword, in constant time.
func CheckPassword(hash, password string) bool { return verifyPassword(hash, password, nil) }

// argonHash is a stored argon2id hash, read from its PHC text.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

func parseArgonHash(s string) (argonHash, bool) {
	var h argonHash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return h, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil {
		return h, false
	}
	var err1, err2 error
	h.salt, err1 = base64.RawStdEncoding.DecodeString(parts[4])
	h.key, err2 = base64.RawStdEncoding.DecodeString(parts[5])
	// Parameters beyond the ones HashPassword uses would let a tampered row make one check
	// cost more (or less) than the others: such a hash is no usable password.
	ok := err1 == nil && err2 == nil && len(h.key) > 0 && len(h.key) <= 64 && h.memory > 0 && h.memory <= argonMemory &&
		h.time > 0 && h.time <= argonTime && h.threads == argonThreads
	return h, ok
}

// verifyPassword is CheckPassword that calls derived (when not nil) for the key it derives.
// It derives exactly one key whatever the hash: a hash that is no usable password (an
// account waiting for its set-up or reset code holds one) is checked as the dummy is, and
// refused, so a refusal takes as long for it as for a wrong password or an unknown user.
func verifyPassword(hash, password string, derived func()) bool {
	h, usable := parseArgonHash(hash)
	if !usable {
		h = dummy
	}
	if derived != nil {
		derived()
	}
	got := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1 && usable
}

// dummy is what a password is checked against when the username does not exist or its
// account has no usable password, so every refusal costs one derivation with the same
// parameters as a real check.
var dummy = func() argonHash {
	s, err := HashPassword("pathways-timing-equaliser")
	if err != nil {
		panic(err) // the system's randomness failing is not something to carry on from
	}
	h, _ := parseArgonHash(s)
	return h
}()
