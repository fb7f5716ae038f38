// Command pathways is the whole system in one binary: the API and web app server, and the
// administrative commands around it.
//
//	pathways [serve]                 serve the API and web app (default)
//	pathways migrate                 apply database migrations
//	pathways seed --demo             load demonstration data once
//	pathways seed --synthetic N      add N generated cases (bulk, with a progress bar)
//	pathways user add …              create a user (password from the terminal or stdin)
//	pathways audit verify            check the audit trail's hash chain (and its checkpoints)
//	pathways audit seal              seal committed audit events and write a checkpoint (cron)
//	pathways audit keygen -out FILE  make the key that signs audit checkpoints
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: pathways <command>

commands:
  serve                 serve the API and web app (default)
  migrate               apply database migrations
  seed --demo           load demonstration data (once; a second run does nothing)
  seed --synthetic N    add N generated cases with their records, for load and statistics work
  user add              create a user; see 'pathways user add -h'
  audit verify          check the audit trail's hash chain; exit 1 if broken
                        (-checkpoints DIR [-public-key HEX]: and hold it against signed checkpoints)
  audit seal            seal committed audit events, and checkpoint the head if a key is set (cron)
  audit keygen -out F   make the Ed25519 key that signs audit checkpoints; prints its public key

configuration (environment):
  DATABASE_URL            PostgreSQL connection string (required)
  PATHWAYS_ADDR           listen address (default 127.0.0.1:8080)
  PATHWAYS_SECRET         64+ hex chars: key for pseudonym look-ups (default: kept in .data/secret)
  PATHWAYS_COOKIE_SECURE  true unless serving plain http locally (default true)
  PATHWAYS_DEMO_PASSWORD  demo users' password for seed --demo (default: random, printed)
  PATHWAYS_STATS_LAG_DAYS    statistics: days after a month ends before it is served (default 5)
  PATHWAYS_STATS_MIN_PEOPLE  statistics: smallest base of a published rate or median (default 10)
  PATHWAYS_LOG_LEVEL      debug, info, warn, error (default info)
  PATHWAYS_AUDIT_KEY      Ed25519 key file (PEM) signing audit checkpoints (default: none, checkpoints off)
  PATHWAYS_CHECKPOINT_DIR where checkpoints are written, one file each (default .data/checkpoints)
  PATHWAYS_CHECKPOINT_INTERVAL  how often the server checkpoints a moved head (default 5m)
  PATHWAYS_AUDIT_PUBLIC_KEYS    earlier checkpoint keys (hex) still trusted after a rotation
`

func main() {
	cmd, args := "serve", os.Args[1:]
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, stop)
	case "migrate":
		err = migrate(ctx)
	case "seed":
		err = seed(ctx, args)
	case "user":
		err = userCmd(ctx, args)
	case "audit":
		err = auditCmd(ctx, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "pathways: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pathways:", err)
		os.Exit(1)
	}
}

func newLogger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
