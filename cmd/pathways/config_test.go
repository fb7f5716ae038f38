package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
)

const goodSecret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// cleanEnv starts each test from a valid environment in an empty working directory.
func cleanEnv(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	for k, v := range map[string]string{
		"DATABASE_URL": "postgres://app:pw@127.0.0.1:5432/pathways", "PATHWAYS_ADDR": "", "PATHWAYS_SECRET": goodSecret,
		"PATHWAYS_COOKIE_SECURE": "", "PATHWAYS_DEMO_PASSWORD": "", "PATHWAYS_LOG_LEVEL": "", "PATHWAYS_MIN_CELL": "", "PATHWAYS_SUPPRESS_ZERO": "",
		"PATHWAYS_STATS_LAG_DAYS": "", "PATHWAYS_STATS_MIN_PEOPLE": "",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"PATHWAYS_METRICS_ADDR", "PATHWAYS_TRUSTED_PROXIES"} {
		t.Setenv(k, "") // restored after the test…
		os.Unsetenv(k)  // …and unset during it, so the default applies
	}
}

func TestConfigDefaults(t *testing.T) {
	cleanEnv(t)
	c, err := loadConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.MetricsAddr != "127.0.0.1:9090" || !c.CookieSecure || c.StatsLagDays != 5 || c.StatsMinPeople != 10 || c.LogLevel != slog.LevelInfo || hex.EncodeToString(c.Secret) != goodSecret {
		t.Errorf("defaults: %+v", c)
	}
	t.Setenv("PATHWAYS_COOKIE_SECURE", "false")
	if c, err := loadConfig(true); err != nil || c.CookieSecure {
		t.Errorf("PATHWAYS_COOKIE_SECURE=false: secure=%v err=%v", c.CookieSecure, err)
	}
}

func TestTrustedProxies(t *testing.T) {
	cleanEnv(t)
	if c, err := loadConfig(true); err != nil || len(c.TrustedProxies) != 0 {
		t.Errorf("default: %v %v", c.TrustedProxies, err)
	}
	t.Setenv("PATHWAYS_TRUSTED_PROXIES", " 10.0.0.5, 192.168.1.7/24,fd00::/8 ,::ffff:172.16.0.1")
	c, err := loadConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(c.TrustedProxies); got != "[10.0.0.5/32 192.168.1.0/24 fd00::/8 172.16.0.1/32]" {
		t.Errorf("parsed %s", got)
	}
}

func TestMetricsAddrEmptyServesNoneAndNeverThePublicPort(t *testing.T) {
	cleanEnv(t)
	t.Setenv("PATHWAYS_METRICS_ADDR", "")
	if c, err := loadConfig(true); err != nil || c.MetricsAddr != "" {
		t.Errorf("PATHWAYS_METRICS_ADDR empty: %q %v", c.MetricsAddr, err)
	}
	t.Setenv("PATHWAYS_METRICS_ADDR", "127.0.0.1:8080")
	if _, err := loadConfig(true); err == nil || !strings.Contains(err.Error(), "must differ from PATHWAYS_ADDR") {
		t.Errorf("metrics on the public port: %v", err)
	}
}

func TestConfigNamesEachBadValue(t *testing.T) {
	bad := map[string]struct{ value, message string }{
		"DATABASE_URL":              {"mysql://root@db/x", "DATABASE_URL must be a postgres:// URL"},
		"PATHWAYS_ADDR":             {"localhost", `PATHWAYS_ADDR="localhost" must be host:port`},
		"PATHWAYS_COOKIE_SECURE":    {"maybe", `PATHWAYS_COOKIE_SECURE="maybe" must be true or false`},
		"PATHWAYS_DEMO_PASSWORD":    {"short", "PATHWAYS_DEMO_PASSWORD must be at least 12 characters"},
		"PATHWAYS_LOG_LEVEL":        {"loud", `PATHWAYS_LOG_LEVEL="loud" must be debug, info, warn or error`},
		"PATHWAYS_STATS_LAG_DAYS":   {"-1", `PATHWAYS_STATS_LAG_DAYS="-1" must be a whole number of days from 0 to 60`},
		"PATHWAYS_STATS_MIN_PEOPLE": {"3", `PATHWAYS_STATS_MIN_PEOPLE="3" must be a whole number from 5 to 1000`},
		"PATHWAYS_MIN_CELL":         {"5", "PATHWAYS_MIN_CELL is no longer read"},
		"PATHWAYS_SECRET":           {"abcd", "PATHWAYS_SECRET must be at least 64 hex characters"},
		"PATHWAYS_METRICS_ADDR":     {"metrics", `PATHWAYS_METRICS_ADDR="metrics" must be host:port`},
		"PATHWAYS_TRUSTED_PROXIES":  {"10.0.0.1, proxy.local", `PATHWAYS_TRUSTED_PROXIES holds "proxy.local"`},
	}
	for name, b := range bad {
		t.Run(name, func(t *testing.T) {
			cleanEnv(t)
			t.Setenv(name, b.value)
			_, err := loadConfig(true)
			if err == nil || !strings.Contains(err.Error(), b.message) {
				t.Fatalf("got %v, want a message containing %q", err, b.message)
			}
			if n := strings.Count(err.Error(), "\n  - "); n != 1 {
				t.Errorf("one bad value, %d messages: %v", n, err)
			}
			if name == "PATHWAYS_SECRET" || name == "PATHWAYS_DEMO_PASSWORD" {
				if strings.Contains(err.Error(), b.value) {
					t.Errorf("the message repeats the secret: %v", err)
				}
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		cleanEnv(t)
		for name, b := range bad {
			t.Setenv(name, b.value)
		}
		_, err := loadConfig(true)
		if err == nil {
			t.Fatal("accepted")
		}
		for _, b := range bad {
			if !strings.Contains(err.Error(), b.message) {
				t.Errorf("missing %q in %v", b.message, err)
			}
		}
	})
	t.Run("no database", func(t *testing.T) {
		cleanEnv(t)
		t.Setenv("DATABASE_URL", "")
		if _, err := loadConfig(true); err == nil || !strings.Contains(err.Error(), "DATABASE_URL is not set") {
			t.Errorf("got %v", err)
		}
		if _, err := loadConfig(false); err != nil {
			t.Errorf("a command without the database: %v", err)
		}
	})
	t.Run("port out of range", func(t *testing.T) {
		cleanEnv(t)
		t.Setenv("PATHWAYS_ADDR", "127.0.0.1:70000")
		if _, err := loadConfig(true); err == nil || !strings.Contains(err.Error(), "has an invalid port") {
			t.Errorf("got %v", err)
		}
	})
}

func TestConfigSecretIsKeptUnderData(t *testing.T) {
	cleanEnv(t)
	t.Setenv("PATHWAYS_SECRET", "")
	a, err := loadConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Secret) != 32 || !bytes.Equal(a.Secret, b.Secret) {
		t.Errorf("generated secret not kept: %x then %x", a.Secret, b.Secret)
	}
}

func TestConfigLogsWithSecretsMasked(t *testing.T) {
	for _, dbURL := range []string{
		"postgres://app:hunter2@db.internal:5432/pathways?sslmode=verify-full",
		"postgres://app@db.internal/pathways?password=hunter2&sslmode=require",
		"postgres://app:hunter2@db.internal/pathways?password=hunter2",
		"host=db.internal user=app password=hunter2",
		"postgres://app:hunter2@db.internal:bad-port/pathways",
	} {
		secret := []byte("0123456789abcdef0123456789abcdef")
		c := config{DatabaseURL: dbURL, Addr: "127.0.0.1:8080", Secret: secret, DemoPassword: "demo password 123", StatsLagDays: 5, StatsMinPeople: 10}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
		out := buf.String()
		for _, leak := range []string{"hunter2", hex.EncodeToString(secret), string(secret), "demo password 123"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s: the log line shows %q: %s", dbURL, leak, out)
			}
		}
		if !strings.Contains(out, `"addr":"127.0.0.1:8080"`) {
			t.Errorf("the log line lacks the harmless values: %s", out)
		}
	}
	var buf bytes.Buffer
	c := config{DatabaseURL: "postgres://app:pw@db.internal:5432/pathways?sslmode=require"}
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
	if !strings.Contains(buf.String(), "db.internal:5432/pathways") || !strings.Contains(buf.String(), "sslmode=require") {
		t.Errorf("the database's host and options should still be visible: %s", buf.String())
	}
}
