// Package devpg runs a private PostgreSQL cluster for development and tests, so that
// `make run` and `make test` work on a machine that has PostgreSQL's binaries but no server.
//
// The cluster lives under a directory of the work tree (normally .data/pg or .data/pgtest),
// listens only on 127.0.0.1 at a port chosen when it starts, and uses password
// authentication with a generated password kept beside it. PostgreSQL refuses to run as
// root, so when we are root the binaries run as the unprivileged "postgres" user; when that
// user cannot enter the work tree (a checkout under /root, or any home directory closed to
// others), the cluster's files move to a directory of that user's own (see placement).
package devpg

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options says where the cluster lives and how it is tuned.
type Options struct {
	Dir      string // data directory; created on first start
	Database string // database created for the application (default "pathways")
	// Fast turns off fsync and friends: right for throwaway test clusters, never for data
	// anyone wants to keep.
	Fast bool
	// Fresh drops the database first, for a run that must start empty.
	Fresh bool
	// Port, when set, is the port a stopped cluster starts on (a running one keeps its
	// own), so that a cluster stopped and started again is found where clients left it.
	Port int
	Log  func(format string, args ...any) // progress messages; nil for silence
}

// Cluster is a running private cluster.
type Cluster struct {
	Dir      string
	Port     int
	Password string
	Database string
}

// URL is the superuser connection string for the cluster's application database.
func (c *Cluster) URL() string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("postgres", c.Password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + c.Database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Ensure initialises the cluster if needed, starts it if it is not running, and creates the
// application database. It is safe to call again while the cluster runs.
func Ensure(ctx context.Context, o Options) (*Cluster, error) {
	if o.Database == "" {
		o.Database = "pathways"
	}
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	asked, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	r, err := newRunner()
	if err != nil {
		return nil, err
	}
	// The password stays in the work tree, readable by its owner only; the cluster's files
	// go where the server's user can reach them.
	pwFile := asked + ".password"
	dir, err := r.placement(asked)
	if err != nil {
		return nil, err
	}
	if dir != asked {
		logf("the 'postgres' user cannot enter %s, so the cluster's files live in %s", filepath.Dir(asked), dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		logf("creating a private PostgreSQL cluster in %s", dir)
		if err := initCluster(r, bin, dir, pwFile); err != nil {
			return nil, err
		}
	}
	pw, err := os.ReadFile(pwFile)
	if err != nil {
		return nil, fmt.Errorf("reading the cluster password %s: %w (remove %s to start afresh)", pwFile, err, dir)
	}
	c := &Cluster{Dir: dir, Password: strings.TrimSpace(string(pw)), Database: o.Database}

	if port, ok := runningPort(r, bin, dir); ok {
		c.Port = port
	} else {
		if c.Port = o.Port; c.Port == 0 {
			if c.Port, err = freePort(); err != nil {
				return nil, err
			}
		}
		logf("starting PostgreSQL on 127.0.0.1:%d", c.Port)
		// No unix socket: a deep work tree would overflow its path limit, and TCP on loopback
		// is all we use.
		opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k \"\"", c.Port)
		if o.Fast {
			opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
		}
		out, err := r.run(bin+"/pg_ctl", "-D", dir, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start")
		if err != nil {
			return nil, fmt.Errorf("starting PostgreSQL failed: %w\n%s\n(see %s)", err, out, filepath.Join(dir, "server.log"))
		}
	}
	if err := createDatabase(ctx, c, o.Fresh); err != nil {
		return nil, err
	}
	return c, nil
}

// Stop shuts the cluster down if it runs.
func Stop(dir string) error {
	asked, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	bin, err := binDir()
	if err != nil {
		return err
	}
	r, err := newRunner()
	if err != nil {
		return err
	}
	if dir, err = r.placement(asked); err != nil {
		return err
	}
	if _, ok := runningPort(r, bin, dir); !ok {
		return nil
	}
	out, err := r.run(bin+"/pg_ctl", "-D", dir, "-m", "fast", "-w", "stop")
	if err != nil {
		return fmt.Errorf("stopping PostgreSQL: %w\n%s", err, out)
	}
	return nil
}

// Remove stops the cluster and deletes its files and password, wherever they were placed.
func Remove(dir string) error {
	if err := Stop(dir); err != nil {
		return err
	}
	asked, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	r, err := newRunner()
	if err != nil {
		return err
	}
	placed, err := r.placement(asked)
	if err != nil {
		return err
	}
	for _, p := range []string{placed, asked, asked + ".password"} {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

func initCluster(r runner, bin, dir, pwFile string) error {
	if err := os.MkdirAll(filepath.Dir(pwFile), 0o700); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := r.own(dir); err != nil {
		return err
	}
	secret := make([]byte, 18)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	pw := hex.EncodeToString(secret)
	if err := os.WriteFile(pwFile, []byte(pw+"\n"), 0o600); err != nil {
		return err
	}
	// initdb reads the password from a file it can open as its own user.
	tmp := dir + ".initdb-pw"
	if err := os.WriteFile(tmp, []byte(pw+"\n"), 0o600); err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := r.own(tmp); err != nil {
		return err
	}
	out, err := r.run(bin+"/initdb", "-D", dir, "-U", "postgres", "--pwfile", tmp,
		"--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale")
	if err != nil {
		_ = os.RemoveAll(dir)
		_ = os.Remove(pwFile)
		return fmt.Errorf("initdb failed: %w\n%s", err, out)
	}
	return nil
}

func runningPort(r runner, bin, dir string) (int, bool) {
	if _, err := r.run(bin+"/pg_ctl", "-D", dir, "status"); err != nil {
		return 0, false
	}
	// postmaster.pid: line 4 holds the port.
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	p, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	return p, err == nil
}

func createDatabase(ctx context.Context, c *Cluster, fresh bool) error {
	admin := *c
	admin.Database = "postgres"
	var conn *pgx.Conn
	var err error
	// The server may take a moment to accept connections after pg_ctl returns.
	for i := 0; i < 50; i++ {
		conn, err = pgx.Connect(ctx, admin.URL())
		if err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("connecting to the private cluster: %w", err)
	}
	defer conn.Close(ctx)
	if fresh {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{c.Database}.Sanitize()+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("dropping database %s: %w", c.Database, err)
		}
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", c.Database).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{c.Database}.Sanitize()); err != nil {
			return fmt.Errorf("creating database %s: %w", c.Database, err)
		}
	}
	return nil
}

func binDir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	for _, v := range []string{"17", "16", "15", "14", "13"} {
		d := "/usr/lib/postgresql/" + v + "/bin"
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL's server binaries (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql) or set DATABASE_URL to a running server")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// runner runs PostgreSQL's binaries as ourselves, or as "postgres" when we are root.
type runner struct {
	asUser   string
	home     string // the unprivileged user's home directory
	uid, gid int
}

func newRunner() (runner, error) {
	if os.Geteuid() != 0 {
		return runner{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return runner{}, errors.New("running as root, PostgreSQL needs an unprivileged user and no 'postgres' user exists: create one (useradd --system postgres) or run as another user")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return runner{asUser: "postgres", home: u.HomeDir, uid: uid, gid: gid}, nil
}

func (r runner) run(name string, args ...string) (string, error) {
	var cmd *exec.Cmd
	if r.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", r.asUser, "--", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	cmd.Dir = "/"
	err := cmd.Run()
	return buf.String(), err
}

// placement says where the cluster's files live for a cluster asked for at dir: dir itself,
// unless we run the server as another user who cannot enter dir's parent (a work tree under
// /root, say). Then the files go under that user's home directory, in a folder named after
// dir's full path, so every later start and stop of the same work tree finds them again.
func (r runner) placement(dir string) (string, error) {
	if r.asUser == "" {
		return dir, nil
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	if _, err := r.run("test", "-x", parent); err == nil {
		return dir, nil
	}
	home := r.home
	if home == "" {
		home = "/var/tmp"
	}
	sum := sha256.Sum256([]byte(dir))
	base := filepath.Join(home, "pathways-dev")
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", fmt.Errorf("making a place for the private cluster in %s: %w", base, err)
	}
	if err := r.own(base); err != nil {
		return "", err
	}
	return filepath.Join(base, filepath.Base(dir)+"-"+hex.EncodeToString(sum[:6])), nil
}

// own hands a path to the unprivileged user, and checks that it can reach it: a work tree
// under a private home directory (mode 0700) cannot be entered by another user.
func (r runner) own(path string) error {
	if r.asUser == "" {
		return nil
	}
	if err := os.Chown(path, r.uid, r.gid); err != nil {
		return err
	}
	if _, err := r.run("test", "-r", path); err != nil {
		return fmt.Errorf("the 'postgres' user cannot reach %s: a parent directory is closed to other users (chmod o+x it, or set DATABASE_URL)", path)
	}
	return nil
}
