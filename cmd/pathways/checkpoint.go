package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"time"

	"pathways/domain"
	"pathways/domain/checkpointdir"
)

// chainStore is what the checkpointer needs from the database.
type chainStore interface {
	SealAudit(ctx context.Context) (int, error)
	AuditHead(ctx context.Context) (domain.ChainHead, error)
	AuditHashAt(ctx context.Context, seq int64) ([]byte, error)
}

// checkpointer anchors the audit chain outside the database: it seals what has committed,
// and when the chain's head has moved since the last checkpoint it signs the head with the
// audit key and appends the checkpoint to the checkpoint log. It never signs over a chain
// that no longer holds what the last checkpoint vouched for.
type checkpointer struct {
	db      chainStore
	log     domain.CheckpointLog
	key     ed25519.PrivateKey
	trusted []ed25519.PublicKey
	logger  *slog.Logger
	now     func() time.Time

	loaded bool
	last   *domain.Checkpoint // the newest checkpoint that verifies, once loaded
}

// newCheckpointer is nil when the configuration has no audit key.
func newCheckpointer(cfg config, db chainStore, logger *slog.Logger) (*checkpointer, error) {
	if cfg.AuditKey == nil {
		return nil, nil
	}
	dir, err := checkpointdir.Open(cfg.CheckpointDir)
	if err != nil {
		return nil, err
	}
	return &checkpointer{db: db, log: dir, key: cfg.AuditKey, trusted: cfg.TrustedAuditKeys(), logger: logger,
		now: func() time.Time { return time.Now().UTC() }}, nil
}

// loadLast finds the newest checkpoint that verifies. Files that do not (forged, damaged)
// are logged as errors and passed over: they are evidence for the auditor, not a base.
func (c *checkpointer) loadLast(ctx context.Context) error {
	before := int64(0)
	for {
		page, err := c.log.List(ctx, before, 100)
		if err != nil {
			return err
		}
		for i := range page {
			cp := page[i]
			if err := cp.Verify(c.trusted); err != nil {
				c.logger.Error("audit checkpoint cannot be trusted", "checkpoint", cp.Name, "problem", err.Error())
				continue
			}
			c.last, c.loaded = &cp, true
			return nil
		}
		if len(page) < 100 || page[len(page)-1].Seq <= 1 {
			c.loaded = true
			return nil
		}
		before = page[len(page)-1].Seq
	}
}

// write seals, then writes a checkpoint if the head has moved; it returns the checkpoint
// written, or nil when none was due.
func (c *checkpointer) write(ctx context.Context) (*domain.Checkpoint, error) {
	if _, err := c.db.SealAudit(ctx); err != nil {
		return nil, err
	}
	if !c.loaded {
		if err := c.loadLast(ctx); err != nil {
			return nil, err
		}
	}
	head, err := c.db.AuditHead(ctx)
	if err != nil {
		return nil, err
	}
	var hashAtLast []byte
	if c.last != nil {
		if hashAtLast, err = c.db.AuditHashAt(ctx, c.last.Seq); err != nil {
			return nil, err
		}
	}
	due, err := domain.CheckpointDue(c.last, head, hashAtLast)
	if err != nil || !due {
		return nil, err
	}
	cp := domain.SignCheckpoint(c.key, head.Seq, head.Hash, c.now())
	if err := c.log.Append(ctx, cp); err != nil {
		return nil, err
	}
	cp.Name = checkpointdir.FileName(cp.Seq)
	c.last = &cp
	// The log line is a second copy outside the database, wherever the logs are shipped.
	c.logger.Info("audit checkpoint", "seq", cp.Seq, "head", fmt.Sprintf("%x", cp.Head), "checkpoint", string(cp.Encode()))
	return &cp, nil
}

// loop writes a checkpoint every interval, and a last one when ctx ends (after the final
// seal, so the checkpoint covers everything written before shutdown).
func (c *checkpointer) loop(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if _, err := c.write(final); err != nil {
				c.logger.Error("audit checkpoint at shutdown", "err", err)
			}
			cancel()
			return
		case <-tick.C:
			if _, err := c.write(ctx); err != nil && ctx.Err() == nil {
				c.logger.Error("audit checkpoint", "err", err)
			}
		}
	}
}
