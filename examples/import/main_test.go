package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Main(m)) }

func importCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestImport: the sample imports into each engine, every record in a row
// of its own, and the store loads to the files' ledger.
func TestImport(t *testing.T) {
	plan, _ := data.Plan()
	fileLed, fileProbs := renewal.LoadProgressFiles(plan, "../../data/sample")
	require.False(t, fileProbs.HasErrors())
	n := fileLed.Stats().Entries
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		code, out, errs := importCmd(t, "-db", dsn, "-progress", "../../data/sample", "-by", "bureau")
		require.Equal(t, 0, code, errs)
		display := must(sqlstore.ParseDSN(dsn)).String()
		assert.Equal(t, fmt.Sprintf("imported %d records into %s: rows records#1 to records#%d\n", n, display, n), out)
		assert.Equal(t, len(fileProbs), strings.Count(errs, "\n"), "the files' warnings")

		s, err := sqlstore.Open(context.Background(), dsn, nil)
		require.NoError(t, err)
		defer s.Close()
		led, probs, err := s.Load(context.Background(), plan)
		require.NoError(t, err)
		assert.Equal(t, len(fileProbs), len(probs))
		assert.Equal(t, fileLed.Stats().Records, led.Stats().Records)
		rows, err := s.Rows(context.Background())
		require.NoError(t, err)
		require.Len(t, rows, n)
		assert.Equal(t, "bureau", rows[0].RecordedBy)
	})
}

// TestImportRefused: a file with errors imports nothing, and says every
// problem; a SQLite file is not even made.
func TestImportRefused(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("district: tinghu\ndate: 2025-05-17\nrecords:\n  - {target: neighbourhoods-renovated, value: 3}\n  - {target: neighbourhoods-renovated, value: 4}\n  - {target: neighbourhoods-renovatd, value: 1e3}\n  - {target: neighbourhoods-renovated, vaule: 5}\n"), 0o644))
	dsn := filepath.Join(dir, "records.db")
	// In Chinese by default: the problems and the last line.
	code, out, errs := importCmd(t, "-db", dsn, "-progress", "../../data/sample", "-progress", bad)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.True(t, strings.HasSuffix(errs, "\nimport: 进度文件中有 4 处错误；什么也没有导入\n"), errs)
	assert.Contains(t, errs, bad+":5:5: 与 "+bad+":4:5 的记录矛盾")
	code, out, errs = importCmd(t, "-db", dsn, "-progress", "../../data/sample", "-progress", bad, "-lang", "en")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	assert.Equal(t, "import: 4 errors in the progress files; nothing imported", lines[len(lines)-1])
	// Every problem, in the order a report of the files gives them, at
	// the same line (a record's, where a report names the field's column).
	var report bytes.Buffer
	plan, _ := data.Plan()
	_, probs := renewal.LoadProgressFiles(plan, "../../data/sample", bad)
	for _, p := range probs {
		report.WriteString(p.Error() + "\n")
	}
	column := regexp.MustCompile(`(\.yaml:[0-9]+):[0-9]+:`)
	assert.Equal(t, column.ReplaceAllString(report.String(), "$1:"), column.ReplaceAllString(strings.Join(lines[:len(lines)-1], "\n")+"\n", "$1:"))
	assert.Contains(t, errs, bad+":5:5: conflicts with the record at "+bad+":4:5")
	assert.Contains(t, errs, bad+`:6:5: target "neighbourhoods-renovatd" is not a target of plan yancheng-renewal-2025 (did you mean "neighbourhoods-renovated"?)`)
	assert.Contains(t, errs, bad+`:6:5: value "1e3" is not a decimal figure`)
	_, err := os.Stat(dsn)
	assert.ErrorIs(t, err, os.ErrNotExist, "no store made")

	// Into a store that exists, nothing either.
	s, err := sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
	require.NoError(t, err)
	s.Close()
	code, _, errs2 := importCmd(t, "-db", dsn, "-progress", "../../data/sample", "-progress", bad, "-lang", "en")
	assert.Equal(t, 1, code)
	assert.Equal(t, errs, errs2, "the same problems, in the same order")
	s, err = sqlstore.Open(context.Background(), dsn, nil)
	require.NoError(t, err)
	defer s.Close()
	rows, err := s.Rows(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rows)
}

func TestImportCommandLine(t *testing.T) {
	for _, c := range []struct {
		args     []string
		zh, want string // in Chinese (the default) and with -lang en
	}{
		{[]string{"-progress", "x"}, "import: 请用 -db 写明数据库\n", "import: -db DSN is required\n"},
		{[]string{"-db", "x.db"}, "import: 请用 -progress 写明要导入的文件或目录\n", "import: -progress PATH is required: the files to import\n"},
		{[]string{"-db", "records.yaml", "-progress", "x"}, "import: -db 填的数据库地址不对：", "want a SQLite file ending in .db"},
		{[]string{"-db", "x.db", "-progress", "x", "extra"}, "import: 多了一个参数“extra”（要导入的路径请写在 -progress 后面）\n", `import: unexpected argument "extra" (give paths with -progress)` + "\n"},
		{[]string{"-db", "x.db", "-progress", "x", "-lang", "EN"}, "import: -lang 填的“EN”不是可选的语言；请填 zh（中文）或 en（英文）\n", "import: -lang 填的“EN”不是可选的语言"},
	} {
		code, out, errs := importCmd(t, c.args...)
		assert.Equal(t, 2, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.zh)
		code, out, errs = importCmd(t, append([]string{"-lang", "en"}, c.args...)...)
		assert.Equal(t, 2, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.want)
	}
	// A file that is not a database: exit 1, left as it is.
	notDB := filepath.Join(t.TempDir(), "notes.db")
	require.NoError(t, os.WriteFile(notDB, []byte("notes\n"), 0o644))
	code, _, errs := importCmd(t, "-db", notDB, "-progress", "../../data/sample")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "notes.db is not a SQLite database")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
