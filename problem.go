package renewal

import (
	"errors"
	"strconv"
	"strings"

	"github.com/citybureau/renewal/internal/escape"
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
// column, both from 1. In a table of a database, File is the table's
// name followed by "#" and Line is the row's id, with no Column:
// Position{File: "records#", Line: 1042} is the row records#1042. (A
// store names its rows so rather than with a File of their own, such as
// "records#1042", which prints the same: a million rows then share one
// name, as the records of one file do.)
type Position struct {
	File   string
	Line   int
	Column int
	Sheet  string
}

// String returns "file:line:column", the form editors jump to, or for a
// cell of a workbook "file.xlsx:填报!D7", or for a table's row
// "records#1042". A part that is not known is left out: "file:line" with
// no column, "file" with no line; the zero Position, nowhere, is "-". A
// file name with a line break or another control character in it is
// escaped (see Problem.Error).
func (p Position) String() string { return string(p.appendTo(nil)) }

// IsRow reports whether p is a row of a table: a File that ends in "#",
// a Line (the row's id), no Column and no Sheet.
func (p Position) IsRow() bool {
	return p.Line > 0 && p.Column == 0 && p.Sheet == "" && strings.HasSuffix(p.File, "#")
}

// appendTo appends String's text to b.
func (p Position) appendTo(b []byte) []byte {
	switch {
	case p.Line <= 0 && p.File == "":
		return append(b, '-')
	case p.Line <= 0:
		return append(b, oneLine(p.File)...)
	}
	if p.IsRow() {
		return strconv.AppendInt(append(b, oneLine(p.File)...), int64(p.Line), 10)
	}
	b = append(append(b, oneLine(p.File)...), ':')
	switch {
	case p.Sheet != "":
		return append(b, oneLine(p.Cell())...)
	case p.Column <= 0:
		return strconv.AppendInt(b, int64(p.Line), 10)
	}
	b = append(strconv.AppendInt(b, int64(p.Line), 10), ':')
	return strconv.AppendInt(b, int64(p.Column), 10)
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
	// Code names the kind of problem, whatever the language; Args
	// returns the values its message is made of. A problem made by a
	// caller may have none.
	Code Code
	args string // see Args
	// Err is the cause, when the problem has one outside the input: the
	// *fs.PathError of a file that cannot be read (errors.Is(p,
	// fs.ErrNotExist) holds for a missing file), or a context's error
	// when a load was cancelled. It is nil for a fault in the input.
	Err error
}

// Error returns "file:line:column: message", with "warning: " before the
// message of a warning. A problem with no place (the zero Position, as a
// bad argument has) is its message alone. It is always one line: a line
// break, an escape or another control or invisible character in the file
// name or the message (which may quote the input) is written as a Go
// escape such as \n, \x1b or \u2028.
func (p Problem) Error() string {
	b, _ := p.AppendText(nil)
	return string(b)
}

// AppendText appends Error's text to b (it is encoding.TextAppender): a
// caller printing a million problems through one buffer allocates nothing
// for each.
func (p Problem) AppendText(b []byte) ([]byte, error) {
	if !p.Position.IsZero() {
		b = append(p.Position.appendTo(b), ": "...)
	}
	if p.Severity == Warning {
		b = append(b, "warning: "...)
	}
	return append(b, oneLine(p.Message)...), nil
}

// Unwrap returns the problem's class and, when it has one, its cause
// (Err), so that errors.Is and errors.As see both.
func (p Problem) Unwrap() []error {
	if p.Err != nil {
		return []error{p.Class, p.Err}
	}
	return []error{p.Class}
}

// oneLine returns s with every character that strconv.IsPrint refuses
// (but the space), and every byte that is not UTF-8, written as a Go
// escape, so that s prints as one line and sends nothing to a terminal
// but text (escape.OneLine, the rule the example programs share). It
// allocates only when it changes s.
func oneLine(s string) string { return escape.OneLine(s) }

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

// Errors returns the problems that are errors. When every problem is
// one it returns ps itself (with its capacity cut to its length, so that
// an append copies): a flood of a million is not copied.
func (ps Problems) Errors() Problems { return ps.only(Error) }

// Warnings returns the problems that are warnings; like Errors, ps
// itself when every problem is one.
func (ps Problems) Warnings() Problems { return ps.only(Warning) }

func (ps Problems) only(s Severity) Problems {
	n := 0
	for _, p := range ps {
		if p.Severity == s {
			n++
		}
	}
	switch n {
	case 0:
		return nil
	case len(ps):
		return ps[:n:n] // a flood of a million errors is not copied
	}
	out := make(Problems, 0, n)
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
