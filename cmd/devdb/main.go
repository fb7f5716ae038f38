// Command devdb starts (or reuses) the private PostgreSQL cluster that `make run` and
// `make test` use when DATABASE_URL is not set, and prints its connection string.
//
//	devdb [-dir .data/pg] [-fast]   start if needed; print the URL on stdout
//	devdb -fresh NAME               the same, with database NAME dropped and made anew
//	devdb -dir .data/pg stop        stop it
//	devdb -dir .data/pg remove      stop it and delete its files, wherever they live
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"pathways/domain/postgres/devpg"
)

func main() {
	dir := flag.String("dir", ".data/pg", "cluster data directory")
	fast := flag.Bool("fast", false, "fsync off: for throwaway test clusters only")
	fresh := flag.String("fresh", "", "drop and create this database, and print its URL instead")
	flag.Parse()
	if cmd := flag.Arg(0); cmd == "stop" || cmd == "remove" {
		stop := devpg.Stop
		if cmd == "remove" {
			stop = devpg.Remove
		}
		if err := stop(*dir); err != nil {
			fmt.Fprintln(os.Stderr, "devdb:", err)
			os.Exit(1)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := devpg.Options{Dir: *dir, Fast: *fast, Fresh: *fresh != "", Log: func(f string, a ...any) {
		fmt.Fprintf(os.Stderr, "devdb: "+f+"\n", a...)
	}}
	if *fresh != "" {
		opts.Database = *fresh
	}
	c, err := devpg.Ensure(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "devdb:", err)
		os.Exit(1)
	}
	fmt.Println(c.URL())
}
