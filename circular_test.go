package renewal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file check what circulars (通报) compute, against
// figures worked out by hand: ceilings (控制在…以内), over-fulfilment
// (超额完成), the gap to expected progress (较序时进度) and the ranking of
// districts on one target (单项排名).

// circularHead is a plan head with five districts, for rankings.
const circularHead = `id: circulars
title: 通报测试
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}, {id: rsj, name: 市人社局}]
districts:
  - {id: a, name: 甲区}
  - {id: b, name: 乙区}
  - {id: c, name: 丙区}
  - {id: d, name: 丁区}
  - {id: e, name: 戊区}
sections:
  - id: s
    name: 部分
    tasks:
      - id: k
        name: 任务
        targets:
`

func circularPlan(targets ...string) string {
	return circularHead + "          - " + strings.Join(targets, "\n          - ") + "\n"
}

// TestCeilingCompletion: a ceiling's completion is T / a (1 when a ≤ 0),
// its expected progress 1 on every day, and it has no baseline, gap or
// projection.
func TestCeilingCompletion(t *testing.T) {
	plan := circularPlan(
		`{id: jobless, name: 城镇登记失业率, kind: level, direction: at_most, unit: "%", target: 4.3, lead: rsj, note: 示例数字}`,
		`{id: vacancy, name: 住房空置率, kind: ratio, direction: at_most, unit: "%", target: 8, allocations: {a: 8, b: 8, c: 0, d: 8}, lead: zjj}`,
		`{id: accidents, name: 安全事故, kind: level, direction: at_most, unit: 起, target: 0, lead: zjj}`,
	)
	l, _ := load(t, plan, `records:
  - {target: jobless, date: 2025-01-31, value: 5}
  - {target: jobless, date: 2025-02-28, value: 4.7}
  - {target: jobless, date: 2025-03-31, value: 4.17}
  - {target: accidents, date: 2025-03-31, value: 0}
  - {target: accidents, date: 2025-04-30, value: 1}
  - {target: vacancy, district: a, date: 2025-03-31, numerator: 30, denominator: 400}
  - {target: vacancy, district: b, date: 2025-03-31, numerator: 30, denominator: 250}
  - {target: vacancy, district: c, date: 2025-03-31, numerator: 0, denominator: 100}
`)
	require.True(t, l.Plan().Target("jobless").Ceiling())
	require.True(t, l.Plan().Target("vacancy").Ceiling())

	type c struct {
		date, target, district string
		actual                 string // "" for none
		completion, status     string
		exceeded               bool
	}
	for _, c := range []c{
		// Nothing reported yet: no actual figure, completion 0.
		{"2025-01-15", "jobless", "", "", "0", "not_started", false},
		// 4.3% against 5%: 0.043/0.05 = 0.86; 1 − 0.86 = 0.14 > 0.1.
		{"2025-01-31", "jobless", "", "0.05", "0.86", "seriously_lagging", false},
		// 4.3/4.7 = 0.9148936170…; 1 − c = 0.0851… ≤ 0.1.
		{"2025-02-28", "jobless", "", "0.047", "0.9148936170…", "lagging", false},
		// 4.3% against 4.17%: 430/417 = 1.031175059952…, the 103.1% circulars
		// print; under the ceiling, so exceeded.
		{"2025-03-31", "jobless", "", "0.0417", "1.031175059952…", "completed", true},
		// A ceiling of 0 (零事故): met by 0 (c = 1), not exceeded (0 is not
		// below 0); 1 accident: T / a = 0/1 = 0.
		{"2025-03-31", "accidents", "", "0", "1", "completed", false},
		{"2025-04-30", "accidents", "", "1", "0", "seriously_lagging", false},
		// a: 30/400 = 0.075; 0.08/0.075 = 1.0666…; exceeded.
		{"2025-03-31", "vacancy", "a", "0.075", "1.0666666667…", "completed", true},
		// b: 30/250 = 0.12; 0.08/0.12 = 0.6666…
		{"2025-03-31", "vacancy", "b", "0.12", "0.6666666667…", "seriously_lagging", false},
		// c: a goal of 0 met by 0%: c = 1.
		{"2025-03-31", "vacancy", "c", "0", "1", "completed", false},
		// d: no record: no actual figure, completion 0.
		{"2025-03-31", "vacancy", "d", "", "0", "not_started", false},
		// City: Σ n / Σ d = 60/750 = 0.08, at the ceiling: c = 1, not exceeded.
		{"2025-03-31", "vacancy", "", "0.08", "1", "completed", false},
	} {
		t.Run(c.date+"/"+c.target+"/"+c.district, func(t *testing.T) {
			g := goal(t, at(l, c.date), c.target, c.district)
			if c.actual == "" {
				assert.False(t, g.HasActual)
			} else if assert.True(t, g.HasActual) {
				fig(t, "actual", c.actual, g.Actual)
			}
			fig(t, "completion", c.completion, g.Completion)
			fig(t, "expected", "1", g.Expected) // held all year
			assert.Equal(t, c.status, g.Status.String())
			assert.Equal(t, c.exceeded, g.Exceeded, "exceeded")
			assert.False(t, g.HasGap, "a ceiling has no gap")
			assert.False(t, g.HasProjected, "a ceiling has no projection")
			assert.False(t, g.AtRisk)
		})
	}
	t.Run("completed_on", func(t *testing.T) {
		// Complete (a ≤ T) from the 03-31 report on.
		g := goal(t, at(l, "2025-06-30"), "jobless", "")
		assert.Equal(t, "2025-03-31", g.CompletedOn.String())
	})
	t.Run("JSON", func(t *testing.T) {
		r := at(l, "2025-03-31")
		got := decodeReport(t, r)
		jobless := got.target("jobless")
		assert.Nil(t, jobless["baseline"], "a ceiling has no baseline")
		assert.Equal(t, "1.0312", jobless["completion"]) // 1.031175… rounded half up
		assert.Equal(t, true, jobless["exceeded"])
		assert.Nil(t, jobless["gap"])
		assert.Nil(t, jobless["projected"])
		_, hasRank := jobless["rank"]
		assert.False(t, hasRank, "a city-wide goal has no rank key")
	})
}

// TestCeilingPlanRules: which at_most targets are ceilings, and that a
// ceiling loads where an at_most target measured from a baseline would
// not.
func TestCeilingPlanRules(t *testing.T) {
	for _, c := range []struct {
		name, target string
		ceiling      bool
	}{
		{"OK/ratio with no baseline", `{id: x, name: X, kind: ratio, direction: at_most, unit: "%", target: 8, allocations: {a: 8, b: 10}, lead: zjj}`, true},
		{"OK/level with no baseline", `{id: x, name: X, kind: level, direction: at_most, unit: "%", target: 4.3, lead: zjj}`, true},
		{"OK/goal of 0", `{id: x, name: X, kind: level, direction: at_most, unit: 起, target: 0, lead: zjj}`, true},
		{"OK/revised without a baseline", `{id: x, name: X, kind: level, direction: at_most, unit: "%", target: 4.3, lead: zjj, revisions: [{from: 2025-07-01, reason: 调整, target: 4.5}]}`, true},
		{"OK/ratio from a baseline", `{id: x, name: X, kind: ratio, direction: at_most, unit: "%", target: 8, baseline: 12, lead: zjj}`, false},
		{"OK/at_least ratio", `{id: x, name: X, kind: ratio, unit: "%", target: 8, lead: zjj}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(circularPlan(c.target)))
			require.Empty(t, probs.String())
			assert.Equal(t, c.ceiling, p.Target("x").Ceiling())
		})
	}
	// An at_most count still needs its baselines (a count builds up), and
	// so does a ratio that writes a baseline on one allocation.
	for _, c := range []struct{ name, target, want string }{
		{"ErrCountNeedsBaseline", `{id: x, name: X, direction: at_most, unit: 处, target: 5, lead: zjj}`,
			"plan.yaml:18:13: target x is at_most but has no baseline to fall from; want baseline: the starting figure"},
		{"ErrBaselineWrittenSomewhere", `{id: x, name: X, kind: ratio, direction: at_most, unit: "%", target: 8, allocations: {a: {target: 8, baseline: 12}, b: 8}, lead: zjj}`,
			"plan.yaml:18:13: target x is at_most but has no baseline to fall from; want baseline: the starting figure\n" +
				"plan.yaml:18:129: target x is at_most, so allocation b needs a baseline to fall from; want b: {target: X, baseline: Y}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(circularPlan(c.target)))
			assert.Equal(t, c.want, strings.TrimSpace(probs.Errors().String()))
		})
	}
}

// TestExceeded: exceeded when completed with the actual figure beyond the
// goal; never for a milestone or an exempt goal.
func TestExceeded(t *testing.T) {
	plan := circularPlan(
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10, c: 10}, lead: zjj, revisions: [{from: 2025-06-01, reason: 核减, exempt: [c]}]}`,
		`{id: sites, name: 违建, direction: at_most, unit: 处, baseline: 60, target: 15, lead: zjj}`,
		`{id: cover, name: 覆盖率, kind: ratio, unit: "%", target: 85, lead: zjj}`,
		`{id: growth, name: 增长, kind: level, unit: "%", target: 8, lead: zjj}`,
		`{id: group, name: 小组, kind: milestone, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: homes, district: a, value: 12}
  - {target: homes, district: b, value: 10}
  - {target: homes, district: c, value: 15}
  - {target: sites, value: 10}
  - {target: cover, numerator: 9, denominator: 10}
  - {target: growth, value: 8.5}
  - {target: group, done: 2025-06-01}
`)
	r := at(l, "2025-06-30")
	for _, c := range []struct {
		name, target, district string
		exceeded               bool
	}{
		{"12 of 10", "homes", "a", true},
		{"10 of 10: completed, not beyond", "homes", "b", false},
		{"exempt, 15 of 10", "homes", "c", false},
		{"city 22 of 20", "homes", "", true},
		{"at_most: 10 under 15", "sites", "", true},
		{"ratio 0.9 over 0.85", "cover", "", true},
		{"level 8.5% over 8%", "growth", "", true},
		{"milestone: never", "group", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := goal(t, r, c.target, c.district)
			assert.Equal(t, c.exceeded, g.Exceeded)
		})
	}
}

// TestGap: gap = c − e from the unrounded figures, for counts, ratios and
// milestones; none for levels, ceilings and exempt goals.
func TestGap(t *testing.T) {
	plan := circularPlan(
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj, revisions: [{from: 2025-06-01, reason: 核减, exempt: [b]}]}`,
		`{id: cover, name: 覆盖率, kind: ratio, unit: "%", target: 80, lead: zjj}`,
		`{id: group, name: 小组, kind: milestone, lead: zjj}`,
		`{id: growth, name: 增长, kind: level, unit: "%", target: 8, lead: zjj}`,
		`{id: cap, name: 空置率, kind: ratio, direction: at_most, unit: "%", target: 8, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: homes, district: a, value: 4}
  - {target: homes, district: b, value: 9}
  - {target: group, done: 2025-05-01}
  - {target: growth, value: 6}
  - {target: cap, numerator: 1, denominator: 10}
`)
	r := at(l, "2025-06-30") // e = 181/365 = 0.4958904109…
	for _, c := range []struct {
		name, target, district string
		gap                    string // "" for none
	}{
		// 0.4 − 181/365 = (146 − 181)/365 = −35/365 = −0.0958904110….
		{"count behind", "homes", "a", "-0.0958904110…"},
		// City: only a is assessed: the same.
		{"city", "homes", "", "-0.0958904110…"},
		{"exempt", "homes", "b", ""},
		// No record: c = 0, so gap = −181/365 = −0.4958904110….
		{"ratio not started", "cover", "", "-0.4958904110…"},
		// Done: 1 − 181/365 = 184/365 = 0.5041095890….
		{"milestone ahead", "group", "", "0.5041095890…"},
		{"level", "growth", "", ""},
		{"ceiling", "cap", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := goal(t, r, c.target, c.district)
			if c.gap == "" {
				assert.False(t, g.HasGap)
				return
			}
			if assert.True(t, g.HasGap) {
				fig(t, "gap", c.gap, g.Gap)
			}
		})
	}
	t.Run("JSON", func(t *testing.T) {
		got := decodeReport(t, r)
		assert.Equal(t, "-0.0959", got.target("homes")["gap"])
		assert.Nil(t, got.district("homes", "b")["gap"])
		assert.Nil(t, got.target("growth")["gap"])
	})
}

// TestRankOnTarget: the districts of one target ranked by completion,
// unclamped and compared exactly; equal ones share a rank (1, 2, 2, 4).
func TestRankOnTarget(t *testing.T) {
	plan := circularPlan(
		// a: 1 of 3 = 1/3; b: 2 of 6 = 1/3 as well; c: 0.333…3 (24 threes)
		// of 1, just under 1/3, though equal to it rounded to 24 places;
		// d: 12 of 10 = 1.2, over-fulfilled (unclamped); e exempt.
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 3, b: 6, c: 1, d: 10, e: 5}, lead: zjj, revisions: [{from: 2025-06-01, reason: 核减, exempt: [e]}]}`,
		// A ceiling of 8% (c: 0%): by r = a / T, lowest first; a goal of 0
		// met by 0 has r = 0; a goal of 0 with a > 0 after every r; no
		// actual figure last.
		`{id: vacancy, name: 空置率, kind: ratio, direction: at_most, unit: "%", target: 8, allocations: {a: 8, b: 10, c: 0, d: 0, e: 8}, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: homes, district: a, value: 1}
  - {target: homes, district: b, value: 2}
  - {target: homes, district: c, value: 0.333333333333333333333333}
  - {target: homes, district: d, value: 12}
  - {target: homes, district: e, value: 5}
  - {target: vacancy, district: a, numerator: 6, denominator: 100}
  - {target: vacancy, district: b, numerator: 15, denominator: 200}
  - {target: vacancy, district: c, numerator: 0, denominator: 50}
  - {target: vacancy, district: d, numerator: 1, denominator: 1000}
`)
	r := at(l, "2025-06-30")
	rank := func(target string) map[string]int {
		out := map[string]int{}
		for _, g := range goal(t, r, target, "").Districts {
			out[g.District.ID] = g.Rank
		}
		return out
	}
	// d 1.2 first; a and b tie at 1/3 (rank 2, 2); c below 1/3: 4; e
	// exempt: none (0).
	assert.Equal(t, map[string]int{"d": 1, "a": 2, "b": 2, "c": 4, "e": 0}, rank("homes"))
	// r: c 0 (T = 0, a = 0); a 0.06/0.08 = 0.75; b 0.075/0.1 = 0.75, a
	// tie; then d (T = 0, a = 0.001 > 0); then e (no actual).
	assert.Equal(t, map[string]int{"c": 1, "a": 2, "b": 2, "d": 4, "e": 5}, rank("vacancy"))
	assert.Zero(t, goal(t, r, "homes", "").Rank, "the city-wide goal has no rank")

	got := decodeReport(t, r)
	assert.Equal(t, 1.0, got.district("homes", "d")["rank"])
	assert.Nil(t, got.district("homes", "e")["rank"])
	assert.Equal(t, false, got.district("homes", "e")["exceeded"])
}

// reportJSONObject is a JSON report decoded, with lookups.
type reportJSONObject map[string]any

func decodeReport(t *testing.T, r *renewal.Report) reportJSONObject {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.WriteJSON(&b))
	var out reportJSONObject
	require.NoError(t, json.Unmarshal(b.Bytes(), &out))
	return out
}

func (o reportJSONObject) target(id string) map[string]any {
	for _, x := range o["targets"].([]any) {
		if m := x.(map[string]any); m["id"] == id {
			return m
		}
	}
	return nil
}

func (o reportJSONObject) district(target, district string) map[string]any {
	for _, x := range o.target(target)["districts"].([]any) {
		if m := x.(map[string]any); m["district"] == district {
			return m
		}
	}
	return nil
}

// TestRankBy: Report.RankBy adds the ranking on each target named, in
// text and Markdown, in rank order with exempt goals last; a name that is
// not a target with allocations is an error of class ErrArgument, with
// the nearest such id or name; a target's name finds it too.
func TestRankBy(t *testing.T) {
	plan := circularPlan(
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10, c: 10, d: 10}, lead: zjj, revisions: [{from: 2025-06-01, reason: 核减, exempt: [a]}]}`,
		`{id: growth, name: 增长, kind: level, unit: "%", target: 8, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: homes, district: a, value: 10}
  - {target: homes, district: b, value: 3}
  - {target: homes, district: c, value: 12}
  - {target: homes, district: d, value: 3}
`)
	r := at(l, "2025-06-30")
	r.RankBy = []string{"homes"}
	var b bytes.Buffer
	require.NoError(t, r.Write(&b, renewal.Text, renewal.English))
	_, table, ok := strings.Cut(b.String(), "3. Ranking on 住宅\n")
	require.True(t, ok, b.String())
	rows := strings.Split(table, "\n")[2:6]
	// c 12/10 = 120%, exceeded; b and d 3/10 = 30% share rank 2; a exempt
	// last. e = 181/365 = 49.6%: gaps +70.4 and -19.6 points.
	assert.Regexp(t, `^ +1  丙区 +10 +12 +120\.0% +49\.6% +\+70\.4  completed \(exceeded\)$`, rows[0])
	assert.Regexp(t, `^ +2  乙区 +10 +3 +30\.0% +49\.6% +-19\.6  seriously lagging$`, rows[1])
	assert.Regexp(t, `^ +2  丁区 +10 +3 +30\.0% +49\.6% +-19\.6  seriously lagging$`, rows[2])
	assert.Regexp(t, `^ +—  甲区 +10 +10 +— +— +—  exempt$`, rows[3])

	for _, c := range []struct{ id, want, zh string }{
		{"home", `the plan has no target "home" (did you mean "homes"?)`, `计划中没有指标“home”（是不是“homes”？）`},
		{"growth", `target growth has no allocations, so no district has a rank on it (did you mean "homes"?)`, `指标 growth 没有分解到县区，不能按它给县区排名（是不是“homes”？）`},
		{"增长", `target growth has no allocations, so no district has a rank on it (did you mean "住宅"?)`, `指标 growth 没有分解到县区，不能按它给县区排名（是不是“住宅”？）`},
		{"住", `the plan has no target "住" (did you mean "住宅"?)`, `计划中没有指标“住”（是不是“住宅”？）`},
	} {
		r.RankBy = []string{c.id}
		b.Reset()
		err := r.Write(&b, renewal.Markdown, renewal.Chinese)
		require.Error(t, err)
		assert.True(t, errors.Is(err, renewal.ErrArgument))
		assert.Equal(t, c.want, err.Error())
		assert.Equal(t, c.zh, err.(renewal.Problem).Text(renewal.Chinese))
		assert.Zero(t, b.Len(), "nothing is written")
	}

	// By name, as a person writes it: the target itself.
	got, err := r.Plan.RankingTarget("住宅")
	require.NoError(t, err)
	assert.Equal(t, "homes", got.ID)
}

// Example_circulars: what a circular says of each district on one target:
// its rank, its gap to expected progress in points, whether it
// over-fulfilled.
func Example_circulars() {
	report := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	for _, g := range report.Goal("neighbourhoods", "").Districts {
		fmt.Println(g.District.Name, g.Rank, g.GapText(), g.Exceeded)
	}
	// Output:
	// 城东区 1 +0.4 false
	// 城西区 2 -24.6 false
}
