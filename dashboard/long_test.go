package dashboard_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
)

// The tests in this file are issue 22's points on the page: a long
// period draws a bounded trend and says so, and a bidirectional control
// in a name is shown, not obeyed.

// longPlan is a plan of one target in two districts over the period
// start..end, with a name for each district.
func longPlan(t *testing.T, start, end, east, west string) *renewal.Plan {
	t.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(fmt.Sprintf(`id: long
title: "<svg onload=alert(1)>长期计划"
period: {start: %s, end: %s}
departments: [{id: d1, name: 住建局}]
districts: [{id: east, name: %q}, {id: west, name: %q}]
sections:
  - id: s1
    name: 第一部分
    tasks:
      - id: t1
        name: 任务
        targets:
          - id: a1
            name: "<img src=x onerror=alert(2)>改造"
            unit: 个
            allocations: {east: 6, west: 4}
            lead: d1
`, start, end, east, west)))
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

func longLedger(t *testing.T, plan *renewal.Plan, progress string) *renewal.Ledger {
	t.Helper()
	ledger, probs := renewal.ReadProgress(plan, "progress.yaml", strings.NewReader(progress))
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	return ledger
}

// trendOf reads the trend of a page: the dates of its table's columns,
// the cells of each row, the note over the panels and the note under
// them (empty when there is none).
func trendOf(t *testing.T, page []byte) (dates []string, rows [][]string, note, cut string) {
	t.Helper()
	root, err := parse(page)
	if err != nil {
		t.Fatal(err)
	}
	sec := root.byID("trend")
	for _, th := range sec.all(named("thead")) {
		for _, c := range th.all(named("th", "num")) {
			dates = append(dates, c.text())
		}
	}
	for _, tb := range sec.all(named("tbody")) {
		for _, tr := range tb.all(named("tr")) {
			var cells []string
			for _, td := range tr.all(named("td")) {
				cells = append(cells, td.text())
			}
			rows = append(rows, cells)
		}
	}
	if ps := sec.all(named("p", "note")); len(ps) > 0 {
		note = ps[0].text()
	}
	return dates, rows, note, root.byID("trend-cut").text()
}

// TestTrendDates: TrendDates is the last n dates of renewal.MonthEnds,
// for periods that start and end on any day, as of days before, in and
// after the period.
func TestTrendDates(t *testing.T) {
	d := renewal.MustParseDate
	periods := [][2]string{
		{"2025-01-01", "2025-12-31"},
		{"2024-02-29", "2027-06-15"},
		{"2021-03-15", "2025-12-31"},
		{"2025-01-31", "2025-02-01"},
	}
	for _, per := range periods {
		p := &renewal.Plan{Start: d(per[0]), End: d(per[1])}
		for asOf := p.Start.AddDays(-3); !asOf.After(p.End.AddDays(70)); asOf = asOf.AddDays(1) {
			all := renewal.MonthEnds(p, asOf)
			for _, n := range []int{1, 2, 5, 23, 24, 25, 1000} {
				want := all[max(0, len(all)-n):]
				if got := dashboard.TrendDates(p, asOf, n); !slices.Equal(got, want) {
					t.Fatalf("period %s, as of %s, n %d: %v, want %v", per, asOf, n, got, want)
				}
			}
			if got, want := dashboard.TrendDates(p, asOf, 0), all[max(0, len(all)-24):]; !slices.Equal(got, want) {
				t.Fatalf("period %s, as of %s, n 0: %v, want the last 24, %v", per, asOf, got, want)
			}
		}
	}
	if got := dashboard.TrendDates(nil, d("2025-01-01"), 0); got != nil {
		t.Errorf("a nil plan: %v", got)
	}
}

// TestTrendLongPeriod: a plan for the years 1 to 9999 evaluates 24 dates
// for its trend, not 119,976, and the page draws them with their years,
// its axis spanning them, and a note under the panels.
func TestTrendLongPeriod(t *testing.T) {
	plan := longPlan(t, "0001-12-31", "9999-12-31", "东城", "西城")
	ledger := longLedger(t, plan, `records:
  - {target: a1, district: east, date: 0002-06-30, value: 1}
  - {target: a1, district: east, date: 9999-03-31, value: 5}
  - {target: a1, district: west, date: 9999-12-31, value: 4}
`)
	asOf := renewal.MustParseDate("9999-12-31")
	dates := dashboard.TrendDates(plan, asOf, 0)
	if len(dates) != 24 {
		t.Fatalf("%d dates to evaluate, want 24", len(dates))
	}
	r := renewal.Evaluate(ledger, asOf)
	var buf bytes.Buffer
	if err := dashboard.Write(&buf, r, dashboard.Options{Trend: renewal.EvaluateSeries(ledger, dates...)}); err != nil {
		t.Fatal(err)
	}
	got, rows, note, cut := trendOf(t, buf.Bytes())
	// The month ends of 9998 and 9999; 9999-12-31 is one, so asOf adds none.
	var want []string
	for y := 9998; y <= 9999; y++ {
		for m := 1; m <= 12; m++ {
			want = append(want, renewal.NewDate(y, time.Month(m+1), 0).String())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("trend dates %q, want %q", got, want)
	}
	if len(rows) != 3 { // the city, east, west
		t.Fatalf("%d trend rows, want 3", len(rows))
	}
	for i, row := range rows {
		if len(row) != 24 {
			t.Errorf("trend row %d has %d cells, want 24", i, len(row))
		}
	}
	// West (4 of 4) ranks first and east (5 of 6) second. East had 1 of
	// 6 from the year 2, 16.7%, and 5 from 9999-03-31, its 15th date,
	// 83.3%; west nothing until its record on the last date.
	if rows[2][13] != "16.7%" || rows[2][14] != "83.3%" || rows[2][23] != "83.3%" {
		t.Errorf("east's trend %q, want 16.7%% to 9999-02-28 and 83.3%% from 9999-03-31", rows[2])
	}
	if rows[1][22] != "0.0%" || rows[1][23] != "100.0%" {
		t.Errorf("west's trend %q, want 0.0%% to 9999-11-30 and 100.0%% on 9999-12-31", rows[1])
	}
	if !strings.Contains(note, "横轴为 9998-01-01 至 9999-12-31") {
		t.Errorf("the note over the trend %q does not give the dates drawn", note)
	}
	if wantCut := "走势只显示最近 24 期（9998-01-31 至 9999-12-31），更早的月份从略。"; cut != wantCut {
		t.Errorf("the note under the trend is %q, want %q", cut, wantCut)
	}
}

// TestTrendCut: a caller who evaluates every month end of a five-year
// plan gets a page that draws the last 24 dates, or Options.MaxMonths,
// and says so under the panels; the sample, whose trend reaches back to
// its first month, has no such note.
func TestTrendCut(t *testing.T) {
	plan := longPlan(t, "2021-01-01", "2025-12-31", "东城", "西城")
	ledger := longLedger(t, plan, `records:
  - {target: a1, district: east, date: 2022-06-30, value: 2}
  - {target: a1, district: west, date: 2025-09-30, value: 3}
`)
	asOf := renewal.MustParseDate("2025-10-01")
	all := renewal.MonthEnds(plan, asOf)
	if len(all) != 58 { // 57 month ends from 2021-01-31 to 2025-09-30, then 2025-10-01
		t.Fatalf("%d month ends, want 58", len(all))
	}
	series := renewal.EvaluateSeries(ledger, all...)
	r := renewal.Evaluate(ledger, asOf)
	// A date is written with its year when the dates drawn span years.
	for _, tt := range []struct {
		max               int
		first, last, note string
		n                 int
	}{
		{0, "2023-11-30", "2025-10-01", "The trend shows the last 24 dates only (2023-11-30 to 2025-10-01); earlier months are left out.", 24},
		{6, "05-31", "10-01", "The trend shows the last 6 dates only (2025-05-31 to 2025-10-01); earlier months are left out.", 6},
	} {
		var buf bytes.Buffer
		err := dashboard.Write(&buf, r, dashboard.Options{Lang: renewal.English, Trend: series, MaxMonths: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		dates, rows, _, cut := trendOf(t, buf.Bytes())
		if len(dates) != tt.n || dates[0] != tt.first || dates[len(dates)-1] != tt.last {
			t.Errorf("MaxMonths %d: trend dates %q, want %d from %s to %s", tt.max, dates, tt.n, tt.first, tt.last)
		}
		for i, row := range rows {
			if len(row) != tt.n {
				t.Errorf("MaxMonths %d: trend row %d has %d cells, want %d", tt.max, i, len(row), tt.n)
			}
		}
		if cut != tt.note {
			t.Errorf("MaxMonths %d: the note under the trend is %q, want %q", tt.max, cut, tt.note)
		}
	}
	_, page := samplePage(t, renewal.Chinese)
	dates, _, _, cut := trendOf(t, page)
	if len(dates) != sampleTrends || cut != "" {
		t.Errorf("the sample's trend has %d dates and the note %q, want %d and none", len(dates), cut, sampleTrends)
	}
}

// TestPageBidi: a bidirectional control in a name is shown as its
// escape on the page, wherever the name appears (a cell, a caption, a
// chart's title), and HTML in a name is text.
func TestPageBidi(t *testing.T) {
	plan := longPlan(t, "2025-01-01", "2025-12-31", "东城\u2066甲\u2069", "\u202E区城西")
	ledger := longLedger(t, plan, `date: 2025-06-30
records:
  - {target: a1, district: east, value: 2}
  - {target: a1, district: west, value: 1}
`)
	asOf := renewal.MustParseDate("2025-06-30")
	r := renewal.Evaluate(ledger, asOf)
	var buf bytes.Buffer
	err := dashboard.Write(&buf, r, dashboard.Options{Trend: renewal.EvaluateSeries(ledger, dashboard.TrendDates(plan, asOf, 0)...)})
	if err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, c := range []string{"\u202E", "\u2066", "\u2069"} {
		if strings.Contains(page, c) {
			t.Errorf("the page holds %U", []rune(c)[0])
		}
	}
	for _, want := range []string{`\u202e区城西`, `东城\u2066甲\u2069`} {
		if n := strings.Count(page, want); n < 4 { // the ranking, a trend caption, its title and its row, ...
			t.Errorf("%q is on the page %d times, want at least 4", want, n)
		}
	}
	if strings.Contains(page, "<svg onload") || strings.Contains(page, "<img src=x") {
		t.Error("HTML from the data is on the page as HTML")
	}
	root, err := parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if text := root.text(); !strings.Contains(text, "<img src=x onerror=alert(2)>改造") {
		t.Errorf("the target's name is not shown as text: %q", text)
	}
}
