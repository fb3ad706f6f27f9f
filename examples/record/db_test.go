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
	assert.Equal(t, "record: already recorded at records#1 (the same target, district, date and figures); nothing added\n", errs)

	code, out, errs = record(t, append(base, "-value", "6")...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "records#2: conflicts with the record at records#1 for neighbourhoods-renovated, tinghu, 2025-07-31 (5 there, 6 here); add correction: <reason> to this record to replace that one\n"+
		"record: the records have errors; nothing was written\n", errs)

	code, out, errs = record(t, append(base, "-value", "6", "-correction", "更正7月误报")...)
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
		{[]string{"-db", "x.db", "-progress", dir}, "give -progress DIR or -db DSN, not both"},
		{[]string{"-db", "x.db", "-file", "x.yaml"}, "a store has no files"},
		{[]string{"-db", "records.yaml"}, "want a SQLite file ending in .db"},
	} {
		args := append(c.args, "-target", "t", "-date", "2025-07-31", "-value", "1")
		code, out, errs := record(t, args...)
		assert.Equal(t, 2, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.want)
	}
	code, _, errs := record(t, "-target", "t", "-date", "2025-07-31", "-value", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-progress DIR is required (or -db DSN)")
}
