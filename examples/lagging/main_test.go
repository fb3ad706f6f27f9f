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
		{"ErrFormat", []string{"-format", "xml"}, 2, "", "lagging: -format 填的“xml”不是本程序能输出的格式；可填 text、markdown、csv 或 json\n"},
		{"ErrFormatEnglish", []string{"-lang", "en", "-format", "xml"}, 2, "", `lagging: -format "xml": want text, markdown, csv or json` + "\n"},
		{"ErrLang", []string{"-lang", "fr"}, 2, "", "lagging: -lang 填的“fr”不是可选的语言；请填 zh（中文）或 en（英文）\n"},
		{"ErrDate", []string{"-as-of", "30/09/2025"}, 2, "", "lagging: -as-of 填的“30/09/2025”不是日期；请写成 YYYY-MM-DD，如 2025-06-30\n"},
		{"ErrDateEnglish", []string{"-as-of", "30/09/2025", "-lang", "en"}, 2, "", `lagging: -as-of: "30/09/2025" is not a date; want YYYY-MM-DD, such as 2025-06-30` + "\n"},
		{"ErrArg", []string{"extra"}, 2, "", "lagging: 多了一个参数“extra”（进度文件的路径请写在 -progress 后面）\n"},
		{"ErrArgEnglish", []string{"-lang", "en", "extra"}, 2, "", `lagging: unexpected argument "extra" (give progress paths with -progress)` + "\n"},
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
