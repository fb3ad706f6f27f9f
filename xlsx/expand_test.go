package xlsx_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
)

// Tests of what a workbook expands to: shared strings referred to by
// many cells, and the bound on the text of the cells.

const (
	mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// wsheet is one sheet of a workbook made by bookOf: its name and the
// whole XML of its worksheet part.
type wsheet struct{ name, xml string }

// worksheet returns the XML of a worksheet whose sheetData holds rows.
func worksheet(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheetData>` + rows + `</sheetData></worksheet>`
}

// sst returns the XML of a shared strings part of the strings given.
func sst(strs ...string) string {
	var b strings.Builder
	b.WriteString(`<sst xmlns="` + mainNS + `">`)
	for _, s := range strs {
		b.WriteString("<si><t>" + s + "</t></si>")
	}
	return b.String() + "</sst>"
}

// bookOf returns the smallest workbook the reader reads: the sheets in
// order, and the shared strings part sharedStrings when not "".
func bookOf(t *testing.T, sharedStrings string, sheets ...wsheet) []byte {
	var wb, rels strings.Builder
	wb.WriteString(`<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>`)
	rels.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	files := map[string]string{}
	for i, s := range sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, relNS, i+1)
		files[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = s.xml
	}
	if sharedStrings != "" {
		fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, relNS)
		files["xl/sharedStrings.xml"] = sharedStrings
	}
	files["xl/workbook.xml"] = wb.String() + `</sheets></workbook>`
	files["xl/_rels/workbook.xml.rels"] = rels.String() + `</Relationships>`
	return zipOf(t, files)
}

// istr is an inline string cell.
func istr(s string) string { return `<c t="inlineStr"><is><t>` + s + `</t></is></c>` }

// measured reads data and returns its records, its problems and the bytes
// the read allocated.
func measured(t *testing.T, data []byte) ([]string, []source.Problem, uint64) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	docs, probs := read(data, source.Limits{})
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes read in %v, %d KB allocated", len(data), took, alloc>>10)
	if took > hostileLimit {
		t.Errorf("took %v, more than %v", took, hostileLimit)
	}
	var recs []string
	for _, doc := range docs {
		for _, rec := range doc.Records {
			last := ""
			for _, f := range rec.Fields {
				if f.Set {
					last = f.Text // the record's last field
				}
			}
			recs = append(recs, last)
		}
	}
	return recs, probs, alloc
}

// TestSharedStringBomb: a workbook of a few kilobytes whose 16,384 cells all
// refer to one shared string of 32,767 characters would expand to 537 MB
// of text (16,384 × 32,767 bytes). It is refused once the cells' text
// passes 64 MiB, and costs a bounded few megabytes on the way.
func TestSharedStringBomb(t *testing.T) {
	big := strings.Repeat("x", 32767)
	var rows strings.Builder
	rows.WriteString(`<row>` + istr("目标编号") + istr("备注") + `</row>`)
	for range 128 {
		rows.WriteString(`<row>` + strings.Repeat(`<c t="s"><v>0</v></c>`, 128) + `</row>`)
	}
	data := bookOf(t, sst(big), wsheet{"填报", worksheet(rows.String())})
	assert.Less(t, len(data), 64<<10, "the workbook is small")
	_, probs, alloc := measured(t, data)
	// The header's text is 12 + 6 bytes; 2,048 references make
	// 2,048 × 32,767 = 67,106,816 bytes, 18 more 67,106,834, under
	// 64 MiB = 67,108,864; the 2,049th passes it. 16 rows of 128 cells
	// after the header (rows 2 to 17) hold 2,048 references, so the
	// 2,049th is A18.
	require.Len(t, probs, 1)
	assert.Equal(t, "the cells of the sheet 填报 hold more than 67108864 bytes of text (64 MiB, a shared string counted at each cell that refers to it), the limit; reading stopped at A18", probs[0].Message)
	assert.Less(t, alloc, uint64(32<<20), "a shared string is not copied for each cell")
}

// TestSharedStringOneCopy: 1,000 records whose notes refer to one shared
// string of 32,767 characters hold that string once: each note is the
// same string, not a copy of it.
func TestSharedStringOneCopy(t *testing.T) {
	big := strings.Repeat("x", 32767)
	var rows strings.Builder
	rows.WriteString(`<row>` + istr("目标编号") + istr("备注") + `</row>`)
	for range 1000 {
		rows.WriteString(`<row>` + istr("t1") + `<c t="s"><v>0</v></c></row>`)
	}
	data := bookOf(t, sst(big), wsheet{"填报", worksheet(rows.String())})
	notes, probs, alloc := measured(t, data)
	assert.Empty(t, render("book.xlsx", probs))
	require.Len(t, notes, 1000)
	for i, n := range notes {
		if n != big || unsafe.StringData(n) != unsafe.StringData(notes[0]) {
			t.Fatalf("note %d is not the shared string itself", i+1)
		}
	}
	// 1,000 copies would be 32.8 MB.
	assert.Less(t, alloc, uint64(16<<20))
}
