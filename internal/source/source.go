// Package source is the registry of readers for progress files that are
// not YAML, such as workbooks (SPEC §7). A reader turns one file into the
// same yaml.v3 documents a progress file parses to, so that the root
// decoder applies every rule of SPEC §3 to them unchanged; the reader
// itself reports only what is about the file's cells.
//
// A reader registers itself from an init function, as database/sql
// drivers do, so that the root package never imports what it needs:
//
//	import _ "github.com/citybureau/renewal/xlsx"
package source

import (
	"fmt"
	"strconv"
	"sync"

	"gopkg.in/yaml.v3"
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
type Problem struct {
	Line, Column int
	Warning      bool
	Class        Class
	Message      string
}

// Limits the loader passes on to a reader.
type Limits struct {
	// FileBytes is the largest file the loader reads; a reader holds each
	// part it expands from it to the same size.
	FileBytes int64
	// Rows is the most rows a sheet may hold; 0 means the reader's default.
	Rows int
}

// Reader turns one file into progress documents. Each document is a
// *yaml.Node of kind DocumentNode whose content is a MappingNode in the
// shape of a SPEC §3 progress file: an optional `date`, and `records`, a
// SequenceNode of MappingNodes with the keys target, district, date,
// value, numerator, denominator, done, unit, note and correction, holding
// only what is filled in. Every node's Line and Column are the row and
// column of its cell. Scalars carry the cell's value as text (Tag "!!str",
// DoubleQuotedStyle). Sheet is the sheet name used in positions, such as
// "填报" in file.xlsx:填报!D7.
type Reader func(name string, data []byte, lim Limits) (sheet string, docs []*yaml.Node, probs []Problem)

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

// CellName returns the A1-style name of the cell at row and column, both
// from 1: CellName(7, 4) is "D7". A column below 1 is left out ("7").
func CellName(row, col int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}
