package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// hostileLimit is how long the command may take on a hostile file before
// the test calls it a hang. Such files of under a megabyte take a few
// milliseconds; the limit is generous so that a loaded or -race machine
// does not fail the test.
const hostileLimit = 10 * time.Second * raceFactor

// runReport runs the command with args and returns its exit status and
// output, failing the test if it has not returned within hostileLimit.
func runReport(t *testing.T, args ...string) (code int, stdout, stderr string, took time.Duration) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		code = run(args, &out, &errb)
	}()
	select {
	case <-done:
	case <-time.After(hostileLimit):
		t.Fatalf("report %s is still running after %v", strings.Join(args, " "), hostileLimit)
	}
	return code, out.String(), errb.String(), time.Since(start)
}

// firstTarget returns a target of the embedded plan with allocations, and
// one of its districts, for records that are well formed but for the
// hostile part.
func firstTarget(t *testing.T) (target, district string) {
	t.Helper()
	plan, probs := data.Plan()
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	for _, tg := range plan.Targets {
		if tg.Kind == renewal.Count && len(tg.Allocations) > 0 {
			return tg.ID, tg.Allocations[0].District.ID
		}
	}
	t.Fatal("the embedded plan has no count target with allocations")
	return "", ""
}

func billionLaughs() string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	return b.String()
}

// TestHostileInput runs the command on hostile plan and progress files:
// each run exits 1, names the file and the line of the fault on stderr,
// prints no report and no Go stack trace, and returns promptly.
func TestHostileInput(t *testing.T) {
	target, district := firstTarget(t)
	record := fmt.Sprintf("district: %s\ndate: 2025-06-30\nrecords:\n  - {target: %s, value: ", district, target)
	planHead := "id: hostile\ntitle: 测试\nperiod: {start: 2025-01-01, end: 2025-12-31}\ndepartments: [{id: zjj, name: 市住建局}]\n"
	planTarget := planHead + "sections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [\n  {id: t, name: T, lead: zjj, target: "
	tests := []struct {
		name, flag, text string
		line             int // of the fault
		msg              string
	}{
		{"ProgressAliasBomb", "-progress", "date: 2025-06-30\n" + billionLaughs() + "records: *l9\n", 12, "alias"},
		{"ProgressNUL", "-progress", record + "1\x00}\n", 4, "U+0000"},
		{"ProgressHugeFigure", "-progress", record + "1" + strings.Repeat("0", 1999999) + "}\n", 4, "bytes long"},
		{"ProgressDeepNesting", "-progress", "date: 2025-06-30\nrecords: " + strings.Repeat("[", 20000) + "\n", 2, "depth"},
		{"ProgressBlockNesting", "-progress", "date: 2025-06-30\nrecords:\n  - " + strings.Repeat("- ", 20000) + "x\n", 2, "depth"},
		{"ProgressInvalidUTF8", "-progress", "# \xff\n" + record + "1}\n", 1, "UTF-8"},
		{"ProgressTab", "-progress", "date: 2025-06-30\nrecords:\n\t- {target: x, value: 1}\n", 3, "tab"},
		{"PlanAliasBomb", "-plan", planHead + billionLaughs() + "sections: *l9\n", 15, "alias"},
		{"PlanNUL", "-plan", planHead + "districts: [{id: a, name: \x00}]\n", 5, "U+0000"},
		{"PlanHugeFigure", "-plan", planTarget + "1" + strings.Repeat("0", 1999999) + "}]}]}]\n", 6, "bytes long"},
		{"PlanDeepNesting", "-plan", planHead + "districts: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", 5, "depth"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".yaml")
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr, took := runReport(t, tt.flag, path, "-format", "json", "-lang", "en")
			t.Logf("%d bytes: %v", len(tt.text), took)
			if code != 1 {
				t.Errorf("exit status %d, want 1; stderr:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("a report was printed:\n%.500s", stdout)
			}
			if want := fmt.Sprintf("%s:%d:", path, tt.line); !strings.Contains(stderr, want) {
				t.Errorf("stderr does not name %s; it is:\n%.2000s", want, stderr)
			}
			if !strings.Contains(stderr, tt.msg) {
				t.Errorf("stderr does not say %q; it is:\n%.2000s", tt.msg, stderr)
			}
			for _, trace := range []string{"goroutine ", "panic", ".go:", "runtime."} {
				if strings.Contains(stderr, trace) {
					t.Errorf("stderr holds %q, as of a Go stack trace:\n%.2000s", trace, stderr)
				}
			}
			if len(stderr) > 20000 {
				t.Errorf("stderr is %d bytes: long input must be cut short in messages", len(stderr))
			}
			for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
				if !strings.HasPrefix(line, path+":") && !strings.HasPrefix(line, "report: ") {
					t.Errorf("stderr line %q is neither file:line:column: message nor a summary", line)
				}
			}
		})
	}
}

// TestHostileDirectory: a directory holding a hostile file among good
// ones reports the hostile one and exits 1.
func TestHostileDirectory(t *testing.T) {
	target, district := firstTarget(t)
	dir := t.TempDir()
	good := fmt.Sprintf("district: %s\ndate: 2025-06-30\nrecords:\n  - {target: %s, value: 1}\n", district, target)
	for name, text := range map[string]string{
		"a.yaml": good,
		"b.yaml": "date: 2025-06-30\n" + billionLaughs() + "records: *l9\n",
		"c.yaml": strings.Replace(good, "06-30", "07-31", 1),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr, _ := runReport(t, "-progress", dir)
	if code != 1 || stdout != "" {
		t.Errorf("exit status %d and %d bytes of report, want 1 and none; stderr:\n%s", code, len(stdout), stderr)
	}
	if want := filepath.Join(dir, "b.yaml") + ":12:"; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not name %s:\n%s", want, stderr)
	}
	if strings.Contains(stderr, "a.yaml") || strings.Contains(stderr, "c.yaml") {
		t.Errorf("stderr names a good file:\n%s", stderr)
	}
}

// TestSince: -since adds the earlier date's ranks and statuses to the
// JSON; a -since on or after an explicit -as-of is a wrong command line
// before anything loads, and after a defaulted one once the input is
// known to be sound.
func TestSince(t *testing.T) {
	code, out, _, _ := runReport(t, "-as-of", "2025-09-30", "-since", "2025-08-31", "-format", "json")
	require.Equal(t, 0, code)
	var js struct {
		Since     string
		Districts []struct {
			ID       string
			Rank     *int
			Previous *struct{ Rank *int }
		}
		Targets []struct {
			PreviousStatus string `json:"previous_status"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js))
	assert.Equal(t, "2025-08-31", js.Since)
	require.NotEmpty(t, js.Districts)
	for _, d := range js.Districts {
		require.NotNil(t, d.Previous, d.ID)
	}
	assert.NotEmpty(t, js.Targets[0].PreviousStatus)

	// Both dates given: refused before loading, so a missing plan is not
	// even read (it would be exit 1).
	code, _, stderr, _ := runReport(t, "-plan", "no-such-plan.yaml", "-as-of", "2025-06-30", "-since", "2025-06-30")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "report: -since 2025-06-30 应早于 -as-of 2025-06-30；请填一个更早的日期来比较\n")
	code, _, stderr, _ = runReport(t, "-lang", "en", "-plan", "no-such-plan.yaml", "-as-of", "2025-06-30", "-since", "2025-06-30")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "report: -since 2025-06-30 is not before -as-of 2025-06-30; want an earlier date to compare with\n")
	// A defaulted -as-of: input errors come first...
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("district: tinghu\ndate: 2025-06-30\nrecords:\n  - {target: nowhere, value: 1}\n"), 0o644))
	code, _, _, _ = runReport(t, "-progress", bad, "-since", "2025-12-31")
	assert.Equal(t, 1, code)
	// ...then the date: the latest record of the sample is 2025-09-30.
	code, _, stderr, _ = runReport(t, "-since", "2025-09-30")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "report: -since 2025-09-30 应早于报告日期 2025-09-30（最新一条记录的日期）；请填一个更早的日期\n")
	code, _, stderr, _ = runReport(t, "-lang", "en", "-since", "2025-09-30")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "report: -since 2025-09-30 is not before the report date 2025-09-30 (the latest record date); want an earlier date\n")
}

// TestRankBy: -rank-by adds, in text and Markdown, one table per target:
// its districts in rank order. On 2025-09-30 the sample's ceiling
// 标准厂房空置率 (10%) ranks by actual / goal, lowest first: 经开区 7.5%
// of 8% = 0.9375, 东台市 10% of 10% = 1, 阜宁县 12.78% of 12% = 1.065,
// 盐南高新区 10.8% of 10% = 1.08. An unknown id, or a target with no
// allocations, is a wrong command line naming the nearest id.
func TestRankBy(t *testing.T) {
	code, out, stderr, _ := runReport(t, "-as-of", "2025-09-30", "-rank-by", "factory-vacancy", "-rank-by", "neighbourhoods-renovated")
	require.Equal(t, 0, code, stderr)
	_, table, ok := strings.Cut(out, "三、单项排名：标准厂房空置率控制在10%以内\n")
	require.True(t, ok, out)
	var order []string
	for _, line := range strings.Split(table, "\n")[2:6] {
		f := strings.Fields(line)
		order = append(order, f[0]+" "+f[1])
	}
	assert.Equal(t, []string{"1 盐城经济技术开发区", "2 东台市", "3 阜宁县", "4 盐南高新技术产业开发区"}, order)
	assert.Contains(t, out, "四、单项排名：改造老旧小区\n", "one table per -rank-by, in the order given")
	assert.Contains(t, out, "五、牵头部门得分\n", "the headings after them are numbered on")

	code, out, _, _ = runReport(t, "-as-of", "2025-09-30", "-rank-by", "factory-vacancy", "-format", "markdown", "-lang", "en")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "## 3. Ranking on 标准厂房空置率控制在10%以内\n")
	assert.Contains(t, out, "| 1 | 盐城经济技术开发区 | 8% | 7.5% | 106.7% | 100.0% | — | completed (exceeded) |")

	// By name, as a clerk writes it: the same table.
	code, byName, stderr, _ := runReport(t, "-as-of", "2025-09-30", "-rank-by", "标准厂房空置率控制在10%以内", "-rank-by", "neighbourhoods-renovated")
	require.Equal(t, 0, code, stderr)
	code, byID, _, _ := runReport(t, "-as-of", "2025-09-30", "-rank-by", "factory-vacancy", "-rank-by", "neighbourhoods-renovated")
	require.Equal(t, 0, code)
	assert.Equal(t, byID, byName)

	for _, c := range []struct{ id, lang, want string }{
		{"factory-vacancies", "en", `-rank-by factory-vacancies: the plan has no target "factory-vacancies" (did you mean "factory-vacancy"?)`},
		{"park-output-growth", "en", `-rank-by park-output-growth: target park-output-growth has no allocations, so no district has a rank on it (did you mean "parking-spaces"?)`},
		{"factory-vacancies", "zh", `-rank-by factory-vacancies: 计划中没有指标“factory-vacancies”（是不是“factory-vacancy”？）`},
		{"改造老旧小", "zh", `-rank-by 改造老旧小: 计划中没有指标“改造老旧小”（是不是“改造老旧小区”？）`},
	} {
		code, out, stderr, _ := runReport(t, "-rank-by", c.id, "-lang", c.lang)
		assert.Equal(t, 2, code, c.id)
		assert.Empty(t, out)
		assert.Contains(t, stderr, "report: "+c.want+"\n")
	}
}

// TestOutputFile: -o writes each format to the file, replacing an old
// report only once the new one is whole; a run that fails leaves the old
// file as it was and no temporary file beside it.
func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	require.NoError(t, os.WriteFile(out, []byte("old"), 0o640))
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("district: tinghu\ndate: 2025-06-30\nrecords:\n  - {target: nowhere, value: 1}\n"), 0o644))

	// Input errors: exit 1, nothing written.
	code, stdout, stderr, _ := runReport(t, "-progress", bad, "-format", "json", "-o", out)
	assert.Equal(t, 1, code, stderr)
	assert.Empty(t, stdout)
	assertFile(t, out, "old")
	// A wrong command line: exit 2, nothing written.
	code, _, _, _ = runReport(t, "-format", "odt", "-o", out) // no such format
	assert.Equal(t, 2, code)
	assertFile(t, out, "old")

	// A good run replaces it, keeping its mode, and prints nothing.
	code, stdout, stderr, _ = runReport(t, "-format", "json", "-o", out)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	var js struct {
		AsOf string `json:"as_of"`
	}
	require.NoError(t, json.Unmarshal(got, &js))
	assert.Equal(t, "2025-09-30", js.AsOf, "the sample's latest record date")
	info, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())

	// -o naming a directory: refused, the directory untouched.
	code, _, stderr, _ = runReport(t, "-o", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not a regular file")

	// -o in a folder that does not exist: exit 1, and nothing created.
	code, _, _, _ = runReport(t, "-o", filepath.Join(dir, "no", "such", "r.txt"))
	assert.Equal(t, 1, code)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"bad.yaml", "report.json"}, names, "no temporary file left")
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(got))
}

// TestWorkbookOutput: -format xlsx -o writes a workbook that excelize
// opens, with a sheet per view, 豁免 for the sample's exempt allocation
// and 数据问题 for its warning;
// without -o it goes to standard output when that is not a terminal, and
// is refused (exit 2) when it is.
func TestWorkbookOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.xlsx")
	code, _, stderr, _ := runReport(t, "-format", "xlsx", "-o", out)
	require.Equal(t, 0, code, stderr)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"全市目标", "县区目标", "县区排名", "部门", "预警清单", "临期与进度预警", "豁免", "数据问题"}, f.GetSheetList())

	code, stdout, _, _ := runReport(t, "-format", "xlsx")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(stdout, "PK\x03\x04"), "a zip archive on standard output")

	defer func(was func(io.Writer) bool) { isTerminal = was }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	code, stdout, stderr, _ = runReport(t, "-format", "xlsx")
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "report: -format xlsx 输出的是 Excel 工作簿，不是文字：请用 -o 写明文件名，或把标准输出重定向到文件\n")
	code, _, stderr, _ = runReport(t, "-format", "xlsx", "-lang", "en")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "report: -format xlsx writes a workbook, not text: give -o FILE, or redirect standard output to a file\n")
	// Text formats and -o do not care.
	code, stdout, _, _ = runReport(t, "-format", "csv")
	assert.Equal(t, 0, code)
	assert.NotEmpty(t, stdout)
	code, _, _, _ = runReport(t, "-format", "xlsx", "-o", out)
	assert.Equal(t, 0, code)
}

// TestIsTerminal: a file and the null device are not terminals, so that
// `report -format xlsx > /dev/null` runs.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null))
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f))
	assert.False(t, isTerminal(&bytes.Buffer{}))
}

// TestPage: -format html -o writes one page with the trend of the
// sample's months (January to September, one line point each) and, with
// -since, the ranking's moves.
func TestPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr, _ := runReport(t, "-format", "html", "-since", "2025-08-31", "-o", out)
	require.Equal(t, 0, code, stderr)
	page, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(page, []byte("<!DOCTYPE html>")), "%.40s", page)
	assert.NotContains(t, string(page), "http://", "a page that needs no network")
	// The trend table's columns: the month ends of 2025 up to the sample's
	// latest record date, 2025-09-30, nine in all.
	var head strings.Builder
	head.WriteString("<th>县（区）</th>")
	for _, d := range []string{"01-31", "02-28", "03-31", "04-30", "05-31", "06-30", "07-31", "08-31", "09-30"} {
		head.WriteString(`<th class="num">` + d + "</th>")
	}
	assert.Contains(t, string(page), "<thead><tr>"+head.String()+"</tr></thead>")
	assert.Contains(t, string(page), `<td class="move`, "-since gives the ranking a column of moves")
}

// countingWriter counts the writes made to it.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// TestFlood: a file of 100,000 bad records gives 100,000 problem lines and
// the summary last, on its own, in few writes (one buffer, not a write a
// problem): every line but the last is file:line:column: message.
func TestFlood(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "flood.yaml")
	const n = 100000
	if err := os.WriteFile(file, []byte("date: 2025-06-30\nrecords:\n"+strings.Repeat("- 1\n", n)), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	var stderr countingWriter
	if code := run([]string{"-progress", file, "-lang", "en"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit status %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) != n+1 {
		t.Fatalf("%d lines, want %d problems and the summary", len(lines), n+1)
	}
	for i, l := range lines[:n] {
		// Records start on line 3, in column 3 ("- 1": the item's value).
		if want := fmt.Sprintf("%s:%d:3: a record is a single value", file, 3+i); !strings.HasPrefix(l, want) {
			t.Fatalf("line %d is %q, want it to start %q", i+1, l, want)
		}
	}
	if want := fmt.Sprintf("report: %d errors in the progress files; nothing to report", n); lines[n] != want {
		t.Errorf("last line %q, want %q", lines[n], want)
	}
	// 100,000 lines of some 150 bytes are 15 MB: 64 KiB a write is some
	// 230 writes, and the summary one more.
	if max := stderr.Len()/(64<<10) + 2; stderr.writes > max {
		t.Errorf("%d writes for %d bytes, want at most %d", stderr.writes, stderr.Len(), max)
	}
}

// TestWatchHeap: once more than the threshold is live after a
// collection, the limit is lifted, once.
func TestWatchHeap(t *testing.T) {
	lifted := make(chan struct{}, 2)
	watchHeap(1<<20, func() { lifted <- struct{}{} })
	live := make([][]byte, 0, 64)
	for range 64 {
		live = append(live, make([]byte, 64<<10)) // 4 MiB live in all
	}
	deadline := time.After(10 * time.Second)
	for done := false; !done; {
		runtime.GC()
		select {
		case <-lifted:
			done = true
		case <-deadline:
			t.Fatal("the limit was not lifted with 4 MiB live and a threshold of 1 MiB")
		case <-time.After(10 * time.Millisecond):
		}
	}
	runtime.KeepAlive(live)
	runtime.GC()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if len(lifted) != 0 {
		t.Error("lifted more than once")
	}
}

// TestAsOfOutsidePeriod: a report date outside the plan period is a
// warning on stderr, in the language of -lang; the report is made.
func TestAsOfOutsidePeriod(t *testing.T) {
	code, out, stderr, _ := runReport(t, "-as-of", "2026-03-31")
	require.Equal(t, 0, code, stderr)
	assert.NotEmpty(t, out)
	assert.Contains(t, stderr, "\n警告：报告日期 2026-03-31 不在计划期 2025-01-01 至 2025-12-31 内；请核对 -as-of\n")
	code, _, stderr, _ = runReport(t, "-as-of", "2024-12-31", "-lang", "en")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "\nwarning: the report date 2024-12-31 is outside the plan period 2025-01-01 to 2025-12-31; check -as-of\n")
	// Inside the period, on its last day: no such warning.
	_, _, stderr, _ = runReport(t, "-as-of", "2025-12-31")
	assert.NotContains(t, stderr, "计划期")
}
