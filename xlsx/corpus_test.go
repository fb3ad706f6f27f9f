package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files of testdata/bad")
	corpus = flag.Bool("corpus", false, "rewrite the workbooks of testdata/bad that Go builds")
)

// badBooks build the workbooks of testdata/bad that Go can make.
// excel-97.xlsx and opendocument.xlsx are testdata/outside/filled.xlsx
// saved by LibreOffice as .xls and .ods (soffice --headless --convert-to
// xls, ods) under an .xlsx name.
var badBooks = map[string]func(t *testing.T) []byte{
	"empty":    func(t *testing.T) []byte { return nil },
	"csv-text": func(t *testing.T) []byte { return []byte("目标编号,累计完成\nneighbourhoods,7\n") },
	"html-export": func(t *testing.T) []byte {
		return []byte("<html><body><table><tr><td>目标编号</td></tr></table></body></html>\n")
	},
	"password-protected": func(t *testing.T) []byte { return encryptedOLE() },
	"cut-off": func(t *testing.T) []byte {
		data := filled(t).row(4, "neighbourhoods", "tinghu", nil, 7).bytes()
		return data[:len(data)*2/3]
	},
	"not-a-workbook": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"readme.txt": "hello"})
	},
	"word-document": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	},
	"no-sheet": func(t *testing.T) []byte {
		b := newBook(t).row(1, "目标编号")
		require.NoError(t, b.f.SetSheetName("填报", "填报表"))
		return b.bytes()
	},
	"no-header": func(t *testing.T) []byte {
		return newBook(t).row(1, "亭湖区城市更新进度填报表").row(2, "编号", "累计完成").row(3, "neighbourhoods", 7).bytes()
	},
	"header-twice": func(t *testing.T) []byte {
		return newBook(t).row(1, "目标编号", "县区编号", "累计完成", "备注", "县区编号").row(2, "neighbourhoods", "tinghu", 7).bytes()
	},
	"bad-cells": func(t *testing.T) []byte {
		data := filled(t).
			row(4, "neighbourhoods", "tinghu", nil, false).
			row(5, "neighbourhoods", "yandu", nil, 45838).format("D5", "yyyy-mm-dd").
			row(6, "leading-group", "tinghu", nil, nil, nil, nil, 45728).
			row(7, "neighbourhoods", "dafeng", nil, 3, nil, nil, nil, "2025.6.30").
			row(8, "leading-group", "yandu", nil, nil, nil, nil, "2025年3月12日").
			row(9, "coverage", "tinghu", nil, nil, 1, 45).
			row(10, "coverage", "yandu", nil, nil, 40, 50, nil, 0).format("H10", 14).
			bytes()
		data = patch(t, data, inSheet(t, `<c r="E9"><v>1</v></c>`, `<c r="E9" t="e"><f>#REF!+1</f><v>#REF!</v></c>`))
		return patch(t, data, inSheet(t, `<c r="E10"><v>40</v></c>`, `<c r="E10"><f>SUM(X1:X9)</f></c>`))
	},
	"bad-shared-string": func(t *testing.T) []byte {
		data := newBook(t).row(1, "目标编号", "累计完成").row(2, "neighbourhoods", 7).bytes()
		return patch(t, data, inSheet(t, `<c r="A2" t="s"><v>2</v></c>`, `<c r="A2" t="s"><v>999</v></c>`))
	},
	"bad-xml": func(t *testing.T) []byte {
		data := newBook(t).row(1, "目标编号", "累计完成").row(2, "neighbourhoods", 7).bytes()
		return patch(t, data, inSheet(t, `<row r="2">`, `<row r="2"><c r="A2"`))
	},
	"zip-bomb": func(t *testing.T) []byte {
		// 80 MiB of empty rows, some 80 KB deflated: more than the 64 MiB
		// a sheet may expand to.
		return bomb(t, 80<<20, false)
	},
	"zip-bomb-lying": func(t *testing.T) []byte {
		// The same, with the sizes in the archive's directory claiming 1 KB.
		return bomb(t, 80<<20, true)
	},
	"million-rows": func(t *testing.T) []byte {
		rows := strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>`, 1_000_000)
		return sheetXML(t, `<row><c t="inlineStr"><is><t>目标编号</t></is></c><c t="inlineStr"><is><t>累计完成</t></is></c></row>`+rows)
	},
	"long-cell": func(t *testing.T) []byte {
		return sheetXML(t, `<row><c t="inlineStr"><is><t>目标编号</t></is></c><c t="inlineStr"><is><t>备注</t></is></c></row>`+
			`<row><c t="inlineStr"><is><t>neighbourhoods</t></is></c><c t="inlineStr"><is><t>`+strings.Repeat("长", 40_000)+`</t></is></c></row>`)
	},
}

// TestBadWorkbooks reads each workbook of testdata/bad and checks its
// problems against its golden file: each fault a clear problem, never a
// crash.
func TestBadWorkbooks(t *testing.T) {
	if *corpus {
		for name, build := range badBooks {
			require.NoError(t, os.WriteFile(filepath.Join("testdata/bad", name+".xlsx"), build(t), 0o644))
		}
	}
	files, err := filepath.Glob("testdata/bad/*.xlsx")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), len(badBooks)+2)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".xlsx"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			docs, probs := read(data, source.Limits{})
			got := strings.Join(render(name, probs), "\n") + "\n"
			if recs := flat(docs); len(recs) > 0 {
				got += "records:\n" + strings.Join(recs, "\n") + "\n"
			}
			assert.NotEmpty(t, probs, "a bad workbook with no problem")
			for _, p := range probs {
				assert.False(t, p.Warning, "%s: every fault is an error", p.Message)
			}
			golden := strings.TrimSuffix(path, ".xlsx") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), got)
		})
	}
}

// zipOf returns a zip archive of the given files.
func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(text))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// sheetXML returns a workbook whose sheet 填报 has the rows given as XML.
func sheetXML(t *testing.T, rows string) []byte {
	data := newBook(t).row(1, "x").bytes()
	return patch(t, data, func(name, text string) string {
		if name != "xl/worksheets/sheet1.xml" {
			return text
		}
		i, j := strings.Index(text, "<sheetData>"), strings.Index(text, "</sheetData>")
		require.True(t, i >= 0 && j > i)
		return text[:i] + "<sheetData>" + rows + text[j:]
	})
}

func bomb(t *testing.T, size int, lie bool) []byte {
	const row = `<row></row>`
	data := sheetXML(t, strings.Repeat(row, size/len(row)))
	if !lie {
		return data
	}
	// Rewrite the uncompressed size of the sheet's entry in the central
	// directory (offset 24 of its header) and its local header (offset 22).
	name := []byte("xl/worksheets/sheet1.xml")
	for i := 0; ; {
		j := bytes.Index(data[i:], name)
		if j < 0 {
			break
		}
		at := i + j
		switch {
		case at >= 46 && bytes.Equal(data[at-46:at-42], []byte("PK\x01\x02")):
			binary.LittleEndian.PutUint32(data[at-46+24:], 1000)
		case at >= 30 && bytes.Equal(data[at-30:at-26], []byte("PK\x03\x04")):
			binary.LittleEndian.PutUint32(data[at-30+22:], 1000)
		}
		i = at + len(name)
	}
	return data
}

// encryptedOLE returns the start of an OLE compound file as Excel writes
// for a workbook encrypted with a password: the header, and a directory
// sector naming the streams EncryptionInfo and EncryptedPackage.
func encryptedOLE() []byte {
	var b bytes.Buffer
	b.Write([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	b.Write(make([]byte, 512-8))
	for _, name := range []string{"Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"} {
		entry := make([]byte, 128)
		for i, u := range utf16.Encode([]rune(name)) {
			binary.LittleEndian.PutUint16(entry[2*i:], u)
		}
		binary.LittleEndian.PutUint16(entry[64:], uint16(2*len(name)+2))
		b.Write(entry)
	}
	b.Write(make([]byte, 4096))
	return b.Bytes()
}
