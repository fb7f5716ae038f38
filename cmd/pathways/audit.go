package main

import (
	"context"
	"errors"
	"fmt"

	"pathways/domain/postgres"
)

func auditCmd(ctx context.Context, args []string) error {
	if len(args) != 1 || args[0] != "verify" {
		return errors.New("usage: pathways audit verify")
	}
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx, nil)
	if err != nil {
		return err
	}
	if !v.OK {
		return fmt.Errorf("audit trail BROKEN at event %d: %s (%d events verified before it)", v.BrokenAt, v.Problem, v.Checked)
	}
	fmt.Printf("audit trail intact: %d events verified\nchain head: %x (keep a copy elsewhere: a later rewrite of the whole chain would change it)\n", v.Checked, v.Head)
	return nil
}
