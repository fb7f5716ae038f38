package seed

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"pathways/domain"
	"pathways/domain/postgres"
)

// Phases of a synthetic run, as Progress names them.
const (
	PhaseGenerate = "generate" // cases simulated in memory
	PhaseWrite    = "write"    // cases written (committed)
	PhaseSettle   = "settle"   // summaries folded, tables vacuumed and analysed (0 or 1 of 1)
)

// SyntheticSpec says how many synthetic cases to add and how.
type SyntheticSpec struct {
	Cases     int
	BatchSize int    // cases per transaction; default 2000 (group sessions form within a batch)
	Workers   int    // concurrent COPY connections; default 2
	Seed      uint64 // random seed; 0 draws one from the clock
	// Progress, when set, is called as each phase advances (PhaseGenerate, PhaseWrite:
	// cases so far of spec.Cases; PhaseSettle: 0 then 1 of 1). Calls never overlap.
	Progress func(phase string, done, total int)
}

// SyntheticResult reports what a synthetic run wrote and where its time went.
type SyntheticResult struct {
	Country    string
	Facilities int
	Rows       Counts
	// Took is the time spent in each phase (PhaseGenerate and the copy of each table,
	// "copy <table>", summed over the workers; PhaseSettle).
	Took map[string]time.Duration
}

// Synthetic adds spec.Cases generated cases, with proportionate records, for load and
// statistics work. It uses the facilities of the country XA when there are any, or else
// makes its own country XS with prisons, probation offices, a programme and staff who cannot
// sign in. Batches are written by BulkLoad, a transaction each, by a few connections at
// once; the store settles the tables afterwards (SettleAfterBulkLoad) and one audit event
// summarises the run. Running it again adds more cases. Invalid when spec.Cases < 1.
func Synthetic(ctx context.Context, db *postgres.DB, spec SyntheticSpec) (SyntheticResult, error) {
	res := SyntheticResult{Rows: Counts{}, Took: map[string]time.Duration{}}
	if spec.Cases <= 0 {
		return res, domain.Invalid(domain.FieldProblem{Field: "cases", Reason: "min", Detail: "at least one case"})
	}
	spec = withDefaults(spec)
	sys := domain.System("seed")
	w, err := ensureSyntheticWorld(ctx, db, sys)
	if err != nil {
		return res, err
	}
	res.Country, res.Facilities = w.country, len(w.facilities)
	g, err := newGenerator(ctx, db, rand.New(rand.NewPCG(spec.Seed, 0x5eed)), time.Now(), w.programmes)
	if err != nil {
		return res, err
	}
	g.seqIDs = true
	runErr := runBatches(ctx, db, g, w, spec, &res)
	if runErr == nil {
		runErr = settle(ctx, db, spec, &res)
	}
	outcome := domain.OutcomeSuccess
	if runErr != nil {
		outcome = domain.OutcomeFailure
	}
	ev := domain.NewAuditEvent(sys, "seed.synthetic", "seed", "", outcome)
	ev.Details = detailsJSON(map[string]any{"country": res.Country, "cases_requested": spec.Cases, "cases": res.Rows["cases"],
		"events": res.Rows.Events(), "users_created": w.usersCreated})
	if err := db.Audit(context.WithoutCancel(ctx), ev); err != nil && runErr == nil {
		runErr = err
	}
	return res, runErr
}

func withDefaults(spec SyntheticSpec) SyntheticSpec {
	if spec.BatchSize <= 0 {
		spec.BatchSize = 2000
	}
	if spec.Workers <= 0 {
		spec.Workers = 2
	}
	if spec.Seed == 0 {
		spec.Seed = uint64(time.Now().UnixNano())
	}
	if spec.Progress == nil {
		spec.Progress = func(string, int, int) {}
	}
	return spec
}

// runBatches generates batches on one goroutine and writes them on spec.Workers others.
func runBatches(ctx context.Context, db *postgres.DB, g *generator, w *syntheticWorld, spec SyntheticSpec, res *SyntheticResult) error {
	eg, ctx := errgroup.WithContext(ctx)
	batches := make(chan *batch, 1)
	var mu sync.Mutex // res and spec.Progress
	eg.Go(func() error {
		defer close(batches)
		for done := 0; done < spec.Cases; {
			start := time.Now()
			b := newBatch()
			for range min(spec.BatchSize, spec.Cases-done) {
				g.simulate(g.syntheticPlan(w.facilities), b)
			}
			b.finish()
			done += b.cases
			mu.Lock()
			res.Took[PhaseGenerate] += time.Since(start)
			spec.Progress(PhaseGenerate, done, spec.Cases)
			mu.Unlock()
			select {
			case batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	written := 0
	for range spec.Workers {
		eg.Go(func() error {
			for b := range batches {
				counts, err := db.BulkLoad(ctx, &b.BulkBatch, postgres.BulkOptions{Observe: func(table string, _ int64, took time.Duration) {
					mu.Lock()
					res.Took["copy "+table] += took
					mu.Unlock()
				}})
				if err != nil {
					return err
				}
				mu.Lock()
				res.Rows.add(counts)
				written += b.cases
				spec.Progress(PhaseWrite, written, spec.Cases)
				mu.Unlock()
			}
			return nil
		})
	}
	return eg.Wait()
}

func settle(ctx context.Context, db *postgres.DB, spec SyntheticSpec, res *SyntheticResult) error {
	start := time.Now()
	spec.Progress(PhaseSettle, 0, 1)
	err := db.SettleAfterBulkLoad(context.WithoutCancel(ctx))
	res.Took[PhaseSettle] = time.Since(start)
	spec.Progress(PhaseSettle, 1, 1)
	return err
}

// newGenerator makes a generator for the day of now with the catalogues, the pseudonyms in
// use and the programmes' follow-up schedules.
func newGenerator(ctx context.Context, db *postgres.DB, r *rand.Rand, now time.Time, programmes []domain.Programme) (*generator, error) {
	cat, err := db.LoadBulkCatalogue(ctx, "pathways-open", "1")
	if err != nil {
		return nil, err
	}
	used, err := db.PseudonymsInUse(ctx)
	if err != nil {
		return nil, err
	}
	g := &generator{r: r, cat: cat, today: dateOnly(now), now: now, pseudonyms: used, followUpMonths: map[id][]int{}}
	for _, p := range programmes {
		months := p.FollowUpMonths
		if len(months) == 0 {
			months = domain.DefaultFollowUpMonths
		}
		g.followUpMonths[mustID(p.ID)] = months
	}
	return g, nil
}

// detailsJSON is an audit event's details.
func detailsJSON(kv map[string]any) string {
	b, err := json.Marshal(kv)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// syntheticPlan draws one case: facility, phase, closure and pending items, in proportions
// like those of a programme that has run for some years.
func (g *generator) syntheticPlan(facs []*facility) casePlan {
	w := make([]float64, len(facs))
	for i, f := range facs {
		w[i] = 1
		if f.custodial() {
			w[i] = 2.5
		}
	}
	f := facs[g.weighted(w...)]
	p := casePlan{fac: f, manager: pick(g, f.managers)}
	if f.custodial() {
		p.phase = domain.Phases[g.weighted(4, 6, 33, 9, 20, 28)]
		if p.phase == domain.PhaseClosed {
			p.closure = []string{"completed", "reoffended_recalled", "withdrawn", "transferred_out", "released_without_programme", "deceased", "other"}[g.weighted(40, 12, 12, 10, 14, 2, 10)]
		}
	} else {
		p.phase = []domain.Phase{domain.PhaseIntake, domain.PhaseAssessment, domain.PhaseIntervention, domain.PhaseClosed}[g.weighted(5, 8, 50, 37)]
		if p.phase == domain.PhaseClosed {
			p.closure = []string{"completed", "withdrawn", "transferred_out", "reoffended_recalled", "deceased", "other"}[g.weighted(50, 20, 15, 8, 2, 5)]
		}
	}
	g.pending(&p)
	return p
}

// pending draws what waits for a supervisor on a synthetic case, and whether it is overdue.
func (g *generator) pending(p *casePlan) {
	switch p.phase {
	case domain.PhaseAssessment:
		p.pendingPlan = g.chance(0.25)
		p.pendingTransition = !p.pendingPlan && g.chance(0.1)
	case domain.PhaseIntervention:
		p.pendingTransition = p.fac.custodial() && g.chance(0.03)
		p.overdue = !p.pendingTransition && g.chance(0.08)
	case domain.PhasePreRelease:
		p.pendingReintegration = g.chance(0.2)
		p.overdue = g.chance(0.05)
	case domain.PhaseReintegration:
		p.overdue = g.chance(0.08)
		switch {
		case g.chance(0.05):
			p.newOffence = "arrest"
		case g.chance(0.02):
			p.newOffence = "charge"
		}
	}
}
