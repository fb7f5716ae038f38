package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"pathways/domain"
	"pathways/domain/checkpointdir"
	"pathways/domain/postgres"
)

const auditUsage = `usage:
  pathways audit verify [-checkpoints DIR] [-public-key HEX ...]
  pathways audit seal
  pathways audit keygen -out FILE`

func auditCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(auditUsage)
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:])
	case "seal":
		if len(args) != 1 {
			return errors.New(auditUsage)
		}
		return auditSeal(ctx)
	case "keygen":
		return auditKeygen(args[1:])
	}
	return errors.New(auditUsage)
}

// auditVerify seals what has committed, walks the chain, and holds it against the signed
// checkpoints: those of -checkpoints, or of the configured directory when an audit key is
// configured.
func auditVerify(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	dir := fs.String("checkpoints", "", "directory of signed checkpoints to hold the chain against (default: PATHWAYS_CHECKPOINT_DIR when PATHWAYS_AUDIT_KEY is set)")
	var keys []ed25519.PublicKey
	fs.Func("public-key", "a public key (hex) checkpoints may be signed with; repeat for earlier keys (default: PATHWAYS_AUDIT_KEY's and PATHWAYS_AUDIT_PUBLIC_KEYS)", func(s string) error {
		k, err := parsePublicKeys(s)
		keys = append(keys, k...)
		return err
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(auditUsage)
	}
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	configured := false
	if *dir == "" && cfg.AuditKey != nil {
		*dir, configured = cfg.CheckpointDir, true
	}
	if len(keys) == 0 {
		keys = cfg.TrustedAuditKeys()
	}
	var anchors domain.Anchors
	if st, err := os.Stat(*dir); *dir != "" && (err != nil || !st.IsDir()) {
		if !configured {
			return fmt.Errorf("checkpoint directory %s: not found", *dir)
		}
		// No server has checkpointed yet (or the directory was taken away): say so below.
		fmt.Printf("checkpoints: the configured directory %s does not exist\n", *dir)
		*dir = ""
	}
	if *dir != "" {
		if len(keys) == 0 {
			return errors.New("checking checkpoints needs the public key they were signed with: give -public-key HEX (or set PATHWAYS_AUDIT_KEY)")
		}
		d, err := checkpointdir.Open(*dir)
		if err != nil {
			return err
		}
		if anchors.Checkpoints, err = d.List(ctx, 0, 0); err != nil {
			return err
		}
		anchors.Keys = keys
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx, nil, anchors)
	if err != nil {
		return err
	}
	if !v.OK {
		at := ""
		if v.BrokenAt > 0 {
			at = fmt.Sprintf(" at event %d", v.BrokenAt)
		}
		return fmt.Errorf("audit trail BROKEN%s: %s (%d events verified before it)", at, v.Problem, v.Checked)
	}
	fmt.Printf("audit trail intact: %d events verified\n", v.Checked)
	switch {
	case *dir == "":
		fmt.Println("checkpoints: none checked (give -checkpoints DIR): a chain recomputed by the database's owner would pass")
	case v.Checkpoints == 0:
		fmt.Printf("checkpoints: none in %s: the chain is not anchored\n", *dir)
	default:
		fmt.Printf("checkpoints: %d signed checkpoints match the chain; the latest vouches for event %d, signed %s\n",
			v.Checkpoints, v.Anchored, v.AnchoredAt.Format(time.RFC3339))
	}
	fmt.Printf("chain head: %x\n", v.Head)
	return nil
}

// auditSeal seals what has committed and, with an audit key configured, anchors the head
// in a checkpoint if it moved: the job for cron where no server runs.
func auditSeal(ctx context.Context) error {
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.SealAudit(ctx)
	if err != nil {
		return err
	}
	head, err := db.AuditHead(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("sealed %d events; head: %d %x\n", n, head.Seq, head.Hash)
	cp, err := newCheckpointer(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || cp == nil {
		return err
	}
	written, err := cp.write(ctx)
	switch {
	case err != nil:
		return err
	case written == nil:
		fmt.Println("checkpoint: none needed, the head has not moved since the last one")
	default:
		fmt.Printf("checkpoint written: %s\n", filepath.Join(cfg.CheckpointDir, written.Name))
	}
	return nil
}

// auditKeygen makes a new checkpoint signing key.
func auditKeygen(args []string) error {
	fs := flag.NewFlagSet("audit keygen", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the private key to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New(auditUsage)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o700); err != nil {
		return err
	}
	pub, err := generateAuditKey(*out)
	if err != nil {
		return err
	}
	fmt.Printf("audit checkpoint key written to %s (keep it off the database host's backups; PATHWAYS_AUDIT_KEY=%s)\npublic key: %x\n", *out, *out, []byte(pub))
	return nil
}

// sealBeforeExit seals the events a command wrote, so none waits unsealed (and editable
// unseen by whoever holds the database owner's rights) for the next server or cron run.
func sealBeforeExit(ctx context.Context, db *postgres.DB) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if _, err := db.SealAudit(ctx); err != nil {
		return fmt.Errorf("sealing the audit trail: %w (run `pathways audit seal`)", err)
	}
	return nil
}
