package main

// The fault suite's harness: a private PostgreSQL cluster the suite may stop and start (so
// never the shared test cluster), a demo-seeded template database cloned for each scenario,
// the real binary started and killed as a process, a signed-in HTTP client, and a load of
// session records, each sent with its own Idempotency-Key and carrying a tag in its notes,
// so that every acknowledged write can be looked for afterwards, and every duplicate found.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain/postgres/devpg"
)

const (
	faultTemplate = "faults_template"
	faultPassword = "fault suite demo password"
)

var (
	faultOnce    sync.Once
	faultCluster *devpg.Cluster
	// faultAsked is the directory the cluster was asked for: its password lives beside it,
	// while the cluster's files (faultCluster.Dir) may have been placed elsewhere, where the
	// postgres user can reach them (a checkout under /root).
	faultAsked string
	faultErr   error
)

// faultDir is where the suite's own cluster lives, beside the shared test cluster.
func faultDir() (string, error) {
	root, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return filepath.Join(root, ".data", "pgfaults"), nil
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", os.ErrNotExist
		}
		root = parent
	}
}

// faultsCluster starts the suite's cluster (durable settings: fsync and synchronous commit
// on, as in production) and loads the demo data into a template database, once per run.
func faultsCluster(t *testing.T) *devpg.Cluster {
	t.Helper()
	faultOnce.Do(func() {
		dir, err := faultDir()
		if err != nil {
			faultErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		faultAsked = dir
		if faultCluster, faultErr = devpg.Ensure(ctx, devpg.Options{Dir: dir, Database: faultTemplate, Fresh: true}); faultErr != nil {
			return
		}
		for _, args := range [][]string{{"migrate"}, {"seed", "--demo"}} {
			if r := pathways(t, faultCluster.URL(), "", []string{"PATHWAYS_DEMO_PASSWORD=" + faultPassword}, args...); r.code != 0 {
				faultErr = fmt.Errorf("pathways %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
				return
			}
		}
	})
	if faultErr != nil {
		t.Fatalf("the fault suite's PostgreSQL: %v", faultErr)
	}
	return faultCluster
}

// stopFaultCluster stops the suite's cluster when the test binary ends.
func stopFaultCluster() {
	if faultCluster != nil {
		_ = devpg.Stop(faultCluster.Dir)
	}
}

// restartFaultCluster starts the cluster again on its port after a stop.
func restartFaultCluster(t *testing.T, database string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := devpg.Ensure(ctx, devpg.Options{Dir: faultAsked, Database: database, Port: faultCluster.Port}); err != nil {
		t.Fatalf("restarting PostgreSQL: %v", err)
	}
}

// faultWorld is one scenario: its database cloned from the template, the server, and the
// demo practitioner signed in.
type faultWorld struct {
	t      *testing.T
	name   string
	dbURL  string // the scenario's database, directly
	addr   string
	srv    *serverProc
	client *apiClient
	cases  []string // open cases of the practitioner's caseload
}

func newFaultWorld(t *testing.T, name string) *faultWorld {
	t.Helper()
	c := faultsCluster(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminURL(c))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	db := "faults_" + name
	for _, stmt := range []string{
		"DROP DATABASE IF EXISTS " + db + " WITH (FORCE)",
		"CREATE DATABASE " + db + " TEMPLATE " + faultTemplate,
	} {
		if _, err := admin.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		if conn, err := pgx.Connect(ctx, adminURL(c)); err == nil {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	scenario := *c
	scenario.Database = db
	w := &faultWorld{t: t, name: name, dbURL: scenario.URL(), addr: freeAddr(t)}
	return w
}

func adminURL(c *devpg.Cluster) string {
	a := *c
	a.Database = "postgres"
	return a.URL()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs the server on the world's address against databaseURL (the scenario's
// database, or a proxy in front of it) and signs the practitioner in the first time.
func (w *faultWorld) start(databaseURL string) {
	w.t.Helper()
	w.srv = startServer(w.t, databaseURL, w.addr)
	if w.client == nil {
		w.client = signIn(w.t, "http://"+w.addr, "practitioner", faultPassword)
		var list struct {
			Items []struct {
				ID    string `json:"id"`
				Phase string `json:"phase"`
			} `json:"items"`
		}
		r := w.client.send("GET", "/api/v1/cases?limit=100", nil)
		if r.err != nil || r.status != 200 {
			w.t.Fatalf("listing cases: %d %v %s", r.status, r.err, r.body)
		}
		if err := json.Unmarshal(r.body, &list); err != nil {
			w.t.Fatal(err)
		}
		for _, c := range list.Items {
			if c.Phase != "closed" {
				w.cases = append(w.cases, c.ID)
			}
		}
		if len(w.cases) < 4 {
			w.t.Fatalf("the demo practitioner has %d open cases", len(w.cases))
		}
	}
}

// serverProc is the pathways binary serving.
type serverProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	logs   *lockedBuffer
	exited chan struct{}
	err    error // the exit, once exited is closed
}

func startServer(t *testing.T, databaseURL, addr string) *serverProc {
	t.Helper()
	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_ADDR="+addr,
		"PATHWAYS_COOKIE_SECURE=false", "PATHWAYS_LOG_LEVEL=info",
		"PATHWAYS_METRICS_ADDR=") // no metrics listener: a fixed port would clash with any other server on the machine
	s := &serverProc{t: t, cmd: cmd, logs: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = io.Discard, s.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			_ = cmd.Process.Kill()
			<-s.exited
		}
		if t.Failed() {
			t.Logf("server log (last 4000 bytes):\n%s", tail(s.logs.String(), 4000))
		}
	})
	waitFor(t, "the server to answer", func() bool {
		select {
		case <-s.exited:
			t.Fatalf("the server exited at start: %v\n%s", s.err, s.logs.String())
		default:
		}
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return s
}

func (s *serverProc) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits for the process to end, within limit.
func (s *serverProc) wait(limit time.Duration) error {
	s.t.Helper()
	select {
	case <-s.exited:
		return s.err
	case <-time.After(limit):
		s.t.Fatalf("the server did not exit within %s", limit)
		return nil
	}
}

func (s *serverProc) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// apiClient is a signed-in caller over real HTTP.
type apiClient struct {
	base   string
	http   *http.Client
	cookie string
	csrf   string
}

type answer struct {
	status int
	header http.Header
	body   []byte
	err    error // the request failed on the way: no answer
}

func signIn(t *testing.T, base, username, password string) *apiClient {
	t.Helper()
	c := &apiClient{base: base, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 32, DisableCompression: true}}}
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	r := c.send("POST", "/api/v1/auth/login", body)
	if r.err != nil || r.status != 200 {
		t.Fatalf("sign-in as %s: %d %v %s", username, r.status, r.err, r.body)
	}
	for _, sc := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(sc, "pathways_session="); ok {
			c.cookie, _, _ = strings.Cut(v, ";")
		}
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	c.csrf = out.CSRF
	return c
}

// send makes one request; header holds name, value pairs.
func (c *apiClient) send(method, path string, body []byte, header ...string) answer {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return answer{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "pathways_session", Value: c.cookie})
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{err: err}
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func (a answer) isProblem() bool {
	return strings.HasPrefix(a.header.Get("Content-Type"), "application/problem+json")
}

// letters spells n in letters only, so a tag in free text never looks like an identifier
// to the notes screen.
func letters(n int64) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}

// write is one session record sent under its own Idempotency-Key.
type write struct {
	key   string
	path  string
	body  []byte
	tag   string // the notes, unique to this write
	first []byte // the first 2xx answer's body, once acknowledged
	acked bool
}

// writeLoad sends session records from several workers and keeps every outcome.
type writeLoad struct {
	w      *faultWorld
	prefix string
	next   atomic.Int64
	acked  atomic.Int64
	failed atomic.Int64 // answered 503, or not answered at all

	mu          sync.Mutex
	ackedAtLoad int // acknowledged before settle began
	writes      []*write
	statuses    map[int]int
	wrong       []string // answers the scenario never allows: a 500, a 503 that is not a problem, …
}

func (w *faultWorld) newLoad(prefix string) *writeLoad {
	return &writeLoad{w: w, prefix: prefix, statuses: map[int]int{}}
}

func (l *writeLoad) newWrite() *write {
	n := l.next.Add(1)
	tag := "fault " + l.prefix + " " + letters(n)
	body, _ := json.Marshal(map[string]any{"intervention_type": "cognitive_skills", "held_on": time.Now().Format(time.DateOnly),
		"minutes": 45, "format": "individual", "attendance": "attended", "engagement": 3, "notes": tag})
	wr := &write{key: fmt.Sprintf("%s-%d", l.prefix, n), path: "/api/v1/cases/" + l.w.cases[int(n)%len(l.w.cases)] + "/sessions",
		body: body, tag: tag}
	l.mu.Lock()
	l.writes = append(l.writes, wr)
	l.mu.Unlock()
	return wr
}

// send sends wr once and files the outcome.
func (l *writeLoad) send(wr *write) answer {
	a := l.w.client.send("POST", wr.path, wr.body, "Idempotency-Key", wr.key)
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.err != nil {
		l.statuses[0]++
		l.failed.Add(1)
		return a
	}
	l.statuses[a.status]++
	switch {
	case a.status == 201:
		if !wr.acked {
			wr.acked, wr.first = true, a.body
			l.acked.Add(1)
		}
	case a.status == 503 && a.isProblem():
		l.failed.Add(1)
	case a.status == 409 && a.isProblem() && a.header.Get("Retry-After") != "":
		// another attempt with this key is still running
	default:
		l.wrong = append(l.wrong, fmt.Sprintf("%s: %d %s %s", wr.key, a.status, a.header.Get("Content-Type"), a.body))
	}
	return a
}

// run sends new writes from workers until stop is closed.
func (l *writeLoad) run(workers int, stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if a := l.send(l.newWrite()); a.err != nil || a.status >= 500 {
					time.Sleep(100 * time.Millisecond) // a server or database that is down is not hammered
				}
			}
		}()
	}
	return &wg
}

// waitAcked waits until n more writes than now are acknowledged.
func (l *writeLoad) waitAcked(t *testing.T, n int64, what string) {
	t.Helper()
	want := l.acked.Load() + n
	waitFor(t, what, func() bool { return l.acked.Load() >= want })
}

// settle sends every write again with its key until it is answered 201 (or the limit
// passes), as a client that did not get, or did not trust, its answer would. An
// acknowledged write must come back as the replay of its first answer.
func (l *writeLoad) settle(t *testing.T, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	l.mu.Lock()
	todo := make(chan *write, len(l.writes))
	for _, wr := range l.writes {
		todo <- wr
	}
	close(todo)
	l.ackedAtLoad = l.countAcked()
	l.mu.Unlock()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for wr := range todo {
				l.settleOne(t, wr, deadline)
			}
		}()
	}
	wg.Wait()
}

func (l *writeLoad) settleOne(t *testing.T, wr *write, deadline time.Time) {
	l.mu.Lock()
	wasAcked, first := wr.acked, wr.first
	l.mu.Unlock()
	for {
		a := l.send(wr)
		if a.err == nil && a.status == 201 {
			if wasAcked && (!bytes.Equal(a.body, first) || a.header.Get("Idempotent-Replayed") != "true") {
				t.Errorf("%s: the retry of an acknowledged write is not its first answer (replayed=%q):\n%s\n%s",
					wr.key, a.header.Get("Idempotent-Replayed"), first, a.body)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: still not done at the settling limit: %d %v %s", wr.key, a.status, a.err, a.body)
			return
		}
		wait := 100 * time.Millisecond
		if s, err := strconv.Atoi(a.header.Get("Retry-After")); err == nil && a.status == 409 {
			wait = time.Duration(s) * time.Second
		}
		time.Sleep(wait)
	}
}

// check compares the database with the writes: every write is there exactly once, under
// the id its answer named; no answer was one the scenario forbids.
func (l *writeLoad) check(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, l.w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT notes, id::text FROM intervention_sessions WHERE notes LIKE $1", "fault "+l.prefix+" %")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string][]string{}
	for rows.Next() {
		var notes, id string
		if err := rows.Scan(&notes, &id); err != nil {
			t.Fatal(err)
		}
		stored[notes] = append(stored[notes], id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lost, duplicated := 0, 0
	for _, wr := range l.writes {
		ids := stored[wr.tag]
		switch {
		case len(ids) == 0 && wr.acked:
			lost++
			t.Errorf("%s: acknowledged, and not in the database", wr.key)
		case len(ids) > 1:
			duplicated++
			t.Errorf("%s: written %d times: %v", wr.key, len(ids), ids)
		case len(ids) == 1 && wr.acked:
			var out struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(wr.first, &out); err != nil || out.ID != ids[0] {
				t.Errorf("%s: answered with session %q, stored as %s", wr.key, out.ID, ids[0])
			}
		}
		delete(stored, wr.tag)
	}
	for tag, ids := range stored {
		t.Errorf("records no write of the load made: %q %v", tag, ids)
	}
	for _, w := range l.wrong {
		t.Errorf("forbidden answer: %s", w)
	}
	codes := make([]int, 0, len(l.statuses))
	for c := range l.statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var summary []string
	for _, c := range codes {
		summary = append(summary, fmt.Sprintf("%d×%d", l.statuses[c], c))
	}
	t.Logf("%s: %d writes, %d acknowledged under load, %d lost, %d duplicated; answers (with the retries) %s (0 = no answer)",
		l.prefix, len(l.writes), l.ackedAtLoad, lost, duplicated, strings.Join(summary, " "))
}

func (l *writeLoad) countAcked() int {
	n := 0
	for _, wr := range l.writes {
		if wr.acked {
			n++
		}
	}
	return n
}
