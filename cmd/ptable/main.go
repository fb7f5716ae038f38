// Command ptable writes the perturbation tables of the statistics' cell-key method to
// domain/ptable.csv from the parameters in domain (CountTableParams, MagnitudeTableParams),
// and with -markdown prints the count table as the README shows it.
//
//	go run ./cmd/ptable              # rewrite domain/ptable.csv
//	go run ./cmd/ptable -markdown    # print the count table for the README
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strings"

	"pathways/domain"
)

func main() {
	out := flag.String("o", "domain/ptable.csv", "where to write the tables")
	md := flag.Bool("markdown", false, "print the count table as a Markdown table instead of writing the file")
	flag.Parse()
	count, err := domain.GeneratePTable(domain.CountTableParams)
	if err != nil {
		fail(err)
	}
	mag, err := domain.GeneratePTable(domain.MagnitudeTableParams)
	if err != nil {
		fail(err)
	}
	num, err := domain.GeneratePTable(domain.NumeratorTableParams)
	if err != nil {
		fail(err)
	}
	if *md {
		fmt.Print(markdown(count))
		return
	}
	if err := os.WriteFile(*out, []byte(domain.FormatPTables(count, mag, num)), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s: count table (%d rows), magnitude table (%d rows), numerator table (%d rows)\n", *out, len(count.Rows), len(mag.Rows), len(num.Rows))
}

// markdown prints the count table: for each true count below the cap the probability of
// each published value, in percent; then the cap's row (every larger count's) by
// perturbation.
func markdown(t *domain.PTable) string {
	p := t.Params
	pct := func(x float64) string {
		if 100*x >= 0.1 {
			return fmt.Sprintf("%.1f", 100*x)
		}
		return fmt.Sprintf("%.3f", 100*x)
	}
	maxJ := t.Cap() - 1 + int(p.D)
	var b strings.Builder
	b.WriteString("| true count | published 0 |")
	for j := p.JS + 1; j <= maxJ; j++ {
		fmt.Fprintf(&b, " %d |", j)
	}
	b.WriteString("\n|---|---|")
	for j := p.JS + 1; j <= maxJ; j++ {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for i, row := range t.Rows[:t.Cap()] {
		fmt.Fprintf(&b, "| %d |", i)
		for j := 0; j <= maxJ; j++ {
			if j > 0 && j <= p.JS {
				continue
			}
			cell := ""
			for _, e := range row {
				if int(math.Round(float64(i)+e.V)) == j {
					cell = pct(e.P)
				}
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n| true count %d or more: perturbation |", t.Cap())
	row := t.Rows[t.Cap()]
	for _, e := range row {
		fmt.Fprintf(&b, " %+g |", e.V)
	}
	b.WriteString("\n|---|")
	for range row {
		b.WriteString("---|")
	}
	b.WriteString("\n| probability (%) |")
	for _, e := range row {
		fmt.Fprintf(&b, " %s |", pct(e.P))
	}
	b.WriteString("\n")
	return b.String()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ptable:", err)
	os.Exit(1)
}
