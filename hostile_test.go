package renewal_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file feed the loader hostile input: inputs built to
// cost time or memory (an alias bomb, a mapping of 100,000 keys, a
// two-million-digit figure, a 50 MB value, nesting beyond yaml.v3's
// limit), and inputs that are wrong at the byte level (invalid UTF-8, a
// NUL byte, tabs). Each must be refused with an error that names the file
// and the place, and no entry may go missing from the ledger's Stats.
//
// The expensive ones run under a watchdog that fails the test if the load
// has not finished after hangLimit; it is generous, so that a slow or
// -race machine never fails a test that merely ran slowly. They do not
// assert on wall time otherwise.

// hangLimit is how long a hostile load may run before the test calls it a
// hang. An unbounded load (an alias bomb expanded, a quadratic check over
// 100,000 keys) takes far longer.
const hangLimit = 20 * time.Second * raceFactor

// bigLimit is hangLimit for the 50 MB value, which takes some seconds to
// scan, and many more under -race.
const bigLimit = 3 * time.Minute * raceFactor

// finishes runs fn and fails the test if it has not returned within
// limit.
func finishes(t *testing.T, limit time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("the load is still running after %v: the input is not bounded", limit)
	}
}

// wantProblem is one expected error: its exact place and a part of its
// message.
type wantProblem struct {
	line, col int
	msg       string
}

// assertProblems checks that probs are exactly the errors in want, in
// order, each in file at its line and column, with no warnings.
func assertProblems(t *testing.T, file string, probs renewal.Problems, want ...wantProblem) {
	t.Helper()
	if !assert.Len(t, probs, len(want), "problems:\n%s", probs) {
		return
	}
	for i, w := range want {
		p := probs[i]
		assert.Equal(t, renewal.Error, p.Severity, "%s", p)
		assert.Equal(t, renewal.Position{File: file, Line: w.line, Column: w.col}, p.Position, "%s", p)
		assert.Contains(t, p.Message, w.msg, "%s", p)
	}
}

// assertStats checks a ledger's counts: entries read, records counted and
// entries rejected, and that they add up.
func assertStats(t *testing.T, led *renewal.Ledger, entries, records, rejected int) {
	t.Helper()
	st := led.Stats()
	assert.Equal(t, entries, st.Entries, "entries %+v", st)
	assert.Equal(t, records, st.Records, "records %+v", st)
	assert.Equal(t, rejected, st.Rejected, "rejected %+v", st)
	assert.Equal(t, st.Entries, st.Records+st.Rejected+st.Duplicates+st.Replaced, "%+v", st)
	assert.Equal(t, st.Records, led.Len())
}

// posOf returns the 1-based line and column (in characters) of the n-th
// (from 0) occurrence of needle in text.
func posOf(t *testing.T, text, needle string, n int) (line, col int) {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(text[off:], needle)
		require.GreaterOrEqual(t, j, 0, "%q not found", needle)
		if i == n {
			off += j
			break
		}
		off += j + len(needle)
	}
	before := text[:off]
	line = 1 + strings.Count(before, "\n")
	col = 1 + utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:])
	return line, col
}

// hostileRecords is the head of a progress file for the fuzz plan: a
// default date, then the records list.
const hostileRecords = "date: 2025-06-30\nrecords:\n"

func readProgress(t *testing.T, l *renewal.Loader, name, text string) (*renewal.Ledger, renewal.Problems) {
	t.Helper()
	limit := hangLimit
	if len(text) > 10<<20 {
		limit = bigLimit
	}
	var led *renewal.Ledger
	var probs renewal.Problems
	plan := mustFuzzPlan(t)
	finishes(t, limit, func() {
		led, probs = l.ReadProgress(plan, name, strings.NewReader(text))
	})
	return led, probs
}

func readPlan(t *testing.T, l *renewal.Loader, name, text string) (*renewal.Plan, renewal.Problems) {
	t.Helper()
	var plan *renewal.Plan
	var probs renewal.Problems
	finishes(t, hangLimit, func() {
		plan, probs = l.ReadPlan(name, strings.NewReader(text))
	})
	require.NotNil(t, plan)
	return plan, probs
}

// hostilePlanHead is a plan's required part, to which tests add the
// hostile lines.
const hostilePlanHead = `id: hostile
title: 测试计划
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
`

// TestHostileAliasBomb: a billion-laughs file, nine levels of ten aliases
// each (10⁹ nodes expanded), is refused at its first anchor without being
// expanded. yaml.v3 builds the node tree without expanding aliases; the
// loader reports anchors and aliases and never walks into them.
func TestHostileAliasBomb(t *testing.T) {
	bomb := func(first string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "  - &l0 %s\n", first)
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&b, "  - &l%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
		}
		return b.String()
	}
	t.Run("ErrProgressAnchors", func(t *testing.T) {
		text := hostileRecords + bomb("{target: pilot-projects, value: 1}")
		led, probs := readProgress(t, &renewal.Loader{}, "bomb.yaml", text)
		var want []wantProblem
		for i := 0; i <= 9; i++ {
			want = append(want, wantProblem{3 + i, 5, fmt.Sprintf("an anchor (&l%d) is not allowed", i)})
		}
		assertProblems(t, "bomb.yaml", probs, want...)
		assertStats(t, led, 10, 0, 10)
	})
	t.Run("ErrProgressAlias", func(t *testing.T) {
		// The classic form: the bomb under keys of its own, and the
		// records list an alias of its top.
		var b strings.Builder
		b.WriteString("date: 2025-06-30\n")
		b.WriteString("x: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&b, "x%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
		}
		b.WriteString("records: *l9\n")
		led, probs := readProgress(t, &renewal.Loader{}, "bomb.yaml", b.String())
		require.True(t, probs.HasErrors())
		last := probs[len(probs)-1]
		assert.Equal(t, renewal.Position{File: "bomb.yaml", Line: 12, Column: 10}, last.Position, "%s", last)
		assert.Contains(t, last.Message, "an alias (*l9) is not allowed")
		assert.Len(t, probs, 11, "ten unknown keys and the alias:\n%s", probs)
		assertStats(t, led, 0, 0, 0)
	})
	t.Run("ErrPlan", func(t *testing.T) {
		text := hostilePlanHead + "districts:\n" + bomb("{id: a, name: 甲区}")
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", text)
		var want []wantProblem
		for i := 0; i <= 9; i++ {
			want = append(want, wantProblem{6 + i, 5, fmt.Sprintf("an anchor (&l%d) is not allowed", i)})
		}
		assertProblems(t, "plan.yaml", probs, want...)
	})
	t.Run("ErrAliasAsRecord", func(t *testing.T) {
		text := hostileRecords + "  - &r {target: pilot-projects, value: 1}\n  - *r\n"
		led, probs := readProgress(t, &renewal.Loader{}, "alias.yaml", text)
		assertProblems(t, "alias.yaml", probs,
			wantProblem{3, 5, "an anchor (&r) is not allowed"},
			wantProblem{4, 5, "an alias (*r) is not allowed"})
		assertStats(t, led, 2, 0, 2)
	})
}

// TestHostileMappingKeys: yaml.v3's own duplicate-key check compares every
// key with every other (100,000 keys take about 30 s); the loader decodes
// to nodes, which skips it, and checks keys itself in one pass. A mapping
// may hold at most Limits.MappingKeys keys.
func TestHostileMappingKeys(t *testing.T) {
	keys := func(n int, value string) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "k%d: %s", i, value)
		}
		return b.String()
	}
	t.Run("ErrRecordOverDefaultLimit", func(t *testing.T) {
		text := hostileRecords + "  - {" + keys(100000, "1") + "}\n"
		led, probs := readProgress(t, &renewal.Loader{}, "keys.yaml", text)
		assertProblems(t, "keys.yaml", probs, wantProblem{3, 5, "a record has 100000 keys, more than the limit of 10000"})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("ErrDocumentOverDefaultLimit", func(t *testing.T) {
		text := "{" + keys(100000, "x") + "}\n"
		led, probs := readProgress(t, &renewal.Loader{}, "keys.yaml", text)
		assertProblems(t, "keys.yaml", probs, wantProblem{1, 1, "has 100000 keys, more than the limit of 10000"})
		assertStats(t, led, 0, 0, 0)
	})
	t.Run("ErrAllocationsOverDefaultLimit", func(t *testing.T) {
		text := hostilePlanHead + "districts: [{id: a, name: 甲区}]\nsections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [\n" +
			"  {id: t, name: T, target: 5, lead: zjj, allocations: {" + keys(100000, "1") + "}}]}]}]\n"
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", text)
		line, col := posOf(t, text, "{k0", 0)
		assertProblems(t, "plan.yaml", probs, wantProblem{line, col, "allocations has 100000 keys, more than the limit of 10000"})
	})
	t.Run("ErrDuplicateAmong100000", func(t *testing.T) {
		// With the limit raised, 100,000 distinct districts and one
		// repeated at the end: the repeat is found, in linear time.
		var b strings.Builder
		b.WriteString(hostilePlanHead + "districts:\n")
		for i := range 100000 {
			fmt.Fprintf(&b, "  - {id: k%d, name: 区%d}\n", i, i)
		}
		b.WriteString("sections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [\n  {id: t, name: T, lead: zjj, allocations: {")
		b.WriteString(keys(100000, "1"))
		b.WriteString(", k7: 2}}]}]}]\n")
		text := b.String()
		l := &renewal.Loader{Limits: renewal.Limits{MappingKeys: 200000}}
		_, probs := readPlan(t, l, "plan.yaml", text)
		line, col := posOf(t, text, "k7: 2", 0)
		firstLine, _ := posOf(t, text, "k7: 1", 0)
		assertProblems(t, "plan.yaml", probs, wantProblem{line, col, fmt.Sprintf(`duplicate key "k7" in allocations (first at line %d)`, firstLine)})
	})
	t.Run("ErrDuplicateRecordKey", func(t *testing.T) {
		text := hostileRecords + "  - {target: pilot-projects, value: 1, value: 2}\n"
		led, probs := readProgress(t, &renewal.Loader{}, "dup.yaml", text)
		assertProblems(t, "dup.yaml", probs, wantProblem{3, 40, `duplicate key "value" in a record (first at line 3)`})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("LimitIsInclusive", func(t *testing.T) {
		l := &renewal.Loader{Limits: renewal.Limits{MappingKeys: 3}}
		led, probs := readProgress(t, l, "three.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: x}\n")
		assert.Empty(t, probs)
		assertStats(t, led, 1, 1, 0)

		led, probs = readProgress(t, l, "four.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: x, unit: 个}\n")
		assertProblems(t, "four.yaml", probs, wantProblem{3, 5, "a record has 4 keys, more than the limit of 3"})
		assertStats(t, led, 1, 0, 1)
	})
}

// TestHostileEmptyValues: a figure written as YAML's null, as nothing, or
// as a mapping or list is an error at the value, not a zero.
func TestHostileEmptyValues(t *testing.T) {
	tests := []struct {
		name, record string
		line, col    int
		msg          string
	}{
		{"ErrTilde", "  - {target: pilot-projects, value: ~}\n", 3, 37, `value "~" is YAML's null`},
		{"ErrNull", "  - {target: pilot-projects, value: null}\n", 3, 37, `value "null" is YAML's null`},
		{"ErrEmptyBlock", "  - target: pilot-projects\n    value:\n", 4, 11, "value is empty"},
		{"ErrEmptyFlow", "  - {target: pilot-projects, value: }\n", 3, 37, "value is empty"},
		{"ErrEmptyString", "  - {target: pilot-projects, value: \"\"}\n", 3, 37, "it is empty"},
		{"ErrMapping", "  - {target: pilot-projects, value: {}}\n", 3, 37, "value is a mapping"},
		{"ErrList", "  - {target: pilot-projects, value: []}\n", 3, 37, "value is a list"},
		{"ErrRatioNull", "  - {target: coverage, district: tinghu, numerator: ~, denominator: 4}\n", 3, 53, `numerator "~" is YAML's null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			led, probs := readProgress(t, &renewal.Loader{}, "empty.yaml", hostileRecords+tt.record)
			assertProblems(t, "empty.yaml", probs, wantProblem{tt.line, tt.col, tt.msg})
			assertStats(t, led, 1, 0, 1)
		})
	}
	t.Run("ErrPlanTarget", func(t *testing.T) {
		text := hostilePlanHead + "sections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [\n  {id: t, name: T, lead: zjj, target: ~}]}]}]\n"
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", text)
		line, col := posOf(t, text, "~", 0)
		assertProblems(t, "plan.yaml", probs, wantProblem{line, col, `target figure "~" is YAML's null`})
	})
}

// TestHostileOctal: 010 is octal 8 to YAML and 10 to a person, so it is
// neither: an error, however it is quoted.
func TestHostileOctal(t *testing.T) {
	for _, v := range []string{"010", `"010"`, "'010'", "-010", `"0,010"`, "00"} {
		t.Run(v, func(t *testing.T) {
			led, probs := readProgress(t, &renewal.Loader{}, "octal.yaml", hostileRecords+"  - {target: pilot-projects, value: "+v+"}\n")
			assertProblems(t, "octal.yaml", probs, wantProblem{3, 37, "leading zero"})
			assertStats(t, led, 1, 0, 1)
		})
	}
}

// TestHostileHugeFigure: a two-million-digit figure is refused before any
// parsing: by the value length limit, and, when that is raised, by the
// figure's own length bound.
func TestHostileHugeFigure(t *testing.T) {
	digits := "1" + strings.Repeat("0", 1999999)
	text := hostileRecords + "  - {target: pilot-projects, value: " + digits + "}\n"
	t.Run("ErrScalarLimit", func(t *testing.T) {
		led, probs := readProgress(t, &renewal.Loader{}, "huge.yaml", text)
		assertProblems(t, "huge.yaml", probs, wantProblem{3, 37, "value is 2000000 bytes long, more than the limit of 65536"})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("ErrFigureLength", func(t *testing.T) {
		l := &renewal.Loader{Limits: renewal.Limits{ScalarBytes: 4 << 20}}
		led, probs := readProgress(t, l, "huge.yaml", text)
		assertProblems(t, "huge.yaml", probs, wantProblem{3, 37, "it is 2000000 characters long"})
		assert.Less(t, len(probs[0].Message), 300, "the figure is cut short in the message")
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("ErrPlan", func(t *testing.T) {
		plan := hostilePlanHead + "sections: [{id: s, name: S, tasks: [{id: k, name: K, targets: [\n  {id: t, name: T, lead: zjj, target: " + digits + "}]}]}]\n"
		l := &renewal.Loader{Limits: renewal.Limits{ScalarBytes: 4 << 20}}
		_, probs := readPlan(t, l, "plan.yaml", plan)
		line, col := posOf(t, plan, digits, 0)
		assertProblems(t, "plan.yaml", probs, wantProblem{line, col, "target figure \"1000000000"})
		assert.Contains(t, probs[0].Message, "it is 2000000 characters long")
	})
}

// TestHostileDocuments: every document of a multi-document file is read,
// whatever comes between them, and a bad document does not hide the ones
// after it.
func TestHostileDocuments(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		text := "date: 2025-03-31\nrecords: [{target: pilot-projects, value: 1}]\n" +
			"---\n# a comment\ndate: 2025-04-30\nrecords: [{target: pilot-projects, value: 2}]\n...\n" +
			"--- # the third\ndate: 2025-05-31\nrecords: [{target: pilot-projects, value: 3}]\n" +
			"---\ndate: 2025-06-30\nrecords: []\n" +
			"---\ndistrict: tinghu\ndate: 2025-07-31\nrecords:\n  - {target: pilot-projects, value: 4}\n  - {target: neighbourhoods, value: 5}\n"
		led, probs := readProgress(t, &renewal.Loader{}, "docs.yaml", text)
		assert.Empty(t, probs)
		assertStats(t, led, 5, 5, 0)
		var got []string
		for r := range led.Records() {
			got = append(got, r.Date.String()+" "+r.Value.String())
		}
		assert.Equal(t, []string{"2025-03-31 1", "2025-04-30 2", "2025-05-31 3", "2025-07-31 4", "2025-07-31 5"}, got)
	})
	t.Run("ErrMiddle", func(t *testing.T) {
		// The second document's default date does not reach the third,
		// the empty fourth is an error, and the fifth still counts.
		text := "date: 2025-03-31\nrecords: [{target: pilot-projects, value: 1}]\n" + // 1–2
			"---\nrecords: [{target: pilot-projects, value: 2}]\n" + // 3–4
			"---\ndate: 2025-05-31\nrecords: [{target: pilot-projects, value: 3}]\n" + // 5–7
			"---\n---\n" + // 8–9
			"date: 2025-06-30\nrecords: [{target: pilot-projects, value: 4}]\n" // 10–11
		led, probs := readProgress(t, &renewal.Loader{}, "docs.yaml", text)
		require.Len(t, probs, 2, "%s", probs)
		assert.Equal(t, renewal.Position{File: "docs.yaml", Line: 4, Column: 11}, probs[0].Position, "%s", probs[0])
		assert.Contains(t, probs[0].Message, "no date")
		assert.Equal(t, renewal.Position{File: "docs.yaml", Line: 8, Column: 1}, probs[1].Position, "%s", probs[1])
		assert.Contains(t, probs[1].Message, "the document is empty")
		assertStats(t, led, 4, 3, 1)
	})
}

// TestHostileUTF8: a file that is not UTF-8 is refused at its first bad
// byte, with the line and the column in characters before it.
func TestHostileUTF8(t *testing.T) {
	tests := []struct {
		name, text string
		bad        string // the bad bytes, found in text
	}{
		{"ErrLatin1", hostileRecords + "  - {target: pilot-projects, value: 1, note: 亭湖区\xff}\n", "\xff"},
		{"ErrGBK", "# \xcd\xa4\xba\xfe\xc7\xf8\n" + hostileRecords, "\xba"}, // 亭湖区 in GBK: its first two bytes happen to be UTF-8
		{"ErrTruncatedAtEnd", hostileRecords + "  - {target: pilot-projects, value: 1} # 亭\xe6\xb9", "\xe6\xb9"},
		{"ErrOverlong", hostileRecords + "  - {target: pilot-projects, value: 1, note: \xc0\xaf}\n", "\xc0"},
		{"ErrSurrogate", hostileRecords + "  - {target: pilot-projects, value: 1, note: \xed\xa0\x80}\n", "\xed"},
		{"ErrAfterBOM", "\xEF\xBB\xBF\xfe" + hostileRecords, "\xfe"},
		{"ErrInKey", "dat\x80e: 2025-06-30\nrecords: []\n", "\x80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := posOf(t, strings.TrimPrefix(tt.text, "\xEF\xBB\xBF"), tt.bad, 0)
			led, probs := readProgress(t, &renewal.Loader{}, "bad.yaml", tt.text)
			assertProblems(t, "bad.yaml", probs, wantProblem{line, col, "UTF-8"})
			assertStats(t, led, 0, 0, 0)
		})
	}
	t.Run("ErrPlan", func(t *testing.T) {
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", hostilePlanHead+"districts: [{id: a, name: \xb9\xab}]\n")
		assertProblems(t, "plan.yaml", probs, wantProblem{5, 27, "UTF-8"})
	})
}

// TestHostileControl: a NUL byte, or any control character but tab, line
// feed and carriage return, is refused where it stands, in a value, a
// comment or a key.
func TestHostileControl(t *testing.T) {
	tests := []struct {
		name, text, bad, msg string
	}{
		{"ErrNUL", hostileRecords + "  - {target: pilot-projects, value: 1\x00}\n", "\x00", "U+0000"},
		{"ErrNULFirst", "\x00" + hostileRecords, "\x00", "U+0000"},
		{"ErrNULInComment", hostileRecords + "# 亭湖\x00\n", "\x00", "U+0000"},
		{"ErrEscape", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\x1b[31m}\n", "\x1b", "U+001B"},
		{"ErrDelete", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\x7f}\n", "\x7f", "U+007F"},
		{"ErrNextLine", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\u0085b}\n", "\u0085", "U+0085"},
		{"ErrBOMInside", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\uFEFFb}\n", "\uFEFF", "U+FEFF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := posOf(t, tt.text, tt.bad, 0)
			led, probs := readProgress(t, &renewal.Loader{}, "control.yaml", tt.text)
			assertProblems(t, "control.yaml", probs, wantProblem{line, col, tt.msg})
			assertStats(t, led, 0, 0, 0)
		})
	}
	t.Run("ErrPlan", func(t *testing.T) {
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", hostilePlanHead+"title2: a\x00\n")
		assertProblems(t, "plan.yaml", probs, wantProblem{5, 10, "U+0000"})
	})
	t.Run("ErrTagEscapes", func(t *testing.T) {
		// A tag's %-escapes decode to line breaks and tabs: the message
		// shows them escaped, so that it stays one line.
		text := hostileRecords + "  - {target: pilot-projects, value: !%0A%09 1}\n"
		led, probs := readProgress(t, &renewal.Loader{}, "tag.yaml", text)
		assertProblems(t, "tag.yaml", probs, wantProblem{3, 37, `a tag ("!\n\t") is not allowed`})
		assertStats(t, led, 1, 0, 1)
	})
}

// TestHostileTabs: YAML indents with spaces; a tab in the indentation is
// an error at the tab.
func TestHostileTabs(t *testing.T) {
	tests := []struct {
		name, text string
		line, col  int
	}{
		{"ErrListItem", "district: tinghu\n" + hostileRecords + "\t- {target: neighbourhoods, value: 3}\n", 4, 1},
		{"ErrKeyAfterSpaces", hostileRecords + "  - target: pilot-projects\n  \t  value: 1\n", 4, 3},
		{"ErrKey", hostileRecords + "  - target: pilot-projects\n    value: 1\n\t\tnote: x\n", 5, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			led, probs := readProgress(t, &renewal.Loader{}, "tabs.yaml", tt.text)
			assertProblems(t, "tabs.yaml", probs, wantProblem{tt.line, tt.col, "tab"})
			assertStats(t, led, 0, 0, 0)
		})
	}
	t.Run("OKTabInValue", func(t *testing.T) {
		// A tab inside a value or before a comment is text, not indentation.
		led, probs := readProgress(t, &renewal.Loader{}, "tabs.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: \"a\tb\"}\t# x\n")
		assert.Empty(t, probs)
		assertStats(t, led, 1, 1, 0)
	})
}

// TestHostileNesting: yaml.v3 stops at 10,000 levels of nesting; deeper is
// a syntax error with the file and line, and shallower nesting where a
// single value belongs is a value of the wrong shape. Nothing recurses
// without bound.
func TestHostileNesting(t *testing.T) {
	const deep = 20000
	tests := []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"ErrFlowLists", hostileRecords + "  - {target: pilot-projects, value: 1, note: " + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "}\n", 3, 1, "exceeded max depth of 10000"},
		{"ErrFlowMappings", hostileRecords + "  - " + strings.Repeat("{a: ", deep) + "x" + strings.Repeat("}", deep) + "\n", 3, 1, "exceeded max depth of 10000"},
		{"ErrUnclosed", "records: " + strings.Repeat("[", deep) + "\n", 1, 1, "exceeded max depth of 10000"},
		// Block nesting: yaml.v3 gives the line of the last key before
		// the nesting, here records: on line 2.
		{"ErrBlockLists", hostileRecords + "  - " + strings.Repeat("- ", deep) + "x\n", 2, 1, "exceeded max depth of 10000"},
		{"ErrShallowerIsWrongShape", hostileRecords + "  - {target: pilot-projects, value: 1, note: " + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + "}\n", 3, 46, "note is a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := readProgress(t, &renewal.Loader{}, "deep.yaml", tt.text)
			assertProblems(t, "deep.yaml", probs, wantProblem{tt.line, tt.col, tt.msg})
		})
	}
	t.Run("ErrPlan", func(t *testing.T) {
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", hostilePlanHead+"districts: "+strings.Repeat("[", deep)+"\n")
		assertProblems(t, "plan.yaml", probs, wantProblem{5, 1, "exceeded max depth of 10000"})
	})
}

// TestHostileHugeScalar: a 50 MB value is read once and refused by the
// value length limit, at the value. (The plan's case is 1 MB: the check is
// the same, and 50 MB takes a while under -race.)
func TestHostileHugeScalar(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 50 MB")
	}
	big := strings.Repeat("拆", 50<<20/3)
	t.Run("ErrNote", func(t *testing.T) {
		// The document limit would refuse the file first (TestHostileLimits).
		l := &renewal.Loader{Limits: renewal.Limits{DocumentBytes: 64 << 20}}
		led, probs := readProgress(t, l, "big.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: "+big+"}\n")
		assertProblems(t, "big.yaml", probs, wantProblem{3, 46, fmt.Sprintf("note is %d bytes long, more than the limit of 65536", len(big))})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("ErrPlanTitle", func(t *testing.T) {
		title := strings.Repeat("拆", 1<<20/3)
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", "id: x\nperiod: {start: 2025-01-01, end: 2025-12-31}\ntitle: \""+title+"\"\n")
		assertProblems(t, "plan.yaml", probs, wantProblem{3, 8, fmt.Sprintf("plan title is %d bytes long, more than the limit of 65536", len(title))})
	})
}

// TestHostileLimits: each limit of a Loader refuses what passes it, with
// the file and the place, and lets through what is at it.
func TestHostileLimits(t *testing.T) {
	t.Run("FileBytes", func(t *testing.T) {
		text := hostileRecords + "  - {target: pilot-projects, value: 1}\n"
		at := &renewal.Loader{Limits: renewal.Limits{FileBytes: int64(len(text))}}
		led, probs := readProgress(t, at, "at.yaml", text)
		assert.Empty(t, probs)
		assertStats(t, led, 1, 1, 0)

		over := &renewal.Loader{Limits: renewal.Limits{FileBytes: int64(len(text)) - 1}}
		led, probs = readProgress(t, over, "over.yaml", text)
		assertProblems(t, "over.yaml", probs, wantProblem{1, 1, fmt.Sprintf("larger than the limit of %d bytes", len(text)-1)})
		assertStats(t, led, 0, 0, 0)

		_, probs = readPlan(t, over, "plan.yaml", text)
		assertProblems(t, "plan.yaml", probs, wantProblem{1, 1, fmt.Sprintf("larger than the limit of %d bytes", len(text)-1)})
	})
	t.Run("FileBytesInDirectory", func(t *testing.T) {
		// One file over the limit is refused; the others still load.
		small := hostileRecords + "  - {target: pilot-projects, value: 1}\n"
		fsys := fstest.MapFS{
			"p/a.yaml": {Data: []byte(small)},
			"p/b.yaml": {Data: []byte(small + "  - {target: vacant-plants, value: 3, note: " + strings.Repeat("x", 200) + "}\n")},
			"p/c.yaml": {Data: []byte(strings.Replace(small, "06-30", "07-31", 1))},
		}
		l := &renewal.Loader{Limits: renewal.Limits{FileBytes: 200}}
		var led *renewal.Ledger
		var probs renewal.Problems
		finishes(t, hangLimit, func() { led, probs = l.LoadProgress(mustFuzzPlan(t), fsys, "p") })
		assertProblems(t, "p/b.yaml", probs, wantProblem{1, 1, "larger than the limit of 200 bytes"})
		assertStats(t, led, 2, 2, 0)
		assert.Equal(t, 3, led.Stats().Files)
	})
	t.Run("ScalarBytes", func(t *testing.T) {
		l := &renewal.Loader{Limits: renewal.Limits{ScalarBytes: 14}}
		led, probs := readProgress(t, l, "s.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: 亭湖区亭}\n")
		assert.Empty(t, probs)
		assertStats(t, led, 1, 1, 0)
		led, probs = readProgress(t, l, "s.yaml", hostileRecords+"  - {target: pilot-projects, value: 1, note: 亭湖区亭湖}\n")
		assertProblems(t, "s.yaml", probs, wantProblem{3, 46, "note is 15 bytes long, more than the limit of 14"})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("FigureDigits", func(t *testing.T) {
		thirty := strings.Repeat("9", 27) + ".99%"
		led, probs := readProgress(t, &renewal.Loader{}, "d.yaml", hostileRecords+"  - {target: growth, value: "+thirty+"}\n")
		assert.Empty(t, probs)
		assertStats(t, led, 1, 1, 0)
		led, probs = readProgress(t, &renewal.Loader{}, "d.yaml", hostileRecords+"  - {target: pilot-projects, value: \"1,"+strings.Repeat("000,", 9)+"000.5\"}\n")
		assertProblems(t, "d.yaml", probs, wantProblem{3, 37, "it has 32 significant digits, more than 30"})
		assertStats(t, led, 1, 0, 1)
	})
	t.Run("DocumentBytes", func(t *testing.T) {
		// A document counts from its --- line to the next marker. The
		// limit holds for documents yaml.v3 must read: this one has an
		// escape in quotes, which the quick reader declines.
		doc1 := hostileRecords + "  - {target: pilot-projects, value: 1}\n"
		doc2 := "---\ndate: 2025-07-31\nrecords:\n  - {target: pilot-projects, value: 2, note: \"\\\"2\\\"\"}\n  - {target: pilot-projects, value: 3, date: 2025-08-31}\n"
		text := doc1 + doc2 // doc2, on line 4, is the larger
		l := &renewal.Loader{Limits: renewal.Limits{DocumentBytes: len(doc2) - 1}}
		led, probs := readProgress(t, l, "docs.yaml", text)
		assertProblems(t, "docs.yaml", probs, wantProblem{4, 1, fmt.Sprintf("the document starting here is %d bytes, more than the limit of %d bytes a document", len(doc2), len(doc2)-1)})
		assertStats(t, led, 0, 0, 0)
		// At the limit: read.
		l.Limits.DocumentBytes = len(doc2)
		led, probs = readProgress(t, l, "docs.yaml", text)
		assert.Empty(t, probs)
		assertStats(t, led, 3, 3, 0)
		// Without the escape, the quick reader reads the document a batch
		// at a time, however far over the limit (and small) it is.
		plain := strings.Replace(text, `, note: "\"2\""`, "", 1)
		require.NotEqual(t, text, plain)
		l.Limits.DocumentBytes = 40
		led, probs = readProgress(t, l, "docs.yaml", plain)
		assert.Empty(t, probs)
		assertStats(t, led, 3, 3, 0)
		// The default, 8 MiB, refuses a 9 MiB document that yaml.v3 would
		// read (an escape in quotes: the quick reader declines it)…
		n := 9 << 20 / 39
		big := hostileRecords + strings.Repeat("  - {target: pilot-projects, value: 1}\n", n) + "  - {target: pilot-projects, value: 1, note: \"a\\tb\"}\n"
		_, probs = readProgress(t, &renewal.Loader{}, "big.yaml", big)
		assertProblems(t, "big.yaml", probs, wantProblem{1, 1, "more than the limit of 8388608 bytes a document"})
		// … and reads one the quick reader streams a batch of records at a
		// time: n records on one date, each after the first a duplicate,
		// so n-1 warnings, the last on line 2+n.
		big = hostileRecords + strings.Repeat("  - {target: pilot-projects, value: 1}\n", n)
		led, probs = readProgress(t, &renewal.Loader{}, "big.yaml", big)
		require.False(t, probs.HasErrors(), "%s", probs.Err())
		require.Len(t, probs, n-1)
		assert.Equal(t, renewal.Position{File: "big.yaml", Line: 2 + n, Column: 5}, probs[n-2].Position)
		assert.Equal(t, n, led.Stats().Entries)
		assert.Equal(t, 1, led.Len())
	})
	t.Run("MappingKeys", func(t *testing.T) {
		l := &renewal.Loader{Limits: renewal.Limits{MappingKeys: 2}}
		_, probs := readPlan(t, l, "plan.yaml", "id: x\ntitle: y\nperiod: {start: 2025-01-01, end: 2025-12-31}\n")
		assertProblems(t, "plan.yaml", probs, wantProblem{1, 1, "the plan has 3 keys, more than the limit of 2"})
	})
}

// TestHostileManyProblems: a file with an error on every line reports each
// one, and stays linear: 50,000 bad records give 50,000 errors.
func TestHostileManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(hostileRecords)
	const n = 50000
	for range n {
		b.WriteString("  - {target: pilot-projects, value: 1e3}\n")
	}
	led, probs := readProgress(t, &renewal.Loader{}, "many.yaml", b.String())
	require.Len(t, probs, n)
	assert.Equal(t, renewal.Position{File: "many.yaml", Line: 2 + n, Column: 37}, probs[n-1].Position)
	assertStats(t, led, n, 0, n)
}

// TestHostileCRLFAndBOM: a BOM and CRLF line ends are accepted, and
// positions after them are those an editor shows.
func TestHostileCRLFAndBOM(t *testing.T) {
	text := "\xEF\xBB\xBFdate: 2025-06-30\r\nrecords:\r\n  - {target: pilot-projects, value: 1}\r\n  - {target: pilot-projects, value: 0x10}\r\n"
	led, probs := readProgress(t, &renewal.Loader{}, "crlf.yaml", text)
	assertProblems(t, "crlf.yaml", probs, wantProblem{4, 37, `"0x10" is not a decimal figure`})
	assertStats(t, led, 2, 1, 1)
}
