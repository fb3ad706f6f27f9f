package xlsx_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/source"
)

// writeFiles writes name → content into dir.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
}

// TestLoadDirectory loads a directory of YAML files and workbooks through
// the root loader, as examples/report's -progress does: one ledger, in
// lexical order, positions naming cells, the lock and macOS files skipped
// with a warning and an upper-case .XLSX not read at all.
func TestLoadDirectory(t *testing.T) {
	plan := mustPlan(t)
	dir := t.TempDir()
	// b-tinghu.xlsx corrects a.yaml's record of the same day, which only
	// works when a.yaml is read first: the other way round it would be a
	// conflict, an error. c.yaml then adds a later record.
	tinghu := newBook(t).
		row(1, "亭湖区填报表").
		row(2, "填报日期", "2025-06-30").
		row(3, "目标编号", "县区编号", "累计完成", "分子", "分母", "更正说明").
		row(4, "neighbourhoods", "tinghu", 7, nil, nil, "上报漏计1个").
		row(5, "coverage", "tinghu", nil, 38, 45).
		bytes()
	writeFiles(t, dir, map[string][]byte{
		"a.yaml":          []byte("district: tinghu\ndate: 2025-06-30\nrecords:\n  - {target: neighbourhoods, value: 6}\n"),
		"b-tinghu.xlsx":   tinghu,
		"c.yaml":          []byte("district: yandu\ndate: 2025-06-30\nrecords:\n  - {target: neighbourhoods, value: 5}\n"),
		"~$b-tinghu.xlsx": []byte("lock"),
		"._b-tinghu.xlsx": []byte("\x00\x05\x16\x07"),
		"NOTES.XLSX":      []byte("not read: the extension is upper case"),
	})
	l, probs := renewal.LoadProgressFiles(plan, dir)
	require.False(t, probs.HasErrors(), "%v", probs)
	b := filepath.Join(dir, "b-tinghu.xlsx")
	assert.Equal(t, []string{
		filepath.Join(dir, "._b-tinghu.xlsx") + ": warning: a resource file that macOS leaves beside a file it copies; skipped",
		filepath.Join(dir, "~$b-tinghu.xlsx") + ": warning: a lock file that Excel or WPS keeps while the workbook is open; skipped",
		b + ":填报!A4: warning: correction (上报漏计1个) replaces the record at " + filepath.Join(dir, "a.yaml") + ":4:5: 6 → 7",
	}, lines(probs))

	var got []string
	for r := range l.Records() {
		got = append(got, r.Position.String()+" "+r.Target.ID+" "+r.District.ID)
	}
	// a.yaml's record is replaced; the workbook's two follow, then c.yaml's.
	assert.Equal(t, []string{
		b + ":填报!A4 neighbourhoods tinghu",
		b + ":填报!A5 coverage tinghu",
		filepath.Join(dir, "c.yaml") + ":4:5 neighbourhoods yandu",
	}, got)

	report := renewal.Evaluate(l, renewal.MustParseDate("2025-06-30"))
	g := report.Goal("coverage", "tinghu")
	require.NotNil(t, g)
	assert.Equal(t, renewal.Position{File: b, Line: 5, Column: 1, Sheet: "填报"}, g.Record)
	data, err := json.Marshal(report)
	require.NoError(t, err)
	var doc struct {
		Targets []struct {
			ID        string
			Districts []struct{ District, Record string }
		}
		Warnings []map[string]any
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	records := map[string]string{}
	for _, tg := range doc.Targets {
		for _, d := range tg.Districts {
			records[tg.ID+"/"+d.District] = d.Record
		}
	}
	assert.Equal(t, b+":填报!A4", records["neighbourhoods/tinghu"])
	assert.Equal(t, b+":填报!A5", records["coverage/tinghu"])
	assert.Equal(t, filepath.Join(dir, "c.yaml")+":4:5", records["neighbourhoods/yandu"])
	require.Len(t, doc.Warnings, 3)
	assert.Equal(t, map[string]any{"file": filepath.Join(dir, "._b-tinghu.xlsx"), "line": 0.0, "column": 0.0,
		"message": "a resource file that macOS leaves beside a file it copies; skipped", "code": "resource-file-skipped", "args": []any{}}, doc.Warnings[0])
	assert.Equal(t, b, doc.Warnings[2]["file"])
	assert.Equal(t, 4.0, doc.Warnings[2]["line"])
	assert.Equal(t, 1.0, doc.Warnings[2]["column"])
	assert.Equal(t, "填报!A4", doc.Warnings[2]["cell"])
	_, yamlHasCell := doc.Warnings[0]["cell"]
	assert.False(t, yamlHasCell, "a position outside a workbook has no cell")
}

// TestLoadProblems: a workbook's problems, the reader's (about a cell,
// about the whole file) and the decoder's (about a record's field), are
// printed as SPEC §7 says, file.xlsx:填报!D7: message, in cell order, and
// in the JSON errors with their cell.
func TestLoadProblems(t *testing.T) {
	plan := mustPlan(t)
	dir := t.TempDir()
	bad := newBook(t).
		row(1, "目标编号", "县区编号", "日期", "累计完成").
		row(2, "neighbourhoods", "tinghu", "2025/6/30", 3).
		row(3, "neighbourhoods", "yandu", "2025-06-30", -1).
		row(4, "nope", "yandu", "2025-06-30", 1).
		bytes()
	writeFiles(t, dir, map[string][]byte{
		"bad.xlsx":   bad,
		"empty.xlsx": nil,
	})
	l, probs := renewal.LoadProgressFiles(plan, filepath.Join(dir, "bad.xlsx"), filepath.Join(dir, "empty.xlsx"))
	bp, ep := filepath.Join(dir, "bad.xlsx"), filepath.Join(dir, "empty.xlsx")
	got := lines(probs)
	require.Len(t, got, 4, "%v", got)
	assert.Regexp(t, `^`+regexp.QuoteMeta(bp)+`:填报!C2: .*2025-06-30`, got[0], "the reader's problem names the cell")
	assert.Regexp(t, `^`+regexp.QuoteMeta(bp)+`:填报!D3: `, got[1], "the decoder's problem about a field names its cell")
	assert.Regexp(t, `^`+regexp.QuoteMeta(bp)+`:填报!A4: .*nope`, got[2], "an unknown target at the record's 目标编号 cell")
	assert.Regexp(t, `^`+regexp.QuoteMeta(ep)+`: `, got[3], "a problem with the whole file names the file alone")
	for _, p := range probs {
		assert.Equal(t, renewal.Error, p.Severity)
	}
	assert.ErrorIs(t, probs[0], renewal.ErrValue)
	assert.ErrorIs(t, probs[2], renewal.ErrReference)
	assert.ErrorIs(t, probs[3], renewal.ErrSyntax)

	// The reader's own problems read the same through the loader as the
	// package's golden files render them.
	_, rp := read(bad, source.Limits{})
	assert.Equal(t, render(bp, rp), got[:1])

	var buf bytes.Buffer
	report := renewal.Evaluate(l, renewal.MustParseDate("2025-06-30"))
	require.NoError(t, report.Write(&buf, renewal.JSON, renewal.Chinese))
	var doc struct{ Errors []map[string]any }
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Errors, 4)
	assert.Equal(t, "填报!C2", doc.Errors[0]["cell"])
	assert.Equal(t, 2.0, doc.Errors[0]["line"])
	assert.Equal(t, 3.0, doc.Errors[0]["column"])
	assert.Equal(t, "填报!D3", doc.Errors[1]["cell"])
	assert.NotContains(t, doc.Errors[3], "cell")
}

func lines(ps renewal.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return out
}
