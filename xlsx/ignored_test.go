package xlsx_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal/internal/source"
)

// TestUnheadedFigures: on a record row (one with anything in a field
// column), a figure in a column with nothing in the header row is not
// read, and a warning names its cell. The header of filled is A3 to K3.
func TestUnheadedFigures(t *testing.T) {
	data := filled(t).
		row(1, "亭湖区城市更新进度填报表", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 5). // a title row: not a record row
		// The figure typed one column past 更正说明: the row reads as an
		// unfilled template line, and only the warning tells.
		row(4, "neighbourhoods", "tinghu", nil, nil, nil, nil, nil, nil, nil, nil, nil, 14).
		// A record, and a figure as text two columns past.
		row(5, "land", nil, nil, 3, nil, nil, nil, nil, nil, nil, nil, nil, "1,200.5").
		// A note past the header is text, not a figure: no warning.
		row(6, "land", nil, 5, 4, nil, nil, nil, nil, nil, nil, nil, "已核实").
		// A percentage.
		row(7, "growth", nil, nil, "7%", nil, nil, nil, nil, nil, nil, nil, 0.85).format("L7", 10).
		// No field cell: a side note below the table, not a record row.
		row(8, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 99).
		bytes()
	docs, probs := read(data, source.Limits{})
	msg := func(cell, fig string) string {
		return "book.xlsx:填报!" + cell + ": warning: the figure " + fig + " is in a column with no header (" + cell[:1] + "3 is empty), so it is not read; move it to the column it belongs to, such as 累计完成, or give the column its header"
	}
	assert.Equal(t, []string{msg("L4", "14"), msg("M5", "1,200.5"), msg("L7", "85%")}, render("book.xlsx", probs))
	assert.Equal(t, []string{
		"B2 date=2025-06-30",
		"A5 target=land, D5 value=3",
		"A6 target=land, D6 value=4",
		"A7 target=growth, D7 value=7%",
	}, flat(docs))
}

// TestOtherSheets: a sheet other than 填报 that holds a figure gets a
// warning naming it; one of text and dates does not.
func TestOtherSheets(t *testing.T) {
	t.Run("CopiedSheet", func(t *testing.T) {
		b := filled(t).row(4, "neighbourhoods", "tinghu", nil, 14)
		for _, name := range []string{"说明", "填报 (2)"} {
			_, err := b.f.NewSheet(name)
			require.NoError(t, err)
		}
		require.NoError(t, b.f.SetSheetRow("说明", "A1", &[]any{"填报说明", "2025-06-30"}))
		require.NoError(t, b.f.SetCellValue("说明", "C1", 45838)) // a date cell: not a figure
		date, err := b.f.NewStyle(&excelize.Style{NumFmt: 14})
		require.NoError(t, err)
		require.NoError(t, b.f.SetCellStyle("说明", "C1", "C1", date))
		require.NoError(t, b.f.SetSheetRow("填报 (2)", "A4", &[]any{"coverage", "tinghu", nil, nil, 38, 45}))
		docs, probs := read(b.bytes(), source.Limits{})
		assert.Equal(t, []string{`book.xlsx: warning: the sheet "填报 (2)" holds figures (the first at E4), which are not read: records are read from the sheet 填报 only; copy the rows into 填报, or delete the sheet`}, render("book.xlsx", probs))
		assert.Equal(t, []string{"B2 date=2025-06-30", "A4 target=neighbourhoods, B4 district=tinghu, D4 value=14"}, flat(docs))
	})
	head := `<row>` + istr("目标编号") + istr("累计完成") + `</row><row>` + istr("t1") + `<c><v>7</v></c></row>`
	t.Run("CutOff", func(t *testing.T) {
		data := bookOf(t, "", wsheet{"填报", worksheet(head)}, wsheet{"Sheet2", strings.TrimSuffix(worksheet(`<row>`+istr("x")+`</row>`), "</sheetData></worksheet>")})
		_, probs := read(data, source.Limits{})
		assert.Equal(t, []string{`book.xlsx: warning: the sheet "Sheet2" could not be looked through for figures: the part xl/worksheets/sheet2.xml of the workbook ends before its closing tags; the file is cut off: save the workbook again, or send it again`}, render("book.xlsx", probs))
	})
	t.Run("PastTheLimit", func(t *testing.T) {
		// Rows: 10 makes the limit 3,000 tokens; 1,600 empty rows are
		// 3,200 tokens, a start and an end each, with no figure.
		empty := worksheet(strings.Repeat("<row/>", 1600))
		data := bookOf(t, "", wsheet{"填报", worksheet(head)}, wsheet{"空", empty}, wsheet{"数", worksheet(`<row><c><v>1</v></c></row>`)})
		docs, probs := read(data, source.Limits{Rows: 10})
		assert.Equal(t, []string{`book.xlsx: warning: the sheet "空" and those after it were not looked through for figures: the sheets other than 填报 together pass the limit of 67108864 bytes of XML or 3000 XML elements and texts`}, render("book.xlsx", probs))
		assert.Equal(t, []string{"A2 target=t1, B2 value=7"}, flat(docs))
	})
}
