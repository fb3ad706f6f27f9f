// Command record adds one progress record to a progress directory, safely
// when others write at the same time.
//
//	go run ./examples/record [-plan FILE] (-progress DIR | -db DSN) -target ID|NAME [-district ID|NAME]
//	                         -date YYYY-MM-DD (-value V | -numerator N -denominator D | -done YYYY-MM-DD)
//	                         [-unit U] [-note TEXT] [-correction REASON] [-source TEXT]
//	                         [-file PATH] [-wait DURATION] [-create] [-lang zh|en]
//
// -target and -district take an id or the name the plan declares
// (-district 亭湖区 is -district tinghu); the record is written with the
// id. An id wins over a name; a name two share, or one the plan lacks, is
// a wrong command line, with the nearest id or name.
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
// line is wrong. Problems are written in the language of -lang, Chinese
// by default. A refused record's problems are named as the new record's
// ("新记录：…", "the new record: …"), not by a line never written, and a
// conflict with a record of the same date says to give -correction. A
// record the directory holds already (the same target, district, date
// and figures, in any file) is not written again: the program prints
// that record's file:line:column, says so on stderr, and exits 0. Every
// message is one line: a line break or control character in a path is
// escaped.
//
// With -db DSN instead of -progress, the record goes into a store (a
// SQLite file.db or sqlite:PATH, made if need be, or postgres://…; see
// package sqlstore), checked and added in one transaction under the
// store's lock, and the program prints its row, records#ID. A record the
// store holds already (the same target, district, date and figures) is
// not added again: the program prints that row and says so on stderr,
// as it does for a directory.
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
	if o.db == "" {
		if _, err := place(o); err != nil { // before the plan: a mistyped directory first
			fmt.Fprintln(stderr, escape.OneLine("record: "+err.Error()))
			return 1
		}
	}
	plan, probs := cli.Plan(o.planPath)
	if probs.HasErrors() {
		printProblems(stderr, probs, o.lang, nil)
		fmt.Fprintln(stderr, "record: "+renewal.CodePlanErrorsNothingWritten.Text(o.lang))
		return 1
	}
	if code, ok := o.resolve(plan, stderr); !ok {
		return code
	}
	if o.db != "" {
		return recordDB(o, plan, stdout, stderr)
	}
	return appendEntry(o, plan, stdout, stderr)
}

// resolve turns -target and -district, each an id or a name, into the
// ids of the plan. When one names nothing of the plan, it writes why for
// each, with the nearest id or name, and returns false and status 2.
func (o *options) resolve(plan *renewal.Plan, stderr io.Writer) (int, bool) {
	ok := true
	if t, err := plan.FindTarget(o.entry.Target); err != nil {
		fmt.Fprintln(stderr, escape.OneLine("record: -target "+o.entry.Target+": "+cli.Text(err, o.lang)))
		ok = false
	} else {
		o.entry.Target = t.ID
	}
	if o.entry.District != "" {
		if d, err := plan.FindDistrict(o.entry.District); err != nil {
			fmt.Fprintln(stderr, escape.OneLine("record: -district "+o.entry.District+": "+cli.Text(err, o.lang)))
			ok = false
		} else {
			o.entry.District = d.ID
		}
	}
	if !ok {
		return 2, false
	}
	return 0, true
}

// printProblems writes the problems one a line in lang. When isNew is
// given, it tells the problems of the record that was refused: they are
// named as the new record's, not by the place the record would have
// taken, and a conflict says to give -correction.
func printProblems(w io.Writer, probs renewal.Problems, lang renewal.Lang, isNew func(renewal.Problem) bool) {
	var line []byte
	for _, p := range probs {
		switch {
		case isNew == nil || !isNew(p):
			line = cli.AppendProblem(line[:0], p, lang)
		case p.Code == renewal.CodeConflictsRecordAddCorrection:
			line = append(line[:0], renewal.CodeNewRecordConflicts.Text(lang, anys(p.Args())...)...)
		default:
			// The fields by their flags: -value, not value; in Chinese
			// by their names too, 累计完成（-value）.
			args := anys(p.Args())
			for i, a := range args {
				if flagged[a.(string)] {
					args[i] = flagName(a.(string), lang)
				}
			}
			text := p.Code.Text(lang, args...)
			if text == "" {
				text = p.Text(lang)
			}
			if p.Severity == renewal.Warning {
				text = warningWord[lang] + text
			}
			line = append(line[:0], renewal.CodeNewRecord.Text(lang, text)...)
		}
		fmt.Fprintf(w, "%s\n", line)
	}
}

// flagged are the record's fields that a problem may name, each given by
// the flag of its name.
var flagged = map[string]bool{"target": true, "district": true, "date": true, "value": true, "numerator": true,
	"denominator": true, "done": true, "unit": true, "note": true, "correction": true, "source": true}

// flagName names a record's field by its flag: -value, and in Chinese
// 累计完成（-value）, the column's header a workbook gives it.
func flagName(field string, lang renewal.Lang) string {
	if lang == renewal.English {
		return "-" + field
	}
	if h := fieldNames[field]; h != "" {
		return h + "（-" + field + "）"
	}
	return "-" + field
}

// fieldNames are the record's fields in Chinese, as a workbook's
// columns head them.
var fieldNames = map[string]string{"target": "指标", "district": "县区", "date": "日期", "value": "累计完成",
	"numerator": "分子", "denominator": "分母", "done": "完成日期", "unit": "单位", "note": "备注",
	"correction": "更正说明", "source": "填报单位"}

var warningWord = map[renewal.Lang]string{renewal.Chinese: "警告：", renewal.English: "warning: "}

func anys(ss []string) []any {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
}

// options are the command line once checked: the plan, where to write,
// and the entry to append.
type options struct {
	planPath, dir, file, source string
	db                          string // the store's DSN, instead of dir
	wait                        time.Duration
	create                      bool
	lang                        renewal.Lang
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
	target := fs.String("target", "", "the target's `id` or name (required)")
	district := fs.String("district", "", "the district's `id` or name, such as tinghu or 亭湖区; none for a city-wide record")
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
	lang := fs.String("lang", "zh", "`language` of the problems: zh or en")
	// The messages in the language of -lang; one about -lang itself in
	// Chinese, the default.
	var l renewal.Lang
	usage := func(code renewal.Code, a ...any) (options, int, bool) {
		fmt.Fprintln(stderr, escape.OneLine("record: "+code.Text(l, a...)))
		fs.Usage()
		return options{}, 2, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return options{}, 0, false
		}
		return options{}, 2, false
	}
	l, ok = renewal.ParseLang(*lang)
	if !ok {
		return usage(renewal.CodeLangUnknown, *lang)
	}
	switch {
	case fs.NArg() > 0:
		return usage(renewal.CodeArgumentNotAFlag, fs.Arg(0))
	case *dir == "" && *db == "":
		return usage(renewal.CodeProgressOrDBRequired)
	case *target == "":
		return usage(renewal.CodeTargetRequired)
	case *dateFlag == "":
		return usage(renewal.CodeDateRequired)
	}
	if code, args := checkDB(*db, *dir, *file); code != "" {
		return usage(code, args...)
	}
	figures := 0
	for _, given := range []bool{*value != "", *num != "" || *den != "", *doneFlag != ""} {
		if given {
			figures++
		}
	}
	if figures != 1 {
		return usage(renewal.CodeOneFigure)
	}
	if (*num != "") != (*den != "") {
		return usage(renewal.CodeNumeratorDenominatorTogether)
	}
	e := renewal.Entry{Target: *target, District: *district, Value: *value, Numerator: *num, Denominator: *den,
		Unit: *unit, Note: *note, Correction: *correction}
	var err error
	if e.Date, err = renewal.ParseDate(*dateFlag); err != nil {
		return usage(renewal.CodeFlagNotADate, "-date", err, *dateFlag)
	}
	if *doneFlag != "" {
		if e.Done, err = renewal.ParseDate(*doneFlag); err != nil {
			return usage(renewal.CodeFlagNotADate, "-done", err, *doneFlag)
		}
	}
	return options{planPath: *planPath, dir: *dir, file: *file, source: *source, wait: *wait, create: *create, lang: l, entry: e, db: *db}, 0, true
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
		return "", errors.New(renewal.CodeProgressDirMissing.Text(o.lang, o.dir))
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", errors.New(renewal.CodeProgressDirNotDir.Text(o.lang, o.dir))
	}
	if file != "" {
		if _, err := os.Stat(filepath.Dir(file)); errors.Is(err, fs.ErrNotExist) {
			return "", errors.New(renewal.CodeFileFolderMissing.Text(o.lang, filepath.Dir(file)))
		}
	}
	return file, nil
}

// appendEntry appends the entry of o for plan, printing where it went to
// stdout and the problems to stderr; it returns the exit code.
func appendEntry(o options, plan *renewal.Plan, stdout, stderr io.Writer) int {
	file, err := place(o)
	if err != nil {
		fmt.Fprintln(stderr, escape.OneLine("record: "+err.Error()))
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.wait)
	defer cancel()
	w := &progressfile.Writer{Plan: plan, Dir: o.dir}
	res, err := w.Append(ctx, file, o.source, o.entry)
	if res != nil {
		var isNew func(renewal.Problem) bool
		if errors.Is(err, progressfile.ErrRefused) {
			isNew = res.New
		}
		printProblems(stderr, res.Problems, o.lang, isNew)
	}
	var locked *progressfile.LockedError
	switch {
	case errors.Is(err, progressfile.ErrRefused):
		fmt.Fprintln(stderr, "record: "+renewal.CodeRecordsRefused.Text(o.lang))
		return 1
	case errors.As(err, &locked) && o.lang != renewal.English:
		fmt.Fprintln(stderr, escape.OneLine("record: "+renewal.CodeRecordLocked.Text(o.lang, locked.File, locked.Waited)))
		return 1
	case err != nil:
		fmt.Fprintln(stderr, escape.OneLine("record: "+err.Error()))
		return 1
	}
	if res.Already[0] {
		fmt.Fprintln(stderr, escape.OneLine("record: "+renewal.CodeAlreadyRecorded.Text(o.lang, res.At[0])))
	}
	fmt.Fprintln(stdout, res.At[0])
	return 0
}
