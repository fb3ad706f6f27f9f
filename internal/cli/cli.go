// Package cli holds what the example programs share: the flags that name
// the plan, the progress, the report date, the format and the language,
// and the loading that reports problems and chooses the exit status.
//
// Exit statuses: 0 when the output was made, 1 when the input had errors
// (all printed as file:line:column: message), 2 when the command line was
// wrong.
//
// Standard error holds one problem a line, "file:line:column: message"
// or "file:line:column: warning: message" (a warning with no place, a
// report date outside the plan period, is "warning: message"; in Chinese
// "警告：…"), each exactly one line (a line
// break or control character from the input is escaped). When the input
// has errors, one more line follows them, the last: the summary, which
// begins with the program's name, a colon and a space, such as
// "report: 进度文件中有 3 处错误；未生成报告", or with -lang en
// "report: 3 errors in the progress files; nothing to report".
//
// The program's own messages (a wrong command line, the summary) are in
// the language of -lang too, from the package's catalogue (Code.Text);
// a -lang that is itself wrong is told in Chinese, the default.
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
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
	// Since is the earlier date to compare with (-since), or zero.
	Since renewal.Date
	// Other is the -format given when it is one of the program's own
	// (see Also), such as "xlsx"; Format is then not set.
	Other string
	// Loaded is the ledger Evaluate loaded, for a program that evaluates
	// it again (a trend).
	Loaded *renewal.Ledger
	// Store, when a program sets it (after Parse), loads the records
	// instead of -progress: from a database. Its error means the records
	// could not be read at all (status 1).
	Store func(plan *renewal.Plan) (*renewal.Ledger, renewal.Problems, error)

	name     string
	stderr   io.Writer
	formats  []renewal.Format
	others   []string
	plan     *string
	progress paths
	asOf     *string
	since    *string
	format   *string
	lang     *string
	ledger   *renewal.Ledger // loaded with the plan by LoadFiles, its problems printed
}

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

// New registers -plan, -progress, -as-of, -format (one of formats, the
// first the default) and -lang on a new flag set for program name; a
// program with no formats (it writes no report) has neither of the last
// two.
func New(name string, stderr io.Writer, formats ...renewal.Format) *Inputs {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := &Inputs{Flags: fs, name: name, stderr: stderr, formats: formats}
	in.plan = fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	fs.Var(&in.progress, "progress", "progress file or directory `path`; repeat for more (default: the embedded sample)")
	in.asOf = fs.String("as-of", "", "report `date`, YYYY-MM-DD (default: the latest record date)")
	in.since = fs.String("since", "", "compare with the report as of this earlier `date`, YYYY-MM-DD: previous ranks and statuses")
	if len(formats) > 0 {
		in.format = fs.String("format", formats[0].String(), "output `format`: "+in.formatList())
	}
	in.lang = fs.String("lang", "zh", "`language` of the labels and of the problems: zh or en")
	return in
}

// Also adds output formats that the program writes itself, with another
// package (a workbook, a page), to those -format accepts; Parse sets
// Other to the one given.
func (in *Inputs) Also(names ...string) {
	in.others = append(in.others, names...)
	in.Flags.Lookup("format").Usage = "output `format`: " + in.formatList()
}

func (in *Inputs) formatList() string {
	names := make([]string, len(in.formats))
	for i, f := range in.formats {
		names[i] = f.String()
	}
	names = append(names, in.others...)
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
	// -lang first, so that every other message is in its language; a
	// -lang that fails is told in Chinese, the default.
	if in.lang != nil {
		l, ok := renewal.ParseLang(*in.lang)
		if !ok {
			return in.Fail(renewal.CodeLangUnknown, *in.lang), false
		}
		in.Lang = l
	}
	if in.Flags.NArg() > 0 {
		return in.Fail(renewal.CodeUnexpectedArgument, in.Flags.Arg(0)), false
	}
	if in.format != nil && slices.Contains(in.others, *in.format) {
		in.Other = *in.format
	} else if in.format != nil {
		f, ok := renewal.ParseFormat(*in.format)
		if !ok || !contains(in.formats, f) {
			return in.Fail(renewal.CodeFormatUnknown, *in.format, in.formatListIn(in.Lang)), false
		}
		in.Format = f
	}
	if *in.asOf != "" {
		d, err := renewal.ParseDate(*in.asOf)
		if err != nil {
			return in.Fail(renewal.CodeFlagNotADate, "-as-of", err, *in.asOf), false
		}
		in.AsOf = d
	}
	if *in.since != "" {
		d, err := renewal.ParseDate(*in.since)
		if err != nil {
			return in.Fail(renewal.CodeFlagNotADate, "-since", err, *in.since), false
		}
		in.Since = d
		if !in.AsOf.IsZero() && !d.Before(in.AsOf) {
			return in.Fail(renewal.CodeSinceNotBeforeAsOf, d, in.AsOf), false
		}
	}
	return 0, true
}

// formatListIn is formatList in lang: "text、json 或 xlsx" in Chinese.
func (in *Inputs) formatListIn(lang renewal.Lang) string {
	if lang == renewal.English {
		return in.formatList()
	}
	l := strings.Replace(in.formatList(), ", ", "、", -1)
	return strings.Replace(l, " or ", " 或 ", 1)
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

// Fail prints code's message in the language of -lang, and the flags,
// and returns 2: a wrong command line.
func (in *Inputs) Fail(code renewal.Code, args ...any) int {
	return in.Usage("%s", code.Text(in.Lang, args...))
}

// Say prints code's message in the language of -lang, prefixed with the
// program's name.
func (in *Inputs) Say(code renewal.Code, args ...any) {
	in.Errorf("%s", code.Text(in.Lang, args...))
}

// Errorf prints a message prefixed with the program's name.
func (in *Inputs) Errorf(format string, args ...any) {
	fmt.Fprintf(in.stderr, in.name+": "+format+"\n", args...)
}

// Plan loads the plan file at path, or the embedded 2025 plan when path
// is "": what every example program's -plan flag means.
func Plan(path string) (*renewal.Plan, renewal.Problems) {
	if path != "" {
		return renewal.LoadPlanFile(path)
	}
	return data.Plan()
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
		plan, in.ledger, probs = renewal.LoadFiles(*in.plan, in.progress...)
		in.print(probs)
		if probs.HasErrors() {
			in.summary(len(probs.Errors()), renewal.CodeErrorsPlanOrProgress, renewal.CodeErrorsPlanOrProgressOne)
			return nil, 1, false
		}
		return plan, 0, true
	default:
		plan, probs = Plan(*in.plan)
	}
	in.print(probs)
	if n := errorCount(probs); n > 0 {
		in.summary(n, renewal.CodeErrorsPlan, renewal.CodeErrorsPlanOne)
		return nil, 1, false
	}
	return plan, 0, true
}

// Ledger loads the progress the flags name for plan, the embedded sample
// by default, and prints its problems. It returns false with status 1
// when the progress has errors.
func (in *Inputs) Ledger(plan *renewal.Plan) (*renewal.Ledger, int, bool) {
	ledger, probs := in.ledger, renewal.Problems(nil)
	many, one := renewal.CodeErrorsProgress, renewal.CodeErrorsProgressOne
	switch {
	case ledger != nil:
	case in.Store != nil:
		var err error
		if ledger, probs, err = in.Store(plan); err != nil {
			in.Errorf("%v", err)
			return nil, 1, false
		}
		many, one = renewal.CodeErrorsStore, renewal.CodeErrorsStoreOne
	case len(in.progress) == 0:
		ledger, probs = data.Sample(plan)
	default:
		ledger, probs = renewal.LoadProgressFiles(plan, in.progress...)
	}
	in.print(probs)
	if n := errorCount(probs); n > 0 {
		in.summary(n, many, one)
		return nil, 1, false
	}
	return ledger, 0, true
}

// ProgressGiven reports whether -progress was given.
func (in *Inputs) ProgressGiven() bool { return len(in.progress) > 0 }

// Date returns -as-of, or else the ledger's latest record date, or else
// the period's start.
func (in *Inputs) Date(plan *renewal.Plan, ledger *renewal.Ledger) renewal.Date {
	switch {
	case !in.AsOf.IsZero():
		return in.AsOf
	case !ledger.Latest().IsZero():
		return ledger.Latest()
	}
	return plan.Start
}

// Evaluate loads the progress the flags name for plan (see Ledger) and
// evaluates the plan as of Date, and with -since as of that earlier date
// too, for the changes. A report date outside the plan period is a
// warning on stderr. It returns false with status 1 when the progress
// has errors, and 2 when -since is not before the report date.
func (in *Inputs) Evaluate(plan *renewal.Plan) (*renewal.Report, int, bool) {
	ledger, code, ok := in.Ledger(plan)
	if !ok {
		return nil, code, false
	}
	in.Loaded = ledger
	asOf := in.Date(plan, ledger)
	if !in.Since.IsZero() && !in.Since.Before(asOf) {
		// Only with a defaulted -as-of: checked once the records are loaded.
		return nil, in.Fail(renewal.CodeSinceNotBeforeLatest, in.Since, asOf), false
	}
	if asOf.Before(plan.Start) || asOf.After(plan.End) {
		in.warn(renewal.CodeAsOfOutsidePeriod.Text(in.Lang, asOf, plan.Start, plan.End))
	}
	r := renewal.Evaluate(ledger, asOf)
	if !in.Since.IsZero() {
		r.Previous = renewal.Evaluate(ledger, in.Since)
	}
	return r, 0, true
}

// warn prints a warning with no place in the input, as a problem's line:
// "警告：message" or "warning: message".
func (in *Inputs) warn(msg string) {
	if in.Lang == renewal.English {
		fmt.Fprintln(in.stderr, "warning: "+msg)
		return
	}
	fmt.Fprintln(in.stderr, "警告："+msg)
}

// Report is LoadPlan then Evaluate: the report the flags ask for.
func (in *Inputs) Report() (*renewal.Report, int, bool) {
	plan, code, ok := in.LoadPlan()
	if !ok {
		return nil, code, false
	}
	return in.Evaluate(plan)
}

// print writes the problems to stderr in the language of -lang, one a
// line, through one buffer: a million problems are a million lines, not
// a million writes.
func (in *Inputs) print(probs renewal.Problems) {
	w := bufio.NewWriterSize(in.stderr, 64<<10)
	var line []byte
	for _, p := range probs {
		line = AppendProblem(line[:0], p, in.Lang)
		w.Write(append(line, '\n'))
	}
	w.Flush()
}

// AppendProblem appends p's line in lang: in English its Error text; in
// Chinese "file.xlsx:填报!I5: message", with "警告：" before a warning's
// message, the position in the same form as in English.
func AppendProblem(b []byte, p renewal.Problem, lang renewal.Lang) []byte {
	if lang == renewal.English {
		b, _ = p.AppendText(b)
		return b
	}
	if !p.Position.IsZero() {
		b = append(append(b, p.Position.String()...), ": "...)
	}
	if p.Severity == renewal.Warning {
		b = append(b, "警告："...)
	}
	return append(b, p.Text(lang)...)
}

// Text returns err's text in lang: a Problem's message in that
// language (as a lookup by name, Plan.FindDistrict, gives it), anything
// else its Error text.
func Text(err error, lang renewal.Lang) string {
	var p renewal.Problem
	if errors.As(err, &p) && p.Position.IsZero() {
		return p.Text(lang)
	}
	return err.Error()
}

// Text is Text in the language of -lang.
func (in *Inputs) Text(err error) string { return Text(err, in.Lang) }

func errorCount(probs renewal.Problems) int {
	n := 0
	for _, p := range probs {
		if p.Severity == renewal.Error {
			n++
		}
	}
	return n
}

// summary prints the last line of a load with n errors: code one for
// 1, many with n otherwise.
func (in *Inputs) summary(n int, many, one renewal.Code) {
	if n == 1 {
		in.Say(one)
		return
	}
	in.Say(many, n)
}
