package renewal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// formulaPlan has names that a spreadsheet would run as formulas, and a
// level target with negative figures, which must stay numbers.
const formulaPlan = `id: formula
title: 公式测试
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: "@SUM(A1:A9)"}]
districts: [{id: east, name: "+86 东区"}]
sections:
  - id: s
    name: S
    tasks:
      - id: k
        name: K
        targets:
          - id: temp
            name: '=HYPERLINK("http://x","点我")'
            kind: level
            unit: "-"
            target: -2
            baseline: -5
            lead: zjj
          - id: homes
            name: "\ttab first"
            allocations: {east: 4}
            lead: zjj
`

func TestCSVSpreadsheetSafe(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(formulaPlan))
	require.NoError(t, probs.Err())
	ledger, probs := renewal.ReadProgress(plan, "=cmd.yaml", strings.NewReader(`date: 2025-06-30
records:
  - {target: temp, value: -3}
  - {target: homes, district: east, value: 1}
`))
	require.NoError(t, probs.Err())
	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.CSV, renewal.English))
	out := buf.String()

	// Every line ends in CRLF, and there is no bare LF.
	assert.True(t, strings.HasSuffix(out, "\r\n"))
	assert.Equal(t, strings.Count(out, "\n"), strings.Count(out, "\r\n"), "no bare LF")
	assert.Equal(t, 4, strings.Count(out, "\r\n"), "a header and three goals")

	rows := readCSV(t, buf.Bytes())
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	temp, homesEast := rows[1], rows[3]
	assert.Equal(t, `'=HYPERLINK("http://x","点我")`, temp[col["target_name"]])
	assert.Equal(t, "'@SUM(A1:A9)", temp[col["lead_name"]])
	assert.Equal(t, "'-", temp[col["unit"]])
	assert.Equal(t, "'=cmd.yaml:3:5", temp[col["record"]])
	assert.Equal(t, "'+86 东区", homesEast[col["district_name"]])
	assert.Equal(t, "'\ttab first", homesEast[col["target_name"]])
	// Figures stay figures: -2, -5, -3; completion (−3 − −5)/(−2 − −5) = 2/3.
	assert.Equal(t, []string{"-2", "-5", "-3", "0.6667"},
		[]string{temp[col["target"]], temp[col["baseline"]], temp[col["actual"]], temp[col["completion"]]})
	// The sheet stands alone: the report date and the status code.
	assert.Equal(t, "2025-06-30", temp[col["as_of"]])
	assert.Equal(t, "seriously lagging", temp[col["status"]])
	assert.Equal(t, "seriously_lagging", temp[col["status_code"]])
	assert.Equal(t, col["status"]+1, col["status_code"], "the code is beside its label")

	buf.Reset()
	require.NoError(t, r.Write(&buf, renewal.CSV, renewal.Chinese))
	zh := readCSV(t, buf.Bytes())
	assert.Equal(t, []string{"状态", "状态代码"}, zh[0][col["status"]:col["status"]+2])
	assert.Equal(t, "截至日期", zh[0][col["as_of"]])
	assert.Equal(t, "严重滞后", zh[1][col["status"]])
	assert.Equal(t, "seriously_lagging", zh[1][col["status_code"]])
}
