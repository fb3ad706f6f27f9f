package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/xlsx"
)

// book builds a workbook with excelize for a test.
type book struct {
	t *testing.T
	f *excelize.File
}

func newBook(t *testing.T) *book {
	t.Helper()
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetName("Sheet1", xlsx.Sheet))
	return &book{t, f}
}

// row sets the cells of row r from column A on; a nil value leaves its
// cell empty.
func (b *book) row(r int, vals ...any) *book {
	b.t.Helper()
	for i, v := range vals {
		if v == nil {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(i+1, r)
		require.NoError(b.t, err)
		require.NoError(b.t, b.f.SetCellValue(xlsx.Sheet, cell, v))
	}
	return b
}

// format gives cell a built-in number format (an int) or a format code (a
// string).
func (b *book) format(cell string, fmtID any) *book {
	b.t.Helper()
	st := &excelize.Style{}
	switch v := fmtID.(type) {
	case int:
		st.NumFmt = v
	case string:
		st.CustomNumFmt = &v
	}
	id, err := b.f.NewStyle(st)
	require.NoError(b.t, err)
	require.NoError(b.t, b.f.SetCellStyle(xlsx.Sheet, cell, cell, id))
	return b
}

func (b *book) bytes() []byte {
	b.t.Helper()
	var buf bytes.Buffer
	require.NoError(b.t, b.f.Write(&buf))
	return buf.Bytes()
}

// patch rewrites the parts of the workbook data that fn changes: fn gets
// each part's name and text and returns its new text.
func patch(t *testing.T, data []byte, fn func(name, text string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = io.WriteString(w, fn(f.Name, string(b)))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// inSheet is a patch function that replaces old with new in the first
// worksheet, failing the test when old is not there.
func inSheet(t *testing.T, old, new string) func(name, text string) string {
	return func(name, text string) string {
		if name != "xl/worksheets/sheet1.xml" {
			return text
		}
		require.Contains(t, text, old)
		return strings.Replace(text, old, new, 1)
	}
}

// read reads data with the package's reader.
func read(data []byte, lim source.Limits) ([]source.Document, []source.Problem) {
	_, docs, probs := xlsx.Read("book.xlsx", data, lim)
	return docs, probs
}

// flat renders the records of docs one a line, each field with its cell:
// "A4 target=t1, C4 value=0.3"; a default date is a line "B2 date=…".
func flat(docs []source.Document) []string {
	var out []string
	for _, doc := range docs {
		if v := doc.Date; v.Set {
			out = append(out, fmt.Sprintf("%s date=%s", xlsx.CellName(v.Line, v.Column), v.Text))
		}
		if v := doc.District; v.Set {
			out = append(out, fmt.Sprintf("%s district=%s", xlsx.CellName(v.Line, v.Column), v.Text))
		}
		for _, rec := range doc.Records {
			var fields []string
			for k, v := range rec.Fields {
				if v.Set {
					fields = append(fields, fmt.Sprintf("%s %s=%s", xlsx.CellName(v.Line, v.Column), source.Keys[k], v.Text))
				}
			}
			out = append(out, strings.Join(fields, ", "))
		}
	}
	return out
}

// render renders problems as the loader prints them.
func render(name string, probs []source.Problem) []string {
	var out []string
	for _, p := range probs {
		at := name
		if p.Line > 0 {
			at += ":" + xlsx.Sheet + "!" + xlsx.CellName(p.Line, p.Column)
		}
		sev := ""
		if p.Warning {
			sev = "warning: "
		}
		out = append(out, at+": "+sev+p.Message)
	}
	return out
}

// unzipSheet returns the text of the first worksheet of a workbook.
func unzipSheet(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			return string(b)
		}
	}
	t.Fatal("no xl/worksheets/sheet1.xml")
	return ""
}
