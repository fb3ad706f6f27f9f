package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
)

// place matches the places a report names: a file's line and column, a
// row, and a warning's file, line and column in JSON.
var place = regexp.MustCompile(`[^" ]+\.yaml:[0-9]+:[0-9]+|records#[0-9]+(:0:0)?|"(file|line|column)": ?("[^"]*"|[0-9]+)`)

// TestReportDB: the report from a store is the report from the files
// it was imported from, but for the places it names; a store that
// cannot be read is exit 1, and -db with -progress a wrong command line.
func TestReportDB(t *testing.T) {
	ctx := context.Background()
	plan, _ := data.Plan()
	dsn := filepath.Join(t.TempDir(), "records.db")
	s, err := sqlstore.Open(ctx, dsn, &sqlstore.Options{Create: true})
	require.NoError(t, err)
	entries, read := (&renewal.Loader{}).ReadEntryFiles(ctx, plan, "../../data/sample")
	_, err = s.Import(ctx, plan, "test", entries, read)
	require.NoError(t, err)
	s.Close()

	code, fromFiles, filesErr, _ := runReport(t, "-progress", "../../data/sample", "-as-of", "2025-09-30", "-since", "2025-06-30", "-format", "json")
	require.Equal(t, 0, code, filesErr)
	code, fromStore, storeErr, _ := runReport(t, "-db", dsn, "-as-of", "2025-09-30", "-since", "2025-06-30", "-format", "json")
	require.Equal(t, 0, code, storeErr)
	assert.Regexp(t, `"record": "records#[0-9]+"`, fromStore)
	assert.NotContains(t, fromStore, `:0:0"`)
	assert.Equal(t, place.ReplaceAllString(fromFiles, "PLACE"), place.ReplaceAllString(fromStore, "PLACE"))
	assert.Equal(t, place.ReplaceAllString(filesErr, "PLACE"), place.ReplaceAllString(storeErr, "PLACE"))

	code, _, errs, _ := runReport(t, "-db", dsn, "-progress", "../../data/sample")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "report: -progress PATH 和 -db DSN 只能给一个\n")
	code, _, errs, _ = runReport(t, "-lang", "en", "-db", dsn, "-progress", "../../data/sample")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "report: give -progress PATH or -db DSN, not both\n")
	code, _, errs, _ = runReport(t, "-db", "records.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "report: -db 填的数据库地址不对：")
	assert.Contains(t, errs, "want a SQLite file ending in .db")
	code, _, errs, _ = runReport(t, "-lang", "en", "-db", "records.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "report: -db: ")
	notDB := filepath.Join(t.TempDir(), "notes.db")
	require.NoError(t, os.WriteFile(notDB, []byte("notes\n"), 0o644))
	code, _, errs, _ = runReport(t, "-db", notDB)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "notes.db is not a SQLite database")
}

// TestReportDBErrors: a row with a malformed figure, written by another
// program, is an error at its row: exit 1, no report.
func TestReportDBErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "records.db")
	s, err := sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
	require.NoError(t, err)
	_, err = s.DB().Exec("INSERT INTO records (target, district, date, value, recorded_at) VALUES ('neighbourhoods-renovated', 'tinghu', '2025-05-31', '1e3', '')")
	require.NoError(t, err)
	s.Close()
	code, out, errs, _ := runReport(t, "-db", dsn, "-lang", "en")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Regexp(t, `^records#1: value "1e3" .*\nreport: 1 error in the store; nothing to report\n$`, errs)
}
