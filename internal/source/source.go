// Package source is the registry of readers for progress files that are
// not YAML, such as workbooks. A reader turns one file into documents of
// records whose values are text with positions (Document), so that the
// root package applies every rule of a progress file to them unchanged;
// the reader itself reports only what is about the file's cells.
//
// A reader registers itself from an init function, as database/sql
// drivers do, so that the root package never imports what it needs:
//
//	import _ "github.com/citybureau/renewal/xlsx"
package source

import (
	"fmt"
	"path"
	"strconv"
	"sync"
)

// Class of a problem, mapped by the loader onto renewal.ErrSyntax,
// ErrField, ErrValue, ErrReference and ErrRule.
type Class int8

// The classes, in the order of the root package's.
const (
	Syntax Class = iota
	Field
	Value
	Reference
	Rule
)

// Problem is one problem a reader found, at a cell: Line is the row,
// Column the column (both 1-based); 0, 0 for the whole file.
// Message is its text in English; Code, when set, names its wording in
// Words, and Args are its arguments, from which the loader renders it in
// any language.
type Problem struct {
	Line, Column int
	Warning      bool
	Class        Class
	Message      string
	Code         string
	Args         []string
}

// Limits the loader passes on to a reader.
type Limits struct {
	// FileBytes is the largest file the loader reads; a reader holds each
	// part it expands from it to the same size.
	FileBytes int64
	// Rows is the most rows a sheet may hold; 0 means the reader's default.
	Rows int
}

// Keys are the fields of a record, in the order of Record.Fields: the
// keys of a progress file's record.
var Keys = [NumFields]string{"target", "district", "date", "value", "numerator", "denominator", "done", "unit", "note", "correction"}

// NumFields is how many fields a record has.
const NumFields = 10

// Cell is one value a reader found, as text, and the cell it is in:
// Line is the row, Column the column. Set says the cell was filled in;
// a cell not set may still give its place (Line above 0): the empty cell
// of a field's column, where a problem about the missing field points.
type Cell struct {
	Text         string
	Line, Column int
	Set          bool
}

// Record is one record a reader found: the cell it starts at, and its
// fields by Keys: what is filled in, and the places of the empty ones.
type Record struct {
	Line, Column int
	Fields       [NumFields]Cell
}

// Document is the records of one sheet: the cell of its header, the
// sheet's default date if it gives one (or, not set, the cell where it
// would be), and the records in order.
type Document struct {
	Line, Column int
	Date         Cell
	// District is the sheet's mark of whose it is (a workbook's 填报单位),
	// a district's id or name as written; not set when it has none.
	District Cell
	Records  []Record
}

// Reader turns one file into progress documents, every value as text
// with its position: the loader applies every rule of a progress file to
// them, as to a YAML file's; the reader itself reports only what is about
// the file's cells. Sheet is the sheet name used in positions, such as
// "填报" in file.xlsx:填报!D7.
type Reader func(name string, data []byte, lim Limits) (sheet string, docs []Document, probs []Problem)

var (
	mu      sync.RWMutex
	readers = map[string]Reader{}
)

// Register makes r the reader of files whose name ends in ext, such as
// ".xlsx". It panics when ext already has a reader or r is nil, since
// that is a mistake in the program, not in its input.
func Register(ext string, r Reader) {
	mu.Lock()
	defer mu.Unlock()
	if r == nil {
		panic("source: Register of a nil reader for " + ext)
	}
	if _, dup := readers[ext]; dup {
		panic(fmt.Sprintf("source: Register called twice for %s", ext))
	}
	readers[ext] = r
}

// Lookup returns the reader registered for ext, and whether there is one.
func Lookup(ext string) (Reader, bool) {
	mu.RLock()
	defer mu.RUnlock()
	r, ok := readers[ext]
	return r, ok
}

// DefaultFileBytes is the largest file a reader reads when Limits.FileBytes
// is 0, as for YAML: 64 MiB.
const DefaultFileBytes = 64 << 20

// IsYAML reports whether a directory's load reads a file named name (a
// path, or a base name) as a YAML progress file by its extension:
// ".yaml" or ".yml", in lower case, as the loader's walk decides. A name
// Left names is skipped all the same. Writers share the rule, so that
// they never write a file a load would not read.
func IsYAML(name string) bool {
	ext := path.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// Leftover is a kind of file that an editor or an operating system leaves
// in a folder, which a directory's load skips with a warning whatever its
// extension.
type Leftover int8

// The kinds of leftover file.
const (
	NotLeftover Leftover = iota
	// ExcelLock is the lock file ~$… that Excel or WPS keeps beside a
	// workbook while it is open.
	ExcelLock
	// MacResource is the resource file ._… that macOS writes beside a
	// file it copies (to a USB stick, say).
	MacResource
)

// Left says what a file named base (no directory), met in a directory
// walk, is when it is a leftover, or NotLeftover for a file to read: the
// loader's rule, which writers share.
func Left(base string) Leftover {
	switch {
	case len(base) > 2 && base[:2] == "~$":
		return ExcelLock
	case len(base) > 2 && base[:2] == "._":
		return MacResource
	}
	return NotLeftover
}

// CellName returns the A1-style name of the cell at row and column, both
// from 1: CellName(7, 4) is "D7". A column below 1 is left out ("7").
func CellName(row, col int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}
