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
