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
	seeding "pathways/domain/postgres/seed"
)

func init() { demoSteps = append(demoSteps, seedDemoCases) }

// seedDemoCases adds the demo cases, and the extra demo staff they need, in one transaction.
func seedDemoCases(ctx context.Context, db *postgres.DB, w demoWorld) error {
	counts, err := seeding.Demo(ctx, db, seeding.DemoSpec{
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
	for _, s := range seeding.DemoStaff {
		staff = append(staff, s.Username)
	}
	fmt.Printf("demo cases: %d cases, %d recorded events. More demo staff: %s\n",
		counts["cases"], counts.Events(), strings.Join(staff, ", "))
	return nil
}

// seedSynthetic adds n generated cases, showing the progress of each phase on stderr: a bar
// per phase on a terminal, plain lines every few seconds otherwise (logs, CI). It ends with
// the time each phase took.
func seedSynthetic(ctx context.Context, db *postgres.DB, n, batch int) error {
	start := time.Now()
	progress := phaseProgress(n, start)
	res, err := seeding.Synthetic(ctx, db, seeding.SyntheticSpec{Cases: n, BatchSize: batch, Workers: workersFromEnv(), Progress: progress.report})
	progress.finish()
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Printf("synthetic: %d cases in %s (country %s, %d facilities), %d recorded events, %.0f rows/s\n",
		res.Rows["cases"], el.Round(time.Millisecond), res.Country, res.Facilities, res.Rows.Events(), float64(total(res.Rows))/el.Seconds())
	printSorted(res.Rows, func(t string, v int64) { fmt.Printf("  %-22s %12d\n", t, v) })
	fmt.Println("time by phase (copies summed over the connections):")
	printSorted(res.Took, func(t string, d time.Duration) { fmt.Printf("  %-28s %10s\n", t, d.Round(time.Millisecond)) })
	return nil
}

// phases shows each phase's progress: a bar per phase on a terminal, lines otherwise.
type phases struct {
	n       int
	start   time.Time
	tty     bool
	bar     *progressbar.ProgressBar
	current string
	last    int
	printed time.Time
}

func phaseProgress(n int, start time.Time) *phases {
	return &phases{n: n, start: start, tty: term.IsTerminal(int(os.Stderr.Fd()))}
}

func (p *phases) report(phase string, done, total int) {
	if phase != p.current {
		p.finish()
		p.current, p.last = phase, 0
		if p.tty {
			p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription(phase),
				progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionThrottle(200*time.Millisecond),
				progressbar.OptionSetPredictTime(true), progressbar.OptionFullWidth())
		}
	}
	if p.bar != nil {
		_ = p.bar.Add(done - p.last)
		p.last = done
		return
	}
	if done == total || time.Since(p.printed) >= 5*time.Second {
		p.printed = time.Now()
		el := time.Since(p.start)
		fmt.Fprintf(os.Stderr, "synthetic %s: %d/%d (%.0f%%) at %s\n", phase, done, total, 100*float64(done)/float64(max(total, 1)), el.Round(time.Second))
	}
}

func (p *phases) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(os.Stderr)
		p.bar = nil
	}
}

// printSorted prints a map's entries in key order.
func printSorted[V any](m map[string]V, line func(k string, v V)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line(k, m[k])
	}
}

func total(c seeding.Counts) int64 {
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
