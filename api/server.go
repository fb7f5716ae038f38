// Package api is the HTTP face of Pathways: one routing table (routes.go), middleware, wire
// types and handlers on Fiber v2. It speaks to storage only through the domain's store
// interfaces, never SQL.
package api

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io/fs"
	"log/slog"
	"net/netip"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
	"pathways/policy"
)

// Store is everything the API needs from persistence; domain/postgres.DB implements it.
type Store interface {
	domain.UserStore
	domain.OrganisationStore
	domain.AuthStore
	domain.AdminStore
	domain.AuditStore
	// Statistics.
	domain.StatisticsStore
	// Cases: the case, its lifecycle and the approvals queue.
	domain.CaseStore
	domain.ApprovalStore
	domain.IdempotencyStore
	// Cases: records, catalogues, memorandum mapping.
	domain.CatalogueStore
	domain.AssessmentStore
	domain.PlanStore
	domain.SessionStore
	domain.MilestoneStore
	domain.ReintegrationStore
	domain.FollowUpStore
	domain.ProgressStore
	// Cases after release: releases, follow-up schedules, transfers, consent, re-entry.
	domain.ReleaseStore
	domain.FollowUpPointStore
	domain.TransferStore
	domain.ConsentStore
	domain.ParticipantStore
	// Cases: staff eligible for case teams.
	domain.StaffStore
	// The working day: tasks computed from the records.
	domain.TaskStore
	Audit(ctx context.Context, ev domain.AuditEvent) error
	Ping(ctx context.Context) error
}

// Config holds what the server needs from the environment.
type Config struct {
	CookieSecure   bool
	RequestTimeout time.Duration // per request; default 15s
	BodyLimit      int           // bytes; default 1 MiB
	Frontend       fs.FS         // the built web app (frontend/dist); nil serves none
	// Sign-in attempts (successful ones are given back) are limited per username at one
	// client address (LoginFailuresPerUser, default 10) and per client address
	// (LoginFailuresPerIP, default 50) within LoginWindow (default 15 minutes); past either,
	// 429. Attempts on a username from elsewhere only slow its answers down.
	LoginFailuresPerUser int
	LoginFailuresPerIP   int
	LoginWindow          time.Duration
	// TrustedProxies are the reverse proxies (addresses or networks) whose X-Forwarded-For
	// is believed (PATHWAYS_TRUSTED_PROXIES); none by default, so the client address is the
	// connection's peer. See clientIP.
	TrustedProxies []netip.Prefix
	// Statistics. StatsLagDays: a month is served once this many days have passed after its
	// end (0: from the next day; the current month never). StatsMinPeople: the smallest base
	// of a published rate or median (default 10; see domain.DisclosureRules).
	StatsLagDays   int
	StatsMinPeople int
	// LoginFailureDelay is how much longer each recent failure makes the next sign-in wait
	// (up to ten of them); default 300ms.
	LoginFailureDelay time.Duration
	// Secret keys the HMAC of external references typed at intake (PATHWAYS_SECRET). Left
	// empty, a random one is drawn: duplicates are then found only until the next restart.
	Secret []byte
	// Checkpoints is where the audit chain's signed checkpoints are kept (nil: none are
	// kept); CheckpointKeys are the public keys they may be signed with, and
	// CheckpointInterval how often the server writes one (for auditors' information).
	Checkpoints        domain.CheckpointLog
	CheckpointKeys     []ed25519.PublicKey
	CheckpointInterval time.Duration
}

// Server is the API with its dependencies.
type Server struct {
	cfg      Config
	store    Store
	policy   *policy.Enforcer
	log      *slog.Logger
	validate *validator.Validate
	metrics  *metrics
	app      *fiber.App
	hashing  chan struct{} // caps concurrent password hashes: each takes ~20 MiB and a core
}

// New builds the server and its routes.
func New(cfg Config, store Store, pol *policy.Enforcer, log *slog.Logger) *Server {
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 15 * time.Second
	}
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 1 << 20
	}
	if cfg.LoginFailuresPerUser == 0 {
		cfg.LoginFailuresPerUser = 10
	}
	if cfg.LoginFailuresPerIP == 0 {
		cfg.LoginFailuresPerIP = 50
	}
	if cfg.LoginWindow == 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.LoginFailureDelay == 0 {
		cfg.LoginFailureDelay = 300 * time.Millisecond
	}
	if len(cfg.Secret) == 0 {
		cfg.Secret = make([]byte, 32)
		if _, err := rand.Read(cfg.Secret); err != nil {
			panic(err)
		}
	}
	s := &Server{cfg: cfg, store: store, policy: pol, log: log, validate: newValidator(),
		metrics: newMetrics(), hashing: make(chan struct{}, 2)}
	proxies := make([]string, 0, len(cfg.TrustedProxies))
	for _, p := range cfg.TrustedProxies {
		proxies = append(proxies, p.String())
	}
	s.app = fiber.New(fiber.Config{
		// Fiber believes X-Forwarded-* headers (c.Protocol, c.Hostname, c.IsProxyTrusted) only
		// from these peers. No ProxyHeader is set: Fiber would take the leftmost address of
		// X-Forwarded-For, which the client writes; clientIP reads it from the right.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          proxies,

		AppName:               "pathways",
		ErrorHandler:          s.errorHandler,
		BodyLimit:             cfg.BodyLimit,
		Immutable:             true, // strings from the context outlive the handler safely
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
	})
	s.mount()
	return s
}

// App exposes the Fiber app, for tests (app.Test) and for serving.
func (s *Server) App() *fiber.App { return s.app }

// Listen serves until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown stops accepting connections and waits for in-flight requests up to the timeout.
func (s *Server) Shutdown(timeout time.Duration) error { return s.app.ShutdownWithTimeout(timeout) }
