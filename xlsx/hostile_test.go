package xlsx_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/internal/source"
)

// hostileLimit is how long one hostile workbook may take before the test
// calls it a hang; each takes well under a second on an idle machine.
const hostileLimit = 10 * time.Second * raceFactor

// TestHostileWorkbooks reads workbooks made to cost time or memory and
// checks that each is refused, or read, promptly and within bounded
// memory.
func TestHostileWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds workbooks of tens of megabytes")
	}
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		lim  source.Limits
		want string // a problem's message begins so
	}{{
		name: "ManyEntries",
		data: func(t *testing.T) []byte {
			files := map[string]string{}
			for i := range 10_001 {
				files[fmt.Sprintf("x/%d", i)] = ""
			}
			return zipOf(t, files)
		},
		want: "the zip archive has 10001 entries, more than the limit of 10000",
	}, {
		name: "SheetOfEmptyRowsAtTheLimit",
		// Empty rows cost no row of the limit, but Excel has 1,048,576.
		data: func(t *testing.T) []byte { return sheetXML(t, strings.Repeat("<row/>", 1<<20+1)) },
		want: "the sheet 填报 has a row past row 1048576, Excel's last",
	}, {
		name: "SheetOfComments",
		data: func(t *testing.T) []byte { return sheetXML(t, strings.Repeat("<!---->", 400_000)) },
		lim:  source.Limits{Rows: 1000}, // 300 tokens a row: 300,000
		want: "the part xl/worksheets/sheet1.xml of the workbook holds more than 300000 XML elements",
	}, {
		name: "SheetOfTinyCells",
		// 60 MiB of cells after a header, each with no value.
		data: func(t *testing.T) []byte {
			return sheetXML(t, `<row><c t="inlineStr"><is><t>目标编号</t></is></c></row>`+strings.Repeat("<row><c/><c/><c/><c/></row>", 60<<20/27))
		},
		want: "the part xl/worksheets/sheet1.xml of the workbook holds more than 3000000 XML elements",
	}, {
		name: "ManySharedStrings",
		// 13 MB of empty shared strings, a million of them, the limit.
		data: func(t *testing.T) []byte {
			data := newBook(t).row(1, "目标编号").bytes()
			return patch(t, data, func(name, text string) string {
				if name != "xl/sharedStrings.xml" {
					return text
				}
				return strings.Replace(text, "</sst>", strings.Repeat("<si><t/></si>", 1_000_000-1)+"</sst>", 1)
			})
		},
	}, {
		name: "TooManySharedStrings",
		data: func(t *testing.T) []byte {
			data := newBook(t).row(1, "目标编号").bytes()
			return patch(t, data, func(name, text string) string {
				if name != "xl/sharedStrings.xml" {
					return text
				}
				return strings.Replace(text, "</sst>", strings.Repeat("<si/>", 30<<20/5)+"</sst>", 1)
			})
		},
		want: "the workbook holds more than 1000000 shared strings, the limit",
	}, {
		name: "SharedStringsBomb",
		data: func(t *testing.T) []byte {
			data := newBook(t).row(1, "目标编号").bytes()
			return patch(t, data, func(name, text string) string {
				if name != "xl/sharedStrings.xml" {
					return text
				}
				return strings.Replace(text, "</sst>", strings.Repeat("<si><t>x</t></si>", 40<<20/16)+"</sst>", 1)
			})
		},
		want: "the part xl/sharedStrings.xml of the workbook expands to",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			done := make(chan []source.Problem)
			go func() {
				_, probs := read(data, tc.lim)
				done <- probs
			}()
			var probs []source.Problem
			select {
			case probs = <-done:
			case <-time.After(hostileLimit):
				t.Fatalf("still reading after %v", hostileLimit)
			}
			took := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			t.Logf("%d bytes read in %v, %d MB allocated", len(data), took, (after.TotalAlloc-before.TotalAlloc)>>20)
			if tc.want == "" {
				assert.Empty(t, render("book.xlsx", probs))
				return
			}
			require.NotEmpty(t, probs)
			assert.True(t, strings.HasPrefix(probs[0].Message, tc.want), "%s", probs[0].Message)
		})
	}
}
