package renewal_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file are issue 22's point on script in reports: text
// from the data (names, notes, reasons, a clerk's correction, which the
// correction warning quotes) reaches the Markdown with its HTML escaped,
// a backslash before a pipe stays a backslash, and a bidirectional
// control is shown as its escape in text, Markdown and CSV.

// hostilePlan puts HTML, Markdown and a bidirectional override in every
// name the reports print, and in a note and a revision's reason.
const hostilePlan = `id: hostile
title: "<svg onload=alert(1)>计划"
period: {start: 2025-01-01, end: 2025-12-31}
departments:
  - {id: d1, name: "<img src=x onerror=alert(2)>住建局"}
districts:
  - {id: east, name: 东城\|西城}
  - {id: west, name: "\u202E区城西"}
sections:
  - id: s1
    name: "<script>alert(3)</script>第一部分"
    tasks:
      - id: t1
        name: "<b>任务</b>"
        targets:
          - id: a1
            name: "<iframe src=javascript:alert(4)>改造 *A* [B](javascript:x)"
            note: "<svg onload=alert(5)>"
            unit: 个
            target: 10
            allocations: {east: 6, west: 4}
            lead: d1
            revisions:
              - from: 2025-07-01
                reason: "<svg onload=alert(6)>核减"
                allocations: {west: 3}
                target: 9
`

// hostileProgress corrects a record with a reason that is a script.
const hostileProgress = `date: 2025-06-30
source: "<svg onload=alert(7)>"
records:
  - {target: a1, district: east, value: 2, note: "<svg onload=alert(8)>"}
  - {target: a1, district: east, value: 3, correction: "<svg onload=alert(9)>更正"}
  - {target: a1, district: west, value: 1}
`

func mustHostileReport(t *testing.T) *renewal.Report {
	t.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(hostilePlan))
	require.NoError(t, probs.Err())
	ledger, probs := renewal.ReadProgress(plan, "progress.yaml", strings.NewReader(hostileProgress))
	require.NoError(t, probs.Err())
	require.Len(t, probs, 1, "the correction warning")
	require.Contains(t, probs[0].Message, "<svg onload=alert(9)>更正")
	return renewal.Evaluate(ledger, renewal.MustParseDate("2025-09-30"))
}

// TestEscapeMarkdown: no < from the data reaches any Markdown form raw
// (the labels have none, so the Markdown has no < at all), each script
// shows as its text, the district 东城\|西城 stays one cell, and the
// override is shown as its escape.
func TestEscapeMarkdown(t *testing.T) {
	r := mustHostileReport(t)
	forms := map[string]func(*bytes.Buffer) error{
		"full":      func(b *bytes.Buffer) error { return r.Write(b, renewal.Markdown, renewal.Chinese) },
		"full-en":   func(b *bytes.Buffer) error { return r.Write(b, renewal.Markdown, renewal.English) },
		"lagging":   func(b *bytes.Buffer) error { return r.WriteLagging(b, renewal.Markdown, renewal.Chinese) },
		"scorecard": func(b *bytes.Buffer) error { return r.WriteScorecard(b, "east", renewal.Markdown, renewal.Chinese) },
	}
	for name, write := range forms {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, write(&buf))
			md := buf.String()
			assert.NotContains(t, md, "<")
			assert.NotContains(t, md, "\u202E")
			assert.Contains(t, md, "&lt;svg onload=alert(1)&gt;计划")
			if name == "scorecard" {
				assert.Contains(t, md, `# 东城\\\|西城`)
			} else {
				assert.Contains(t, md, `| 东城\\\|西城 |`)
			}
		})
	}
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.Markdown, renewal.Chinese))
	md := buf.String()
	for _, want := range []string{
		"| &lt;img src=x onerror=alert(2)&gt;住建局 |",                              // a department
		"### &lt;script&gt;alert(3)&lt;/script&gt;第一部分",                          // a section
		`| &lt;iframe src=javascript:alert(4)&gt;改造 \*A\* \[B\](javascript:x) |`, // a target
		"| &lt;svg onload=alert(6)&gt;核减 |",                                      // a revision's reason
		"| \\\\u202e区城西 |",                                                       // the override, shown
		"更正（&lt;svg onload=alert(9)&gt;更正）替换了",                                   // the correction warning, in Chinese
	} {
		assert.Contains(t, md, want)
	}
	// Every row of every table has as many cells as its header: no pipe
	// from the data ends a cell. A pipe ends a cell when an even run of
	// backslashes (none, or escaped ones) comes before it.
	var cols int
	for line := range strings.Lines(md) {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := cellEnds(line)
		if cols == 0 {
			cols = n
		}
		assert.Equal(t, cols, n, "%q", line)
	}
}

// cellEnds counts the pipes of a table row that end a cell.
func cellEnds(line string) int {
	n, run := 0, 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			run++
			continue
		case '|':
			if run%2 == 0 {
				n++
			}
		}
		run = 0
	}
	return n
}

// TestEscapeBidiTextCSV: the text report and the CSV show the override
// as its escape, so that it turns nothing around, and keep the rest of
// the name as written.
func TestEscapeBidiTextCSV(t *testing.T) {
	r := mustHostileReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.Text, renewal.Chinese))
	text := buf.String()
	assert.NotContains(t, text, "\u202E")
	assert.Contains(t, text, `\u202e区城西`)
	// Text is not Markdown: it prints a name as written.
	assert.Contains(t, text, "<svg onload=alert(1)>计划")
	assert.Contains(t, text, `东城\|西城`)

	buf.Reset()
	require.NoError(t, r.Write(&buf, renewal.CSV, renewal.Chinese))
	assert.NotContains(t, buf.String(), "\u202E")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	var names []string
	for _, row := range rows[1:] {
		names = append(names, row[5])
	}
	assert.Equal(t, []string{"", `东城\|西城`, `\u202e区城西`}, names)

	// The problems, as a tool prints them to standard error, escape it too.
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(hostilePlan))
	_, probs := renewal.ReadProgress(plan, "progress.yaml", strings.NewReader(
		"date: 2025-06-30\nrecords:\n  - {target: a1, district: \"\\u202Eeast\", value: 1}\n"))
	require.NotEmpty(t, probs)
	assert.NotContains(t, probs.String(), "\u202E")
	assert.Contains(t, probs.String(), `\u202e`)
}
