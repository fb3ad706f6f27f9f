package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/xlsx"
)

// fillSheet opens a template and sets, in the row of target, the cells
// under the given headers, as a clerk does in Excel or WPS; it returns
// the cells' names by header.
func fillSheet(t *testing.T, path, target string, cells map[string]any) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(xlsx.Sheet)
	require.NoError(t, err)
	col := map[string]int{}
	header := -1
	for i, r := range rows {
		for j, c := range r {
			if c == "目标编号" {
				header = i
			}
			if header == i {
				col[c] = j + 1
			}
		}
		if header >= 0 {
			break
		}
	}
	require.GreaterOrEqual(t, header, 0, "no header row in %s", path)
	row := 0
	for i, r := range rows[header+1:] {
		if len(r) >= col["目标编号"] && r[col["目标编号"]-1] == target {
			row = header + 2 + i
		}
	}
	require.NotZero(t, row, "no row of %s in %s", target, path)
	names := map[string]string{}
	for h, v := range cells {
		require.Contains(t, col, h, "no column %s", h)
		name, err := excelize.CoordinatesToCellName(col[h], row)
		require.NoError(t, err)
		require.NoError(t, f.SetCellValue(xlsx.Sheet, name, v))
		names[h] = name
	}
	require.NoError(t, f.Save())
	return names
}

// TestExcelLoop is the README's "The Excel loop", start to finish: the
// templates as examples/templates writes them (it calls WriteTemplates
// with the embedded plan and sample), 亭湖区's sheet filled in, the report
// read from the sample and the sheets together; then a date typed the
// wrong way, refused with the cell. The README shows this output, with
// the directory /tmp/sheets: the test holds it to that.
func TestExcelLoop(t *testing.T) {
	asOf := renewal.MustParseDate("2025-10-01")
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	sample, probs := data.Sample(plan)
	require.False(t, probs.HasErrors())
	dir := filepath.Join(t.TempDir(), "sheets")
	require.NoError(t, os.Mkdir(dir, 0o755))
	paths, err := xlsx.WriteTemplates(dir, plan, sample, asOf)
	require.NoError(t, err)
	require.Len(t, paths, len(plan.Districts)+1, "one per district and city.xlsx")

	// Unfilled, the templates add nothing: the report is the sample's.
	args := []string{"-progress", "../../data/sample", "-progress", dir, "-as-of", "2025-10-01"}
	code, before, stderr, _ := runReport(t, args...)
	require.Equal(t, 0, code, stderr)
	// 92/120 = 76.7%, 1.4 points ahead of 75.3%.
	assert.Contains(t, before, "  改造老旧小区                        个                                       120      92   76.7%     75.3%        +1.4  序时推进\n")

	// 亭湖区's clerk enters 18 renovated neighbourhoods (15 at 2025-09-30
	// in the sample): the city's 92 becomes 95 of 120, 79.2%, 3.9 points
	// ahead of 75.3% (95/120 − (75% + 25% × 1/92) = 0.0390).
	tinghu := filepath.Join(dir, "district-tinghu.xlsx")
	fillSheet(t, tinghu, "neighbourhoods-renovated", map[string]any{"累计完成": 18})
	code, after, stderr, _ := runReport(t, args...)
	require.Equal(t, 0, code, stderr)
	line := lineOf(after, "  改造老旧小区  ")
	assert.Equal(t, "  改造老旧小区                        个                                       120      95   79.2%     75.3%        +3.9  序时推进", line)

	code, js, _, _ := runReport(t, append(args, "-format", "json")...)
	require.Equal(t, 0, code)
	assert.Contains(t, js, `"record": "`+tinghu+`:填报!A`, "the record in force is the workbook's cell")

	out := filepath.Join(t.TempDir(), "report.xlsx")
	code, _, stderr, _ = runReport(t, append(args, "-format", "xlsx", "-o", out)...)
	require.Equal(t, 0, code, stderr)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	f.Close()

	// The clerk types the date as 2025/10/1: refused, with the cell.
	cell := fillSheet(t, tinghu, "neighbourhoods-renovated", map[string]any{"日期": "2025/10/1"})["日期"]
	code, stdout, stderr, _ := runReport(t, args...)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	errLine := lineOf(stderr, tinghu)
	assert.True(t, strings.HasPrefix(errLine, tinghu+":填报!"+cell+": "), errLine)

	// The README shows these lines, with /tmp/sheets for the directory.
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	for _, l := range []string{line, strings.ReplaceAll(errLine, dir, "/tmp/sheets")} {
		assert.True(t, strings.Contains(string(readme), "\n"+l+"\n"), "the README's Excel loop does not show\n%s", l)
	}
}

func lineOf(text, part string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}
