package renewal_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// The tests in this file check Evaluate (SPEC §4) against figures worked
// out by hand. Each expected figure has its arithmetic beside it. A figure
// written plainly ("0.75") must come out exactly; one ending in "…" is a
// repeating decimal, and the result, rounded half up to the places
// written, must equal it.

// asOf is the report date of most tests: on it the straight-line expected
// progress over 2025 is 181/365 = 0.4959, and the plan curve of
// scheduleLines is 45%.
var asOf = renewal.MustParseDate("2025-06-30")

// planHead is the top of every test plan but the last few: three
// departments and three districts, no schedule.
const planHead = `id: test
title: 测试计划
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: zjj, name: 市住建局}
  - {id: zrzy, name: 市自然资源和规划局}
  - {id: czj, name: 市财政局}
districts:
  - {id: a, name: 甲区}
  - {id: b, name: 乙区}
  - {id: c, name: 丙区}
`

// scheduleLines is a plan curve: 20% by the end of March, 45% by the end
// of June, 75% by the end of September.
const scheduleLines = `schedule:
  - {date: 2025-03-31, expected: 20%}
  - {date: 2025-06-30, expected: 45%}
  - {date: 2025-09-30, expected: 75%}
  - {date: 2025-12-31, expected: 100%}
`

// planWith returns planHead, then extra top-level lines (such as a
// schedule), then one section with one task holding the targets, each a
// YAML flow mapping.
func planWith(extra string, targets ...string) string {
	var b strings.Builder
	b.WriteString(planHead)
	b.WriteString(extra)
	b.WriteString("sections:\n  - id: s\n    name: 部分\n    tasks:\n      - id: k\n        name: 任务\n        targets:\n")
	for _, t := range targets {
		b.WriteString("          - " + t + "\n")
	}
	return b.String()
}

// load reads a plan and one progress stream, failing on any error, and
// returns the ledger and every warning of both loads.
func load(t *testing.T, plan, progress string) (*renewal.Ledger, renewal.Problems) {
	t.Helper()
	p, planProbs := renewal.ReadPlan("plan.yaml", strings.NewReader(plan))
	require.NoError(t, planProbs.Err(), "plan:\n%s", planProbs)
	l, probs := renewal.ReadProgress(p, "progress.yaml", strings.NewReader(progress))
	require.NoError(t, probs.Err(), "progress:\n%s", probs)
	return l, append(planProbs.Warnings(), probs.Warnings()...)
}

// goal finds a target's city-wide goal (district "") or a district's goal.
func goal(t *testing.T, r *renewal.Report, target, district string) *renewal.Goal {
	t.Helper()
	for _, g := range r.Targets {
		if g.Target.ID != target {
			continue
		}
		if district == "" {
			return g
		}
		for _, dg := range g.Districts {
			if dg.District.ID == district {
				return dg
			}
		}
	}
	require.FailNowf(t, "no such goal", "target %s district %q", target, district)
	return nil
}

// fig checks a figure against a hand-worked value: exactly, or, when want
// ends in "…", after rounding half up to the places want is written with.
func fig(t *testing.T, what, want string, got decimal.Decimal) {
	t.Helper()
	if w, ok := strings.CutSuffix(want, "…"); ok {
		places := 0
		if _, frac, ok := strings.Cut(w, "."); ok {
			places = len(frac)
		}
		assert.Truef(t, decimal.RequireFromString(w).Equal(got.Round(int32(places))),
			"%s: got %s, want %s (to %d places)", what, got, want, places)
		return
	}
	assert.Truef(t, decimal.RequireFromString(want).Equal(got), "%s: got %s, want exactly %s", what, got, want)
}

// want is the hand-worked figures of one goal. An empty actual means the
// goal has no actual figure; an empty expected is not checked.
type want struct {
	name             string
	target, district string
	actual           string
	completion       string
	score            string
	expected         string
	status           string
}

func (w want) check(t *testing.T, r *renewal.Report) {
	t.Helper()
	g := goal(t, r, w.target, w.district)
	if w.actual == "" {
		assert.False(t, g.HasActual, "actual: got %s, want none", g.Actual)
	} else if assert.True(t, g.HasActual, "actual: got none, want %s", w.actual) {
		fig(t, "actual", w.actual, g.Actual)
	}
	fig(t, "completion", w.completion, g.Completion)
	fig(t, "score", w.score, g.Score)
	if w.expected != "" {
		fig(t, "expected", w.expected, g.Expected)
	}
	assert.Equal(t, w.status, g.Status.String(), "status")
}

func runWants(t *testing.T, r *renewal.Report, wants []want) {
	t.Helper()
	for _, w := range wants {
		t.Run(w.name, func(t *testing.T) { w.check(t, r) })
	}
}

// TestEvaluateKinds covers each kind: count, ratio, level, and milestone
// by list, by all, and city-wide. No schedule: on 2025-06-30 the expected
// progress is 181/365 = 0.4959 for all but the level target (1).
func TestEvaluateKinds(t *testing.T) {
	plan := planWith("",
		`{id: renovated, name: 改造老旧小区, unit: 个, target: 90, allocations: {a: 36, b: 20, c: 34}, lead: zjj}`,
		`{id: coverage, name: 物业管理覆盖率, kind: ratio, unit: "%", target: "85%", allocations: {a: "80%", b: "90%"}, lead: zjj}`,
		`{id: growth, name: 园区产值增长, kind: level, unit: "%", target: "8%", allocations: {a: "10%"}, lead: czj}`,
		`{id: groups, name: 成立领导小组, kind: milestone, allocations: [a, b], lead: zjj}`,
		`{id: plans, name: 制定三年行动计划, kind: milestone, allocations: all, lead: zjj}`,
		`{id: task-list, name: 制定任务清单, kind: milestone, lead: zjj}`,
		`{id: parks, name: 新建城市公园, unit: 个, target: 10, lead: zrzy}`,
	)
	progress := `district: a
date: 2025-06-30
records:
  - {target: renovated, value: 27}
  - {target: coverage, numerator: 30, denominator: 45}
  - {target: growth, value: 9.5}
  - {target: groups, done: 2025-03-12}
  - {target: plans, done: 2025-04-01}
---
district: b
date: 2025-06-30
records:
  - {target: renovated, value: 10}
  - {target: coverage, numerator: 27, denominator: 30}
---
district: c
date: 2025-06-30
records:
  - {target: renovated, value: 30}
  - {target: plans, done: 2025-05-20}
---
date: 2025-06-30
records:
  - {target: growth, value: "6.4%"}
  - {target: task-list, done: 2025-03-26}
  - {target: parks, value: 4}
`
	l, warns := load(t, plan, progress)
	assert.Empty(t, warns)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{
			name:   "count district a three quarters on track",
			target: "renovated", district: "a",
			actual:     "27",
			completion: "0.75",            // 27/36
			score:      "0.75",            //
			expected:   "0.495890410959…", // 181/365: Jan 1 to Jun 30 over Jan 1 to Dec 31, both ends counted
			status:     "on_track",        // 0.75 ≥ 0.4959
		},
		{
			name:   "count district b half on track",
			target: "renovated", district: "b",
			actual:     "10",
			completion: "0.5",      // 10/20
			score:      "0.5",      //
			status:     "on_track", // 0.5 ≥ 181/365 = 0.49589…
		},
		{
			name:   "count district c on track",
			target: "renovated", district: "c",
			actual:     "30",
			completion: "0.882352941176…", // 30/34 = 15/17
			score:      "0.882352941176…",
			status:     "on_track",
		},
		{
			name:       "count city sums districts",
			target:     "renovated",
			actual:     "67",              // 27 + 10 + 30
			completion: "0.744444444444…", // (27+10+30)/(36+20+34) = 67/90 = 0.7444…
			score:      "0.744444444444…",
			expected:   "0.495890410959…", // 181/365
			status:     "on_track",
		},
		{
			name:   "ratio district a on track",
			target: "coverage", district: "a",
			actual:     "0.666666666667…", // 30/45 = 2/3
			completion: "0.833333333333…", // (2/3)/0.80 = 5/6
			score:      "0.833333333333…",
			status:     "on_track",
		},
		{
			name:   "ratio district b completed",
			target: "coverage", district: "b",
			actual:     "0.9",       // 27/30
			completion: "1",         // 0.9/0.9
			score:      "1",         //
			status:     "completed", // c ≥ 1
		},
		{
			name:       "ratio city is sum over sum",
			target:     "coverage",
			actual:     "0.76",            // (30+27)/(45+30) = 57/75
			completion: "0.894117647059…", // 0.76/0.85 = 76/85
			score:      "0.894117647059…",
			status:     "on_track",
		},
		{
			name:   "level district lagging",
			target: "growth", district: "a",
			actual:     "0.095",   // 9.5 in a % target means 9.5%
			completion: "0.95",    // 0.095/0.10
			score:      "0.95",    //
			expected:   "1",       // a level is held all year
			status:     "lagging", // e − c = 1 − 0.95 = 0.05 ≤ 0.10
		},
		{
			name:       "level city from its own record seriously lagging",
			target:     "growth",
			actual:     "0.064",             // 6.4%, the city-level record; not derived from districts
			completion: "0.8",               // 0.064/0.08
			score:      "0.8",               //
			expected:   "1",                 //
			status:     "seriously_lagging", // 1 − 0.8 = 0.2 > 0.10
		},
		{
			name:   "milestone district done completed",
			target: "groups", district: "a",
			actual: "1", completion: "1", score: "1", // done 2025-03-12 ≤ 2025-06-30
			status: "completed",
		},
		{
			name:   "milestone district without record not started",
			target: "groups", district: "b",
			actual: "0", completion: "0", score: "0", // no record: a = 0
			status: "not_started",
		},
		{
			name:       "milestone list city is share of districts done",
			target:     "groups",
			actual:     "0.5",      // 1 of 2 districts done
			completion: "0.5",      // c = a
			score:      "0.5",      //
			status:     "on_track", // 0.5 ≥ 181/365 = 0.49589…
		},
		{
			name:       "milestone all city counts every district",
			target:     "plans",
			actual:     "0.666666666667…", // a and c done, b not: 2/3
			completion: "0.666666666667…",
			score:      "0.666666666667…",
			status:     "on_track",
		},
		{
			name:   "milestone all district without record not started",
			target: "plans", district: "b",
			actual: "0", completion: "0", score: "0",
			status: "not_started",
		},
		{
			name:   "milestone city-wide done completed",
			target: "task-list",
			actual: "1", completion: "1", score: "1",
			status: "completed",
		},
		{
			name:       "count city-wide lagging",
			target:     "parks",
			actual:     "4",
			completion: "0.4",     // 4/10
			score:      "0.4",     //
			status:     "lagging", // 181/365 − 0.4 = 0.0959 ≤ 0.10
		},
	})
	t.Run("milestone all expands to every district in order", func(t *testing.T) {
		var ids []string
		for _, dg := range goal(t, r, "plans", "").Districts {
			ids = append(ids, dg.District.ID)
		}
		assert.Equal(t, []string{"a", "b", "c"}, ids)
	})
	t.Run("milestone reports target 1 and baseline 0", func(t *testing.T) {
		g := goal(t, r, "groups", "")
		fig(t, "target", "1", g.Figure)
		fig(t, "baseline", "0", g.Baseline)
	})
}

// TestEvaluateBaseline covers baselines, target-level and per allocation,
// and at_most targets, whose completion is (b − a)/(b − T).
func TestEvaluateBaseline(t *testing.T) {
	plan := planWith("",
		`{id: land, name: 低效用地再开发, unit: 公顷, target: 100, baseline: 20, lead: zrzy}`,
		`{id: repair, name: 修缮历史建筑, unit: 处, allocations: {a: {target: 30, baseline: 10}, b: {target: 20, baseline: 5}, c: {target: 10, baseline: 4}}, lead: zjj}`,
		`{id: streets, name: 打通断头路, unit: 条, target: 12, baseline: 2, allocations: {a: {target: 6, baseline: 1}, b: 6}, lead: zjj}`,
		`{id: below, name: 低于基数, unit: 个, target: 20, baseline: 10, lead: zjj}`,
		`{id: vacancy, name: 闲置厂房, unit: 栋, direction: at_most, target: 20, baseline: 100, lead: zrzy}`,
		`{id: shanties, name: 棚户区住户, unit: 户, direction: at_most, allocations: {a: {target: 5, baseline: 40}, b: {target: 15, baseline: 60}}, lead: zjj}`,
		`{id: complaints, name: 投诉件数, unit: 件, direction: at_most, target: 30, baseline: 50, lead: czj}`,
	)
	progress := `date: 2025-06-30
records:
  - {target: land, value: 60}
  - {target: repair, district: a, value: 20}
  - {target: repair, district: b, value: 12}
  - {target: streets, district: a, value: 4}
  - {target: streets, district: b, value: 3}
  - {target: below, value: 5}
  - {target: vacancy, value: 60}
  - {target: shanties, district: a, value: 12}
  - {target: shanties, district: b, value: 60}
  - {target: complaints, value: 20}
`
	l, warns := load(t, plan, progress)
	// streets declares a city baseline of 2 while its allocations' add up
	// to 1 + 0: the declared one stands, with a warning.
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0].Message, "target streets: baseline 2 differs from the sum of its allocations' baselines 1")
	r := renewal.Evaluate(l, asOf)
	t.Run("city baseline is the sum of district baselines", func(t *testing.T) {
		g := goal(t, r, "repair", "")
		fig(t, "target", "60", g.Figure)     // 30 + 20 + 10
		fig(t, "baseline", "19", g.Baseline) // 10 + 5 + 4
	})
	t.Run("a declared target baseline stands over the districts' sum", func(t *testing.T) {
		fig(t, "baseline", "2", goal(t, r, "streets", "").Baseline) // declared 2, not 1 + 0
	})
	runWants(t, r, []want{
		{
			name:       "target baseline half way",
			target:     "land",
			actual:     "60",
			completion: "0.5", // (60−20)/(100−20) = 40/80
			score:      "0.5",
			status:     "on_track", // 0.5 ≥ 0.4959
		},
		{
			name:   "allocation baseline half way",
			target: "repair", district: "a",
			actual:     "20",
			completion: "0.5", // (20−10)/(30−10) = 10/20
			score:      "0.5",
			status:     "on_track",
		},
		{
			name:   "allocation baseline lagging",
			target: "repair", district: "b",
			actual:     "12",
			completion: "0.466666666667…", // (12−5)/(20−5) = 7/15
			score:      "0.466666666667…",
			status:     "lagging", // 0.4959 − 0.4667 = 0.029 ≤ 0.10
		},
		{
			name:   "no record holds the allocation baseline",
			target: "repair", district: "c",
			actual:     "4", // a = b with no record in force
			completion: "0", // (4−4)/(10−4)
			score:      "0",
			status:     "not_started",
		},
		{
			name:       "city over summed baselines",
			target:     "repair",
			actual:     "36",              // 20 + 12 + 4 (c holds its baseline)
			completion: "0.414634146341…", // (36−19)/(60−19) = 17/41
			score:      "0.414634146341…",
			status:     "lagging", // 0.4959 − 0.4146 = 0.081 ≤ 0.10
		},
		{
			name:       "declared target baseline used city-wide",
			target:     "streets",
			actual:     "7",   // 4 + 3
			completion: "0.5", // (7−2)/(12−2) = 5/10
			score:      "0.5",
			status:     "on_track",
		},
		{
			name:   "allocation with its own baseline",
			target: "streets", district: "a",
			actual:     "4",
			completion: "0.6", // (4−1)/(6−1) = 3/5
			score:      "0.6",
			status:     "on_track",
		},
		{
			name:       "below the baseline is negative completion with score 0",
			target:     "below",
			actual:     "5",
			completion: "-0.5", // (5−10)/(20−10) = −5/10
			score:      "0",    // clamped to [0, 1]
			status:     "seriously_lagging",
		},
		{
			name:       "at_most half way",
			target:     "vacancy",
			actual:     "60",
			completion: "0.5", // (100−60)/(100−20) = 40/80
			score:      "0.5",
			status:     "on_track",
		},
		{
			name:   "at_most district",
			target: "shanties", district: "a",
			actual:     "12",
			completion: "0.8", // (40−12)/(40−5) = 28/35
			score:      "0.8",
			status:     "on_track",
		},
		{
			name:   "at_most district not moved",
			target: "shanties", district: "b",
			actual:     "60",
			completion: "0", // (60−60)/(60−15)
			score:      "0",
			status:     "seriously_lagging", // a record is in force: 0.4959 − 0 > 0.10
		},
		{
			name:       "at_most city over summed baselines",
			target:     "shanties",
			actual:     "72",   // 12 + 60
			completion: "0.35", // b = 40+60 = 100, T = 5+15 = 20: (100−72)/(100−20) = 28/80
			score:      "0.35",
			status:     "seriously_lagging", // 0.4959 − 0.35 = 0.146 > 0.10
		},
		{
			name:       "at_most over-fulfilled completed",
			target:     "complaints",
			actual:     "20",
			completion: "1.5", // (50−20)/(50−30) = 30/20
			score:      "1",   // clamped
			status:     "completed",
		},
	})
}

// TestEvaluateRatioTrap: a ratio's city figure is Σ numerators over
// Σ denominators, not the mean of district shares.
func TestEvaluateRatioTrap(t *testing.T) {
	plan := planWith("",
		`{id: coverage, name: 物业管理覆盖率, kind: ratio, unit: "%", target: "50%", allocations: {a: "50%", b: "50%"}, lead: zjj}`,
	)
	progress := `date: 2025-06-30
records:
  - {target: coverage, district: a, numerator: 9, denominator: 10}
  - {target: coverage, district: b, numerator: 1, denominator: 100}
`
	l, _ := load(t, plan, progress)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{
			name:       "city rate is 10 of 110 not the mean",
			target:     "coverage",
			actual:     "0.090909090909…", // (9+1)/(10+100) = 10/110, not (0.9+0.01)/2 = 0.455
			completion: "0.181818181818…", // (10/110)/0.5 = 20/110
			score:      "0.181818181818…",
			status:     "seriously_lagging", // 0.4959 − 0.1818 > 0.10
		},
		{
			name:   "district a over-fulfilled",
			target: "coverage", district: "a",
			actual: "0.9", completion: "1.8", score: "1", // 9/10; 0.9/0.5
			status: "completed",
		},
		{
			name:   "district b far behind",
			target: "coverage", district: "b",
			actual: "0.01", completion: "0.02", score: "0.02", // 1/100; 0.01/0.5
			status: "seriously_lagging",
		},
	})
	t.Run("not the mean of district shares", func(t *testing.T) {
		assert.False(t, goal(t, r, "coverage", "").Actual.Round(3).Equal(decimal.RequireFromString("0.455")))
	})
}

// TestEvaluateUnits: a record in 亩 or 平方米 against a 公顷 target.
func TestEvaluateUnits(t *testing.T) {
	plan := planWith("",
		`{id: land, name: 低效用地再开发, unit: 公顷, target: 30, allocations: {a: 15, b: 10, c: 5}, lead: zrzy}`,
	)
	progress := `date: 2025-06-30
records:
  - {target: land, district: a, value: 18.5, unit: 亩}
  - {target: land, district: b, value: 30, unit: 亩}
  - {target: land, district: c, value: "5,000", unit: 平方米}
`
	l, warns := load(t, plan, progress)
	assert.Empty(t, warns)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{
			name:   "18.5 mu is 1.2333 hectares",
			target: "land", district: "a",
			actual:     "1.233333333333333…", // 18.5 亩 = 18.5/15 公顷, to 16 significant digits
			completion: "0.082222222222…",    // (18.5/15)/15 = 18.5/225
			score:      "0.082222222222…",
			status:     "seriously_lagging", // 0.4959 − 0.0822 > 0.10
		},
		{
			name:   "30 mu is exactly 2 hectares",
			target: "land", district: "b",
			actual:     "2",   // 30/15
			completion: "0.2", // 2/10
			score:      "0.2",
			status:     "seriously_lagging",
		},
		{
			name:   "5000 square metres is half a hectare",
			target: "land", district: "c",
			actual:     "0.5", // 5000/10000
			completion: "0.1", // 0.5/5
			score:      "0.1",
			status:     "seriously_lagging",
		},
		{
			name:       "city sums converted figures",
			target:     "land",
			actual:     "3.733333333333…", // 18.5/15 + 2 + 0.5
			completion: "0.124444444444…", // 3.7333…/30 = 56/450
			score:      "0.124444444444…",
			status:     "seriously_lagging",
		},
	})
}

// TestEvaluateExpected covers expected progress (序时进度): the straight
// line with both ends counted, the schedule curve, the target's own
// schedule, an earlier deadline, and level targets.
func TestEvaluateExpected(t *testing.T) {
	linear, _ := load(t, planWith("",
		`{id: year, name: 全年目标, unit: 个, target: 10, lead: zjj}`,
		`{id: half, name: 上半年目标, unit: 个, target: 10, lead: zjj, deadline: 2025-06-30}`,
		`{id: level, name: 增速, kind: level, unit: "%", target: "8%", lead: zjj}`,
	), "records: []\n")
	curved, _ := load(t, planWith(scheduleLines,
		`{id: year, name: 全年目标, unit: 个, target: 10, lead: zjj}`,
		`{id: half, name: 上半年目标, unit: 个, target: 10, lead: zjj, deadline: 2025-06-30}`,
		`{id: own, name: 自有曲线, unit: 个, target: 10, lead: zjj, schedule: [{date: 2025-06-30, expected: 30%}]}`,
		`{id: own-early, name: 自有曲线上半年, unit: 个, target: 10, lead: zjj, deadline: 2025-06-30, schedule: [{date: 2025-03-31, expected: 60%}]}`,
		`{id: level, name: 增速, kind: level, unit: "%", target: "8%", lead: zjj}`,
		`{id: step, name: 里程碑, kind: milestone, lead: zjj}`,
	), "records: []\n")
	tests := []struct {
		name   string
		ledger *renewal.Ledger
		target string
		date   string
		want   string
	}{
		// Straight line: days from 2025-01-01 to D over days from 2025-01-01 to the deadline, both ends counted.
		{"linear on Jan 31 is 31 of 365", linear, "year", "2025-01-31", "0.084931506849…"},       // 31/365
		{"linear on the first day is 1 of 365", linear, "year", "2025-01-01", "0.002739726027…"}, // 1/365
		{"linear on Jun 30 is 181 of 365", linear, "year", "2025-06-30", "0.495890410959…"},      // 181/365
		{"linear on the deadline is 1", linear, "year", "2025-12-31", "1"},                       // 365/365
		{"linear to an earlier deadline", linear, "half", "2025-03-31", "0.497237569061…"},       // 90/181
		{"1 on an earlier deadline", linear, "half", "2025-06-30", "1"},                          // 181/181
		{"1 after the deadline", linear, "half", "2025-09-30", "1"},                              // clamped
		{"level is 1 from the first day", linear, "level", "2025-01-01", "1"},                    // held all year
		{"0 before the period starts", linear, "year", "2024-12-15", "0"},                        // clamped
		// Plan curve through (2024-12-31, 0), (03-31, 20%), (06-30, 45%), (09-30, 75%), (12-31, 1).
		{"schedule on a point", curved, "year", "2025-06-30", "0.45"},                                // the point itself
		{"schedule on the first point", curved, "year", "2025-03-31", "0.2"},                         // the point itself
		{"schedule between points", curved, "year", "2025-05-15", "0.323626373626…"},                 // 0.20 + 0.25×45/91 (Mar 31→May 15 = 45 days of 91)
		{"schedule before the first point", curved, "year", "2025-02-15", "0.102222222222…"},         // 0.20×46/90 (Dec 31→Feb 15 = 46 days of 90)
		{"schedule after the last point before the deadline", curved, "year", "2025-11-15", "0.875"}, // 0.75 + 0.25×46/92
		{"schedule on the deadline", curved, "year", "2025-12-31", "1"},
		{"milestone follows the plan curve", curved, "step", "2025-06-30", "0.45"},
		{"own schedule wins over the plan's", curved, "own", "2025-06-30", "0.3"},                // own point, not the plan's 45%
		{"own schedule between its point and the deadline", curved, "own", "2025-09-30", "0.65"}, // 0.30 + 0.70×92/184
		{"own schedule wins with an earlier deadline", curved, "own-early", "2025-03-31", "0.6"},
		{"own schedule before an earlier deadline", curved, "own-early", "2025-05-15", "0.797802197802…"}, // 0.60 + 0.40×45/91
		{"own schedule after an earlier deadline", curved, "own-early", "2025-09-30", "1"},
		{"plan schedule not applied to an earlier deadline", curved, "half", "2025-03-31", "0.497237569061…"},        // linear 90/181, not the plan's 20%
		{"plan schedule not applied to an earlier deadline in May", curved, "half", "2025-05-15", "0.745856353591…"}, // linear 135/181
		{"level is 1 whatever the schedule", curved, "level", "2025-01-31", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := renewal.Evaluate(tc.ledger, renewal.MustParseDate(tc.date))
			fig(t, "expected", tc.want, goal(t, r, tc.target, "").Expected)
		})
	}
	t.Run("plan expected follows the plan curve", func(t *testing.T) {
		fig(t, "plan expected", "0.45", renewal.Evaluate(curved, asOf).Expected)
	})
}

// TestEvaluateStatus covers each of the six statuses and their precedence.
// The plan curve gives e = 45% on 2025-06-30; the threshold is 10%.
func TestEvaluateStatus(t *testing.T) {
	plan := planWith(scheduleLines,
		`{id: done-late, name: 逾期完成, unit: 个, target: 100, lead: zjj, deadline: 2025-03-31}`,
		`{id: late, name: 逾期未完成, unit: 个, target: 100, lead: zjj, deadline: 2025-03-31}`,
		`{id: late-silent, name: 逾期未报, unit: 个, target: 100, lead: zjj, deadline: 2025-03-31}`,
		`{id: late-step, name: 逾期节点, kind: milestone, lead: zjj, deadline: 2025-03-31}`,
		`{id: silent, name: 未报, unit: 个, target: 100, lead: zjj}`,
		`{id: zero, name: 报零, unit: 个, target: 100, lead: zjj}`,
		`{id: on-time, name: 恰好序时, unit: 个, target: 100, lead: zjj}`,
		`{id: ahead, name: 超前, unit: 个, target: 100, lead: zjj}`,
		`{id: behind, name: 恰到阈值, unit: 个, target: 100, lead: zjj}`,
		`{id: far-behind, name: 略超阈值, unit: 个, target: 100, lead: zjj}`,
		`{id: over, name: 超额, unit: 个, target: 100, lead: zjj}`,
	)
	progress := `date: 2025-06-30
records:
  - {target: done-late, date: 2025-05-10, value: 100}
  - {target: late, date: 2025-03-31, value: 60}
  - {target: zero, value: 0}
  - {target: on-time, value: 45}
  - {target: ahead, value: 50}
  - {target: behind, value: 35}
  - {target: far-behind, value: 34.9}
  - {target: over, value: 120}
`
	l, _ := load(t, plan, progress)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{
			name: "completed after the deadline wins over overdue", target: "done-late",
			actual: "100", completion: "1", score: "1", // 100/100; D > deadline too
			expected: "1", status: "completed",
		},
		{
			name: "overdue", target: "late",
			actual: "60", completion: "0.6", score: "0.6", // 60/100 < 1 and Jun 30 > Mar 31
			expected: "1", status: "overdue",
		},
		{
			name: "overdue with no record wins over not_started", target: "late-silent",
			actual: "0", completion: "0", score: "0",
			expected: "1", status: "overdue",
		},
		{
			name: "overdue milestone not done", target: "late-step",
			actual: "0", completion: "0", score: "0",
			expected: "1", status: "overdue",
		},
		{
			name: "not_started before the deadline", target: "silent",
			actual: "0", completion: "0", score: "0", // a = b = 0
			expected: "0.45", status: "not_started",
		},
		{
			name: "a record of 0 has started and is seriously_lagging", target: "zero",
			actual: "0", completion: "0", score: "0", // 0.45 − 0 > 0.10
			expected: "0.45", status: "seriously_lagging",
		},
		{
			name: "on_track when c equals e", target: "on-time",
			actual: "45", completion: "0.45", score: "0.45", // 45/100 = e
			expected: "0.45", status: "on_track",
		},
		{
			name: "on_track ahead", target: "ahead",
			actual: "50", completion: "0.5", score: "0.5", // 0.5 ≥ 0.45
			expected: "0.45", status: "on_track",
		},
		{
			name: "lagging when e minus c equals the threshold", target: "behind",
			actual: "35", completion: "0.35", score: "0.35", // 0.45 − 0.35 = 0.10 ≤ 0.10
			expected: "0.45", status: "lagging",
		},
		{
			name: "seriously_lagging just beyond the threshold", target: "far-behind",
			actual: "34.9", completion: "0.349", score: "0.349", // 0.45 − 0.349 = 0.101 > 0.10
			expected: "0.45", status: "seriously_lagging",
		},
		{
			name: "completed when over-fulfilled", target: "over",
			actual: "120", completion: "1.2", score: "1", // 120/100, score clamped
			expected: "0.45", status: "completed",
		},
	})
}

// TestEvaluateStatusThreshold: a plan's own lagging_threshold moves the
// line between lagging and seriously_lagging.
func TestEvaluateStatusThreshold(t *testing.T) {
	plan := planWith(scheduleLines+"lagging_threshold: 5%\n",
		`{id: behind, name: 恰到阈值, unit: 个, target: 100, lead: zjj}`,
		`{id: far-behind, name: 超过阈值, unit: 个, target: 100, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: behind, value: 40}
  - {target: far-behind, value: 39}
`)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{name: "lagging at a 5% threshold", target: "behind",
			actual: "40", completion: "0.4", score: "0.4", status: "lagging"}, // 0.45 − 0.40 = 0.05 ≤ 0.05
		{name: "seriously_lagging beyond a 5% threshold", target: "far-behind",
			actual: "39", completion: "0.39", score: "0.39", status: "seriously_lagging"}, // 0.45 − 0.39 = 0.06 > 0.05
	})
}

// rollupPlan has two sections, three tasks, four weighted targets, three
// departments (one leading nothing) and three districts.
const rollupPlan = planHead + `sections:
  - id: s1
    name: 第一部分
    tasks:
      - id: k1
        name: 任务一
        targets:
          - {id: t1, name: 目标一, unit: 个, allocations: {a: 10, b: 10}, lead: zjj, weight: 2}
          - {id: t2, name: 目标二, unit: 个, allocations: {a: 4, c: 4}, lead: zrzy}
      - id: k2
        name: 任务二
        targets:
          - {id: t3, name: 目标三, unit: 个, target: 10, lead: zjj, weight: 1.5}
  - id: s2
    name: 第二部分
    tasks:
      - id: k3
        name: 任务三
        targets:
          - {id: t4, name: 目标四, kind: ratio, unit: "%", target: "50%", allocations: {b: "50%", c: "50%"}, lead: zrzy, weight: 0.5}
`

// TestEvaluateRollups checks weighted means over districts, departments,
// sections, tasks and the whole plan. Target scores (s = clamped c):
//
//	t1 (w 2):   a 5/10 = 0.5, b 10/10 = 1, city 15/20 = 0.75
//	t2 (w 1):   a 1/4 = 0.25, c 3/4 = 0.75, city 4/8 = 0.5
//	t3 (w 1.5): city 12/10 = 1.2, s = 1
//	t4 (w 0.5): b (1/4)/0.5 = 0.5, c (0/4)/0.5 = 0, city (1/8)/0.5 = 0.25
func TestEvaluateRollups(t *testing.T) {
	l, _ := load(t, rollupPlan, `date: 2025-06-30
records:
  - {target: t1, district: a, value: 5}
  - {target: t1, district: b, value: 10}
  - {target: t2, district: a, value: 1}
  - {target: t2, district: c, value: 3}
  - {target: t3, value: 12}
  - {target: t4, district: b, numerator: 1, denominator: 4}
  - {target: t4, district: c, numerator: 0, denominator: 4}
`)
	r := renewal.Evaluate(l, asOf)
	t.Run("overall is the weighted mean of clamped city scores", func(t *testing.T) {
		// (2×0.75 + 1×0.5 + 1.5×1 + 0.5×0.25)/(2+1+1.5+0.5) = 3.625/5; unclamped t3 would give 0.785
		fig(t, "overall", "0.725", r.Score)
	})
	rollups := func(rs []renewal.Rollup) map[string]renewal.Rollup {
		m := map[string]renewal.Rollup{}
		for _, x := range rs {
			m[x.ID] = x
		}
		return m
	}
	sections, tasks, deps := rollups(r.Sections), rollups(r.Tasks), rollups(r.Departments)
	tests := []struct {
		name    string
		got     renewal.Rollup
		want    string
		targets int
	}{
		{"section s1", sections["s1"], "0.777777777778…", 3},    // (2×0.75 + 1×0.5 + 1.5×1)/4.5 = 3.5/4.5 = 7/9
		{"section s2", sections["s2"], "0.25", 1},               // t4 alone
		{"task k1", tasks["k1"], "0.666666666667…", 2},          // (2×0.75 + 1×0.5)/3 = 2/3
		{"task k2", tasks["k2"], "1", 1},                        // t3 clamped
		{"task k3", tasks["k3"], "0.25", 1},                     // t4
		{"department zjj", deps["zjj"], "0.857142857143…", 2},   // t1, t3: (2×0.75 + 1.5×1)/3.5 = 6/7
		{"department zrzy", deps["zrzy"], "0.416666666667…", 2}, // t2, t4: (1×0.5 + 0.5×0.25)/1.5 = 0.625/1.5 = 5/12
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig(t, tc.name, tc.want, tc.got.Score)
			assert.Equal(t, tc.targets, tc.got.Targets)
		})
	}
	t.Run("department leading nothing has no targets", func(t *testing.T) {
		assert.Equal(t, 0, deps["czj"].Targets)
	})
	t.Run("rollups in declaration order", func(t *testing.T) {
		ids := func(rs []renewal.Rollup) (out []string) {
			for _, x := range rs {
				out = append(out, x.ID)
			}
			return out
		}
		assert.Equal(t, []string{"s1", "s2"}, ids(r.Sections))
		assert.Equal(t, []string{"k1", "k2", "k3"}, ids(r.Tasks))
		assert.Equal(t, []string{"zjj", "zrzy", "czj"}, ids(r.Departments))
	})
	districts := []struct {
		id    string
		want  string
		rank  int
		goals int
	}{
		{"b", "0.9", 1, 2},             // t1 (w 2) 1, t4 (w 0.5) 0.5: (2 + 0.25)/2.5
		{"c", "0.5", 2, 2},             // t2 (w 1) 0.75, t4 (w 0.5) 0: 0.75/1.5
		{"a", "0.416666666667…", 3, 2}, // t1 (w 2) 0.5, t2 (w 1) 0.25: 1.25/3 = 5/12 (unweighted it would be 0.375)
	}
	for i, tc := range districts {
		t.Run("district "+tc.id+" weighted and ranked", func(t *testing.T) {
			require.Len(t, r.Districts, 3)
			d := r.Districts[i]
			assert.Equal(t, tc.id, d.District.ID)
			fig(t, "district score", tc.want, d.Score)
			assert.Equal(t, tc.rank, d.Rank)
			assert.Equal(t, tc.goals, d.Goals)
		})
	}
}

// TestEvaluateRanks: equal scores share a rank (1, 2, 2, 4) and keep the
// order the districts are declared in.
func TestEvaluateRanks(t *testing.T) {
	head := `id: ranks
title: 排名测试
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: zjj, name: 市住建局}
districts:
  - {id: a, name: 甲区}
  - {id: b, name: 乙区}
  - {id: c, name: 丙区}
  - {id: d, name: 丁区}
sections:
  - id: s
    name: 部分
    tasks:
      - id: k
        name: 任务
        targets:
`
	type rankWant struct {
		id   string
		rank int
	}
	tests := []struct {
		name     string
		targets  string
		progress string
		want     []rankWant
	}{
		{
			name: "competition ranks 1 2 2 4 with ties in declaration order",
			// Allocations written d, c, b, a: the tie keeps the districts' declaration order, not this one.
			targets: `          - {id: n, name: 目标, unit: 个, allocations: {d: 6, c: 2, b: 4, a: 10}, lead: zjj}
`,
			progress: `date: 2025-06-30
records:
  - {target: n, district: d, value: 3}
  - {target: n, district: c, value: 2}
  - {target: n, district: b, value: 1}
  - {target: n, district: a, value: 5}
`,
			want: []rankWant{
				{"c", 1}, // 2/2 = 1
				{"a", 2}, // 5/10 = 0.5
				{"d", 2}, // 3/6 = 0.5, declared after a
				{"b", 4}, // 1/4 = 0.25
			},
		},
		{
			name: "equal fractions reached by different sums share a rank",
			targets: `          - {id: p, name: 目标一, unit: 个, allocations: {a: 3, b: 3, d: 3}, lead: zjj}
          - {id: q, name: 目标二, unit: 个, allocations: {b: 3, c: 3}, lead: zjj}
`,
			progress: `date: 2025-06-30
records:
  - {target: p, district: a, value: 1}
  - {target: p, district: b, value: 0}
  - {target: p, district: d, value: 3}
  - {target: q, district: b, value: 2}
  - {target: q, district: c, value: 1}
`,
			want: []rankWant{
				{"d", 1}, // 3/3 = 1
				{"a", 2}, // 1/3
				{"b", 2}, // (0 + 2/3)/2 = 1/3
				{"c", 2}, // 1/3
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := load(t, head+tc.targets, tc.progress)
			r := renewal.Evaluate(l, asOf)
			var got []rankWant
			for _, d := range r.Districts {
				got = append(got, rankWant{d.District.ID, d.Rank})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestEvaluateCorrection: a later record with correction replaces an
// earlier one for the same target, district and date, with a warning.
func TestEvaluateCorrection(t *testing.T) {
	plan := planWith("", `{id: n, name: 改造老旧小区, unit: 个, allocations: {a: 10}, lead: zjj}`)
	progress := `district: a
date: 2025-06-30
records:
  - {target: n, value: 5}
  - {target: n, value: 7, correction: 更正误报}
`
	l, warns := load(t, plan, progress)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{
			name: "the correction is in force", target: "n", district: "a",
			actual: "7", completion: "0.7", score: "0.7", // 7/10, not 5/10
			status: "on_track",
		},
		{
			name: "the city takes the correction", target: "n",
			actual: "7", completion: "0.7", score: "0.7",
			status: "on_track",
		},
	})
	t.Run("the record in force is the correction", func(t *testing.T) {
		assert.Equal(t, "progress.yaml:5:5", goal(t, r, "n", "a").Record.String())
	})
	t.Run("one warning names the replacement", func(t *testing.T) {
		require.Len(t, warns, 1)
		assert.Equal(t, renewal.Warning, warns[0].Severity)
		assert.Equal(t, 5, warns[0].Line)
		assert.Contains(t, warns[0].Message, "更正误报")
		require.Len(t, r.Warnings, 1)
		assert.Equal(t, warns[0].Message, r.Warnings[0].Message)
		assert.Equal(t, 1, l.Len())
		assert.Equal(t, 1, l.Stats().Replaced)
	})
}

// TestEvaluateRecordsAfterAsOf: records dated after the report date are
// ignored, except that a milestone is done when its done date is on or
// before the report date, whatever the record's own date.
func TestEvaluateRecordsAfterAsOf(t *testing.T) {
	plan := planWith("",
		`{id: n, name: 改造老旧小区, unit: 个, allocations: {a: 10}, lead: zjj}`,
		`{id: m, name: 成立领导小组, kind: milestone, allocations: [a, b], lead: zjj}`,
	)
	progress := `district: a
records:
  - {target: n, date: 2025-06-30, value: 4}
  - {target: n, date: 2025-07-31, value: 9}
  - {target: m, date: 2025-07-10, done: 2025-06-20}
  - {target: m, district: b, date: 2025-07-10, done: 2025-07-05}
`
	l, _ := load(t, plan, progress)
	tests := []struct {
		date string
		want
	}{
		{"2025-06-30", want{name: "a record dated later is ignored", target: "n", district: "a",
			actual: "4", completion: "0.4", score: "0.4", status: "lagging"}}, // 4/10; the July record (9) is later; 0.4959 − 0.4 ≤ 0.10
		{"2025-07-15", want{name: "the latest on or before the date is in force", target: "n", district: "a",
			actual: "4", completion: "0.4", score: "0.4", status: "seriously_lagging"}}, // 196/365 − 0.4 = 0.137 > 0.10
		{"2025-07-31", want{name: "the later record once its date comes", target: "n", district: "a",
			actual: "9", completion: "0.9", score: "0.9", status: "on_track"}}, // 9/10
		{"2025-06-30", want{name: "milestone done before the date counts though its record is dated later", target: "m", district: "a",
			actual: "1", completion: "1", score: "1", status: "completed"}}, // done Jun 20 ≤ Jun 30; record dated Jul 10
		{"2025-06-30", want{name: "milestone done after the date does not count", target: "m", district: "b",
			actual: "0", completion: "0", score: "0", status: "not_started"}}, // done Jul 5 > Jun 30
		{"2025-06-30", want{name: "milestone city counts only districts done by the date", target: "m",
			actual: "0.5", completion: "0.5", score: "0.5", status: "on_track"}}, // 1 of 2; 0.5 ≥ 0.4959
		{"2025-07-05", want{name: "milestone city done on its done date", target: "m",
			actual: "1", completion: "1", score: "1", status: "completed"}}, // 2 of 2
	}
	for _, tc := range tests {
		t.Run(tc.date+" "+tc.name, func(t *testing.T) {
			tc.check(t, renewal.Evaluate(l, renewal.MustParseDate(tc.date)))
		})
	}
}

// TestEvaluateRatioNoRecord: a ratio with no record in force has no actual
// figure (null in JSON) and completion 0.
func TestEvaluateRatioNoRecord(t *testing.T) {
	plan := planWith("",
		`{id: cov, name: 覆盖率, kind: ratio, unit: "%", target: "80%", allocations: {a: "80%", b: "80%"}, lead: zjj}`,
		`{id: cov-none, name: 未报覆盖率, kind: ratio, unit: "%", target: "80%", allocations: {a: "80%", b: "80%"}, lead: zjj}`,
		`{id: cov-late, name: 逾期覆盖率, kind: ratio, unit: "%", target: "80%", lead: zjj, deadline: 2025-03-31}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: cov, district: a, numerator: 3, denominator: 4}
`)
	r := renewal.Evaluate(l, asOf)
	runWants(t, r, []want{
		{name: "district with a record", target: "cov", district: "a",
			actual: "0.75", completion: "0.9375", score: "0.9375", status: "on_track"}, // 3/4; 0.75/0.8
		{name: "district without a record has no actual", target: "cov", district: "b",
			actual: "", completion: "0", score: "0", status: "not_started"},
		{name: "city over the districts that have a record", target: "cov",
			actual: "0.75", completion: "0.9375", score: "0.9375", status: "on_track"}, // 3/4 (b has none); 0.75/0.8
		{name: "city without any record has no actual", target: "cov-none",
			actual: "", completion: "0", score: "0", status: "not_started"},
		{name: "city-wide ratio with no record after its deadline is overdue", target: "cov-late",
			actual: "", completion: "0", score: "0", status: "overdue"},
	})
	t.Run("json actual and record are null", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, r.WriteJSON(&buf))
		var out struct {
			Targets []struct {
				ID         string  `json:"id"`
				Actual     *string `json:"actual"`
				Completion string  `json:"completion"`
				Record     *string `json:"record"`
				Districts  []struct {
					District string  `json:"district"`
					Actual   *string `json:"actual"`
					Record   *string `json:"record"`
				} `json:"districts"`
			} `json:"targets"`
		}
		require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
		require.Len(t, out.Targets, 3)
		cov, none := out.Targets[0], out.Targets[1]
		if assert.NotNil(t, cov.Actual) {
			assert.Equal(t, "0.75", *cov.Actual)
		}
		assert.Nil(t, cov.Districts[1].Actual, "cov b actual")
		assert.Nil(t, cov.Districts[1].Record, "cov b record")
		assert.Nil(t, none.Actual, "cov-none actual")
		assert.Nil(t, none.Record, "cov-none record")
		assert.Equal(t, "0", none.Completion)
		assert.Contains(t, buf.String(), `"actual": null`)
	})
}

// TestEvaluateTwoDates: evaluating one ledger at two dates gives
// independent reports and leaves the ledger as it was.
func TestEvaluateTwoDates(t *testing.T) {
	plan := planWith("",
		`{id: n, name: 改造老旧小区, unit: 个, allocations: {a: 10, b: 10}, lead: zjj}`,
		`{id: cov, name: 覆盖率, kind: ratio, unit: "%", target: "80%", allocations: {a: "80%", b: "80%"}, lead: zjj}`,
	)
	l, _ := load(t, plan, `district: a
date: 2025-03-31
records:
  - {target: n, value: 2}
  - {target: cov, numerator: 1, denominator: 4}
---
district: a
date: 2025-06-30
records:
  - {target: n, value: 6}
  - {target: cov, numerator: 3, denominator: 4}
---
district: b
date: 2025-06-30
records:
  - {target: n, value: 4}
`)
	records := slices.Collect(l.Records())
	stats, n, latest := l.Stats(), l.Len(), l.Latest()
	jsonOf := func(r *renewal.Report) string {
		var buf bytes.Buffer
		require.NoError(t, r.WriteJSON(&buf))
		return buf.String()
	}
	march := renewal.Evaluate(l, renewal.MustParseDate("2025-03-31"))
	marchJSON := jsonOf(march)
	june := renewal.Evaluate(l, asOf)
	runWants(t, march, []want{
		{name: "march count city", target: "n",
			actual: "2", completion: "0.1", score: "0.1", status: "seriously_lagging"}, // (2 + 0)/20; b holds its baseline 0; 90/365 − 0.1 = 0.147 > 0.10
		{name: "march ratio city", target: "cov",
			actual: "0.25", completion: "0.3125", score: "0.3125", status: "on_track"}, // 1/4; 0.25/0.8; 90/365 = 0.2466 ≤ 0.3125
	})
	runWants(t, june, []want{
		{name: "june count city", target: "n",
			actual: "10", completion: "0.5", score: "0.5", status: "on_track"}, // (6 + 4)/20; 0.5 ≥ 0.4959
		{name: "june ratio city", target: "cov",
			actual: "0.75", completion: "0.9375", score: "0.9375", status: "on_track"}, // 3/4; 0.75/0.8
	})
	t.Run("the earlier report is unchanged by the later", func(t *testing.T) {
		assert.Equal(t, marchJSON, jsonOf(march))
		assert.Equal(t, "2025-03-31", march.AsOf.String())
		fig(t, "march score", "0.20625", march.Score) // (0.1 + 0.3125)/2
		fig(t, "june score", "0.71875", june.Score)   // (0.5 + 0.9375)/2
	})
	t.Run("evaluating again gives the same report", func(t *testing.T) {
		assert.Equal(t, marchJSON, jsonOf(renewal.Evaluate(l, renewal.MustParseDate("2025-03-31"))))
	})
	t.Run("concurrent evaluations agree", func(t *testing.T) {
		var wg sync.WaitGroup
		got := make([]string, 8)
		for i := range got {
			wg.Go(func() {
				d := "2025-03-31"
				if i%2 == 1 {
					d = "2025-06-30"
				}
				var buf bytes.Buffer
				_ = renewal.Evaluate(l, renewal.MustParseDate(d)).WriteJSON(&buf)
				got[i] = buf.String()
			})
		}
		wg.Wait()
		juneJSON := jsonOf(june)
		for i, s := range got {
			if i%2 == 0 {
				assert.Equal(t, marchJSON, s)
			} else {
				assert.Equal(t, juneJSON, s)
			}
		}
	})
	t.Run("the ledger is unchanged", func(t *testing.T) {
		assert.Equal(t, records, slices.Collect(l.Records()))
		assert.Equal(t, stats, l.Stats())
		assert.Equal(t, n, l.Len())
		assert.Equal(t, latest, l.Latest())
	})
}

// TestGoldenJSON compares the JSON report of the embedded plan and sample
// as of 2025-09-30 with testdata/golden/report-2025-09-30.json. Run with
// -update to rewrite it, and check the figures by hand before committing.
func TestGoldenJSON(t *testing.T) {
	plan, probs := data.Plan()
	require.NoError(t, probs.Err())
	ledger, probs := data.Sample(plan)
	require.NoError(t, probs.Err())
	var buf bytes.Buffer
	require.NoError(t, renewal.Evaluate(ledger, renewal.MustParseDate("2025-09-30")).WriteJSON(&buf))
	golden := filepath.Join("testdata", "golden", "report-2025-09-30.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -run TestGoldenJSON -update to create it")
	assert.Equal(t, string(want), buf.String())
}

// TestEvaluateJSON checks how the JSON report writes hand-worked figures:
// fractions, rounded half up to 4 places, as strings.
func TestEvaluateJSON(t *testing.T) {
	plan := planWith("",
		`{id: coverage, name: 物业管理覆盖率, kind: ratio, unit: "%", target: "85%", allocations: {a: "90%", b: "80%"}, lead: zjj, support: [czj]}`,
		`{id: big, name: 大数, unit: 个, target: 100000, lead: zjj}`,
		`{id: step, name: 节点, kind: milestone, allocations: [a, b], lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: coverage, district: a, numerator: 38, denominator: 45}
  - {target: big, value: 12345}
  - {target: step, district: b, done: 2025-06-01}
`)
	var buf bytes.Buffer
	require.NoError(t, renewal.Evaluate(l, asOf).WriteJSON(&buf))
	type goalJSON struct {
		District   string  `json:"district"`
		Target     string  `json:"target"`
		Baseline   string  `json:"baseline"`
		Actual     *string `json:"actual"`
		Completion string  `json:"completion"`
		Expected   string  `json:"expected"`
		Status     string  `json:"status"`
		Record     *string `json:"record"`
	}
	var out struct {
		AsOf    string `json:"as_of"`
		Targets []struct {
			ID      string   `json:"id"`
			Support []string `json:"support"`
			goalJSON
			Districts []goalJSON `json:"districts"`
		} `json:"targets"`
		Districts []struct {
			ID   string `json:"id"`
			Rank int    `json:"rank"`
		} `json:"districts"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	require.Len(t, out.Targets, 3)
	cov, big, step := out.Targets[0], out.Targets[1], out.Targets[2]
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	tests := []struct{ name, got, want string }{
		{"as_of", out.AsOf, "2025-06-30"},
		{"a percentage target is a fraction", cov.Target, "0.85"},                          // 85%
		{"an allocation in percent is a fraction", cov.Districts[0].Target, "0.9"},         // 90%
		{"a coverage of 38/45 rounds to 4 places", str(cov.Districts[0].Actual), "0.8444"}, // 0.84444…
		{"ratio completion", cov.Districts[0].Completion, "0.9383"},                        // (38/45)/0.9 = 0.938271…
		{"ratio city over the districts with a record", str(cov.Actual), "0.8444"},         // 38/45, b has none
		{"ratio district without a record has null actual", str(cov.Districts[1].Actual), "null"},
		{"expected rounds to 4 places", cov.Expected, "0.4959"},  // 181/365 = 0.495890…
		{"half up at the fifth place", big.Completion, "0.1235"}, // 12345/100000 = 0.12345 → 0.1235 (half even would give 0.1234)
		{"record names the record in force", str(big.Record), "progress.yaml:4:5"},
		{"a city sum names no record", str(cov.Record), "null"},
		{"milestone target is 1", step.Target, "1"},
		{"milestone baseline is 0", step.Baseline, "0"},
		{"milestone city actual is the share done", str(step.Actual), "0.5"}, // 1 of 2
		{"milestone district not done is 0", str(step.Districts[0].Actual), "0"},
		{"milestone district done is 1", str(step.Districts[1].Actual), "1"},
		{"status", step.Districts[1].Status, "completed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.got) })
	}
	t.Run("support lists departments", func(t *testing.T) {
		assert.Equal(t, []string{"czj"}, cov.Support)
		assert.Equal(t, []string{}, big.Support)
	})
	t.Run("districts in rank order", func(t *testing.T) {
		// a: coverage 0.938272, step 0 → mean 0.469136; b: coverage 0, step 1 → 0.5; c has no goals.
		require.GreaterOrEqual(t, len(out.Districts), 2)
		assert.Equal(t, "b", out.Districts[0].ID)
		assert.Equal(t, 1, out.Districts[0].Rank)
		assert.Equal(t, "a", out.Districts[1].ID)
		assert.Equal(t, 2, out.Districts[1].Rank)
	})
}
