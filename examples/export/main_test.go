package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
)

func exportCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestExport: the sample, imported into a store and exported, loads
// from the files to the same figures.
func TestExport(t *testing.T) {
	ctx := context.Background()
	plan, _ := data.Plan()
	dsn := filepath.Join(t.TempDir(), "records.db")
	s, err := sqlstore.Open(ctx, dsn, &sqlstore.Options{Create: true})
	require.NoError(t, err)
	entries, read := renewal.ReadEntries(plan, data.FS(), data.SampleDir)
	_, err = s.Import(ctx, plan, "test", entries, read)
	require.NoError(t, err)
	storeLed, _, err := s.Load(ctx, plan)
	require.NoError(t, err)
	s.Close()

	dir := filepath.Join(t.TempDir(), "progress")
	code, out, errs := exportCmd(t, "-db", dsn, "-o", dir)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	files := strings.Fields(out)
	assert.Contains(t, files, filepath.Join(dir, "_city.yaml"))
	assert.Contains(t, files, filepath.Join(dir, "tinghu.yaml"))
	fileLed, probs := renewal.LoadProgressFiles(plan, dir)
	require.False(t, probs.HasErrors(), probs.String())
	asOf := renewal.MustParseDate("2025-09-30")
	a, b := renewal.Evaluate(storeLed, asOf), renewal.Evaluate(fileLed, asOf)
	assert.True(t, a.Score.Equal(b.Score), "%s %s", a.Score, b.Score)
	assert.False(t, a.Score.IsZero())
	for i := range a.Targets {
		assert.True(t, a.Targets[i].Actual.Equal(b.Targets[i].Actual), i)
		assert.Equal(t, a.Targets[i].Status, b.Targets[i].Status, i)
	}

	// Again into the same directory: refused, nothing changed.
	before, _ := os.ReadFile(filepath.Join(dir, "tinghu.yaml"))
	code, _, errs = exportCmd(t, "-db", dsn, "-o", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "is not empty")
	after, _ := os.ReadFile(filepath.Join(dir, "tinghu.yaml"))
	assert.Equal(t, before, after)
}

func TestExportCommandLine(t *testing.T) {
	for _, c := range []struct {
		args     []string
		zh, want string // in Chinese (the default) and with -lang en
	}{
		{[]string{"-o", "x"}, "export: 请用 -db 写明数据库\n", "export: -db DSN is required\n"},
		{[]string{"-db", "x.db"}, "export: 请用 -o 写明导出到哪个目录\n", "export: -o DIR is required\n"},
		{[]string{"-db", "progress/", "-o", "x"}, "export: -db 填的数据库地址不对：", "want a SQLite file ending in .db"},
		{[]string{"-db", "x.db", "-o", "x", "extra"}, "export: 多了一个参数“extra”；每个值都要写在它的参数名后面\n", `export: unexpected argument "extra"` + "\n"},
	} {
		code, _, errs := exportCmd(t, c.args...)
		assert.Equal(t, 2, code, c.args)
		assert.Contains(t, errs, c.zh)
		code, _, errs = exportCmd(t, append([]string{"-lang", "en"}, c.args...)...)
		assert.Equal(t, 2, code, c.args)
		assert.Contains(t, errs, c.want)
	}
	code, _, errs := exportCmd(t, "-lang", "fr", "-o", "x")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "export: -lang 填的“fr”不是可选的语言；请填 zh（中文）或 en（英文）\n")
	code, _, errs = exportCmd(t, "-db", filepath.Join(t.TempDir(), "none.db"), "-o", t.TempDir())
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no such SQLite file")
}
