package xlsx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/xlsx"
)

func TestTemplates(t *testing.T) {
	plan := mustPlan(t)
	asOf := renewal.MustParseDate("2025-06-30")
	var names []string
	var rows []int
	for _, tp := range xlsx.Templates(plan, asOf) {
		names = append(names, tp.Name)
		rows = append(rows, len(tp.Goals))
	}
	// tinghu and yandu have neighbourhoods, coverage and leading-group;
	// dafeng only neighbourhoods; the city land-redeveloped and
	// output-growth, which have no allocations.
	assert.Equal(t, []string{"district-tinghu.xlsx", "district-yandu.xlsx", "district-dafeng.xlsx", "city.xlsx"}, names)
	assert.Equal(t, []int{3, 3, 1, 2}, rows)
}

// TestTemplateUnfilled reads each template back as it was written: the
// 填报日期, no records and no problems.
func TestTemplateUnfilled(t *testing.T) {
	plan := mustPlan(t)
	dir := t.TempDir()
	paths, err := xlsx.WriteTemplates(dir, plan, nil, renewal.MustParseDate("2025-06-30"))
	require.NoError(t, err)
	require.Len(t, paths, 4)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		docs, probs := read(data, source.Limits{})
		assert.Empty(t, render(filepath.Base(path), probs))
		assert.Equal(t, []string{"B2 date=2025-06-30"}, flat(docs), path)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "no temporary file left behind")
}

// TestTemplateRoundTrip fills a template in with excelize as a clerk
// would, in every way a cell can hold a figure or a date, and loads it:
// exactly the records of its YAML twin.
func TestTemplateRoundTrip(t *testing.T) {
	plan := mustPlan(t)
	asOf := renewal.MustParseDate("2025-06-30")
	var tinghu xlsx.Template
	for _, tp := range xlsx.Templates(plan, asOf) {
		if tp.District != nil && tp.District.ID == "tinghu" {
			tinghu = tp
		}
	}
	var buf bytes.Buffer
	require.NoError(t, tinghu.Write(&buf, plan, nil, asOf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	// Find the columns by header, as the reader does.
	col := map[string]string{}
	for c := 1; c <= 20; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		h, _ := f.GetCellValue(xlsx.Sheet, name+"3")
		col[h] = name
	}
	rowOf := map[string]string{}
	for r := 4; r <= 6; r++ {
		id, _ := f.GetCellValue(xlsx.Sheet, "A"+itoa(r))
		rowOf[id] = itoa(r)
	}
	set := func(target, header string, v any) {
		require.NoError(t, f.SetCellValue(xlsx.Sheet, col[header]+rowOf[target], v))
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	require.NoError(t, err)
	set("neighbourhoods", "累计完成", 0.1+0.2+6.7) // 7.000000000000001 stored: 7
	set("neighbourhoods", "日期", "2025-06-20")  // a text date
	set("neighbourhoods", "备注", "含2个待验收")
	set("coverage", "分子", "38") // a number stored as text
	set("coverage", "分母", 45)
	set("leading-group", "完成日期", 45728.4) // a date cell, 2025-03-12 09:36
	require.NoError(t, f.SetCellStyle(xlsx.Sheet, col["完成日期"]+rowOf["leading-group"], col["完成日期"]+rowOf["leading-group"], date))
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	data := out.Bytes()
	// A formula with its stored result, as Excel saves it, in 分母.
	cell := col["分母"] + rowOf["coverage"]
	data = patch(t, data, inSheet(t, `<c r="`+cell+`" s=`, `<c r="`+cell+`" t="n" s=`))
	data = patch(t, data, func(name, text string) string {
		if name != "xl/worksheets/sheet1.xml" {
			return text
		}
		i := bytes.Index([]byte(text), []byte(`<c r="`+cell+`" t="n" s=`))
		require.True(t, i >= 0)
		j := bytes.Index([]byte(text[i:]), []byte("<v>45</v>"))
		require.True(t, j >= 0)
		return text[:i+j] + "<f>40+5</f>" + text[i+j:]
	})
	l, probs := loadSheet(t, plan, data)
	require.Empty(t, probs.String())
	twin := `
date: 2025-06-30
records:
  - {target: neighbourhoods, district: tinghu, date: 2025-06-20, value: 7, note: 含2个待验收}
  - {target: coverage, district: tinghu, numerator: 38, denominator: 45}
  - {target: leading-group, district: tinghu, done: 2025-03-12}
`
	want, probs := renewal.ReadProgress(plan, "twin.yaml", bytes.NewReader([]byte(twin)))
	require.Empty(t, probs.String())
	assert.Equal(t, records(want), records(l))
	assert.Len(t, records(l), 3)

	// The city's template: a percent cell and a number in another unit.
	city := xlsx.Templates(plan, asOf)[3]
	require.Equal(t, xlsx.CityTemplate, city.Name)
	buf.Reset()
	require.NoError(t, city.Write(&buf, plan, nil, asOf))
	f, err = excelize.OpenReader(&buf)
	require.NoError(t, err)
	require.NoError(t, f.SetCellValue(xlsx.Sheet, col["累计完成"]+"4", "1,200.5"))
	require.NoError(t, f.SetCellValue(xlsx.Sheet, col["单位"]+"4", "亩"))
	require.NoError(t, f.SetCellValue(xlsx.Sheet, col["累计完成"]+"5", 0.0725))
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	require.NoError(t, err)
	require.NoError(t, f.SetCellStyle(xlsx.Sheet, col["累计完成"]+"5", col["累计完成"]+"5", pct))
	out.Reset()
	require.NoError(t, f.Write(&out))
	l, probs = loadSheet(t, plan, out.Bytes())
	require.Empty(t, probs.String())
	want, probs = renewal.ReadProgress(plan, "twin.yaml", bytes.NewReader([]byte(`
date: 2025-06-30
records:
  - {target: land-redeveloped, value: "1,200.5", unit: 亩}
  - {target: output-growth, value: 7.25%}
`)))
	require.Empty(t, probs.String())
	assert.Equal(t, records(want), records(l))
	// 1,200.5 亩 = 1200.5 × 10000/15 m² = 80.0333… 公顷; 7.25% = 0.0725.
	if got := records(l); assert.Len(t, got, 2) {
		assert.Contains(t, got[0], "value=80.03333333333333333")
		assert.Contains(t, got[1], "value=0.0725 ")
	}
}

func itoa(i int) string { return xlsx.CellName(i, 1)[1:] }
