// Command import checks progress files and workbooks and puts their
// records in a store: a SQLite file or a PostgreSQL database.
//
//	go run ./examples/import -db DSN [-plan FILE] -progress PATH [-progress PATH]... [-by NAME] [-lang zh|en]
//
// DSN is a SQLite file ending in .db (made if need be), sqlite:PATH, or
// postgres://user@host:port/database. The files are read as a report
// reads them (-progress paths are files, workbooks or directories, with
// the embedded 2025 plan when no -plan is given) and checked with the
// records of the store; then every record is added, as written,
// duplicates included, so that the store gives the same report and the
// same warnings as the files. It is all or nothing: with any error
// nothing is written.
//
// It exits 0 when the records were added (warnings go to stderr; stdout
// says how many and in which rows), 1 with every problem on stderr, one a
// line as file:line:column: message, and a last line that begins
// "import: ", when the input had errors or the store could not be
// written, and 2 when the command line was wrong. Problems and messages
// are in the language of -lang, Chinese by default.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"strings"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/internal/escape"
	"github.com/citybureau/renewal/sqlstore"
	_ "github.com/citybureau/renewal/xlsx" // reads workbooks among -progress paths
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", "", "the store: a SQLite `DSN` file.db or sqlite:PATH, or postgres://user@host/database (required)")
	planPath := fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	var progress paths
	fs.Var(&progress, "progress", "progress file, workbook or directory `path` to import; repeat for more (required)")
	by := fs.String("by", currentUser(), "who imports, kept with each record (`name`)")
	langFlag := fs.String("lang", "zh", "`language` of the problems: zh or en")
	// The messages in the language of -lang; one about -lang itself in
	// Chinese, the default.
	var lang renewal.Lang
	usage := func(code renewal.Code, a ...any) int {
		fmt.Fprintln(stderr, escape.OneLine("import: "+code.Text(lang, a...)))
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
		return usage(renewal.CodeUnexpectedArgumentPaths, fs.Arg(0))
	case *dsn == "":
		return usage(renewal.CodeDBRequired)
	case len(progress) == 0:
		return usage(renewal.CodeImportProgressRequired)
	}
	if _, err := sqlstore.ParseDSN(*dsn); err != nil {
		return usage(renewal.CodeDBInvalid, err)
	}
	fail := func(code renewal.Code, a ...any) int {
		fmt.Fprintln(stderr, escape.OneLine("import: "+code.Text(lang, a...)))
		return 1
	}
	// errors ends an import refused for n errors: one, with none, for 1.
	errs := func(n int, many, one renewal.Code) int {
		if n == 1 {
			return fail(one)
		}
		return fail(many, n)
	}
	printProblems := func(w io.Writer, probs renewal.Problems) { printProblems(w, probs, lang) }

	plan, probs := cli.Plan(*planPath)
	printProblems(stderr, probs)
	if probs.HasErrors() {
		return errs(len(probs.Errors()), renewal.CodeImportErrorsPlan, renewal.CodeImportErrorsPlanOne)
	}
	loader := &renewal.Loader{}
	entries, read := loader.ReadEntryFiles(ctx, plan, progress...)
	if d, _ := sqlstore.ParseDSN(*dsn); d.Engine == sqlstore.SQLite && !exists(d.Path) {
		// A new store: check the entries before the file is made, so that
		// a refused import leaves no file behind.
		if all := sqlstore.Check(ctx, loader, plan, entries, read); all.HasErrors() {
			printProblems(stderr, all)
			return errs(len(all.Errors()), renewal.CodeImportErrorsProgress, renewal.CodeImportErrorsProgressOne)
		}
	}
	store, err := sqlstore.Open(ctx, *dsn, &sqlstore.Options{Create: true})
	if err != nil {
		printProblems(stderr, read)
		fmt.Fprintln(stderr, escape.OneLine("import: "+err.Error()))
		return 1
	}
	defer store.Close()
	store.Loader = loader
	res, err := store.Import(ctx, plan, *by, entries, read)
	if res != nil {
		printProblems(stderr, res.Problems)
	}
	switch {
	case errors.Is(err, sqlstore.ErrRefused):
		return errs(len(res.Problems.Errors()), renewal.CodeImportErrorsProgress, renewal.CodeImportErrorsProgressOne)
	case err != nil:
		return fail(renewal.CodeNothingImported, err)
	case len(res.At) == 0:
		fmt.Fprintf(stdout, "no records to import into %s\n", store.DSN())
	default:
		fmt.Fprintf(stdout, "imported %s into %s: rows %s to %s\n", count(len(res.At), "record"), store.DSN(), res.At[0], res.At[len(res.At)-1])
	}
	return 0
}

// exists reports whether there is a file at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// currentUser is the name of the user running the program, or "".
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// printProblems writes problems one a line in lang through one buffer.
func printProblems(w io.Writer, probs renewal.Problems, lang renewal.Lang) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for _, p := range probs {
		line = cli.AppendProblem(line[:0], p, lang)
		bw.Write(append(line, '\n'))
	}
	bw.Flush()
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
