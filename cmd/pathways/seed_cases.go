package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"pathways/domain/postgres"
)

func init() { demoSteps = append(demoSteps, seedDemoCases) }

// seedDemoCases adds the demo cases, and the extra demo staff they need, in one transaction.
func seedDemoCases(ctx context.Context, db *postgres.DB, w demoWorld) error {
	counts, err := db.SeedDemoCases(ctx, postgres.DemoSpec{
		Today:         time.Now().UTC(),
		PasswordHash:  w.passwordHash,
		Northgate:     w.facilities["northgate"].ID,
		Riverside:     w.facilities["riverside"].ID,
		Harbour:       w.facilities["harbour"].ID,
		ProgrammeXA:   w.programmes["xa"].ID,
		ProgrammeXB:   w.programmes["xb"].ID,
		Supervisor:    w.users["supervisor"].ID,
		Practitioner:  w.users["practitioner"].ID,
		Practitioner2: w.users["practitioner2"].ID,
	})
	if err != nil {
		return err
	}
	if counts == nil {
		return nil
	}
	var staff []string
	for _, s := range postgres.DemoStaff {
		staff = append(staff, s.Username)
	}
	fmt.Printf("demo cases: %d cases, %d recorded events. More demo staff: %s\n",
		counts["cases"], counts.Events(), strings.Join(staff, ", "))
	return nil
}

// seedSynthetic adds n generated cases, showing progress on stderr: a bar on a terminal,
// plain lines every few seconds otherwise (logs, CI).
func seedSynthetic(ctx context.Context, db *postgres.DB, n, batch int) error {
	start := time.Now()
	var progress func(done int)
	var bar *progressbar.ProgressBar
	if term.IsTerminal(int(os.Stderr.Fd())) {
		bar = progressbar.NewOptions(n,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("synthetic cases"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("cases"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionFullWidth(),
		)
		last := 0
		progress = func(done int) {
			_ = bar.Add(done - last)
			last = done
		}
	} else {
		var lastPrint time.Time
		progress = func(done int) {
			if done == n || time.Since(lastPrint) >= 5*time.Second {
				lastPrint = time.Now()
				el := time.Since(start)
				fmt.Fprintf(os.Stderr, "synthetic: %d/%d cases (%.0f%%) in %s, %.0f cases/s\n",
					done, n, 100*float64(done)/float64(n), el.Round(time.Second), float64(done)/el.Seconds())
			}
		}
	}
	res, err := db.SeedSynthetic(ctx, postgres.SyntheticSpec{Cases: n, BatchSize: batch, Workers: workersFromEnv(), Progress: progress})
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Printf("synthetic: %d cases in %s (country %s, %d facilities), %d recorded events, %.0f rows/s\n",
		res.Rows["cases"], el.Round(time.Millisecond), res.Country, res.Facilities, res.Rows.Events(), float64(total(res.Rows))/el.Seconds())
	var tables []string
	for t := range res.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Printf("  %-22s %12d\n", t, res.Rows[t])
	}
	return nil
}

func total(c postgres.SeedCounts) int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// workersFromEnv: PATHWAYS_SEED_WORKERS sets the number of COPY connections (default 2).
func workersFromEnv() int {
	n, _ := strconv.Atoi(os.Getenv("PATHWAYS_SEED_WORKERS"))
	return n
}
