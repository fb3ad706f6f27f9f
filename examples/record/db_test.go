package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordDB: -db records into a store, made if need be; a repeat is
// not added again; a conflict is refused, naming the row it meets.
func TestRecordDB(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "records.db")
	base := []string{"-db", dsn, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}

	code, out, errs := record(t, append(base, "-value", "5", "-source", "亭湖区住建局 7月报")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "records#1\n", out)
	assert.Empty(t, errs)

	code, out, errs = record(t, append(base, "-value", "5")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "records#1\n", out)
	assert.Equal(t, "record: 已经记录过了，在 records#1（指标、县区、日期、数字都相同）；没有重复添加\n", errs)

	// A conflict names the new record as such, not by a row never
	// written, and says to give -correction.
	code, out, errs = record(t, append(base, "-value", "6", "-lang", "en")...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "the new record conflicts with the record at records#1 for neighbourhoods-renovated, tinghu, 2025-07-31 (5 there, 6 here); to replace that one, give -correction REASON\n"+
		"record: the records have errors; nothing was written\n", errs)

	code, out, errs = record(t, append(base, "-value", "6", "-correction", "更正7月误报", "-lang", "en")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "records#2\n", out)
	assert.Equal(t, "records#2: warning: correction (更正7月误报) replaces the record at records#1: 5 → 6\n", errs)
}

func TestRecordDBCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-db", "x.db", "-progress", dir}, "record: -progress DIR 和 -db DSN 只能给一个\n"},
		{[]string{"-db", "x.db", "-file", "x.yaml"}, "record: -file 指的是进度文件；写入数据库时不用它\n"},
		{[]string{"-db", "records.yaml"}, "record: -db 填的数据库地址不对："},
		{[]string{"-lang", "en", "-db", "x.db", "-progress", dir}, "record: give -progress DIR or -db DSN, not both\n"},
		{[]string{"-lang", "en", "-db", "x.db", "-file", "x.yaml"}, "record: -file names a progress file; a store has no files\n"},
		{[]string{"-lang", "en", "-db", "records.yaml"}, "want a SQLite file ending in .db"},
	} {
		args := append(c.args, "-target", "t", "-date", "2025-07-31", "-value", "1")
		code, out, errs := record(t, args...)
		assert.Equal(t, 2, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.want)
	}
	code, _, errs := record(t, "-target", "t", "-date", "2025-07-31", "-value", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "record: 请用 -progress 写明进度目录（或用 -db 写明数据库）\n")
	code, _, errs = record(t, "-lang", "en", "-target", "t", "-date", "2025-07-31", "-value", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "record: -progress DIR is required (or -db DSN)\n")
}
