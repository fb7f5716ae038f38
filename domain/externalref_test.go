package domain

import (
	"bytes"
	"testing"
)

func TestExternalRefHMAC(t *testing.T) {
	k := []byte("0123456789abcdef0123456789abcdef")
	a := ExternalRefHMAC(k, "XA", "ab 123-4")
	if !bytes.Equal(a, ExternalRefHMAC(k, "XA", "  AB123-4\t")) {
		t.Error("normalised forms differ")
	}
	if bytes.Equal(a, ExternalRefHMAC(k, "XB", "AB123-4")) {
		t.Error("another country gives the same HMAC")
	}
	if bytes.Equal(a, ExternalRefHMAC([]byte("another secret of thirty-two bytes"), "XA", "AB123-4")) {
		t.Error("another secret gives the same HMAC")
	}
	if bytes.Equal(a, ExternalRefHMAC(k, "XA", "AB123-5")) {
		t.Error("another reference gives the same HMAC")
	}
	if len(a) != 32 {
		t.Errorf("length %d", len(a))
	}
}
