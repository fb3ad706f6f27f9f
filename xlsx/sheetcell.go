package xlsx

// This file reads one cell element of the sheet into a cell: its kind
// and text, before the column it stands in gives it a meaning.

import (
	"encoding/xml"
	"fmt"
	"github.com/citybureau/renewal/internal/source"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cellKind is what a cell holds once read.
type cellKind int8

const (
	cEmpty cellKind = iota
	cText
	cNumber
	cDate
	cBool
	cError
	cNoResult // a formula with no stored result
	cBad      // a cell the reader could not make sense of; msg says why
)

// cell is one cell of the sheet, read.
type cell struct {
	col  int
	kind cellKind
	text string // the text, the stored number, the error code or the formula
	pct  bool   // a number with a percent format
	date string // YYYY-MM-DD, for cDate
	msg  string // for cBad
}

// cell reads the cell element c just started, in row rowNo after column
// prev, and returns it with its column.
func (r *sheetReader) cell(x *xmlReader, e xml.StartElement, rowNo, prev int) (cell, int, error) {
	col, err := cellColumn(e, rowNo, prev)
	if err != nil {
		return cell{}, 0, err
	}
	raw := rawCell{}
	raw.typ, _ = attr(e, "t")
	if s, ok := attr(e, "s"); ok {
		raw.style, _ = strconv.Atoi(s)
	}
	if err := r.readCellBody(x, &raw); err != nil {
		return cell{}, 0, err
	}
	c := r.convert(raw)
	c.col = col
	if c.kind == cText {
		if r.textBytes += len(c.text); r.textBytes > maxTextBytes {
			return cell{}, 0, faultc(source.SheetTextCap, maxTextBytes, CellName(rowNo, col))
		}
	}
	return checkText(c), col, nil
}

// rawCell is a cell element as stored, before its type is applied: the
// type and style attributes, the stored value <v> and the inline string
// <is>, and which of <v>, <f> and <is> it holds.
type rawCell struct {
	typ               string
	style             int
	v, inline         string
	hasV, hasF, hasIS bool
}

// cellColumn returns the column of the cell element e, in row rowNo
// after column prev: its reference's, or the next when it has none.
func cellColumn(e xml.StartElement, rowNo, prev int) (int, error) {
	col := prev + 1
	if ref, ok := attr(e, "r"); ok {
		c, rw, ok := parseRef(ref)
		if !ok || (rw != rowNo && rowNo != 0) || c <= prev {
			return 0, faultf("the sheet 填报 has a cell %q in row %d after column %d; the file is damaged", shorten(ref), rowNo, prev)
		}
		col = c
	}
	if col > 16384 {
		return 0, faultf("the sheet 填报 has a cell past column XFD in row %d; the file is damaged", rowNo)
	}
	return col, nil
}

// readCellBody reads the children of a cell element up to its end into
// raw: the value, whether a formula is there, and the inline string.
func (r *sheetReader) readCellBody(x *xmlReader, raw *rawCell) error {
	for {
		t, err := x.next()
		if err != nil {
			return err // within a cell, the end of the part is cutOff
		}
		if end, ok := t.(xml.EndElement); ok && end.Name.Local == "c" {
			return nil
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "v":
			raw.hasV = true
			if raw.v, err = x.text(maxCellBytes); err != nil {
				return err
			}
		case "f":
			raw.hasF = true
			if err := x.skip(); err != nil {
				return err
			}
		case "is":
			raw.hasIS = true
			if raw.inline, err = r.inline(x); err != nil {
				return err
			}
		default:
			if err := x.skip(); err != nil {
				return err
			}
		}
	}
}

// convert gives a stored cell its kind by its type attribute, its value
// and its style.
func (r *sheetReader) convert(raw rawCell) cell {
	typ, v := raw.typ, raw.v
	switch {
	case typ == "inlineStr" || (raw.hasIS && !raw.hasV):
		return cell{kind: cText, text: unescapeX(raw.inline)}
	case raw.hasF && !raw.hasV, raw.hasF && v == "" && typ != "str":
		return cell{kind: cNoResult}
	case !raw.hasV || v == "":
		return cell{kind: cEmpty}
	case typ == "s":
		return r.sharedStringCell(v)
	case typ == "str":
		return cell{kind: cText, text: unescapeX(v)}
	case typ == "b":
		return cell{kind: cBool, text: map[bool]string{true: "TRUE", false: "FALSE"}[strings.TrimSpace(v) == "1"]}
	case typ == "e":
		return cell{kind: cError, text: strings.TrimSpace(v)}
	case typ == "d":
		d, err := isoDate(strings.TrimSpace(v))
		if err != nil {
			return cell{kind: cBad, msg: err.Error()}
		}
		return cell{kind: cDate, date: d.String()}
	case typ == "" || typ == "n":
		return r.numberCell(strings.TrimSpace(v), raw.style)
	}
	return cell{kind: cBad, msg: fmt.Sprintf("the cell has the unknown type %q; the file is damaged", shorten(typ))}
}

// sharedStringCell is a cell of type s, whose value v is an index into
// the workbook's shared strings.
func (r *sheetReader) sharedStringCell(v string) cell {
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || i < 0 || i >= r.strings.len() {
		return cell{kind: cBad, msg: fmt.Sprintf("the cell refers to shared string %q, which the workbook does not have; the file is damaged", shorten(v))}
	}
	return cell{kind: cText, text: r.strings.at(i)}
}

// numberCell is a number cell holding text, which its style makes a
// date, a percentage or a plain number.
func (r *sheetReader) numberCell(text string, style int) cell {
	c := cell{text: text}
	switch r.styles.kind(style) {
	case dateNumber:
		d, err := serialDate(c.text, r.date1904)
		if err != nil {
			c.kind, c.msg = cBad, err.Error()
		} else {
			c.kind, c.date = cDate, d.String()
		}
	case percentNumber:
		c.kind, c.pct = cNumber, true
	default:
		c.kind = cNumber
	}
	return c
}

// checkText trims a text cell, which is then empty when nothing is left,
// and refuses one longer than Excel allows.
func checkText(c cell) cell {
	if c.kind == cText {
		if c.text = trim(c.text); c.text == "" {
			c.kind = cEmpty
		} else if n := utf8.RuneCountInString(c.text); n > maxCellChars {
			c.kind, c.msg = cBad, fmt.Sprintf("the cell holds %d characters, more than Excel's %d", n, maxCellChars)
		}
	}
	return c
}

// inline reads the text of an inline string <is>, without phonetic runs.
func (r *sheetReader) inline(x *xmlReader) (string, error) {
	var b []byte
	depth, phonetic, inT := 1, 0, false
	for depth > 0 {
		t, err := x.next()
		if err != nil {
			return "", err // within a cell, the end of the part is cutOff
		}
		switch e := t.(type) {
		case xml.StartElement:
			depth++
			switch e.Name.Local {
			case "rPh":
				phonetic++
			case "t":
				inT = phonetic == 0
			}
		case xml.EndElement:
			depth--
			switch e.Name.Local {
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				if len(b)+len(e) > maxCellBytes {
					return "", faultf("a cell of the sheet 填报 is longer than Excel's 32,767 characters")
				}
				b = append(b, e...)
			}
		}
	}
	return string(b), nil
}

// parseRef reads a cell reference such as AB12 into column and row.
func parseRef(ref string) (col, row int, ok bool) {
	i := 0
	for ; i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i == len(ref) || ref[i] == '0' {
		return 0, 0, false
	}
	for _, c := range []byte(ref[i:]) {
		if c < '0' || c > '9' || row > 1<<20 {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col, row, col <= 16384 && row <= 1<<20
}
