package renewal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

func examplePlanT(t *testing.T) *renewal.Plan {
	t.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	require.NoError(t, probs.Err())
	require.Empty(t, probs)
	return plan
}

// badProgress has one error (an unknown target, line 5) and one warning
// (an exact duplicate of line 3, line 4).
const badProgress = `district: east
records:
  - {target: neighbourhoods, date: 2025-06-30, value: 3}
  - {target: neighbourhoods, date: 2025-06-30, value: 3}
  - {target: neighbourhods, date: 2025-06-30, value: 3}
`

func TestReportKeepsLoadErrors(t *testing.T) {
	plan := examplePlanT(t)
	ledger, probs := renewal.ReadProgress(plan, "june.yaml", strings.NewReader(badProgress))
	require.Len(t, probs.Errors(), 1)
	require.Len(t, probs.Warnings(), 1)

	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	require.True(t, r.HasErrors())
	require.Len(t, r.Errors, 1)
	assert.Equal(t, 5, r.Errors[0].Line)
	assert.True(t, errors.Is(r.Errors[0], renewal.ErrReference))
	require.Len(t, r.Warnings, 1)
	// Problems: the error first, though the warning came first in the file.
	ps := r.Problems()
	require.Len(t, ps, 2)
	assert.Equal(t, renewal.Error, ps[0].Severity)
	assert.Equal(t, renewal.Warning, ps[1].Severity)

	for _, tc := range []struct {
		lang             renewal.Lang
		notice, errMark  string
		problemsHeading  string
		firstIsErrorLine string
	}{
		{renewal.Chinese, "注意：输入数据有 1 处错误，本报告不完整", "错误：", "七、数据问题（2 条）", "june.yaml:5:14: 错误：目标编号“neighbourhods”"},
		{renewal.English, "Warning: the input has 1 error, so this report is incomplete", "error: ", "7. Problems in the data (2)", "june.yaml:5:14: error: target"},
	} {
		t.Run(tc.lang.String(), func(t *testing.T) {
			for _, f := range []renewal.Format{renewal.Text, renewal.Markdown} {
				var buf bytes.Buffer
				require.NoError(t, r.Write(&buf, f, tc.lang))
				lines := strings.Split(buf.String(), "\n")
				// The notice is the first line after the title (and
				// Markdown's blank line), before the headline.
				var body []string
				for _, l := range lines[1:] {
					if strings.TrimSpace(l) != "" {
						body = append(body, l)
					}
				}
				require.NotEmpty(t, body)
				assert.Contains(t, body[0], tc.notice, "%s: the notice must come first", f)
				out := buf.String()
				assert.Contains(t, out, tc.problemsHeading)
				// The error is listed, marked, before the warning.
				iErr := strings.Index(out, tc.firstIsErrorLine)
				iWarn := strings.Index(out, "june.yaml:4:5:")
				require.GreaterOrEqual(t, iErr, 0, "%s: the error line is missing:\n%s", f, out)
				require.GreaterOrEqual(t, iWarn, 0, "%s: the warning line is missing", f)
				assert.Less(t, iErr, iWarn, "%s: errors come before warnings", f)
			}
			for name, write := range map[string]func(*bytes.Buffer) error{
				"lagging":   func(b *bytes.Buffer) error { return r.WriteLagging(b, renewal.Text, tc.lang) },
				"scorecard": func(b *bytes.Buffer) error { return r.WriteScorecard(b, "east", renewal.Markdown, tc.lang) },
			} {
				var buf bytes.Buffer
				require.NoError(t, write(&buf))
				assert.Contains(t, buf.String(), tc.notice, name)
			}
		})
	}

	// A clean report says nothing of errors.
	clean := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	assert.False(t, clean.HasErrors())
	var buf bytes.Buffer
	require.NoError(t, clean.Write(&buf, renewal.Text, renewal.Chinese))
	assert.NotContains(t, buf.String(), "注意")
}

func TestEvaluateNilLedger(t *testing.T) {
	var r *renewal.Report
	require.NotPanics(t, func() { r = renewal.Evaluate(nil, renewal.Date{}) })
	require.NotNil(t, r)
	require.True(t, r.HasErrors())
	assert.True(t, errors.Is(r.Errors[0], renewal.ErrArgument))
	assert.True(t, r.Errors[0].Position.IsZero())
	assert.Contains(t, r.Errors[0].Error(), "nil ledger")
	assert.Nil(t, r.Goal("x", ""))
	assert.Nil(t, r.District("x"))
	for _, f := range []renewal.Format{renewal.Text, renewal.Markdown, renewal.CSV, renewal.JSON} {
		var buf bytes.Buffer
		require.NotPanics(t, func() { require.NoError(t, r.Write(&buf, f, renewal.English)) }, f.String())
	}
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, renewal.Text, renewal.English))
	// The problem has no place, so it is printed by its message alone.
	assert.Contains(t, buf.String(), "\n  error: Evaluate was given a nil ledger")
}

func TestLoadProgressNilPlan(t *testing.T) {
	fsys := fstest.MapFS{"p.yaml": {Data: []byte(badProgress)}}
	for name, load := range map[string]func() (*renewal.Ledger, renewal.Problems){
		"LoadProgressFiles": func() (*renewal.Ledger, renewal.Problems) { return renewal.LoadProgressFiles(nil, "testdata") },
		"LoadProgress":      func() (*renewal.Ledger, renewal.Problems) { return renewal.LoadProgress(nil, fsys, "p.yaml") },
		"ReadProgress": func() (*renewal.Ledger, renewal.Problems) {
			return renewal.ReadProgress(nil, "p.yaml", strings.NewReader(badProgress))
		},
	} {
		t.Run(name, func(t *testing.T) {
			var led *renewal.Ledger
			var probs renewal.Problems
			require.NotPanics(t, func() { led, probs = load() })
			require.Len(t, probs, 1)
			assert.True(t, errors.Is(probs[0], renewal.ErrArgument))
			assert.Contains(t, probs[0].Message, "no plan")
			require.NotNil(t, led, "a ledger, so that Evaluate can say what went wrong")
			assert.Equal(t, 0, led.Len())
			r := renewal.Evaluate(led, renewal.Date{})
			assert.Equal(t, probs, r.Errors)
		})
	}
}

func TestEvaluateZeroDate(t *testing.T) {
	// The example ledger's latest record is dated 2025-06-30.
	r := renewal.Evaluate(exampleLedger(), renewal.Date{})
	assert.Equal(t, "2025-06-30", r.AsOf.String())
	want := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	assert.Equal(t, want.Score, r.Score)

	// No records: the period's start, 2025-01-01.
	plan := examplePlanT(t)
	empty, probs := renewal.LoadProgress(plan, fstest.MapFS{})
	require.NoError(t, probs.Err())
	r = renewal.Evaluate(empty, renewal.Date{})
	assert.Equal(t, "2025-01-01", r.AsOf.String())
}

func TestWriteBadArguments(t *testing.T) {
	r := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	var nilReport *renewal.Report
	var buf bytes.Buffer
	tests := []struct {
		name  string
		write func() error
		want  string
	}{
		{"unknown lang", func() error { return r.Write(&buf, renewal.Text, renewal.Lang(7)) }, "unknown language 7"},
		{"unknown lang, JSON", func() error { return r.Write(&buf, renewal.JSON, renewal.Lang(-1)) }, "unknown language -1"},
		{"unknown lang, lagging", func() error { return r.WriteLagging(&buf, renewal.Text, renewal.Lang(2)) }, "unknown language 2"},
		{"unknown lang, scorecard", func() error { return r.WriteScorecard(&buf, "east", renewal.CSV, renewal.Lang(2)) }, "unknown language 2"},
		{"unknown format", func() error { return r.Write(&buf, renewal.Format(9), renewal.Chinese) }, "unknown format 9"},
		{"nil report", func() error { return nilReport.Write(&buf, renewal.Text, renewal.Chinese) }, "no report"},
		{"nil report, JSON", func() error { return nilReport.WriteJSON(&buf) }, "no report"},
		{"nil report, lagging", func() error { return nilReport.WriteLagging(&buf, renewal.Text, renewal.Chinese) }, "no report"},
		{"nil report, scorecard", func() error { return nilReport.WriteScorecard(&buf, "x", renewal.Text, renewal.Chinese) }, "no report"},
		{"nil writer", func() error { return r.Write(nil, renewal.Text, renewal.Chinese) }, "no writer"},
		{"nil writer, JSON", func() error { return r.WriteJSON(nil) }, "no writer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf.Reset()
			var err error
			require.NotPanics(t, func() { err = tc.write() })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, buf.Len(), "nothing is written")
		})
	}
}

func TestNilReceivers(t *testing.T) {
	var l *renewal.Ledger
	var p *renewal.Plan
	var r *renewal.Report
	require.NotPanics(t, func() {
		assert.Nil(t, l.Plan())
		assert.Zero(t, l.Len())
		assert.Zero(t, l.Stats())
		assert.True(t, l.Latest().IsZero())
		for range l.Records() {
			t.Fatal("a nil ledger has no records")
		}
		_, ok := l.InForce(nil, nil, renewal.Date{})
		assert.False(t, ok)
		assert.Nil(t, p.Target("x"))
		assert.Nil(t, p.District("x"))
		assert.Nil(t, p.Department("x"))
		assert.Nil(t, r.Problems())
		assert.False(t, r.HasErrors())
	})
}

func TestJSONErrors(t *testing.T) {
	plan := examplePlanT(t)
	ledger, _ := renewal.ReadProgress(plan, "june.yaml", strings.NewReader(badProgress))
	var buf bytes.Buffer
	require.NoError(t, renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30")).WriteJSON(&buf))
	var got struct {
		Errors []struct {
			File         string
			Line, Column int
			Message      string
		}
		Warnings []struct{ Line int }
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	require.Len(t, got.Errors, 1)
	assert.Equal(t, "june.yaml", got.Errors[0].File)
	assert.Equal(t, 5, got.Errors[0].Line)
	assert.Contains(t, got.Errors[0].Message, `"neighbourhods"`)
	require.Len(t, got.Warnings, 1)
	assert.Equal(t, 4, got.Warnings[0].Line)
}

func TestPositionString(t *testing.T) {
	tests := []struct {
		pos  renewal.Position
		want string
	}{
		{renewal.Position{}, "-"},
		{renewal.Position{File: "a.yaml"}, "a.yaml"},
		{renewal.Position{File: "a.yaml", Line: 3}, "a.yaml:3"},
		{renewal.Position{File: "a.yaml", Line: 3, Column: 5}, "a.yaml:3:5"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.pos.String())
	}
	assert.Equal(t, "no plan", renewal.Problem{Message: "no plan"}.Error())
	assert.Equal(t, "warning: odd", renewal.Problem{Severity: renewal.Warning, Message: "odd"}.Error())
	assert.Equal(t, "a.yaml:3:5: warning: odd", renewal.Problem{Position: renewal.Position{File: "a.yaml", Line: 3, Column: 5}, Severity: renewal.Warning, Message: "odd"}.Error())
}
