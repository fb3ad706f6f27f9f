package xlsx_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/xlsx"
)

type jsonGoal struct {
	ID, District, Target, Status                  string
	Baseline, Completion, Score, Expected, Actual *string
	Gap                                           *string `json:"gap"`
	Exceeded                                      bool    `json:"exceeded"`
	Rank                                          *int    `json:"rank"`
	Original                                      string  `json:"original_target"`
	Revised                                       *string `json:"revised"`
	Reason                                        *string `json:"reason"`
	DaysLeft                                      *int    `json:"days_left"`
	DueSoon                                       bool    `json:"due_soon"`
	CompletedOn                                   *string `json:"completed_on"`
	Late                                          bool    `json:"late"`
	Projected                                     *string `json:"projected"`
	AtRisk                                        bool    `json:"at_risk"`
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
		DueSoon   int `json:"due_soon"`
		AtRisk    int `json:"at_risk"`
		Previous  struct{ Rank *int }
	}
	Departments []struct {
		ID    string
		Score *string
		Rank  int
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

// serialOf is the 1900-system serial of a YYYY-MM-DD date, as the sheet
// stores a date cell: days since 1899-12-30 (Excel's day 0 and its
// phantom 1900-02-29 together make that the epoch for dates after
// February 1900).
func serialOf(t *testing.T, date string) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, date)
	require.NoError(t, err)
	return strconv.Itoa(int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24))
}

// TestReportWorkbook writes the sample's report as of 2025-10-01, with
// 2025-08-31 as the earlier report, as a workbook and reads it back cell
// by cell: every figure, date and flag is the JSON report's. The sample
// has a revised allocation, an exempt one, a goal completed late, goals
// due soon and one at risk.
func TestReportWorkbook(t *testing.T) {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	ledger, probs := data.Sample(plan)
	require.False(t, probs.HasErrors())
	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-10-01"))
	r.Previous = renewal.Evaluate(ledger, renewal.MustParseDate("2025-08-31"))
	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	var want jsonReport
	require.NoError(t, json.Unmarshal(js.Bytes(), &want))

	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteReport(&buf, r, renewal.Chinese))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	require.NotEmpty(t, want.Warnings, "the sample has warnings")
	assert.Equal(t, []string{"全市目标", "县区目标", "县区排名", "部门", "预警清单", "临期与进度预警", "豁免", "数据问题"}, f.GetSheetList())
	assert.Len(t, sheetRows(t, f, "数据问题"), len(want.Warnings))

	label := map[string]string{}
	for s := renewal.Completed; s <= renewal.Exempt; s++ {
		label[s.String()] = s.Label(renewal.Chinese)
	}
	yes := map[bool]string{true: "是", false: ""}
	check := func(what string, w jsonGoal, got map[string]string) {
		same(t, &w.Target, got["目标值"], what+" 目标值")
		same(t, w.Baseline, got["基数"], what+" 基数") // none for a ceiling
		same(t, w.Actual, got["实际值"], what+" 实际值")
		same(t, w.Completion, got["完成率"], what+" 完成率")
		same(t, w.Score, got["得分"], what+" 得分")
		same(t, w.Expected, got["序时进度"], what+" 序时进度")
		same(t, w.Projected, got["预计完成率"], what+" 预计完成率")
		same(t, w.Gap, got["较序时进度"], what+" 较序时进度")
		status := label[w.Status]
		if w.Late {
			status += "（逾期完成）"
		}
		if w.Exceeded {
			status += "（超额完成）"
		}
		assert.Equal(t, yes[w.Exceeded], got["超额完成"], what)
		if w.Rank == nil {
			assert.Empty(t, got["单项排名"], what)
		} else {
			assert.Equal(t, strconv.Itoa(*w.Rank), got["单项排名"], what)
		}
		assert.Equal(t, status, got["状态"], what)
		require.NotNil(t, w.DaysLeft, what)
		assert.Equal(t, strconv.Itoa(*w.DaysLeft), got["剩余天数"], what)
		assert.Equal(t, yes[w.DueSoon], got["临期"], what)
		assert.Equal(t, yes[w.AtRisk], got["进度预警"], what)
		if w.CompletedOn == nil {
			assert.Empty(t, got["完成日期"], what)
		} else {
			assert.Equal(t, serialOf(t, *w.CompletedOn), got["完成日期"], what)
		}
		if w.Revised != nil && w.Original != w.Target {
			assert.Equal(t, w.Original+" → "+w.Target+"（"+*w.Revised+" 起）", got["目标调整"], what)
		} else {
			assert.Empty(t, got["目标调整"], what)
		}
	}
	checkExempt := func(what string, w jsonGoal, got map[string]string) {
		assert.Equal(t, "豁免", got["状态"], what)
		same(t, &w.Original, got["原目标值"], what+" 原目标值")
		same(t, w.Actual, got["实际值"], what+" 实际值")
		require.NotNil(t, w.Reason, what)
		assert.Equal(t, *w.Reason, got["豁免依据"], what)
		require.NotNil(t, w.Revised, what)
		assert.Equal(t, serialOf(t, *w.Revised), got["调整日期"], what)
	}
	targets := sheetRows(t, f, "全市目标")
	goals := sheetRows(t, f, "县区目标")
	exempt := sheetRows(t, f, "豁免")
	var nt, ng, ne, late, revised, early int
	for _, wt := range want.Targets {
		for k, w := range append([]jsonGoal{wt.jsonGoal}, wt.Districts...) {
			what := wt.ID + "/" + w.District
			var got map[string]string
			switch {
			case w.Status == "exempt":
				require.Less(t, ne, len(exempt), what)
				got = exempt[ne]
				ne++
				checkExempt(what, w, got)
			case k == 0:
				require.Less(t, nt, len(targets), what)
				got = targets[nt]
				nt++
				check(what, w, got)
			default:
				require.Less(t, ng, len(goals), what)
				got = goals[ng]
				ng++
				check(what, w, got)
			}
			assert.Equal(t, wt.ID, got["目标编号"], what)
			if k == 0 {
				assert.Equal(t, "全市", got["县（区）"], what)
			} else {
				assert.Equal(t, plan.District(w.District).Name, got["县（区）"], what)
			}
			if w.Late {
				late++
			}
			if got["目标调整"] != "" {
				revised++
			}
			if w.DueSoon {
				early++
			}
			if w.AtRisk && w.Status == "on_track" {
				early++
			}
		}
	}
	assert.Equal(t, []int{len(targets), len(goals), len(exempt)}, []int{nt, ng, ne}, "every row is a goal of the JSON")
	// What the sample holds as of 2025-10-01 (the text report lists the
	// same): 响水县 exempt from 低效用地再开发 from 2025-08-01; revised
	// figures on 亭湖区's and 盐都区's 老旧小区 (18 → 20, 16 → 14) and on
	// the city's 低效用地 (340 → 310); a goal completed late; two goals due
	// soon and six on track but at risk (老旧小区物业管理覆盖率, city-wide
	// and in five districts, at the pace between their last reports).
	assert.Equal(t, 1, ne)
	assert.Equal(t, "响水县", exempt[0]["县（区）"])
	assert.Equal(t, 3, revised)
	assert.Positive(t, late)
	assert.Equal(t, 2+6, early)
	for _, g := range goals {
		if g["目标编号"] == "neighbourhoods-renovated" && g["县（区）"] == "亭湖区" {
			assert.Equal(t, "18 → 20（2025-07-01 起）", g["目标调整"])
		}
	}

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
		assert.Equal(t, strconv.Itoa(wd.DueSoon), got["临期"], wd.ID)
		assert.Equal(t, strconv.Itoa(wd.AtRisk), got["进度预警"], wd.ID)
		require.NotNil(t, wd.Previous.Rank, wd.ID)
		assert.Equal(t, strconv.Itoa(*wd.Previous.Rank), got["上期排名"], wd.ID)
		if wd.Rank != nil {
			// The move is the places gained: the rank before minus now.
			move := "—"
			if d := *wd.Previous.Rank - *wd.Rank; d > 0 {
				move = "↑" + strconv.Itoa(d)
			} else if d < 0 {
				move = "↓" + strconv.Itoa(-d)
			}
			assert.Equal(t, move, got["变化"], wd.ID)
		}
		if wd.ID == "tinghu" {
			// 6th on 2025-08-31, 8th on 2025-10-01: down two places,
			// as the text report's ranking shows it (8 亭湖区 … ↓2).
			assert.Equal(t, []string{"6", "8", "↓2"}, []string{got["上期排名"], got["排名"], got["变化"]})
		}
	}
	deps := sheetRows(t, f, "部门")
	require.Len(t, deps, len(want.Departments))
	for i, wd := range want.Departments {
		assert.Equal(t, wd.ID, deps[i]["部门编号"])
		same(t, wd.Score, deps[i]["得分"], wd.ID)
		if wd.Rank == 0 {
			assert.Empty(t, deps[i]["排名"], wd.ID)
		} else {
			assert.Equal(t, strconv.Itoa(wd.Rank), deps[i]["排名"], wd.ID)
		}
	}
	// The warning list holds every goal overdue, seriously lagging, not
	// started or lagging: counted from the JSON. Exempt goals are none.
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
	earlyRows := sheetRows(t, f, "临期与进度预警")
	require.Len(t, earlyRows, early)
	assert.Equal(t, []string{"临期", "临期", "进度预警"}, []string{earlyRows[0]["预警类型"], earlyRows[1]["预警类型"], earlyRows[2]["预警类型"]})
	assert.Equal(t, "是", earlyRows[2]["进度预警"])
	// A completion and a projection are percent cells, not text.
	for _, h := range []string{"完成率", "预计完成率"} {
		col := column(t, f, "全市目标", h)
		style, err := f.GetCellStyle("全市目标", col+"4")
		require.NoError(t, err)
		s, err := f.GetStyle(style)
		require.NoError(t, err)
		require.NotNil(t, s.CustomNumFmt, h)
		assert.Equal(t, "0.0%", *s.CustomNumFmt, h)
	}

	// In English, the sheets are named in English; a workbook's problem
	// names its cell.
	r.Warnings = renewal.Problems{
		{Position: renewal.Position{File: "p.yaml", Line: 3, Column: 5}, Severity: renewal.Warning, Message: "went down"},
		{Position: renewal.Position{File: "t.xlsx", Line: 7, Column: 4, Sheet: "填报"}, Severity: renewal.Warning, Message: "went down"},
	}
	buf.Reset()
	require.NoError(t, xlsx.WriteReport(&buf, r, renewal.English))
	f, err = excelize.OpenReader(&buf)
	require.NoError(t, err)
	assert.Equal(t, []string{"Targets", "District goals", "District ranking", "Departments", "Warning list", "Due soon and at risk", "Exempt", "Problems"}, f.GetSheetList())
	probs2 := sheetRows(t, f, "Problems")
	assert.Equal(t, []map[string]string{
		{"File": "p.yaml", "Line": "3", "Column": "5", "Cell": "", "Severity": "warning", "Message": "went down"},
		{"File": "t.xlsx", "Line": "7", "Column": "4", "Cell": "填报!D7", "Severity": "warning", "Message": "went down"},
	}, probs2)
}

// column returns the letter of the column headed h on sheet.
func column(t *testing.T, f *excelize.File, sheet, h string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	for i, c := range rows[2] {
		if c == h {
			name, err := excelize.ColumnNumberToName(i + 1)
			require.NoError(t, err)
			return name
		}
	}
	t.Fatalf("%s has no column %s", sheet, h)
	return ""
}
