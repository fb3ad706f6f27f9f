// Command record adds one progress record to a progress directory, safely
// when others write at the same time.
//
//	go run ./examples/record [-plan FILE] (-progress DIR | -db DSN) -target ID [-district ID]
//	                         -date YYYY-MM-DD (-value V | -numerator N -denominator D | -done YYYY-MM-DD)
//	                         [-unit U] [-note TEXT] [-correction REASON] [-source TEXT]
//	                         [-file PATH] [-wait DURATION] [-create]
//
// The record is checked against the plan (the embedded 2025 plan with no
// -plan) and the directory's records, under the file's lock, and
// appended to -file as a new document. -file is a path inside DIR,
// relative to it (2025/10.yaml is DIR/2025/10.yaml); by default it is
// the district's file in DIR (tinghu.yaml), or _city.yaml for a
// city-wide record. Its name ends in .yaml or .yml and is none that a
// load skips (~$…, ._…), so that the report reads what was recorded. DIR,
// and the folders of -file, must exist unless -create is given: a
// mistyped directory is an error, not a new empty one. With -create they
// are made, and only when the record is written. A read-only file (mode
// 0444) is refused, not replaced.
//
// It exits 0 and prints the new record's file:line:column (warnings go to
// stderr), 1 with every problem and nothing written (or when another
// writer holds the lock for longer than -wait), and 2 when the command
// line is wrong. Every message is one line: a line break or control
// character in a path is escaped.
//
// With -db DSN instead of -progress, the record goes into a store (a
// SQLite file.db or sqlite:PATH, made if need be, or postgres://…; see
// package sqlstore), checked and added in one transaction under the
// store's lock, and the program prints its row, records#ID. A record the
// store holds already (the same target, district, date and figures) is
// not added again: the program prints that row and says so on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/internal/escape"
	"github.com/citybureau/renewal/progressfile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and output streams; it returns
// the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	o, code, ok := parseArgs(args, stderr)
	if !ok {
		return code
	}
	if o.db != "" {
		return recordDB(o, stdout, stderr)
	}
	return appendEntry(o, stdout, stderr)
}

// options are the command line once checked: the plan, where to write,
// and the entry to append.
type options struct {
	planPath, dir, file, source string
	db                          string // the store's DSN, instead of dir
	wait                        time.Duration
	create                      bool
	entry                       renewal.Entry
}

// parseArgs reads and checks the command line. When it is wrong, or
// asks for help, it returns ok false and the exit code, usage written
// to stderr.
func parseArgs(args []string, stderr io.Writer) (o options, code int, ok bool) {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	planPath := fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	dir := fs.String("progress", "", "progress `directory` (required)")
	target := fs.String("target", "", "target `id` (required)")
	district := fs.String("district", "", "district `id`; none for a city-wide record")
	dateFlag := fs.String("date", "", "the record's `date`, YYYY-MM-DD (required)")
	value := fs.String("value", "", "a count or level `figure`, such as 14, 18.5 or 85%")
	num := fs.String("numerator", "", "a ratio's numerator `figure`")
	den := fs.String("denominator", "", "a ratio's denominator `figure`")
	doneFlag := fs.String("done", "", "the `date` a milestone was done, YYYY-MM-DD")
	unit := fs.String("unit", "", "the `unit` the figure is written in, when not the target's")
	note := fs.String("note", "", "a `note`")
	correction := fs.String("correction", "", "the `reason` this record replaces the one of the same date")
	source := fs.String("source", "", "who reports (`text`)")
	file := fs.String("file", "", "the progress `file` to add to, a path inside DIR relative to it (default: DISTRICT.yaml, or "+progressfile.CityFile+")")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for another writer")
	db := dbFlag(fs)
	create := fs.Bool("create", false, "make DIR and the folders of -file if they do not exist (default: an error)")
	usage := func(format string, a ...any) (options, int, bool) {
		fmt.Fprintln(stderr, escape.OneLine(fmt.Sprintf("record: "+format, a...)))
		fs.Usage()
		return options{}, 2, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return options{}, 0, false
		}
		return options{}, 2, false
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *dir == "" && *db == "":
		return usage("-progress DIR is required (or -db DSN)")
	case *target == "":
		return usage("-target ID is required")
	case *dateFlag == "":
		return usage("-date YYYY-MM-DD is required")
	}
	if msg := checkDB(*db, *dir, *file); msg != "" {
		return usage("%s", msg)
	}
	figures := 0
	for _, given := range []bool{*value != "", *num != "" || *den != "", *doneFlag != ""} {
		if given {
			figures++
		}
	}
	if figures != 1 {
		return usage("give one of -value, -numerator and -denominator, or -done")
	}
	if (*num != "") != (*den != "") {
		return usage("-numerator and -denominator go together")
	}
	e := renewal.Entry{Target: *target, District: *district, Value: *value, Numerator: *num, Denominator: *den,
		Unit: *unit, Note: *note, Correction: *correction}
	var err error
	if e.Date, err = renewal.ParseDate(*dateFlag); err != nil {
		return usage("-date: %v", err)
	}
	if *doneFlag != "" {
		if e.Done, err = renewal.ParseDate(*doneFlag); err != nil {
			return usage("-done: %v", err)
		}
	}
	return options{planPath: *planPath, dir: *dir, file: *file, source: *source, wait: *wait, create: *create, entry: e, db: *db}, 0, true
}

// place returns the file to append to, -file read relative to the
// directory, and checks that the folders it needs exist, unless -create.
func place(o options) (string, error) {
	file := o.file
	if file != "" && !filepath.IsAbs(file) {
		file = filepath.Join(o.dir, file)
	}
	if o.create {
		return file, nil
	}
	info, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("the progress directory %s does not exist; nothing was written (-create makes it)", o.dir)
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", fmt.Errorf("the progress directory %s is not a directory; nothing was written", o.dir)
	}
	if file != "" {
		if _, err := os.Stat(filepath.Dir(file)); errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("the folder %s of -file does not exist; nothing was written (-create makes it)", filepath.Dir(file))
		}
	}
	return file, nil
}

// appendEntry loads the plan and appends the entry of o, printing where it
// went to stdout and the problems to stderr; it returns the exit code.
func appendEntry(o options, stdout, stderr io.Writer) int {
	file, err := place(o)
	if err != nil {
		fmt.Fprintln(stderr, escape.OneLine("record: "+err.Error()))
		return 1
	}
	plan, probs := cli.Plan(o.planPath)
	if probs.HasErrors() {
		fmt.Fprint(stderr, probs)
		fmt.Fprintln(stderr, "record: the plan has errors; nothing written")
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.wait)
	defer cancel()
	w := &progressfile.Writer{Plan: plan, Dir: o.dir}
	res, err := w.Append(ctx, file, o.source, o.entry)
	if res != nil {
		fmt.Fprint(stderr, res.Problems)
	}
	if err != nil {
		fmt.Fprintln(stderr, escape.OneLine("record: "+err.Error()))
		return 1
	}
	fmt.Fprintln(stdout, res.At[0])
	return 0
}
