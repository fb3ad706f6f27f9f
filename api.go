package renewal

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrArgument is the class of a problem with a call rather than a file:
// progress loaded for a nil plan, a report evaluated from a nil ledger.
// Such a problem has the zero Position.
var ErrArgument = errors.New("renewal: bad argument")

// NumStatuses is the number of statuses, Exempt included: the length of
// DistrictResult.Counts, which a Status indexes.
const NumStatuses = numStatuses

// argProblem is an error in a call: it has no place in a file.
func argProblem(code Code, a ...any) Problem {
	return problemAs(Position{}, Error, ErrArgument, code, a...)
}

// noPlanLedger is what loading progress for a nil plan gives: an empty
// ledger for an empty plan, holding the error, so that evaluating it
// makes a report that says what went wrong instead of panicking.
func noPlanLedger() (*Ledger, Problems) {
	probs := Problems{argProblem(CodeNoPlan)}
	led := newLedger(emptyPlan(""))
	led.errors = probs
	return led, probs
}

// evaluateArgs gives Evaluate's arguments their documented meaning: a nil
// ledger is an empty one holding the error, and the zero date the latest
// record date, or the period's start when there are no records.
func evaluateArgs(l *Ledger, asOf Date) (*Ledger, Date) {
	if l == nil {
		l = newLedger(emptyPlan(""))
		l.errors = Problems{argProblem(CodeNilLedger)}
	}
	if asOf.IsZero() {
		asOf = l.latest
	}
	if asOf.IsZero() {
		asOf = l.plan.Start
	}
	return l, asOf
}

// Problems returns every problem of the input the report was made from:
// its Errors, then its Warnings. Text and Markdown reports list them all
// in this order.
func (r *Report) Problems() Problems {
	if r == nil {
		return nil
	}
	out := make(Problems, 0, len(r.Errors)+len(r.Warnings))
	return append(append(out, r.Errors...), r.Warnings...)
}

// HasErrors reports whether the report was made from input with errors,
// so that its figures may be incomplete or wrong: a dashboard should show
// the errors beside the figures, as text and Markdown reports do at their
// top.
func (r *Report) HasErrors() bool { return r != nil && len(r.Errors) > 0 }

// writeArgs checks what every writer of a report needs: a report, a
// writer, and a known format and language.
func (r *Report) writeArgs(w io.Writer, f Format, lang Lang) error {
	switch {
	case r == nil || r.Plan == nil:
		return errors.New("renewal: no report to write (a nil *Report; make one with Evaluate)")
	case w == nil:
		return errors.New("renewal: no writer to write the report to")
	case f < 0 || int(f) >= len(formatNames):
		return fmt.Errorf("renewal: unknown format %d", f)
	case !lang.known():
		return fmt.Errorf("renewal: unknown language %d; want one of %s", lang, strings.Join(langNames, ", "))
	}
	for _, id := range r.RankBy {
		if _, err := r.Plan.RankingTarget(id); err != nil {
			return err
		}
	}
	return nil
}

// errorNotice puts, under the title of a report made from input with
// errors, the sentence that says so; full adds where they are listed.
func (r *Report) errorNotice(d *document, lb *labels, full bool) {
	if len(r.Errors) == 0 {
		return
	}
	s := fmt.Sprintf(plural(lb.errNotice, len(r.Errors)), len(r.Errors))
	if full {
		s += lb.errNoticeFull
	}
	d.para(s)
}

// problemLines renders the report's problems, errors first, one a line:
// "file:line:column: message", an error's message marked as one, and a
// problem with no place (a bad argument) by its message alone.
func (r *Report) problemLines(lb *labels) []string {
	probs := r.Problems()
	items := make([]string, len(probs))
	for i, p := range probs {
		msg := p.Text(lb.lang)
		if p.Severity == Error {
			msg = lb.errPrefix + msg
		}
		if !p.Position.IsZero() {
			msg = p.Position.String() + ": " + msg
		}
		items[i] = msg
	}
	return items
}
