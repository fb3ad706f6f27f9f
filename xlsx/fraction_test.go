package xlsx_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

const percentPlan = `
id: percent-test
title: 百分比目标
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: zjj, name: 市住建局}
districts:
  - {id: tinghu, name: 亭湖区}
  - {id: yandu, name: 盐都区}
sections:
  - id: s
    name: 活力
    tasks:
      - id: k
        name: 园区
        targets:
          - {id: growth, name: 园区产值增长, kind: level, unit: "%", target: 8%, lead: zjj}
          - {id: rate, name: 闲置率下降, kind: level, unit: "%", target: 1%, lead: zjj}
          - {id: share, name: 绿色建筑占比, kind: level, unit: "%", target: 10%, allocations: {tinghu: 8%, yandu: 12%}, lead: zjj}
`

// TestFractionForPercent: a plain number below 1 typed for a target in %
// reads as that many percent; a warning asks whether a fraction was
// meant when, read as a fraction (× 100 %), it would be near the goal
// (from a tenth of it to twice it) and read as written it would not.
func TestFractionForPercent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.yaml")
	require.NoError(t, os.WriteFile(path, []byte(percentPlan), 0o644))
	plan, probs := renewal.LoadPlanFile(path)
	require.False(t, probs.HasErrors(), "%v", probs)

	data := newBook(t).
		row(1, "填报日期", "2025-06-30").
		row(2, "目标编号", "县区编号", "累计完成", "日期"). // each record its own day
		// 0.09 as 9% is near 8% (0.8% to 16%); as 0.09% it is not: a warning.
		row(3, "growth", nil, 0.09, "2025-06-03").
		// 0.5 as 50% is past 2%, twice the goal of 1%; 0.5% is near: none.
		row(4, "rate", nil, 0.5, "2025-06-04").
		// A percent cell stores 0.09 and shows 9%: none.
		row(5, "growth", nil, 0.09, "2025-06-05").format("C5", 10).
		// 0.02 as 2% is at least 0.8%, a tenth of 8%: a warning.
		row(6, "growth", nil, 0.02, "2025-06-06").
		// 0.2 as 20% is past 16%: none.
		row(7, "growth", nil, 0.2, "2025-06-07").
		// 0.007 as 0.7% is under 0.8%: none.
		row(8, "growth", nil, 0.007, "2025-06-08").
		// tinghu's goal is 8% and yandu's 12%: 0.2 as 20% is near 12%
		// (1.2% to 24%) only.
		row(9, "share", "tinghu", 0.2, "2025-06-09").
		row(10, "share", "yandu", 0.2, "2025-06-10").
		// A figure of 1 or more, and 0, read as written: none.
		row(11, "growth", nil, 1, "2025-06-11").
		row(12, "growth", nil, 0, "2025-06-12").
		bytes()
	l, probs := loadSheet(t, plan, data)
	warn := func(cell, v, goal, meant string) string {
		return "book.xlsx:填报!" + cell + ": warning: 累计完成 " + v + " reads as " + v + "%, far from the goal of " + goal + "%; if " + meant + "% was meant, type " + meant + "% (or format the cell as a percentage)"
	}
	assert.Equal(t, []string{
		warn("C3", "0.09", "8", "9"),
		warn("C6", "0.02", "8", "2"),
		warn("C10", "0.2", "12", "20"),
	}, strings.Split(strings.TrimSpace(probs.String()), "\n"))
	if assert.Len(t, probs, 3) {
		assert.Equal(t, renewal.CodeFractionForPercent, probs[0].Code)
		assert.Equal(t, []string{"0.09", "0.09", "8", "9", "9"}, probs[0].Args())
	}
	// A warning leaves the record as it reads: 0.09% is 0.0009.
	got := records(l)
	require.Len(t, got, 10)
	assert.Contains(t, got[0], "growth city 2025-06-03 value=0.0009 ")

	// In a YAML file a figure is text typed as meant: no warning.
	_, probs = renewal.ReadProgress(plan, "twin.yaml", strings.NewReader("date: 2025-06-30\nrecords:\n  - {target: growth, value: 0.09}\n"))
	assert.Empty(t, probs.String())
}
