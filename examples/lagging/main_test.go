package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRun(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line the output contains
		stderr string // a line the errors contain
	}{
		{"OK", []string{"-as-of", "2025-09-30"}, 0, "共 23 项目标预警：逾期 2 项，严重滞后 5 项，滞后 16 项。", "sample/funing.yaml:56:5: 警告：更正（"},
		{"English", []string{"-as-of", "2025-09-30", "-lang", "en"}, 0, "23 goals need attention", ""},
		{"Markdown", []string{"-as-of", "2025-09-30", "-format", "markdown"}, 0, "| 严重滞后 | 响水县 | 改造老旧小区 | 8 | 3 | 37.5% | 75.0% | -37.5 | 11 | 市住建局 |", ""},
		{"CSV", []string{"-as-of", "2025-09-30", "-format", "csv"}, 0, "\uFEFF部分,任务,", ""},
		{"JSON", []string{"-as-of", "2025-09-30", "-format", "json"}, 0, `"lagging_threshold": "0.1"`, ""},
		{"ErrFormat", []string{"-format", "xml"}, 2, "", `-format "xml": want text, markdown, csv or json`},
		{"ErrLang", []string{"-lang", "fr"}, 2, "", `-lang "fr": want zh or en`},
		{"ErrDate", []string{"-as-of", "30/09/2025"}, 2, "", "-as-of: "},
		{"ErrArg", []string{"extra"}, 2, "", `unexpected argument "extra"`},
		{"ErrPlanFile", []string{"-plan", "no-such-plan.yaml"}, 1, "", "no-such-plan.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, c.code, run(c.args, &stdout, &stderr), stderr.String())
			assert.Contains(t, stdout.String(), c.stdout)
			assert.Contains(t, stderr.String(), c.stderr)
			if c.code != 0 {
				assert.Empty(t, stdout.String())
			}
		})
	}
}
