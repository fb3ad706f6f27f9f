package renewal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// identPlan declares ids of every shape SPEC §2 allows: upper case,
// underscores, dots, Chinese.
const identPlan = `id: ids-2025
title: 标识符
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: Zjj_1, name: 住建}]
districts: [{id: 亭湖, name: 亭湖区}, {id: A-01.2, name: 一区}]
sections:
  - id: S.1
    name: 民生
    tasks:
      - id: old_neighbourhoods
        name: 老旧小区
        targets:
          - {id: T1, name: 改造, target: 10, allocations: {亭湖: 4, A-01.2: 6}, lead: Zjj_1}
          - {id: t1, name: 另一个, target: 2, lead: Zjj_1}
`

// TestIdentifiers: ids like T1, A-01.2, old_neighbourhoods and 亭湖 load
// and report; T1 and t1 are two ids.
func TestIdentifiers(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(identPlan))
	require.Empty(t, probs)
	assert.Len(t, plan.Targets, 2)
	led, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(`date: 2025-06-30
records:
  - {target: T1, district: 亭湖, value: 2}
  - {target: T1, district: A-01.2, value: 3}
  - {target: t1, value: 1}
`))
	require.Empty(t, probs)
	assert.Equal(t, 3, led.Len())
	rep := renewal.Evaluate(led, renewal.MustParseDate("2025-06-30"))
	var out bytes.Buffer
	require.NoError(t, rep.Write(&out, renewal.JSON, renewal.English))
	for _, id := range []string{`"T1"`, `"t1"`, `"亭湖"`, `"A-01.2"`, `"Zjj_1"`} {
		assert.Contains(t, out.String(), id)
	}
}

// TestIdentifiersRefused: a space, slash, colon, quote or other
// character, a leading '-', '_' or '.', or more than 64 characters is an
// error at the id; the plan id keeps its narrower pattern.
func TestIdentifiersRefused(t *testing.T) {
	tests := []struct{ id, why string }{
		{`"old neighbourhoods"`, "it has a space at character 4"},
		{`"a/b"`, `it has '/' (U+002F) at character 2`},
		{`"a:b"`, `it has ':' (U+003A) at character 2`},
		{`"a'b"`, `it has '\'' (U+0027) at character 2`},
		{`'a"b'`, `it has '"' (U+0022) at character 2`},
		{`"-a"`, `it begins with '-' (U+002D)`},
		{`_a`, `it begins with '_' (U+005F)`},
		{`.a`, `it begins with '.' (U+002E)`},
		{`"a\u200bb"`, "it has U+200B at character 2"},
		{strings.Repeat("亭", 65), "it is 65 characters long, more than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			text := strings.Replace(identPlan, "{id: T1,", "{id: "+tt.id+",", 1)
			_, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(text))
			require.True(t, probs.HasErrors(), "%s", probs)
			p := probs[0]
			// Line 13 is "          - {id: T1, …": ten spaces, "- {id: ", the id at 18.
			assert.Equal(t, renewal.Position{File: "plan.yaml", Line: 13, Column: 18}, p.Position, "%s", p)
			assert.Contains(t, p.Message, "is not an identifier: "+tt.why)
		})
	}
	t.Run("At64", func(t *testing.T) {
		text := strings.ReplaceAll(identPlan, "T1", strings.Repeat("亭", 64))
		_, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(text))
		assert.Empty(t, probs)
	})
	t.Run("PlanID", func(t *testing.T) {
		_, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(strings.Replace(identPlan, "ids-2025", "IDs_2025", 1)))
		require.Len(t, probs, 1)
		assert.Equal(t, 1, probs[0].Line)
		assert.Contains(t, probs[0].Message, `plan id "IDs_2025" is not a plan identifier`)
	})
}

// TestLookAlikeIDs: an unknown id that prints like a declared one (a
// Cyrillic Т, a full-width Ｔ, a zero-width space) is named so, with the
// place and code point of each character that differs; a near miss gets
// a did-you-mean.
func TestLookAlikeIDs(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(identPlan))
	require.Empty(t, probs)
	tests := []struct{ rec, msg string }{
		{"{target: Т1, district: 亭湖, value: 1}", `target "Т1" is not a target of plan ids-2025 (it looks like "T1" but is not the same: character 1 is U+0422 where "T1" has U+0054;`},
		{"{target: Ｔ1, district: 亭湖, value: 1}", `(it looks like "T1" but is not the same: character 1 is U+FF34 where "T1" has U+0054;`},
		{"{target: \"T\\u200b1\", district: 亭湖, value: 1}", `target "T\u200b1" is not a target of plan ids-2025 (it looks like "T1" but is not the same: character 2 is the invisible U+200B;`},
		{"{target: T1, district: 亭湖\u200d, value: 1}", `district "亭湖\u200d" is not a declared district (it looks like "亭湖" but is not the same: character 3 is the invisible U+200D;`},
		{"{target: T1, district: 亭胡, value: 1}", `district "亭胡" is not a declared district (did you mean "亭湖"?)`},
		{"{target: T11, district: 亭湖, value: 1}", `target "T11" is not a target of plan ids-2025 (did you mean "T1"?)`},
		{"{target: zzzzzz, district: 亭湖, value: 1}", `target "zzzzzz" is not a target of plan ids-2025`},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			_, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader("date: 2025-06-30\nrecords:\n  - "+tt.rec+"\n"))
			require.Len(t, probs, 1, "%s", probs)
			assert.Contains(t, probs[0].Message, tt.msg)
			assert.True(t, strings.HasSuffix(probs[0].Message, tt.msg) || strings.Contains(tt.msg, "looks like"), "%s", probs[0].Message)
		})
	}
}

// TestSplitFigure: in a flow mapping {value: 1,200.5} splits at the comma
// into value: 1 and a key 200.5; the loader says so, at the figure, and
// that it must be quoted, instead of "unknown key 200.5".
func TestSplitFigure(t *testing.T) {
	plan := mustFuzzPlan(t)
	tests := []struct{ rec, msg string }{
		{"{target: pilot-projects, value: 1,200.5}", `the figure 1,200.5 was split at its comma: in a { … } mapping a comma ends an entry, so YAML read 1 and then "200.5" as a key; put the figure in quotes: "1,200.5"`},
		{"{target: pilot-projects, value: 1,200,300, note: x}", `the figure 1,200,300 was split at its comma: in a { … } mapping a comma ends an entry, so YAML read 1 and then "200" and "300" as a key; put the figure in quotes: "1,200,300"`},
		{"{target: land-area, district: tinghu, value: 12,500%}", `the figure 12,500% was split`},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			led, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(hostileRecords+"  - "+tt.rec+"\n"))
			require.Len(t, probs, 1, "%s", probs)
			// The figure follows "  - " (4 characters) and the record's
			// text up to "value: ": "  - {target: pilot-projects, value: "
			// is 36 characters, so the figure is at column 37.
			col := 4 + strings.Index(tt.rec, "value: ") + len("value: ") + 1
			assert.Equal(t, renewal.Position{File: "p.yaml", Line: 3, Column: col}, probs[0].Position)
			assert.Contains(t, probs[0].Message, tt.msg)
			assert.ErrorIs(t, probs[0], renewal.ErrValue)
			assertStats(t, led, 1, 0, 1)
		})
	}
	t.Run("QuotedIsFine", func(t *testing.T) {
		led, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(hostileRecords+"  - {target: pilot-projects, value: \"1,200.5\"}\n"))
		assert.Empty(t, probs)
		assert.Equal(t, 1, led.Len())
	})
	t.Run("OtherUnknownKey", func(t *testing.T) {
		_, probs := renewal.ReadProgress(plan, "p.yaml", strings.NewReader(hostileRecords+"  - {target: pilot-projects, value: 1, 2000}\n"))
		require.Len(t, probs, 1)
		assert.Contains(t, probs[0].Message, `unknown key "2000"`)
	})
}
