package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// places matches what names a record's place: a file's line and column,
// a row, and a JSON warning's line and column.
var places = regexp.MustCompile(`[^" ]+\.yaml:[0-9]+:[0-9]+|records#[0-9]+(:0:0)?|"(line|column)":[0-9]+|"file":"[^"]*"`)

// TestExportRoundTrip: a store written back out as progress files loads
// to the same report, but for the places it names, with a file for each
// district and _city.yaml.
func TestExportRoundTrip(t *testing.T) {
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := create(t, dsn)
		entries, read := (&renewal.Loader{}).ReadEntries(ctx, plan, data.FS(), data.SampleDir)
		require.False(t, read.HasErrors())
		// Twice over: duplicates, each a warning, go out and come back too.
		_, err := s.Import(ctx, plan, "test", append(entries, entries[:3]...), read)
		require.NoError(t, err)
		storeLed, storeProbs, err := s.Load(ctx, plan)
		require.NoError(t, err)
		_, sampleProbs := data.Sample(plan)
		require.Len(t, storeProbs.Warnings(), len(sampleProbs.Warnings())+3)

		dir := filepath.Join(t.TempDir(), "out")
		files, err := s.Export(ctx, dir)
		require.NoError(t, err)
		assert.Contains(t, files, filepath.Join(dir, "_city.yaml"))
		assert.Contains(t, files, filepath.Join(dir, "tinghu.yaml"))
		fileLed, fileProbs := renewal.LoadProgressFiles(plan, dir)
		assert.Equal(t, storeLed.Stats().Entries, fileLed.Stats().Entries)
		assert.Equal(t, storeLed.Stats().Records, fileLed.Stats().Records)
		assert.Equal(t, storeLed.Stats().Duplicates, fileLed.Stats().Duplicates)
		assert.Equal(t, len(storeProbs), len(fileProbs))
		// The warnings come in the files' order, a district's file after
		// another's: the same warnings, in another order.
		assert.Equal(t, placeless(messages(storeProbs)), placeless(messages(fileProbs)))
		for _, d := range []string{"2025-06-30", "2025-09-30"} {
			a, b := reportJSON(t, storeLed, [2]string{d, ""}, nil), reportJSON(t, fileLed, [2]string{d, ""}, nil)
			a, b = dropWarnings(t, a), dropWarnings(t, b)
			assert.Equal(t, string(places.ReplaceAll(a, []byte("PLACE"))), string(places.ReplaceAll(b, []byte("PLACE"))))
		}
		// Into a directory that is not empty, nothing.
		_, err = s.Export(ctx, dir)
		assert.ErrorContains(t, err, "is not empty")
	})
}

// placeless returns the messages with their places taken out, sorted.
func placeless(ms []string) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = places.ReplaceAllString(m, "PLACE")
	}
	slices.Sort(out)
	return out
}

// dropWarnings takes the warnings out of a JSON report.
func dropWarnings(t *testing.T, b []byte) []byte {
	var v map[string]any
	require.NoError(t, json.Unmarshal(b, &v))
	delete(v, "warnings")
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}

// TestExportRefuses: district ids that one file system may not tell
// apart, or that cannot name a file, are errors before anything is
// written; a directory with a file in it is left alone.
func TestExportRefuses(t *testing.T) {
	ctx := context.Background()
	s := create(t, sqltest.SQLite(t))
	for _, d := range []string{"T1", "t1", "../up", ".hidden"} {
		_, err := s.DB().Exec("INSERT INTO records (target, district, date, value, recorded_at) VALUES ('x', ?, '2025-01-31', '1', '')", d)
		require.NoError(t, err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	_, err := s.Export(ctx, dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `records#2: district "t1" would write t1.yaml, which a file system that ignores case cannot tell from T1.yaml`)
	assert.Contains(t, err.Error(), `records#3: district "../up" cannot name a file`)
	assert.Contains(t, err.Error(), `records#4: district ".hidden" cannot name a file`)
	_, statErr := os.Stat(dir)
	assert.ErrorIs(t, statErr, os.ErrNotExist, "nothing written")

	s2 := create(t, sqltest.SQLite(t))
	_, err = s2.DB().Exec("INSERT INTO records (target, district, date, value, recorded_at) VALUES ('x', 'tinghu', '2025-01-31', '1', '')")
	require.NoError(t, err)
	full := t.TempDir()
	mine := []byte("my notes")
	require.NoError(t, os.WriteFile(filepath.Join(full, "notes.txt"), mine, 0o644))
	_, err = s2.Export(ctx, full)
	assert.ErrorContains(t, err, "is not empty")
	b, _ := os.ReadFile(filepath.Join(full, "notes.txt"))
	assert.True(t, bytes.Equal(mine, b))
	entries, _ := os.ReadDir(full)
	assert.Len(t, entries, 1)
}
