package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

func record(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRecord(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "progress")
	file := filepath.Join(dir, "tinghu.yaml")
	base := []string{"-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}

	// A new file: "---" at line 1, source 2, records 3, the record at 4.
	code, out, errs := record(t, append(base, "-value", "5", "-source", "亭湖区住建局 7月报")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, file+":4:5\n", out)
	assert.Empty(t, errs)
	text, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "---\nsource: \"亭湖区住建局 7月报\"\nrecords:\n  - target: neighbourhoods-renovated\n    district: tinghu\n    date: 2025-07-31\n    value: 5\n", string(text))

	// Another figure for the same day conflicts: every problem, exit 1,
	// nothing written.
	code, out, errs = record(t, append(base, "-value", "6")...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, file+":10:5: conflicts with the record at "+file+":4:5 for neighbourhoods-renovated, tinghu, 2025-07-31 (5 there, 6 here); add correction: <reason> to this record to replace that one\n"+
		"record: the records have errors; nothing was written\n", errs)
	after, _ := os.ReadFile(file)
	assert.Equal(t, string(text), string(after))

	// As a correction it is written, with a warning, and a report uses it.
	code, out, errs = record(t, append(base, "-value", "6", "-correction", "更正7月误报")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, file+":10:5\n", out)
	assert.Equal(t, file+":10:5: warning: correction (更正7月误报) replaces the record at "+file+":4:5: 5 → 6\n", errs)
	plan, _ := data.Plan()
	led, probs := renewal.LoadProgressFiles(plan, dir)
	require.False(t, probs.HasErrors(), probs.String())
	g := renewal.Evaluate(led, renewal.MustParseDate("2025-07-31")).Goal("neighbourhoods-renovated", "tinghu")
	require.NotNil(t, g)
	// 6 of tinghu's 20 (18 before the plan's revision of 2025-07-01): 6/20.
	assert.Equal(t, "6", g.Actual.String())
	assert.Equal(t, "0.3000", g.Completion.StringFixed(4))

	// A city-wide record goes to _city.yaml, a name no district id takes.
	code, out, errs = record(t, "-progress", dir, "-target", "city-memory-events", "-date", "2025-07-31", "-value", "3")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, filepath.Join(dir, "_city.yaml")+":3:5\n", out)

	// Unknown ids, with every problem and a did-you-mean.
	code, out, errs = record(t, "-progress", dir, "-target", "neighbourhoods-renovatd", "-district", "tinhu", "-date", "2025-07-31", "-value", "3")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	tinhu := filepath.Join(dir, "tinhu.yaml")
	assert.Equal(t, tinhu+`:3:13: target "neighbourhoods-renovatd" is not a target of plan yancheng-renewal-2025 (did you mean "neighbourhoods-renovated"?)`+"\n"+
		tinhu+`:4:15: district "tinhu" is not a declared district (did you mean "tinghu"?)`+"\n"+
		"record: the records have errors; nothing was written\n", errs)
	_, err = os.Stat(tinhu)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestRecordCommandLine(t *testing.T) {
	dir := t.TempDir()
	base := []string{"-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NoProgress", []string{"-target", "x", "-date", "2025-07-31", "-value", "1"}, "record: -progress DIR is required"},
		{"NoTarget", []string{"-progress", dir, "-date", "2025-07-31", "-value", "1"}, "record: -target ID is required"},
		{"NoDate", []string{"-progress", dir, "-target", "x", "-value", "1"}, "record: -date YYYY-MM-DD is required"},
		{"NoFigure", base, "record: give one of -value, -numerator and -denominator, or -done"},
		{"TwoFigures", append(base, "-value", "1", "-done", "2025-07-01"), "record: give one of -value, -numerator and -denominator, or -done"},
		{"NumeratorAlone", append(base, "-numerator", "1"), "record: -numerator and -denominator go together"},
		{"BadDate", []string{"-progress", dir, "-target", "x", "-date", "2025-7-31", "-value", "1"}, "record: -date: "},
		{"Argument", append(base, "-value", "1", "extra"), `record: unexpected argument "extra"`},
		{"UnknownFlag", append(base, "-vaule", "1"), "flag provided but not defined: -vaule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := record(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.True(t, strings.HasPrefix(errs, tc.want), "%s", errs)
		})
	}
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing written")
}
