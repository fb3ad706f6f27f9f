package xlsx_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/xlsx"
)

type jsonGoal struct {
	ID, District, Target, Baseline, Completion, Score, Expected, Status string
	Actual                                                              *string
}

type jsonReport struct {
	Targets []struct {
		jsonGoal
		Districts []jsonGoal
	}
	Districts []struct {
		ID, Score string
		Rank      *int
		Targets   int
	}
	Departments []struct {
		ID    string
		Score *string
	}
	Warnings []struct{ Message string }
}

// sheetRows reads a sheet of the xlsx report as raw cell values under
// its header row (row 3), each row a map from header to value.
func sheetRows(t *testing.T, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Greater(t, len(rows), 2, sheet)
	header := rows[2]
	var out []map[string]string
	for _, r := range rows[3:] {
		m := map[string]string{}
		for i, h := range header {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// same asserts that a cell holds the figure of the JSON report: equal as
// decimals (the JSON may keep trailing zeros), both absent for null.
func same(t *testing.T, want *string, got, what string) {
	t.Helper()
	if want == nil {
		assert.Empty(t, got, what)
		return
	}
	w, err := decimal.NewFromString(*want)
	require.NoError(t, err, what)
	g, err := decimal.NewFromString(got)
	if assert.NoError(t, err, "%s: %q", what, got) {
		assert.True(t, w.Equal(g), "%s: sheet %s, JSON %s", what, got, *want)
	}
}

// TestReportWorkbook writes the sample's report as a workbook and reads
// it back cell by cell: every figure is the JSON report's.
func TestReportWorkbook(t *testing.T) {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	ledger, probs := data.Sample(plan)
	require.False(t, probs.HasErrors())
	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	var want jsonReport
	require.NoError(t, json.Unmarshal(js.Bytes(), &want))

	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteReport(&buf, r, renewal.Chinese))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	require.NotEmpty(t, want.Warnings, "the sample has warnings")
	assert.Equal(t, []string{"全市目标", "县区目标", "县区排名", "部门", "预警清单", "数据问题"}, f.GetSheetList())
	assert.Len(t, sheetRows(t, f, "数据问题"), len(want.Warnings))

	check := func(what string, w jsonGoal, got map[string]string) {
		same(t, &w.Target, got["目标值"], what+" 目标值")
		same(t, &w.Baseline, got["基数"], what+" 基数")
		same(t, w.Actual, got["实际值"], what+" 实际值")
		same(t, &w.Completion, got["完成率"], what+" 完成率")
		same(t, &w.Score, got["得分"], what+" 得分")
		same(t, &w.Expected, got["序时进度"], what+" 序时进度")
	}
	label := map[string]string{}
	for s := renewal.Completed; s <= renewal.SeriouslyLagging; s++ {
		label[s.String()] = s.Label(renewal.Chinese)
	}
	targets := sheetRows(t, f, "全市目标")
	require.Len(t, targets, len(want.Targets))
	goals := sheetRows(t, f, "县区目标")
	n := 0
	for i, wt := range want.Targets {
		got := targets[i]
		assert.Equal(t, wt.ID, got["目标编号"])
		assert.Equal(t, "全市", got["县（区）"])
		assert.Equal(t, label[wt.Status], got["状态"], wt.ID)
		check(wt.ID, wt.jsonGoal, got)
		for _, wd := range wt.Districts {
			require.Less(t, n, len(goals))
			got := goals[n]
			n++
			assert.Equal(t, wt.ID, got["目标编号"])
			assert.Equal(t, plan.District(wd.District).Name, got["县（区）"])
			assert.Equal(t, label[wd.Status], got["状态"], wt.ID+"/"+wd.District)
			check(wt.ID+"/"+wd.District, wd, got)
		}
	}
	assert.Equal(t, n, len(goals))
	districts := sheetRows(t, f, "县区排名")
	require.Len(t, districts, len(want.Districts))
	for i, wd := range want.Districts {
		got := districts[i]
		assert.Equal(t, wd.ID, got["县区编号"])
		score := &wd.Score
		if wd.Rank == nil {
			score = nil
			assert.Empty(t, got["排名"])
		} else {
			assert.Equal(t, strconv.Itoa(*wd.Rank), got["排名"])
		}
		same(t, score, got["得分"], wd.ID)
		assert.Equal(t, strconv.Itoa(wd.Targets), got["目标数"])
	}
	deps := sheetRows(t, f, "部门")
	require.Len(t, deps, len(want.Departments))
	for i, wd := range want.Departments {
		assert.Equal(t, wd.ID, deps[i]["部门编号"])
		same(t, wd.Score, deps[i]["得分"], wd.ID)
	}
	// The warning list holds every goal overdue, seriously lagging, not
	// started or lagging: counted from the JSON.
	warned := 0
	for _, wt := range want.Targets {
		for _, g := range append([]jsonGoal{wt.jsonGoal}, wt.Districts...) {
			switch g.Status {
			case "overdue", "seriously_lagging", "not_started", "lagging":
				warned++
			}
		}
	}
	warnings := sheetRows(t, f, "预警清单")
	assert.Len(t, warnings, warned)
	assert.Greater(t, warned, 0)
	// A completion is a percent cell, not text.
	style, err := f.GetCellStyle("全市目标", "J4")
	require.NoError(t, err)
	s, err := f.GetStyle(style)
	require.NoError(t, err)
	require.NotNil(t, s.CustomNumFmt)
	assert.Equal(t, "0.0%", *s.CustomNumFmt)

	// In English, the sheets are named in English.
	r.Warnings = renewal.Problems{{Position: renewal.Position{File: "p.yaml", Line: 3, Column: 5}, Severity: renewal.Warning, Message: "went down"}}
	buf.Reset()
	require.NoError(t, xlsx.WriteReport(&buf, r, renewal.English))
	f, err = excelize.OpenReader(&buf)
	require.NoError(t, err)
	assert.Equal(t, []string{"Targets", "District goals", "District ranking", "Departments", "Warning list", "Problems"}, f.GetSheetList())
	probs2 := sheetRows(t, f, "Problems")
	assert.Equal(t, []map[string]string{{"File": "p.yaml", "Line": "3", "Column": "5", "Severity": "warning", "Message": "went down"}}, probs2)
}
