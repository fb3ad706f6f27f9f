package renewal_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// A small plan used by the examples: 10 neighbourhoods to renovate, split
// between two districts, due at the end of 2025.
const examplePlan = `
id: example
title: 示例计划
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
districts: [{id: east, name: 城东区}, {id: west, name: 城西区}]
sections:
  - id: homes
    name: 老旧小区改造
    tasks:
      - id: renovate
        name: 加大改造力度
        targets:
          - id: neighbourhoods
            name: 改造老旧小区
            unit: 个
            allocations: {east: 6, west: 4}
            lead: zjj
`

func exampleLedger() *renewal.Ledger {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	fsys := fstest.MapFS{
		"progress/east.yaml": {Data: []byte("district: east\nrecords:\n  - {target: neighbourhoods, date: 2025-03-31, value: 1}\n  - {target: neighbourhoods, date: 2025-06-30, value: 3}\n")},
		"progress/west.yaml": {Data: []byte("district: west\nrecords:\n  - {target: neighbourhoods, date: 2025-06-30, value: 1}\n")},
	}
	ledger, _ := renewal.LoadProgress(plan, fsys, "progress")
	return ledger
}

// Load the embedded 2025 plan from the speech.
func Example_embeddedPlan() {
	plan, probs := data.Plan()
	if probs.HasErrors() {
		fmt.Print(probs)
		return
	}
	t := plan.Target("neighbourhoods-renovated")
	fmt.Println(t.Name, t.Figure, t.Unit, "lead:", t.Lead.Name)
	fmt.Println(plan.Target("property-coverage").Figure) // 85% is held as a fraction
	fmt.Println(len(plan.Districts), "districts")
	// Output:
	// 改造老旧小区 120 个 lead: 市住建局
	// 0.85
	// 11 districts
}

// Load progress from any fs.FS; here an in-memory fstest.MapFS.
func ExampleLoadProgress() {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	fsys := fstest.MapFS{
		"progress/east.yaml": {Data: []byte("district: east\ndate: 2025-06-30\nrecords:\n  - {target: neighbourhoods, value: 3}\n")},
	}
	ledger, probs := renewal.LoadProgress(plan, fsys, "progress")
	fmt.Println(ledger.Len(), "record,", len(probs), "problems")
	for r := range ledger.Records() {
		fmt.Println(r.Position, r.Target.ID, r.District.Name, r.Date, r.Value)
	}
	// Output:
	// 1 record, 0 problems
	// progress/east.yaml:4:5 neighbourhoods 城东区 2025-06-30 3
}

// Evaluate the ledger on a day and read one figure.
func ExampleEvaluate() {
	report := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	g := report.Targets[0]
	// City-wide: (3 + 1) / 10 = 0.4; expected 181/365 days = 0.4959.
	fmt.Println(g.Actual, g.Completion, g.Expected.Round(4), g.Status)
	for _, d := range g.Districts {
		fmt.Println(d.District.ID, d.Completion.Round(4), d.Status)
	}
	// Output:
	// 4 0.4 0.4959 lagging
	// east 0.5 on_track
	// west 0.25 seriously_lagging
}

// One ledger serves any number of report dates; records dated after the
// report date are ignored.
func ExampleEvaluate_twoDates() {
	ledger := exampleLedger()
	for _, day := range []string{"2025-04-30", "2025-06-30"} {
		r := renewal.Evaluate(ledger, renewal.MustParseDate(day))
		fmt.Println(day, r.Targets[0].Actual, r.Targets[0].Status)
	}
	// Output:
	// 2025-04-30 1 seriously_lagging
	// 2025-06-30 4 lagging
}

// Every problem has a position and a message; errors.As finds each one in
// the joined error, and errors.Is tells its class.
func ExampleProblems_Err() {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	_, probs := renewal.ReadProgress(plan, "june.yaml", strings.NewReader(`district: east
date: 2025-06-30
records:
  - {target: neighbourhoods, value: 010}
  - {target: neighbourhods, value: 3}
`))
	err := probs.Err()
	fmt.Println(err)
	var p renewal.Problem
	if errors.As(err, &p) {
		fmt.Println("first:", p.Line, p.Column, errors.Is(p, renewal.ErrValue))
	}
	// Output:
	// june.yaml:4:37: value "010" is not a decimal figure: it has a leading zero, which YAML reads as octal; want digits such as 12, 12.5, 1,200 or 85%
	// june.yaml:5:14: target "neighbourhods" is not a target of plan example (did you mean "neighbourhoods"?)
	// first: 4 37 true
}

// Print the text report: tables line up by display width, a Chinese
// character counting two columns.
func ExampleReport_Write() {
	report := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	if err := report.Write(os.Stdout, renewal.Text, renewal.Chinese); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 示例计划
	// 截至 2025-06-30，序时进度 49.6%，综合得分 40.0%。
	// 全市 1 项目标：已完成 0 项，序时推进 0 项，滞后 1 项，严重滞后 0 项，逾期 0 项，未启动 0 项。
	//
	// 一、目标完成情况
	//
	// 老旧小区改造（得分 40.0%）
	//   目标          单位  目标值  实际值  完成率  序时进度  状态
	//   ------------  ----  ------  ------  ------  --------  ----
	//   改造老旧小区  个        10       4   40.0%     49.6%  滞后
	//
	// 二、县（区）排名
	//   排名  县（区）   得分  目标数  滞后  严重滞后  逾期  未启动
	//   ----  --------  -----  ------  ----  --------  ----  ------
	//      1  城东区    50.0%       1     0         0     0       0
	//      2  城西区    25.0%       1     0         1     0       0
	//
	// 三、牵头部门得分
	//   部门      牵头目标数   得分
	//   --------  ----------  -----
	//   市住建局           1  40.0%
	//
	// 四、预警清单（2 项）
	//   状态      县（区）  目标          目标值  实际值  完成率  序时进度  牵头部门
	//   --------  --------  ------------  ------  ------  ------  --------  --------
	//   严重滞后  城西区    改造老旧小区       4       1   25.0%     49.6%  市住建局
	//   滞后      全市      改造老旧小区      10       4   40.0%     49.6%  市住建局
	//
	// 注：滞后指完成率低于序时进度不超过 10 个百分点，严重滞后指低于序时进度超过 10 个百分点；逾期指已过完成时限仍未完成；未启动指尚无进度报送。
	//
	// 五、数据问题（0 条）
	// 无。
}
