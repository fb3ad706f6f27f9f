package renewal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// The tests in this file generate progress files for the fuzz plan with a
// seeded random source, good records and bad ones mixed, and check
// properties that hold whatever the data:
//
//   - no entry is lost: every entry written is counted, rejected with an
//     error on its line, or named in a warning on its line as a duplicate
//     or a replaced record, and the counts are the ones a model of SPEC §3
//     predicts;
//   - the same documents split into one file each, or merged into one
//     multi-document file, give the same figures;
//   - without conflicts or corrections, whose outcome depends on load
//     order by design, the order of the files changes no figure;
//   - a loaded ledger evaluated from many goroutines at once gives the
//     same reports as one date at a time.

// propKey is what makes two records the same record: target, district
// ("" for the city) and date.
type propKey struct {
	target, district string
	date             renewal.Date
}

// propEntry is one record entry written, with what the model expects the
// loader to do with it.
type propEntry struct {
	line    int // in its file
	outcome string
}

// The outcomes of an entry.
const (
	propCounted   = "counted"   // counted, possibly replaced later
	propBad       = "bad"       // rejected when decoded
	propConflict  = "conflict"  // rejected when indexed: same key, other figures
	propDuplicate = "duplicate" // same key and figures as the record in force
	propCorrects  = "corrects"  // replaces the record in force
)

// propDoc is one generated YAML document and its entries (lines counted
// from the document's first line, 1).
type propDoc struct {
	text    string
	entries []propEntry
}

// propGen writes progress documents for the fuzz plan and models the
// ledger they should give.
type propGen struct {
	r *rand.Rand
	// conflicts allows records that disagree with the record in force,
	// with and without a correction; their outcome depends on load order.
	conflicts bool

	kept map[propKey]string // the figures of the record in force
	keys []propKey          // keys of kept, in the order first written
	// written figure text of each key, to repeat as a duplicate
	text map[propKey]string

	entries, bad, conflict, duplicates, replaced int
}

func newPropGen(seed uint64, conflicts bool) *propGen {
	return &propGen{
		r:         rand.New(rand.NewPCG(seed, 0x5eed)),
		conflicts: conflicts,
		kept:      map[propKey]string{},
		text:      map[propKey]string{},
	}
}

// records returns the number of records the model counts.
func (g *propGen) records() int { return len(g.kept) }

var propStart = renewal.MustParseDate("2025-01-01")

func (g *propGen) date() renewal.Date {
	// Few dates, so that keys meet often.
	return propStart.AddDays(30 * g.r.IntN(12))
}

// propTarget is a target of the fuzz plan and the districts its records
// may name ("" for a city-level record).
type propTarget struct {
	id        string
	districts []string
}

var propTargets = []propTarget{
	{"neighbourhoods", []string{"tinghu", "yandu"}},
	{"coverage", []string{"tinghu", "yandu"}},
	{"growth", []string{"tinghu", "yandu", ""}},
	{"action-plans", []string{"tinghu", "yandu", "dafeng"}},
	{"land-area", []string{"tinghu", "yandu"}},
	{"vacant-plants", []string{""}},
	{"pilot-projects", []string{""}},
}

// figures returns a record's figure fields as YAML and their value as the
// model compares them. Land area is written in 亩 or 公顷 by the key, so
// that two records of one key compare in one unit.
func (g *propGen) figures(k propKey) (yamlText, value string) {
	switch k.target {
	case "coverage":
		den := 1 + g.r.IntN(40)
		num := g.r.IntN(den + 1)
		return fmt.Sprintf("numerator: %d, denominator: %d", num, den), fmt.Sprintf("%d/%d", num, den)
	case "growth":
		tenths := g.r.IntN(200)
		v := decimal.New(int64(tenths), -1)
		if g.r.IntN(2) == 0 {
			return fmt.Sprintf("value: %s%%", v), v.String()
		}
		return fmt.Sprintf("value: \"%s\"", v), v.String()
	case "action-plans":
		done := propStart.AddDays(g.r.IntN(k.date.Sub(propStart) + 1))
		return "done: " + done.String(), done.String()
	case "land-area":
		if k.date.Sub(propStart)%60 == 0 {
			v := 15 * g.r.IntN(50)
			return fmt.Sprintf("value: %d, unit: 亩", v), fmt.Sprintf("%d亩", v)
		}
	}
	halves := g.r.IntN(60)
	v := decimal.New(int64(halves), 0).Div(decimal.NewFromInt(2))
	return "value: " + v.String(), v.String()
}

// propBadRecords are record entries that the decoder must reject, each
// alone on one line, whatever the document's defaults. %s is a date in
// the period.
var propBadRecords = []string{
	"{target: no-such-target, district: tinghu, date: %s, value: 1}",
	"{target: neighbourhoods, district: tinghu, date: %s, value: -3}",
	"{target: coverage, district: yandu, date: %s, numerator: 9, denominator: 4}",
	"{target: coverage, district: yandu, date: %s, numerator: 1, denominator: 0}",
	"{target: pilot-projects, date: 2026-01-15, value: 1, note: %s}",
	"{target: pilot-projects, date: %s, value: 1e3}",
	"{target: pilot-projects, date: %s, value: 010}",
	"{target: pilot-projects, date: %s, value: ~}",
	"{target: pilot-projects, date: %s, value: {}}",
	"{target: pilot-projects, date: %s, vaule: 3}",
	"{target: pilot-projects, district: tinghu, date: %s, value: 1}",
	"{target: neighbourhoods, district: dafeng, date: %s, value: 1}",
	"{target: neighbourhoods, district: nowhere, date: %s, value: 1}",
	"{target: action-plans, district: tinghu, date: 2025-03-01, done: 2025-04-01, note: %s}",
	"{target: action-plans, district: tinghu, date: %s, value: 1}",
	"{target: coverage, district: tinghu, date: %s, value: 3}",
	"{target: land-area, district: tinghu, date: %s, value: 3, unit: 米}",
	"{target: vacant-plants, date: %s, value: 2, value: 3}",
	"{target: neighbourhoods, district: tinghu, date: 2025-02-30, value: 1, note: %s}",
	"&anchor {target: pilot-projects, date: %s, value: 1}",
	"{target: pilot-projects, date: %s, value: !!str 1}",
	"{target: growth, district: tinghu, date: %s, value: \"1,00\"}",
	"{target: vacant-plants, date: %s, value: 1, correction: \"\"}",
}

// doc writes one document of n entries.
func (g *propGen) doc(n int) propDoc {
	var b strings.Builder
	var d propDoc
	line := 1
	writeln := func(s string) {
		b.WriteString(s)
		b.WriteByte('\n')
		line++
	}
	writeln(fmt.Sprintf("# document %d", g.r.IntN(1000)))
	defDistrict := ""
	if g.r.IntN(3) == 0 {
		defDistrict = []string{"tinghu", "yandu"}[g.r.IntN(2)]
		writeln("district: " + defDistrict)
	}
	var defDate renewal.Date
	if g.r.IntN(2) == 0 {
		defDate = g.date()
		writeln("date: " + defDate.String())
	}
	if g.r.IntN(4) == 0 {
		writeln("source: 第" + fmt.Sprint(g.r.IntN(100)) + "期月报")
	}
	if n == 0 {
		writeln("records: []")
		d.text = b.String()
		return d
	}
	writeln("records:")
	for range n {
		g.entries++
		if g.r.IntN(6) == 0 {
			g.bad++
			d.entries = append(d.entries, propEntry{line, propBad})
			writeln("  - " + fmt.Sprintf(propBadRecords[g.r.IntN(len(propBadRecords))], g.date()))
			continue
		}
		// A city-level record of a level target cannot stand in a document
		// with a default district, which it would take.
		writable := func(k propKey) bool { return !(k.target == "growth" && k.district == "" && defDistrict != "") }
		var k propKey
		var figText, value string
		correction := false
		roll := g.r.IntN(10)
		if len(g.keys) > 0 {
			k = g.keys[g.r.IntN(len(g.keys))]
		}
		switch {
		case roll < 2 && len(g.keys) > 0 && writable(k): // an exact repeat
			figText, value = g.text[k], g.kept[k]
		case roll < 4 && len(g.keys) > 0 && writable(k) && g.conflicts: // other figures
			figText, value = g.figures(k)
			correction = g.r.IntN(2) == 0
		default:
			t := propTargets[g.r.IntN(len(propTargets))]
			k = propKey{target: t.id, district: t.districts[g.r.IntN(len(t.districts))], date: g.date()}
			if !writable(k) {
				k.district = "tinghu"
			}
			figText, value = g.figures(k)
			if old, ok := g.kept[k]; ok && !g.conflicts && old != value {
				figText, value = g.text[k], old // no conflicts: repeat instead
			}
		}
		outcome := propCounted
		switch old, seen := g.kept[k]; {
		case !seen:
			g.kept[k] = value
			g.text[k] = figText
			g.keys = append(g.keys, k)
		case old == value:
			outcome = propDuplicate
			g.duplicates++
		case correction:
			outcome = propCorrects
			g.replaced++
			g.kept[k] = value
			g.text[k] = figText
		default:
			outcome = propConflict
			g.conflict++
		}
		d.entries = append(d.entries, propEntry{line, outcome})
		// The district and date are left to the document's defaults
		// where they agree, half the time. A level target's record always
		// names its district: with none it is city-level.
		fields := []string{"target: " + k.target}
		switch {
		case k.district == "":
		case k.district == defDistrict && k.target != "growth" && g.r.IntN(2) == 0:
		default:
			fields = append(fields, "district: "+k.district)
		}
		if k.date != defDate || g.r.IntN(2) == 0 {
			fields = append(fields, "date: "+k.date.String())
		}
		fields = append(fields, figText)
		if g.r.IntN(8) == 0 {
			fields = append(fields, "note: 备注"+fmt.Sprint(g.r.IntN(10)))
		}
		if correction {
			fields = append(fields, "correction: 更正前报")
		}
		if g.r.IntN(3) == 0 {
			// Block style: one field a line, the record at the first.
			writeln("  - " + fields[0])
			for _, f := range fields[1:] {
				for _, part := range splitFlow(f) {
					writeln("    " + part)
				}
			}
		} else {
			writeln("  - {" + strings.Join(fields, ", ") + "}")
		}
	}
	d.text = b.String()
	return d
}

// splitFlow turns "numerator: 1, denominator: 2" into its fields.
func splitFlow(s string) []string {
	if strings.HasPrefix(s, "numerator:") || strings.Contains(s, ", unit:") {
		return strings.Split(s, ", ")
	}
	return []string{s}
}

// propFile is one generated file: its documents in order.
type propFile struct {
	name string
	docs []propDoc
}

// generate writes files of documents of entries.
func (g *propGen) generate(files int) []propFile {
	var out []propFile
	for i := range files {
		f := propFile{name: fmt.Sprintf("p/%03d.yaml", i)}
		for range 1 + g.r.IntN(3) {
			f.docs = append(f.docs, g.doc(g.r.IntN(12)))
		}
		out = append(out, f)
	}
	return out
}

// joinDocs writes documents as one file, separated by ---.
func joinDocs(docs []propDoc) string {
	var b strings.Builder
	for i, d := range docs {
		if i > 0 {
			b.WriteString("---\n")
		}
		b.WriteString(d.text)
	}
	return b.String()
}

func propLoad(t *testing.T, plan *renewal.Plan, fsys fstest.MapFS, paths ...string) (*renewal.Ledger, renewal.Problems) {
	t.Helper()
	led, probs := renewal.LoadProgress(plan, fsys, paths...)
	st := led.Stats()
	require.Equal(t, st.Entries, st.Records+st.Rejected+st.Duplicates+st.Replaced, "%+v", st)
	require.Equal(t, st.Records, led.Len())
	return led, probs
}

// TestPropertyNoRecordLost: for generated files of good, bad, repeated,
// conflicting and correcting records, the ledger's counts are the
// model's, and every entry not counted is named on its own line.
func TestPropertyNoRecordLost(t *testing.T) {
	plan := mustFuzzPlan(t)
	for seed := range uint64(40) {
		g := newPropGen(seed, true)
		files := g.generate(1 + int(seed%7))
		fsys := fstest.MapFS{}
		for _, f := range files {
			fsys[f.name] = &fstest.MapFile{Data: []byte(joinDocs(f.docs))}
		}
		led, probs := propLoad(t, plan, fsys, "p")
		st := led.Stats()
		name := fmt.Sprintf("seed %d", seed)
		require.Equal(t, len(files), st.Files, name)
		require.Equal(t, g.entries, st.Entries, "%s: entries written", name)
		require.Equal(t, g.bad+g.conflict, st.Rejected, "%s: rejected, %d bad and %d conflicts\n%s", name, g.bad, g.conflict, probs)
		require.Equal(t, g.duplicates, st.Duplicates, "%s: duplicates\n%s", name, probs)
		require.Equal(t, g.replaced, st.Replaced, "%s: replaced\n%s", name, probs)
		require.Equal(t, g.records(), st.Records, "%s: records", name)
		require.Equal(t, st.Rejected > 0, probs.HasErrors(), "%s", name)

		// Every entry's fate is on its line.
		type at struct {
			file string
			line int
		}
		errs, warns := map[at]int{}, map[at]int{}
		for _, p := range probs {
			if p.Severity == renewal.Error {
				errs[at{p.File, p.Line}]++
			} else {
				warns[at{p.File, p.Line}]++
			}
		}
		for _, f := range files {
			offset := 0
			for i, d := range f.docs {
				if i > 0 {
					offset++ // the ---
				}
				for _, e := range d.entries {
					pos := at{f.name, offset + e.line}
					switch e.outcome {
					case propBad, propConflict:
						assert.Positive(t, errs[pos], "%s: %s entry at %s:%d has no error", name, e.outcome, pos.file, pos.line)
					case propDuplicate, propCorrects:
						assert.Positive(t, warns[pos], "%s: %s entry at %s:%d has no warning", name, e.outcome, pos.file, pos.line)
						assert.Zero(t, errs[pos], "%s: %s entry at %s:%d has an error", name, e.outcome, pos.file, pos.line)
					case propCounted:
						assert.Zero(t, errs[pos], "%s: good entry at %s:%d has an error", name, pos.file, pos.line)
					}
				}
				offset += strings.Count(d.text, "\n")
			}
		}
		if t.Failed() {
			t.Logf("%s: problems:\n%s", name, probs)
			return
		}
	}
}

// reportFigures renders a report as JSON without what names places in
// files (record positions and warnings), so that the same figures from
// files laid out differently compare equal.
func reportFigures(t *testing.T, led *renewal.Ledger, asOf renewal.Date) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, renewal.Evaluate(led, asOf).WriteJSON(&buf))
	var v any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "record")
			delete(x, "warnings")
			delete(x, "errors") // problems name files, which differ by layout
			for _, y := range x {
				strip(y)
			}
		case []any:
			for _, y := range x {
				strip(y)
			}
		}
	}
	strip(v)
	out, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(out)
}

var propDays = []string{"2024-12-31", "2025-01-01", "2025-02-14", "2025-03-31", "2025-06-30", "2025-07-01", "2025-09-30", "2025-12-31", "2026-06-30"}

// assertSameFigures checks that two ledgers give the same counts and the
// same report on every day of propDays.
func assertSameFigures(t *testing.T, name string, want, got *renewal.Ledger) {
	t.Helper()
	ws, gs := want.Stats(), got.Stats()
	ws.Files, gs.Files = 0, 0
	assert.Equal(t, ws, gs, "%s: stats", name)
	assert.Equal(t, want.Latest(), got.Latest(), "%s: latest", name)
	for _, d := range propDays {
		day := renewal.MustParseDate(d)
		if !assert.Equal(t, reportFigures(t, want, day), reportFigures(t, got, day), "%s: report on %s", name, d) {
			return
		}
	}
}

// TestPropertySplitMerge: the same documents in the same order, as the
// generated files, as one file each, or as one multi-document file, give
// the same counts and figures, conflicts and corrections included.
func TestPropertySplitMerge(t *testing.T) {
	plan := mustFuzzPlan(t)
	for seed := range uint64(15) {
		g := newPropGen(100+seed, true)
		files := g.generate(2 + int(seed%5))
		base, split := fstest.MapFS{}, fstest.MapFS{}
		var all []propDoc
		for _, f := range files {
			base[f.name] = &fstest.MapFile{Data: []byte(joinDocs(f.docs))}
			for _, d := range f.docs {
				split[fmt.Sprintf("p/%04d.yml", len(all))] = &fstest.MapFile{Data: []byte(d.text)}
				all = append(all, d)
			}
		}
		merged := fstest.MapFS{"all.yaml": {Data: []byte(joinDocs(all))}}
		name := fmt.Sprintf("seed %d", 100+seed)
		want, _ := propLoad(t, plan, base, "p")
		got, _ := propLoad(t, plan, split, "p")
		assert.Equal(t, len(all), got.Stats().Files)
		assertSameFigures(t, name+" split", want, got)
		got, _ = propLoad(t, plan, merged, "all.yaml")
		assertSameFigures(t, name+" merged", want, got)
		if t.Failed() {
			return
		}
	}
}

// TestPropertyShuffle: with no conflicts and no corrections, the order in
// which files are loaded changes no count and no figure. (A conflict keeps
// the first record in load order, and a correction replaces the one
// before it, so those depend on order by design.)
func TestPropertyShuffle(t *testing.T) {
	plan := mustFuzzPlan(t)
	for seed := range uint64(15) {
		g := newPropGen(200+seed, false)
		files := g.generate(3 + int(seed%6))
		fsys := fstest.MapFS{}
		var paths []string
		for _, f := range files {
			fsys[f.name] = &fstest.MapFile{Data: []byte(joinDocs(f.docs))}
			paths = append(paths, f.name)
		}
		name := fmt.Sprintf("seed %d", 200+seed)
		want, probs := propLoad(t, plan, fsys, paths...)
		require.Equal(t, g.bad, want.Stats().Rejected, "%s: only bad entries are rejected\n%s", name, probs)
		require.Zero(t, want.Stats().Replaced, name)
		r := rand.New(rand.NewPCG(seed, 1))
		for i := range 3 {
			shuffled := slices.Clone(paths)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			got, _ := propLoad(t, plan, fsys, shuffled...)
			assertSameFigures(t, fmt.Sprintf("%s shuffle %d %v", name, i, shuffled), want, got)
		}
		// And the documents themselves shuffled, as one file.
		var all []propDoc
		for _, f := range files {
			all = append(all, f.docs...)
		}
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		got, _ := propLoad(t, plan, fstest.MapFS{"all.yaml": {Data: []byte(joinDocs(all))}}, "all.yaml")
		assertSameFigures(t, name+" documents shuffled", want, got)
		if t.Failed() {
			return
		}
	}
}

// TestPropertyConcurrentEvaluate evaluates one loaded plan and ledger on
// many dates from many goroutines at once, and compares each report with
// the one made alone. Run it with -race.
func TestPropertyConcurrentEvaluate(t *testing.T) {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors(), "%s", probs)
	led, probs := data.Sample(plan)
	require.False(t, probs.HasErrors(), "%s", probs)

	g := newPropGen(7, true)
	fsys := fstest.MapFS{}
	for _, f := range g.generate(6) {
		fsys[f.name] = &fstest.MapFile{Data: []byte(joinDocs(f.docs))}
	}
	fuzzPlan := mustFuzzPlan(t)
	genLed, _ := renewal.LoadProgress(fuzzPlan, fsys, "p")

	for _, l := range []*renewal.Ledger{led, genLed} {
		var days []renewal.Date
		for d := renewal.MustParseDate("2024-12-25"); !d.After(renewal.MustParseDate("2026-01-05")); d = d.AddDays(11) {
			days = append(days, d)
		}
		want := make([]string, len(days))
		// Alone, in reverse, so that no date is first evaluated in the
		// order the goroutines use.
		for i := len(days) - 1; i >= 0; i-- {
			var buf bytes.Buffer
			require.NoError(t, renewal.Evaluate(l, days[i]).WriteJSON(&buf))
			want[i] = buf.String()
		}
		const workers = 12
		got := make([][]string, workers)
		var wg sync.WaitGroup
		for w := range workers {
			got[w] = make([]string, len(days))
			wg.Go(func() {
				order := rand.New(rand.NewPCG(uint64(w), 2)).Perm(len(days))
				for _, i := range order {
					var buf bytes.Buffer
					r := renewal.Evaluate(l, days[i])
					if err := r.WriteJSON(&buf); err != nil {
						got[w][i] = err.Error()
						continue
					}
					got[w][i] = buf.String()
					// Readers of the ledger alongside.
					_ = r.Write(&bytes.Buffer{}, renewal.Text, renewal.English)
					for _, tg := range l.Plan().Targets {
						l.InForce(tg, nil, days[i])
					}
					_ = l.Stats()
				}
			})
		}
		wg.Wait()
		for w := range workers {
			for i, d := range days {
				if got[w][i] != want[i] {
					t.Fatalf("worker %d, %s: the report differs from the one made alone", w, d)
				}
			}
		}
	}
}
