package domain_test

import (
	"bytes"
	"testing"

	"pathways/domain"
)

// PlanSeal links events as the chain checker expects, in one pass or several.
func TestPlanSeal(t *testing.T) {
	want := chain(5)
	due := make([]domain.DueEvent, len(want))
	for i, e := range want {
		e.Seq, e.PrevHash, e.Hash = 0, nil, nil // as read before sealing
		due[i] = domain.DueEvent{ID: int64(100 + i), Event: e}
	}
	for _, c := range []struct {
		name    string
		batches [][]domain.DueEvent
		batch   int
		more    []bool
	}{
		{"one pass", [][]domain.DueEvent{due}, 10, []bool{false}},
		{"a full pass, then the rest", [][]domain.DueEvent{due[:3], due[3:]}, 3, []bool{true, false}},
		{"a full pass, then nothing", [][]domain.DueEvent{due, nil}, 5, []bool{true, false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			seq, head := int64(0), []byte{}
			var links []domain.ChainLink
			for i, b := range c.batches {
				pass := domain.PlanSeal(seq, head, b, c.batch)
				if pass.More != c.more[i] {
					t.Fatalf("pass %d: more %v", i, pass.More)
				}
				if len(b) == 0 {
					if pass.Seq != seq || !bytes.Equal(pass.Hash, head) || pass.PrevHash != nil || pass.LastAt != nil || len(pass.Links) != 0 {
						t.Fatalf("an empty pass changed the head: %+v", pass)
					}
					continue
				}
				last := b[len(b)-1].Event.At
				if pass.LastAt == nil || !pass.LastAt.Equal(last) || !bytes.Equal(pass.PrevHash, pass.Links[len(pass.Links)-1].PrevHash) {
					t.Fatalf("pass %d: %+v", i, pass)
				}
				seq, head = pass.Seq, pass.Hash
				links = append(links, pass.Links...)
			}
			if len(links) != len(want) || seq != 5 || !bytes.Equal(head, want[4].Hash) {
				t.Fatalf("got %d links, head %d", len(links), seq)
			}
			sealed := make([]domain.AuditEvent, len(want))
			for i, l := range links {
				if l.EventID != int64(100+i) || l.Seq != want[i].Seq || !bytes.Equal(l.Hash, want[i].Hash) || !bytes.Equal(l.PrevHash, want[i].PrevHash) {
					t.Fatalf("link %d: %+v", i, l)
				}
				sealed[i] = due[i].Event
				sealed[i].Seq, sealed[i].PrevHash, sealed[i].Hash = l.Seq, l.PrevHash, l.Hash
			}
			if v := check(sealed); !v.OK || v.Checked != 5 {
				t.Fatalf("the checker refuses the sealed chain: %+v", v)
			}
		})
	}
}
