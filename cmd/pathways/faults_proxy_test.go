package main

import (
	"bufio"
	wire "encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// commitCutter is a TCP proxy between the server and PostgreSQL (sslmode=disable, so the
// protocol is readable) that can lose the answer to a COMMIT: it forwards the COMMIT of a
// transaction that wrote a chosen table, waits until PostgreSQL has answered it, and then
// closes both connections instead of relaying the answer. The write is committed; the
// server never learns it. This is what a network failure at the worst moment looks like.
//
// Only what the cut needs is parsed: the client's messages (to follow which statements a
// transaction ran: Parse names a statement, Bind runs it, Query runs plain SQL) and the
// server's message boundaries (to swallow the answer whole).
type commitCutter struct {
	t        *testing.T
	ln       net.Listener
	upstream string
	marker   string // a transaction that ran SQL containing this has its COMMIT answer lost

	armed     atomic.Int64 // how many more COMMIT answers to lose
	cut       atomic.Int64 // how many were lost
	committed atomic.Int64 // of those, how many PostgreSQL answered with COMMIT (not ROLLBACK)

	mu    sync.Mutex
	conns map[net.Conn]bool
}

func startCommitCutter(t *testing.T, upstream, marker string) *commitCutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &commitCutter{t: t, ln: ln, upstream: upstream, marker: marker, conns: map[net.Conn]bool{}}
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *commitCutter) addr() string { return p.ln.Addr().String() }

func (p *commitCutter) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *commitCutter) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = true
	p.mu.Unlock()
}

func (p *commitCutter) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.upstream)
		if err != nil {
			client.Close()
			continue
		}
		p.track(client)
		p.track(server)
		go p.relay(client, server)
	}
}

// link is one proxied connection. The client-to-server side tells the other side when to
// swallow the answer to a COMMIT.
type link struct {
	client, server net.Conn
	swallow        atomic.Bool
}

func (p *commitCutter) relay(client, server net.Conn) {
	l := &link{client: client, server: server}
	go p.serverToClient(l)
	p.clientToServer(l)
}

func (p *commitCutter) clientToServer(l *link) {
	defer l.server.Close()
	defer l.client.Close()
	in := bufio.NewReader(l.client)
	// Untyped start-up messages: an SSLRequest or GSSENCRequest is refused here with 'N'
	// (the proxy speaks plain text only), then the StartupMessage goes through.
	for {
		msg, err := readUntyped(in)
		if err != nil {
			return
		}
		if code := wire.BigEndian.Uint32(msg[4:8]); code == 80877103 || code == 80877104 {
			if _, err := l.client.Write([]byte{'N'}); err != nil {
				return
			}
			continue
		}
		if _, err := l.server.Write(msg); err != nil {
			return
		}
		break
	}
	statements := map[string]string{} // prepared statement name → SQL
	wrote := false                    // the open transaction ran SQL holding the marker
	for {
		typ, body, err := readTyped(in)
		if err != nil {
			return
		}
		var sql string
		switch typ {
		case 'P': // Parse: statement name, query
			name, rest := cstring(body)
			query, _ := cstring(rest)
			statements[name] = query
		case 'B': // Bind: portal name, statement name
			_, rest := cstring(body)
			name, _ := cstring(rest)
			sql = statements[name]
		case 'Q': // simple query
			sql, _ = cstring(body)
		}
		if strings.Contains(sql, p.marker) {
			wrote = true
		}
		word := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sql), ";")))
		if typ == 'Q' && (word == "commit" || word == "rollback") {
			if word == "commit" && wrote && p.take() {
				l.swallow.Store(true)
			}
			wrote = false
		}
		if _, err := l.server.Write(frame(typ, body)); err != nil {
			return
		}
	}
}

// take claims one armed cut.
func (p *commitCutter) take() bool {
	for {
		n := p.armed.Load()
		if n <= 0 {
			return false
		}
		if p.armed.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

func (p *commitCutter) serverToClient(l *link) {
	defer l.client.Close()
	defer l.server.Close()
	in := bufio.NewReader(l.server)
	for {
		typ, body, err := readTyped(in)
		if err != nil {
			return
		}
		if l.swallow.Load() {
			// The answer to the COMMIT: CommandComplete, then ReadyForQuery. Once PostgreSQL
			// is ready again the transaction has ended; the client hears nothing of it.
			if typ == 'C' {
				tag, _ := cstring(body)
				if tag == "COMMIT" {
					p.committed.Add(1)
				}
			}
			if typ == 'Z' {
				p.cut.Add(1)
				return
			}
			continue
		}
		if _, err := l.client.Write(frame(typ, body)); err != nil {
			return
		}
	}
}

func readUntyped(r *bufio.Reader) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := wire.BigEndian.Uint32(head[:])
	if n < 8 || n > 1<<20 {
		return nil, errors.New("bad start-up message length")
	}
	msg := make([]byte, n)
	copy(msg, head[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}

func readTyped(r *bufio.Reader) (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	n := wire.BigEndian.Uint32(head[1:])
	if n < 4 || n > 1<<30 {
		return 0, nil, errors.New("bad message length")
	}
	body := make([]byte, n-4)
	_, err := io.ReadFull(r, body)
	return head[0], body, err
}

func frame(typ byte, body []byte) []byte {
	out := make([]byte, 5+len(body))
	out[0] = typ
	wire.BigEndian.PutUint32(out[1:], uint32(4+len(body)))
	copy(out[5:], body)
	return out
}

// cstring splits a NUL-terminated string off b.
func cstring(b []byte) (string, []byte) {
	for i, c := range b {
		if c == 0 {
			return string(b[:i]), b[i+1:]
		}
	}
	return string(b), nil
}
