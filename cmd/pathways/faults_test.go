package main

// The fault suite: the real binary on a real PostgreSQL of its own, under load, through the
// faults a deployment meets (see faults_harness_test.go for the machinery). Every scenario
// ends by sending every write again with its Idempotency-Key, as a client unsure of its
// answer would, and then counts the records: none acknowledged may be missing, none may be
// there twice. Each scenario is bounded in time (waitFor's limit, and the settling limit).
//
//	go test ./cmd/pathways -run Fault -count=1 -v

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pathways/domain/postgres/devpg"
)

// The server killed with SIGKILL in the middle of the load, and started again: every
// acknowledged write is there, and the writes that were cut off can be finished by sending
// them again with their keys (no key is left "in flight").
func TestFaultServerKilled(t *testing.T) {
	w := newFaultWorld(t, "kill")
	w.start(w.dbURL)
	l := w.newLoad("kill")
	stop := make(chan struct{})
	load := l.run(6, stop)
	l.waitAcked(t, 30, "writes before the kill")
	w.srv.signal(syscall.SIGKILL)
	_ = w.srv.wait(10 * time.Second)
	time.Sleep(300 * time.Millisecond) // the load meets a dead server
	w.start(w.dbURL)
	l.waitAcked(t, 20, "writes after the restart")
	close(stop)
	load.Wait()
	l.settle(t, 45*time.Second)
	l.check(t)
}

// PostgreSQL stopped for a few seconds under load: the answers are 503 problems (never a
// 500), readiness says no, and the same server process recovers when PostgreSQL is back.
func TestFaultDatabaseStopped(t *testing.T) {
	w := newFaultWorld(t, "outage")
	w.start(w.dbURL)
	l := w.newLoad("outage")
	stop := make(chan struct{})
	load := l.run(6, stop)
	l.waitAcked(t, 30, "writes before the outage")

	if err := devpg.Stop(faultCluster.Dir); err != nil {
		t.Fatal(err)
	}
	down := true
	t.Cleanup(func() {
		if down {
			restartFaultCluster(t, "faults_outage")
		}
	})
	failed := l.failed.Load()
	r := w.client.send("GET", "/readyz", nil)
	if r.err != nil || r.status != 503 || !r.isProblem() {
		t.Errorf("readiness with PostgreSQL stopped: %d %q %v %s", r.status, r.header.Get("Content-Type"), r.err, r.body)
	}
	time.Sleep(3 * time.Second)
	if l.failed.Load() == failed {
		t.Error("no write failed while PostgreSQL was stopped: the outage did not meet the load")
	}

	restartFaultCluster(t, "faults_outage")
	down = false
	waitFor(t, "readiness after PostgreSQL came back", func() bool {
		r := w.client.send("GET", "/readyz", nil)
		return r.err == nil && r.status == 200
	})
	l.waitAcked(t, 20, "writes after PostgreSQL came back")
	if !w.srv.running() {
		t.Fatal("the server did not survive the outage")
	}
	close(stop)
	load.Wait()
	l.settle(t, 45*time.Second)
	l.check(t)
}

// The answer to COMMIT lost on its way back (a proxy between the server and PostgreSQL
// forwards the COMMIT, lets PostgreSQL answer, and cuts the connection): the client gets
// a 503, the write is committed, and the retry with the same key returns the first answer
// instead of writing again.
func TestFaultCommitAnswerLost(t *testing.T) {
	w := newFaultWorld(t, "commit")
	proxy := startCommitCutter(t, net.JoinHostPort("127.0.0.1", strconv.Itoa(faultCluster.Port)), "INSERT INTO intervention_sessions")
	viaProxy, err := url.Parse(w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	viaProxy.Host = proxy.addr()
	// The world's address was free when drawn, then released: the proxy may since have been
	// given that very port. Drawn again while the proxy holds its own, it cannot be.
	w.addr = freeAddr(t)
	w.start(viaProxy.String())
	l := w.newLoad("commit")
	for i := 0; i < 3; i++ {
		if a := l.send(l.newWrite()); a.err != nil || a.status != 201 {
			t.Fatalf("a write through the proxy: %d %v %s", a.status, a.err, a.body)
		}
	}

	const lost = 6
	proxy.armed.Store(lost)
	var cut []*write
	for i := 0; i < lost; i++ {
		wr := l.newWrite()
		cut = append(cut, wr)
		a := l.send(wr)
		if a.err != nil || a.status != 503 || !a.isProblem() {
			t.Errorf("%s, its COMMIT answer lost: want a 503 problem, got %d %q %v %s", wr.key, a.status, a.header.Get("Content-Type"), a.err, a.body)
		}
	}
	proxy.armed.Store(0)
	if n, c := proxy.cut.Load(), proxy.committed.Load(); n != lost || c != lost {
		t.Fatalf("the proxy lost %d COMMIT answers (%d of them commits), want %d", n, c, lost)
	}
	for _, wr := range cut {
		a := l.send(wr)
		if a.err != nil || a.status != 201 || a.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("%s, sent again: want the first answer replayed, got %d (replayed=%q) %v %s",
				wr.key, a.status, a.header.Get("Idempotent-Replayed"), a.err, a.body)
		}
	}
	l.settle(t, 30*time.Second)
	l.check(t)
}

// SIGTERM under load: the server stops taking connections, finishes every request in
// flight (including ones whose bodies arrive after the signal), and exits cleanly.
func TestFaultSIGTERMUnderLoad(t *testing.T) {
	w := newFaultWorld(t, "term")
	w.start(w.dbURL)
	l := w.newLoad("term")
	var held []*heldRequest
	for i := 0; i < 3; i++ {
		held = append(held, w.hold(l.newWrite()))
	}
	stop := make(chan struct{})
	load := l.run(6, stop)
	l.waitAcked(t, 30, "writes before the signal")
	w.srv.signal(syscall.SIGTERM)
	waitFor(t, "the shutdown to begin", func() bool { return strings.Contains(w.srv.logs.String(), "shutting down") })
	for _, h := range held {
		a := h.finish()
		if a.err != nil || a.status != 201 {
			t.Errorf("%s, in flight at SIGTERM: %d %v %s", h.wr.key, a.status, a.err, a.body)
			continue
		}
		l.mu.Lock()
		h.wr.acked, h.wr.first = true, a.body
		l.mu.Unlock()
	}
	if err := w.srv.wait(40 * time.Second); err != nil {
		t.Errorf("serve exited with %v", err)
	}
	if !strings.Contains(w.srv.logs.String(), `"msg":"stopped"`) {
		t.Error("no 'stopped' log line")
	}
	close(stop)
	load.Wait()
	// Writes that found the door closed are finished by the next server.
	w.start(w.dbURL)
	l.settle(t, 30*time.Second)
	l.check(t)
}

// heldRequest is a request the server has begun: its headers are read (the server said
// 100 Continue), its body not yet sent.
type heldRequest struct {
	t    *testing.T
	wr   *write
	conn net.Conn
	rd   *bufio.Reader
}

func (w *faultWorld) hold(wr *write) *heldRequest {
	w.t.Helper()
	conn, err := net.Dial("tcp", w.addr)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"+
		"Cookie: pathways_session=%s\r\nX-CSRF-Token: %s\r\nIdempotency-Key: %s\r\nExpect: 100-continue\r\n\r\n",
		wr.path, w.addr, len(wr.body), w.client.cookie, w.client.csrf, wr.key)
	rd := bufio.NewReader(conn)
	line, err := rd.ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		w.t.Fatalf("want 100 Continue, got %q %v", line, err)
	}
	if _, err := rd.ReadString('\n'); err != nil {
		w.t.Fatal(err)
	}
	return &heldRequest{t: w.t, wr: wr, conn: conn, rd: rd}
}

func (h *heldRequest) finish() answer {
	if _, err := h.conn.Write(h.wr.body); err != nil {
		return answer{err: err}
	}
	_ = h.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(h.rd, nil)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b, err: err}
}

// Two updates of one case with the same ETag, at the same moment: one wins, the other is
// refused with 412, and the case changed exactly once.
func TestFaultOneETagTwoUpdates(t *testing.T) {
	w := newFaultWorld(t, "etag")
	w.start(w.dbURL)
	var cats struct {
		Items []struct {
			Code      string  `json:"code"`
			Level     int     `json:"level"`
			RetiredAt *string `json:"retired_at"`
		} `json:"items"`
	}
	if r := w.client.send("GET", "/api/v1/offence-categories", nil); r.err != nil || r.status != 200 || json.Unmarshal(r.body, &cats) != nil {
		t.Fatalf("offence categories: %d %v %s", r.status, r.err, r.body)
	}
	var codes []string
	for _, c := range cats.Items {
		if c.Level == 1 && c.RetiredAt == nil {
			codes = append(codes, c.Code)
		}
	}
	if len(codes) < 3 {
		t.Fatalf("offence categories: %v", codes)
	}
	caseID := w.cases[0]
	type caseOut struct {
		Version         int    `json:"version"`
		OffenceCategory string `json:"offence_category"`
	}
	read := func() (string, caseOut) {
		r := w.client.send("GET", "/api/v1/cases/"+caseID, nil)
		var c caseOut
		if r.err != nil || r.status != 200 || json.Unmarshal(r.body, &c) != nil {
			t.Fatalf("reading the case: %d %v %s", r.status, r.err, r.body)
		}
		return r.header.Get("ETag"), c
	}
	for round := 0; round < 5; round++ {
		etag, before := read()
		var want []string
		for _, c := range codes {
			if c != before.OffenceCategory && len(want) < 2 {
				want = append(want, c)
			}
		}
		var start, done sync.WaitGroup
		start.Add(1)
		answers := make([]answer, 2)
		for i := range answers {
			done.Add(1)
			go func() {
				defer done.Done()
				body, _ := json.Marshal(map[string]any{"offence_category": want[i]})
				start.Wait()
				answers[i] = w.client.send("PATCH", "/api/v1/cases/"+caseID, body, "If-Match", etag)
			}()
		}
		start.Done()
		done.Wait()
		statuses := []int{answers[0].status, answers[1].status}
		if slices.Sort(statuses); statuses[0] != 200 || statuses[1] != 412 {
			t.Fatalf("round %d: two updates with one ETag answered %v: %s | %s", round, statuses, answers[0].body, answers[1].body)
		}
		winner := 0
		if answers[1].status == 200 {
			winner = 1
		}
		if !answers[1-winner].isProblem() {
			t.Errorf("round %d: the 412 is not a problem document", round)
		}
		etagAfter, after := read()
		if after.Version != before.Version+1 || after.OffenceCategory != want[winner] || etagAfter != answers[winner].header.Get("ETag") {
			t.Errorf("round %d: version %d → %d, offence %q (winner sent %q), ETag %s (winner's %s)",
				round, before.Version, after.Version, after.OffenceCategory, want[winner], etagAfter, answers[winner].header.Get("ETag"))
		}
	}
}

// One Idempotency-Key sent ten times at once: one record, and every caller gets the same
// answer, possibly after a 409 that says (Retry-After) when to ask again.
func TestFaultOneKeyTenTimesAtOnce(t *testing.T) {
	w := newFaultWorld(t, "same")
	w.start(w.dbURL)
	l := w.newLoad("same")
	for round := 0; round < 3; round++ {
		wr := l.newWrite()
		var start, done sync.WaitGroup
		start.Add(1)
		answers := make([]answer, 10)
		for i := range answers {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				for tries := 0; ; tries++ {
					a := l.send(wr)
					answers[i] = a
					if a.err != nil || a.status != 409 || tries == 5 {
						return
					}
					after, err := strconv.Atoi(a.header.Get("Retry-After"))
					if err != nil || after < 1 || after > 10 || !a.isProblem() {
						return // a 409 without a usable Retry-After: reported below
					}
					time.Sleep(time.Duration(after) * time.Second)
				}
			}()
		}
		start.Done()
		done.Wait()
		fresh := 0
		for i, a := range answers {
			if a.err != nil || a.status != 201 {
				t.Errorf("round %d, caller %d: %d %v (Retry-After %q) %s", round, i, a.status, a.err, a.header.Get("Retry-After"), a.body)
				continue
			}
			if string(a.body) != string(answers[0].body) {
				t.Errorf("round %d, caller %d: another answer:\n%s\n%s", round, i, answers[0].body, a.body)
			}
			if a.header.Get("Idempotent-Replayed") != "true" {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("round %d: %d callers got a fresh answer, want 1", round, fresh)
		}
	}
	l.check(t)
}
