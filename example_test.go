package renewal_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
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

// Every problem has a position and a message. errors.As finds the first
// Problem in the joined error, errors.Is tells a class, and ranging over
// Errors gives every one.
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
	fmt.Println("some reference:", errors.Is(err, renewal.ErrReference))
	for _, p := range probs.Errors() {
		fmt.Println(p.Line, errors.Is(p, renewal.ErrReference))
	}
	// Output:
	// june.yaml:4:37: value "010" is not a decimal figure: it has a leading zero, which YAML reads as octal; want digits such as 12, 12.5, 1,200 or 85%
	// june.yaml:5:14: target "neighbourhods" is not a target of plan example (did you mean "neighbourhoods"?)
	// first: 4 37 true
	// some reference: true
	// 4 false
	// 5 true
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
	//   目标          单位  目标值  实际值  完成率  序时进度  较序时进度  状态
	//   ------------  ----  ------  ------  ------  --------  ----------  ----
	//   改造老旧小区  个        10       4   40.0%     49.6%        -9.6  滞后
	//
	// 二、县（区）排名
	//   排名  县（区）   得分  目标数  滞后  严重滞后  逾期  未启动  临期  进度预警
	//   ----  --------  -----  ------  ----  --------  ----  ------  ----  --------
	//      1  城东区    50.0%       1     0         0     0       0     0         0
	//      2  城西区    25.0%       1     0         1     0       0     0         1
	//
	// 三、牵头部门得分
	//   排名  部门      牵头目标数   得分
	//   ----  --------  ----------  -----
	//      1  市住建局           1  40.0%
	//
	// 四、预警清单（2 项）
	//   状态      县（区）  目标          目标值  实际值  完成率  序时进度  较序时进度  单项排名  牵头部门
	//   --------  --------  ------------  ------  ------  ------  --------  ----------  --------  --------
	//   严重滞后  城西区    改造老旧小区       4       1   25.0%     49.6%       -24.6         2  市住建局
	//   滞后      全市      改造老旧小区      10       4   40.0%     49.6%        -9.6         —  市住建局
	//
	// 注：滞后指完成率低于序时进度不超过 10 个百分点，严重滞后指低于序时进度超过 10 个百分点；逾期指已过完成时限仍未完成；未启动指尚无进度报送。
	//
	// 五、临期目标（0 项）
	// 无。
	//
	// 六、按近期进度难以按期完成（0 项）
	// 无。
	//
	// 七、数据问题（0 条）
	// 无。
}

// Load a plan and its progress from disk, evaluate them, look up a goal and
// a district, and list the goals of the warning list with the records
// behind them. testdata/doc/plan.yaml is the plan of the package doc.
func Example_files() {
	plan, ledger, probs := renewal.LoadFiles("testdata/doc/plan.yaml", "testdata/doc/progress")
	if err := probs.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.ID, ledger.Len(), "records,", len(probs), "problems")
	report := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	// The plan's schedule expects 45% by 2025-06-30. Tinghu: 6 of 14 is
	// 0.4286, behind by 2.1 points: lagging. Yandu: (8 − 2) / (12 − 2) is
	// 0.6. The city: (6 + 8 − 2) / (26 − 2) is 0.5.
	fmt.Println(report.Expected, report.Goal("neighbourhoods-renovated", "").Completion)
	g := report.Goal("neighbourhoods-renovated", "tinghu")
	fmt.Println(g.District.Name, g.Actual, g.Completion.Round(4), g.Status, g.Record)
	d := report.District("yandu")
	fmt.Println(d.District.Name, "rank", d.Rank, "score", d.Score)
	for _, g := range report.WarningList() {
		fmt.Println("warning:", g.Status, g.Target.Name, g.District.Name, g.Record)
	}
	b, _ := json.Marshal(report)
	fmt.Println(len(b) > 0, json.Valid(b))
	// Output:
	// yancheng-renewal-2025 3 records, 0 problems
	// 0.45 0.5
	// 亭湖区 6 0.4286 lagging testdata/doc/progress/tinghu.yaml:5:5
	// 盐都区 rank 1 score 0.6
	// warning: lagging 改造老旧小区 亭湖区 testdata/doc/progress/tinghu.yaml:5:5
	// true true
}

// The README's snippet, checked: TestReadmeSnippet holds the README to it.
func Example_readme() {
	plan, probs := data.Plan() // or renewal.LoadPlanFile("plan.yaml")
	if err := probs.Err(); err != nil {
		log.Fatal(err) // every error, one per line, as file:line:column: message
	}
	ledger, probs := data.Sample(plan) // or renewal.LoadProgressFiles(plan, "progress/")
	if err := probs.Err(); err != nil {
		log.Fatal(err)
	}
	report := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	fmt.Println(report.Score.Round(4), report.Targets[0].Status)
	g := report.Goal("neighbourhoods-renovated", "tinghu") // nil if there is none
	fmt.Println(g.District.Name, g.Actual, g.Status, g.Record)
	for _, g := range report.WarningList()[:2] { // the most urgent first
		fmt.Println(g.Status, g.Target.Name, g.Record) // g.District is nil for a city-wide goal
	}
	b, err := json.Marshal(report) // the JSON report; report.schema.json describes it
	fmt.Println(len(b) > 0, err)
	// Output:
	// 0.5743 lagging
	// 亭湖区 9 on_track sample/tinghu.yaml:47:5
	// seriously_lagging 新增历史建筑保护名录 sample/xiangshui.yaml:44:5
	// seriously_lagging 新增历史建筑保护名录 sample/binhai.yaml:46:5
	// true <nil>
}

// Departments are listed in declaration order: one that leads no target
// keeps its place, with no score.
func ExampleReport_departments() {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(`
id: departments
title: 部门
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}, {id: cgj, name: 市城管局}, {id: mzj, name: 市民政局}, {id: zrzy, name: 市自然资源和规划局}]
districts: [{id: east, name: 城东区}]
sections:
  - id: s
    name: S
    tasks:
      - id: k
        name: K
        targets:
          - {id: a, name: A, allocations: {east: 10}, lead: zjj}
          - {id: b, name: B, allocations: {east: 10}, lead: cgj}
          - {id: c, name: C, allocations: {east: 10}, lead: zrzy}
`))
	ledger, _ := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(`district: east
date: 2025-06-30
records:
  - {target: a, value: 2}
  - {target: b, value: 8}
  - {target: c, value: 5}
`))
	report := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	for _, d := range report.Departments {
		score := "none"
		if d.Targets > 0 {
			score = d.Score.String()
		}
		fmt.Println(d.ID, d.Targets, score)
	}
	// Output:
	// zjj 1 0.2
	// cgj 1 0.8
	// mzj 0 none
	// zrzy 1 0.5
}

// Load records from anywhere (here an in-memory slice, as rows of a
// database give them) with the checks of a progress file: each problem
// names its entry's row.
func ExampleLoadEntries() {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	june := renewal.MustParseDate("2025-06-30")
	entries := []renewal.Entry{
		{Target: "neighbourhoods", District: "east", Date: june, Value: "3", Source: "城东区 6月报", Position: renewal.Position{File: "records#1042"}},
		{Target: "neighbourhoods", District: "wset", Date: june, Value: "1", Position: renewal.Position{File: "records#1043"}},
		{Target: "neighbourhoods", District: "west", Date: june, Value: "1.5", Unit: "万个", Position: renewal.Position{File: "form", Line: 3}},
		{Target: "neighbourhoods", District: "west", Date: june, Value: "2", Position: renewal.Position{File: "records#1045"}},
	}
	ledger, probs := renewal.LoadEntries(plan, entries)
	for _, p := range probs {
		fmt.Println(p)
	}
	for r := range ledger.Records() {
		fmt.Printf("%s %s %s %s %q\n", r.Position, r.District.ID, r.Date, r.Value, r.Source)
	}
	fmt.Printf("%+v\n", ledger.Stats())
	// Output:
	// records#1043: district "wset" is not a declared district (did you mean "west"?)
	// form:3: unit 万个 is not a unit that converts to 个, the unit of target neighbourhoods (write the figure in 个)
	// records#1042 east 2025-06-30 3 "城东区 6月报"
	// records#1045 west 2025-06-30 2 ""
	// {Files:4 Entries:4 Records:2 Rejected:2 Duplicates:0 Replaced:0}
}
