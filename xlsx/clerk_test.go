package xlsx_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
)

var updateClerk = flag.Bool("update-clerk", false, "rewrite testdata/clerk.*.golden")

// TestClerkWorkbook loads a district clerk's workbook with the usual
// mistakes, one a row, and checks the lines a program prints for it in
// Chinese (the default) and in English (-lang en) against the goldens:
// each names the file, the sheet and the cell, and the Chinese names the
// sheet's column, not a key of a progress file.
func TestClerkWorkbook(t *testing.T) {
	plan := mustPlan(t)
	dir := t.TempDir()
	data := newBook(t).
		row(1, "亭湖区城市更新进度填报表").
		row(2, "填报日期", "2025-06-30").
		row(3, "目标编号", "县区编号", "累计完成", "分子", "分母", "完成日期", "备注").
		row(4, "neighbourhoods", "tinghu", "五").                        // a word for a figure
		row(5, "coverage", "tinghu", 40, nil, nil).                     // a ratio's value, not 分子/分母
		row(6, "coverage", "tinghu", nil, 46, 45).                      // 分子 above 分母
		row(7, "neighbourhods", "tinghu", 3).                           // a mistyped id
		row(8, "neighbourhoods", "tinhu", 3).                           // a mistyped district
		row(9, "leading-group", "tinghu", nil, nil, nil, "2025-07-15"). // done after the sheet's date
		row(10, "neighbourhoods", "tinghu", -2).                        // a negative count
		row(11, "coverage", "tinghu", nil, 38, nil).                    // 分母 missing
		bytes()
	name := filepath.Join(dir, "亭湖区.xlsx")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	_, probs := renewal.LoadProgressFiles(plan, name)
	require.True(t, probs.HasErrors())
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		var b strings.Builder
		for _, p := range probs {
			b.Write(cli.AppendProblem(nil, p, lang))
			b.WriteByte('\n')
		}
		got := strings.ReplaceAll(b.String(), dir+string(filepath.Separator), "")
		golden := filepath.Join("testdata", "clerk."+lang.String()+".golden")
		if *updateClerk {
			require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), got, "%s; run go test -run TestClerkWorkbook -update-clerk to accept", golden)
		if lang == renewal.Chinese {
			// Every line names a cell of the 填报 sheet, and no Chinese
			// line names a key of a progress file.
			for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				assert.True(t, strings.HasPrefix(l, "亭湖区.xlsx:填报!"), l)
				for _, key := range []string{"value", "numerator", "denominator", "done"} {
					assert.NotContains(t, l, key, l)
				}
			}
			assert.Contains(t, got, "亭湖区.xlsx:填报!C4: 累计完成应为数字，这里填的是“五”")
		}
	}
}
