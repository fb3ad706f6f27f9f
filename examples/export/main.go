// Command export writes the records of a store back out as progress
// files, so that a platform's data is never locked in.
//
//	go run ./examples/export -db DSN -o DIR [-plan FILE]
//
// DIR must be absent or empty. Each district's records go to <district
// id>.yaml and the city-wide records to _city.yaml, the names the
// recorder uses, every record as written, in the store's order, so that
// a report from DIR is the report from the store (but for the records'
// positions, which name lines instead of rows). Files are created
// exclusively: two district ids that a file system may not tell apart
// (T1 and t1, on macOS or Windows) are an error, never an overwrite.
// After writing, it loads DIR with the plan (the embedded 2025 plan when
// no -plan is given) and checks that every row came back as a record
// entry.
//
// It exits 0 when the files were written (stdout lists them), 1 when the
// store could not be read or written out, and 2 when the command line was
// wrong.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/sqlstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", "", "the store: a SQLite `DSN` file.db or sqlite:PATH, or postgres://user@host/database (required)")
	dir := fs.String("o", "", "the `directory` to write, absent or empty (required)")
	planPath := fs.String("plan", "", "plan `file` to check the files with (default: the embedded 2025 plan)")
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "export: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *dsn == "":
		return usage("-db DSN is required")
	case *dir == "":
		return usage("-o DIR is required")
	}
	if _, err := sqlstore.ParseDSN(*dsn); err != nil {
		return usage("-db: %v", err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "export: "+format+"\n", a...)
		return 1
	}
	plan, probs := cli.Plan(*planPath)
	if probs.HasErrors() {
		fmt.Fprint(stderr, probs)
		return fail("the plan has errors; nothing written")
	}
	store, err := sqlstore.Open(ctx, *dsn, nil)
	if err != nil {
		return fail("%v", err)
	}
	defer store.Close()
	rows, err := store.Rows(ctx)
	if err != nil {
		return fail("%v", err)
	}
	files, err := store.Export(ctx, *dir)
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	if err != nil {
		return fail("%v", err)
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "export: %s holds no records; %s is empty\n", store.DSN(), *dir)
		return 0
	}
	// Every row must come back: a store written meanwhile may hold more
	// rows than were read, never fewer entries than rows.
	led, _ := renewal.LoadProgressFiles(plan, *dir)
	if got := led.Stats().Entries; got < len(rows) {
		return fail("%s holds %d records, but %s gives back only %d", store.DSN(), len(rows), *dir, got)
	}
	return 0
}
