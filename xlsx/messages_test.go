package xlsx_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
)

// TestLongValuesCut: a problem quotes a stored value cut to its first 40
// bytes and its length, as the YAML reader's problems do, so that a
// 131,000-digit date serial makes a line of some hundred bytes, not one
// of 131 KB.
func TestLongValuesCut(t *testing.T) {
	digits := strings.Repeat("1", 131_000)
	// The first 40 bytes of each value, and its length in bytes.
	ones40 := strings.Repeat("1", 40) + "…(131000 bytes)"
	// number rounds the serial to 15 significant digits: 15 ones, then
	// zeros to the units, 131,000 digits in all.
	serial40 := strings.Repeat("1", 15) + strings.Repeat("0", 25) + "…(131000 bytes)"
	xs := strings.Repeat("x", 5000)
	xs40 := strings.Repeat("x", 40) + "…(5000 bytes)"
	head := `<row r="1">` + istr("目标编号") + istr("累计完成") + istr("日期") + `</row>`
	styled := func(rows string) []byte {
		// The style 1 of an excelize book is made a date format below.
		return patch(t, sheetXML(t, rows), func(name, text string) string {
			if name != "xl/styles.xml" {
				return text
			}
			i := strings.Index(text, "</cellXfs>")
			require.True(t, i >= 0)
			return text[:i] + `<xf numFmtId="14"/>` + text[i:]
		})
	}
	tests := []struct {
		name string
		rows string
		want string
	}{{
		name: "DateSerial",
		rows: head + `<row r="2">` + istr("t1") + `<c><v>1</v></c><c s="1"><v>` + digits + `</v></c></row>`,
		want: "book.xlsx:填报!C2: 日期: the date cell holds the serial " + serial40 + ", past 9999-12-31",
	}, {
		name: "NotANumber",
		rows: head + `<row r="2">` + istr("t1") + `<c><v>` + digits + `x</v></c></row>`,
		want: `book.xlsx:填报!B2: 累计完成: the number cell holds "` + ones40[:len(ones40)-len("131000 bytes)")] + `131001 bytes)", not a number`,
	}, {
		name: "NumberInADateColumn",
		rows: head + `<row r="2">` + istr("t1") + `<c><v>1</v></c><c><v>` + digits + `</v></c></row>`,
		want: "book.xlsx:填报!C2: 日期: the cell holds the number " + ones40 + ", not a date; enter a date (a date cell, or the text 2025-06-30)",
	}, {
		name: "ErrorValue",
		rows: head + `<row r="2">` + istr("t1") + `<c t="e"><v>#` + xs + `</v></c></row>`,
		want: "book.xlsx:填报!B2: 累计完成: the cell holds the error #" + strings.Repeat("x", 39) + "…(5001 bytes); want a figure such as 12 or 12.5",
	}, {
		name: "UnknownType",
		rows: head + `<row r="2">` + istr("t1") + `<c t="` + xs + `"><v>1</v></c></row>`,
		want: `book.xlsx:填报!B2: 累计完成: the cell has the unknown type "` + xs40 + `"; the file is damaged`,
	}, {
		name: "SharedStringIndex",
		rows: head + `<row r="2">` + istr("t1") + `<c t="s"><v>` + digits + `</v></c></row>`,
		want: `book.xlsx:填报!B2: 累计完成: the cell refers to shared string "` + ones40 + `", which the workbook does not have; the file is damaged`,
	}, {
		name: "TextDate",
		rows: head + `<row r="2">` + istr("t1") + `<c><v>1</v></c>` + istr("2025"+strings.Repeat(" ", 5000)+"/6/30") + `</row>`,
		want: `book.xlsx:填报!C2: 日期: "2025` + strings.Repeat(" ", 36) + `…(5009 bytes)" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`,
	}, {
		name: "RowNumber",
		rows: head + `<row r="` + digits + `"></row>`,
		want: `book.xlsx: the sheet 填报 has a row numbered "` + ones40 + `" after row 1; the file is damaged`,
	}, {
		name: "CellReference",
		rows: head + `<row r="2"><c r="A` + digits + `"><v>1</v></c></row>`,
		want: `book.xlsx: the sheet 填报 has a cell "A` + strings.Repeat("1", 39) + `…(131001 bytes)" in row 2 after column 0; the file is damaged`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := read(styled(tc.rows), source.Limits{})
			got := render("book.xlsx", probs)
			assert.Equal(t, []string{tc.want}, got)
			for _, line := range got {
				assert.Less(t, len(line), 300)
			}
		})
	}
	t.Run("SheetNames", func(t *testing.T) {
		data := bookOf(t, "", wsheet{strings.Repeat("表", 2000), worksheet("")}, wsheet{"说明", worksheet("")})
		_, probs := read(data, source.Limits{})
		assert.Equal(t, []string{"book.xlsx: the workbook has no sheet named 填报 (its sheets: " + strings.Repeat("表", 13) + "…(6000 bytes), 说明); the records are read from the sheet 填报"}, render("book.xlsx", probs))
	})
}
