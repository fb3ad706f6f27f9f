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
		{"OK", []string{"-district", "xiangshui", "-as-of", "2025-09-30"}, 0, "截至 2025-09-30，序时进度 75.0%，得分 41.0%，在 11 个县（区）中排名第 11。", ""},
		{"English", []string{"-district", "yannan", "-as-of", "2025-09-30", "-lang", "en"}, 0, "score 90.6%, rank 3 of 11.", ""},
		{"CSV", []string{"-district", "jianhu", "-format", "csv"}, 0, "jianhu,建湖县", ""},
		{"ErrNoDistrict", nil, 2, "", "scorecard: 请用 -district 写明县区（编号或名称）\n计划中的县区：\n"},
		{"ErrNoDistrictEnglish", []string{"-lang", "en"}, 2, "", "scorecard: -district is required\ndistricts of the plan:\n"},
		{"ErrUnknownDistrict", []string{"-district", "atlantis"}, 2, "", "  yannan       盐南高新技术产业开发区\n"},
		{"ByName", []string{"-district", "响水县", "-as-of", "2025-09-30"}, 0, "截至 2025-09-30，序时进度 75.0%，得分 41.0%，在 11 个县（区）中排名第 11。", ""},
		{"ErrNameTypo", []string{"-district", "亭湖"}, 2, "", "scorecard: -district 亭湖: 计划中没有编号或名称为“亭湖”的县区（是不是“亭湖区”？）\n"},
		{"ErrNameTypoEnglish", []string{"-district", "tinhu", "-lang", "en"}, 2, "", `scorecard: -district tinhu: the plan has no district whose id or name is "tinhu" (did you mean "tinghu"?)` + "\n"},
		{"JSON", []string{"-district", "tinghu", "-as-of", "2025-09-30", "-format", "json"}, 0, `"ranked": 11`, ""},
		{"ErrFormat", []string{"-district", "tinghu", "-format", "xml"}, 2, "", "scorecard: -format 填的“xml”不是本程序能输出的格式；可填 text、markdown、csv 或 json\n"},
		{"ErrFormatEnglish", []string{"-district", "tinghu", "-format", "xml", "-lang", "en"}, 2, "", `scorecard: -format "xml": want text, markdown, csv or json` + "\n"},
		// -lang itself wrong: told in Chinese, the default.
		{"ErrLang", []string{"-district", "tinghu", "-lang", "fr"}, 2, "", "scorecard: -lang 填的“fr”不是可选的语言；请填 zh（中文）或 en（英文）\n"},
		{"ErrPlanFile", []string{"-district", "tinghu", "-plan", "no-such-plan.yaml"}, 1, "", "no-such-plan.yaml"},
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
