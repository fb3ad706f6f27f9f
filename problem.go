package renewal

import (
	"errors"
	"fmt"
	"strings"

	readers "github.com/citybureau/renewal/internal/source"
)

// The classes of problem. Every Problem wraps one of them, so a caller can
// sort problems with errors.Is.
var (
	// ErrSyntax: the bytes are not a YAML document this package reads
	// (invalid UTF-8, a syntax error, an anchor, alias or tag, an empty
	// file, a limit exceeded).
	ErrSyntax = errors.New("renewal: bad YAML")
	// ErrField: a key is unknown, missing, repeated, or holds the wrong
	// kind of value for its place.
	ErrField = errors.New("renewal: bad field")
	// ErrValue: a figure, date or identifier is malformed or out of range.
	ErrValue = errors.New("renewal: bad value")
	// ErrReference: an identifier names nothing the plan declares.
	ErrReference = errors.New("renewal: unknown identifier")
	// ErrRule: the values are well formed but break a rule of the format,
	// such as a record dated outside the plan period or two records that
	// disagree.
	ErrRule = errors.New("renewal: rule broken")
)

// Severity tells an error from a warning. The zero Severity is Error.
type Severity int8

const (
	// Error makes the input unusable: a report is not made.
	Error Severity = iota
	// Warning is worth a look but leaves the input usable.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Position is a place in an input file. Lines and columns start at 1;
// a column counts characters, not bytes. The zero Position means "nowhere".
// In a workbook, Sheet names the sheet, Line is the row and Column the
// column, both from 1.
type Position struct {
	File   string
	Line   int
	Column int
	Sheet  string
}

// String returns "file:line:column", the form editors jump to, or for a
// cell of a workbook "file.xlsx:填报!D7". A part that is not known is left
// out: "file:line" with no column, "file" with no line; the zero
// Position, nowhere, is "-".
func (p Position) String() string {
	switch {
	case p.Line <= 0 && p.File == "":
		return "-"
	case p.Line <= 0:
		return p.File
	case p.Sheet != "":
		return p.File + ":" + p.Cell()
	case p.Column <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Cell returns the sheet and cell of a workbook position, "填报!D7", or
// "" when p is not in a workbook or has no row. With no column it is the
// row alone, "填报!7".
func (p Position) Cell() string {
	if p.Sheet == "" || p.Line <= 0 {
		return ""
	}
	return p.Sheet + "!" + readers.CellName(p.Line, p.Column)
}

// IsZero reports whether p is the zero Position.
func (p Position) IsZero() bool { return p == Position{} }

// Problem is one error or warning found while loading, with its place.
// It is an error value: Error renders it, and errors.Is matches its class
// (ErrSyntax, ErrField, ErrValue, ErrReference or ErrRule).
type Problem struct {
	Position
	Severity Severity
	Message  string // what is wrong and what was expected
	Class    error  // one of the Err… classes above
}

// Error returns "file:line:column: message", with "warning: " before the
// message of a warning. A problem with no place (the zero Position, as a
// bad argument has) is its message alone.
func (p Problem) Error() string {
	msg := p.Message
	if p.Severity == Warning {
		msg = "warning: " + msg
	}
	if p.Position.IsZero() {
		return msg
	}
	return p.Position.String() + ": " + msg
}

// Unwrap returns the problem's class.
func (p Problem) Unwrap() error { return p.Class }

// Problems is every problem a load found, in load order.
type Problems []Problem

// HasErrors reports whether any problem is an Error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the problems that are errors.
func (ps Problems) Errors() Problems { return ps.only(Error) }

// Warnings returns the problems that are warnings.
func (ps Problems) Warnings() Problems { return ps.only(Warning) }

func (ps Problems) only(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Err joins the errors (not the warnings) into one error with errors.Join:
// errors.Is matches a class if any error has it, and errors.As finds the
// first Problem (range over Errors for every one). It returns nil when
// there are none.
func (ps Problems) Err() error {
	var errs []error
	for _, p := range ps {
		if p.Severity == Error {
			errs = append(errs, p)
		}
	}
	return errors.Join(errs...)
}

// String renders one problem a line.
func (ps Problems) String() string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
