// Command report prints the progress report of an urban-renewal plan as of
// a date.
//
//	go run ./examples/report [-plan FILE] [-progress PATH... | -db DSN] [-as-of YYYY-MM-DD]
//	                         [-since YYYY-MM-DD] [-rank-by TARGET]... [-o FILE]
//	                         [-format text|markdown|csv|json|xlsx|html|docx|pdf] [-lang zh|en]
//
// With no -plan it uses the embedded 2025 plan, and with no -progress the
// embedded sample progress. A -progress path may be a filled-in workbook
// (a 填报 sheet), and a directory's *.xlsx files are read with its YAML
// files: the program imports github.com/citybureau/renewal/xlsx, which
// registers the workbook reader. -as-of defaults to the latest record
// date; -since adds the changes since an earlier date. -db DSN reads the
// records from a store instead (a SQLite file.db or sqlite:PATH, or
// postgres://…; see package sqlstore): a record's position is then its
// row, records#ID. -rank-by TARGET (repeatable) adds, in text and
// Markdown, the districts' ranking on that target alone (单项排名), one
// table each; the other formats carry every rank already. TARGET is a
// target's id or its name (改造老旧小区). One the plan lacks, or one with
// no allocations, is a wrong command line, and the nearest id or name of
// a target with allocations is named, in the language of -lang.
//
// -format xlsx writes the report as a workbook for Excel and WPS, and
// -format html as one self-contained page with monthly trend lines (the
// last 24 month ends).
// -format docx writes the circular (通报) the bureau sends the districts, a
// Word document in the format of official documents (package circular),
// in Chinese only: with -lang en it is a wrong command line. -format pdf
// prints the page of -format html to an A4 PDF with Chromium (package
// dashboard/pdf); without a browser it is an error, before anything
// loads. Both need -o. -o
// writes the report to a file instead of standard output: to a temporary
// file beside it, renamed over it only once the report is whole, so that
// a failed run leaves the old report in place. Without -o, a workbook goes
// to standard output only when that is not a terminal.
//
// It exits 0 when the report was made (warnings go to stderr), 1 when the
// input had errors (all of them go to stderr as file:line:column: message,
// or file.xlsx:填报!D7: message for a workbook's cell) or the report could
// not be written, and 2 when the command line was wrong.
//
// Every line on stderr is one problem, "file:line:column: message" or
// "file:line:column: warning: message", with any line break or control
// character from the input escaped (an -as-of outside the plan period
// adds "warning: message", with no place), except the summary: when the input
// had errors, one line more comes last, after all the problems, and
// begins "report: ", as in
//
//	report: 3 errors in the progress files; nothing to report
//
// A tool reading stderr takes every line but a last one that begins
// "report: " as a problem.
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/circular"
	"github.com/citybureau/renewal/dashboard"
	"github.com/citybureau/renewal/dashboard/pdf"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/xlsx" // also registers the workbook reader for -progress
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC sets the garbage collector for a short batch run. Loading the
// national data set (0.93 M records) parses some 2 GB of short-lived YAML
// node trees to keep about 100 MB of records and plan. With the default
// GOGC=100 the heap goal is small while little is live, so the collector
// runs some 45 times and spends about 0.37 s of CPU; GOGC=400 with a soft
// memory limit runs it far less. The limit is 240 MiB: the one-file
// national set, decoded on both cores, has up to some 190 MiB live; with
// the quick reader's lighter garbage the collector then costs no more CPU
// than at 280 MiB (the limit before it), and peak RSS is some 250 MiB
// rather than 285.
//
// The limit is soft: when more than it is live (a flood of a million
// problems, a plan of 300,000 targets), the collector would run without
// pause and the run take ten times as long. So once the live heap passes
// seven eighths of the limit, the limit is lifted and GOGC goes to 50,
// which holds the heap to about one and a half times what is live (a
// plan of 300,000 targets peaks at some 900 MB rather than 1 GB, for
// about a tenth more CPU). GOGC and GOMEMLIMIT in the environment take
// precedence over all of this.
func tuneGC() {
	const limit = 240 << 20
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
		watchHeap(limit*7/8, func() {
			debug.SetMemoryLimit(math.MaxInt64)
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(50)
			}
		})
	}
}

type sentinel struct{ _ *int }

// watchHeap calls lift once, after the first collection that leaves more
// than max bytes live. It looks after every collection: a finalizer runs
// once its object is found unreachable, and each one sets the next.
func watchHeap(max uint64, lift func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > max {
				lift()
				return
			}
			arm()
		})
	}
	arm()
}

func run(args []string, stdout, stderr io.Writer) int {
	in := cli.New("report", stderr, renewal.Text, renewal.Markdown, renewal.CSV, renewal.JSON)
	in.Also("xlsx", "html", "docx", "pdf")
	out := in.Flags.String("o", "", "write the report to `file`, replacing it only once the report is whole (default: standard output)")
	useDB := dbFlag(in)
	var rankBy targetIDs
	in.Flags.Var(&rankBy, "rank-by", "add, in text and Markdown, the districts' ranking on the target with this `id` or name (单项排名); repeat for more")
	if code, ok := in.Parse(args); !ok {
		return code
	}
	if code, ok := useDB(); !ok {
		return code
	}
	if in.Other == "xlsx" && *out == "" && isTerminal(stdout) {
		return in.Fail(renewal.CodeWorkbookNotText)
	}
	if (in.Other == "docx" || in.Other == "pdf") && *out == "" {
		return in.Fail(renewal.CodeDocumentNotText, in.Other)
	}
	if in.Other == "docx" && in.Lang != renewal.Chinese {
		return in.Usage("-format docx writes the circular (通报) in Chinese only; -lang en is not available for it (omit -lang, or use -format html or text for English)")
	}
	if in.Other == "pdf" {
		if _, err := pdf.Browser(); err != nil { // before loading: nothing to print with
			in.Say(renewal.CodeNoBrowser, err)
			return 1
		}
	}
	plan, code, ok := in.LoadPlan()
	if !ok {
		return code
	}
	for i, key := range rankBy {
		t, err := plan.RankingTarget(key)
		if err != nil {
			return in.Usage("-rank-by %s: %s", key, in.Text(err))
		}
		rankBy[i] = t.ID
	}
	report, code, ok := in.Evaluate(plan)
	if !ok {
		return code
	}
	report.RankBy = rankBy
	write := func(w io.Writer) error {
		switch in.Other {
		case "xlsx":
			return xlsx.WriteReport(w, report, in.Lang)
		case "docx":
			return circular.Write(w, report, circular.Options{})
		case "pdf":
			trend := renewal.EvaluateSeries(in.Loaded, dashboard.TrendDates(report.Plan, report.AsOf, 0)...)
			return pdf.Write(context.Background(), w, report, dashboard.Options{Lang: in.Lang, Trend: trend})
		case "html":
			trend := renewal.EvaluateSeries(in.Loaded, dashboard.TrendDates(report.Plan, report.AsOf, 0)...)
			return dashboard.Write(w, report, dashboard.Options{Lang: in.Lang, Trend: trend}) // moves from report.Previous
		}
		return report.Write(w, in.Format, in.Lang)
	}
	var err error
	if *out != "" {
		err = writeFile(*out, write)
	} else {
		err = write(stdout)
	}
	if err != nil {
		in.Errorf("%v", err)
		return 1
	}
	return 0
}

// targetIDs is a repeatable flag's values, in the order given.
type targetIDs []string

func (t *targetIDs) String() string     { return strings.Join(*t, ",") }
func (t *targetIDs) Set(s string) error { *t = append(*t, s); return nil }

// writeFile writes what write writes to a temporary file in path's
// folder, and renames it over path once it is whole and on disk: a
// reader of path sees the old report or the new one, never part of one.
// The file keeps the mode of the one it replaces, else 0644.
func writeFile(path string, write func(io.Writer) error) (err error) {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return fmt.Errorf("-o %s: not a regular file", path)
		}
		mode = info.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// isTerminal reports whether w is a terminal, where a workbook's bytes
// would only garble the screen: a character device other than the null
// device. (A variable, so that a test can be a terminal.)
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return !(err == nil && os.SameFile(info, null))
}
