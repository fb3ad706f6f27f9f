package renewal_test

import (
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The corpus lives in testdata:
//
//	testdata/valid/<case>/plan.yaml        a plan that loads cleanly
//	testdata/valid/<case>/progress/…       its progress, loaded as a directory
//	testdata/invalid/plan.yaml             the valid plan progress cases use
//	testdata/invalid/plan/<case>.yaml      a plan with one fault
//	testdata/invalid/progress/<case>.yaml  a progress file with one fault
//	testdata/invalid/…/<case>.golden       the problems it renders
//
// Paths are joined with "/" so that problems, and so goldens, read the same
// on every system. Run `go test -run TestCorpus -update` to rewrite the
// goldens after a deliberate change of message, then read the diff.

const (
	validDir   = "testdata/valid"
	invalidDir = "testdata/invalid"
)

// MustLoadCorpusPlan loads a plan file that must have no problems at all.
func MustLoadCorpusPlan(tb testing.TB, file string) *renewal.Plan {
	tb.Helper()
	plan, probs := renewal.LoadPlanFile(file)
	require.Empty(tb, probs.String(), "plan %s", file)
	return plan
}

// records returns a ledger's counted records in load order.
func records(led *renewal.Ledger) []renewal.Record {
	var out []renewal.Record
	for r := range led.Records() {
		out = append(out, r)
	}
	return out
}

// findRecord returns the counted record of a target and district ("" for
// the city) with the given date.
func findRecord(t *testing.T, led *renewal.Ledger, target, district, date string) renewal.Record {
	t.Helper()
	for r := range led.Records() {
		d := ""
		if r.District != nil {
			d = r.District.ID
		}
		if r.Target.ID == target && d == district && r.Date.String() == date {
			return r
		}
	}
	require.Failf(t, "no record", "%s %s %s", target, district, date)
	return renewal.Record{}
}

func assertDecimal(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, decimal.RequireFromString(want).Equal(got), "got %s, want %s %v", got, want, fmt.Sprint(msgAndArgs...))
}

// validCase is what one folder of testdata/valid must give.
type validCase struct {
	records  int      // Ledger.Len()
	warnings []string // rendered warnings of plan and progress, in order
	check    func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger)
}

var validCases = map[string]validCase{
	"count": {records: 4, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assertDecimal(t, "18", plan.Target("neighbourhoods").Figure)
		r := findRecord(t, led, "pilot-projects", "", "2025-06-30")
		assert.Nil(t, r.District, "a city-wide record takes no district")
		assertDecimal(t, "5", findRecord(t, led, "neighbourhoods", "tinghu", "2025-06-30").Value)
		assertDecimal(t, "0", findRecord(t, led, "neighbourhoods", "yandu", "2025-06-30").Value)
	}},
	"ratio": {records: 3, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		cov := plan.Target("coverage")
		assert.Equal(t, renewal.Ratio, cov.Kind)
		assertDecimal(t, "0.85", cov.Figure, "85 in a % target is 85%")
		assertDecimal(t, "0.6", cov.Baseline)
		yandu, ok := cov.Allocation(plan.District("yandu"))
		require.True(t, ok)
		assertDecimal(t, "0.8", yandu.Figure)
		assertDecimal(t, "0.5", yandu.Baseline)
		assertDecimal(t, "0.9", plan.Target("sorting").Figure)
		r := findRecord(t, led, "coverage", "tinghu", "2025-06-30")
		assertDecimal(t, "38", r.Numerator)
		assertDecimal(t, "45", r.Denominator)
		r = findRecord(t, led, "sorting", "", "2025-06-30")
		assertDecimal(t, "1200", r.Numerator)
		assertDecimal(t, "1500", r.Denominator)
	}},
	"level": {records: 4, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assertDecimal(t, "0.075", findRecord(t, led, "investment-growth", "", "2025-06-30").Value, "the city's own figure")
		assertDecimal(t, "0.09", findRecord(t, led, "investment-growth", "tinghu", "2025-06-30").Value)
		assertDecimal(t, "-0.015", findRecord(t, led, "investment-growth", "yandu", "2025-06-30").Value, "a level may be negative")
		assertDecimal(t, "85.5", findRecord(t, led, "satisfaction", "", "2025-06-30").Value)
	}},
	"milestone": {records: 5, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assert.Len(t, plan.Target("leading-groups").Allocations, 3, "all is every district")
		assert.Len(t, plan.Target("pilot-plans").Allocations, 2)
		assert.True(t, plan.Target("city-plan").CityWide())
		r := findRecord(t, led, "leading-groups", "tinghu", "2025-02-10")
		assert.Equal(t, "2025-02-10", r.Done.String(), "the date defaults to the done date")
		r = findRecord(t, led, "leading-groups", "dafeng", "2025-06-30")
		assert.Equal(t, "2025-06-15", r.Done.String())
	}},
	"at-most": {records: 5, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		idle := plan.Target("idle-land")
		assert.Equal(t, renewal.AtMost, idle.Direction)
		assertDecimal(t, "14.5", idle.Baseline, "the sum of the district baselines")
		assertDecimal(t, "2", idle.Figure, "the sum of the district targets")
		assertDecimal(t, "3", findRecord(t, led, "idle-land", "yandu", "2025-06-30").Value, "45 亩 is 3 公顷")
	}},
	"schedule": {records: 2, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assert.Len(t, plan.Schedule, 4)
		assertDecimal(t, "0.05", plan.LaggingThreshold)
		n := plan.Target("neighbourhoods")
		assertDecimal(t, "2.5", n.Weight)
		require.Len(t, n.Support, 1)
		assert.Equal(t, "czj", n.Support[0].ID)
		pipes := plan.Target("pipes")
		assert.Equal(t, "2025-09-30", pipes.Deadline.String())
		require.Len(t, pipes.Schedule, 3)
		assertDecimal(t, "0.5", pipes.Schedule[1].Expected)
		r := findRecord(t, led, "pipes", "", "2025-06-30")
		assertDecimal(t, "18", r.Value, "18000 米 is 18 公里")
		assert.Equal(t, "米", r.Unit)
		assert.Equal(t, "市住建局", r.Source)
	}},
	"multi-document": {records: 2, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		recs := records(led)
		require.Len(t, recs, 2)
		assert.Equal(t, "testdata/valid/multi-document/progress/monthly.yaml:7:5", recs[0].Position.String())
		assert.Equal(t, "亭湖区住建局 2025年4月报", recs[0].Source)
		assert.Equal(t, "testdata/valid/multi-document/progress/monthly.yaml:13:5", recs[1].Position.String())
		assert.Equal(t, "盐都区住建局 2025年4月报", recs[1].Source)
	}},
	"crlf": {records: 2, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assert.Equal(t, "改造老旧小区", plan.Target("neighbourhoods").Name, "no \\r in values")
		recs := records(led)
		require.Len(t, recs, 2)
		assert.Equal(t, "testdata/valid/crlf/progress/tinghu.yaml:5:5", recs[0].Position.String())
		assert.Equal(t, "含2处待公示", recs[0].Note)
		assert.Equal(t, "testdata/valid/crlf/progress/tinghu.yaml:8:5", recs[1].Position.String())
	}},
	"bom": {records: 1, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assert.Equal(t, "valid-bom", plan.ID)
		assert.Equal(t, renewal.Position{File: "testdata/valid/bom/plan.yaml", Line: 8, Column: 5}, plan.District("tinghu").Pos)
		recs := records(led)
		require.Len(t, recs, 1)
		assert.Equal(t, "tinghu", recs[0].District.ID, "the BOM is not part of the first key")
		assert.Equal(t, "testdata/valid/bom/progress/tinghu.yaml:4:3", recs[0].Position.String())
	}},
	"figure-strings": {records: 3, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		assert.Equal(t, "2025-01-01", plan.Start.String())
		assert.Equal(t, "2025-12-31", plan.End.String())
		assertDecimal(t, "0.1", plan.LaggingThreshold)
		h := plan.Target("households")
		assertDecimal(t, "12000", h.Figure)
		assertDecimal(t, "0", h.Baseline)
		assertDecimal(t, "1.5", h.Weight)
		yandu, _ := h.Allocation(plan.District("yandu"))
		assertDecimal(t, "5000", yandu.Figure)
		rate := plan.Target("rate")
		assertDecimal(t, "0.85", rate.Figure)
		assertDecimal(t, "0.7", rate.Baseline, "70 in a % target is 70%")
		assert.Equal(t, "2025-11-30", rate.Deadline.String())
		assertDecimal(t, "1200.5", findRecord(t, led, "households", "tinghu", "2025-06-30").Value)
		assertDecimal(t, "1234567.25", findRecord(t, led, "households", "yandu", "2025-06-30").Value)
		assertDecimal(t, "0.805", findRecord(t, led, "rate", "", "2025-06-30").Value)
	}},
	"units": {records: 4, check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
		land := findRecord(t, led, "land-area", "tinghu", "2025-06-30")
		assert.Equal(t, "亩", land.Unit)
		// 18.5 亩 = 18.5 × 10000/15 平方米 = 1.2333… 公顷, to at least 16 significant digits.
		assert.True(t, strings.HasPrefix(land.Value.String(), "1.233333333333333"), "got %s", land.Value)
		exact := decimal.RequireFromString("185").Div(decimal.NewFromInt(150))
		assert.True(t, land.Value.Sub(exact).Abs().LessThan(decimal.New(1, -15)), "got %s", land.Value)
		assertDecimal(t, "0.32", findRecord(t, led, "households", "", "2025-06-30").Value, "3200 户 is 0.32 万户")
		assertDecimal(t, "3.5", findRecord(t, led, "investment", "", "2025-06-30").Value, "35,000 万元 is 3.5 亿元")
		assertDecimal(t, "4", findRecord(t, led, "parks", "", "2025-06-30").Value, "座 is the target's own unit")
	}},
	"warnings": {
		records: 3,
		warnings: []string{
			"testdata/valid/warnings/plan.yaml:20:21: warning: target neighbourhoods: target 20 differs from the sum of its allocations 18; the target stands",
			"testdata/valid/warnings/progress/tinghu.yaml:5:5: warning: duplicate of the record at testdata/valid/warnings/progress/tinghu.yaml:4:5 (same target, district, date and figures); counted once",
			"testdata/valid/warnings/progress/tinghu.yaml:7:5: warning: correction (更正6月误报) replaces the record at testdata/valid/warnings/progress/tinghu.yaml:6:5: 6 → 5",
			"testdata/valid/warnings/progress/tinghu.yaml:8:5: warning: neighbourhoods in tinghu went down from 5 on 2025-06-30 (testdata/valid/warnings/progress/tinghu.yaml:7:5) to 3 on 2025-07-31; figures are cumulative, so a fall is usually a misreport",
		},
		check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
			assert.Equal(t, renewal.Stats{Files: 1, Entries: 5, Records: 3, Rejected: 0, Duplicates: 1, Replaced: 1}, led.Stats())
			assertDecimal(t, "20", plan.Target("neighbourhoods").Figure, "the declared target stands")
			assertDecimal(t, "5", findRecord(t, led, "neighbourhoods", "tinghu", "2025-06-30").Value, "the correction replaced 6")
		},
	},
	"revisions": {
		records: 4,
		warnings: []string{
			"testdata/valid/revisions/plan.yaml:25:17: warning: target neighbourhoods: from 2025-07-01 the target 18 differs from the sum of its assessed allocations 10; the target stands",
			"testdata/valid/revisions/plan.yaml:28:17: warning: target neighbourhoods: from 2025-08-01 the target 18 differs from the sum of its assessed allocations 9; the target stands",
		},
		check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
			n := plan.Target("neighbourhoods")
			require.Len(t, n.Revisions, 2)
			assert.Equal(t, "核减", n.Revisions[0].Reason)
			assert.Equal(t, "yandu", n.Revisions[0].Exempt[0].ID)
			before := n.InForce(renewal.MustParseDate("2025-06-30"))
			assertDecimal(t, "18", before.Figure)
			assert.False(t, before.Allocations[1].Exempt)
			after := n.InForce(renewal.MustParseDate("2025-08-01"))
			assertDecimal(t, "18", after.Figure, "the declared target stands")
			assertDecimal(t, "9", after.Allocations[0].Figure)
			assert.True(t, after.Allocations[1].Exempt)
			assert.Equal(t, "2025-08-01", after.Revised.String())
			// On 08-31 the city counts tinghu alone: 9 of 18.
			r := renewal.Evaluate(led, renewal.MustParseDate("2025-08-31"))
			assertDecimal(t, "9", r.Goal("neighbourhoods", "").Actual)
			assertDecimal(t, "7", r.Goal("neighbourhoods", "yandu").Actual, "the exempt allocation keeps its actual")
			assert.Equal(t, renewal.Exempt, r.Goal("neighbourhoods", "yandu").Status)
		},
	},
	"directory": {
		records: 2,
		warnings: []string{
			"testdata/valid/directory/progress/2025/q2/june.yaml:3:5: warning: duplicate of the record at testdata/valid/directory/progress/2025/q2/june-correction.yaml:4:5 (same target, district, date and figures); counted once",
		},
		check: func(t *testing.T, plan *renewal.Plan, led *renewal.Ledger) {
			assert.Equal(t, 3, led.Stats().Files, "README.txt and notes.yaml.bak are not read")
			var where []string
			for _, r := range records(led) {
				where = append(where, r.Position.String())
			}
			assert.Equal(t, []string{
				"testdata/valid/directory/progress/2025/q1/march.yml:3:5",
				"testdata/valid/directory/progress/2025/q2/june-correction.yaml:4:5",
			}, where)
		},
	},
}

// TestCorpusValid loads every folder of testdata/valid and checks that it
// has no errors, exactly the warnings it means to have, and the figures it
// was written to show.
func TestCorpusValid(t *testing.T) {
	entries, err := os.ReadDir(validDir)
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	for name := range validCases {
		assert.Contains(t, dirs, name, "case with no folder")
	}
	for _, name := range dirs {
		t.Run(name, func(t *testing.T) {
			c, ok := validCases[name]
			require.True(t, ok, "testdata/valid/%s has no entry in validCases", name)
			dir := path.Join(validDir, name)
			plan, probs := renewal.LoadPlanFile(path.Join(dir, "plan.yaml"))
			led, lprobs := renewal.LoadProgressFiles(plan, path.Join(dir, "progress"))
			all := append(probs, lprobs...)
			require.Empty(t, all.Errors().String())
			var warnings []string
			for _, w := range all.Warnings() {
				warnings = append(warnings, w.Error())
			}
			assert.Equal(t, c.warnings, warnings)
			assert.Equal(t, c.records, led.Len())
			st := led.Stats()
			assert.Equal(t, st.Entries, st.Records+st.Rejected+st.Duplicates+st.Replaced, "%+v", st)
			if c.check != nil {
				c.check(t, plan, led)
			}
		})
	}
}

// knownBugs are invalid cases whose current output is wrong, so they have
// no golden yet: each is skipped with the reason until the loader is fixed,
// then removed from here and given a golden with -update.
var knownBugs = map[string]string{}

// TestCorpusInvalid loads every file of testdata/invalid/plan as a plan and
// every file of testdata/invalid/progress as progress for
// testdata/invalid/plan.yaml, and compares the rendered problems with the
// golden file beside it.
func TestCorpusInvalid(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	load := map[string]func(file string) renewal.Problems{
		"plan": func(file string) renewal.Problems {
			_, probs := renewal.LoadPlanFile(file)
			return probs
		},
		"progress": func(file string) renewal.Problems {
			_, probs := renewal.LoadProgressFiles(plan, file)
			return probs
		},
	}
	for _, kind := range []string{"plan", "progress"} {
		dir := path.Join(invalidDir, kind)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		var cases []string
		for _, e := range entries {
			name := e.Name()
			switch {
			case strings.HasSuffix(name, ".yaml"):
				cases = append(cases, strings.TrimSuffix(name, ".yaml"))
			case strings.HasSuffix(name, ".golden"):
				_, err := os.Stat(path.Join(dir, strings.TrimSuffix(name, ".golden")+".yaml"))
				assert.NoError(t, err, "golden file with no input")
			}
		}
		require.NotEmpty(t, cases)
		for _, name := range cases {
			t.Run(kind+"/"+name, func(t *testing.T) {
				if reason, ok := knownBugs[kind+"/"+name]; ok {
					t.Skip("known loader bug: " + reason)
				}
				file := path.Join(dir, name+".yaml")
				probs := load[kind](file)
				require.True(t, probs.HasErrors(), "no error for %s; problems:\n%s", file, probs)
				for _, p := range probs {
					assert.Equal(t, file, p.File, "%s", p)
					assert.GreaterOrEqual(t, p.Line, 1, "%s", p)
					assert.GreaterOrEqual(t, p.Column, 1, "%s", p)
					assert.NotEmpty(t, strings.TrimSpace(p.Message), "%s", p)
					assert.True(t, slices.ContainsFunc([]error{renewal.ErrSyntax, renewal.ErrField, renewal.ErrValue, renewal.ErrReference, renewal.ErrRule},
						func(class error) bool { return errors.Is(p, class) }), "%s has no class", p)
				}
				golden := path.Join(dir, name+".golden")
				got := probs.String()
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
					return
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test -run TestCorpusInvalid -update to write it")
				assert.Equal(t, string(want), got)
			})
		}
	}
}

// TestCorpusFiveErrors checks that one file with five faults gives exactly
// five problems, one on each fault, and still counts its good record.
func TestCorpusFiveErrors(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	const src = `# Five faults, one a record, and one good record.
district: tinghu
date: 2025-06-30
records:
  - {target: neighborhoods, value: 3}
  - {target: neighbourhoods, value: 1e3}
  - {target: coverage, numerator: 46, denominator: 45}
  - {target: land-area, value: 3, unit: 公里}
  - {target: vacant-plants, date: 2026-01-15, value: 12}
  - {target: neighbourhoods, value: 4}
`
	led, probs := renewal.ReadProgress(plan, "five.yaml", strings.NewReader(src))
	at := func(line, col int) renewal.Position {
		return renewal.Position{File: "five.yaml", Line: line, Column: col}
	}
	type problem struct {
		renewal.Position
		Class   error
		Message string
		Code    renewal.Code
		Args    []string
	}
	var got []problem
	for _, p := range probs {
		require.Equal(t, renewal.Error, p.Severity)
		got = append(got, problem{p.Position, p.Class, p.Message, p.Code, p.Args()})
	}
	assert.Equal(t, []problem{
		{at(5, 14), renewal.ErrReference, `target "neighborhoods" is not a target of plan corpus (did you mean "neighbourhoods"?)`,
			renewal.CodeUnknownTarget, []string{"neighborhoods", "corpus", ` (did you mean "neighbourhoods"?)`}},
		{at(6, 37), renewal.ErrValue, `value "1e3" is not a decimal figure: 'e' is not a digit; want digits such as 12, 12.5, 1,200 or 85%`,
			renewal.CodeMalformedValue, []string{"value", `"1e3" is not a decimal figure: 'e' is not a digit; want digits such as 12, 12.5, 1,200 or 85%`}},
		{at(7, 35), renewal.ErrValue, `numerator 46 is above its denominator 45 (a share cannot exceed the whole)`,
			renewal.CodeNumeratorAboveDenominatorShare, []string{"46", "45"}},
		{at(8, 41), renewal.ErrValue, `unit 公里 is not of the same kind as 公顷, the unit of target land-area`,
			renewal.CodeUnitNotSameKind, []string{"公里", "公顷", "land-area"}},
		{at(9, 35), renewal.ErrRule, `date 2026-01-15 is outside the plan period 2025-01-01 to 2025-12-31`,
			renewal.CodeDateOutsidePeriod, []string{"2026-01-15", "2025-01-01", "2025-12-31"}},
	}, got)
	assert.Equal(t, renewal.Stats{Files: 1, Entries: 6, Records: 1, Rejected: 5}, led.Stats())
}

// TestTenThousandRecords loads 10,000 records, three of them bad and far
// apart, and checks that exactly those three are reported, each on its
// line, and every other record is counted.
func TestTenThousandRecords(t *testing.T) {
	const targets = 30
	var pb strings.Builder
	pb.WriteString(`id: big
title: 一万条记录
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: zjj, name: 市住建局}
sections:
  - id: s
    name: 全部
    tasks:
      - id: t
        name: 全部
        targets:
`)
	for i := range targets {
		fmt.Fprintf(&pb, "          - {id: t%02d, name: 目标%d, target: 1000, lead: zjj}\n", i, i)
	}
	plan, probs := renewal.ReadPlan("big-plan.yaml", strings.NewReader(pb.String()))
	require.Empty(t, probs.String())

	// Record i is on line i+3; each target has one record a day, rising.
	type bad struct {
		line, col int
		class     error
		text      string // in the message
	}
	var wants []bad
	start := renewal.MustParseDate("2025-01-01")
	var b strings.Builder
	b.WriteString("# Ten thousand records, three of them bad.\nrecords:\n")
	for i := range 10000 {
		target, date, value := fmt.Sprintf("t%02d", i%targets), start.AddDays(i/targets).String(), fmt.Sprint(i/targets)
		var find string
		var class error
		switch i {
		case 1234:
			target, find, class = "t99", "t99", renewal.ErrReference
		case 5000:
			value, find, class = "1e3", "1e3", renewal.ErrValue
		case 8765:
			date, find, class = "2026-01-05", "2026-01-05", renewal.ErrRule
		}
		line := fmt.Sprintf("  - {target: %s, date: %s, value: %s}\n", target, date, value)
		if find != "" {
			wants = append(wants, bad{line: i + 3, col: strings.Index(line, find) + 1, class: class, text: find})
		}
		b.WriteString(line)
	}

	led, probs := renewal.ReadProgress(plan, "big.yaml", strings.NewReader(b.String()))
	require.Len(t, probs, 3, "%s", probs)
	for i, w := range wants {
		p := probs[i]
		assert.Equal(t, renewal.Position{File: "big.yaml", Line: w.line, Column: w.col}, p.Position, "%s", p)
		assert.Equal(t, renewal.Error, p.Severity, "%s", p)
		assert.ErrorIs(t, p, w.class)
		assert.Contains(t, p.Message, w.text)
	}
	assert.Equal(t, 9997, led.Len())
	st := led.Stats()
	assert.Equal(t, renewal.Stats{Files: 1, Entries: 10000, Records: 9997, Rejected: 3}, st)
	assert.Equal(t, st.Entries, st.Records+st.Rejected+st.Duplicates+st.Replaced)
}

// TestProgressErrors covers each error of SPEC §3 with the position it is
// reported at. The plan is testdata/invalid/plan.yaml: neighbourhoods
// (count in 个, split tinghu/yandu), coverage (ratio in %, split), growth
// (level in %, split), action-plans (milestone, all), land-area (count in
// 公顷, split), vacant-plants (at_most count, city-wide) and
// pilot-projects (count, no unit, city-wide).
func TestProgressErrors(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	for _, tt := range []struct {
		name string
		src  string
		want []string // rendered problems
	}{
		{
			name: "OK",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: neighbourhoods, value: 3}
  - {target: coverage, numerator: 38, denominator: 45}
  - {target: growth, value: 7.5}
  - {target: action-plans, done: 2025-03-12}
  - {target: land-area, value: 18.5, unit: 亩}
  - {target: vacant-plants, value: 12}
  - {target: pilot-projects, value: 1}
`,
		},
		{
			name: "OKLevelCityRecord",
			src: `date: 2025-06-30
records:
  - {target: growth, value: 7.5}
`,
		},
		{
			name: "ErrUnknownTarget",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: neighborhoods, value: 3}
`,
			want: []string{`p.yaml:4:14: target "neighborhoods" is not a target of plan corpus (did you mean "neighbourhoods"?)`},
		},
		{
			name: "ErrUnknownDistrict",
			src: `date: 2025-06-30
records:
  - target: neighbourhoods
    district: tinhu
    value: 3
`,
			want: []string{`p.yaml:4:15: district "tinhu" is not a declared district (did you mean "tinghu"?)`},
		},
		{
			name: "ErrUnknownFileDistrict",
			src: `district: tinhu
date: 2025-06-30
records:
  - {target: neighbourhoods, value: 3}
`,
			want: []string{`p.yaml:1:11: district "tinhu" is not a declared district (did you mean "tinghu"?); the 1 record that takes it is not counted`},
		},
		{
			name: "ErrDistrictNotAllocated",
			src: `date: 2025-06-30
records:
  - {target: neighbourhoods, district: dafeng, value: 3}
`,
			want: []string{`p.yaml:3:40: district dafeng has no allocation of target neighbourhoods`},
		},
		{
			name: "ErrDistrictOnCityWideTarget",
			src: `date: 2025-06-30
records:
  - {target: vacant-plants, district: tinghu, value: 12}
`,
			want: []string{`p.yaml:3:39: target vacant-plants has no allocations, so its records are city-wide and take no district`},
		},
		{
			name: "OKFileDistrictSkipsCityWideTarget",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: vacant-plants, value: 12}
`,
		},
		{
			name: "ErrNoDistrict",
			src: `date: 2025-06-30
records:
  - {target: neighbourhoods, value: 3}
`,
			want: []string{`p.yaml:3:5: the record has no district, and target neighbourhoods is split among districts (give district: here or in the file)`},
		},
		{
			name: "ErrNoDate",
			src: `district: tinghu
records:
  - {target: neighbourhoods, value: 3}
`,
			want: []string{`p.yaml:3:5: the record has no date (give date: here or in the file)`},
		},
		{
			name: "ErrDateOutsidePeriod",
			src: `district: tinghu
records:
  - {target: neighbourhoods, date: 2026-01-15, value: 3}
`,
			want: []string{`p.yaml:3:36: date 2026-01-15 is outside the plan period 2025-01-01 to 2025-12-31`},
		},
		{
			name: "ErrFileDateOutsidePeriod",
			src: `district: tinghu
date: 2024-12-31
records:
  - {target: neighbourhoods, value: 3}
`,
			want: []string{`p.yaml:2:7: date 2024-12-31 is outside the plan period 2025-01-01 to 2025-12-31; the 1 record that takes it is not counted`},
		},
		{
			name: "ErrDoneAfterDate",
			src: `district: tinghu
date: 2025-03-31
records:
  - {target: action-plans, done: 2025-04-02}
`,
			want: []string{`p.yaml:4:34: done date 2025-04-02 is after the record's date 2025-03-31 (a record cannot report the future)`},
		},
		{
			name: "ErrNegativeCount",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: neighbourhoods, value: -2}
`,
			want: []string{`p.yaml:4:37: value -2 is negative; a count is a cumulative quantity, 0 or more`},
		},
		{
			name: "OKNegativeLevel",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: growth, value: -2}
`,
		},
		{
			name: "ErrNegativeNumerator",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: coverage, numerator: -1, denominator: 45}
`,
			want: []string{`p.yaml:4:35: numerator -1 is negative; want 0 or more`},
		},
		{
			name: "ErrZeroDenominator",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: coverage, numerator: 0, denominator: 0}
`,
			want: []string{`p.yaml:4:51: denominator 0 is not above 0; want the size of the whole, such as 45`},
		},
		{
			name: "ErrNegativeDenominator",
			src: `district: tinghu
date: 2025-06-30
records:
  - target: coverage
    numerator: 3
    denominator: -45
`,
			want: []string{`p.yaml:6:18: denominator -45 is not above 0; want the size of the whole, such as 45`},
		},
		{
			name: "ErrNumeratorAboveDenominator",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: coverage, numerator: 46, denominator: 45}
`,
			want: []string{`p.yaml:4:35: numerator 46 is above its denominator 45 (a share cannot exceed the whole)`},
		},
		{
			name: "ErrUnitOfAnotherDimension",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: land-area, value: 3, unit: 公里}
`,
			want: []string{`p.yaml:4:41: unit 公里 is not of the same kind as 公顷, the unit of target land-area`},
		},
		{
			name: "ErrUnknownUnit",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: land-area, value: 3, unit: 英亩}
`,
			want: []string{`p.yaml:4:41: unit 英亩 is not a unit that converts to 公顷, the unit of target land-area (write the figure in 公顷)`},
		},
		{
			name: "ErrMalformedFigure",
			src: `district: tinghu
date: 2025-06-30
records:
  - target: neighbourhoods
    value: 010
`,
			want: []string{`p.yaml:5:12: value "010" is not a decimal figure: it has a leading zero, which YAML reads as octal; want digits such as 12, 12.5, 1,200 or 85%`},
		},
		{
			name: "ErrMalformedDate",
			src: `district: tinghu
records:
  - {target: neighbourhoods, date: 2025-6-30, value: 3}
`,
			want: []string{`p.yaml:3:36: date "2025-6-30" is not a date; want YYYY-MM-DD, such as 2025-06-30`},
		},
		{
			name: "ErrMalformedDoneDate",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: action-plans, done: 2025-02-30}
`,
			want: []string{`p.yaml:4:34: done "2025-02-30" is not a calendar date; want YYYY-MM-DD, such as 2025-06-30`},
		},
		{
			name: "ErrWrongFieldForKind",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: action-plans, value: 1}
`,
			want: []string{
				`p.yaml:4:35: target action-plans is a milestone, whose records take done, not value`,
			},
		},
		{
			name: "ErrMissingFieldForKind",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: coverage, numerator: 38}
`,
			want: []string{`p.yaml:4:5: the record has no denominator (target coverage is a ratio, whose records take numerator and denominator)`},
		},
		{
			name: "ErrUnknownKey",
			src: `district: tinghu
date: 2025-06-30
records:
  - target: neighbourhoods
    value: 3
    note: 含2处待公示
    corection: 更正
`,
			want: []string{`p.yaml:7:5: unknown key "corection" in a record: did you mean "correction"? (want one of target, district, date, value, numerator, denominator, done, unit, note, correction)`},
		},
		{
			name: "ErrConflict",
			src: `district: tinghu
date: 2025-06-30
records:
  - {target: neighbourhoods, value: 3}
  - {target: neighbourhoods, value: 4}
`,
			want: []string{`p.yaml:5:5: conflicts with the record at p.yaml:4:5 for neighbourhoods, tinghu, 2025-06-30 (3 there, 4 here); add correction: <reason> to this record to replace that one`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(tt.src))
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
