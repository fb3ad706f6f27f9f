package renewal_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file check the parallel decoding of one
// multi-document file (pipeline_split.go) against the sequential decode:
// the same records, problems and positions, for every corpus file, every
// fuzz seed and generated streams. Where the sequential decode stops at a
// syntax error, the parallel one gives everything it gives and reads on.

// loadBoth loads text as one progress file sequentially and in parallel
// batches of batch bytes (1: a document a batch).
func loadBoth(t testing.TB, plan *renewal.Plan, text []byte, batch int) (seqLed, parLed *renewal.Ledger, seq, par renewal.Problems) {
	l := &renewal.Loader{Workers: 4}
	restore := renewal.SetSplit(math.MaxInt, batch)
	seqLed, seq = l.ReadProgress(plan, "s.yaml", strings.NewReader(string(text)))
	renewal.SetSplit(0, batch)
	parLed, par = l.ReadProgress(plan, "s.yaml", strings.NewReader(string(text)))
	restore()
	return seqLed, parLed, seq, par
}

// sameAsSequential checks the parallel load of text against the
// sequential one.
func sameAsSequential(t *testing.T, plan *renewal.Plan, text []byte) {
	t.Helper()
	for _, batch := range []int{1, 200, 64 << 10} {
		seqLed, parLed, seq, par := loadBoth(t, plan, text, batch)
		syntaxErr := false
		for _, p := range seq {
			syntaxErr = syntaxErr || strings.Contains(p.Message, "YAML syntax")
		}
		if !syntaxErr {
			require.Equal(t, seq.String(), par.String(), "batch %d:\n%s", batch, text)
			require.Equal(t, seq, par, "batch %d", batch)
			require.Equal(t, seqLed.Stats(), parLed.Stats(), "batch %d", batch)
			require.Equal(t, records(seqLed), records(parLed), "batch %d", batch)
			continue
		}
		// The sequential decode stopped at its syntax error: the parallel
		// one has each of its problems, the error among them, and its
		// records first; it may have more of both, after.
		for _, p := range seq {
			if !strings.Contains(p.Message, "conflicts with") && !strings.Contains(p.Message, "duplicate of") && !strings.Contains(p.Message, "went down") {
				require.Contains(t, par, p, "batch %d: sequential problem %s missing:\n%s\nparallel:\n%s", batch, p, text, par)
			}
		}
		if seqLed != nil && parLed != nil {
			sr, pr := records(seqLed), records(parLed)
			require.GreaterOrEqual(t, len(pr), len(sr))
			if len(sr) > 0 {
				require.Equal(t, sr, pr[:len(sr)], "batch %d", batch)
			}
		}
	}
}

// TestSplitCorpus: every YAML file of the corpora, the fuzz seeds, and
// each as a stream of several documents, loads in parallel as it does
// sequentially.
func TestSplitCorpus(t *testing.T) {
	plan := mustFuzzPlan(t)
	corpusPlan := MustLoadCorpusPlan(t, filepath.Join(invalidDir, "plan.yaml"))
	var files []string
	for _, dir := range []string{"testdata/valid/progress", "testdata/invalid/progress"} {
		matches, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		require.NoError(t, err)
		files = append(files, matches...)
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		t.Run(f, func(t *testing.T) {
			sameAsSequential(t, corpusPlan, text)
			// Three of it, as one stream.
			three := string(text) + "\n---\n" + string(text) + "\n---\n" + string(text)
			sameAsSequential(t, corpusPlan, []byte(three))
		})
	}
	for i, seed := range append(fuzzCorpus(t), toBytes(fuzzSeedHostile)...) {
		t.Run(fmt.Sprint("seed", i), func(t *testing.T) {
			sameAsSequential(t, plan, seed)
			sameAsSequential(t, plan, append(append(append([]byte{}, seed...), "\n---\n"...), seed...))
		})
	}
}

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// splitDocs are documents that stress the cut: markers inside block
// scalars, quoted scalars across lines, "..." ends, comments after
// markers, a syntax error.
var splitDocs = []string{
	"date: 2025-06-30\nrecords:\n  - {target: pilot-projects, value: 1}\n",
	"--- # a comment after the marker\ndate: 2025-07-31\nrecords:\n  - target: pilot-projects\n    value: 2\n    note: |\n      ---\n      ...\n      not markers: indented\n",
	"---\ndate: 2025-08-31\nrecords:\n  - {target: pilot-projects, value: 3, note: \"a quoted\n    note across lines\"}\n...\n",
	"--- \n# a comment\ndistrict: tinghu\nrecords:\n  - {target: neighbourhoods, date: 2025-03-31, value: 4}\n  - {target: land-area, date: 2025-03-31, value: 1.5, unit: 亩}\n",
	"---\ndate: 2025-09-30\nrecords:\n  - {target: pilot-projects, value: [}\n",   // a syntax error
	"---\ndate: 2025-10-31\nrecords:\n  - {target: pilot-projects, value: 1e3}\n", // a value error
	"---\ndate: 2025-11-30\nrecords:\n  - {target: pilot-projects, value: \"unclosed\n",
	"---\n",
}

// TestSplitGenerated: streams of the documents above in many orders,
// with CRLF line ends and a BOM, load in parallel as sequentially; and
// after a syntax error the parallel load reads on.
func TestSplitGenerated(t *testing.T) {
	plan := mustFuzzPlan(t)
	for i := range 200 {
		var b strings.Builder
		if i%7 == 0 {
			b.WriteString("\uFEFF")
		}
		n := 2 + i%9
		for j := range n {
			doc := splitDocs[(i*7+j*3)%len(splitDocs)]
			if j == 0 {
				doc = strings.TrimPrefix(doc, "---\n")
			}
			b.WriteString(doc)
		}
		text := b.String()
		if i%5 == 0 {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { sameAsSequential(t, plan, []byte(text)) })
	}
	t.Run("DocsplitFuzzInputs", func(t *testing.T) {
		// Where a sequential decode stops early or fails ahead: the
		// load in parallel has all it has, and more.
		for _, text := range []string{"00\n---\n--- \"", "[0\n---\n\""} {
			sameAsSequential(t, plan, []byte(text))
		}
	})
	t.Run("ReadsOnAfterSyntaxError", func(t *testing.T) {
		text := splitDocs[0] + splitDocs[4] + strings.Replace(splitDocs[2], "...\n", "", 1)
		_, parLed, seq, par := loadBoth(t, plan, []byte(text), 1)
		require.Len(t, seq, 1, "%s", seq)
		require.Len(t, par, 1, "%s", par)
		assert.Equal(t, seq[0], par[0], "the same syntax error, at the same place")
		// Sequentially only the first record; in parallel the third
		// document's too.
		assert.Equal(t, 2, parLed.Len())
	})
}

// FuzzSplit: any input loads in parallel as it does sequentially.
func FuzzSplit(f *testing.F) {
	for _, s := range splitDocs {
		f.Add([]byte(s + s))
	}
	for _, s := range fuzzSeedHostile {
		f.Add([]byte(s))
	}
	plan := mustFuzzPlan(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		sameAsSequential(t, plan, data)
	})
}

// TestSplitLoadFiles: with the plan decoded at the same time (LoadFiles),
// batches parsed before the plan is ready wait for it, and the result is
// that of the sequential load.
func TestSplitLoadFiles(t *testing.T) {
	dir := t.TempDir()
	planFile, progFile := filepath.Join(dir, "plan.yaml"), filepath.Join(dir, "p.yaml")
	writeFile(t, planFile, fuzzPlanYAML)
	var b strings.Builder
	for m := 1; m <= 12; m++ {
		fmt.Fprintf(&b, "---\ndate: 2025-%02d-28\nrecords:\n", m)
		for range 50 {
			fmt.Fprintf(&b, "  - {target: pilot-projects, value: %d}\n", m)
		}
	}
	writeFile(t, progFile, b.String())
	restore := renewal.SetSplit(math.MaxInt, 1)
	_, seqLed, seq := renewal.LoadFiles(planFile, progFile)
	renewal.SetSplit(0, 1)
	_, parLed, par := (&renewal.Loader{Workers: 2}).LoadFiles(planFile, progFile)
	restore()
	require.Equal(t, seq, par)
	require.Equal(t, records(seqLed), records(parLed))
	assert.Equal(t, 12, parLed.Len(), "one record a month; the rest are duplicates")
	assert.Len(t, par, 12*49)
}
