package domain_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"pathways/domain"
)

// chain builds n correctly linked events, as the store would.
func chain(n int) []domain.AuditEvent {
	var out []domain.AuditEvent
	prev := []byte{}
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	for i := 1; i <= n; i++ {
		e := domain.AuditEvent{Seq: int64(i), At: at.Add(time.Duration(i) * time.Second), ActorID: "u1", ActorName: "alice",
			Role: "admin", Scope: "global", Action: "user.create", ObjectType: "user", ObjectID: fmt.Sprint("id-", i),
			Outcome: domain.OutcomeSuccess, RequestID: "r", IP: "127.0.0.1", Details: "{}"}
		e.PrevHash = prev
		e.Hash = e.ChainHash(prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func check(events []domain.AuditEvent) domain.ChainVerdict {
	c := domain.NewChainChecker()
	for i := range events {
		if !c.Add(&events[i]) {
			break
		}
	}
	return c.Verdict()
}

func TestChainCheckerAcceptsAnIntactChain(t *testing.T) {
	if v := check(nil); !v.OK || v.Checked != 0 {
		t.Errorf("empty chain: %+v", v)
	}
	if v := check(chain(5)); !v.OK || v.Checked != 5 || v.BrokenAt != 0 {
		t.Errorf("intact chain: %+v", v)
	}
}

func TestChainCheckerFindsTheFirstBrokenLink(t *testing.T) {
	cases := []struct {
		name     string
		tamper   func(es []domain.AuditEvent) []domain.AuditEvent
		brokenAt int64
		checked  int64
	}{
		{"changed outcome", func(es []domain.AuditEvent) []domain.AuditEvent { es[2].Outcome = domain.OutcomeFailure; return es }, 3, 2},
		{"changed details", func(es []domain.AuditEvent) []domain.AuditEvent { es[4].Details = `{"x":1}`; return es }, 5, 4},
		{"changed time", func(es []domain.AuditEvent) []domain.AuditEvent { es[0].At = es[0].At.Add(time.Microsecond); return es }, 1, 0},
		{"removed event", func(es []domain.AuditEvent) []domain.AuditEvent { return append(es[:1], es[2:]...) }, 2, 1},
		{"removed first event", func(es []domain.AuditEvent) []domain.AuditEvent { return es[1:] }, 1, 0},
		{"swapped events", func(es []domain.AuditEvent) []domain.AuditEvent { es[1], es[2] = es[2], es[1]; return es }, 2, 1},
		{"renumbered after a removal", func(es []domain.AuditEvent) []domain.AuditEvent {
			es = append(es[:1], es[2:]...)
			for i := range es {
				es[i].Seq = int64(i + 1)
			}
			return es
		}, 2, 1},
		{"forged link", func(es []domain.AuditEvent) []domain.AuditEvent { es[3].PrevHash = []byte{0}; return es }, 4, 3},
		{"rewritten event with its own hash recomputed", func(es []domain.AuditEvent) []domain.AuditEvent {
			es[1].ActorName = "mallory"
			es[1].Hash = es[1].ChainHash(es[1].PrevHash)
			return es // the next event's link still points at the old hash
		}, 3, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := check(tc.tamper(chain(5)))
			if v.OK || v.BrokenAt != tc.brokenAt || v.Checked != tc.checked || v.Problem == "" {
				t.Errorf("got %+v, want broken at %d after %d", v, tc.brokenAt, tc.checked)
			}
		})
	}
}

func TestChainCheckerStaysBroken(t *testing.T) {
	es := chain(4)
	es[1].Outcome = "x"
	c := domain.NewChainChecker()
	for i := range es {
		c.Add(&es[i])
	}
	if v := c.Verdict(); v.OK || v.BrokenAt != 2 || v.Checked != 1 {
		t.Errorf("a later good event must not mend or move the break: %+v", v)
	}
}

func TestChainHashSeparatesFields(t *testing.T) {
	a := domain.AuditEvent{Seq: 1, ActorID: "ab", ActorName: "c", Details: "{}"}
	b := domain.AuditEvent{Seq: 1, ActorID: "a", ActorName: "bc", Details: "{}"}
	if bytes.Equal(a.ChainHash(nil), b.ChainHash(nil)) {
		t.Error("moving a character between fields keeps the hash")
	}
	if bytes.Equal(a.ChainHash([]byte{1}), a.ChainHash([]byte{2})) {
		t.Error("the previous hash does not enter the hash")
	}
	// The time is hashed in UTC, so reading it back in another zone changes nothing.
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	c, d := a, a
	c.At, d.At = at, at.In(time.FixedZone("X", 3600))
	if !bytes.Equal(c.ChainHash(nil), d.ChainHash(nil)) {
		t.Error("the same instant in another zone hashes differently")
	}
}

func TestNewAuditEventTakesTheActingRoleAndScope(t *testing.T) {
	p := &domain.Principal{UserID: "u", Username: "sam", RequestID: "req", IP: "10.0.0.1", ActingRole: domain.RoleSupervisor,
		Memberships: []domain.Membership{
			{Role: domain.RoleSupervisor, Scope: domain.Scope{Kind: domain.ScopeCountry, Country: "XA"}},
			{Role: domain.RolePractitioner, Scope: domain.Scope{Kind: domain.ScopeFacility, FacilityID: "f1"}},
		}}
	e := domain.NewAuditEvent(p, "case.read", "case", "c1", domain.OutcomeSuccess)
	if e.ActorID != "u" || e.ActorName != "sam" || e.Role != "supervisor" || e.Scope != "country:XA" || e.RequestID != "req" || e.IP != "10.0.0.1" || e.Details != "{}" {
		t.Errorf("event: %+v", e)
	}
	if anon := domain.NewAuditEvent(nil, "auth.login", "user", "x", domain.OutcomeFailure); anon.ActorID != "" || anon.Details != "{}" {
		t.Errorf("anonymous event: %+v", anon)
	}
}

// relink recomputes every link and hash from the first event on, as a forger with the
// database's owner rights would before the chain is sealed.
func relink(es []domain.AuditEvent) []domain.AuditEvent {
	prev := []byte{}
	for i := range es {
		es[i].PrevHash = prev
		es[i].Hash = es[i].ChainHash(prev)
		prev = es[i].Hash
	}
	return es
}

// Attack finding F6: an event inserted with a date in the past, guards switched off, was
// sealed and verified as intact history. A chained event dated more than the allowance
// before one chained ahead of it breaks the chain; an honest late commit (dated a few
// minutes before its predecessor) does not.
func TestChainCheckerRefusesEventsDatedIntoThePast(t *testing.T) {
	es := chain(5)
	es[3].At = es[2].At.Add(-30 * 24 * time.Hour)
	if v := check(relink(es)); v.OK || v.BrokenAt != 4 || v.Checked != 3 {
		t.Errorf("an event dated 30 days before its predecessor: %+v", v)
	}
	// Behind the latest date, not just the previous one: two honest events, then a forged one
	// dated just before the second-to-last.
	es = chain(5)
	es[2].At = es[1].At.Add(time.Hour)
	es[3].At = es[1].At
	if v := check(relink(es)); v.OK || v.BrokenAt != 4 {
		t.Errorf("an event dated an hour before the latest: %+v", v)
	}
	es = chain(5)
	es[3].At = es[2].At.Add(-domain.AuditDatingAllowance + time.Second)
	if v := check(relink(es)); !v.OK {
		t.Errorf("a late commit within the allowance: %+v", v)
	}
}
