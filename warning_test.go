package renewal_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file check early warning (预警) against figures worked
// out by hand: days left, due soon, the day a goal was completed, whether
// that was late, the completion projected to the deadline at the recent
// pace, and the goals at risk. Unless a test says otherwise the plan is
// planHead's: the 2025 calendar year, due_soon_days at its default of 30
// and pace_days at its default of 28.

// at evaluates l on the day s.
func at(l *renewal.Ledger, s string) *renewal.Report {
	return renewal.Evaluate(l, renewal.MustParseDate(s))
}

// projected checks a goal's projection against a hand-worked figure, or
// that it has none when want is "".
func projected(t *testing.T, want string, g *renewal.Goal) {
	t.Helper()
	if want == "" {
		assert.False(t, g.HasProjected, "projected: got %s, want none", g.Projected)
		return
	}
	if assert.True(t, g.HasProjected, "projected: got none, want %s", want) {
		fig(t, "projected", want, g.Projected)
	}
}

// TestWarningDaysLeft: days_left counts the days from the report date to
// the deadline (0 on it, negative after it), and a goal is due soon while
// 0 ≤ days_left ≤ due_soon_days and it is not completed.
func TestWarningDaysLeft(t *testing.T) {
	plan := planWith("",
		`{id: open, name: 未完成, unit: 个, target: 10, deadline: 2025-07-31, lead: zjj}`,
		`{id: done, name: 已完成, unit: 个, target: 10, deadline: 2025-07-31, lead: zjj}`,
	)
	l, _ := load(t, plan, `date: 2025-06-01
records:
  - {target: open, value: 2}
  - {target: done, value: 10}
`)
	for _, c := range []struct {
		date     string
		daysLeft int
		dueSoon  bool
		status   string
	}{
		{"2025-06-30", 31, false, "seriously_lagging"}, // 2025-06-30 → 07-31: 31 days; more than 30
		{"2025-07-01", 30, true, "seriously_lagging"},  // 30 days: the first day due soon
		{"2025-07-31", 0, true, "seriously_lagging"},   // the deadline itself
		{"2025-08-01", -1, false, "overdue"},           // past it: overdue, not due soon
	} {
		t.Run(c.date, func(t *testing.T) {
			r := at(l, c.date)
			g := goal(t, r, "open", "")
			assert.Equal(t, c.daysLeft, g.DaysLeft)
			assert.Equal(t, c.dueSoon, g.DueSoon)
			assert.Equal(t, c.status, g.Status.String())
			d := goal(t, r, "done", "")
			assert.Equal(t, c.daysLeft, d.DaysLeft, "a completed goal has days left too")
			assert.False(t, d.DueSoon, "a completed goal is never due soon")
		})
	}
}

// TestWarningDueSoonDays: the plan key due_soon_days moves the boundary;
// 0 makes only the deadline day itself due soon.
func TestWarningDueSoonDays(t *testing.T) {
	for _, c := range []struct {
		days    string
		date    string
		dueSoon bool
	}{
		{"15", "2025-07-16", true},  // 15 days left, 15 allowed
		{"15", "2025-07-15", false}, // 16 days left
		{"0", "2025-07-31", true},   // 0 days left, 0 allowed
		{"0", "2025-07-30", false},  // 1 day left
	} {
		t.Run(c.days+"/"+c.date, func(t *testing.T) {
			plan := planWith("due_soon_days: "+c.days+"\n",
				`{id: open, name: 未完成, unit: 个, target: 10, deadline: 2025-07-31, lead: zjj}`)
			l, _ := load(t, plan, "date: 2025-06-01\nrecords:\n  - {target: open, value: 2}\n")
			assert.Equal(t, c.dueSoon, goal(t, at(l, c.date), "open", "").DueSoon)
		})
	}
}

// TestWarningCompletedOn: completed_on is the first day of the last run of
// days on which the goal was complete, and late says it came after the
// deadline.
func TestWarningCompletedOn(t *testing.T) {
	plan := planWith("",
		// Reaches 10 of 10 on 05-15 and stays above: completed on 05-15.
		`{id: held, name: 保持, unit: 个, target: 10, lead: zjj}`,
		// The same records against a deadline of 05-01: completed late.
		`{id: late, name: 逾期, unit: 个, target: 10, deadline: 2025-05-01, lead: zjj}`,
		// Complete on 04-30, then down to 8 on 05-31: not complete now.
		`{id: fell, name: 回落, unit: 个, target: 10, lead: zjj}`,
		// Complete on 05-15, then corrected to 9 on the same date.
		`{id: corrected, name: 更正, unit: 个, target: 10, lead: zjj}`,
		// Complete on 03-31, below on 04-30, complete again on 05-31.
		`{id: again, name: 再次完成, unit: 个, target: 10, lead: zjj}`,
		// Milestones by district, done on 03-01, 04-10 and 05-20.
		`{id: groups, name: 领导小组, kind: milestone, allocations: all, lead: zjj}`,
	)
	l, _ := load(t, plan, `records:
  - {target: held, date: 2025-03-31, value: 4}
  - {target: held, date: 2025-05-15, value: 10}
  - {target: held, date: 2025-06-30, value: 12}
  - {target: late, date: 2025-03-31, value: 4}
  - {target: late, date: 2025-05-15, value: 10}
  - {target: late, date: 2025-06-30, value: 12}
  - {target: fell, date: 2025-04-30, value: 10}
  - {target: fell, date: 2025-05-31, value: 8}
  - {target: corrected, date: 2025-05-15, value: 10}
  - {target: corrected, date: 2025-05-15, value: 9, correction: 更正误报}
  - {target: again, date: 2025-03-31, value: 11}
  - {target: again, date: 2025-04-30, value: 9}
  - {target: again, date: 2025-05-31, value: 10}
---
date: 2025-06-30
records:
  - {target: groups, district: a, done: 2025-03-01}
  - {target: groups, district: b, done: 2025-04-10}
  - {target: groups, district: c, done: 2025-05-20}
`)
	r := at(l, "2025-06-30")
	for _, c := range []struct {
		name, target, district string
		status                 string
		completedOn            string // "" for none
		late                   bool
	}{
		// 4/10 on 03-31, 10/10 on 05-15, 12/10 on 06-30: complete from 05-15.
		{"held", "held", "", "completed", "2025-05-15", false},
		// 05-15 is after the deadline 05-01: late, and still completed.
		{"late", "late", "", "completed", "2025-05-15", true},
		// 8/10 on 06-30: not complete, so no completed_on, whatever the past.
		// (0.8 ≥ e = 181/365 = 0.4959: on track.)
		{"fell", "fell", "", "on_track", "", false},
		// The correction leaves 9/10 in force: not complete (0.9 ≥ e).
		{"corrected", "corrected", "", "on_track", "", false},
		// Complete on 05-31 after a dip on 04-30: the last run starts 05-31.
		{"again", "again", "", "completed", "2025-05-31", false},
		// Each district from its done date; the city when the last is done.
		{"milestone a", "groups", "a", "completed", "2025-03-01", false},
		{"milestone b", "groups", "b", "completed", "2025-04-10", false},
		{"milestone city", "groups", "", "completed", "2025-05-20", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := goal(t, r, c.target, c.district)
			assert.Equal(t, c.status, g.Status.String())
			assert.Equal(t, c.completedOn, dateOrEmpty(g.CompletedOn))
			assert.Equal(t, c.late, g.Late)
		})
	}
	// Two-thirds done on 04-30 (a and b): the city milestone is not
	// complete, so it has no completed_on yet.
	g := goal(t, at(l, "2025-04-30"), "groups", "")
	fig(t, "share", "0.6666666666666667…", g.Completion) // 2/3
	assert.True(t, g.CompletedOn.IsZero())
}

func dateOrEmpty(d renewal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// TestWarningProjected: the projection is measured between reports. For
// a series with latest report L (figure x_L) and L′ the latest report on
// or before L − pace_days (else the day before the period, at the
// baseline): Δ = L − L′, and p = x_L + (x_L − x_L′) × days / Δ, with days
// from max(L, D − Δ) to the deadline; projected is the completion of p.
// pace_days is 28 by default; every deadline here is 2025-12-31.
func TestWarningProjected(t *testing.T) {
	plan := planWith("",
		`{id: first-day, name: 首日, unit: 个, target: 100, lead: zjj}`,
		`{id: quarterly, name: 季报, unit: 个, target: 100, lead: zjj}`,
		`{id: first-time, name: 首报, unit: 个, target: 100, lead: zjj}`,
		`{id: silent, name: 停报, unit: 个, target: 100, lead: zjj}`,
		`{id: february, name: 二月, unit: 个, target: 100, lead: zjj}`,
		// at_most: 60 illegal buildings down to 15.
		`{id: illegal, name: 存量违建, direction: at_most, unit: 处, baseline: 60, target: 15, lead: zjj}`,
		// A ratio's first report: no pace without a baseline of its own.
		`{id: coverage, name: 覆盖率, kind: ratio, unit: "%", target: 80, lead: zjj}`,
		`{id: coverage-based, name: 覆盖率（有基数）, kind: ratio, unit: "%", target: 80, baseline: 50, lead: zjj}`,
		`{id: growth, name: 增长, kind: level, unit: "%", target: 8, lead: czj}`,
		`{id: group, name: 小组, kind: milestone, lead: zjj}`,
		`{id: idle, name: 未开始, unit: 个, target: 100, lead: zjj}`,
	)
	l, _ := load(t, plan, `records:
  - {target: first-day, date: 2025-01-01, value: 1}
  - {target: quarterly, date: 2025-03-31, value: 25}
  - {target: quarterly, date: 2025-06-30, value: 50}
  - {target: first-time, date: 2025-06-30, value: 30}
  - {target: silent, date: 2025-01-31, value: 10}
  - {target: silent, date: 2025-02-28, value: 20}
  - {target: silent, date: 2025-03-31, value: 30}
  - {target: february, date: 2025-01-31, value: 10}
  - {target: february, date: 2025-02-28, value: 20}
  - {target: illegal, date: 2025-05-31, value: 40}
  - {target: illegal, date: 2025-06-30, value: 37}
  - {target: coverage, date: 2025-06-15, numerator: 70, denominator: 100}
  - {target: coverage-based, date: 2025-06-15, numerator: 70, denominator: 100}
  - {target: growth, date: 2025-06-30, value: 6}
`)
	t.Run("first day of the period", func(t *testing.T) {
		// L = 01-01; nothing on or before 2024-12-04, so L′ = 2024-12-31 at
		// the baseline 0: Δ = 1. From max(01-01, 2024-12-31) = 01-01 to
		// 12-31: 364 days. p = 1 + 1 × 364 / 1 = 365: 365/100 = 3.65.
		g := goal(t, at(l, "2025-01-01"), "first-day", "")
		assert.Equal(t, 364, g.DaysLeft)
		projected(t, "3.65", g)
		assert.False(t, g.AtRisk)
	})
	t.Run("quarterly reporter", func(t *testing.T) {
		// On 07-31: L = 06-30 (50); the latest report on or before
		// 06-30 − 28 = 06-02 is 03-31 (25): Δ = 91. D − Δ = 05-01 is before
		// L, so days = 06-30 → 12-31 = 184. p = 50 + 25 × 184/91 = 50 +
		// 50.5494… = 100.5494…: 1.0054945055…, not at risk. (Measured over
		// the last 30 calendar days it read 0.5: stalled since June.)
		g := goal(t, at(l, "2025-07-31"), "quarterly", "")
		// c = 0.5, e = 212/365 = 0.5808: behind by 0.08, lagging.
		assert.Equal(t, "lagging", g.Status.String())
		projected(t, "1.0054945055…", g)
		assert.False(t, g.AtRisk)
	})
	t.Run("first report", func(t *testing.T) {
		// L = 06-30 (30), no earlier report: L′ = 2024-12-31 at 0, Δ = 181;
		// days = 184. p = 30 + 30 × 184/181 = 60.4972…: 0.6049723757…, at
		// risk. (A first report is not a month's work: 0.3 + 0.3 × 184/30
		// = 2.14 under the calendar window.)
		g := goal(t, at(l, "2025-06-30"), "first-time", "")
		projected(t, "0.6049723757…", g)
		assert.True(t, g.AtRisk)
	})
	t.Run("silent for longer than its interval", func(t *testing.T) {
		// On 06-30: L = 03-31 (30); on or before 03-03: 02-28 (20); Δ = 31.
		// D − Δ = 05-30 is after L: credited one interval, so days = 05-30
		// → 12-31 = 215. p = 30 + 10 × 215/31 = 99.3548…: 0.9935483871….
		g := goal(t, at(l, "2025-06-30"), "silent", "")
		projected(t, "0.9935483871…", g)
		assert.True(t, g.AtRisk)
	})
	t.Run("a month-end report finds the month before in February", func(t *testing.T) {
		// On 02-28: L = 02-28 (20); 02-28 − 28 = 01-31, a report (10): Δ =
		// 28 (with 30 days it would be 01-29, and no report). days = 02-28 →
		// 12-31 = 306. p = 20 + 10 × 306/28 = 129.2857…: 1.2928571429….
		projected(t, "1.2928571429…", goal(t, at(l, "2025-02-28"), "february", ""))
	})
	r := at(l, "2025-06-30") // days_left = 184
	t.Run("at_most", func(t *testing.T) {
		// L = 06-30 (37), L′ = 05-31 (40), Δ = 30. p = 37 − 3 × 184/30 =
		// 18.6; completion (60 − 18.6)/(60 − 15) = 41.4/45 = 0.92.
		g := goal(t, r, "illegal", "")
		assert.Equal(t, 184, g.DaysLeft)
		projected(t, "0.92", g)
		// On track (23/45 = 0.5111 ≥ e = 0.4959) and at risk at once.
		assert.Equal(t, "on_track", g.Status.String())
		assert.True(t, g.AtRisk)
	})
	t.Run("ratio's first report with no baseline written", func(t *testing.T) {
		g := goal(t, r, "coverage", "")
		projected(t, "", g)
		assert.False(t, g.AtRisk)
	})
	t.Run("ratio's first report from its written baseline", func(t *testing.T) {
		// L = 06-15 (0.7), L′ = 2024-12-31 at the baseline 0.5: Δ = 166;
		// days = 06-15 → 12-31 = 199. p = 0.7 + 0.2 × 199/166 = 0.93976…;
		// completion (p − 0.5)/0.3 = 1.4658634538….
		projected(t, "1.4658634538…", goal(t, r, "coverage-based", ""))
	})
	t.Run("not started", func(t *testing.T) {
		// No report: p is the baseline 0, completion 0, at risk.
		g := goal(t, r, "idle", "")
		assert.Equal(t, "not_started", g.Status.String())
		projected(t, "0", g)
		assert.True(t, g.AtRisk)
	})
	t.Run("level and milestone", func(t *testing.T) {
		projected(t, "", goal(t, r, "growth", ""))
		projected(t, "", goal(t, r, "group", ""))
	})
	t.Run("overdue", func(t *testing.T) {
		late := at(l, "2026-01-01") // after the period: nothing is projected
		projected(t, "", goal(t, late, "quarterly", ""))
		assert.Equal(t, "overdue", goal(t, late, "quarterly", "").Status.String())
	})
}

// TestWarningProjectedCity: a count's city-wide projection is the
// completion of the sum of its districts' projected figures, and a
// ratio's that of their projected shares weighted by their latest
// denominators, over the districts that have one.
func TestWarningProjectedCity(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 100, b: 100, c: {target: 50, baseline: 10}}, lead: zjj}`,
		`{id: cover, name: 覆盖率, kind: ratio, unit: "%", target: 80, baseline: 50, allocations: {a: {target: 80, baseline: 50}, b: 80, c: {target: 80, baseline: 40}}, lead: zjj}`,
	)
	l, _ := load(t, plan, `district: a
records:
  - {target: homes, date: 2025-03-31, value: 25}
  - {target: homes, date: 2025-06-30, value: 50}
  - {target: cover, date: 2025-04-30, numerator: 60, denominator: 100}
  - {target: cover, date: 2025-06-30, numerator: 90, denominator: 120}
---
district: b
records:
  - {target: homes, date: 2025-06-30, value: 30}
  - {target: cover, date: 2025-06-30, numerator: 40, denominator: 50}
---
district: c
records:
  - {target: cover, date: 2025-06-30, numerator: 30, denominator: 60}
`)
	t.Run("count", func(t *testing.T) {
		r := at(l, "2025-07-31")
		// a, quarterly: Δ = 91, days 184: p = 50 + 25 × 184/91 = 100.5494….
		projected(t, "1.0054945055…", goal(t, r, "homes", "a"))
		// b, first report: Δ = 181, days 184: p = 30 + 30 × 184/181 = 60.4972….
		projected(t, "0.6049723757…", goal(t, r, "homes", "b"))
		// c, no report: p is its baseline 10, completion 0.
		projected(t, "0", goal(t, r, "homes", "c"))
		// City: T = 250, b = 10; Σ p = 100.5494… + 60.4972… + 10 = 171.0467…;
		// (171.0467… − 10)/240 = 0.6710278672….
		projected(t, "0.6710278672…", goal(t, r, "homes", ""))
	})
	t.Run("ratio", func(t *testing.T) {
		r := at(l, "2025-06-30")
		// a: L = 06-30 (90/120 = 0.75), L′ = 04-30 (0.6), Δ = 61, days 184:
		// p = 0.75 + 0.15 × 184/61 = 1467/1220 = 1.2024…;
		// completion (p − 0.5)/0.3 = 2.3415300546….
		projected(t, "2.3415300546…", goal(t, r, "cover", "a"))
		// b: a first report and no baseline written for b: none.
		projected(t, "", goal(t, r, "cover", "b"))
		// c: from its baseline 0.4 on 2024-12-31, Δ = 181: p = 0.5 + 0.1 ×
		// 184/181 = 1089/1810; (p − 0.4)/0.4 = 0.5041436464….
		projected(t, "0.5041436464…", goal(t, r, "cover", "c"))
		// City, over a and c weighted by 120 and 60: P = (1467/1220 × 120 +
		// 1089/1810 × 60)/180 = 55326/55205; (P − 0.5)/0.3 = 1.6739727682….
		projected(t, "1.6739727682…", goal(t, r, "cover", ""))
	})
}

// TestWarningProjectedPaceDays: pace_days sets how far back L′ lies. With
// 10, L′ is the 06-20 report; with the default 28, the 05-31 one.
func TestWarningProjectedPaceDays(t *testing.T) {
	progress := `records:
  - {target: fast, date: 2025-05-31, value: 40}
  - {target: fast, date: 2025-06-20, value: 50}
  - {target: fast, date: 2025-06-30, value: 60}
`
	target := `{id: fast, name: 快速, unit: 个, target: 100, lead: zjj}`
	l, _ := load(t, planWith("pace_days: 10\n", target), progress)
	// Δ = 10: p = 60 + 10 × 184/10 = 244: 2.44.
	projected(t, "2.44", goal(t, at(l, "2025-06-30"), "fast", ""))
	l, _ = load(t, planWith("", target), progress)
	// Δ = 30: p = 60 + 20 × 184/30 = 182.666…: 1.8266666667….
	projected(t, "1.8266666667…", goal(t, at(l, "2025-06-30"), "fast", ""))
}

// TestWarningCounts: a district's counts of due-soon and at-risk goals.
func TestWarningCounts(t *testing.T) {
	plan := planWith("",
		`{id: sewer, name: 管网, unit: 公里, allocations: {a: 10, b: 10}, deadline: 2025-07-15, lead: zjj}`,
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`,
	)
	l, _ := load(t, plan, `district: a
records:
  - {target: sewer, date: 2025-04-30, value: 5}
  - {target: sewer, date: 2025-05-31, value: 5}
  - {target: homes, date: 2025-01-31, value: 6}
  - {target: homes, date: 2025-03-31, value: 6}
---
district: b
records:
  - {target: sewer, date: 2025-06-30, value: 10}
  - {target: homes, date: 2025-06-30, value: 9}
`)
	r := at(l, "2025-06-30")
	// a: sewer 5/10 with 15 days left: due soon; 5 on 04-30 and 05-31, a
	// pace of 0, so projected 0.5: at risk. homes 6/10 on 01-31 and 03-31:
	// projected 0.6, at risk. b: sewer completed; homes 9/10 in its first
	// report, 9 in 181 days: p = 9 + 9 × 184/181 = 18.1: not at risk.
	for _, c := range []struct {
		id              string
		dueSoon, atRisk int
	}{{"a", 1, 2}, {"b", 0, 0}} {
		var d *renewal.DistrictResult
		for i := range r.Districts {
			if r.Districts[i].District.ID == c.id {
				d = &r.Districts[i]
			}
		}
		require.NotNil(t, d)
		assert.Equal(t, c.dueSoon, d.DueSoon, c.id)
		assert.Equal(t, c.atRisk, d.AtRisk, c.id)
	}
}

// TestWarningSince: with an earlier report, each district has its
// previous score and rank and each goal its previous status; equal
// scores share a rank at both dates, and a district with no score at D0
// has none.
func TestWarningSince(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`,
		`{id: parks, name: 公园, unit: 个, allocations: {c: 4}, lead: zjj}`,
	)
	l, _ := load(t, plan, `district: a
records:
  - {target: homes, date: 2025-03-31, value: 5}
  - {target: homes, date: 2025-06-30, value: 6}
---
district: b
records:
  - {target: homes, date: 2025-03-31, value: 5}
  - {target: homes, date: 2025-06-30, value: 9}
`)
	prev := at(l, "2025-03-31")
	r := at(l, "2025-06-30")
	r.Previous = prev
	// 03-31: a and b both 5/10 = 0.5: rank 1 and 1; c 0/4 = 0: rank 3.
	// 06-30: b 0.9 rank 1, a 0.6 rank 2, c 0 rank 3.
	ranks := map[string][2]int{}
	for _, d := range r.Districts {
		ranks[d.District.ID] = [2]int{d.Rank, 0}
	}
	for _, d := range prev.Districts {
		x := ranks[d.District.ID]
		x[1] = d.Rank
		ranks[d.District.ID] = x
	}
	assert.Equal(t, map[string][2]int{"a": {2, 1}, "b": {1, 1}, "c": {3, 3}}, ranks)
	fig(t, "a's score", "0.6", r.District("a").Score)                   // 6/10
	fig(t, "a's previous score", "0.5", r.Previous.District("a").Score) // 5/10
	// The previous status of b's homes: 0.5 vs e = 90/365 = 0.2466: on track.
	assert.Equal(t, "on_track", r.Previous.Goal("homes", "b").Status.String())
	assert.Equal(t, "on_track", r.Goal("homes", "b").Status.String()) // 0.9 ≥ 0.4959
}

// TestWarningSinceNoScore: a district with no goal at D0 has no previous
// score or rank.
func TestWarningSinceNoScore(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`,
		`{id: parks, name: 公园, unit: 个, allocations: {a: 2, c: 4}, lead: zjj, revisions: [{from: 2025-02-01, reason: 丙区核减, exempt: [c]}]}`,
	)
	l, _ := load(t, plan, "district: a\nrecords:\n  - {target: homes, date: 2025-03-31, value: 5}\n")
	r := at(l, "2025-06-30")
	r.Previous = at(l, "2025-01-15")
	// On 01-15 nothing is done anywhere: every district scores 0 and all
	// share rank 1, c with its one goal, parks. On 06-30 c is exempt from
	// its only goal: no score and no rank.
	assert.Equal(t, 1, r.Previous.District("c").Rank)
	assert.Equal(t, 1, r.Previous.District("c").Goals)
	assert.Equal(t, 0, r.District("c").Rank)
	assert.Equal(t, 0, r.District("c").Goals)
}

// TestWarningSinceJSON: with an earlier report, the JSON gives "since",
// each district's previous score and rank (null for a district that had
// no goal then), and each goal's previous status.
func TestWarningSinceJSON(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`)
	l, _ := load(t, plan, "district: a\nrecords:\n  - {target: homes, date: 2025-03-31, value: 5}\n")
	r := at(l, "2025-06-30")
	r.Previous = at(l, "2025-03-31")
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	var js struct {
		Since     string
		Districts []struct {
			ID       string
			Previous struct {
				Score *string
				Rank  *int
			}
		}
		Targets []struct {
			PreviousStatus string `json:"previous_status"`
			Districts      []struct {
				PreviousStatus string `json:"previous_status"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &js))
	assert.Equal(t, "2025-03-31", js.Since)
	prev := map[string]string{}
	for _, d := range js.Districts {
		s := "null"
		if d.Previous.Score != nil {
			s = *d.Previous.Score + "/" + strconv.Itoa(*d.Previous.Rank)
		}
		prev[d.ID] = s
	}
	// 03-31: a 5/10 = 0.5, rank 1; b 0/10, rank 2; c has no goal.
	assert.Equal(t, map[string]string{"a": "0.5/1", "b": "0/2", "c": "null"}, prev)
	// The city on 03-31: 5/20 = 0.25 against e = 90/365 = 0.2466: on track.
	assert.Equal(t, "on_track", js.Targets[0].PreviousStatus)
	assert.Equal(t, "not_started", js.Targets[0].Districts[1].PreviousStatus)
}
