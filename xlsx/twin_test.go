package xlsx_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/source"
)

func mustPlan(t *testing.T) *renewal.Plan {
	t.Helper()
	plan, probs := renewal.LoadPlanFile("testdata/plan.yaml")
	require.False(t, probs.HasErrors(), "%v", probs)
	return plan
}

// loadSheet loads a workbook through the root loader, which calls the
// package's reader for a name ending in .xlsx.
func loadSheet(t *testing.T, plan *renewal.Plan, data []byte) (*renewal.Ledger, renewal.Problems) {
	t.Helper()
	return renewal.ReadProgress(plan, "book.xlsx", bytes.NewReader(data))
}

// records renders every record of a ledger, one a line, every figure as
// its exact decimal.
func records(l *renewal.Ledger) []string {
	var out []string
	for r := range l.Records() {
		d := "city"
		if r.District != nil {
			d = r.District.ID
		}
		out = append(out, fmt.Sprintf("%s %s %s value=%s num=%s den=%s done=%s unit=%s note=%s correction=%s",
			r.Target.ID, d, r.Date, r.Value, r.Numerator, r.Denominator, r.Done, r.Unit, r.Note, r.Correction))
	}
	return out
}

func loadTwin(t *testing.T, plan *renewal.Plan, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	l, probs := renewal.ReadProgress(plan, path, f)
	require.Empty(t, probs.String())
	return records(l)
}

// TestOutsideWorkbooks reads workbooks written by openpyxl and by
// LibreOffice (testdata/outside/make.py) and finds exactly the records of
// their YAML twin: 0.1+0.2 stored as 0.30000000000000004 is 0.3, a date
// cell with a time of day is its day, in both date systems, a percent
// cell is a percentage, and a formula has the result LibreOffice stored.
func TestOutsideWorkbooks(t *testing.T) {
	plan := mustPlan(t)
	want := loadTwin(t, plan, "testdata/outside/twin.yaml")
	// Worked by hand from twin.yaml: 18.5 亩 = 18.5 × 10000/15 m² = 1.2333… 公顷;
	// 7.25% = 0.0725.
	require.Len(t, want, 8)
	assert.Contains(t, want[5], "land-redeveloped city 2025-06-30 value=1.23333333333333333")
	assert.Contains(t, want[6], "output-growth city 2025-06-30 value=0.0725 ")
	assert.Contains(t, want[7], "neighbourhoods dafeng 2025-05-31 value=0.3 ")
	for _, name := range []string{"filled.xlsx", "filled-1904.xlsx", "filled-lo.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/outside", name))
			require.NoError(t, err)
			l, probs := loadSheet(t, plan, data)
			assert.Empty(t, probs.String())
			assert.Equal(t, want, records(l))
		})
	}
	t.Run("formula.xlsx", func(t *testing.T) {
		// openpyxl cannot calculate: its formula has no stored result.
		data, err := os.ReadFile("testdata/outside/formula.xlsx")
		require.NoError(t, err)
		_, probs := read(data, source.Limits{})
		assert.Equal(t, []string{"book.xlsx:填报!F7: 分子: the cell holds a formula with no stored result; open the workbook in Excel or WPS and save it, so the result is stored, or type a figure such as 12 or 12.5"}, render("book.xlsx", probs))
	})
	if data, err := os.ReadFile("testdata/outside/filled.xlsx"); assert.NoError(t, err) {
		assert.Contains(t, unzipSheet(t, data), "<v>0.30000000000000004</v>", "the fixture stores 0.1+0.2 with all 17 digits")
	}
}
