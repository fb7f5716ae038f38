package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// The audit checkpoint key is an Ed25519 private key in a PEM file (PKCS #8, "PRIVATE
// KEY"), the form `openssl genpkey -algorithm ed25519` writes too. It signs the checkpoints
// that anchor the audit chain outside the database, so it must never be stored in the
// database, nor readable by whoever administers the database alone.

// loadAuditKey reads the key file at path.
func loadAuditKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("PATHWAYS_AUDIT_KEY=%s cannot be read (%v): make a key with `pathways audit keygen -out %s`", path, err, path)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("PATHWAYS_AUDIT_KEY=%s is not a PEM \"PRIVATE KEY\" file (make one with `pathways audit keygen` or `openssl genpkey -algorithm ed25519`)", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("PATHWAYS_AUDIT_KEY=%s: %v", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("PATHWAYS_AUDIT_KEY=%s holds a %T, not an Ed25519 key", path, k)
	}
	return key, nil
}

// generateAuditKey writes a new key to path, which must not exist yet (a key is never
// replaced: the checkpoints signed with it would no longer verify), readable by its owner
// only. It returns the public key.
func generateAuditKey(path string) (ed25519.PublicKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit key %s: %w (an existing key is never replaced)", path, err)
	}
	err = pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("audit key %s: %w", path, err)
	}
	return pub, nil
}

// parsePublicKeys reads public keys written as hex (64 characters each), separated by
// commas or spaces.
func parsePublicKeys(s string) ([]ed25519.PublicKey, error) {
	var out []ed25519.PublicKey
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		b, err := hex.DecodeString(f)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, errors.New("a public key is 64 hex characters (32 bytes), as `pathways audit keygen` prints it: " + f)
		}
		out = append(out, ed25519.PublicKey(b))
	}
	return out, nil
}
