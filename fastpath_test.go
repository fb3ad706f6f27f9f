package renewal

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/gen"
)

// evaluateBoth evaluates a ledger with the integer fast paths and with
// decimal alone, and reports any difference in any figure or status.
func evaluateBoth(t *testing.T, l *Ledger, asOf Date) {
	t.Helper()
	fast := Evaluate(l, asOf)
	slow := evaluate(l, asOf, true).report
	same := func(what string, a, b decimal.Decimal) {
		t.Helper()
		if !a.Equal(b) {
			t.Fatalf("%s on %s: fast %s, decimal %s", what, asOf, a, b)
		}
	}
	goal := func(a, b *Goal) {
		t.Helper()
		what := a.Target.ID
		if a.District != nil {
			what += "/" + a.District.ID
		}
		same(what+" actual", a.Actual, b.Actual)
		same(what+" completion", a.Completion, b.Completion)
		same(what+" score", a.Score, b.Score)
		same(what+" expected", a.Expected, b.Expected)
		same(what+" projected", a.Projected, b.Projected)
		same(what+" gap", a.Gap, b.Gap)
		if a.Status != b.Status || a.HasActual != b.HasActual || a.Record != b.Record {
			t.Fatalf("%s on %s: fast %v %v %v, decimal %v %v %v", what, asOf, a.Status, a.HasActual, a.Record, b.Status, b.HasActual, b.Record)
		}
		if a.HasProjected != b.HasProjected || a.AtRisk != b.AtRisk || a.Exceeded != b.Exceeded || a.Rank != b.Rank || a.HasGap != b.HasGap {
			t.Fatalf("%s on %s: fast projected %v at risk %v exceeded %v rank %d gap %v, decimal %v %v %v %d %v", what, asOf,
				a.HasProjected, a.AtRisk, a.Exceeded, a.Rank, a.HasGap, b.HasProjected, b.AtRisk, b.Exceeded, b.Rank, b.HasGap)
		}
	}
	same("overall", fast.Score, slow.Score)
	for i := range fast.Targets {
		goal(fast.Targets[i], slow.Targets[i])
		for k := range fast.Targets[i].Districts {
			goal(fast.Targets[i].Districts[k], slow.Targets[i].Districts[k])
		}
	}
	for i := range fast.Sections {
		same("section", fast.Sections[i].Score, slow.Sections[i].Score)
	}
	for i := range fast.Tasks {
		same("task", fast.Tasks[i].Score, slow.Tasks[i].Score)
	}
	for i := range fast.Departments {
		same("department", fast.Departments[i].Score, slow.Departments[i].Score)
	}
	for i := range fast.Districts {
		a, b := fast.Districts[i], slow.Districts[i]
		same("district "+a.District.ID, a.Score, b.Score)
		if a.District != b.District || a.Rank != b.Rank || a.Counts != b.Counts {
			t.Fatalf("district %d on %s: fast %s %d %v, decimal %s %d %v", i, asOf, a.District.ID, a.Rank, a.Counts, b.District.ID, b.Rank, b.Counts)
		}
	}
	var fj, sj bytes.Buffer
	if err := fast.WriteJSON(&fj); err != nil {
		t.Fatal(err)
	}
	if err := slow.WriteJSON(&sj); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fj.Bytes(), sj.Bytes()) {
		t.Fatalf("JSON on %s differs between fast and decimal arithmetic", asOf)
	}
}

var everyMonthEnd = []string{"2025-01-01", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-15", "2025-05-31", "2025-06-30",
	"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"}

// TestEvaluateFastMatchesDecimal evaluates generated data, and every
// valid and conformance case, at many dates both ways.
func TestEvaluateFastMatchesDecimal(t *testing.T) {
	fsys := fstest.MapFS{}
	if err := gen.Generate(gen.Config{Districts: 17, Targets: 30, Months: 12, Seed: 3}, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	plan, probs := LoadPlan(fsys, "plan.yaml")
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	led, probs := LoadProgress(plan, fsys, "progress")
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	for _, d := range everyMonthEnd {
		evaluateBoth(t, led, MustParseDate(d))
	}
	// The fast paths must be the ones taken on ordinary data.
	fast, all := 0, 0
	for _, scores := range evaluate(led, MustParseDate("2025-06-30"), false).scores {
		for _, s := range scores {
			all++
			if s.ok {
				fast++
			}
		}
	}
	if fast != all {
		t.Errorf("%d of %d goals took the integer path, want all", fast, all)
	}
	dirs, _ := filepath.Glob("testdata/conformance/*")
	valid, _ := filepath.Glob("testdata/valid/*")
	for _, dir := range append(dirs, valid...) {
		planFile := filepath.Join(dir, "plan.yaml")
		if _, err := os.Stat(planFile); err != nil {
			continue
		}
		plan, probs := LoadPlanFile(planFile)
		if probs.HasErrors() {
			continue
		}
		var paths []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != "plan.yaml" && (e.IsDir() || strings.HasSuffix(e.Name(), ".yaml")) {
				paths = append(paths, filepath.Join(dir, e.Name()))
			}
		}
		led, probs := LoadProgressFiles(plan, paths...)
		if probs.HasErrors() {
			continue
		}
		for _, d := range everyMonthEnd {
			t.Run(fmt.Sprintf("%s/%s", filepath.Base(dir), d), func(t *testing.T) {
				evaluateBoth(t, led, MustParseDate(d))
			})
		}
	}
}

// TestEvaluateFastEdges evaluates figures at the edges of the integer
// paths: 30-digit goals, tiny fractions, fractional weights, units that
// do not convert evenly, and a threshold of many places.
func TestEvaluateFastEdges(t *testing.T) {
	plan := `id: edges
title: edges
period: {start: 2025-01-01, end: 2025-12-31}
schedule:
  - {date: 2025-03-31, expected: 12.345678901234567890123456789%}
lagging_threshold: 7.77777%
departments: [{id: a, name: A}, {id: b, name: B}]
districts: [{id: x, name: X}, {id: y, name: Y}, {id: z, name: Z}]
sections:
  - id: s
    name: S
    tasks:
      - id: t
        name: T
        targets:
          - {id: huge, name: huge, unit: 个, target: "999,999,999,999,999,999,999,999,999,999", allocations: {x: 999999999999999999999999999, y: "123456789012345678.5"}, lead: a, weight: 0.00001}
          - {id: tiny, name: tiny, unit: 个, target: 0.000000000000000000000000001, allocations: {x: 0.000000000000000000000000001}, lead: a, weight: 3.3333}
          - {id: mu, name: mu, unit: 公顷, target: 100, allocations: {x: 33.3333, y: 33.3333, z: 33.3334}, lead: b, weight: 1.5}
          - {id: down, name: down, direction: at_most, unit: 处, allocations: {x: {target: 5, baseline: 20}, y: {target: 0, baseline: 9223372036854775807}}, lead: b}
          - {id: share, name: share, kind: ratio, unit: "%", target: 85.5, baseline: 10, allocations: {x: 85.5, y: 99.999}, lead: b, weight: 2}
          - {id: lvl, name: lvl, kind: level, unit: "%", target: 7.5, allocations: {x: 7, y: 8}, lead: a}
          - {id: ms, name: ms, kind: milestone, allocations: all, lead: a, deadline: 2025-06-30}
          - {id: cap, name: cap, kind: ratio, direction: at_most, unit: "%", target: 8.333333333333333333, allocations: {x: 0, y: 99.99999999999999999, z: 8.333333333333333333}, lead: a}
          - {id: lid, name: lid, kind: level, direction: at_most, unit: "%", target: 4.3, allocations: {x: 0, y: 4.17}, lead: b}
`
	progress := `date: 2025-03-31
records:
  - {target: huge, district: x, value: 123456789012345678901234567}
  - {target: huge, district: y, value: "99,999,999,999,999,999"}
  - {target: tiny, district: x, value: 0.0000000000000000000000000003}
  - {target: mu, district: x, value: 7, unit: 亩}
  - {target: mu, district: y, value: 1, unit: 平方米}
  - {target: mu, district: z, value: 12.5}
  - {target: down, district: x, value: 13}
  - {target: down, district: y, value: 9223372036854775000}
  - {target: share, district: x, numerator: 38, denominator: 45}
  - {target: share, district: y, numerator: 999999999999999999, denominator: 1000000000000000000}
  - {target: lvl, district: x, value: 6.99999999999999999999}
  - {target: lvl, value: 7.5}
  - {target: ms, district: x, done: 2025-02-01}
  - {target: ms, district: z, done: 2025-03-30}
  - {target: cap, district: x, numerator: 0, denominator: 7}
  - {target: cap, district: y, numerator: 999999999999999999, denominator: 1000000000000000000}
  - {target: cap, district: z, numerator: 1, denominator: 12}
  - {target: lid, district: x, value: 0.00000000000000000001}
  - {target: lid, district: y, value: 4.17}
  - {target: lid, value: 4.3}
---
date: 2025-08-31
records:
  - {target: mu, district: x, value: 1000, unit: 亩}
  - {target: share, district: x, numerator: 45, denominator: 45}
  - {target: share, district: y, numerator: 1, denominator: 3}
  - {target: huge, district: y, value: 123456789012345678.5}
  - {target: cap, district: z, numerator: 1, denominator: 13}
  - {target: lid, district: x, value: 0}
`
	fsys := fstest.MapFS{"plan.yaml": {Data: []byte(plan)}, "p.yaml": {Data: []byte(progress)}}
	p, probs := LoadPlan(fsys, "plan.yaml")
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	led, probs := LoadProgress(p, fsys, "p.yaml")
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	for _, d := range everyMonthEnd {
		evaluateBoth(t, led, MustParseDate(d))
	}
	_ = fs.ErrNotExist
}

// TestParallelDeterministic loads and evaluates the same data with one
// worker and with several: every problem, figure and byte of the report
// must agree, whatever the workers and whatever the scheduling.
func TestParallelDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	if err := gen.Generate(gen.Config{Districts: 60, Targets: 40, Months: 12, Seed: 11}, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A duplicate, a correction and a fall, so that index has problems
	// to report from several targets at once.
	fsys["progress/zz/extra.yaml"] = &fstest.MapFile{Data: []byte(`district: d0001
date: 2025-12-15
records:
  - {target: t0001, value: 0}
  - {target: t0001, value: 0}
  - {target: t0005, value: 1, date: 2025-12-31}
  - {target: t0006, value: 1, date: 2025-12-31, correction: 重报}
`)}
	plan, probs := LoadPlan(fsys, "plan.yaml")
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	var want string
	for _, workers := range []int{1, 2, 3, 8} {
		l := &Loader{Workers: workers}
		led, probs := l.LoadProgress(plan, fsys, "progress")
		var b bytes.Buffer
		b.WriteString(probs.String())
		for _, d := range []string{"2025-04-30", "2025-12-31"} {
			if err := Evaluate(led, MustParseDate(d)).WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
		}
		if workers == 1 {
			want = b.String()
			if !strings.Contains(want, "duplicate") || !strings.Contains(want, "went down") || !strings.Contains(want, "conflicts") || !strings.Contains(want, "replaces") {
				t.Fatalf("the extra file's problems are missing:\n%s", probs)
			}
			continue
		}
		if b.String() != want {
			t.Fatalf("%d workers: the load or the report differs from one worker's", workers)
		}
	}
}
