package renewal_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file check revisions and exemptions (调整, 核减): the
// plan in force on each date, and what it changes in evaluation, against
// figures worked out by hand. planHead's districts are a, b and c.

// TestRevisionAllocations: a count whose goal is the sum of its
// allocations, revised per district from 07-01: b to 6 keeping its
// baseline of 2, c to {target: 4, baseline: 1}.
func TestRevisionAllocations(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: {target: 8, baseline: 2}, c: 6}, lead: zjj, revisions: [{from: 2025-07-01, reason: 调整分解任务, allocations: {b: 6, c: {target: 4, baseline: 1}}}]}`)
	l, warns := load(t, plan, `date: 2025-06-30
records:
  - {target: homes, district: a, value: 5}
  - {target: homes, district: b, value: 4}
  - {target: homes, district: c, value: 2}
`)
	assert.Empty(t, warns, "a goal summed from its allocations never differs from their sum")
	homes := l.Plan().Target("homes")
	require.Len(t, homes.Revisions, 1)

	t.Run("before", func(t *testing.T) {
		// 06-30: the plan as written. Goal 10 + 8 + 6 = 24, baseline 0 + 2 + 0 = 2.
		terms := homes.InForce(renewal.MustParseDate("2025-06-30"))
		fig(t, "goal in force", "24", terms.Figure)
		fig(t, "baseline in force", "2", terms.Baseline)
		assert.True(t, terms.Revised.IsZero())
		r := at(l, "2025-06-30")
		g := goal(t, r, "homes", "")
		fig(t, "goal", "24", g.Figure)
		fig(t, "actual", "11", g.Actual)                                        // 5 + 4 + 2
		fig(t, "completion", "0.4090909090909091…", g.Completion)               // (11 − 2)/(24 − 2) = 9/22
		fig(t, "b", "0.3333333333333333…", goal(t, r, "homes", "b").Completion) // (4 − 2)/(8 − 2)
		fig(t, "c", "0.3333333333333333…", goal(t, r, "homes", "c").Completion) // 2/6
		assert.True(t, g.Revised.IsZero())
		fig(t, "original", "24", g.Original)
	})
	t.Run("on the revision's day", func(t *testing.T) {
		// 07-01: goal 10 + 6 + 4 = 20, baseline 0 + 2 + 1 = 3.
		r := at(l, "2025-07-01")
		g := goal(t, r, "homes", "")
		fig(t, "goal", "20", g.Figure)
		fig(t, "baseline", "3", g.Baseline)
		fig(t, "original", "24", g.Original)
		fig(t, "completion", "0.4705882352941176…", g.Completion) // (11 − 3)/(20 − 3) = 8/17
		b := goal(t, r, "homes", "b")
		fig(t, "b goal", "6", b.Figure)
		fig(t, "b baseline", "2", b.Baseline) // a bare figure keeps the baseline
		fig(t, "b original", "8", b.Original)
		fig(t, "b", "0.5", b.Completion) // (4 − 2)/(6 − 2)
		c := goal(t, r, "homes", "c")
		fig(t, "c", "0.3333333333333333…", c.Completion) // (2 − 1)/(4 − 1)
		a := goal(t, r, "homes", "a")
		fig(t, "a", "0.5", a.Completion) // 5/10, unrevised
		for _, x := range []*renewal.Goal{g, a, b, c} {
			assert.Equal(t, "2025-07-01", x.Revised.String(), "revised is the same on the target and every district")
		}
	})
}

// TestRevisionDeclaredGoal: a declared city goal of 50 stands when c is
// exempted on 07-01, and is revised to 45 on 10-01. c's records stay
// loaded and leave the sums.
func TestRevisionDeclaredGoal(t *testing.T) {
	plan := planWith("",
		`{id: lanes, name: 街巷, unit: 条, target: 50, allocations: {a: 20, b: 20, c: 10}, lead: zjj, revisions: [{from: 2025-07-01, reason: 丙区划入市级项目, exempt: [c]}, {from: 2025-10-01, reason: 调整全区任务, target: 45}]}`)
	l, warns := load(t, plan, `date: 2025-09-30
records:
  - {target: lanes, district: a, value: 8}
  - {target: lanes, district: b, value: 15}
  - {target: lanes, district: c, value: 7}
`)
	// 50 ≠ 20 + 20 after the first revision, 45 ≠ 40 after the second.
	require.Len(t, warns, 2, "%s", warns)
	assert.Equal(t, 3, l.Len(), "c's record is loaded")

	r := at(l, "2025-09-30")
	g := goal(t, r, "lanes", "")
	fig(t, "goal", "50", g.Figure) // the declared goal stands, exemption included
	fig(t, "actual", "23", g.Actual)
	fig(t, "completion", "0.46", g.Completion) // 23/50: c's 7 is not counted
	c := goal(t, r, "lanes", "c")
	assert.Equal(t, "exempt", c.Status.String())
	assert.Equal(t, "丙区划入市级项目", c.Reason)
	fig(t, "c keeps its actual", "7", c.Actual)
	fig(t, "c keeps its goal", "10", c.Figure)
	assert.False(t, c.Record.IsZero(), "c keeps its record")
	assert.Equal(t, 0, r.District("c").Goals)
	assert.Equal(t, 0, r.District("c").Rank, "no goal assessed: no rank")

	r = at(l, "2025-10-01")
	g = goal(t, r, "lanes", "")
	fig(t, "goal", "45", g.Figure)
	fig(t, "original", "50", g.Original)
	fig(t, "completion", "0.5111111111111111…", g.Completion) // 23/45
	assert.Equal(t, "2025-10-01", g.Revised.String())
	assert.Equal(t, "丙区划入市级项目", goal(t, r, "lanes", "c").Reason, "the reason of the revision that exempted it")

	// Before either revision c counts: 06-30 has no record in force at all.
	g = goal(t, at(l, "2025-06-30"), "lanes", "")
	assert.Equal(t, "not_started", g.Status.String())
}

// TestRevisionOnlyAllocationExempt: a ratio whose only allocation is
// exempted is itself exempt: no actual, out of every roll-up, and its
// department, which leads nothing else, has no score and no rank.
func TestRevisionOnlyAllocationExempt(t *testing.T) {
	plan := planWith("",
		`{id: signing, name: 签约率, kind: ratio, unit: "%", target: 90, allocations: {c: 90}, lead: czj, revisions: [{from: 2025-07-01, reason: 项目暂缓实施, exempt: [c]}]}`,
		`{id: homes, name: 住宅, unit: 栋, target: 10, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-30
records:
  - {target: signing, district: c, numerator: 45, denominator: 100}
  - {target: homes, value: 4}
`)
	before := at(l, "2025-06-30")
	g := goal(t, before, "signing", "")
	fig(t, "completion", "0.5", g.Completion) // 0.45/0.9
	fig(t, "overall", "0.45", before.Score)   // (0.5 + 0.4)/2

	r := at(l, "2025-07-01")
	g = goal(t, r, "signing", "")
	assert.Equal(t, "exempt", g.Status.String())
	assert.Equal(t, "项目暂缓实施", g.Reason)
	assert.False(t, g.HasActual, "a ratio over no allocation has no actual")
	fig(t, "declared goal", "0.9", g.Figure)
	c := goal(t, r, "signing", "c")
	assert.Equal(t, "exempt", c.Status.String())
	fig(t, "c keeps its actual", "0.45", c.Actual)
	fig(t, "overall is homes alone", "0.4", r.Score)
	for _, d := range r.Departments {
		if d.ID == "czj" {
			assert.Equal(t, 0, d.Targets)
			assert.Equal(t, 0, d.Rank)
		}
		if d.ID == "zjj" {
			assert.Equal(t, 1, d.Rank)
		}
	}
}

// TestRevisionDeadline: a milestone overdue on 06-30 (deadline 05-31) is
// open again from 07-01, when its deadline moves to 09-30 and b is
// exempted; a is done on 08-20.
func TestRevisionDeadline(t *testing.T) {
	plan := planWith("",
		`{id: design, name: 设计方案, kind: milestone, allocations: [a, b], deadline: 2025-05-31, lead: zjj, revisions: [{from: 2025-07-01, reason: 招标延误延期, deadline: 2025-09-30, exempt: [b]}]}`)
	l, _ := load(t, plan, `records:
  - {target: design, district: a, done: 2025-08-20}
  - {target: design, district: b, done: 2025-06-15}
`)
	r := at(l, "2025-06-30")
	assert.Equal(t, "overdue", goal(t, r, "design", "a").Status.String())
	fig(t, "share", "0.5", goal(t, r, "design", "").Completion) // b of a and b
	assert.Equal(t, "overdue", goal(t, r, "design", "").Status.String())

	r = at(l, "2025-07-01")
	a := goal(t, r, "design", "a")
	assert.Equal(t, "not_started", a.Status.String())
	assert.Equal(t, "2025-09-30", a.Deadline.String())
	assert.Equal(t, 91, a.DaysLeft) // 07-01 → 09-30: 30 + 31 + 30
	// Linear to the new deadline: 182 days of 273.
	fig(t, "expected", "0.6666666666666667…", a.Expected)
	city := goal(t, r, "design", "")
	fig(t, "share", "0", city.Completion) // a alone is assessed, not done
	assert.Equal(t, "not_started", city.Status.String())

	r = at(l, "2025-10-01")
	city = goal(t, r, "design", "")
	assert.Equal(t, "completed", city.Status.String())
	// 0 of 2 before 07-01, 0 of 1 until 08-20, 1 of 1 since.
	assert.Equal(t, "2025-08-20", city.CompletedOn.String())
	assert.False(t, city.Late, "08-20 is before the deadline in force, 09-30")
	assert.Equal(t, -1, city.DaysLeft)
}

// TestRevisionMilestoneExempt: a milestone for all three districts with b
// exempted on 07-01. a is done on 03-01, b on 02-01, c not at all.
func TestRevisionMilestoneExempt(t *testing.T) {
	plan := planWith("",
		`{id: groups, name: 领导小组, kind: milestone, allocations: all, lead: zjj, revisions: [{from: 2025-07-01, reason: 乙区并入, exempt: [b]}]}`)
	l, _ := load(t, plan, `records:
  - {target: groups, district: a, done: 2025-03-01}
  - {target: groups, district: b, done: 2025-02-01}
`)
	fig(t, "06-30", "0.6666666666666667…", goal(t, at(l, "2025-06-30"), "groups", "").Completion) // 2/3
	r := at(l, "2025-07-01")
	fig(t, "07-01", "0.5", goal(t, r, "groups", "").Completion) // a of a and c
	b := goal(t, r, "groups", "b")
	assert.Equal(t, "exempt", b.Status.String())
	fig(t, "b keeps its actual", "1", b.Actual)
	assert.False(t, b.HasProjected)
	assert.False(t, b.DueSoon)
}

// withoutRevisions drops the revisions of every target of a planWith plan.
var revisionsKey = regexp.MustCompile(`, revisions: \[.*\]\}$`)

// TestRevisionBeforeEqualsUnrevised: a report as of a day before every
// revision is, figure for figure, that of the same plan with its revisions
// removed.
func TestRevisionBeforeEqualsUnrevised(t *testing.T) {
	targets := []string{
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: {target: 8, baseline: 2}, c: 6}, lead: zjj, revisions: [{from: 2025-07-01, reason: 调整, allocations: {b: 6}}]}`,
		`{id: lanes, name: 街巷, unit: 条, target: 50, allocations: {a: 20, b: 20, c: 10}, lead: zjj, revisions: [{from: 2025-07-01, reason: 核减, exempt: [c]}, {from: 2025-10-01, reason: 调整, target: 45}]}`,
		`{id: signing, name: 签约率, kind: ratio, unit: "%", target: 90, allocations: {c: 90}, lead: czj, revisions: [{from: 2025-07-01, reason: 暂缓, exempt: [c]}]}`,
		`{id: design, name: 设计方案, kind: milestone, allocations: [a, b], deadline: 2025-05-31, lead: zjj, revisions: [{from: 2025-07-01, reason: 延期, deadline: 2025-09-30, exempt: [b]}]}`,
	}
	var plain []string
	for _, s := range targets {
		p := revisionsKey.ReplaceAllString(s, "}")
		require.NotEqual(t, s, p)
		plain = append(plain, p)
	}
	progress := `date: 2025-06-30
records:
  - {target: homes, district: a, value: 5}
  - {target: homes, district: b, value: 4}
  - {target: lanes, district: c, value: 7}
  - {target: signing, district: c, numerator: 45, denominator: 100}
  - {target: design, district: b, done: 2025-06-15}
`
	revised, _ := load(t, planWith("", targets...), progress)
	unrevised, _ := load(t, planWith("", plain...), progress)
	for _, d := range []string{"2025-01-01", "2025-03-31", "2025-06-30"} {
		got, want := jsonWithoutWarnings(t, at(revised, d)), jsonWithoutWarnings(t, at(unrevised, d))
		assert.Equal(t, want, got, d)
	}
	// And from 07-01 they differ.
	assert.NotEqual(t, jsonWithoutWarnings(t, at(unrevised, "2025-07-01")), jsonWithoutWarnings(t, at(revised, "2025-07-01")))
}

func jsonWithoutWarnings(t *testing.T, r *renewal.Report) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	var v map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
	delete(v, "warnings")
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return strings.TrimSpace(string(b))
}

// TestRevisionRisingBelowBaseline: the rule that an at_least count aimed
// below its baseline is a warning holds for the terms after a revision as
// for the plan's own: the plan writes 20 from a baseline of 5, and a
// revision from 07-01 takes the target to 3, below the 5, and b's
// allocation to 1, below its baseline of 2.
func TestRevisionRisingBelowBaseline(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, target: 20, baseline: 5, allocations: {a: 12, b: {target: 8, baseline: 2}}, lead: zjj, revisions: [{from: 2025-07-01, reason: 核减, target: 3, allocations: {b: 1}}]}`)
	p, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(plan))
	require.False(t, probs.HasErrors(), probs.String())
	var got []string
	for _, w := range probs.Warnings() {
		got = append(got, w.Message)
	}
	const hint = "completion then measures a fall toward the target, as direction: at_most does; if the figure is to fall, write direction: at_most"
	assert.Contains(t, got, "target homes is at_least, but from 2025-07-01 its target 3 is below its baseline 5: "+hint)
	assert.Contains(t, got, "target homes is at_least, but from 2025-07-01 allocation b's target 1 is below its baseline 2: "+hint)
	// The plan as written rises (20 over 5, 8 over 2): no such warning
	// before the revision.
	for _, m := range got {
		assert.False(t, strings.Contains(m, "below its baseline") && !strings.Contains(m, "from 2025-07-01"), m)
	}
	require.NotNil(t, p.Target("homes"))
}
