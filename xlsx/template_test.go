package xlsx_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
		assert.Equal(t, []string{"B2 date=2025-06-30", templateMark(path)}, flat(docs), path)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "no temporary file left behind")
}

// TestTemplateMark: a district's template is marked as the district's
// (填报单位 in D2): a row typed into a spare row for another district is
// an error at its 县区编号 cell and is not counted, and a row with an
// empty 县区编号 is the district's. The city's template (市本级) takes
// any district's row, as an unmarked workbook does.
func TestTemplateMark(t *testing.T) {
	plan := mustPlan(t)
	asOf := renewal.MustParseDate("2025-06-30")
	fill := func(tp xlsx.Template) []byte {
		var buf bytes.Buffer
		require.NoError(t, tp.Write(&buf, plan, nil, asOf))
		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		d2, _ := f.GetCellValue(xlsx.Sheet, "C2")
		require.Equal(t, "填报单位", d2)
		first := 4 + len(tp.Goals) // the first spare row
		require.NoError(t, f.SetSheetRow(xlsx.Sheet, "A"+itoa(first), &[]any{"neighbourhoods", "yandu"}))
		require.NoError(t, f.SetCellValue(xlsx.Sheet, "I"+itoa(first), 5)) // 累计完成
		require.NoError(t, f.SetCellValue(xlsx.Sheet, "A"+itoa(first+1), "neighbourhoods"))
		require.NoError(t, f.SetCellValue(xlsx.Sheet, "I"+itoa(first+1), 4))
		var out bytes.Buffer
		require.NoError(t, f.Write(&out))
		return out.Bytes()
	}
	tps := xlsx.Templates(plan, asOf)
	require.Equal(t, "tinghu", tps[0].District.ID)
	l, probs := loadSheet(t, plan, fill(tps[0]))
	// tinghu has 3 goals: rows 4-6; the spare rows are 7 and 8.
	require.Len(t, probs, 1, probs.String())
	assert.Equal(t, renewal.CodeOtherDistrictRow, probs[0].Code)
	assert.Equal(t, "填报!B7", probs[0].Cell())
	assert.Equal(t, []string{"neighbourhoods tinghu 2025-06-30 value=4 num=0 den=0 done= unit= note= correction="}, records(l))

	// The city's template: yandu's row counts, and the row with no
	// 县区编号 is an error, as neighbourhoods is split among districts.
	l, probs = loadSheet(t, plan, fill(tps[3]))
	require.Len(t, probs, 1, probs.String())
	assert.Equal(t, renewal.CodeRecordHasNoDistrict, probs[0].Code)
	assert.Equal(t, "填报!B7", probs[0].Cell(), "the empty 县区编号 cell")
	assert.Equal(t, []string{"neighbourhoods yandu 2025-06-30 value=5 num=0 den=0 done= unit= note= correction="}, records(l))
}

// templateMark is the 填报单位 of the template at path, as flat shows
// it: a district's template is marked with its id (district-tinghu.xlsx,
// tinghu), the city's with 市本级, which marks nothing.
func templateMark(path string) string {
	mark := "市本级"
	if base := filepath.Base(path); strings.HasPrefix(base, "district-") {
		mark = strings.TrimSuffix(strings.TrimPrefix(base, "district-"), ".xlsx")
	}
	return "D2 district=" + mark
}

// TestWriteTemplatesReplacesNothing: WriteTemplates names every workbook
// already in the directory and writes none; ReplaceTemplates replaces
// them; neither leaves a temporary file.
func TestWriteTemplatesReplacesNothing(t *testing.T) {
	plan := mustPlan(t)
	asOf := renewal.MustParseDate("2025-06-30")
	dir := t.TempDir()
	city := filepath.Join(dir, xlsx.CityTemplate)
	yandu := filepath.Join(dir, "district-yandu.xlsx")
	require.NoError(t, os.WriteFile(city, []byte("returns"), 0o644))
	require.NoError(t, os.Symlink("elsewhere.xlsx", yandu))

	paths, err := xlsx.WriteTemplates(dir, plan, nil, asOf)
	assert.Empty(t, paths)
	require.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, yandu+" already exists; it was not replaced\n"+city+" already exists; it was not replaced", err.Error())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "nothing written")
	_, err = os.Lstat(filepath.Join(dir, "elsewhere.xlsx"))
	assert.ErrorIs(t, err, fs.ErrNotExist)

	paths, err = xlsx.ReplaceTemplates(dir, plan, nil, asOf)
	require.NoError(t, err)
	require.Len(t, paths, 4)
	for _, p := range paths {
		info, err := os.Lstat(p)
		require.NoError(t, err)
		assert.True(t, info.Mode().IsRegular(), "%s replaced, a link by a file", p)
		assert.Equal(t, fs.FileMode(0o644), info.Mode().Perm(), p)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		docs, probs := read(data, source.Limits{})
		assert.Empty(t, render(filepath.Base(p), probs))
		assert.Equal(t, []string{"B2 date=2025-06-30", templateMark(p)}, flat(docs), p)
	}
	entries, err = os.ReadDir(dir)
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

// TestTemplateProtection: the sheet is protected with no password and
// allows rows to be inserted; the 填报日期 value, a goal row's input
// cells of its kind and the field cells of the spare rows under the
// goals are open, and every other cell (ids, goals, 上期累计) is locked.
// A correction typed into a spare row is read.
func TestTemplateProtection(t *testing.T) {
	plan := mustPlan(t)
	asOf := renewal.MustParseDate("2025-06-30")
	tinghu := xlsx.Templates(plan, asOf)[0]
	require.Equal(t, "tinghu", tinghu.District.ID)
	var buf bytes.Buffer
	require.NoError(t, tinghu.Write(&buf, plan, nil, asOf))
	data := buf.Bytes()

	sheet := unzipSheet(t, data)
	i := strings.Index(sheet, "<sheetProtection ")
	require.True(t, i >= 0, "the sheet is protected")
	prot := sheet[i : i+strings.Index(sheet[i:], ">")]
	assert.Contains(t, prot, ` sheet="true"`)
	assert.Contains(t, prot, ` insertRows="false"`, "rows may be inserted (false: not protected)")
	assert.NotContains(t, prot, "password")
	assert.NotContains(t, prot, "hashValue")

	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	locked := func(cell string) bool {
		id, err := f.GetCellStyle(xlsx.Sheet, cell)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		return st.Protection == nil || st.Protection.Locked
	}
	// The columns: A 目标编号, B 县区编号, C 目标名称, D 完成时限, E 目标值,
	// F 计量单位, G 上期累计, H 上期日期, I 累计完成, J 分子, K 分母,
	// L 完成日期, M 日期, N 单位, O 备注, P 更正说明. tinghu's goals are
	// neighbourhoods (a count, row 4), coverage (a ratio, row 5) and
	// leading-group (a milestone, row 6); rows 7 to 16 are spare.
	open := []string{"B2", "I4", "M4", "N4", "O4", "P4", "J5", "K5", "L6", "M6",
		"A7", "B7", "I7", "J7", "K7", "L7", "M7", "N7", "O7", "P7", "A16", "P16"}
	closed := []string{"A1", "A2", "C2", "A3", "I3", "A4", "B4", "C4", "D4", "E4", "F4", "G4", "H4",
		"J4", "K4", "L4", "I5", "I6", "C7", "E7", "G7", "H7", "A17", "I17", "Q4"}
	for _, c := range open {
		assert.False(t, locked(c), "%s is open", c)
	}
	for _, c := range closed {
		assert.True(t, locked(c), "%s is locked", c)
	}

	// A correction of neighbourhoods typed into the first spare row.
	require.NoError(t, f.SetSheetRow(xlsx.Sheet, "A7", &[]any{"neighbourhoods", "tinghu"}))
	require.NoError(t, f.SetCellValue(xlsx.Sheet, "I7", 8))
	require.NoError(t, f.SetCellValue(xlsx.Sheet, "M7", "2025-06-15"))
	require.NoError(t, f.SetCellValue(xlsx.Sheet, "P7", "更正5月误报"))
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	docs, probs := read(out.Bytes(), source.Limits{})
	assert.Empty(t, render("tinghu.xlsx", probs))
	assert.Equal(t, []string{"B2 date=2025-06-30", "D2 district=tinghu", "A7 target=neighbourhoods, B7 district=tinghu, M7 date=2025-06-15, I7 value=8, P7 correction=更正5月误报"}, flat(docs))
}
