package domain

import "time"

// DueEvent is an audit event waiting to be sealed into the chain, with its row's id.
type DueEvent struct {
	ID    int64
	Event AuditEvent
}

// ChainLink is one sealed event's place in the chain: its number, and the hash linking it
// to the one before.
type ChainLink struct {
	Seq      int64
	EventID  int64
	PrevHash []byte
	Hash     []byte
}

// SealPass is what one pass of the sealer writes.
type SealPass struct {
	Links []ChainLink
	// Seq and Hash are the chain's new head (the old one when nothing was sealed).
	Seq  int64
	Hash []byte
	// PrevHash is the hash before the new head; nil when nothing was sealed (the head's
	// stays).
	PrevHash []byte
	// LastAt is the latest date among the events sealed (nil: none), before which no event
	// may be dated from now on.
	LastAt *time.Time
	// More: the pass took a full batch, so more may be due and another pass runs at once.
	// Otherwise the pass saw everything due, and the low-water mark may move to the oldest
	// transaction still running when it looked.
	More bool
}

// PlanSeal links the events due, in the order given, after the chain's head (headSeq,
// headHash): each gets the next number and the hash of its content chained to the one before
// (AuditEvent.ChainHash). batch is the most one pass takes.
func PlanSeal(headSeq int64, headHash []byte, due []DueEvent, batch int) SealPass {
	pass := SealPass{Seq: headSeq, Hash: headHash, More: len(due) == batch}
	for _, d := range due {
		pass.Seq++
		ev := d.Event
		ev.Seq = pass.Seq
		hash := ev.ChainHash(pass.Hash)
		if pass.LastAt == nil || ev.At.After(*pass.LastAt) {
			at := ev.At
			pass.LastAt = &at
		}
		pass.Links = append(pass.Links, ChainLink{Seq: pass.Seq, EventID: d.ID, PrevHash: pass.Hash, Hash: hash})
		pass.PrevHash, pass.Hash = pass.Hash, hash
	}
	return pass
}
