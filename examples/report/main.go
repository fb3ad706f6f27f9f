// Command report prints the progress report of an urban-renewal plan as of
// a date.
//
//	go run ./examples/report [-plan FILE] [-progress PATH]... [-as-of YYYY-MM-DD]
//	                         [-format text|markdown|csv|json] [-lang zh|en]
//
// With no -plan it uses the embedded 2025 plan, and with no -progress the
// embedded sample progress. -as-of defaults to the latest record date.
// It exits 0 when the report was made (warnings go to stderr), 1 when the
// input had errors (all of them go to stderr as file:line:column: message),
// and 2 when the command line was wrong.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
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
// memory limit of 200 MiB runs it about 17 times for 0.16 s, and peak RSS
// stays about where it was (some 205 MB instead of 190 MB). GOGC and
// GOMEMLIMIT in the environment take precedence.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
}

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	planFile := fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	var progress paths
	fs.Var(&progress, "progress", "progress file or directory `path`; repeat for more (default: the embedded sample)")
	asOfText := fs.String("as-of", "", "report `date`, YYYY-MM-DD (default: the latest record date)")
	format := fs.String("format", "text", "output `format`: text, markdown, csv or json")
	lang := fs.String("lang", "zh", "label `language`: zh or en")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "report: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q (give progress paths with -progress)", fs.Arg(0))
	}
	f, ok := renewal.ParseFormat(*format)
	if !ok {
		return usage("-format %q: want text, markdown, csv or json", *format)
	}
	l, ok := renewal.ParseLang(*lang)
	if !ok {
		return usage("-lang %q: want zh or en", *lang)
	}
	var asOf renewal.Date
	if *asOfText != "" {
		d, err := renewal.ParseDate(*asOfText)
		if err != nil {
			return usage("-as-of: %v", err)
		}
		asOf = d
	}

	var plan *renewal.Plan
	var ledger *renewal.Ledger
	var probs, progressProbs renewal.Problems
	switch {
	case *planFile != "" && len(progress) > 0:
		// Both from files: LoadFiles reads the progress while it decodes
		// the plan.
		plan, probs, ledger, progressProbs = renewal.LoadFiles(*planFile, progress...)
	case *planFile != "":
		plan, probs = renewal.LoadPlanFile(*planFile)
	default:
		plan, probs = data.Plan()
	}
	printProblems(stderr, probs)
	if probs.HasErrors() {
		fmt.Fprintf(stderr, "report: %s in the plan; progress was not checked\n", count(len(probs.Errors()), "error"))
		return 1
	}
	switch {
	case ledger != nil:
		probs = progressProbs
	case len(progress) == 0:
		ledger, probs = data.Sample(plan)
	default:
		ledger, probs = renewal.LoadProgressFiles(plan, progress...)
	}
	printProblems(stderr, probs)
	if probs.HasErrors() {
		fmt.Fprintf(stderr, "report: %s in the progress files; no report\n", count(len(probs.Errors()), "error"))
		return 1
	}
	if asOf.IsZero() {
		asOf = ledger.Latest()
		if asOf.IsZero() {
			asOf = plan.Start
		}
	}
	report := renewal.Evaluate(ledger, asOf)
	if err := report.Write(stdout, f, l); err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return 1
	}
	return 0
}

func printProblems(w io.Writer, probs renewal.Problems) {
	for _, p := range probs {
		fmt.Fprintln(w, p.Error())
	}
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
