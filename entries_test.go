package renewal_test

import (
	"context"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// messages returns each problem's severity and message, sorted, for
// comparing loads whose positions differ in their columns.
func messages(probs renewal.Problems) []string {
	var out []string
	for _, p := range probs {
		if p.Err != nil {
			continue
		}
		out = append(out, p.Severity.String()+": "+p.Message)
	}
	slices.Sort(out)
	return out
}

// TestReadEntriesRoundTrip reads each progress file of the corpus as
// entries and loads them back with LoadEntries: the ledger is the one
// LoadProgressFiles gives, record by record, and so are the problems,
// the reading's with the loading's, but for the cases listed, where a
// document's default is reported once at the default by a file load and
// at each entry that takes it by LoadEntries.
func TestReadEntriesRoundTrip(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	perEntry := map[string]bool{"default-date-outside-period.yaml": true, "default-district-not-allocated.yaml": true, "unknown-default-district.yaml": true}
	dir := path.Join(invalidDir, "progress")
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	paths := []string{"testdata/valid"}
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".yaml") {
			paths = append(paths, path.Join(dir, f.Name()))
		}
	}
	for _, file := range paths {
		t.Run(file, func(t *testing.T) {
			want, wantProbs := renewal.LoadProgressFiles(plan, file)
			ents, readProbs := renewal.ReadEntryFiles(plan, file)
			got, loadProbs := renewal.LoadEntries(plan, ents)
			require.Equal(t, records(want), records(got))
			require.Equal(t, want.Stats().Records, got.Stats().Records)
			all := append(readProbs, loadProbs...)
			require.Equal(t, wantProbs.HasErrors(), all.HasErrors(), "%s\n%s", wantProbs, all)
			if !perEntry[path.Base(file)] {
				require.Equal(t, messages(wantProbs), messages(all))
			}
		})
	}
}

// TestLoadEntries: entries from a store are checked as records of a file
// are, each problem at its entry's row, and the slice order is the load
// order for corrections.
func TestLoadEntries(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	require.Empty(t, probs)
	june := renewal.MustParseDate("2025-06-30")
	row := func(n string) renewal.Position { return renewal.Position{File: "records#" + n} }
	entries := []renewal.Entry{
		{Target: "neighbourhoods", District: "east", Date: june, Value: "3", Position: row("1")},
		{Target: "neighbourhoods", District: "east", Date: june, Value: "4", Correction: "recount", Position: row("2")},
		{Target: "neighbourhoods", District: "west", Date: june, Value: "1", Note: "bad\x1b[2J", Position: row("3")},
		{Target: "neighbourhoods", District: "west", Date: june, Value: "no", Position: row("4")},
		{Target: "homes", District: "west", Date: june, Value: "1", Position: row("5")},
	}
	led, probs := renewal.LoadEntries(plan, entries)
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	require.Equal(t, []string{
		`records#2: warning: correction (recount) replaces the record at records#1: 3 → 4`,
		`records#3: note holds control character U+001B, which is not allowed`,
		`records#4: value "no" is not a decimal figure: 'n' is not a digit; want digits such as 12, 12.5, 1,200 or 85%`,
		`records#5: target "homes" is not a target of plan example`,
	}, got)
	recs := records(led)
	require.Len(t, recs, 1)
	require.Equal(t, "records#2", recs[0].Position.String())
	require.Equal(t, "4", recs[0].Value.String())
	// 5 entries: 1 counted, 1 replaced, 3 rejected.
	require.Equal(t, renewal.Stats{Files: 5, Entries: 5, Records: 1, Rejected: 3, Replaced: 1}, led.Stats())

	// Stopped before it starts: no ledger, and the context's error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	led, probs = (&renewal.Loader{}).LoadEntries(ctx, plan, entries)
	require.Nil(t, led)
	require.ErrorIs(t, probs.Err(), context.Canceled)
}

// TestLoadEntrySeq: entries that arrive one at a time load to the ledger,
// problems and stats of the same entries in a slice, for each file of the
// corpus; a load stopped midway pulls no more entries and says so.
func TestLoadEntrySeq(t *testing.T) {
	plan := MustLoadCorpusPlan(t, path.Join(invalidDir, "plan.yaml"))
	dir := path.Join(invalidDir, "progress")
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	paths := []string{"testdata/valid"}
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".yaml") {
			paths = append(paths, path.Join(dir, f.Name()))
		}
	}
	l := &renewal.Loader{}
	for _, file := range paths {
		ents, _ := renewal.ReadEntryFiles(plan, file)
		want, wantProbs := l.LoadEntries(context.Background(), plan, ents)
		got, gotProbs := l.LoadEntrySeq(context.Background(), plan, slices.Values(ents))
		require.Equal(t, records(want), records(got), file)
		require.Equal(t, want.Stats(), got.Stats(), file)
		require.Equal(t, wantProbs, gotProbs, file)
	}

	// 10,000 entries, the context cancelled by the iterator at the 5,000th:
	// the loader looks every 4,096 entries, so it stops at the 8,193rd
	// and pulls none after it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pulled := 0
	seq := func(yield func(renewal.Entry) bool) {
		for i := range 10000 {
			pulled++
			if i == 4999 {
				cancel()
			}
			e := renewal.Entry{Target: "t", Position: renewal.Position{File: fmt.Sprintf("records#%d", i+1)}}
			if !yield(e) {
				return
			}
		}
	}
	led, probs := l.LoadEntrySeq(ctx, plan, seq)
	require.Nil(t, led)
	require.ErrorIs(t, probs.Err(), context.Canceled)
	require.Equal(t, 8193, pulled)
	last := probs[len(probs)-1]
	require.Equal(t, "records#8193", last.Position.String())
	require.Contains(t, last.Message, "this entry and any after it were not loaded")
}

// TestRowPosition: a table's row, Position{File: "records#", Line: 1042},
// prints as the row's name wherever a place is printed, and a JSON
// report's warning names it as its file, as a File of its own would.
func TestRowPosition(t *testing.T) {
	row := renewal.Position{File: "records#", Line: 1042}
	require.True(t, row.IsRow())
	require.Equal(t, "records#1042", row.String())
	require.Equal(t, "records#1042", renewal.Position{File: "records#1042"}.String())
	for _, p := range []renewal.Position{{File: "records#", Line: 3, Column: 1}, {File: "records", Line: 3}, {File: "records#", Line: 3, Sheet: "填报"}, {File: "records#"}} {
		require.False(t, p.IsRow(), "%#v", p)
	}
	require.Equal(t, "records#:3:1", renewal.Position{File: "records#", Line: 3, Column: 1}.String())

	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	require.Empty(t, probs)
	june := renewal.MustParseDate("2025-06-30")
	led, probs := renewal.LoadEntries(plan, []renewal.Entry{
		{Target: "neighbourhoods", District: "east", Date: june, Value: "3", Position: renewal.Position{File: "records#", Line: 7}},
		{Target: "neighbourhoods", District: "east", Date: june, Value: "4", Correction: "recount", Position: renewal.Position{File: "records#", Line: 9}},
	})
	require.Len(t, probs, 1)
	require.Equal(t, "records#9: warning: correction (recount) replaces the record at records#7: 3 → 4", probs[0].Error())
	require.Equal(t, 1, led.Stats().Files, "a table is one source, as a file is")
	var buf strings.Builder
	require.NoError(t, renewal.Evaluate(led, june).Write(&buf, renewal.JSON, renewal.English))
	require.Contains(t, buf.String(), `"file": "records#9",
      "line": 0,
      "column": 0,`)
	require.Contains(t, buf.String(), `"record": "records#9"`)
}
