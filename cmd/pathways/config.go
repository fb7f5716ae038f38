package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is everything read from the environment, checked once at start.
type config struct {
	DatabaseURL    string
	Addr           string
	MetricsAddr    string // Prometheus metrics listener; empty: no metrics served
	Secret         []byte
	CookieSecure   bool
	DemoPassword   string
	LogLevel       slog.Level
	StatsLagDays   int // statistics: days after a month's end before it is served
	StatsMinPeople int // statistics: smallest base of a published rate or median
	// Audit checkpoints: off while AuditKey is nil (PATHWAYS_AUDIT_KEY unset).
	AuditKey           ed25519.PrivateKey
	AuditKeyPath       string
	CheckpointDir      string
	CheckpointInterval time.Duration
	// AuditPublicKeys are earlier signing keys whose checkpoints verification still trusts
	// (after a key rotation); the current key's public half is always trusted.
	AuditPublicKeys []ed25519.PublicKey
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives the client address.
	TrustedProxies []netip.Prefix
}

// TrustedAuditKeys are the public keys a checkpoint may be signed with.
func (c config) TrustedAuditKeys() []ed25519.PublicKey {
	var out []ed25519.PublicKey
	if c.AuditKey != nil {
		out = append(out, c.AuditKey.Public().(ed25519.PublicKey))
	}
	return append(out, c.AuditPublicKeys...)
}

// loadConfig reads and checks the environment. Every bad value is reported, not just the
// first, each with what was expected.
func loadConfig(needDB bool) (config, error) {
	var c config
	var problems []string
	c.DatabaseURL = os.Getenv("DATABASE_URL")
	if needDB {
		if c.DatabaseURL == "" {
			problems = append(problems, "DATABASE_URL is not set: give a PostgreSQL connection string (postgres://user:pass@host:5432/db); `make run` starts a private one for you")
		} else if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			problems = append(problems, "DATABASE_URL must be a postgres:// URL")
		}
	}
	c.Addr = envOr("PATHWAYS_ADDR", "127.0.0.1:8080")
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("PATHWAYS_ADDR=%q must be host:port, e.g. 127.0.0.1:8080", c.Addr))
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		problems = append(problems, fmt.Sprintf("PATHWAYS_ADDR=%q has an invalid port", c.Addr))
	}
	// Metrics have a listener of their own, on loopback unless said otherwise; set to the
	// empty string, no metrics are served.
	c.MetricsAddr = "127.0.0.1:9090"
	if v, set := os.LookupEnv("PATHWAYS_METRICS_ADDR"); set {
		c.MetricsAddr = strings.TrimSpace(v)
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			problems = append(problems, fmt.Sprintf("PATHWAYS_METRICS_ADDR=%q must be host:port (e.g. 127.0.0.1:9090), or empty to serve no metrics", c.MetricsAddr))
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			problems = append(problems, fmt.Sprintf("PATHWAYS_METRICS_ADDR=%q has an invalid port", c.MetricsAddr))
		} else if c.MetricsAddr == c.Addr {
			problems = append(problems, fmt.Sprintf("PATHWAYS_METRICS_ADDR=%q must differ from PATHWAYS_ADDR: metrics are not served on the public port", c.MetricsAddr))
		}
	}
	proxies, err := parseTrustedProxies(os.Getenv("PATHWAYS_TRUSTED_PROXIES"))
	if err != nil {
		problems = append(problems, err.Error())
	}
	c.TrustedProxies = proxies
	secure := envOr("PATHWAYS_COOKIE_SECURE", "true")
	if b, err := strconv.ParseBool(secure); err != nil {
		problems = append(problems, fmt.Sprintf("PATHWAYS_COOKIE_SECURE=%q must be true or false", secure))
	} else {
		c.CookieSecure = b
	}
	c.DemoPassword = os.Getenv("PATHWAYS_DEMO_PASSWORD")
	if c.DemoPassword != "" && len([]rune(c.DemoPassword)) < 12 {
		problems = append(problems, "PATHWAYS_DEMO_PASSWORD must be at least 12 characters")
	}
	level := envOr("PATHWAYS_LOG_LEVEL", "info")
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		problems = append(problems, fmt.Sprintf("PATHWAYS_LOG_LEVEL=%q must be debug, info, warn or error", level))
	}
	lag := envOr("PATHWAYS_STATS_LAG_DAYS", "5")
	if n, err := strconv.Atoi(lag); err != nil || n < 0 || n > 60 {
		problems = append(problems, fmt.Sprintf("PATHWAYS_STATS_LAG_DAYS=%q must be a whole number of days from 0 to 60", lag))
	} else {
		c.StatsLagDays = n
	}
	minPeople := envOr("PATHWAYS_STATS_MIN_PEOPLE", "10")
	if n, err := strconv.Atoi(minPeople); err != nil || n < 5 || n > 1000 {
		problems = append(problems, fmt.Sprintf("PATHWAYS_STATS_MIN_PEOPLE=%q must be a whole number from 5 to 1000", minPeople))
	} else {
		c.StatsMinPeople = n
	}
	for _, gone := range []string{"PATHWAYS_MIN_CELL", "PATHWAYS_SUPPRESS_ZERO"} {
		if os.Getenv(gone) != "" {
			problems = append(problems, gone+" is no longer read: statistics are perturbed (the threshold is part of the perturbation table, domain/ptable.csv); unset it, and see PATHWAYS_STATS_MIN_PEOPLE and PATHWAYS_STATS_LAG_DAYS")
		}
	}
	c.AuditKeyPath = os.Getenv("PATHWAYS_AUDIT_KEY")
	if c.AuditKeyPath != "" {
		key, err := loadAuditKey(c.AuditKeyPath)
		if err != nil {
			problems = append(problems, err.Error())
		}
		c.AuditKey = key
	}
	c.CheckpointDir = envOr("PATHWAYS_CHECKPOINT_DIR", filepath.Join(".data", "checkpoints"))
	interval := envOr("PATHWAYS_CHECKPOINT_INTERVAL", "5m")
	if d, err := time.ParseDuration(interval); err != nil || d < time.Second || d > 24*time.Hour {
		problems = append(problems, fmt.Sprintf("PATHWAYS_CHECKPOINT_INTERVAL=%q must be a duration from 1s to 24h, e.g. 5m", interval))
	} else {
		c.CheckpointInterval = d
	}
	if keys, err := parsePublicKeys(os.Getenv("PATHWAYS_AUDIT_PUBLIC_KEYS")); err != nil {
		problems = append(problems, "PATHWAYS_AUDIT_PUBLIC_KEYS: "+err.Error())
	} else {
		c.AuditPublicKeys = keys
	}
	secret, err := loadSecret()
	if err != nil {
		problems = append(problems, err.Error())
	}
	c.Secret = secret
	if len(problems) > 0 {
		return c, errors.New("configuration:\n  - " + strings.Join(problems, "\n  - "))
	}
	return c, nil
}

// parseTrustedProxies reads PATHWAYS_TRUSTED_PROXIES: reverse proxies as addresses or CIDR
// networks, separated by commas. Empty trusts none.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(item); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		} else {
			bad = append(bad, strconv.Quote(item))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("PATHWAYS_TRUSTED_PROXIES holds %s: give reverse proxies as addresses or CIDR networks separated by commas (e.g. 10.0.0.5,192.168.1.0/24), or leave it empty when no proxy stands in front", strings.Join(bad, ", "))
	}
	return out, nil
}

// loadSecret reads PATHWAYS_SECRET (hex, at least 32 bytes). Unset, it is generated once
// and kept in .data/secret, which suits development; production sets it.
func loadSecret() ([]byte, error) {
	if v := os.Getenv("PATHWAYS_SECRET"); v != "" {
		b, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil || len(b) < 32 {
			return nil, errors.New("PATHWAYS_SECRET must be at least 64 hex characters (32 bytes); make one with: openssl rand -hex 32")
		}
		return b, nil
	}
	path := filepath.Join(".data", "secret")
	if b, err := os.ReadFile(path); err == nil {
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 32 {
			return nil, fmt.Errorf("%s is damaged: remove it (pseudonym look-ups made with it will no longer match) or set PATHWAYS_SECRET", path)
		}
		return k, nil
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(".data", 0o700); err != nil {
		return nil, fmt.Errorf("PATHWAYS_SECRET is not set and .data/ cannot be created to keep one: %w", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("PATHWAYS_SECRET is not set and %s cannot be written: %w", path, err)
	}
	return k, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// logValue shows the configuration with secrets masked.
func (c config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", maskDatabaseURL(c.DatabaseURL)),
		slog.String("addr", c.Addr),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.String("secret", "(set, masked)"),
		slog.Bool("cookie_secure", c.CookieSecure),
		slog.Int("stats_lag_days", c.StatsLagDays),
		slog.Int("stats_min_people", c.StatsMinPeople),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("audit_key", c.auditKeyLog()),
		slog.String("checkpoint_dir", c.CheckpointDir),
		slog.Duration("checkpoint_interval", c.CheckpointInterval),
	)
}

// auditKeyLog names the key file and its public half, never the private key.
func (c config) auditKeyLog() string {
	if c.AuditKey == nil {
		return "(unset: audit checkpoints are off)"
	}
	return fmt.Sprintf("%s (public key %x)", c.AuditKeyPath, []byte(c.AuditKey.Public().(ed25519.PublicKey)))
}

// maskDatabaseURL hides every password a connection string can carry: in the user part,
// and in the query (password=, sslpassword=). Anything that is not a readable postgres://
// URL is hidden whole, since a key=value string may hold a password anywhere.
func maskDatabaseURL(s string) string {
	if s == "" {
		return "(unset)"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "(set, not a postgres:// URL: masked)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
