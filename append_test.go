package renewal_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// appendPlan has a target of each kind: an at_least count split between
// east and west, a ratio, a milestone, and a city-wide count in 公顷.
const appendPlan = `
id: append
title: 追加测试
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
districts: [{id: east, name: 城东区}, {id: west, name: 城西区}]
sections:
  - id: s
    name: 分项
    tasks:
      - id: t
        name: 任务
        targets:
          - {id: homes, name: 改造小区, unit: 个, allocations: {east: 6, west: 4}, lead: zjj}
          - {id: coverage, name: 物业覆盖率, kind: ratio, target: 80%, allocations: {east: 80%}, lead: zjj}
          - {id: group, name: 领导小组, kind: milestone, allocations: [east, west], lead: zjj}
          - {id: land, name: 盘活土地, unit: 公顷, target: 30, lead: zjj}
`

func mustAppendPlan(tb testing.TB) *renewal.Plan {
	tb.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(appendPlan))
	require.Empty(tb, probs.String())
	return plan
}

// The files every case starts from. east.yaml's records are at lines 4
// and 5, column 5; west.yaml's at line 3.
var appendBase = map[string]string{
	"progress/east.yaml": "district: east\n" + // 1
		"records:\n" + // 2
		"  # 3月和6月\n" + // 3
		"  - {target: homes, date: 2025-03-31, value: 2}\n" + // 4
		"  - {target: homes, date: 2025-06-30, value: 4}\n", // 5
	"progress/west.yaml": "records:\n" + // 1
		"  - {target: homes, district: west, date: 2025-06-30, value: 1}", // 2, no final newline
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// appendTo returns the addition placed at the end of text (after a line
// break if it has none), and the file's text with the document appended.
func appendTo(text string, a renewal.Addition) (renewal.Addition, string) {
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	a.Line = strings.Count(text, "\n") + 1
	doc, _ := a.Document()
	return a, text + string(doc)
}

func TestDocument(t *testing.T) {
	a := renewal.Addition{
		File:   "progress/east.yaml",
		Line:   6,
		Source: "城东区住建局 6月报",
		Entries: []renewal.Entry{
			{Target: "homes", District: "east", Date: renewal.MustParseDate("2025-07-31"), Value: "5", Note: "含2处待公示"},
			{Target: "coverage", District: "east", Date: renewal.MustParseDate("2025-07-31"), Numerator: "38", Denominator: "1,200", Correction: `更正: 见"说明"`},
			{Target: "group", District: "no", Done: renewal.MustParseDate("2025-03-12")},
			{Target: "land", Date: renewal.MustParseDate("2025-07-31"), Value: "18.5", Unit: "亩", Note: "第一行\n第二行"},
		},
	}
	text, at := a.Document()
	// "no" is YAML 1.1's false and "1,200" is not a plain number: both are
	// quoted; a note with a space, a colon or a line break is quoted with
	// the break escaped, so that it stays on its line.
	want := `---
source: "城东区住建局 6月报"
records:
  - target: homes
    district: east
    date: 2025-07-31
    value: 5
    note: 含2处待公示
  - target: coverage
    district: east
    date: 2025-07-31
    numerator: 38
    denominator: "1,200"
    correction: "更正: 见\"说明\""
  - target: group
    district: "no"
    done: 2025-03-12
  - target: land
    date: 2025-07-31
    value: 18.5
    unit: 亩
    note: "第一行\n第二行"
`
	assert.Equal(t, want, string(text))
	// "---" at line 6, source 7, records 8, the entries at 9, 14, 20, 23.
	assert.Equal(t, []renewal.Position{
		{File: "progress/east.yaml", Line: 9, Column: 5},
		{File: "progress/east.yaml", Line: 14, Column: 5},
		{File: "progress/east.yaml", Line: 20, Column: 5},
		{File: "progress/east.yaml", Line: 23, Column: 5},
	}, at)

	// The loader reads the document back as written: the positions are
	// the records', and the quoted texts come back unchanged.
	plan := mustAppendPlan(t)
	a.Entries[2].District = "west"
	text, at = a.Document()
	led, probs := renewal.ReadProgress(plan, "progress/east.yaml", bytes.NewReader(append([]byte(strings.Repeat("#\n", 5)), text...)))
	require.Empty(t, probs.String())
	recs := slicesOf(led)
	require.Len(t, recs, 4)
	for i, r := range recs {
		assert.Equal(t, at[i], r.Position)
	}
	assert.Equal(t, "城东区住建局 6月报", recs[0].Source)
	assert.Equal(t, `更正: 见"说明"`, recs[1].Correction)
	assert.Equal(t, "1200", recs[1].Denominator.String())
	assert.Equal(t, "第一行\n第二行", recs[3].Note)
	// 18.5 亩 = 18.5 × 10000/15 平方米 = 18.5/15 公顷 = 1.2333… 公顷.
	assert.Equal(t, "1.23", recs[3].Value.StringFixed(2))
}

func slicesOf(led *renewal.Ledger) []renewal.Record {
	var out []renewal.Record
	for r := range led.Records() {
		out = append(out, r)
	}
	return out
}

func date(s string) renewal.Date { return renewal.MustParseDate(s) }

// checkCases are additions to appendBase and the problems Check gives.
// Each is also checked against a load of the files with the document
// appended (TestWithIsAReload).
type checkCase struct {
	name  string
	base  map[string]string // nil: appendBase
	file  string
	add   []renewal.Entry
	want  []string
	count int // records the ledger counts after
}

var checkCases = []checkCase{{
	name:  "OK",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-07-31"), Value: "5"}},
	count: 4,
}, {
	name:  "OKNewFileOfEachKind",
	file:  "progress/city.yaml",
	add:   []renewal.Entry{{Target: "land", Date: date("2025-07-31"), Value: "15", Unit: "亩"}, {Target: "coverage", District: "east", Date: date("2025-07-31"), Numerator: "3", Denominator: "4"}, {Target: "group", District: "west", Done: date("2025-02-01")}},
	count: 6,
}, {
	name: "UnknownTargetAndDistrict",
	file: "progress/east.yaml",
	add:  []renewal.Entry{{Target: "hmoes", District: "esat", Date: date("2025-07-31"), Value: "5"}},
	// The document starts at line 6; the entry at 8, its district at 9.
	want: []string{
		`progress/east.yaml:8:13: target "hmoes" is not a target of plan append (did you mean "homes"?)`,
		`progress/east.yaml:9:15: district "esat" is not a declared district (did you mean "east"?)`,
	},
	count: 3,
}, {
	name: "WrongFieldsForTheKind",
	file: "progress/east.yaml",
	add:  []renewal.Entry{{Target: "coverage", District: "east", Date: date("2025-07-31"), Value: "5"}, {Target: "homes", District: "east", Date: date("2025-07-31"), Numerator: "1", Denominator: "2"}},
	want: []string{
		`progress/east.yaml:11:12: target coverage is a ratio, whose records take numerator and denominator, not value`,
		`progress/east.yaml:15:16: target homes is a count, whose records take value, not numerator`,
		`progress/east.yaml:16:18: target homes is a count, whose records take value, not denominator`,
	},
	count: 3,
}, {
	name: "UnitsAndFigures",
	file: "progress/east.yaml",
	add:  []renewal.Entry{{Target: "land", Date: date("2025-07-31"), Value: "5", Unit: "米"}, {Target: "homes", District: "east", Date: date("2025-07-31"), Value: "1e3"}},
	want: []string{
		`progress/east.yaml:11:11: unit 米 is not of the same kind as 公顷, the unit of target land`,
		`progress/east.yaml:15:12: value "1e3" is not a decimal figure: 'e' is not a digit; want digits such as 12, 12.5, 1,200 or 85%`,
	},
	count: 3,
}, {
	name:  "DateOutsideThePeriod",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2026-01-01"), Value: "5"}},
	want:  []string{`progress/east.yaml:10:11: date 2026-01-01 is outside the plan period 2025-01-01 to 2025-12-31`},
	count: 3,
}, {
	name:  "Conflict",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-06-30"), Value: "5"}},
	want:  []string{`progress/east.yaml:8:5: conflicts with the record at progress/east.yaml:5:5 for homes, east, 2025-06-30 (4 there, 5 here); add correction: <reason> to this record to replace that one`},
	count: 3,
}, {
	name:  "Correction",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-06-30"), Value: "5", Correction: "更正6月误报"}},
	want:  []string{`progress/east.yaml:8:5: warning: correction (更正6月误报) replaces the record at progress/east.yaml:5:5: 4 → 5`},
	count: 3,
}, {
	name:  "Duplicate",
	file:  "progress/west.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "west", Date: date("2025-06-30"), Value: "1"}},
	want:  []string{`progress/west.yaml:5:5: warning: duplicate of the record at progress/west.yaml:2:5 (same target, district, date and figures); counted once`},
	count: 3,
}, {
	name:  "Fall",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-07-31"), Value: "3"}},
	want:  []string{`progress/east.yaml:8:5: warning: homes in east went down from 4 on 2025-06-30 (progress/east.yaml:5:5) to 3 on 2025-07-31; figures are cumulative, so a fall is usually a misreport`},
	count: 4,
}, {
	// A record dated between two others makes the later one a fall: the
	// warning is at that record, and it is new.
	name:  "FallOfTheNextRecord",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-05-31"), Value: "5"}},
	want:  []string{`progress/east.yaml:5:5: warning: homes in east went down from 5 on 2025-05-31 (progress/east.yaml:8:5) to 4 on 2025-06-30; figures are cumulative, so a fall is usually a misreport`},
	count: 4,
}, {
	// A new file that sorts before west.yaml loads before it: its
	// correction is the earlier record, so west.yaml's conflicts with it.
	name:  "CorrectionInAFileLoadedEarlier",
	file:  "progress/a.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "west", Date: date("2025-06-30"), Value: "2", Correction: "更正"}},
	want:  []string{`progress/west.yaml:2:5: conflicts with the record at progress/a.yaml:3:5 for homes, west, 2025-06-30 (2 there, 1 here); add correction: <reason> to this record to replace that one`},
	count: 3,
}, {
	// A conflict the directory had already is not the addition's.
	name: "OldProblemsAreNotRepeated",
	base: map[string]string{
		"progress/east.yaml": "district: east\nrecords:\n  - {target: homes, date: 2025-03-31, value: 2}\n  - {target: homes, date: 2025-03-31, value: 3}\n",
	},
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-04-30"), Value: "3"}},
	count: 2,
}, {
	name:  "ControlCharacter",
	file:  "progress/east.yaml",
	add:   []renewal.Entry{{Target: "homes", District: "east", Date: date("2025-07-31"), Value: "5", Note: "a\x01"}},
	want:  []string{`progress/east.yaml:12:13: control character U+0001 is not allowed in a YAML file`},
	count: 3,
}, {
	name:  "NoEntries",
	file:  "progress/east.yaml",
	want:  []string{`progress/east.yaml:6:1: nothing to add: the addition has no records`},
	count: 3,
}}

// files returns the files the case starts from.
func (tc checkCase) files() map[string]string {
	if tc.base == nil {
		return appendBase
	}
	return tc.base
}

func TestCheck(t *testing.T) {
	plan := mustAppendPlan(t)
	for _, tc := range checkCases {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.files()
			led, _ := renewal.LoadProgress(plan, mapFS(base), "progress")
			a, _ := appendTo(base[tc.file], renewal.Addition{File: tc.file, Entries: tc.add})
			got := led.Check(a)
			assert.Equal(t, tc.want, lines(got))
			next, probs2 := led.With(a)
			assert.Equal(t, lines(got), lines(probs2), "With gives Check's problems")
			assert.Equal(t, tc.count, next.Len())
		})
	}
}

func lines(ps renewal.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return out
}

// TestWithIsAReload checks With against the loader itself: for every case,
// the new ledger has the records, counts and report of a load of the
// files with the document appended, and Check's problems are that load's
// problems less the ones the files had before.
func TestWithIsAReload(t *testing.T) {
	plan := mustAppendPlan(t)
	for _, tc := range checkCases {
		if len(tc.add) == 0 || tc.name == "ControlCharacter" {
			continue // nothing a file could hold
		}
		t.Run(tc.name, func(t *testing.T) {
			base := tc.files()
			led, before := renewal.LoadProgress(plan, mapFS(base), "progress")
			a, text := appendTo(base[tc.file], renewal.Addition{File: tc.file, Entries: tc.add})
			after := map[string]string{}
			for k, v := range base {
				after[k] = v
			}
			after[tc.file] = text
			want, wantProbs := renewal.LoadProgress(plan, mapFS(after), "progress")
			got, gotProbs := led.With(a)

			assert.Equal(t, recordLines(want), recordLines(got))
			assert.Equal(t, want.Stats(), got.Stats())
			assert.Equal(t, want.Latest(), got.Latest())
			assert.ElementsMatch(t, lines(without(wantProbs, before)), lines(gotProbs))
			asOf := date("2025-12-31")
			assert.Equal(t, reportJSON(t, renewal.Evaluate(want, asOf)), reportJSON(t, renewal.Evaluate(got, asOf)))
		})
	}
}

func without(a, b renewal.Problems) renewal.Problems {
	seen := map[string]int{}
	for _, p := range b {
		seen[p.Error()]++
	}
	var out renewal.Problems
	for _, p := range a {
		if seen[p.Error()] > 0 {
			seen[p.Error()]--
			continue
		}
		out = append(out, p)
	}
	return out
}

func recordLines(led *renewal.Ledger) []string {
	var out []string
	for r := range led.Records() {
		d := "city"
		if r.District != nil {
			d = r.District.ID
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s/%s done %s %q %q %q %q", r.Position, r.Target.ID, d, r.Date, r.Value, r.Numerator, r.Denominator, r.Done, r.Unit, r.Note, r.Correction, r.Source))
	}
	return out
}

func reportJSON(t *testing.T, r *renewal.Report) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.Write(&b, renewal.JSON, renewal.English))
	return b.String()
}

// TestWithLeavesTheLedger adds records while other goroutines evaluate the
// old ledger: under -race, any write to it would show; after, it still
// has its own records and figures.
func TestWithLeavesTheLedger(t *testing.T) {
	plan := mustAppendPlan(t)
	led, _ := renewal.LoadProgress(plan, mapFS(appendBase), "progress")
	asOf := date("2025-12-31")
	before := reportJSON(t, renewal.Evaluate(led, asOf))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				renewal.Evaluate(led, asOf)
			}
		})
	}
	next := led
	text := appendBase["progress/east.yaml"]
	for i := range 20 {
		// Each correction replaces the one before: 4 → 5 → 6 …
		var a renewal.Addition
		a, text = appendTo(text, renewal.Addition{File: "progress/east.yaml", Entries: []renewal.Entry{
			{Target: "homes", District: "east", Date: date("2025-06-30"), Value: fmt.Sprint(5 + i), Correction: "更正"},
		}})
		var probs renewal.Problems
		next, probs = next.With(a)
		require.False(t, probs.HasErrors(), probs.String())
	}
	wg.Wait()
	assert.Equal(t, before, reportJSON(t, renewal.Evaluate(led, asOf)))
	assert.Equal(t, 3, led.Len())
	// The last correction, 5 + 19 = 24, is in force for east; 24 of its 6
	// is completed, and the ledger still counts 3 records (each
	// correction replaced the one before).
	assert.Equal(t, 3, next.Len())
	g := renewal.Evaluate(next, asOf).Goal("homes", "east")
	require.NotNil(t, g)
	assert.Equal(t, "24", g.Actual.String())
	assert.Equal(t, 20, next.Stats().Replaced)
}
