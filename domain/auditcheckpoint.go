package domain

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Checkpoint is the server's signed word that at a moment the audit chain held Seq events
// and ended in Head. Checkpoints are kept outside the database, signed with a key the
// database does not hold, so whoever can rewrite the database still cannot cut the chain
// back behind a checkpoint, nor recompute it, without the checkpoint showing it.
type Checkpoint struct {
	Seq       int64
	Head      []byte // the hash of event Seq
	At        time.Time
	Key       ed25519.PublicKey // the signer's public key, as it says
	Signature []byte
	// Name says where the checkpoint was read from (a file name), for messages.
	Name string
	// Fault says why a stored checkpoint could not be read; the fields above are then
	// partly or wholly unset. A checkpoint with a fault is never trusted.
	Fault string
}

// checkpointHeader opens every checkpoint: the format and its version, so a signature over
// one kind of statement can never be taken for another.
const checkpointHeader = "pathways audit checkpoint v1"

// SignCheckpoint makes the checkpoint for a chain of seq events ending in head, dated at.
func SignCheckpoint(key ed25519.PrivateKey, seq int64, head []byte, at time.Time) Checkpoint {
	c := Checkpoint{Seq: seq, Head: bytes.Clone(head), At: at.UTC().Truncate(time.Microsecond),
		Key: key.Public().(ed25519.PublicKey)}
	c.Signature = ed25519.Sign(key, c.signed())
	return c
}

// signed is the text the signature covers: everything in the checkpoint but the signature,
// one "name value" line each.
func (c Checkpoint) signed() []byte {
	var b strings.Builder
	b.WriteString(checkpointHeader + "\n")
	b.WriteString("seq " + strconv.FormatInt(c.Seq, 10) + "\n")
	b.WriteString("head " + hex.EncodeToString(c.Head) + "\n")
	b.WriteString("at " + c.At.UTC().Format(time.RFC3339Nano) + "\n")
	b.WriteString("key " + hex.EncodeToString(c.Key) + "\n")
	return []byte(b.String())
}

// Encode is the checkpoint as stored: the signed lines and a signature line. It is plain
// text so an auditor can read it, and check it with any Ed25519 tool (the signature is over
// every line before it, newlines included).
func (c Checkpoint) Encode() []byte {
	return append(c.signed(), []byte("signature "+hex.EncodeToString(c.Signature)+"\n")...)
}

// ParseCheckpoint reads what Encode wrote, strictly: the lines in order, nothing else.
func ParseCheckpoint(b []byte) (Checkpoint, error) {
	var c Checkpoint
	lines := strings.Split(string(b), "\n")
	if len(lines) != 7 || lines[6] != "" || lines[0] != checkpointHeader {
		return c, errors.New("not a pathways audit checkpoint (v1)")
	}
	field := func(i int, name string) (string, error) {
		v, ok := strings.CutPrefix(lines[i], name+" ")
		if !ok {
			return "", fmt.Errorf("line %d should be %q", i+1, name)
		}
		return v, nil
	}
	var err error
	var v string
	if v, err = field(1, "seq"); err != nil {
		return c, err
	}
	if c.Seq, err = strconv.ParseInt(v, 10, 64); err != nil || c.Seq < 1 || strconv.FormatInt(c.Seq, 10) != v {
		return c, errors.New("seq is not a positive whole number")
	}
	hexField := func(i int, name string, size int) ([]byte, error) {
		v, err := field(i, name)
		if err != nil {
			return nil, err
		}
		h, err := hex.DecodeString(v)
		if err != nil || len(h) != size || hex.EncodeToString(h) != v {
			return nil, fmt.Errorf("%s is not %d bytes of lower-case hex", name, size)
		}
		return h, nil
	}
	if c.Head, err = hexField(2, "head", 32); err != nil {
		return c, err
	}
	if v, err = field(3, "at"); err != nil {
		return c, err
	}
	if c.At, err = time.Parse(time.RFC3339Nano, v); err != nil || c.At.UTC().Format(time.RFC3339Nano) != v {
		return c, errors.New("at is not an RFC 3339 time in UTC")
	}
	c.At = c.At.UTC()
	var key []byte
	if key, err = hexField(4, "key", ed25519.PublicKeySize); err != nil {
		return c, err
	}
	c.Key = key
	if c.Signature, err = hexField(5, "signature", ed25519.SignatureSize); err != nil {
		return c, err
	}
	return c, nil
}

// Verify checks that the checkpoint was read whole and signed by one of the trusted keys.
// The key the checkpoint names is only believed when it is one of them: anyone can sign a
// checkpoint with a key of their own.
func (c Checkpoint) Verify(trusted []ed25519.PublicKey) error {
	if c.Fault != "" {
		return errors.New(c.Fault)
	}
	for _, k := range trusted {
		if k.Equal(c.Key) {
			if !ed25519.Verify(k, c.signed(), c.Signature) {
				return errors.New("its signature does not verify: the checkpoint is forged or was changed")
			}
			return nil
		}
	}
	return fmt.Errorf("it is signed by key %x, which is not a trusted checkpoint key", []byte(c.Key))
}

// ChainHead is the audit chain's last link, as the database records it.
type ChainHead struct {
	Seq  int64
	Hash []byte
}

// ErrChainRewound means the chain no longer holds what the last checkpoint vouched for.
var ErrChainRewound = errors.New("the audit chain no longer holds what its last checkpoint signed")

// CheckpointDue says whether the chain's head needs a new checkpoint, given the last one
// written (nil if none) and the hash the chain now holds at that checkpoint's place (nil if
// it holds no such event). Nothing is due while the chain is empty or its head has not
// moved. A chain that no longer holds the last checkpoint's head was cut or rewritten: that
// is ErrChainRewound, and no checkpoint may be signed over it.
func CheckpointDue(last *Checkpoint, head ChainHead, hashAtLast []byte) (bool, error) {
	if last == nil {
		return head.Seq > 0, nil
	}
	if head.Seq < last.Seq || !bytes.Equal(hashAtLast, last.Head) {
		return false, fmt.Errorf("%w: the checkpoint signed %s vouches for event %d with hash %x; the chain now ends at event %d",
			ErrChainRewound, last.At.Format(time.RFC3339), last.Seq, last.Head, head.Seq)
	}
	return head.Seq > last.Seq, nil
}

// Anchors are the checkpoints a verification holds the chain against, with the public keys
// trusted to have signed them (the current signing key and any earlier ones).
type Anchors struct {
	Checkpoints []Checkpoint
	Keys        []ed25519.PublicKey
}

// CheckpointLog is the append-only place outside the database where checkpoints are kept.
type CheckpointLog interface {
	// Append stores a checkpoint and never replaces one: storing a checkpoint for a
	// sequence number already anchored to another head fails.
	Append(ctx context.Context, c Checkpoint) error
	// Latest is the checkpoint with the highest sequence number, or nil when there is none.
	Latest(ctx context.Context) (*Checkpoint, error)
	// List returns checkpoints newest first, those below beforeSeq when it is above zero, at
	// most limit of them when limit is above zero. Stored checkpoints that cannot be read
	// are listed too, with their Fault.
	List(ctx context.Context, beforeSeq int64, limit int) ([]Checkpoint, error)
}
