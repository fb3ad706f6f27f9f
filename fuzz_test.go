package renewal_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal"
)

// fuzzPlanYAML is the fixed plan FuzzLoadProgress loads progress against:
// a copy of testdata/invalid/plan.yaml, so that the progress corpus makes
// meaningful seeds. It has one target of every kind, with and without
// allocations, an at_most target and a target in 公顷.
const fuzzPlanYAML = `id: corpus
title: 语料测试计划
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: zjj, name: 市住建局}
  - {id: zrzy, name: 市自然资源和规划局}
districts:
  - {id: tinghu, name: 亭湖区}
  - {id: yandu, name: 盐都区}
  - {id: dafeng, name: 大丰区}
sections:
  - id: homes
    name: 改善民生
    tasks:
      - id: renovate
        name: 老旧小区改造
        targets:
          - id: neighbourhoods
            name: 改造老旧小区
            unit: 个
            target: 18
            allocations: {tinghu: 10, yandu: 8}
            lead: zjj
          - id: coverage
            name: 物业管理覆盖率
            kind: ratio
            unit: "%"
            target: 85
            allocations: {tinghu: 85, yandu: 85}
            lead: zjj
          - id: growth
            name: 住房租赁增长率
            kind: level
            unit: "%"
            target: 8
            allocations: {tinghu: 8, yandu: 8}
            lead: zjj
          - id: action-plans
            name: 制定三年行动计划
            kind: milestone
            allocations: all
            lead: zjj
  - id: land
    name: 盘活低效空间
    tasks:
      - id: redevelop
        name: 低效用地再开发
        targets:
          - id: land-area
            name: 低效用地再开发面积
            unit: 公顷
            allocations: {tinghu: 4, yandu: 6}
            lead: zrzy
          - id: vacant-plants
            name: 闲置厂房
            direction: at_most
            unit: 处
            baseline: 20
            target: 5
            lead: zrzy
          - id: pilot-projects
            name: 试点项目
            target: 3
            lead: zrzy
`

// mustFuzzPlan loads fuzzPlanYAML, which must have no problems.
func mustFuzzPlan(tb testing.TB) *renewal.Plan {
	tb.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(fuzzPlanYAML))
	if len(probs) > 0 {
		tb.Fatalf("the fuzz plan has problems:\n%s", probs)
	}
	return plan
}

// fuzzSeedHostile are inline seeds for both targets: the shapes of the
// hostile inputs, kept small so that the fuzzer can mutate them.
var fuzzSeedHostile = []string{
	"",
	"\n",
	"# only a comment\n",
	"records: []\n",
	"records:\n",
	"records: ~\n",
	"---\n---\n",
	"a: &a [x, x]\nb: &b [*a, *a]\nrecords: *b\n",
	"records:\n  - &r {target: pilot-projects, date: 2025-06-30, value: 1}\n  - *r\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: !!str 1}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: ~}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: {}}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: 010}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: 1" + strings.Repeat("0", 100) + "}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: 1, note: \"a\xffb\"}]\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: 1\x00}]\n",
	"records:\n\t- {target: pilot-projects, date: 2025-06-30, value: 1}\n",
	"records: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n",
	"\xEF\xBB\xBFdate: 2025-06-30\r\nrecords:\r\n  - {target: pilot-projects, value: 1}\r\n",
	"date: 2025-06-30\nrecords: [{target: pilot-projects, value: 1, value: 2}]\n",
	"date: 2025-06-30\nrecords: [{target: pilot-projects, value: 1}]\n---\ndate: 2025-07-31\nrecords: [{target: pilot-projects, value: 2}]\n",
	"district: tinghu\ndate: 2025-06-30\nrecords:\n  - {target: neighbourhoods, value: 3}\n  - {target: neighbourhoods, value: 4}\n  - {target: neighbourhoods, value: 4, correction: 更正}\n",
	"district: yandu\nrecords:\n  - {target: coverage, date: 2025-03-31, numerator: 3, denominator: 4}\n  - {target: action-plans, done: 2025-02-01}\n  - {target: land-area, date: 2025-04-30, value: 15, unit: 亩}\n  - {target: growth, date: 2025-04-30, value: 7.5%}\n",
	"records:\n  - {target: growth, date: 2025-04-30, value: \"7.5\"}\n  - {target: vacant-plants, date: 2025-04-30, value: \"1,000\"}\n",
	// The shapes of issue 21, each with a duplicate, an unknown target
	// and a bad figure: one-line flow, a document as one flow mapping,
	// multi-line flow, quoted and commented.
	"date: 2025-06-30\nrecords: [{target: pilot-projects, value: 1}, {target: pilot-projects, value: 1}, {target: pilot-project, value: 2}, {target: pilot-projects, date: 2025-07-31, value: 2x}]\n",
	"{date: 2025-06-30, source: 市住建局, records: [{target: pilot-projects, value: 1}, {target: pilot-projects, value: 1}, {target: pilot-project, value: 2}, {target: neighbourhoods, district: tinghu, value: x}], district: yandu}\n",
	"date: 2025-06-30\nrecords: [\n  {target: pilot-projects, value: 1},\n  {target: pilot-projects, value: 1},\n  {target: pilot-project, value: 2},\n  {target: pilot-projects, date: 2025-07-31, value: 2x}\n]\n",
	"date: \"2025-06-30\"\nrecords:\n  - {target: \"pilot-projects\", value: '1'}\n  - {target: 'pilot-projects', value: \"1\"}\n  - {target: \"pilot-project\", value: 2}\n  - {target: \"pilot-projects\", value: \"2\\x\"}\n",
	"# 月报\ndate: 2025-06-30 # 截至\nrecords: # 记录\n  # 第一条\n  - {target: pilot-projects, value: 1} # 一\n  - {target: pilot-projects, value: 1}\n  - target: pilot-project # 错\n    value: 2\n  - {target: pilot-projects, date: 2025-07-31, value: 2x}\n# 完\n",
	"records: [{target: pilot-projects, date: 2025-06-30, value: 1}]\n---\n{records: [{target: pilot-projects, date: 2025-07-31, value: 2}]}\n---\nrecords:\n  - {target: pilot-projects, date: 2025-08-31, value: 3}\n",
	"id: x\ntitle: t\nperiod: {start: 2025-01-01, end: 2025-12-31}\n",
	"id: x\ntitle: t\nperiod: {start: 2025-01-01, end: 2025-12-31}\nschedule: [{date: 2025-06-30, expected: 50%}]\ndepartments: [{id: d, name: D}]\ndistricts: [{id: a, name: A}]\nsections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [{id: t, name: T, target: 2, allocations: {a: 2}, lead: d}]}]}]\n",
	"id: x\ntitle: t\nperiod: {start: 2025-01-01, end: 2025-01-01}\ndepartments: [{id: d, name: D}]\nsections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [{id: t, name: T, kind: ratio, direction: at_most, target: 10%, baseline: 90%, lead: d, weight: 0.5, deadline: 2025-01-01}]}]}]\n",
}

// fuzzCorpus returns the YAML files under testdata and data, the valid and
// invalid corpora and the embedded plan among them, as seeds. Files larger
// than 64 KiB are left out: the fuzzer mutates small inputs best.
func fuzzCorpus(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, root := range []string{"testdata", "data"} {
		_ = filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if de.IsDir() {
				if de.Name() == "fuzz" {
					return filepath.SkipDir // the fuzzer reads its own
				}
				return nil
			}
			if ext := filepath.Ext(p); ext != ".yaml" && ext != ".yml" {
				return nil
			}
			if info, err := de.Info(); err != nil || info.Size() > 64<<10 {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil {
				out = append(out, b)
			}
			return nil
		})
	}
	return out
}

// checkProblems checks what every problem must carry: the file it was
// loaded under, a line and column from 1, within the input, a class and a
// one-line message. Problems come sorted by position.
func checkProblems(t *testing.T, file string, data []byte, probs renewal.Problems) {
	t.Helper()
	lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r"))
	classes := []error{renewal.ErrSyntax, renewal.ErrField, renewal.ErrValue, renewal.ErrReference, renewal.ErrRule}
	for i, p := range probs {
		switch {
		case p.File != file:
			t.Fatalf("problem %q: file %q, want %q", p.Error(), p.File, file)
		case p.Line < 1 || p.Column < 1:
			t.Fatalf("problem %q: line %d column %d, want both 1 or more", p.Error(), p.Line, p.Column)
		case p.Line > lines:
			t.Fatalf("problem %q: line %d, but the input has %d lines", p.Error(), p.Line, lines)
		case p.Message == "" || strings.ContainsAny(p.Message, "\n\r"):
			t.Fatalf("problem %q: want a message of one line", p.Error())
		case p.Severity != renewal.Error && p.Severity != renewal.Warning:
			t.Fatalf("problem %q: severity %d", p.Error(), p.Severity)
		case len(p.Message) > 2000:
			t.Fatalf("problem %.200q…: message of %d bytes; long text should be cut short", p.Error(), len(p.Message))
		}
		classOK := false
		for _, c := range classes {
			classOK = classOK || errors.Is(p, c)
		}
		if !classOK {
			t.Fatalf("problem %q: class %v is not one of the Err… classes", p.Error(), p.Class)
		}
		if i > 0 {
			q := probs[i-1]
			if q.Line > p.Line || (q.Line == p.Line && q.Column > p.Column) {
				t.Fatalf("problems out of order: %q before %q", q.Error(), p.Error())
			}
		}
	}
	if err := probs.Err(); (err != nil) != probs.HasErrors() {
		t.Fatalf("Err() = %v, HasErrors() = %v", err, probs.HasErrors())
	}
}

// checkLedger checks that no entry is lost: each is counted, or rejected
// with an error, or named in a warning as a duplicate or a replaced record.
func checkLedger(t *testing.T, led *renewal.Ledger, probs renewal.Problems) {
	t.Helper()
	st := led.Stats()
	if st.Records < 0 || st.Rejected < 0 || st.Duplicates < 0 || st.Replaced < 0 {
		t.Fatalf("negative stats %+v", st)
	}
	if st.Entries != st.Records+st.Rejected+st.Duplicates+st.Replaced {
		t.Fatalf("stats %+v: Entries != Records + Rejected + Duplicates + Replaced", st)
	}
	if st.Records != led.Len() {
		t.Fatalf("stats %+v: Records != Len() = %d", st, led.Len())
	}
	n := 0
	for range led.Records() {
		n++
	}
	if n != led.Len() {
		t.Fatalf("Records() yields %d records, Len() = %d", n, led.Len())
	}
	if st.Rejected > 0 && !probs.HasErrors() {
		t.Fatalf("stats %+v: entries rejected with no error:\n%s", st, probs)
	}
	if !probs.HasErrors() && st.Rejected != 0 {
		t.Fatalf("stats %+v: no error, yet entries rejected", st)
	}
	if warnings := len(probs.Warnings()); warnings < st.Duplicates+st.Replaced {
		t.Fatalf("stats %+v: %d warnings, fewer than the duplicates and replacements", st, warnings)
	}
}

// recordItems counts the items of every document's records list with
// yaml.v3 alone, as a check on Stats.Entries for input that loads cleanly.
func recordItems(data []byte) (int, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	n := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return n, true
		}
		if err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			return 0, false
		}
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "records" && m.Content[i+1].Kind == yaml.SequenceNode {
				n += len(m.Content[i+1].Content)
			}
		}
	}
}

// evaluateAll evaluates the ledger on the days around its plan's period
// and its latest record, and renders the report of one of them in every
// form; none of it may panic or fail. The report of the latest day is
// rendered whole: it is the one most likely to hold every status.
func evaluateAll(t *testing.T, led *renewal.Ledger) {
	t.Helper()
	p := led.Plan()
	days := []renewal.Date{led.Latest(), p.Start, p.End}
	if !p.Start.IsZero() {
		days = append(days, p.Start.AddDays(-1), p.End.AddDays(1))
	}
	for i, day := range days {
		r := renewal.Evaluate(led, day)
		if err := r.WriteJSON(io.Discard); err != nil {
			t.Fatalf("WriteJSON on %s: %v", day, err)
		}
		if i > 0 {
			continue
		}
		for _, f := range []renewal.Format{renewal.Text, renewal.Markdown, renewal.CSV} {
			for _, l := range []renewal.Lang{renewal.Chinese, renewal.English} {
				if err := r.Write(io.Discard, f, l); err != nil {
					t.Fatalf("Write(%v, %v) on %s: %v", f, l, day, err)
				}
				if err := r.WriteLagging(io.Discard, f, l); err != nil {
					t.Fatalf("WriteLagging(%v, %v) on %s: %v", f, l, day, err)
				}
			}
			for _, d := range p.Districts {
				if err := r.WriteScorecard(io.Discard, d.ID, f, renewal.Chinese); err != nil {
					t.Fatalf("WriteScorecard(%s, %v) on %s: %v", d.ID, f, day, err)
				}
			}
		}
	}
}

// FuzzLoadPlan reads any bytes as a plan. It must never panic; every
// problem must be placed in the file; and a plan that loads without
// errors must evaluate and render on any day, with and without a record
// for every goal.
func FuzzLoadPlan(f *testing.F) {
	for _, b := range fuzzCorpus(f) {
		f.Add(b)
	}
	for _, s := range fuzzSeedHostile {
		f.Add([]byte(s))
	}
	f.Add([]byte(fuzzPlanYAML))
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, probs := renewal.ReadPlan("plan.yaml", bytes.NewReader(data))
		if plan == nil {
			t.Fatal("ReadPlan returned a nil plan")
		}
		checkProblems(t, "plan.yaml", data, probs)
		if probs.HasErrors() {
			return
		}
		led, lprobs := renewal.ReadProgress(plan, "none.yaml", strings.NewReader("records: []\n"))
		if len(lprobs) > 0 {
			t.Fatalf("an empty progress file has problems:\n%s", lprobs)
		}
		evaluateAll(t, led)
		// One record for every goal, on the last day.
		progress := fuzzFullProgress(plan)
		led, lprobs = renewal.ReadProgress(plan, "full.yaml", strings.NewReader(progress))
		checkProblems(t, "full.yaml", []byte(progress), lprobs)
		checkLedger(t, led, lprobs)
		evaluateAll(t, led)
	})
}

// fuzzFullProgress writes a progress file with a record for each goal of
// plan, dated at the end of its period.
func fuzzFullProgress(plan *renewal.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "date: %s\nrecords:\n", plan.End)
	for _, t := range plan.Targets {
		var figures string
		switch t.Kind {
		case renewal.Ratio:
			figures = "numerator: 1, denominator: 2"
		case renewal.Milestone:
			figures = "done: " + plan.Start.String()
		default:
			figures = "value: 1"
		}
		if t.CityWide() || t.Kind == renewal.Level {
			fmt.Fprintf(&b, "  - {target: %s, %s}\n", t.ID, figures)
		}
		for _, a := range t.Allocations {
			fmt.Fprintf(&b, "  - {target: %s, district: %s, %s}\n", t.ID, a.District.ID, figures)
		}
	}
	return b.String()
}

// FuzzLoadProgress reads any bytes as a progress file for a fixed plan. It
// must never panic, every problem must be placed in the file, and no
// entry may be lost: each is counted, rejected with an error, or named in
// a warning. Loading the same file twice counts no record twice.
func FuzzLoadProgress(f *testing.F) {
	plan := mustFuzzPlan(f)
	for _, b := range fuzzCorpus(f) {
		f.Add(b)
	}
	for _, s := range fuzzSeedHostile {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		led, probs := renewal.ReadProgress(plan, "progress.yaml", bytes.NewReader(data))
		if led == nil {
			t.Fatal("ReadProgress returned a nil ledger")
		}
		checkProblems(t, "progress.yaml", data, probs)
		checkLedger(t, led, probs)
		st := led.Stats()
		if st.Files != 1 {
			t.Fatalf("stats %+v: want 1 file", st)
		}
		if !probs.HasErrors() {
			if n, ok := recordItems(data); ok && n != st.Entries {
				t.Fatalf("stats %+v: the file has %d record entries", st, n)
			}
		}
		evaluateAll(t, led)

		// The same bytes as two files: twice the entries, the same records.
		fsys := fstest.MapFS{"a.yaml": {Data: data}, "b.yaml": {Data: data}}
		led2, probs2 := renewal.LoadProgress(plan, fsys, "a.yaml", "b.yaml")
		checkLedger(t, led2, probs2)
		st2 := led2.Stats()
		if st2.Entries != 2*st.Entries || st2.Records != st.Records || st2.Files != 2 {
			t.Fatalf("one copy: %+v; two copies: %+v; want twice the entries and the same records", st, st2)
		}
	})
}
