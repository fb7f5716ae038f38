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

// markdown prints, for each true count (the last row standing for every larger one), the
// probability of each published value, in percent.
func markdown(t *domain.PTable) string {
	p := t.Params
	maxJ := t.Cap() + int(p.D)
	var b strings.Builder
	b.WriteString("| true \\ published |")
	for j := 0; j <= maxJ; j++ {
		fmt.Fprintf(&b, " %d |", j)
	}
	b.WriteString("\n|---|")
	for j := 0; j <= maxJ; j++ {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for i, row := range t.Rows {
		label := fmt.Sprint(i)
		if i == t.Cap() {
			label = fmt.Sprintf("%d and more (published n+v)", i)
		}
		fmt.Fprintf(&b, "| %s |", label)
		for j := 0; j <= maxJ; j++ {
			cell := ""
			for _, e := range row {
				if int(math.Round(float64(i)+e.V)) == j {
					cell = fmt.Sprintf("%.1f", 100*e.P)
				}
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ptable:", err)
	os.Exit(1)
}
