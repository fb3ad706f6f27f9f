package renewal_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/gen"
	"github.com/citybureau/renewal/internal/yamlx"
)

// loadOutcome is everything a load gives, rendered: the problems, the
// counted records, and the report at the ledger's latest date as JSON.
func loadOutcome(t *testing.T, load func() (*renewal.Plan, *renewal.Ledger, renewal.Problems)) string {
	t.Helper()
	plan, led, probs := load()
	var b strings.Builder
	fmt.Fprintf(&b, "problems:\n%s\n", probs.String())
	if plan == nil || led == nil {
		return b.String()
	}
	for r := range led.Records() {
		fmt.Fprintf(&b, "%v\n", r)
	}
	if !probs.HasErrors() {
		var js bytes.Buffer
		require.NoError(t, renewal.Evaluate(led, led.Latest()).WriteJSON(&js))
		b.Write(js.Bytes())
	}
	return b.String()
}

// withoutQuick runs fn with the quick reader off: every stream decoded
// by yaml.v3, as before it.
func withoutQuick(fn func() string) string {
	defer yamlx.SetQuick(yamlx.SetQuick(false))
	return fn()
}

// TestQuickReaderSameLoad: every plan and progress file of the corpora,
// the conformance cases and generated data sets (many files, and one
// multi-document file that the loader splits), load to the same problems,
// records and report with the quick reader as with yaml.v3 alone.
func TestQuickReaderSameLoad(t *testing.T) {
	compare := func(name string, load func() (*renewal.Plan, *renewal.Ledger, renewal.Problems)) {
		t.Helper()
		got := loadOutcome(t, load)
		want := withoutQuick(func() string { return loadOutcome(t, load) })
		require.Equal(t, want, got, "%s: the load differs with the quick reader", name)
	}
	// Valid cases: a plan and its progress folder.
	valid, _ := filepath.Glob(validDir + "/*/plan.yaml")
	require.NotEmpty(t, valid)
	for _, plan := range valid {
		compare(plan, func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
			return renewal.LoadFiles(plan, filepath.Join(filepath.Dir(plan), "progress"))
		})
	}
	// Invalid plans, and invalid progress files against the corpus plan.
	var files []string
	filepath.WalkDir(invalidDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") && p != invalidDir+"/plan.yaml" {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	require.Greater(t, len(files), 50)
	for _, f := range files {
		if strings.Contains(f, "/plan/") {
			compare(f, func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
				plan, probs := renewal.LoadPlanFile(f)
				return plan, nil, probs
			})
			continue
		}
		compare(f, func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
			return renewal.LoadFiles(invalidDir+"/plan.yaml", f)
		})
	}
	// The embedded plan and sample.
	compare("data", func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
		return renewal.LoadFiles("data/plan-2025.yaml", "data/progress")
	})
	// Generated sets, many files and one file, and the same with every
	// tenth document reshaped into block records with comments.
	for _, one := range []bool{false, true} {
		cfg := gen.Config{Districts: 60, Targets: 20, Months: 12, Seed: 7, OneFile: one} // one file of 0.6 MB: split
		fsys := fstest.MapFS{}
		require.NoError(t, gen.Generate(cfg, func(name string, data []byte) error {
			fsys[name] = &fstest.MapFile{Data: data}
			return nil
		}))
		load := func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
			plan, probs := renewal.LoadPlan(fsys, "plan.yaml")
			led, more := renewal.LoadProgress(plan, fsys, "progress")
			return plan, led, append(probs, more...)
		}
		compare(fmt.Sprintf("generated, one file %v", one), load)
		for name, f := range fsys {
			if strings.HasPrefix(name, "progress/") {
				f.Data = reshape(f.Data)
			}
		}
		compare(fmt.Sprintf("generated and reshaped, one file %v", one), load)
		if one {
			continue
		}
		// All of it as one document of over a megabyte, which the loader
		// streams: each record with its own district and date, every
		// 50th one broken, and the document's date after the records.
		cfg.Districts = 100
		fsys = fstest.MapFS{}
		require.NoError(t, gen.Generate(cfg, func(name string, data []byte) error {
			fsys[name] = &fstest.MapFile{Data: data}
			return nil
		}))
		big := oneDocument(t, fsys)
		require.Greater(t, len(big), 1<<20)
		fsys["big.yaml"] = &fstest.MapFile{Data: big}
		compare("generated, one document", func() (*renewal.Plan, *renewal.Ledger, renewal.Problems) {
			plan, probs := renewal.LoadPlan(fsys, "plan.yaml")
			led, more := renewal.LoadProgress(plan, fsys, "big.yaml")
			return plan, led, append(probs, more...)
		})
	}
}

// oneDocument writes the flow records of fsys's progress files as one
// document's records list, each with its file's district and date.
func oneDocument(t *testing.T, fsys fstest.MapFS) []byte {
	var b bytes.Buffer
	b.WriteString("source: one export\nrecords:\n")
	n := 0
	for name, f := range fsys {
		if !strings.HasPrefix(name, "progress/") {
			continue
		}
		var head []string
		for _, line := range strings.Split(string(f.Data), "\n") {
			switch {
			case strings.HasPrefix(line, "district: "), strings.HasPrefix(line, "date: "):
				head = append(head, line)
			case strings.HasPrefix(line, "  - {"):
				n++
				rec := "  - {" + strings.Join(head, ", ") + ", " + strings.TrimPrefix(line, "  - {")
				if n%50 == 0 {
					rec = strings.Replace(rec, "value: ", "value: x", 1)
				}
				b.WriteString(rec + "\n")
			}
		}
	}
	require.Greater(t, n, 1000)
	b.WriteString("date: 2025-06-30\n")
	return b.Bytes()
}

// reshape writes every third flow record of data as a block mapping,
// with a comment after it, and puts a quoted value (which the quick
// reader leaves to yaml.v3) in every fifth, so that a stream mixes the
// shapes, and the loader's split its readers.
func reshape(data []byte) []byte {
	var b bytes.Buffer
	n := 0
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		s := string(line)
		if rest, ok := strings.CutPrefix(s, "  - {"); ok {
			n++
			rest = strings.TrimSuffix(strings.TrimSuffix(rest, "\n"), "}")
			switch {
			case n%5 == 0:
				s = "  - {" + strings.Replace(rest, "target: ", "target: '", 1)
				s = strings.Replace(s, ",", "',", 1) + "}\n"
			case n%3 == 0:
				for i, kv := range strings.Split(rest, ", ") {
					if i == 0 {
						s = "  - " + kv + " # block\n"
					} else {
						s += "    " + kv + "\n"
					}
				}
			}
		}
		b.WriteString(s)
	}
	return b.Bytes()
}

// TestLoaderReadsOnlyNullTags guards what the quick reader promises (see
// internal/yamlx/quick.go): its scalars carry the tag "!!null" or none,
// so the loader may compare a node's Tag with "!!null" and nothing else,
// and reads a tag otherwise only to quote it in a message (yamlx.Banned).
// A new comparison with another tag would read the quick reader's trees
// wrong without any test noticing; this one fails first.
func TestLoaderReadsOnlyNullTags(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "internal/yamlx", "internal/docsplit"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range fs {
			// The quick reader itself (quick*.go) writes tags.
			if !strings.HasSuffix(f, "_test.go") && !strings.HasPrefix(filepath.Base(f), "quick") {
				files = append(files, f)
			}
		}
	}
	require.Greater(t, len(files), 30)
	use := regexp.MustCompile(`\.Tag\b(\s*(==|!=)\s*"([^"]*)")?`)
	reads := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range use.FindAllStringSubmatch(line, -1) {
				reads++
				switch {
				case m[3] == "!!null":
				case m[1] == "" && strings.Contains(line, "shown(n.Tag)"):
				default:
					t.Errorf("%s:%d: %s reads a node's tag as %q; the quick reader gives only \"!!null\" or none (use ShortTag)", f, i+1, strings.TrimSpace(line), m[0])
				}
			}
		}
	}
	require.Greater(t, reads, 3, "no tag reads found: has the code moved?")
}
