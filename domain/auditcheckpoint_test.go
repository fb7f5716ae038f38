package domain_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"pathways/domain"
)

func newKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func pub(k ed25519.PrivateKey) ed25519.PublicKey { return k.Public().(ed25519.PublicKey) }

func TestCheckpointRoundTripsAndVerifies(t *testing.T) {
	key := newKey(t)
	es := chain(3)
	at := time.Date(2026, 3, 4, 5, 6, 7, 891000, time.UTC)
	cp := domain.SignCheckpoint(key, 3, es[2].Hash, at)
	text := cp.Encode()
	back, err := domain.ParseCheckpoint(text)
	if err != nil {
		t.Fatal(err)
	}
	if back.Seq != 3 || !bytes.Equal(back.Head, es[2].Hash) || !back.At.Equal(at) || !bytes.Equal(back.Encode(), text) {
		t.Fatalf("round trip: %+v\n%s", back, text)
	}
	if err := back.Verify([]ed25519.PublicKey{pub(newKey(t)), pub(key)}); err != nil {
		t.Errorf("a checkpoint signed with a trusted key: %v", err)
	}
	// The signature covers the text before the signature line, as the README says, so an
	// auditor can check it with any Ed25519 tool.
	signed := text[:bytes.LastIndex(text, []byte("signature "))]
	if !ed25519.Verify(pub(key), signed, back.Signature) {
		t.Error("the signature does not cover the lines before it")
	}
}

func TestForgedCheckpointsAreNotTrusted(t *testing.T) {
	key, other := newKey(t), newKey(t)
	es := chain(3)
	good := domain.SignCheckpoint(key, 3, es[2].Hash, time.Now())
	trusted := []ed25519.PublicKey{pub(key)}

	// Signed by someone else's key, naming that key: an untrusted signer.
	if err := domain.SignCheckpoint(other, 3, es[2].Hash, time.Now()).Verify(trusted); err == nil || !strings.Contains(err.Error(), "not a trusted") {
		t.Errorf("checkpoint by another key: %v", err)
	}
	// Edited after signing: the head, the length, or the key it names.
	edits := map[string]func(c *domain.Checkpoint){
		"head":       func(c *domain.Checkpoint) { c.Head = es[1].Hash },
		"seq":        func(c *domain.Checkpoint) { c.Seq = 2 },
		"time":       func(c *domain.Checkpoint) { c.At = c.At.Add(time.Hour) },
		"signature":  func(c *domain.Checkpoint) { c.Signature = bytes.Repeat([]byte{1}, ed25519.SignatureSize) },
		"signer key": func(c *domain.Checkpoint) { c.Key = pub(other) },
	}
	for name, edit := range edits {
		c := good
		c.Signature = bytes.Clone(good.Signature)
		edit(&c)
		back, err := domain.ParseCheckpoint(c.Encode())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := back.Verify(trusted); err == nil {
			t.Errorf("a checkpoint with its %s changed was trusted", name)
		}
	}
	// Text that is not a checkpoint does not parse.
	for _, bad := range []string{"", "hello\n", strings.Replace(string(good.Encode()), "seq 3", "seq -3", 1),
		strings.Replace(string(good.Encode()), "seq 3", "seq 03", 1), string(good.Encode()) + "extra\n"} {
		if _, err := domain.ParseCheckpoint([]byte(bad)); err == nil {
			t.Errorf("parsed %q", bad)
		}
	}
	if err := (domain.Checkpoint{Fault: "malformed"}).Verify(trusted); err == nil {
		t.Error("a checkpoint that could not be read was trusted")
	}
}

func TestCheckpointDue(t *testing.T) {
	es := chain(5)
	last := domain.SignCheckpoint(newKey(t), 3, es[2].Hash, time.Now())
	cases := []struct {
		name    string
		last    *domain.Checkpoint
		head    domain.ChainHead
		atLast  []byte
		due     bool
		rewound bool
	}{
		{"empty chain, no checkpoint", nil, domain.ChainHead{}, nil, false, false},
		{"first checkpoint", nil, domain.ChainHead{Seq: 5, Hash: es[4].Hash}, nil, true, false},
		{"head unmoved", &last, domain.ChainHead{Seq: 3, Hash: es[2].Hash}, es[2].Hash, false, false},
		{"head moved", &last, domain.ChainHead{Seq: 5, Hash: es[4].Hash}, es[2].Hash, true, false},
		{"head rewound", &last, domain.ChainHead{Seq: 2, Hash: es[1].Hash}, nil, false, true},
		{"chain recomputed", &last, domain.ChainHead{Seq: 5, Hash: es[4].Hash}, es[1].Hash, false, true},
		{"chain emptied", &last, domain.ChainHead{}, nil, false, true},
	}
	for _, tc := range cases {
		due, err := domain.CheckpointDue(tc.last, tc.head, tc.atLast)
		if due != tc.due || errors.Is(err, domain.ErrChainRewound) != tc.rewound {
			t.Errorf("%s: due %v, err %v", tc.name, due, err)
		}
	}
}

// anchored checks events against checkpoints and the head, as the store does.
func anchored(events []domain.AuditEvent, a domain.Anchors, headSeq int64, headHash []byte) domain.ChainVerdict {
	c := domain.NewChainChecker()
	c.Anchor(a)
	for i := range events {
		if !c.Add(&events[i]) {
			break
		}
	}
	c.End(headSeq, headHash)
	return c.Verdict()
}

func TestChainCheckerHoldsTheChainAgainstCheckpoints(t *testing.T) {
	key := newKey(t)
	keys := []ed25519.PublicKey{pub(key)}
	es := chain(6)
	cps := []domain.Checkpoint{
		domain.SignCheckpoint(key, 2, es[1].Hash, time.Now()),
		domain.SignCheckpoint(key, 5, es[4].Hash, time.Now()),
	}
	a := domain.Anchors{Checkpoints: cps, Keys: keys}

	if v := anchored(es, a, 6, es[5].Hash); !v.OK || v.Checkpoints != 2 || v.Anchored != 5 {
		t.Fatalf("intact chain with checkpoints: %+v", v)
	}

	// The tail cut back to event 4 and the head copied from it: the chain agrees with
	// itself, but a checkpoint vouches for five events.
	if v := anchored(es[:4], a, 4, es[3].Hash); v.OK || v.BrokenAt != 5 || !strings.Contains(v.Problem, "cut") {
		t.Errorf("tail cut behind a checkpoint: %+v", v)
	}
	if v := anchored(es[:4], domain.Anchors{}, 4, es[3].Hash); !v.OK {
		t.Errorf("without checkpoints the cut chain agrees with itself (the limit checkpoints lift): %+v", v)
	}
	// Everything removed and the head emptied.
	if v := anchored(nil, a, 0, nil); v.OK || v.BrokenAt != 1 {
		t.Errorf("emptied trail: %+v", v)
	}

	// Event 3 changed and the chain recomputed from there: every link holds, but event 5 no
	// longer has the hash its checkpoint signed.
	re := chain(6)
	re[2].Outcome = domain.OutcomeFailure
	for i := 2; i < len(re); i++ {
		re[i].PrevHash = re[i-1].Hash
		re[i].Hash = re[i].ChainHash(re[i-1].Hash)
	}
	if v := anchored(re, a, 6, re[5].Hash); v.OK || v.BrokenAt != 5 || !strings.Contains(v.Problem, "recomputed") {
		t.Errorf("recomputed chain: %+v", v)
	}

	// A checkpoint not signed by a trusted key fails the verification outright.
	forged := domain.SignCheckpoint(newKey(t), 6, es[5].Hash, time.Now())
	forged.Name = "00000000000000000006.checkpoint"
	bad := domain.Anchors{Checkpoints: append(cps[:2:2], forged), Keys: keys}
	if v := anchored(es, bad, 6, es[5].Hash); v.OK || !strings.Contains(v.Problem, forged.Name) {
		t.Errorf("forged checkpoint: %+v", v)
	}
}
