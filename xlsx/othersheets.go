package xlsx

// This file looks through the workbook's sheets other than 填报 for
// figures: a copy of the sheet (填报 (2)) filled in by mistake is never
// read, and the clerk is told so.

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/citybureau/renewal/internal/source"
)

// errBudget ends the reading of a sheet other than 填报 once the other
// sheets together have expanded to maxSheetBytes.
var errBudget = errors.New("the other sheets pass their limit")

// budgetReader reads r while *left, shared by the other sheets, lasts.
type budgetReader struct {
	r    io.Reader
	left *int64
}

func (b budgetReader) Read(p []byte) (int, error) {
	if *b.left <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

// otherSheets warns of each sheet of the workbook but the one read (its
// part read) that holds a figure: a number cell with a value, not
// formatted as a date. The sheets are read in turn up to their first
// figure, all of them together held to the bounds of the 填报 sheet (64
// MiB of XML, 300 tokens a row of the row limit); a sheet past them, or
// one that cannot be read, gets a warning that it was not looked
// through.
func (r *sheetReader) otherSheets(a *archive, sheets []sheetRef, rels []relationship, read string) {
	bytesLeft, tokensLeft := int64(maxSheetBytes), tokensPerRow*r.rows
	for _, s := range sheets {
		part := ""
		for _, rel := range rels {
			if rel.id == s.rid {
				part = rel.target
			}
		}
		if part == "" || part == read || !a.has(part) {
			continue
		}
		name := strconv.Quote(shorten(s.name))
		if bytesLeft <= 0 || tokensLeft <= 0 {
			r.warn(0, 0, source.Syntax, source.OtherSheetsSkipped, name, maxSheetBytes, tokensPerRow*r.rows)
			return
		}
		at, used, err := r.findFigure(a, part, &bytesLeft, tokensLeft)
		tokensLeft -= used
		switch {
		case err == errBudget || tokensLeft < 0:
			r.warn(0, 0, source.Syntax, source.OtherSheetsSkipped, name, maxSheetBytes, tokensPerRow*r.rows)
			return
		case err != nil:
			r.warn(0, 0, source.Syntax, source.OtherSheetUnread, name, err)
		case at != "":
			r.warn(0, 0, source.Field, source.OtherSheetFigures, name, at)
		}
	}
}

// findFigure returns the cell of the first figure of the sheet in part,
// or "" when it has none, and the XML tokens it read; it takes the
// bytes it reads from *bytesLeft, and reads at most tokensLeft tokens.
func (r *sheetReader) findFigure(a *archive, part string, bytesLeft *int64, tokensLeft int) (string, int, error) {
	rc, err := a.open(part, maxSheetBytes)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	x := newXMLReader(budgetReader{rc, bytesLeft}, part, tokensLeft)
	rowNo, colNo, figure := 0, 0, false
	for {
		t, err := x.next()
		if err == io.EOF {
			return "", x.tokens, nil
		}
		if err != nil {
			return "", x.tokens, err
		}
		e, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "row":
			rowNo, colNo = rowNo+1, 0
			if n, err := strconv.Atoi(attrOr(e, "r")); err == nil {
				rowNo = n
			}
		case "c":
			colNo++
			if c, _, ok := parseRef(attrOr(e, "r")); ok {
				colNo = c
			}
			typ := attrOr(e, "t")
			style, err := strconv.Atoi(attrOr(e, "s"))
			if err != nil {
				style = 0
			}
			figure = (typ == "" || typ == "n") && r.styles.kind(style) != dateNumber
		case "v":
			if !figure {
				continue
			}
			v, err := x.text(maxCellBytes)
			if err != nil {
				return "", x.tokens, err
			}
			if strings.TrimSpace(v) != "" {
				return CellName(rowNo, colNo), x.tokens, nil
			}
		}
	}
}
