package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"pathways/api"
	"pathways/domain/postgres"
	"pathways/frontend"
	"pathways/policy"
)

func serve(ctx context.Context, stop context.CancelFunc) error {
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	log.Info("starting", "config", cfg)
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	pol, err := policy.New()
	if err != nil {
		return err
	}
	acfg := api.Config{CookieSecure: cfg.CookieSecure, Secret: cfg.Secret, StatsLagDays: cfg.StatsLagDays, StatsMinPeople: cfg.StatsMinPeople,
		TrustedProxies: cfg.TrustedProxies}
	if dist := frontend.Dist(); api.HasIndex(dist) {
		acfg.Frontend = dist
	} else {
		log.Warn("the web app is not built (frontend/dist is empty): serving the API only; run `make build`")
	}
	cp, err := newCheckpointer(cfg, db, log)
	if err != nil {
		return err
	}
	if cp != nil {
		acfg.Checkpoints, acfg.CheckpointKeys, acfg.CheckpointInterval = cp.log, cfg.TrustedAuditKeys(), cfg.CheckpointInterval
		log.Info("audit checkpoints", "dir", cfg.CheckpointDir, "every", cfg.CheckpointInterval.String(),
			"public_key", fmt.Sprintf("%x", []byte(cfg.AuditKey.Public().(ed25519.PublicKey))))
	} else {
		log.Warn("audit checkpoints are off (PATHWAYS_AUDIT_KEY is unset): the audit chain is not anchored outside the database")
	}
	srv := api.New(acfg, db, pol, log)

	// Seal at once what earlier runs and command-line writers left, and anchor it, before
	// anything new is written; a database not yet reachable is retried by the loops below.
	if _, err := db.SealAudit(ctx); err != nil {
		log.Error("sealing the audit trail at start", "err", err)
	} else if cp != nil {
		if _, err := cp.write(ctx); err != nil {
			log.Error("audit checkpoint at start", "err", err)
		}
	}
	sealCtx, stopSealing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSealing()
	sealed, forgot := make(chan struct{}), make(chan struct{})
	go func() { sealAudit(sealCtx, db, log); close(sealed) }()
	checkpointed := make(chan struct{})
	go func() {
		if cp != nil {
			cp.loop(sealCtx, cfg.CheckpointInterval)
		}
		close(checkpointed)
	}()
	go func() { forgetIdempotencyKeys(sealCtx, db, log); close(forgot) }()

	errc := make(chan error, 2)
	metrics, err := serveMetrics(cfg.MetricsAddr, srv, errc)
	if err != nil {
		stopSealing()
		<-sealed
		<-checkpointed
		<-forgot
		return err
	}
	go func() { errc <- srv.Listen(cfg.Addr) }()
	log.Info("serving", "url", "http://"+cfg.Addr)
	if metrics != nil {
		log.Info("serving metrics", "url", "http://"+cfg.MetricsAddr+"/metrics")
	}
	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C now kills at once
	log.Info("shutting down: finishing requests in flight")
	err = srv.Shutdown(30 * time.Second)
	if metrics != nil {
		closing, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = metrics.Shutdown(closing) // scrapes are short; one cut off is retried by Prometheus
		cancel()
	}
	stopSealing()
	<-sealed
	<-checkpointed
	<-forgot
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveMetrics serves the Prometheus metrics on their own listener, so the public port never
// shows them. An empty address serves none (nil). The address is bound before anything is
// served, so a port already taken stops the start with a message rather than a server that
// answers a moment and then shuts down; a listener failing later reports on errc, which
// stops the server: metrics silently missing would go unnoticed.
func serveMetrics(addr string, srv *api.Server, errc chan<- error) (*http.Server, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener on %s: %w (set PATHWAYS_METRICS_ADDR to a free host:port, or empty for no metrics)", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", srv.MetricsHandler())
	hs := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("metrics listener on %s: %w", addr, err)
		}
	}()
	return hs, nil
}

// sealAudit gives committed audit events their place in the hash chain a few times a
// second, and once more on the way out so nothing written before shutdown waits for the
// next start.
func sealAudit(ctx context.Context, db *postgres.DB, log *slog.Logger) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if _, err := db.SealAudit(final); err != nil {
				log.Error("sealing the audit trail at shutdown", "err", err)
			}
			cancel()
			return
		case <-tick.C:
			if _, err := db.SealAudit(ctx); err != nil && ctx.Err() == nil {
				log.Error("sealing the audit trail", "err", err)
			}
		}
	}
}

// forgetIdempotencyKeys deletes idempotency keys a day old, with the answers stored under
// them, at start and then every ten minutes until ctx ends.
func forgetIdempotencyKeys(ctx context.Context, db *postgres.DB, log *slog.Logger) {
	for {
		if n, err := db.ForgetIdempotencyKeys(ctx); err != nil && ctx.Err() == nil {
			log.Error("forgetting old idempotency keys", "err", err)
		} else if n > 0 {
			log.Info("forgot old idempotency keys", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Minute):
		}
	}
}

func migrate(ctx context.Context) error {
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	return postgres.Migrate(ctx, cfg.DatabaseURL, func(v int64, name string) {
		fmt.Printf("applied %05d %s\n", v, name)
	})
}
