package renewal

import (
	"strings"
	"testing"
)

// TestEveryCodeHasChinese: every code of the catalogue has a Chinese
// text, but those whose whole message is another reader's text.
func TestEveryCodeHasChinese(t *testing.T) {
	for c := range catalogue {
		switch c {
		case CodeYamlFeature, CodeYamlSyntax, CodeWorkbook:
			continue
		}
		if zhCatalogue[c] == "" && catalogue[c].zh == "" {
			t.Errorf("%s has no Chinese text", c)
		}
	}
}

// TestChineseYAMLWords: a progress file's problems in Chinese name where
// the key sits in Chinese, and keep a space between a key as written and
// the Chinese after it.
func TestChineseYAMLWords(t *testing.T) {
	for _, c := range []struct {
		code Code
		args []any
		want string
	}{
		{CodeUnknownKeyDidYouMean, []any{"vaule", "a record", "value", "target, value"}, "记录里的“vaule”不认识，是不是“value”？（可用的有：target, value）"},
		{CodeUnknownKey, []any{"colour", "a target", "id, name"}, "指标里的“colour”不认识；可用的有：id, name"},
		{CodeUnknownKey, []any{"when", "a point of the plan's schedule", "date, expected"}, "计划的进度安排的一个节点里的“when”不认识；可用的有：date, expected"},
		{CodeUnknownKey, []any{"why", "a revision of target t1", "from, reason"}, "指标 t1 的调整里的“why”不认识；可用的有：from, reason"},
		{CodeMalformedValue, []any{"value", `"五" is not a decimal figure: '五' is not a digit`}, "value 应为数字，这里填的是“五”"},
	} {
		p := newProblem(Position{File: "a.yaml", Line: 3, Column: 5}, Error, ErrField, c.code, c.args...)
		if got := p.Text(Chinese); got != c.want {
			t.Errorf("%s: got %q, want %q", c.code, got, c.want)
		}
	}
	// In a workbook the column's header is Chinese already: no space.
	p := newProblem(Position{File: "a.xlsx", Sheet: "填报", Line: 5, Column: 9}, Error, ErrField, CodeMalformedValue, "value", `"五" is not a decimal figure: '五' is not a digit`)
	if got, want := p.Text(Chinese), "累计完成应为数字"; !strings.HasPrefix(got, want) {
		t.Errorf("workbook: got %q, want it to begin %q", got, want)
	}
}
