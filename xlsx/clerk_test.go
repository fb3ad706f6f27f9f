package xlsx_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
)

var updateClerk = flag.Bool("update-clerk", false, "rewrite testdata/clerk.*.golden")

// dafeng adds to b a copy of the 填报 sheet holding a figure, which the
// reader warns is not read.
func dafeng(b *book) *book {
	b.t.Helper()
	_, err := b.f.NewSheet("填报 (2)")
	require.NoError(b.t, err)
	require.NoError(b.t, b.f.SetCellValue("填报 (2)", "C4", 9))
	return b
}

// TestClerkWorkbook loads district clerks' workbooks with the usual
// mistakes, one a row, and checks the lines a program prints for them in
// Chinese (the default) and in English (-lang en) against the goldens:
// each names the file, the sheet and the cell of the field itself (the
// empty cell of a missing one), and names the sheet's columns, never a
// key of a progress file, in either language.
//
// 亭湖区.xlsx is marked 填报单位 亭湖区 (a name, which stands for tinghu):
// its row of yandu's is an error at the 县区编号 cell, and its row with
// an empty 县区编号 is tinghu's. 盐都区.xlsx has an empty 填报日期 and a 日期
// column: a row with no 日期 names its 日期 cell. 大丰区.xlsx has an empty
// 填报日期 and no 日期 column, so a row with no date names the 填报日期
// date cell (B2); its 填报单位 大风区 is no district, an error at D2. The
// reader's own problems (a date typed 2025/6/30, a truth value, a figure
// under no header, another sheet holding figures) are in the catalogue,
// in Chinese and English too.
func TestClerkWorkbook(t *testing.T) {
	plan := mustPlan(t)
	dir := t.TempDir()
	books := []struct {
		name string
		data []byte
	}{
		{"亭湖区.xlsx", newBook(t).
			row(1, "亭湖区城市更新进度填报表").
			row(2, "填报日期", "2025-06-30", "填报单位", "亭湖区").
			row(3, "目标编号", "县区编号", "累计完成", "分子", "分母", "完成日期", "日期", "备注").
			row(4, "neighbourhoods", "tinghu", "五").                        // C4: a word for a figure
			row(5, "coverage", "tinghu", 40, nil, nil).                     // C5: a ratio's value, not 分子/分母
			row(6, "coverage", "tinghu", nil, 46, 45).                      // D6: 分子 above 分母
			row(7, "neighbourhods", "tinghu", 3).                           // A7: a mistyped id
			row(8, "neighbourhoods", "tinhu", 3).                           // B8: a mistyped district
			row(9, "leading-group", "tinghu", nil, nil, nil, "2025-07-15"). // F9: done after the sheet's date
			row(10, "neighbourhoods", "tinghu", -2).                        // C10: a negative count
			row(11, "coverage", "tinghu", nil, 38, nil).                    // E11: 分母 missing
			row(12, "neighbourhoods", "yandu", 5).                          // B12: another district's row
			row(13, "neighbourhoods", nil, 6).                              // tinghu's, by the mark
			row(14, "land-redeveloped", nil, 20).                           // city-wide
			bytes()},
		{"盐都区.xlsx", newBook(t).
			row(2, "填报日期", nil, "填报单位", "yandu").
			row(3, "目标编号", "县区编号", "累计完成", "日期").
			row(4, "neighbourhoods", "yandu", 5).               // D4: no 日期, no 填报日期
			row(5, "neighbourhoods", "yandu", 6, "2025-05-31"). // dated
			row(6, "neighbourhoods", "yandu", 7, "2025/6/30").  // D6: the reader's own: not YYYY-MM-DD
			bytes()},
		{"大丰区.xlsx", dafeng(newBook(t).
			row(2, "填报日期", nil, "填报单位", "大风区").
			row(3, "目标编号", "县区编号", "累计完成").
			row(4, "neighbourhoods", "dafeng", 3, 4).  // B2: no date anywhere; D4: a figure under no header
			row(5, "neighbourhoods", "dafeng", true)). // C5: a truth value
			bytes()},
	}
	var names []string
	for _, b := range books {
		name := filepath.Join(dir, b.name)
		require.NoError(t, os.WriteFile(name, b.data, 0o644))
		names = append(names, name)
	}
	led, probs := renewal.LoadProgressFiles(plan, names...)
	// Read as entries (as a server takes an upload) and loaded with
	// LoadEntries, the workbooks give the same problems at the same
	// cells: each Entry carries its fields' cells.
	entries, read := renewal.ReadEntryFiles(plan, names...)
	_, checked := renewal.LoadEntries(plan, entries)
	var direct, seam []string
	for _, p := range probs {
		direct = append(direct, p.Error())
	}
	for _, p := range append(read, checked...) {
		seam = append(seam, p.Error())
	}
	assert.ElementsMatch(t, direct, seam)
	require.True(t, probs.HasErrors())
	// Three rows are counted: 亭湖区's rows 13 (tinghu's, by its mark) and
	// 14, and 盐都区's row 5.
	var got []string
	for r := range led.Records() {
		dis := "-"
		if r.District != nil {
			dis = r.District.ID
		}
		got = append(got, r.Position.String()+" "+r.Target.ID+" "+dis+" "+r.Value.String())
	}
	rel := func(s string) string { return strings.ReplaceAll(s, dir+string(filepath.Separator), "") }
	for i := range got {
		got[i] = rel(got[i])
	}
	assert.ElementsMatch(t, []string{"亭湖区.xlsx:填报!A13 neighbourhoods tinghu 6", "亭湖区.xlsx:填报!A14 land-redeveloped - 20", "盐都区.xlsx:填报!A5 neighbourhoods yandu 6"}, got)
	keys := regexp.MustCompile(`\b(value|numerator|denominator|done|date:|district:|correction:)\b`)
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		var b strings.Builder
		for _, p := range probs {
			b.Write(cli.AppendProblem(nil, p, lang))
			b.WriteByte('\n')
		}
		got := rel(b.String())
		golden := filepath.Join("testdata", "clerk."+lang.String()+".golden")
		if *updateClerk {
			require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), got, "%s; run go test -run TestClerkWorkbook -update-clerk to accept", golden)
		// Every line names a cell of a 填报 sheet, and none names a key
		// of a progress file.
		for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
			assert.Regexp(t, `^\p{Han}+\.xlsx(:填报![A-Z]+[0-9]+)?: `, l)
			assert.False(t, keys.MatchString(l), "a key of a progress file in %s", l)
		}
		for _, cell := range []string{"亭湖区.xlsx:填报!C4: ", "亭湖区.xlsx:填报!C5: ", "亭湖区.xlsx:填报!D6: ", "亭湖区.xlsx:填报!E11: ",
			"亭湖区.xlsx:填报!B12: ", "盐都区.xlsx:填报!D4: ", "盐都区.xlsx:填报!D6: ", "大丰区.xlsx:填报!B2: ", "大丰区.xlsx:填报!D2: ",
			"大丰区.xlsx:填报!C5: "} {
			assert.Contains(t, got, cell, lang)
		}
		warning := map[renewal.Lang]string{renewal.Chinese: "警告：", renewal.English: "warning: "}[lang]
		for _, at := range []string{"大丰区.xlsx:填报!D4: ", "大丰区.xlsx: "} {
			assert.Contains(t, got, at+warning, lang)
		}
		if lang == renewal.Chinese {
			assert.Contains(t, got, "亭湖区.xlsx:填报!C4: 累计完成应为数字，这里填的是“五”")
		}
	}
}
