package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citybureau/renewal"
)

// firstLine returns the first line of a command line's stderr: its
// message, before the flags' usage.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestUsageInChinese: a wrong command line is told in Chinese by default
// and in today's English with -lang en; a -lang that fails is told in
// Chinese, whatever comes after it.
func TestUsageInChinese(t *testing.T) {
	cases := []struct {
		args   []string
		zh, en string
	}{
		{[]string{"extra"},
			`report: 多了一个参数“extra”（进度文件的路径请写在 -progress 后面）`,
			`report: unexpected argument "extra" (give progress paths with -progress)`},
		{[]string{"-format", "pdf"},
			`report: -format 填的“pdf”不是本程序能输出的格式；可填 text、markdown 或 json`,
			`report: -format "pdf": want text, markdown or json`},
		{[]string{"-as-of", "2025-13-40"},
			`report: -as-of 填的“2025-13-40”不是日期；请写成 YYYY-MM-DD，如 2025-06-30`,
			`report: -as-of: "2025-13-40" is not a calendar date; want YYYY-MM-DD, such as 2025-06-30`},
		{[]string{"-since", "6月"},
			`report: -since 填的“6月”不是日期；请写成 YYYY-MM-DD，如 2025-06-30`,
			`report: -since: "6月" is not a date; want YYYY-MM-DD, such as 2025-06-30`},
		{[]string{"-as-of", "2025-06-30", "-since", "2025-06-30"},
			`report: -since 2025-06-30 应早于 -as-of 2025-06-30；请填一个更早的日期来比较`,
			`report: -since 2025-06-30 is not before -as-of 2025-06-30; want an earlier date to compare with`},
	}
	for _, c := range cases {
		for _, lang := range []string{"", "zh", "en"} {
			var stderr bytes.Buffer
			in := New("report", &stderr, renewal.Text, renewal.Markdown, renewal.JSON)
			args := c.args
			want := c.zh
			if lang != "" {
				args = append([]string{"-lang", lang}, args...)
			}
			if lang == "en" {
				want = c.en
			}
			code, ok := in.Parse(args)
			if ok || code != 2 {
				t.Errorf("%q: status %d, %v; want 2", args, code, ok)
			}
			if got := firstLine(stderr.String()); got != want {
				t.Errorf("%q:\n got %s\nwant %s", args, got, want)
			}
		}
	}
	// -lang itself wrong, before or after another mistake: Chinese.
	for _, args := range [][]string{{"-lang", "fr"}, {"-format", "pdf", "-lang", "EN"}, {"-lang", "fr", "extra"}} {
		var stderr bytes.Buffer
		in := New("report", &stderr, renewal.Text)
		if code, _ := in.Parse(args); code != 2 {
			t.Errorf("%q: status %d; want 2", args, code)
		}
		lang := args[len(args)-1]
		if lang == "extra" {
			lang = "fr"
		}
		want := "report: -lang 填的“" + lang + "”不是可选的语言；请填 zh（中文）或 en（英文）"
		if got := firstLine(stderr.String()); got != want {
			t.Errorf("%q:\n got %s\nwant %s", args, got, want)
		}
	}
}

// TestSummaryInChinese: the last line after a load with errors is in
// the language of -lang, counting the errors printed above it.
func TestSummaryInChinese(t *testing.T) {
	dir := t.TempDir()
	emptyPlan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(emptyPlan, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Two records of targets the plan does not have: two errors.
	progress := filepath.Join(dir, "p.yaml")
	doc := "district: binhai\ndate: 2025-06-30\nrecords:\n  - {target: no-such-target, value: 1}\n  - {target: nor-this-one, value: 2}\n"
	if err := os.WriteFile(progress, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		zh, en string
	}{
		{[]string{"-plan", emptyPlan},
			"report: 计划中有 1 处错误；先改好计划，才能检查进度",
			"report: 1 error in the plan; progress was not checked"},
		{[]string{"-plan", emptyPlan, "-progress", progress},
			"report: 计划或进度文件中有 1 处错误；未生成报告",
			"report: 1 error in the plan or the progress files; nothing to report"},
		{[]string{"-progress", progress},
			"report: 进度文件中有 2 处错误；未生成报告",
			"report: 2 errors in the progress files; nothing to report"},
	}
	for _, c := range cases {
		for _, lang := range []string{"", "en"} {
			var stderr bytes.Buffer
			in := New("report", &stderr, renewal.Text)
			args, want := c.args, c.zh
			if lang == "en" {
				args, want = append([]string{"-lang", "en"}, args...), c.en
			}
			if _, ok := in.Parse(args); !ok {
				t.Fatalf("%q: %s", args, stderr.String())
			}
			if _, code, ok := in.Report(); ok || code != 1 {
				t.Errorf("%q: status %d, %v; want 1", args, code, ok)
			}
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			if got := lines[len(lines)-1]; got != want {
				t.Errorf("%q:\n got %s\nwant %s", args, got, want)
			}
		}
	}
	// The store's summary: its errors counted the same way.
	for _, c := range []struct {
		lang   string
		n      int
		want   string
		prefix []string
	}{
		{"", 3, "report: 数据库的记录中有 3 处错误；未生成报告", nil},
		{"en", 3, "report: 3 errors in the store; nothing to report", []string{"-lang", "en"}},
		{"en", 1, "report: 1 error in the store; nothing to report", []string{"-lang", "en"}},
	} {
		var stderr bytes.Buffer
		in := New("report", &stderr, renewal.Text)
		if _, ok := in.Parse(c.prefix); !ok {
			t.Fatal(stderr.String())
		}
		in.Store = func(plan *renewal.Plan) (*renewal.Ledger, renewal.Problems, error) {
			probs := make(renewal.Problems, c.n)
			for i := range probs {
				probs[i] = renewal.Problem{Severity: renewal.Error, Message: "bad"}
			}
			return nil, probs, nil
		}
		if _, code, ok := in.Report(); ok || code != 1 {
			t.Errorf("store: status %d, %v; want 1", code, ok)
		}
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		if got := lines[len(lines)-1]; got != c.want {
			t.Errorf("store %s %d:\n got %s\nwant %s", c.lang, c.n, got, c.want)
		}
	}
}
