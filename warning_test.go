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
// planHead's: the 2025 calendar year, due_soon_days and pace_days at their
// default of 30.

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

// TestWarningProjected: projected = c(D) + (c(D) − c(D′)) × days_left /
// (D − D′), with D′ the later of D − 30 and the day before the period.
func TestWarningProjected(t *testing.T) {
	plan := planWith("",
		// First day: one of 100 done on 01-01.
		`{id: first-day, name: 首日, unit: 个, target: 100, lead: zjj}`,
		// 01-20: D − 30 = 2024-12-21 falls before the period.
		`{id: early, name: 年初, unit: 个, target: 100, lead: zjj}`,
		// at_most: 60 illegal buildings down to 15.
		`{id: illegal, name: 存量违建, direction: at_most, unit: 处, baseline: 60, target: 15, lead: zjj}`,
		// A ratio whose first record is after D′.
		`{id: coverage, name: 覆盖率, kind: ratio, unit: "%", target: 80, lead: zjj}`,
		// Stalled: nothing new since 03-31.
		`{id: stalled, name: 停滞, unit: 个, target: 100, lead: zjj}`,
		// Fast: 40 on 05-31, 60 on 06-30.
		`{id: fast, name: 快速, unit: 个, target: 100, lead: zjj}`,
		// A level and a milestone are never projected.
		`{id: growth, name: 增长, kind: level, unit: "%", target: 8, lead: czj}`,
		`{id: group, name: 小组, kind: milestone, lead: zjj}`,
		// Not started: no record at all, so c(D) = c(D′) = 0.
		`{id: idle, name: 未开始, unit: 个, target: 100, lead: zjj}`,
	)
	l, _ := load(t, plan, `records:
  - {target: first-day, date: 2025-01-01, value: 1}
  - {target: early, date: 2025-01-10, value: 2}
  - {target: illegal, date: 2025-05-31, value: 40}
  - {target: illegal, date: 2025-06-30, value: 37}
  - {target: coverage, date: 2025-06-15, numerator: 70, denominator: 100}
  - {target: stalled, date: 2025-03-31, value: 50}
  - {target: fast, date: 2025-05-31, value: 40}
  - {target: fast, date: 2025-06-30, value: 60}
  - {target: growth, date: 2025-06-30, value: 6}
`)
	t.Run("first day of the period", func(t *testing.T) {
		// D = 01-01, D′ = 2024-12-31, D − D′ = 1; days_left = 364.
		// c(D) = 1/100 = 0.01, c(D′) = 0 (no record: the baseline).
		// projected = 0.01 + 0.01 × 364 / 1 = 3.65.
		g := goal(t, at(l, "2025-01-01"), "first-day", "")
		assert.Equal(t, 364, g.DaysLeft)
		projected(t, "3.65", g)
		assert.False(t, g.AtRisk)
		// e = 1/365 = 0.0027…, c = 0.01 ≥ e.
		assert.Equal(t, "on_track", g.Status.String())
	})
	t.Run("pace window starts before the period", func(t *testing.T) {
		// D = 01-20, D′ = max(2024-12-21, 2024-12-31) = 2024-12-31: 20 days.
		// days_left = 365 − 20 = 345. c(D) = 0.02, c(D′) = 0.
		// projected = 0.02 + 0.02 × 345 / 20 = 0.02 + 0.345 = 0.365.
		g := goal(t, at(l, "2025-01-20"), "early", "")
		assert.Equal(t, 345, g.DaysLeft)
		projected(t, "0.365", g)
		assert.True(t, g.AtRisk)
		// e = 20/365 = 0.0548, e − c = 0.0348 ≤ 0.1: lagging.
		assert.Equal(t, "lagging", g.Status.String())
	})
	r := at(l, "2025-06-30") // D′ = 05-31, D − D′ = 30, days_left = 184
	t.Run("at_most", func(t *testing.T) {
		// c(D) = (60 − 37)/(60 − 15) = 23/45; c(D′) = (60 − 40)/45 = 20/45.
		// projected = 23/45 + 3/45 × 184/30 = (690 + 552)/1350 = 0.92.
		g := goal(t, r, "illegal", "")
		assert.Equal(t, 184, g.DaysLeft)
		projected(t, "0.9200000000000000…", g) // divisions carried to 24 places
		// On track (23/45 = 0.5111 ≥ e = 0.4959) and at risk at once.
		assert.Equal(t, "on_track", g.Status.String())
		assert.True(t, g.AtRisk)
	})
	t.Run("ratio with no record on D′", func(t *testing.T) {
		g := goal(t, r, "coverage", "")
		projected(t, "", g)
		assert.False(t, g.AtRisk)
	})
	t.Run("stalled", func(t *testing.T) {
		// The 03-31 record is in force on both days: c(D) = c(D′) = 0.5.
		g := goal(t, r, "stalled", "")
		projected(t, "0.5", g)
		assert.Equal(t, "on_track", g.Status.String()) // 0.5 ≥ 0.4959
		assert.True(t, g.AtRisk)
	})
	t.Run("fast", func(t *testing.T) {
		// c(D) = 0.6, c(D′) = 0.4: 0.6 + 0.2 × 184/30 = 0.6 + 1.2266… = 1.8266…
		g := goal(t, r, "fast", "")
		projected(t, "1.8266666666666667…", g)
		assert.False(t, g.AtRisk)
	})
	t.Run("not started", func(t *testing.T) {
		// No record: c = 0 on both days, projected 0, at risk.
		g := goal(t, r, "idle", "")
		assert.Equal(t, "not_started", g.Status.String())
		projected(t, "0", g)
		assert.True(t, g.AtRisk)
	})
	t.Run("level and milestone", func(t *testing.T) {
		projected(t, "", goal(t, r, "growth", ""))
		projected(t, "", goal(t, r, "group", ""))
	})
	t.Run("completed and overdue", func(t *testing.T) {
		late := at(l, "2026-01-01") // after the period: nothing is projected
		projected(t, "", goal(t, late, "fast", ""))
		assert.Equal(t, "overdue", goal(t, late, "fast", "").Status.String())
	})
}

// TestWarningProjectedPaceDays: pace_days sets the window. With 10, on
// 06-30 the window starts 06-20, after the 05-31 record of fast.
func TestWarningProjectedPaceDays(t *testing.T) {
	plan := planWith("pace_days: 10\n",
		`{id: fast, name: 快速, unit: 个, target: 100, lead: zjj}`)
	l, _ := load(t, plan, `records:
  - {target: fast, date: 2025-05-31, value: 40}
  - {target: fast, date: 2025-06-30, value: 60}
`)
	// c(D) = 0.6, c(06-20) = 0.4: 0.6 + 0.2 × 184/10 = 0.6 + 3.68 = 4.28.
	projected(t, "4.28", goal(t, at(l, "2025-06-30"), "fast", ""))
}

// TestWarningCounts: a district's counts of due-soon and at-risk goals.
func TestWarningCounts(t *testing.T) {
	plan := planWith("",
		`{id: sewer, name: 管网, unit: 公里, allocations: {a: 10, b: 10}, deadline: 2025-07-15, lead: zjj}`,
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`,
	)
	l, _ := load(t, plan, `district: a
records:
  - {target: sewer, date: 2025-05-31, value: 5}
  - {target: homes, date: 2025-03-31, value: 6}
---
district: b
records:
  - {target: sewer, date: 2025-06-30, value: 10}
  - {target: homes, date: 2025-06-30, value: 9}
`)
	r := at(l, "2025-06-30")
	// a: sewer 5/10 with 15 days left: due soon; stalled since 05-31, so
	// projected 0.5: at risk. homes 6/10 stalled since 03-31: at risk.
	// b: sewer completed; homes 9/10, 0 on 05-31 → fast: not at risk.
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
