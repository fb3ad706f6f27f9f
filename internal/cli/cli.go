// Package cli holds what the example programs share: the flags that name
// the plan, the progress, the report date, the format and the language,
// and the loading that reports problems and chooses the exit status.
//
// Exit statuses: 0 when the output was made, 1 when the input had errors
// (all printed as file:line:column: message), 2 when the command line was
// wrong.
//
// Standard error holds one problem a line, "file:line:column: message"
// or "file:line:column: warning: message", each exactly one line (a line
// break or control character from the input is escaped). When the input
// has errors, one more line follows them, the last: the summary, which
// begins with the program's name, a colon and a space, such as
// "report: 3 errors in the progress files; nothing to report".
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// Inputs are the shared flags and, once parsed, their values.
type Inputs struct {
	Flags  *flag.FlagSet
	Format renewal.Format
	Lang   renewal.Lang
	AsOf   renewal.Date // zero: the latest record date

	name     string
	stderr   io.Writer
	formats  []renewal.Format
	plan     *string
	progress paths
	asOf     *string
	format   *string
	lang     *string
	ledger   *renewal.Ledger // loaded with the plan by LoadFiles
	probs    renewal.Problems
}

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

// New registers -plan, -progress, -as-of, -format (one of formats, the
// first the default) and -lang on a new flag set for program name.
func New(name string, stderr io.Writer, formats ...renewal.Format) *Inputs {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := &Inputs{Flags: fs, name: name, stderr: stderr, formats: formats}
	in.plan = fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	fs.Var(&in.progress, "progress", "progress file or directory `path`; repeat for more (default: the embedded sample)")
	in.asOf = fs.String("as-of", "", "report `date`, YYYY-MM-DD (default: the latest record date)")
	in.format = fs.String("format", formats[0].String(), "output `format`: "+in.formatList())
	in.lang = fs.String("lang", "zh", "label `language`: zh or en")
	return in
}

func (in *Inputs) formatList() string {
	names := make([]string, len(in.formats))
	for i, f := range in.formats {
		names[i] = f.String()
	}
	last := len(names) - 1
	if last == 0 {
		return names[0]
	}
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

// Parse parses the command line. It returns false with the exit status
// when the program should stop: 0 after -h, 2 for a wrong command line.
func (in *Inputs) Parse(args []string) (int, bool) {
	if err := in.Flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if in.Flags.NArg() > 0 {
		return in.Usage("unexpected argument %q (give progress paths with -progress)", in.Flags.Arg(0)), false
	}
	f, ok := renewal.ParseFormat(*in.format)
	if !ok || !contains(in.formats, f) {
		return in.Usage("-format %q: want %s", *in.format, in.formatList()), false
	}
	l, ok := renewal.ParseLang(*in.lang)
	if !ok {
		return in.Usage("-lang %q: want zh or en", *in.lang), false
	}
	in.Format, in.Lang = f, l
	if *in.asOf != "" {
		d, err := renewal.ParseDate(*in.asOf)
		if err != nil {
			return in.Usage("-as-of: %v", err), false
		}
		in.AsOf = d
	}
	return 0, true
}

func contains(fs []renewal.Format, f renewal.Format) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// Usage prints a message and the flags, and returns 2.
func (in *Inputs) Usage(format string, args ...any) int {
	in.Errorf(format, args...)
	in.Flags.Usage()
	return 2
}

// Errorf prints a message prefixed with the program's name.
func (in *Inputs) Errorf(format string, args ...any) {
	fmt.Fprintf(in.stderr, in.name+": "+format+"\n", args...)
}

// LoadPlan loads the plan the flags name, the embedded one by default,
// and prints its problems. It returns false with status 1 when the plan
// has errors. When both -plan and -progress are given, it loads the
// progress too, parsing it while the plan decodes.
func (in *Inputs) LoadPlan() (*renewal.Plan, int, bool) {
	var plan *renewal.Plan
	var probs renewal.Problems
	switch {
	case *in.plan != "" && len(in.progress) > 0:
		plan, probs, in.ledger, in.probs = renewal.LoadFiles(*in.plan, in.progress...)
	case *in.plan != "":
		plan, probs = renewal.LoadPlanFile(*in.plan)
	default:
		plan, probs = data.Plan()
	}
	in.print(probs)
	if n := errorCount(probs); n > 0 {
		in.Errorf("%s in the plan; progress was not checked", count(n, "error"))
		return nil, 1, false
	}
	return plan, 0, true
}

// Evaluate loads the progress the flags name for plan, the embedded
// sample by default, prints its problems, and evaluates the plan as of
// -as-of or the latest record date (the period's start with no records).
// It returns false with status 1 when the progress has errors.
func (in *Inputs) Evaluate(plan *renewal.Plan) (*renewal.Report, int, bool) {
	ledger, probs := in.ledger, in.probs
	switch {
	case ledger != nil:
	case len(in.progress) == 0:
		ledger, probs = data.Sample(plan)
	default:
		ledger, probs = renewal.LoadProgressFiles(plan, in.progress...)
	}
	in.print(probs)
	if n := errorCount(probs); n > 0 {
		in.Errorf("%s in the progress files; nothing to report", count(n, "error"))
		return nil, 1, false
	}
	asOf := in.AsOf
	if asOf.IsZero() {
		asOf = ledger.Latest()
	}
	if asOf.IsZero() {
		asOf = plan.Start
	}
	return renewal.Evaluate(ledger, asOf), 0, true
}

// Report is LoadPlan then Evaluate: the report the flags ask for.
func (in *Inputs) Report() (*renewal.Report, int, bool) {
	plan, code, ok := in.LoadPlan()
	if !ok {
		return nil, code, false
	}
	return in.Evaluate(plan)
}

// print writes the problems to stderr, one a line, through one buffer:
// a million problems are a million lines, not a million writes.
func (in *Inputs) print(probs renewal.Problems) {
	w := bufio.NewWriterSize(in.stderr, 64<<10)
	for _, p := range probs {
		w.WriteString(p.Error())
		w.WriteByte('\n')
	}
	w.Flush()
}

func errorCount(probs renewal.Problems) int {
	n := 0
	for _, p := range probs {
		if p.Severity == renewal.Error {
			n++
		}
	}
	return n
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
