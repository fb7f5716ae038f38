package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain/postgres/pgtest"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopFaultCluster()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds the pathways command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "pathways-cli-test"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "pathways")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type run struct {
	code           int
	stdout, stderr string
}

// pathways runs the binary with the given database, environment additions and stdin.
func pathways(t *testing.T, dbURL, stdin string, env []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCLIUserAddAndAuditVerify(t *testing.T) {
	dbURL := pgtest.URL(t)

	r := pathways(t, dbURL, "", nil, "migrate")
	if r.code != 0 {
		t.Fatalf("migrate on a migrated database: %d %s", r.code, r.stderr)
	}

	const pw = "a long enough password"
	r = pathways(t, dbURL, pw+"\n", nil, "user", "add", "-username", "alice", "-display-name", "Alice", "-role", "admin", "-scope", "global", "-password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "created user alice") {
		t.Fatalf("user add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, pw) {
		t.Error("user add echoed the password")
	}
	r = pathways(t, dbURL, pw+"\n", nil, "user", "add", "-username", "alice", "-role", "admin", "-scope", "global", "-password-stdin")
	if r.code != 1 || !strings.Contains(r.stderr, "already in use") {
		t.Errorf("second alice: %d %q", r.code, r.stderr)
	}
	r = pathways(t, dbURL, "short\n", nil, "user", "add", "-username", "bob", "-role", "auditor", "-scope", "global", "-password-stdin")
	if r.code != 1 || !strings.Contains(r.stderr, "at least 12 characters") {
		t.Errorf("short password: %d %q", r.code, r.stderr)
	}
	r = pathways(t, dbURL, pw+"\n", nil, "user", "add", "-username", "Bad Name", "-role", "king", "-scope", "mars", "-password-stdin")
	if r.code != 1 || !strings.Contains(r.stderr, "-username") || !strings.Contains(r.stderr, "-role") || !strings.Contains(r.stderr, "-scope") {
		t.Errorf("bad flags: %d %q", r.code, r.stderr)
	}

	// A membership that cannot be made (no such facility) leaves no user behind.
	r = pathways(t, dbURL, pw+"\n", nil, "user", "add", "-username", "carol", "-role", "practitioner",
		"-scope", "facility:00000000-0000-4000-8000-000000000009", "-password-stdin")
	if r.code != 1 || !strings.Contains(r.stderr, "no such facility") {
		t.Errorf("unknown facility: %d %q", r.code, r.stderr)
	}

	// The user is stored with an argon2id hash and can sign in (checked through the database).
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var hash string
	if err := conn.QueryRow(ctx, "SELECT password_hash FROM users WHERE username = 'alice'").Scan(&hash); err != nil || !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("alice's hash %q (%v)", hash, err)
	}

	var carols int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM users WHERE username = 'carol'").Scan(&carols); err != nil || carols != 0 {
		t.Errorf("a refused user add left %d users (%v)", carols, err)
	}

	r = pathways(t, dbURL, "", nil, "audit", "verify")
	if r.code != 0 || !strings.Contains(r.stdout, "audit trail intact: 2 events verified") {
		t.Fatalf("verify intact: %d %q %q", r.code, r.stdout, r.stderr)
	}

	for _, stmt := range []string{
		"ALTER TABLE audit_events DISABLE TRIGGER USER",
		"UPDATE audit_events SET details = '{\"role\":\"auditor\"}' WHERE id = (SELECT event_id FROM audit_chain WHERE seq = 2)",
		"ALTER TABLE audit_events ENABLE TRIGGER USER",
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	r = pathways(t, dbURL, "", nil, "audit", "verify")
	if r.code != 1 || !strings.Contains(r.stderr, "BROKEN at event 2") {
		t.Errorf("verify after tampering: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := pathways(t, dbURL, "", nil, "audit", "check"); r.code != 1 || !strings.Contains(r.stderr, "usage") {
		t.Errorf("audit with a wrong subcommand: %d %q", r.code, r.stderr)
	}
}

func TestCLISeedDemoOnce(t *testing.T) {
	dbURL := pgtest.URL(t)
	env := []string{"PATHWAYS_DEMO_PASSWORD=demo password 1234"}
	r := pathways(t, dbURL, "", env, "seed", "--demo")
	if r.code != 0 || !strings.Contains(r.stdout, "demo data loaded") || strings.Contains(r.stdout, "demo password 1234") {
		t.Fatalf("first seed: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// The demo's administrators: two global ones (four eyes among administrators can be
	// tried) and one whose scope is Borealis alone.
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var admins string
	if err := conn.QueryRow(context.Background(), `SELECT string_agg(u.username || ':' || m.scope_kind || ':' || coalesce(m.country, ''), ' ' ORDER BY u.username)
		FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.role = 'admin'`).Scan(&admins); err != nil {
		t.Fatal(err)
	}
	if admins != "admin:global: admin2:global: adminxb:country:XB" {
		t.Errorf("demo administrators: %q", admins)
	}
	r = pathways(t, dbURL, "", env, "seed", "--demo")
	if r.code != 0 || !strings.Contains(r.stdout, "nothing to do") {
		t.Errorf("second seed: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := pathways(t, dbURL, "", nil, "audit", "verify"); r.code != 0 {
		t.Errorf("verify after seeding: %d %q", r.code, r.stderr)
	}
	if r := pathways(t, dbURL, "", nil, "nonsense"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: %d %q", r.code, r.stderr)
	}
}

func TestCLIServeRefusesBadConfiguration(t *testing.T) {
	r := pathways(t, "mysql://x", "", []string{"PATHWAYS_ADDR=nowhere", "PATHWAYS_COOKIE_SECURE=maybe"}, "serve")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	for _, want := range []string{"DATABASE_URL must be a postgres:// URL", `PATHWAYS_ADDR="nowhere"`, `PATHWAYS_COOKIE_SECURE="maybe"`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, r.stderr)
		}
	}
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls until cond holds; the limit only stops a broken test from hanging.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

func TestServeDrainsInFlightRequestsOnSIGTERM(t *testing.T) {
	dbURL := pgtest.URL(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_ADDR="+addr,
		"PATHWAYS_COOKIE_SECURE=false", "PATHWAYS_LOG_LEVEL=info", "PATHWAYS_METRICS_ADDR=")
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	waitFor(t, "the server to answer", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	if strings.Contains(logs.String(), "pgtdbpass") {
		t.Errorf("the start-up log shows the database password: %s", logs.String())
	}

	// A request in flight: headers sent, the server has read them (it answers 100 Continue),
	// the body not yet sent.
	body := `{"username":"nobody","password":"not the password"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil || !strings.Contains(status, "100 Continue") {
		t.Fatalf("want 100 Continue, got %q %v", status, err)
	}
	if _, err := br.ReadString('\n'); err != nil { // the blank line after it
		t.Fatal(err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the shutdown to begin", func() bool { return strings.Contains(logs.String(), "shutting down") })
	// New connections are soon refused…
	waitFor(t, "the listener to close", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	// …but the request in flight is finished.
	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the in-flight request was dropped: %v\n%s", err, logs.String())
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(answer), "urn:pathways:problem:unauthenticated") {
		t.Errorf("in-flight answer: %d %s", resp.StatusCode, answer)
	}

	if err := <-exited; err != nil {
		t.Errorf("serve exited with %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no 'stopped' log line:\n%s", logs.String())
	}
}

// A command-line writer seals its events before it exits, so an event written with no
// server running cannot be edited unseen until the next server starts: an edit made after
// the command shows in verification.
func TestCLIWritersSealBeforeExiting(t *testing.T) {
	dbURL := pgtest.URL(t)
	const pw = "a long enough password"
	r := pathways(t, dbURL, pw+"\n", nil, "user", "add", "-username", "alice", "-role", "auditor", "-scope", "global", "-password-stdin")
	if r.code != 0 {
		t.Fatalf("user add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var unsealed int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)`).Scan(&unsealed); err != nil || unsealed != 0 {
		t.Errorf("user add left %d events unsealed (%v)", unsealed, err)
	}
	// Someone with the owner's rights turns the guard off and makes the new auditor an admin
	// in the record.
	for _, stmt := range []string{
		"ALTER TABLE audit_events DISABLE TRIGGER USER",
		`UPDATE audit_events SET details = replace(details, 'auditor', 'admin') WHERE action = 'membership.create'`,
		"ALTER TABLE audit_events ENABLE TRIGGER USER",
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	r = pathways(t, dbURL, "", nil, "audit", "verify")
	if r.code != 1 || !strings.Contains(r.stderr, "BROKEN") {
		t.Errorf("an edit after user add went unseen: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// pathways audit seal chains what has committed, for cron where no server runs.
func TestCLIAuditSeal(t *testing.T) {
	dbURL := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for i := 0; i < 3; i++ {
		if _, err := conn.Exec(ctx, `INSERT INTO audit_events (at, action, outcome) VALUES (clock_timestamp(), 'test.event', 'success')`); err != nil {
			t.Fatal(err)
		}
	}
	r := pathways(t, dbURL, "", nil, "audit", "seal")
	if r.code != 0 || !strings.Contains(r.stdout, "sealed 3 events") || !strings.Contains(r.stdout, "head: 3 ") {
		t.Fatalf("audit seal: %d %q %q", r.code, r.stdout, r.stderr)
	}
	var chained int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM audit_chain`).Scan(&chained); err != nil || chained != 3 {
		t.Errorf("after audit seal the chain holds %d events (%v)", chained, err)
	}
	r = pathways(t, dbURL, "", nil, "audit", "seal")
	if r.code != 0 || !strings.Contains(r.stdout, "sealed 0 events") {
		t.Errorf("second audit seal: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// cutTail removes the last n events with every guard off and copies the last remaining
// link into the head, as someone with the database owner's rights could.
func cutTail(t *testing.T, conn *pgx.Conn, n int) {
	t.Helper()
	ctx := context.Background()
	for _, stmt := range []string{
		"ALTER TABLE audit_events DISABLE TRIGGER USER", "ALTER TABLE audit_chain DISABLE TRIGGER USER", "ALTER TABLE audit_head DISABLE TRIGGER USER",
		fmt.Sprintf(`WITH gone AS (DELETE FROM audit_chain WHERE seq > (SELECT max(seq) - %d FROM audit_chain) RETURNING event_id)
			DELETE FROM audit_events WHERE id IN (SELECT event_id FROM gone)`, n),
		"UPDATE audit_head SET (seq, prev_hash, hash) = (SELECT seq, prev_hash, hash FROM audit_chain ORDER BY seq DESC LIMIT 1)",
		"ALTER TABLE audit_events ENABLE TRIGGER USER", "ALTER TABLE audit_chain ENABLE TRIGGER USER", "ALTER TABLE audit_head ENABLE TRIGGER USER",
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// The whole path an operator takes: make a key, let `audit seal` (cron) checkpoint the
// head, and verify against the checkpoint directory; a tail cut by the owner is caught, and
// a checkpoint cannot be trusted under someone else's key.
func TestCLIAuditCheckpoints(t *testing.T) {
	dbURL := pgtest.URL(t)
	work := t.TempDir()
	keyFile, dir := filepath.Join(work, "audit-key"), filepath.Join(work, "checkpoints")
	r := pathways(t, dbURL, "", nil, "audit", "keygen", "-out", keyFile)
	if r.code != 0 || !strings.Contains(r.stdout, "public key: ") {
		t.Fatalf("keygen: %d %q %q", r.code, r.stdout, r.stderr)
	}
	pub := strings.TrimSpace(r.stdout[strings.Index(r.stdout, "public key: ")+len("public key: "):])
	if r := pathways(t, dbURL, "", nil, "audit", "keygen", "-out", keyFile); r.code != 1 || !strings.Contains(r.stderr, "never replaced") {
		t.Errorf("keygen over an existing key: %d %q", r.code, r.stderr)
	}
	env := []string{"PATHWAYS_AUDIT_KEY=" + keyFile, "PATHWAYS_CHECKPOINT_DIR=" + dir}

	const pw = "a long enough password"
	for _, name := range []string{"alice", "bob"} {
		if r := pathways(t, dbURL, pw+"\n", env, "user", "add", "-username", name, "-role", "auditor", "-scope", "global", "-password-stdin"); r.code != 0 {
			t.Fatalf("user add: %d %q", r.code, r.stderr)
		}
	}
	r = pathways(t, dbURL, "", env, "audit", "seal")
	if r.code != 0 || !strings.Contains(r.stdout, "checkpoint written: "+filepath.Join(dir, "00000000000000000004.checkpoint")) {
		t.Fatalf("audit seal with a key: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := pathways(t, dbURL, "", env, "audit", "seal"); r.code != 0 || !strings.Contains(r.stdout, "none needed") {
		t.Errorf("audit seal with the head unmoved: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// An auditor away from the server, with the directory and the public key only.
	r = pathways(t, dbURL, "", nil, "audit", "verify", "--checkpoints", dir, "--public-key", pub)
	if r.code != 0 || !strings.Contains(r.stdout, "1 signed checkpoints match the chain; the latest vouches for event 4") {
		t.Fatalf("verify with checkpoints: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := pathways(t, dbURL, "", nil, "audit", "verify", "--checkpoints", dir, "--public-key", strings.Repeat("ab", 32)); r.code != 1 ||
		!strings.Contains(r.stderr, "cannot be trusted") {
		t.Errorf("verify trusting another key: %d %q %q", r.code, r.stdout, r.stderr)
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	cutTail(t, conn, 2)
	if r := pathways(t, dbURL, "", nil, "audit", "verify"); r.code != 0 {
		t.Fatalf("without checkpoints the cut chain agrees with itself (else this test proves nothing): %d %q", r.code, r.stderr)
	}
	// With the key configured, verify uses the configured directory by itself.
	for _, r := range []run{
		pathways(t, dbURL, "", nil, "audit", "verify", "--checkpoints", dir, "--public-key", pub),
		pathways(t, dbURL, "", env, "audit", "verify"),
	} {
		if r.code != 1 || !strings.Contains(r.stderr, "BROKEN") || !strings.Contains(r.stderr, "cut from its end") {
			t.Errorf("verify after the tail was cut: %d %q %q", r.code, r.stdout, r.stderr)
		}
	}
	// The checkpointer refuses to sign over the cut chain, and says why.
	if r := pathways(t, dbURL, "", env, "audit", "seal"); r.code != 1 || !strings.Contains(r.stderr, "no longer holds") {
		t.Errorf("audit seal over a cut chain: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := pathways(t, dbURL, "", nil, "audit", "verify", "--checkpoints", filepath.Join(work, "nowhere"), "--public-key", pub); r.code != 1 ||
		!strings.Contains(r.stderr, "not found") {
		t.Errorf("verify with a missing directory: %d %q", r.code, r.stderr)
	}
}

// The server checkpoints the head when it starts and when it stops (and every interval in
// between), only when the head has moved.
func TestServeCheckpointsAtStartAndStop(t *testing.T) {
	dbURL := pgtest.URL(t)
	work := t.TempDir()
	keyFile, dir := filepath.Join(work, "audit-key"), filepath.Join(work, "checkpoints")
	if r := pathways(t, dbURL, "", nil, "audit", "keygen", "-out", keyFile); r.code != 0 {
		t.Fatalf("keygen: %d %q", r.code, r.stderr)
	}
	if r := pathways(t, dbURL, "a long enough password\n", nil, "user", "add", "-username", "alice", "-role", "auditor", "-scope", "global", "-password-stdin"); r.code != 0 {
		t.Fatalf("user add: %d %q", r.code, r.stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_ADDR="+addr,
		"PATHWAYS_COOKIE_SECURE=false", "PATHWAYS_AUDIT_KEY="+keyFile, "PATHWAYS_CHECKPOINT_DIR="+dir, "PATHWAYS_CHECKPOINT_INTERVAL=1h", "PATHWAYS_METRICS_ADDR=")
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	files := func() []string {
		names, _ := filepath.Glob(filepath.Join(dir, "*.checkpoint"))
		return names
	}
	waitFor(t, "the checkpoint at start", func() bool { return len(files()) == 1 })
	if got := filepath.Base(files()[0]); got != "00000000000000000002.checkpoint" {
		t.Errorf("checkpoint at start: %s", got)
	}
	// The checkpoint at start may be written before the server listens.
	waitFor(t, "the server to listen", func() bool {
		r, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		r.Body.Close()
		return r.StatusCode == http.StatusOK
	})
	resp, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"alice","password":"wrong password"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err != nil {
		t.Fatalf("serve: %v\n%s", err, logs.String())
	}
	if got := files(); len(got) != 2 || filepath.Base(got[1]) != "00000000000000000003.checkpoint" {
		t.Errorf("checkpoints after stop: %v\n%s", got, logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"audit checkpoint"`) || !strings.Contains(logs.String(), "public_key") {
		t.Errorf("the log should carry each checkpoint and the public key:\n%s", logs.String())
	}
	if r := pathways(t, dbURL, "", []string{"PATHWAYS_AUDIT_KEY=" + keyFile, "PATHWAYS_CHECKPOINT_DIR=" + dir}, "audit", "verify"); r.code != 0 ||
		!strings.Contains(r.stdout, "2 signed checkpoints match") {
		t.Errorf("verify after serve: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
