// Command export writes the records of a store back out as progress
// files, so that a platform's data is never locked in.
//
//	go run ./examples/export -db DSN -o DIR [-plan FILE] [-lang zh|en]
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
// wrong. Its own messages and the plan's problems are in the language of
// -lang, Chinese by default.
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
	"github.com/citybureau/renewal/internal/escape"
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
	langFlag := fs.String("lang", "zh", "`language` of the messages: zh or en")
	// The messages in the language of -lang; one about -lang itself in
	// Chinese, the default.
	var lang renewal.Lang
	say := func(code renewal.Code, a ...any) {
		fmt.Fprintln(stderr, escape.OneLine("export: "+code.Text(lang, a...)))
	}
	usage := func(code renewal.Code, a ...any) int {
		say(code, a...)
		fs.Usage()
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	lang, ok := renewal.ParseLang(*langFlag)
	switch {
	case !ok:
		return usage(renewal.CodeLangUnknown, *langFlag)
	case fs.NArg() > 0:
		return usage(renewal.CodeArgumentNotAFlag, fs.Arg(0))
	case *dsn == "":
		return usage(renewal.CodeDBRequired)
	case *dir == "":
		return usage(renewal.CodeExportOutRequired)
	}
	if _, err := sqlstore.ParseDSN(*dsn); err != nil {
		return usage(renewal.CodeDBInvalid, err)
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, escape.OneLine("export: "+err.Error()))
		return 1
	}
	plan, probs := cli.Plan(*planPath)
	if probs.HasErrors() {
		var line []byte
		for _, p := range probs {
			line = append(cli.AppendProblem(line[:0], p, lang), '\n')
			stderr.Write(line)
		}
		say(renewal.CodePlanErrorsNothingWritten)
		return 1
	}
	store, err := sqlstore.Open(ctx, *dsn, nil)
	if err != nil {
		return fail(err)
	}
	defer store.Close()
	rows, err := store.Rows(ctx)
	if err != nil {
		return fail(err)
	}
	files, err := store.Export(ctx, *dir)
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	if err != nil {
		return fail(err)
	}
	if len(files) == 0 {
		say(renewal.CodeStoreEmpty, store.DSN(), *dir)
		return 0
	}
	// Every row must come back: a store written meanwhile may hold more
	// rows than were read, never fewer entries than rows.
	led, _ := renewal.LoadProgressFiles(plan, *dir)
	if got := led.Stats().Entries; got < len(rows) {
		say(renewal.CodeExportLost, store.DSN(), len(rows), *dir, got)
		return 1
	}
	return 0
}
