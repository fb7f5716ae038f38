package main

import (
	"context"
	"fmt"
	"log/slog"
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
	acfg := api.Config{CookieSecure: cfg.CookieSecure, Secret: cfg.Secret, StatsLagDays: cfg.StatsLagDays, StatsMinPeople: cfg.StatsMinPeople}
	if dist := frontend.Dist(); api.HasIndex(dist) {
		acfg.Frontend = dist
	} else {
		log.Warn("the web app is not built (frontend/dist is empty): serving the API only; run `make build`")
	}
	srv := api.New(acfg, db, pol, log)

	sealCtx, stopSealing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSealing()
	sealed := make(chan struct{})
	go func() { sealAudit(sealCtx, db, log); close(sealed) }()

	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(cfg.Addr) }()
	log.Info("serving", "url", "http://"+cfg.Addr)
	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C now kills at once
	log.Info("shutting down: finishing requests in flight")
	err = srv.Shutdown(30 * time.Second)
	stopSealing()
	<-sealed
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
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

func migrate(ctx context.Context) error {
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	return postgres.Migrate(ctx, cfg.DatabaseURL, func(v int64, name string) {
		fmt.Printf("applied %05d %s\n", v, name)
	})
}
