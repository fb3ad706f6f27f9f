package renewal_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/docsplit"
	"github.com/citybureau/renewal/internal/yamlx"
)

// The tests in this file hold the loader to one rule at every size
// switch it has: whichever path reads a progress file (the quick reader,
// its streamed batches, the split of one large file, yaml.v3), the file
// loads to the same records, every field and position, and the same
// problems, position, class and message, as it does with yaml.v3 alone,
// read whole and in order. A path that cannot read a style must decline
// it, and the next path read it; none may return nothing. The one
// allowed difference is a document over Limits.DocumentBytes that only
// yaml.v3 can read: it is refused with a problem naming the limit.
//
// For each switch (the streaming threshold, the streamed batch, the
// document limit, the split and its batch) documents are generated just
// under, at and just over it, in every style the formats allow: block
// records, flow items, one-line flow, a document written as one flow
// mapping, multi-line flow, quoted values (with and without an escape),
// comments, and CRLF line ends. Each holds duplicates, an unknown target and a bad
// figure every hundred records or so, so that problems are compared too.
// The thresholds are lowered so that the test stays quick under -race;
// TestThresholdsFullSize runs the real ones.

// thresholdPlanYAML is a plan of 100 city-wide count targets, t000 to
// t099, for 2025.
var thresholdPlanYAML = func() string {
	var b strings.Builder
	b.WriteString("id: thresholds\ntitle: 阈值测试计划\nperiod: {start: 2025-01-01, end: 2025-12-31}\n")
	b.WriteString("departments: [{id: zjj, name: 市住建局}]\nsections:\n  - id: s\n    name: 分项\n    tasks:\n      - id: k\n        name: 任务\n        targets:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "          - {id: t%03d, name: 目标%d, unit: 个, target: 400, lead: zjj}\n", i, i)
	}
	return b.String()
}()

func thresholdPlan(t testing.TB) *renewal.Plan {
	t.Helper()
	plan, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(thresholdPlanYAML))
	if len(probs) > 0 {
		t.Fatalf("the threshold plan has problems:\n%s", probs)
	}
	return plan
}

// field is one key and value of a generated record.
type field struct{ key, value string }

// thresholdRecord returns record i of a generated file: target i%100 on
// day i/100 of 2025 (wrapping after a year), its value the day's number,
// so that each target's figures rise. Every 11th record from the 5th
// repeats the one before (a duplicate), every 13th from the 7th names an
// unknown target, every 17th from the 3rd has a bad figure, and every
// 7th a note in Chinese, so that columns count characters, not bytes:
// the first seven records hold one of each problem.
func thresholdRecord(i int) []field {
	for len(recordCache) <= i {
		recordCache = append(recordCache, makeRecord(len(recordCache)))
	}
	return recordCache[i]
}

// recordCache holds the records thresholdRecord made.
var recordCache [][]field

func makeRecord(i int) []field {
	if i%11 == 4 {
		i-- // the same record again
	}
	day := i / 100 % 365
	target := fmt.Sprintf("t%03d", i%100)
	if i%13 == 6 {
		target += "x"
	}
	value := fmt.Sprint(day)
	if i%17 == 2 {
		value += "x"
	}
	date := renewal.MustParseDate("2025-01-01").AddDays(day).String()
	rec := []field{{"target", target}, {"date", date}, {"value", value}}
	if i%7 == 3 {
		rec = append(rec, field{"note", fmt.Sprintf("第%d项 含2处", i)})
	}
	return rec
}

// docStyle writes a progress document in one style.
type docStyle struct {
	name string
	// quick: the quick reader reads this style, so that a large document
	// is streamed, never refused.
	quick bool
	// write writes a document of the records from first, n of them.
	write func(b *strings.Builder, first, n int)
}

func flowRecord(b *strings.Builder, rec []field, quote bool) {
	b.WriteByte('{')
	for j, f := range rec {
		if j > 0 {
			b.WriteString(", ")
		}
		v := f.value
		switch {
		case !quote || f.key == "date":
		case f.key == "value":
			v = "'" + v + "'"
		default:
			v = `"` + v + `"`
		}
		b.WriteString(f.key + ": " + v)
	}
	b.WriteByte('}')
}

var docStyles = []docStyle{
	{"block", true, func(b *strings.Builder, first, n int) {
		b.WriteString("source: 亭湖区住建局\nrecords:\n")
		for i := first; i < first+n; i++ {
			for j, f := range thresholdRecord(i) {
				lead := "    "
				if j == 0 {
					lead = "  - "
				}
				b.WriteString(lead + f.key + ": " + f.value + "\n")
			}
		}
	}},
	{"flow items", true, func(b *strings.Builder, first, n int) {
		b.WriteString("source: 亭湖区住建局\nrecords:\n")
		for i := first; i < first+n; i++ {
			b.WriteString("  - ")
			flowRecord(b, thresholdRecord(i), false)
			b.WriteByte('\n')
		}
	}},
	{"one-line flow", true, oneLineFlow},
	{"flow mapping", true, func(b *strings.Builder, first, n int) {
		b.WriteString("{source: 亭湖区住建局, records: [")
		for i := first; i < first+n; i++ {
			if i > first {
				b.WriteString(", ")
			}
			flowRecord(b, thresholdRecord(i), false)
		}
		b.WriteString("], date: 2025-06-30}\n")
	}},
	{"multi-line flow", false, func(b *strings.Builder, first, n int) {
		b.WriteString("source: 亭湖区住建局\nrecords: [\n")
		for i := first; i < first+n; i++ {
			b.WriteString("  ")
			flowRecord(b, thresholdRecord(i), false)
			if i < first+n-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("]\n")
	}},
	{"quoted", true, func(b *strings.Builder, first, n int) {
		b.WriteString("source: \"亭湖区住建局\"\nrecords:\n")
		for i := first; i < first+n; i++ {
			b.WriteString("  - ")
			flowRecord(b, thresholdRecord(i), true)
			b.WriteByte('\n')
		}
	}},
	{"escaped", false, func(b *strings.Builder, first, n int) {
		b.WriteString("source: \"亭湖区住建局 \\\"月报\\\"\"\nrecords:\n")
		for i := first; i < first+n; i++ {
			b.WriteString("  - ")
			flowRecord(b, thresholdRecord(i), true)
			b.WriteByte('\n')
		}
	}},
	{"one-line flow, CRLF", true, func(b *strings.Builder, first, n int) {
		var doc strings.Builder
		oneLineFlow(&doc, first, n)
		b.WriteString(strings.ReplaceAll(doc.String(), "\n", "\r\n"))
	}},
	{"commented", true, func(b *strings.Builder, first, n int) {
		b.WriteString("# 月报\nsource: 亭湖区住建局 # 填报单位\nrecords:\n")
		for i := first; i < first+n; i++ {
			if i%5 == 0 {
				fmt.Fprintf(b, "  # 第%d条起\n", i)
			}
			b.WriteString("  - ")
			flowRecord(b, thresholdRecord(i), false)
			b.WriteString(" # 记录\n")
		}
	}},
}

func oneLineFlow(b *strings.Builder, first, n int) {
	b.WriteString("source: 亭湖区住建局\nrecords: [")
	for i := first; i < first+n; i++ {
		if i > first {
			b.WriteString(", ")
		}
		flowRecord(b, thresholdRecord(i), false)
	}
	b.WriteString("]\n")
}

// styleNamed returns the style of that name.
func styleNamed(t testing.TB, name string) docStyle {
	for _, s := range docStyles {
		if s.name == name {
			return s
		}
	}
	t.Fatalf("no style %q", name)
	return docStyle{}
}

// document returns a document of style s with the records from first, n
// of them, padded with a comment line at its end to size bytes at least
// (exactly, when size leaves room for the comment line).
func document(s docStyle, first, n, size int) string {
	var b strings.Builder
	s.write(&b, first, n)
	if pad := size - b.Len(); pad >= 2 {
		b.WriteString("#" + strings.Repeat("x", pad-2) + "\n")
	}
	return b.String()
}

// sizedDocument returns a document of style s, from record first, of
// exactly size bytes: as many records as fit, and a comment line.
func sizedDocument(t testing.TB, s docStyle, first, size int) (string, int) {
	t.Helper()
	fits := func(n int) bool {
		var b strings.Builder
		s.write(&b, first, n)
		return b.Len()+2 <= size
	}
	lo, hi := 1, size/20+2 // a record takes 20 bytes at least
	if !fits(lo) {
		t.Fatalf("%s: no record fits in %d bytes", s.name, size)
	}
	for hi-lo > 1 { // fits(lo), !fits(hi)
		if mid := (lo + hi) / 2; fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	doc := document(s, first, lo, size)
	if len(doc) != size {
		t.Fatalf("%s: a document of %d bytes, want %d", s.name, len(doc), size)
	}
	return doc, lo
}

// loadResult is a load rendered for comparison: each record with every
// field, each problem with its position, message, class, code and
// arguments, and the counts.
type loadResult struct {
	records []string
	probs   []string
	stats   renewal.Stats
}

func renderLoad(led *renewal.Ledger, probs renewal.Problems) loadResult {
	var res loadResult
	for r := range led.Records() {
		district := ""
		if r.District != nil {
			district = r.District.ID
		}
		res.records = append(res.records, fmt.Sprintf("%s:%d:%d %s/%s %s value %s ratio %s/%s done %s unit %q note %q correction %q source %q",
			r.File, r.Line, r.Column, r.Target.ID, district, r.Date, r.Value, r.Numerator, r.Denominator, r.Done, r.Unit, r.Note, r.Correction, r.Source))
	}
	for _, p := range probs {
		res.probs = append(res.probs, fmt.Sprintf("%s [%v %s %q]", p.Error(), p.Class, p.Code, p.Args()))
	}
	res.stats = led.Stats()
	return res
}

// diffLoads says how got differs from want, or "" when it does not.
func diffLoads(want, got loadResult) string {
	var d []string
	if want.stats != got.stats {
		d = append(d, fmt.Sprintf("stats %+v, want %+v", got.stats, want.stats))
	}
	for _, part := range []struct {
		what      string
		want, got []string
	}{{"record", want.records, got.records}, {"problem", want.probs, got.probs}} {
		if len(part.got) != len(part.want) {
			d = append(d, fmt.Sprintf("%d %ss, want %d", len(part.got), part.what, len(part.want)))
		}
		for i := range min(len(part.got), len(part.want)) {
			if part.got[i] != part.want[i] {
				d = append(d, fmt.Sprintf("%s %d is\n\t%s\nwant\n\t%s", part.what, i, part.got[i], part.want[i]))
				break
			}
		}
	}
	return strings.Join(d, "; ")
}

// plainLoad loads text with yaml.v3 alone: no quick reader, no streaming,
// no split, no document limit, one file at a time.
func plainLoad(plan *renewal.Plan, name, text string) loadResult {
	defer yamlx.SetQuick(yamlx.SetQuick(false))
	th := renewal.CurrentThresholds()
	th.StreamMin, th.SplitMin = math.MaxInt, math.MaxInt
	defer renewal.SetThresholds(th)()
	l := &renewal.Loader{Workers: 1, Limits: renewal.Limits{DocumentBytes: math.MaxInt}}
	return renderLoad(l.ReadProgress(plan, name, strings.NewReader(text)))
}

// loaderLoad loads text as the loader does, with its thresholds as they
// are set and a document limit of docLimit (0: the default).
func loaderLoad(plan *renewal.Plan, name, text string, docLimit int) loadResult {
	l := &renewal.Loader{Workers: 4, Limits: renewal.Limits{DocumentBytes: docLimit}}
	return renderLoad(l.ReadProgress(plan, name, strings.NewReader(text)))
}

// thresholdCase is a generated file and what its load must be.
type thresholdCase struct {
	name string
	text string
	// refused: the file is over the document limit and only yaml.v3 can
	// read it; it loads as one problem naming the limit.
	refused bool
	// drop: the streamed batch DropStreamBatch drops, and whether the
	// file has it (the load must then differ: the test catches the
	// lost batch).
	drop    int
	dropped bool
}

// checkThreshold loads c with the loader and with yaml.v3 alone and compares
// them; with c.drop set, it loads c again with that batch dropped and
// requires the comparison to fail exactly when the file has it.
func checkThreshold(t *testing.T, plan *renewal.Plan, c thresholdCase, docLimit int) {
	t.Helper()
	want := plainLoad(plan, "p.yaml", c.text)
	if want.stats.Entries < 2 || len(want.probs) == 0 {
		t.Fatalf("%s: the reference load has %d entries and %d problems; the case tests too little", c.name, want.stats.Entries, len(want.probs))
	}
	got := loaderLoad(plan, "p.yaml", c.text, docLimit)
	if c.refused {
		limit := fmt.Sprintf("more than the limit of %d bytes a document", docLimit)
		if got.stats.Entries != 0 || len(got.probs) != 1 || !strings.Contains(got.probs[0], limit) || !strings.HasPrefix(got.probs[0], "p.yaml:1:1: ") {
			t.Errorf("%s: %d entries and problems %q; want it refused with one problem at 1:1 naming the limit (%s)", c.name, got.stats.Entries, got.probs, limit)
		}
		return
	}
	if d := diffLoads(want, got); d != "" {
		t.Errorf("%s (%d bytes, %d entries): the load differs from yaml.v3's: %s", c.name, len(c.text), want.stats.Entries, d)
	}
	if c.drop == 0 {
		return
	}
	restore := renewal.DropStreamBatch(c.drop)
	dropped := loaderLoad(plan, "p.yaml", c.text, docLimit)
	restore()
	switch d := diffLoads(want, dropped); {
	case c.dropped && d == "":
		t.Errorf("%s: the streamed path dropped batch %d, and the comparison did not notice", c.name, c.drop)
	case !c.dropped && d != "":
		t.Errorf("%s: batch %d is not streamed, yet dropping it changed the load: %s", c.name, c.drop, d)
	}
}

// lowered are the thresholds of the quick tests, far below the real
// ones: a document of 2 KiB is streamed 8 records a batch, a file of
// 8 KiB is split in batches of 1 KiB, and a document of 4 KiB is the
// limit.
var lowered = renewal.Thresholds{StreamMin: 2 << 10, StreamBatch: 8, SplitMin: 8 << 10, SplitBatch: 1 << 10, PendingNodes: 300_000}

const loweredDocLimit = 4 << 10

// splitDoc is the size of the documents of a file that is split.
const splitDoc = 512

// TestThresholds runs every style across every switch, at the lowered
// thresholds.
func TestThresholds(t *testing.T) {
	plan := thresholdPlan(t)
	defer renewal.SetThresholds(lowered)()
	th := lowered
	for _, s := range docStyles {
		t.Run(s.name, func(t *testing.T) {
			// The streaming threshold: one document, and the same after a
			// small one (the largest document decides).
			for _, size := range []int{th.StreamMin - 1, th.StreamMin, th.StreamMin + 1} {
				doc, _ := sizedDocument(t, s, 0, size)
				streamed := size >= th.StreamMin && s.quick
				checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("one document of %d bytes", size), text: doc, drop: 1, dropped: streamed}, loweredDocLimit)
				var small strings.Builder
				s.write(&small, 10_000, 3)
				doc, _ = sizedDocument(t, s, 0, size-4)
				two := small.String() + "---\n" + doc
				checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("a small document, then one of %d bytes", size), text: two, drop: 1, dropped: streamed}, loweredDocLimit)
			}
			// The streamed batch: one or two batches, and one more
			// record; dropping batch 2 loses records only when there is
			// one.
			if s.quick {
				for _, n := range []int{th.StreamBatch - 1, th.StreamBatch, th.StreamBatch + 1, 2*th.StreamBatch - 1, 2 * th.StreamBatch, 2*th.StreamBatch + 1} {
					doc := document(s, 0, n, th.StreamMin+100)
					checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("%d records streamed", n), text: doc, drop: 2, dropped: n > th.StreamBatch}, loweredDocLimit)
				}
			}
			// The document limit, above the streaming threshold and below
			// it: a style only yaml.v3 reads is refused over it, one the
			// quick reader reads is streamed.
			for _, limit := range []int{loweredDocLimit, th.StreamMin / 2} {
				for _, size := range []int{limit - 1, limit, limit + 1} {
					doc, _ := sizedDocument(t, s, 0, size)
					checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("a document of %d bytes, limit %d", size, limit), text: doc, refused: size > limit && !s.quick}, limit)
				}
			}
			// The split: a file of small documents, just under, at and
			// just over the smallest file split.
			for _, size := range []int{th.SplitMin - 1, th.SplitMin, th.SplitMin + 1} {
				text := splitFile(t, s, splitDoc, size)
				checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("a file of %d bytes in documents", size), text: text}, loweredDocLimit)
			}
			// The split's batches: parts of P bytes, batches of just
			// under, at and just over two parts.
			text := splitFile(t, s, splitDoc, 2*th.SplitMin)
			parts, ok := docsplit.Split([]byte(text))
			if !ok || len(parts) < 8 {
				t.Fatalf("docsplit cut the file into %d parts (ok %v)", len(parts), ok)
			}
			p := parts[1].End - parts[1].Start
			for _, batch := range []int{2*p - 1, 2 * p, 2*p + 1} {
				restore := renewal.SetThresholds(renewal.Thresholds{StreamMin: th.StreamMin, StreamBatch: th.StreamBatch, SplitMin: th.SplitMin, SplitBatch: batch, PendingNodes: th.PendingNodes})
				checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("split batches of %d bytes, parts of %d", batch, p), text: text}, loweredDocLimit)
				restore()
			}
		})
	}
}

// splitFile returns a file of size bytes in documents of about docSize
// bytes each, every one starting with a "---" line and padded to exactly
// docSize, the last to the size left.
func splitFile(t testing.TB, s docStyle, docSize, size int) string {
	t.Helper()
	var b strings.Builder
	first := 0
	for b.Len() < size {
		want := docSize
		if left := size - b.Len(); left < 2*docSize {
			want = left
		}
		doc, n := sizedDocument(t, s, first, want-4)
		b.WriteString("---\n" + doc)
		first += n
	}
	if b.Len() != size {
		t.Fatalf("a file of %d bytes, want %d", b.Len(), size)
	}
	return b.String()
}

// TestThresholdsGated loads files at the streaming and split thresholds
// with LoadFiles, whose progress is parsed while the plan is decoded:
// with no budget for documents waiting for the plan, and a budget of a
// few documents, the load is the same.
func TestThresholdsGated(t *testing.T) {
	plan := thresholdPlan(t)
	dir := t.TempDir()
	planPath := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(planPath, []byte(thresholdPlanYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, budget := range []int64{0, 500} {
		th := lowered
		th.PendingNodes = budget
		restore := renewal.SetThresholds(th)
		for _, s := range docStyles {
			one, _ := sizedDocument(t, s, 0, th.StreamMin)
			for i, text := range []string{one, splitFile(t, s, splitDoc, th.SplitMin)} {
				path := filepath.Join(dir, fmt.Sprintf("%s-%d.yaml", strings.ReplaceAll(s.name, " ", "-"), i))
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				want := plainLoad(plan, path, text)
				_, led, probs := renewal.LoadFiles(planPath, path)
				if d := diffLoads(want, renderLoad(led, probs)); d != "" {
					t.Errorf("%s, budget %d: LoadFiles differs from yaml.v3: %s", path, budget, d)
				}
			}
		}
		restore()
	}
}

// TestDiffLoadsCatchesADroppedBatch shows the comparison failing where it
// must: a one-line flow document streamed with a batch dropped (the
// issue's bug: every record lost, no problem) differs from yaml.v3's
// load, and so does one with any single record left out.
func TestDiffLoadsCatchesADroppedBatch(t *testing.T) {
	plan := thresholdPlan(t)
	defer renewal.SetThresholds(lowered)()
	oneLine := styleNamed(t, "one-line flow")
	doc, n := sizedDocument(t, oneLine, 0, 2*lowered.StreamMin)
	want := plainLoad(plan, "p.yaml", doc)
	if want.stats.Entries != n {
		t.Fatalf("yaml.v3 read %d entries of %d", want.stats.Entries, n)
	}
	if d := diffLoads(want, loaderLoad(plan, "p.yaml", doc, 0)); d != "" {
		t.Fatalf("the load differs: %s", d)
	}
	for _, drop := range []int{1, 2, (n + lowered.StreamBatch - 1) / lowered.StreamBatch} {
		restore := renewal.DropStreamBatch(drop)
		got := loaderLoad(plan, "p.yaml", doc, 0)
		restore()
		d := diffLoads(want, got)
		if d == "" {
			t.Errorf("batch %d of %d records dropped: the comparison finds no difference", drop, n)
		}
		lost := min(lowered.StreamBatch, n-(drop-1)*lowered.StreamBatch)
		if got.stats.Entries != n-lost {
			t.Errorf("batch %d dropped: %d entries, want %d - %d", drop, got.stats.Entries, n, lost)
		}
	}
	// One record gone, or one problem.
	less := want
	less.records = want.records[1:]
	if diffLoads(want, less) == "" {
		t.Error("a record left out: no difference found")
	}
	less = want
	less.probs = append([]string{}, want.probs...)
	less.probs[0] += "."
	if diffLoads(want, less) == "" {
		t.Error("a problem changed: no difference found")
	}
}

// TestThresholdsFullSize runs the real thresholds on full-size files: a
// one-line flow document, a document written as one flow mapping and
// flow items, just under, at and just over the streaming threshold of
// 1 MiB; a streamed one-line document of one record short of six batches
// of 4,096, exactly six, and one more; and a file of documents just
// under, at and just over the smallest file split. (The document limit
// of 8 MiB is left to TestThresholds: yaml.v3 takes some 400 MB for
// such a document.) It does not run under -race, which is some ten
// times slower, or -short.
func TestThresholdsFullSize(t *testing.T) {
	if raceFactor > 1 || testing.Short() {
		t.Skip("full-size files: not under -race or -short")
	}
	plan := thresholdPlan(t)
	th := renewal.CurrentThresholds()
	if th.StreamMin != 1<<20 || th.StreamBatch != 4096 || th.SplitMin != 512<<10 {
		t.Fatalf("thresholds %+v: the comments here and in the package docs need updating", th)
	}
	for _, s := range []docStyle{styleNamed(t, "one-line flow"), styleNamed(t, "flow mapping"), styleNamed(t, "flow items")} {
		for _, size := range []int{th.StreamMin - 1, th.StreamMin, th.StreamMin + 1} {
			doc, _ := sizedDocument(t, s, 0, size)
			checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("%s, %d bytes", s.name, size), text: doc, drop: 1, dropped: size >= th.StreamMin}, 0)
		}
	}
	oneLine := styleNamed(t, "one-line flow")
	for _, n := range []int{6*th.StreamBatch - 1, 6 * th.StreamBatch, 6*th.StreamBatch + 1} {
		doc := document(oneLine, 0, n, 0)
		if len(doc) < th.StreamMin {
			t.Fatalf("%d records in %d bytes: not streamed", n, len(doc))
		}
		checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("one line of %d records", n), text: doc, drop: 7, dropped: n > 6*th.StreamBatch}, 0)
	}
	for _, size := range []int{th.SplitMin - 1, th.SplitMin, th.SplitMin + 1} {
		text := splitFile(t, styleNamed(t, "flow items"), 16<<10, size)
		checkThreshold(t, plan, thresholdCase{name: fmt.Sprintf("a file of %d bytes in documents", size), text: text}, 0)
	}
}

// fuzzThresholds are the thresholds of FuzzThresholds: every document of
// 64 bytes or more is streamed, 2 records a batch. (The split has its
// own fuzz target, FuzzSplit, which allows for the errors it reads past.)
var fuzzThresholds = renewal.Thresholds{StreamMin: 64, StreamBatch: 2, SplitMin: math.MaxInt, SplitBatch: 1 << 10, PendingNodes: 300_000}

// FuzzThresholds loads any bytes for the fuzz plan with tiny streaming
// thresholds and with yaml.v3 alone, and requires the same records and
// problems. Its seeds are the fuzz seeds and a small file of each style
// the threshold tests generate.
func FuzzThresholds(f *testing.F) {
	plan := mustFuzzPlan(f)
	for _, b := range fuzzCorpus(f) {
		f.Add(b)
	}
	for _, s := range fuzzSeedHostile {
		f.Add([]byte(s))
	}
	for _, s := range docStyles {
		var b strings.Builder
		s.write(&b, 0, 12)
		text := strings.NewReplacer("t000", "pilot-projects", "t001", "neighbourhoods").Replace(b.String())
		f.Add([]byte(text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := plainLoad(plan, "p.yaml", string(data))
		restore := renewal.SetThresholds(fuzzThresholds)
		got := loaderLoad(plan, "p.yaml", string(data), math.MaxInt)
		restore()
		if d := diffLoads(want, got); d != "" {
			t.Fatalf("the streamed load differs from yaml.v3's: %s\n%q", d, data)
		}
	})
}
