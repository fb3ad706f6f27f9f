package xlsx_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
)

// TestCutOffSheet reads workbooks whose zip archive is whole but whose
// sheet 填报 was cut off, as a file cut in the sending and zipped again
// is: each is an error that names the last whole row, and no record is
// read, never a short read of the rows before the cut.
func TestCutOffSheet(t *testing.T) {
	data := filled(t). // rows 1 to 3: title, 填报日期, header
				row(4, "neighbourhoods", "tinghu", nil, 14).
				row(5, "coverage", "tinghu", nil, nil, 38, 45).
				row(6, "group", "tinghu", nil, nil, nil, nil, "2025-03-12").
				bytes()
	sheet := unzipSheet(t, data)
	// before returns the sheet up to the first occurrence of s, off bytes
	// into it.
	before := func(s string, off int) string {
		i := strings.Index(sheet, s)
		require.True(t, i >= 0, "no %s in the sheet", s)
		return sheet[:i+off]
	}
	msg := func(where, last string) string {
		return "the sheet 填报 is cut off: its XML ends " + where + ", before its closing tags, so rows may be missing (its last whole row is " + last + "); no record of the file is read: save the workbook again, or send it again"
	}
	tests := []struct {
		name, xml, want string
	}{
		{"InATag", before(`<c r="F5"`, len(`<c r="F`)), msg("inside row 5", "row 4")},
		{"InAValue", before(`<c r="F5"`, len(`<c r="F5"><v>4`)), msg("inside row 5", "row 4")},
		{"BetweenCells", before(`<c r="F5"`, 0), msg("inside row 5", "row 4")},
		{"BetweenRows", before(`<row r="6"`, 0), msg("after row 5", "row 5")},
		{"InATitleRow", before(`<row r="2"`, len(`<row r="2">`)), msg("inside row 2", "row 1")},
		{"AfterTheRows", before(`</sheetData>`, len(`</sheetData>`)), msg("after its rows", "row 6")},
		{"NoLastClosingTag", before(`</worksheet>`, 0), msg("after its rows", "row 6")},
		{"Empty", "", msg("before its first row", "none")},
		{"BeforeTheRows", before(`<sheetData>`, len(`<sheetData>`)), msg("before its first row", "none")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			book := patch(t, data, func(name, text string) string {
				if name == "xl/worksheets/sheet1.xml" {
					return tc.xml
				}
				return text
			})
			docs, probs := read(book, source.Limits{})
			assert.Equal(t, []string{"book.xlsx: " + tc.want}, render("book.xlsx", probs))
			assert.Empty(t, flat(docs))
		})
	}
	t.Run("Whole", func(t *testing.T) {
		docs, probs := read(data, source.Limits{})
		assert.Empty(t, probs)
		assert.Len(t, flat(docs), 4) // the date and three records
	})
}

// TestCutOffParts: a part other than the sheet cut off is an error too,
// naming the part.
func TestCutOffParts(t *testing.T) {
	data := filled(t).row(4, "neighbourhoods", "tinghu", nil, 14).bytes()
	for _, part := range []string{"xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"} {
		t.Run(part, func(t *testing.T) {
			book := patch(t, data, func(name, text string) string {
				if name == part {
					return text[:len(text)-len("</x>")]
				}
				return text
			})
			_, probs := read(book, source.Limits{})
			assert.Equal(t, []string{"book.xlsx: the part " + part + " of the workbook ends before its closing tags; the file is cut off: save the workbook again, or send it again"}, render("book.xlsx", probs))
		})
	}
}

// TestUnbalancedSheet: a closing tag with no opening one, or a second
// root element, is not well-formed XML; counting the elements open, which
// finds a cut-off part, relies on it.
func TestUnbalancedSheet(t *testing.T) {
	head := `<row>` + istr("目标编号") + istr("累计完成") + `</row>`
	for name, tc := range map[string]struct{ xml, want string }{
		"ExtraClosingTag": {
			worksheet(head) + `</worksheet>`,
			"a closing tag </worksheet> with no opening one",
		},
		"SecondRoot": {
			worksheet(head) + worksheet(`<row>` + istr("t1") + `<c><v>7</v></c></row>`)[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)+1:],
			"a second root element <worksheet>",
		},
	} {
		t.Run(name, func(t *testing.T) {
			docs, probs := read(bookOf(t, "", wsheet{"填报", tc.xml}), source.Limits{})
			assert.Equal(t, []string{"book.xlsx: the part xl/worksheets/sheet1.xml of the workbook is not well-formed XML (" + tc.want + "); the file is damaged"}, render("book.xlsx", probs))
			assert.Empty(t, flat(docs))
		})
	}
}
