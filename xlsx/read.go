package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	figtext "github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/source"
)

// Sheet is the name of the sheet records are read from.
const Sheet = "填报"

// DefaultRows is the most rows a 填报 sheet may hold when Limits.Rows is
// 0: more than the whole city reports in a year (11 districts × 50 goals
// × 12 months is 6,600), and few enough that the records of a full sheet
// stay some tens of megabytes.
const DefaultRows = 10_000

func init() { source.Register(".xlsx", Read) }

// Read is the source.Reader of xlsx workbooks: it reads the records of
// the sheet 填报 of the workbook data (named name in messages) into one
// progress document. See the package documentation.
func Read(name string, data []byte, lim source.Limits) (sheet string, docs []source.Document, probs []source.Problem) {
	r := &sheetReader{rows: lim.Rows}
	if r.rows <= 0 {
		r.rows = DefaultRows
	}
	var doc *source.Document
	var err error
	if lim.FileBytes > 0 && int64(len(data)) > lim.FileBytes {
		err = faultc(source.WorkbookTooLarge, len(data), lim.FileBytes)
	} else {
		doc, err = r.read(data, lim.FileBytes)
	}
	if err != nil {
		var f fault
		if !errors.As(err, &f) {
			f = faultf("%s", err.Error())
		}
		return Sheet, nil, append(r.probs, source.Problem{Class: source.Syntax, Message: f.Error(), Code: f.code, Args: f.args})
	}
	if doc == nil {
		return Sheet, nil, r.probs
	}
	return Sheet, []source.Document{*doc}, r.probs
}

// ReadRecords is Read for a workbook in r, of size bytes, with the
// default limits: a direct call for callers that hold a workbook
// without the loader.
func ReadRecords(name string, r io.ReaderAt, size int64) (docs []source.Document, probs []source.Problem) {
	if size > source.DefaultFileBytes {
		f := faultc(source.WorkbookTooLarge, size, source.DefaultFileBytes)
		return nil, []source.Problem{{Class: source.Syntax, Message: f.Error(), Code: f.code, Args: f.args}}
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		f := faultf("the file cannot be read: %v", err)
		return nil, []source.Problem{{Class: source.Syntax, Message: f.Error(), Code: f.code, Args: f.args}}
	}
	_, docs, probs = Read(name, data, source.Limits{})
	return docs, probs
}

// field is a column of the 填报 sheet that the reader reads.
type field int8

const (
	fTarget field = iota
	fDistrict
	fDate
	fValue
	fNumerator
	fDenominator
	fDone
	fUnit
	fNote
	fCorrection
	nFields
)

// headers are the field columns' header texts, in field order, which is
// the order of source.Keys.
var headers = [nFields]string{"目标编号", "县区编号", "日期", "累计完成", "分子", "分母", "完成日期", "单位", "备注", "更正说明"}

// The reader's fields are source.Record's: the index fails to compile
// if the counts differ.
var _ = [1]struct{}{}[nFields-source.NumFields]

func (f field) isDate() bool   { return f == fDate || f == fDone }
func (f field) isFigure() bool { return f == fValue || f == fNumerator || f == fDenominator }

// dateHeader is the title-row cell whose right neighbour gives the
// sheet's default date.
const dateHeader = "填报日期"

// districtHeader is the title-row cell whose right neighbour marks the
// workbook as a district's: its id or name.
const districtHeader = "填报单位"

// sheetReader reads the 填报 sheet of one workbook.
type sheetReader struct {
	rows     int
	date1904 bool
	styles   styles
	strings  *sharedStrings
	probs    []source.Problem
	// textBytes is the text of the cells read so far; see maxTextBytes.
	textBytes int

	// Set once the header row is found.
	header  int // its row; 0 before
	columns map[int]field
	headed  map[int]bool // the columns with anything in the header row
	cols    [nFields]int // the column of each field, 0 when absent
	// The 填报日期 cell, for the default date.
	dateLabel   [2]int // row, column
	defaultDate source.Cell
	// The 填报单位 cell, and the text to its right.
	districtLabel [2]int
	district      source.Cell
	records       []source.Record
}

// problem reports the problem of code (of source.Words) with args, each
// as text, at row and col.
func (r *sheetReader) problem(row, col int, class source.Class, code string, args ...any) {
	f := faultc(code, args...)
	r.probs = append(r.probs, source.Problem{Line: row, Column: col, Class: class, Message: f.Error(), Code: f.code, Args: f.args})
}

// warn is problem for a warning.
func (r *sheetReader) warn(row, col int, class source.Class, code string, args ...any) {
	r.problem(row, col, class, code, args...)
	r.probs[len(r.probs)-1].Warning = true
}

func (r *sheetReader) read(data []byte, limit int64) (*source.Document, error) {
	a, err := openArchive(data, limit)
	if err != nil {
		return nil, err
	}
	part, err := a.findWorkbook()
	if err != nil {
		return nil, err
	}
	wb, err := a.readWorkbook(part)
	if err != nil {
		return nil, err
	}
	r.date1904 = wb.date1904
	rels, err := a.readRels(part)
	if err != nil {
		return nil, err
	}
	sheetPart := ""
	var names []string
	for _, s := range wb.sheets {
		names = append(names, s.name)
		if s.name == Sheet && sheetPart == "" {
			for _, rel := range rels {
				if rel.id == s.rid {
					sheetPart = rel.target
				}
			}
			if sheetPart == "" || !a.has(sheetPart) {
				return nil, faultf("the workbook's sheet 填报 has no worksheet part; the file is damaged")
			}
		}
	}
	if sheetPart == "" {
		return nil, faultc(source.WorkbookNoSheet, sheetList(names))
	}
	if r.styles, err = a.readStyles(relOfType(rels, "styles")); err != nil {
		return nil, err
	}
	if r.strings, err = a.readSharedStrings(relOfType(rels, "sharedStrings")); err != nil {
		return nil, err
	}
	rc, err := a.open(sheetPart, maxSheetBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if err := r.walk(newXMLReader(rc, sheetPart, tokensPerRow*r.rows)); err != nil {
		return nil, err
	}
	r.otherSheets(a, wb.sheets, rels, sheetPart)
	if r.header == 0 {
		r.problem(0, 0, source.Field, source.SheetNoHeader, strings.Join(headers[:], " "))
		return nil, nil
	}
	return r.document(), nil
}

// cut is shorten keeping n bytes, for a message of the XML parser, which
// may quote a tag.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		i--
	}
	return s[:i] + fmt.Sprintf("…(%d bytes)", len(s))
}

// shorten cuts a stored text quoted in a problem to its first 40 bytes
// and its length, as the YAML reader's problems do, so that a value of a
// million digits makes a line of some sixty bytes.
func shorten(s string) string { return figtext.Shorten(s) }

func sheetList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	const most = 10
	more := ""
	if len(names) > most {
		names, more = names[:most], fmt.Sprintf(" and %d more", len(names)-most)
	}
	cuts := make([]string, len(names))
	for i, n := range names {
		cuts[i] = shorten(n)
	}
	return strings.Join(cuts, ", ") + more
}

// walk streams the sheet's rows, one at a time, and then the rest of
// the sheet's XML to its end, so that a sheet cut off anywhere is an
// error that names its last whole row, never a short read.
func (r *sheetReader) walk(x *xmlReader) error {
	var row []cell
	rowNo, colNo := 0, 0
	inRow, lastWhole, rowsDone := false, 0, false
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return sheetCutOff(err, inRow, rowsDone, rowNo, lastWhole)
		}
		if rowsDone {
			continue
		}
		switch e := t.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "row":
				n := rowNo + 1
				if v, ok := attr(e, "r"); ok {
					if n, err = strconv.Atoi(v); err != nil || n <= rowNo {
						return faultf("the sheet 填报 has a row numbered %q after row %d; the file is damaged", shorten(v), rowNo)
					}
				}
				if n > maxRows {
					return faultf("the sheet 填报 has a row past row %d, Excel's last; the file is damaged", maxRows)
				}
				rowNo, colNo, row, inRow = n, 0, row[:0], true
			case "c":
				c, n, err := r.cell(x, e, rowNo, colNo)
				if err != nil {
					return sheetCutOff(err, inRow, rowsDone, rowNo, lastWhole)
				}
				colNo = n
				if c.kind != cEmpty {
					if rowNo > r.rows {
						return faultc(source.SheetTooManyRows, r.rows, rowNo, r.rows)
					}
					row = append(row, c)
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "row":
				r.row(rowNo, row)
				inRow, lastWhole = false, rowNo
			case "sheetData":
				rowsDone = true
			}
		}
	}
}

// sheetCutOff returns err, or when it is cutOff, the error of a 填报
// sheet cut off: inside row rowNo (inRow), after its rows (rowsDone) or
// between them, with lastWhole its last whole row.
func sheetCutOff(err error, inRow, rowsDone bool, rowNo, lastWhole int) error {
	if _, ok := err.(cutOff); !ok {
		return err
	}
	where := "before its first row"
	switch {
	case inRow:
		where = fmt.Sprintf("inside row %d", rowNo)
	case rowsDone:
		where = "after its rows"
	case lastWhole > 0:
		where = fmt.Sprintf("after row %d", lastWhole)
	}
	last := "none"
	if lastWhole > 0 {
		last = fmt.Sprintf("row %d", lastWhole)
	}
	return faultc(source.SheetCutOff, where, last)
}

// CellName returns the A1-style name of the cell at row and column, both
// from 1: CellName(7, 4) is "D7".
func CellName(row, col int) string { return source.CellName(row, col) }

// row takes one row of the sheet: a title row before the header, the
// header, or a record after it.
func (r *sheetReader) row(rowNo int, cells []cell) {
	if len(cells) == 0 {
		return
	}
	if r.header == 0 {
		for _, c := range cells {
			if c.kind == cText && c.text == headers[fTarget] {
				r.readHeader(rowNo, cells)
				return
			}
		}
		r.titleRow(rowNo, cells)
		return
	}
	r.record(rowNo, cells)
}

// titleRow looks for the 填报日期 cell, whose right neighbour holds the
// sheet's default date, and the 填报单位 cell, whose right neighbour
// names the district whose workbook it is.
func (r *sheetReader) titleRow(rowNo int, cells []cell) {
	for i, c := range cells {
		if c.kind == cText && strings.TrimRight(c.text, ":：") == districtHeader {
			r.districtMark(rowNo, c, cells[i+1:])
			continue
		}
		if c.kind != cText || strings.TrimRight(c.text, ":：") != dateHeader {
			continue
		}
		if r.dateLabel[0] != 0 {
			r.problem(rowNo, c.col, source.Field, source.SheetLabelTwice, dateHeader, CellName(r.dateLabel[0], r.dateLabel[1]))
			continue
		}
		r.dateLabel = [2]int{rowNo, c.col}
		if i+1 >= len(cells) || cells[i+1].col != c.col+1 {
			continue // no date given
		}
		v := cells[i+1]
		if text, ok := r.value(fDate, dateHeader, rowNo, v); ok && text != "" {
			r.defaultDate = source.Cell{Text: text, Line: rowNo, Column: v.col, Set: true}
		}
	}
}

// districtMark reads the 填报单位 cell c of row rowNo, and after it the
// rest of the row: the text right of it, if any, marks the workbook.
func (r *sheetReader) districtMark(rowNo int, c cell, rest []cell) {
	if r.districtLabel[0] != 0 {
		r.problem(rowNo, c.col, source.Field, source.SheetLabelTwice, districtHeader, CellName(r.districtLabel[0], r.districtLabel[1]))
		return
	}
	r.districtLabel = [2]int{rowNo, c.col}
	if len(rest) == 0 || rest[0].col != c.col+1 {
		return // no district named
	}
	if text, ok := r.value(fDistrict, districtHeader, rowNo, rest[0]); ok && text != "" {
		r.district = source.Cell{Text: text, Line: rowNo, Column: rest[0].col, Set: true}
	}
}

func (r *sheetReader) readHeader(rowNo int, cells []cell) {
	r.header = rowNo
	r.columns = make(map[int]field)
	r.headed = make(map[int]bool, len(cells))
	for _, c := range cells {
		r.headed[c.col] = true
		if c.kind != cText {
			continue
		}
		for f, h := range headers {
			if c.text != h {
				continue
			}
			if first := r.cols[f]; first != 0 {
				r.problem(rowNo, c.col, source.Field, source.SheetHeaderTwice, h, CellName(rowNo, first), CellName(rowNo, c.col))
				continue
			}
			r.cols[f] = c.col
			r.columns[c.col] = field(f)
		}
	}
}

// record turns a row after the header into a record mapping, when it is
// one: any field cell but 目标编号 and 县区编号 holds something.
func (r *sheetReader) record(rowNo int, cells []cell) {
	rec := source.Record{Line: rowNo, Column: r.cols[fTarget]}
	isRecord, bad, inField := false, false, false
	var unheaded []cell // figures in columns with no header
	for _, c := range cells {
		f, ok := r.columns[c.col]
		if !ok {
			if !r.headed[c.col] && isFigure(c) {
				unheaded = append(unheaded, c)
			}
			continue
		}
		inField = true
		if f != fTarget && f != fDistrict {
			isRecord = true
		}
		text, ok := r.value(f, headers[f], rowNo, c)
		if !ok {
			bad = true
			continue
		}
		rec.Fields[f] = source.Cell{Text: text, Line: rowNo, Column: c.col, Set: true}
	}
	if inField {
		for _, c := range unheaded {
			r.warn(rowNo, c.col, source.Field, source.SheetUnheaded, shorten(shown(c)), CellName(r.header, c.col))
		}
	}
	if !isRecord || bad {
		// An unfilled template line; or a row whose cells have errors,
		// each reported, which the decoder sees once they are fixed.
		return
	}
	// An empty cell of a field column is where the field would be: a
	// problem about a missing field names it.
	for f, col := range r.cols {
		if col != 0 && !rec.Fields[f].Set {
			rec.Fields[f] = source.Cell{Line: rowNo, Column: col}
		}
	}
	r.records = append(r.records, rec)
}

// value returns the text of cell c in the column of field f (headed
// what), or reports why the cell cannot be read there.
func (r *sheetReader) value(f field, what string, rowNo int, c cell) (string, bool) {
	fail := func(code string, args ...any) (string, bool) {
		r.problem(rowNo, c.col, source.Value, code, append([]any{what}, args...)...)
		return "", false
	}
	switch c.kind {
	case cBad:
		return fail(source.CellUnreadable, c.msg)
	case cBool:
		return fail(source.CellTruthValue, c.text, want(f))
	case cError:
		return fail(source.CellErrorValue, shorten(c.text), want(f))
	case cNoResult:
		return fail(source.CellNoResult, want(f))
	case cText:
		if f.isDate() {
			if err := textDate(c.text); err != nil {
				return fail(err.code, anys(err.args)...)
			}
		}
		return c.text, true
	case cDate:
		if f.isFigure() {
			return fail(source.CellDateForFigure, c.date)
		}
		return c.date, true
	case cNumber:
		if f.isDate() {
			return fail(source.CellNumberForDate, shorten(c.text))
		}
		shift := 0
		if c.pct {
			shift = 2
		}
		text, err := number(c.text, shift)
		if err != nil {
			return fail(source.CellUnreadable, err)
		}
		if c.pct {
			text += "%"
		}
		return text, true
	}
	return "", true
}

// anys returns args as arguments of problem.
func anys(args []string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// isFigure reports whether cell c holds a figure: a number, or text
// that reads as one (12, 1,200.5, 85%).
func isFigure(c cell) bool {
	return c.kind == cNumber || (c.kind == cText && figureText.MatchString(c.text))
}

var figureText = regexp.MustCompile(`^[+-]?((\d+|\d{1,3}(,\d{3})+)(\.\d*)?|\.\d+)%?$`)

// shown is the text of a figure cell as a problem quotes it: a number as
// the cell shows it, when it can be read.
func shown(c cell) string {
	if c.kind != cNumber {
		return c.text
	}
	shift := 0
	if c.pct {
		shift = 2
	}
	text, err := number(c.text, shift)
	if err != nil {
		return c.text
	}
	if c.pct {
		text += "%"
	}
	return text
}

func want(f field) string {
	switch {
	case f.isDate():
		return "a date such as 2025-06-30"
	case f.isFigure():
		return "a figure such as 12 or 12.5"
	}
	return "some text"
}

// document returns the progress document: the default date, if given,
// and the records. A 填报日期 label with no date beside it leaves the
// date's cell, not set, for a problem about a record with no date.
func (r *sheetReader) document() *source.Document {
	date := r.defaultDate
	if !date.Set && r.dateLabel[0] != 0 {
		date = source.Cell{Line: r.dateLabel[0], Column: r.dateLabel[1] + 1}
	}
	return &source.Document{Line: r.header, Column: r.cols[fTarget], Date: date, District: r.district, Records: r.records}
}
