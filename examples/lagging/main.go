// Command lagging prints the warning list (预警清单) of an urban-renewal
// plan as of a date: every goal, city-wide or a district's, that is
// overdue, seriously lagging, not started or lagging, with its district
// and lead department. It is made for a daily push.
//
//	go run ./examples/lagging [-plan FILE] [-progress PATH]... [-as-of YYYY-MM-DD]
//	                          [-format text|markdown|csv] [-lang zh|en]
//
// The defaults are those of examples/report: the embedded 2025 plan and
// sample progress, and the latest record date. It exits 0 when the list
// was made (warnings go to stderr), 1 when the input had errors (all of
// them go to stderr as file:line:column: message), and 2 when the command
// line was wrong.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lagging", flag.ContinueOnError)
	fs.SetOutput(stderr)
	planFile := fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	var progress paths
	fs.Var(&progress, "progress", "progress file or directory `path`; repeat for more (default: the embedded sample)")
	asOfText := fs.String("as-of", "", "report `date`, YYYY-MM-DD (default: the latest record date)")
	format := fs.String("format", "text", "output `format`: text, markdown or csv")
	lang := fs.String("lang", "zh", "label `language`: zh or en")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "lagging: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q (give progress paths with -progress)", fs.Arg(0))
	}
	f, ok := renewal.ParseFormat(*format)
	if !ok || f == renewal.JSON {
		return usage("-format %q: want text, markdown or csv", *format)
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
	var probs renewal.Problems
	if *planFile == "" {
		plan, probs = data.Plan()
	} else {
		plan, probs = renewal.LoadPlanFile(*planFile)
	}
	printProblems(stderr, probs)
	if probs.HasErrors() {
		fmt.Fprintf(stderr, "lagging: the plan has %d errors; progress was not checked\n", len(probs.Errors()))
		return 1
	}
	var ledger *renewal.Ledger
	if len(progress) == 0 {
		ledger, probs = data.Sample(plan)
	} else {
		ledger, probs = renewal.LoadProgressFiles(plan, progress...)
	}
	printProblems(stderr, probs)
	if probs.HasErrors() {
		fmt.Fprintf(stderr, "lagging: %d errors in the progress files; no list\n", len(probs.Errors()))
		return 1
	}
	if asOf.IsZero() {
		asOf = ledger.Latest()
		if asOf.IsZero() {
			asOf = plan.Start
		}
	}
	if err := renewal.Evaluate(ledger, asOf).WriteLagging(stdout, f, l); err != nil {
		fmt.Fprintf(stderr, "lagging: %v\n", err)
		return 1
	}
	return 0
}

func printProblems(w io.Writer, probs renewal.Problems) {
	for _, p := range probs {
		fmt.Fprintln(w, p.Error())
	}
}
