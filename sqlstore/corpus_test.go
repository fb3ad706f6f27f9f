package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// corpusCase is a plan and its progress, loaded from files, and the
// dates to report on.
type corpusCase struct {
	name  string
	plan  *renewal.Plan
	fsys  func() (*renewal.Ledger, renewal.Problems)
	read  func() ([]renewal.Entry, renewal.Problems)
	dates [][2]string // as-of and since ("" for none)
}

// corpusCases are the valid corpus, the conformance cases (the copies in
// testdata and the shared ones beside the checkout), and the embedded
// sample.
func corpusCases(t *testing.T) []corpusCase {
	var out []corpusCase
	var dirs []string
	for _, pattern := range []string{"../testdata/valid/*", "../testdata/conformance/*", "../../shared/conformance/*"} {
		found, _ := filepath.Glob(pattern)
		for _, d := range found {
			if _, err := os.Stat(filepath.Join(d, "plan.yaml")); err == nil {
				dirs = append(dirs, d)
			}
		}
	}
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		plan, probs := renewal.LoadPlanFile(filepath.Join(dir, "plan.yaml"))
		if probs.HasErrors() {
			// A shared case of a feature still to come.
			t.Logf("%s: the plan has errors; left out", dir)
			continue
		}
		progress := filepath.Join(dir, "progress")
		c := corpusCase{name: dir, plan: plan,
			fsys: func() (*renewal.Ledger, renewal.Problems) { return renewal.LoadProgressFiles(plan, progress) },
			read: func() ([]renewal.Entry, renewal.Problems) {
				return (&renewal.Loader{}).ReadEntryFiles(context.Background(), plan, progress)
			},
		}
		expected, _ := filepath.Glob(filepath.Join(dir, "expected-*.json"))
		for _, f := range expected {
			name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "expected-"), ".json")
			date, since, _ := strings.Cut(name, "-since-")
			c.dates = append(c.dates, [2]string{date, since})
		}
		out = append(out, c)
	}
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	out = append(out, corpusCase{name: "data/sample", plan: plan,
		fsys: func() (*renewal.Ledger, renewal.Problems) { return data.Sample(plan) },
		read: func() ([]renewal.Entry, renewal.Problems) {
			return (&renewal.Loader{}).ReadEntries(context.Background(), plan, data.FS(), data.SampleDir)
		},
		dates: [][2]string{{"2025-09-30", "2025-06-30"}},
	})
	return out
}

// TestCorpusReports: the corpus and the conformance cases, imported into
// each engine, load with the same problems and give the same JSON
// reports as from files, but for positions, which name rows: each row's
// name, records#ID, stands for its entry's place in the files.
func TestCorpusReports(t *testing.T) {
	cases := corpusCases(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := create(t, dsn)
		imported := 0
		for _, c := range cases {
			fileLed, fileProbs := c.fsys()
			require.False(t, fileProbs.HasErrors(), "%s: %s", c.name, fileProbs)
			entries, read := c.read()
			require.False(t, read.HasErrors(), "%s: %s", c.name, read)
			require.Equal(t, fileLed.Stats().Entries, len(entries), "%s: every entry of the files is read", c.name)

			// Each case in a store of its own: PostgreSQL's a schema, SQLite's a file.
			cs := s
			if imported > 0 {
				if strings.HasPrefix(dsn, "postgres") {
					cs = create(t, sqltest.Postgres(t))
				} else {
					cs = create(t, filepath.Join(t.TempDir(), "case.db"))
				}
			}
			imported++
			res, err := cs.Import(ctx, c.plan, "corpus", entries, read)
			require.NoError(t, err, "%s: %s", c.name, res.Problems)
			require.Len(t, res.At, len(entries))
			// Import's problems are the files' warnings, at the files' places.
			assert.Equal(t, messages(fileProbs), messages(res.Problems), c.name)

			rowPlace := map[string]string{}
			for i, at := range res.At {
				rowPlace[at.String()] = entries[i].Position.String()
			}
			storeLed, storeProbs, err := cs.Load(ctx, c.plan)
			require.NoError(t, err)
			assert.Equal(t, fileLed.Stats().Records, storeLed.Stats().Records, c.name)
			assert.Equal(t, fileLed.Stats().Duplicates, storeLed.Stats().Duplicates, c.name)
			assert.Equal(t, fileLed.Stats().Replaced, storeLed.Stats().Replaced, c.name)
			require.Equal(t, len(fileProbs), len(storeProbs), "%s: %s", c.name, storeProbs)
			for i, p := range storeProbs {
				id, ok := sqlstore.RowID(p.Position)
				require.True(t, ok, "%s: %s names a row", c.name, p.Position)
				assert.Equal(t, entryPlace(fileProbs[i]), rowPlace[sqlstore.RowName(id)], "%s: problem %d", c.name, i)
				assert.Equal(t, fileProbs[i].Message, rename(p.Message, rowPlace), c.name)
				assert.Equal(t, fileProbs[i].Severity, p.Severity)
			}

			dates := c.dates
			if len(dates) == 0 {
				dates = [][2]string{{fileLed.Latest().String(), ""}}
			}
			for _, d := range dates {
				want := reportJSON(t, fileLed, d, nil)
				got := reportJSON(t, storeLed, d, rowPlace)
				if !assert.Equal(t, string(want), string(got), "%s as of %s", c.name, d[0]) {
					return
				}
			}
		}
	})
}

// entryPlace is the place of the record a problem is at: its line and
// column. (A problem of a file load may be at a field of the record,
// further along; a store's is at its row.)
func entryPlace(p renewal.Problem) string { return p.Position.String() }

// rowName matches a row's name, and in JSON the ":0:0" of its empty line
// and column.
var rowName = regexp.MustCompile(`records#[0-9]+(:0:0)?`)

// rename puts each row's entry's place for its name in s.
func rename(s string, places map[string]string) string {
	return rowName.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSuffix(m, ":0:0")
		if p, ok := places[name]; ok {
			return p
		}
		return m
	})
}

// reportJSON returns the JSON report of led as of d[0] (compared with
// d[1] if given), through a round trip that sorts the keys, with rows
// named by their entries' places and a warning at a row given its
// entry's file, line and column.
func reportJSON(t *testing.T, led *renewal.Ledger, d [2]string, places map[string]string) []byte {
	t.Helper()
	r := renewal.Evaluate(led, renewal.MustParseDate(d[0]))
	if d[1] != "" {
		r.Previous = renewal.Evaluate(led, renewal.MustParseDate(d[1]))
	}
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	var v map[string]any
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	for _, w := range v["warnings"].([]any) {
		w := w.(map[string]any)
		file, _ := w["file"].(string)
		if p, ok := places[file]; ok {
			pos := parsePlace(t, p)
			w["file"], w["line"], w["column"] = pos.File, json.Number(itoa(pos.Line)), json.Number(itoa(pos.Column))
		}
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return []byte(rename(string(b), places))
}

// parsePlace reads "file:line:column".
func parsePlace(t *testing.T, s string) renewal.Position {
	i := strings.LastIndexByte(s, ':')
	j := strings.LastIndexByte(s[:i], ':')
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	require.NoError(t, err1)
	require.NoError(t, err2)
	return renewal.Position{File: s[:j], Line: line, Column: col}
}

// messages renders problems one a line, sorted: the same problems in any
// order.
func messages(ps renewal.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	slices.Sort(out)
	return out
}
