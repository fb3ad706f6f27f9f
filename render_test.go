package renewal_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// renderDate is the date of the golden reports of the embedded data.
const renderDate = "2025-09-30"

// mustEmbeddedReport evaluates the embedded plan and sample as of
// renderDate.
func mustEmbeddedReport(tb testing.TB) *renewal.Report {
	tb.Helper()
	plan, probs := data.Plan()
	require.NoError(tb, probs.Err())
	ledger, probs := data.Sample(plan)
	require.NoError(tb, probs.Err())
	return renewal.Evaluate(ledger, renewal.MustParseDate(renderDate))
}

// checkGolden compares got with the file testdata/golden/name, or
// rewrites the file with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, got, 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err, "run go test -run TestRender -update to create it")
	assert.Equal(t, string(want), string(got), "differs from %s; run go test -run TestRender -update to accept", file)
}

var renderLangs = []renewal.Lang{renewal.Chinese, renewal.English}

func TestRenderGolden(t *testing.T) {
	r := mustEmbeddedReport(t)
	ext := map[renewal.Format]string{renewal.Text: "txt", renewal.Markdown: "md", renewal.CSV: "csv"}
	for _, lang := range renderLangs {
		for _, f := range []renewal.Format{renewal.Text, renewal.Markdown, renewal.CSV} {
			name := fmt.Sprintf("report-%s.%s.%s", renderDate, lang, ext[f])
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, r.Write(&buf, f, lang))
				checkGolden(t, name, buf.Bytes())
			})
		}
		name := fmt.Sprintf("report-lagging-%s.%s.txt", renderDate, lang)
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.WriteLagging(&buf, renewal.Text, lang))
			checkGolden(t, name, buf.Bytes())
		})
		name = fmt.Sprintf("report-scorecard-xiangshui-%s.%s.txt", renderDate, lang)
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.WriteScorecard(&buf, "xiangshui", renewal.Text, lang))
			checkGolden(t, name, buf.Bytes())
		})
	}
}

// TestRenderSameContent checks that the full report's warning list is the
// one WriteLagging prints, row for row.
func TestRenderSameContent(t *testing.T) {
	r := mustEmbeddedReport(t)
	var full, lagging bytes.Buffer
	require.NoError(t, r.Write(&full, renewal.Text, renewal.Chinese))
	require.NoError(t, r.WriteLagging(&lagging, renewal.Text, renewal.Chinese))
	// 21 before 响水县 was exempted from low-efficiency-land; 23 with the
	// ceiling 标准厂房空置率 lagging city-wide, in 阜宁县 and in 盐南高新区.
	warnings := textTables(full.String())["四、预警清单（23 项）"]
	require.NotEmpty(t, warnings)
	assert.Equal(t, warnings, textTables(lagging.String())[""])
}

func TestRenderErrors(t *testing.T) {
	r := mustEmbeddedReport(t)
	var buf bytes.Buffer
	t.Run("UnknownFormat", func(t *testing.T) {
		assert.Error(t, r.Write(&buf, renewal.Format(9), renewal.Chinese))
	})
	t.Run("LaggingUnknownFormat", func(t *testing.T) {
		assert.Error(t, r.WriteLagging(&buf, renewal.Format(9), renewal.Chinese))
	})
	t.Run("ScorecardUnknownDistrict", func(t *testing.T) {
		err := r.WriteScorecard(&buf, "atlantis", renewal.Text, renewal.Chinese)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `"atlantis"`)
	})
	assert.Zero(t, buf.Len(), "nothing is written on an error")
}

func TestRenderStatusLabel(t *testing.T) {
	zh := []string{"已完成", "逾期", "未启动", "序时推进", "滞后", "严重滞后"}
	en := []string{"completed", "overdue", "not started", "on track", "lagging", "seriously lagging"}
	for i, s := range renewal.Statuses {
		assert.Equal(t, zh[i], s.Label(renewal.Chinese))
		assert.Equal(t, en[i], s.Label(renewal.English))
	}
}

// readCSV decodes a CSV report, checking that it starts with a BOM.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")), "the CSV starts with a UTF-8 byte-order mark")
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	require.NoError(t, err)
	return rows
}

// TestCSVMatchesJSON decodes the CSV report and compares every goal's
// figures with the JSON report's.
func TestCSVMatchesJSON(t *testing.T) {
	r := mustEmbeddedReport(t)
	var csvBuf, jsonBuf bytes.Buffer
	require.NoError(t, r.Write(&csvBuf, renewal.CSV, renewal.English))
	require.NoError(t, r.WriteJSON(&jsonBuf))
	rows := readCSV(t, csvBuf.Bytes())

	header := []string{"section", "task", "target_id", "target_name", "district_id", "district_name",
		"kind", "unit", "lead", "lead_name", "weight", "target", "baseline", "actual",
		"completion", "score", "expected", "gap", "status", "status_code", "exceeded", "rank", "deadline", "record", "as_of"}
	require.Equal(t, header, rows[0])
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	byGoal := map[string][]string{}
	for _, row := range rows[1:] {
		require.Len(t, row, len(header))
		byGoal[row[col["target_id"]]+"/"+row[col["district_id"]]] = row
	}
	require.Len(t, byGoal, len(rows)-1, "one row per goal")

	var js struct {
		Targets []struct {
			ID, Section, Task, Kind, Unit, Lead, Deadline string
			jsonGoalFigures
			Districts []jsonGoalFigures
		}
	}
	require.NoError(t, json.Unmarshal(jsonBuf.Bytes(), &js))
	goals := 0
	check := func(row []string, g jsonGoalFigures) {
		t.Helper()
		assert.Equal(t, g.Target, row[col["target"]])
		assert.Equal(t, deref(g.Baseline), row[col["baseline"]]) // empty for a ceiling
		assert.Equal(t, deref(g.Actual), row[col["actual"]])
		assert.Equal(t, g.Completion, row[col["completion"]])
		assert.Equal(t, g.Score, row[col["score"]])
		assert.Equal(t, g.Expected, row[col["expected"]])
		assert.Equal(t, deref(g.Gap), row[col["gap"]])
		assert.Equal(t, map[bool]string{true: "yes", false: "no"}[g.Exceeded], row[col["exceeded"]])
		rank := ""
		if g.Rank != nil {
			rank = strconv.Itoa(*g.Rank)
		}
		assert.Equal(t, rank, row[col["rank"]])
		assert.Equal(t, deref(g.Record), row[col["record"]])
		assert.Equal(t, strings.ReplaceAll(g.Status, "_", " "), row[col["status"]])
		assert.Equal(t, g.Status, row[col["status_code"]])
		assert.Equal(t, renderDate, row[col["as_of"]])
	}
	for _, jt := range js.Targets {
		row, ok := byGoal[jt.ID+"/"]
		require.True(t, ok, "city-wide row of %s", jt.ID)
		goals++
		assert.Equal(t, []string{jt.Section, jt.Task, jt.Kind, jt.Unit, jt.Lead, jt.Deadline},
			[]string{row[col["section"]], row[col["task"]], row[col["kind"]], row[col["unit"]], row[col["lead"]], row[col["deadline"]]})
		assert.Empty(t, row[col["district_name"]])
		check(row, jt.jsonGoalFigures)
		for _, jd := range jt.Districts {
			row, ok := byGoal[jt.ID+"/"+jd.District]
			require.True(t, ok, "row of %s in %s", jt.ID, jd.District)
			goals++
			check(row, jd)
		}
	}
	assert.Equal(t, goals, len(rows)-1)

	city := byGoal["neighbourhoods-renovated/"]
	assert.Equal(t, "改造老旧小区", city[col["target_name"]])
	assert.Equal(t, "120", city[col["target"]])
	assert.Equal(t, "92", city[col["actual"]])
	assert.Equal(t, "市住建局", city[col["lead_name"]])
	ratio := byGoal["property-coverage/xiangshui"]
	assert.Equal(t, "响水县", ratio[col["district_name"]])
	assert.Equal(t, "0.8", ratio[col["target"]], "a percentage is a fraction, as in JSON")
	assert.Equal(t, "0.3778", ratio[col["actual"]])
}

type jsonGoalFigures struct {
	District, Target, Completion, Score, Expected, Status string
	Baseline, Actual, Record, Gap                         *string
	Exceeded                                              bool
	Rank                                                  *int
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestCSVChineseHeader(t *testing.T) {
	r := mustEmbeddedReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.CSV, renewal.Chinese))
	rows := readCSV(t, buf.Bytes())
	assert.Equal(t, "目标名称", rows[0][3])
	assert.Equal(t, "序时推进", rows[1][18], "status words follow -lang")
}

func TestCSVScorecardAndLagging(t *testing.T) {
	r := mustEmbeddedReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.WriteScorecard(&buf, "xiangshui", renewal.CSV, renewal.English))
	rows := readCSV(t, buf.Bytes())
	require.Len(t, rows, 1+8)
	for _, row := range rows[1:] {
		assert.Equal(t, "xiangshui", row[4])
	}
	buf.Reset()
	require.NoError(t, r.WriteLagging(&buf, renewal.CSV, renewal.English))
	rows = readCSV(t, buf.Bytes())
	require.Len(t, rows, 1+23)
	assert.Equal(t, "overdue", rows[1][18])
	assert.Equal(t, "lagging", rows[len(rows)-1][18])
}

// alignPlan has names of many display widths: one CJK character, nine,
// ASCII only, and the two mixed, with a pipe for Markdown to escape.
const alignPlan = `id: align
title: 对齐测试 Alignment test
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: a, name: 局}
  - {id: b, name: Bureau of Works 住建局}
  - {id: c, name: 市自然资源和规划局}
districts:
  - {id: q, name: 区}
  - {id: g, name: 高新技术产业开发区}
  - {id: x, name: Zone 7 新区}
  - {id: h, name: Harbour}
sections:
  - id: s1
    name: 第一部分
    tasks:
      - id: t1
        name: 任务
        targets:
          - id: a1
            name: 改造 A|B 小区
            unit: 个
            target: 10
            allocations: {q: 3, g: 4, x: 3}
            lead: a
          - id: a2
            name: Coverage
            kind: ratio
            unit: "%"
            target: 85%
            allocations: {q: 80%, g: 90%}
            lead: b
  - id: s2
    name: Section two, in English
    tasks:
      - id: t2
        name: Task
        targets:
          - id: m1
            name: 高新技术产业开发区成立城市更新工作领导小组
            kind: milestone
            allocations: [q, g]
            lead: a
          - id: l1
            name: 增长率
            kind: level
            unit: "%"
            target: 8%
            lead: b
`

const alignProgress = `date: 2025-06-30
records:
  - {target: a1, district: q, value: 3}
  - {target: a1, district: g, value: 1}
  - {target: a2, district: q, numerator: 30, denominator: 50}
  - {target: m1, district: g, done: 2025-03-01}
  - {target: l1, value: 7.5%}
`

func mustAlignReport(tb testing.TB) *renewal.Report {
	tb.Helper()
	plan, probs := renewal.ReadPlan("align.yaml", strings.NewReader(alignPlan))
	require.NoError(tb, probs.Err())
	ledger, probs := renewal.ReadProgress(plan, "progress.yaml", strings.NewReader(alignProgress))
	require.NoError(tb, probs.Err())
	return renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
}

// partHeading matches the headings of a full text report's parts.
var partHeading = regexp.MustCompile(`^([一二三四五六]、|[1-6]\. )`)

// textTables returns the table rows of a text report, the lines indented
// by two spaces, by the heading of the part they are in ("" before the
// first). A part's rows form one table even when titled groups split
// them, since all groups share the widths of their columns.
func textTables(text string) map[string][]string {
	tables := map[string][]string{}
	part := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case partHeading.MatchString(line):
			part = line
		case strings.HasPrefix(line, "  "):
			tables[part] = append(tables[part], line)
		}
	}
	return tables
}

// screenWidth measures as a terminal does, whatever the locale of the
// machine running the tests.
var screenWidth = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// cellSpans returns where each cell of a table line starts and ends, in
// display columns. Cells are separated by two spaces or more.
func cellSpans(line string) [][2]int {
	var spans [][2]int
	col, spaces, in := 0, 0, false
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if !in || spaces >= 2 {
				spans = append(spans, [2]int{col, 0})
				in = true
			}
			spaces = 0
		}
		col += screenWidth.RuneWidth(r)
		if r != ' ' {
			spans[len(spans)-1][1] = col
		}
	}
	return spans
}

// misaligned says how the rows of a table fail to line up, or returns ""
// when they do: every row has as many cells, and each column's cells all
// start at the same display column (text) or all end at one (numbers).
func misaligned(rows []string) string {
	if len(rows) == 0 {
		return "no rows"
	}
	first := cellSpans(rows[0])
	for _, row := range rows[1:] {
		spans := cellSpans(row)
		if len(spans) != len(first) {
			return fmt.Sprintf("%q has %d cells, %q has %d", rows[0], len(first), row, len(spans))
		}
		for j := range spans {
			if spans[j][0] != first[j][0] && spans[j][1] != first[j][1] {
				return fmt.Sprintf("column %d of %q spans %v, of %q spans %v", j+1, row, spans[j], rows[0], first[j])
			}
		}
	}
	for j := range first {
		starts, ends := true, true
		for _, row := range rows[1:] {
			s := cellSpans(row)[j]
			starts = starts && s[0] == first[j][0]
			ends = ends && s[1] == first[j][1]
		}
		if !starts && !ends {
			return fmt.Sprintf("column %d neither starts nor ends at one display column", j+1)
		}
	}
	return ""
}

// TestRenderTextAligned checks that every table of every text view lines
// up on screen, with names of many display widths.
func TestRenderTextAligned(t *testing.T) {
	r := mustAlignReport(t)
	for _, lang := range renderLangs {
		t.Run(lang.String(), func(t *testing.T) {
			var full bytes.Buffer
			require.NoError(t, r.Write(&full, renewal.Text, lang))
			tables := textTables(full.String())
			n := 0
			for part, rows := range tables {
				if part == "" || strings.HasPrefix(part, "五、") || strings.HasPrefix(part, "5. ") {
					continue // the headline and the problems are prose
				}
				n++
				assert.Empty(t, misaligned(rows), "%s\n%s", part, full.String())
				for _, row := range rows {
					assert.Equal(t, strings.TrimRight(row, " "), row, "no trailing spaces")
				}
			}
			assert.Equal(t, 4, n, "targets, districts, departments and warnings are tables:\n%s", full.String())

			for _, id := range []string{"q", "g", "x"} {
				var card bytes.Buffer
				require.NoError(t, r.WriteScorecard(&card, id, renewal.Text, lang))
				assert.Empty(t, misaligned(textTables(card.String())[""]), card.String())
			}
			var lagging bytes.Buffer
			require.NoError(t, r.WriteLagging(&lagging, renewal.Text, lang))
			assert.Empty(t, misaligned(textTables(lagging.String())[""]), lagging.String())
		})
	}
}

// TestRenderAlignCheck makes sure the check above can fail: text/tabwriter
// counts runes, not display columns, so its tables of Chinese names do not
// line up on screen.
func TestRenderAlignCheck(t *testing.T) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  区\t1\t个")
	fmt.Fprintln(tw, "  高新技术产业开发区\t10\t个")
	fmt.Fprintln(tw, "  Harbour\t100\t个")
	require.NoError(t, tw.Flush())
	assert.NotEmpty(t, misaligned(strings.Split(strings.TrimSpace(buf.String()), "\n")))
	assert.Empty(t, misaligned([]string{"  区" + strings.Repeat(" ", 19) + "1  个", "  高新技术产业开发区  10  个"}))
}

func TestRenderAlignContent(t *testing.T) {
	r := mustAlignReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.Text, renewal.Chinese))
	text := buf.String()
	tables := textTables(text)
	// The district with no goals is unranked, and the department with no
	// targets has no score.
	assert.Regexp(t, `^  +—  Harbour +— +0 +0 +0 +0 +0 +0 +0$`, last(tables["二、县（区）排名"]))
	assert.Regexp(t, `^  +—  市自然资源和规划局 +0 +—$`, last(tables["三、牵头部门得分"]))
	// A ratio with no record has no actual figure; its gap is 0 − 49.6%,
	// and it ranks second of two on its target.
	assert.Regexp(t, `  未启动 +高新技术产业开发区 +Coverage +90% +— +0\.0% +49\.6% +-49\.6 +2 +Bureau of Works 住建局`, text)
	// A level has no gap.
	assert.Regexp(t, `  增长率 +% +8% +7\.5% +93\.8% +100\.0% +— +滞后`, text)

	var card bytes.Buffer
	require.NoError(t, r.WriteScorecard(&card, "h", renewal.Text, renewal.English))
	assert.Equal(t, "Harbour · 对齐测试 Alignment test\n"+
		"As of 2025-06-30: expected progress 49.6%. No target is allocated to this district, so it is not ranked.\n", card.String())
}

func last(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[len(rows)-1]
}

// TestRenderMarkdownEscape checks that a pipe in a name does not split a
// Markdown table cell, and that every row of a table has its columns.
func TestRenderMarkdownEscape(t *testing.T) {
	r := mustAlignReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.Markdown, renewal.English))
	md := buf.String()
	assert.Contains(t, md, `| 改造 A\|B 小区 | 个 | 10 |`)
	unescaped := regexp.MustCompile(`(^|[^\\])\|`)
	var cols int
	for line := range strings.Lines(md) {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := len(unescaped.FindAllString(line, -1))
		if cols == 0 {
			cols = n
		}
		assert.Equal(t, cols, n, "%q", line)
	}
}

// TestRenderDepartmentsByRank: the text and Markdown department tables
// list the departments as the page does, by rank, the one that leads
// nothing (市财政局, no rank) last; Report.Departments keeps the plan's
// order.
func TestRenderDepartmentsByRank(t *testing.T) {
	r := mustEmbeddedReport(t)
	var want []string // the page's order: ranked by rank, then the unranked
	for rank := 1; rank <= len(r.Departments); rank++ {
		for _, d := range r.Departments {
			if d.Rank == rank {
				want = append(want, d.Name)
			}
		}
	}
	for _, d := range r.Departments {
		if d.Rank == 0 {
			want = append(want, d.Name)
		}
	}
	require.Equal(t, "市财政局", want[len(want)-1])
	require.NotEqual(t, want[0], r.Departments[0].Name, "the plan's order is not the rank order")
	for _, f := range []renewal.Format{renewal.Text, renewal.Markdown} {
		var buf bytes.Buffer
		require.NoError(t, r.Write(&buf, f, renewal.English))
		_, table, ok := strings.Cut(buf.String(), "Lead departments\n")
		require.True(t, ok)
		at := -1
		for _, name := range want {
			i := strings.Index(table, name)
			require.Greater(t, i, at, "%s: %s out of rank order", f, name)
			at = i
		}
	}
}

// TestRenderBaseline: a goal measured from a baseline other than 0 shows
// it beside its figure, in text and Markdown and in both languages; a
// goal from 0, and a ceiling, show none. yandu's 12 from a baseline of 2
// with 7 reached: (7 − 2) / (12 − 2) = 50.0%; the city's 26 from 2 (the
// allocations' baselines summed) with 14 + 7 = 21: 19 / 24 = 79.2%.
func TestRenderBaseline(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(`
id: baseline
title: 基数
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
districts: [{id: tinghu, name: 亭湖区}, {id: yandu, name: 盐都区}]
sections:
  - id: s
    name: 板块
    tasks:
      - id: t
        name: 任务
        targets:
          - {id: homes, name: 改造老旧小区, unit: 个, allocations: {tinghu: 14, yandu: {target: 12, baseline: 2}}, lead: zjj}
          - {id: jobless, name: 失业率, kind: level, direction: at_most, unit: "%", target: 4.3, lead: zjj}
`))
	require.False(t, probs.HasErrors(), "%s", probs)
	led, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(`date: 2025-06-30
records:
  - {target: homes, district: tinghu, value: 14}
  - {target: homes, district: yandu, value: 7}
  - {target: jobless, value: 4.1}
`))
	require.False(t, probs.HasErrors(), "%s", probs)
	r := renewal.Evaluate(led, renewal.Date{})
	for _, c := range []struct {
		f    renewal.Format
		lang renewal.Lang
		want []string
		not  []string
	}{
		{renewal.Text, renewal.Chinese, []string{"26（基数 2）", "12（基数 2）"}, []string{"14（基数", "4.3%（基数"}},
		{renewal.Markdown, renewal.Chinese, []string{"| 26（基数 2） | 21 | 79.2% |", "| 12（基数 2） | 7 | 50.0% |"}, []string{"14（基数"}},
		{renewal.Text, renewal.English, []string{"26 (baseline 2)", "12 (baseline 2)"}, []string{"14 (baseline", "4.3% (baseline"}},
	} {
		var b bytes.Buffer
		require.NoError(t, r.Write(&b, c.f, c.lang))
		require.NoError(t, r.WriteScorecard(&b, "yandu", c.f, c.lang))
		require.NoError(t, r.WriteScorecard(&b, "tinghu", c.f, c.lang))
		for _, w := range c.want {
			assert.Contains(t, b.String(), w, "%s %s", c.f, c.lang)
		}
		for _, w := range c.not {
			assert.NotContains(t, b.String(), w, "%s %s", c.f, c.lang)
		}
	}
	assert.Equal(t, "12（基数 2）", r.Goal("homes", "yandu").FigureText(renewal.Chinese))
	assert.Equal(t, "14", r.Goal("homes", "tinghu").FigureText(renewal.Chinese))
}

// TestRenderSince: with Report.Previous, the scorecard says the
// district's score and rank then and its move, and its goals table and
// the warning list add each goal's status then; without, neither.
func TestRenderSince(t *testing.T) {
	plan, _ := data.Plan()
	led, _ := data.Sample(plan)
	r := renewal.Evaluate(led, renewal.MustParseDate("2025-09-30"))
	var b bytes.Buffer
	require.NoError(t, r.WriteScorecard(&b, "tinghu", renewal.Text, renewal.Chinese))
	require.NoError(t, r.WriteLagging(&b, renewal.Text, renewal.Chinese))
	assert.NotContains(t, b.String(), "上期")

	r.Previous = renewal.Evaluate(led, renewal.MustParseDate("2025-06-30"))
	then, now := r.Previous.District("tinghu"), r.District("tinghu")
	require.NotEqual(t, then.Rank, now.Rank, "the sample's tinghu moved")
	move := fmt.Sprintf("↓%d", now.Rank-then.Rank)
	if now.Rank < then.Rank {
		move = fmt.Sprintf("↑%d", then.Rank-now.Rank)
	}
	b.Reset()
	require.NoError(t, r.WriteScorecard(&b, "tinghu", renewal.Text, renewal.Chinese))
	card := b.String()
	assert.Contains(t, card, fmt.Sprintf("上期（2025-06-30）：得分 %s%%，排名第 %d；名次变化：%s。\n",
		then.Score.Shift(2).StringFixed(1), then.Rank, move))
	before := r.Previous.Goal("neighbourhoods-renovated", "tinghu")
	row := lineOf(card, "  改造老旧小区  ")
	assert.True(t, strings.HasSuffix(row, "  "+before.Status.Label(renewal.Chinese)), "%s", row)
	assert.Contains(t, card, "上期状态")

	b.Reset()
	require.NoError(t, r.WriteLagging(&b, renewal.Markdown, renewal.English))
	assert.Contains(t, b.String(), "| Before |")
}

func lineOf(s, part string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}
