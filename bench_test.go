package renewal_test

import (
	"io"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/gen"
)

// benchConfig is the data set of the benchmarks: 200 districts × 60
// targets × 12 months, about 133,000 records in 2,413 files, built in
// memory so that the benchmarks measure the package and not the disk.
var benchConfig = gen.Config{Districts: 200, Targets: 60, Months: 12, Seed: 1}

type benchData struct {
	fsys    fstest.MapFS
	stats   gen.Stats
	plan    *renewal.Plan
	ledger  *renewal.Ledger
	records int
}

var (
	benchOnce sync.Once
	bench     benchData
)

// loadBench generates the benchmark data once per test binary, and loads
// it once, for the benchmarks that start from a loaded ledger.
func loadBench(b *testing.B) *benchData {
	b.Helper()
	benchOnce.Do(func() {
		bench.fsys = fstest.MapFS{}
		st, err := gen.GenerateStats(benchConfig, func(name string, data []byte) error {
			bench.fsys[name] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			panic(err)
		}
		bench.stats = st
		var probs renewal.Problems
		bench.plan, probs = renewal.LoadPlan(bench.fsys, "plan.yaml")
		if probs.HasErrors() {
			panic(probs.Err())
		}
		bench.ledger, probs = renewal.LoadProgress(bench.plan, bench.fsys, "progress")
		if probs.HasErrors() {
			panic(probs.Err())
		}
		bench.records = bench.ledger.Len()
	})
	if bench.records == 0 {
		b.Fatal("benchmark data did not load")
	}
	return &bench
}

func reportRecords(b *testing.B, records int) {
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkLoadPlan loads the plan of the benchmark data: 60 targets,
// each allocated to 200 districts.
func BenchmarkLoadPlan(b *testing.B) {
	d := loadBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, probs := renewal.LoadPlan(d.fsys, "plan.yaml"); probs.HasErrors() {
			b.Fatal(probs.Err())
		}
	}
}

// BenchmarkLoadProgress loads every progress file: read, yaml.v3 decode,
// validation, and the index.
func BenchmarkLoadProgress(b *testing.B) {
	d := loadBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		led, probs := renewal.LoadProgress(d.plan, d.fsys, "progress")
		if probs.HasErrors() || led.Len() != d.records {
			b.Fatalf("load: %d records, %v", led.Len(), probs.Err())
		}
	}
	reportRecords(b, d.records)
}

// BenchmarkLoadProgressOneFile loads the same records from one
// multi-document file.
func BenchmarkLoadProgressOneFile(b *testing.B) {
	cfg := benchConfig
	cfg.OneFile = true
	fsys := fstest.MapFS{}
	if err := gen.Generate(cfg, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	d := loadBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		led, probs := renewal.LoadProgress(d.plan, fsys, "progress/all.yaml")
		if probs.HasErrors() || led.Len() != d.records {
			b.Fatalf("load: %d records, %v", led.Len(), probs.Err())
		}
	}
	reportRecords(b, d.records)
}

// BenchmarkEvaluate evaluates the loaded ledger at its latest date.
func BenchmarkEvaluate(b *testing.B) {
	d := loadBench(b)
	asOf := d.ledger.Latest()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renewal.Evaluate(d.ledger, asOf)
	}
	reportRecords(b, d.records)
}

// BenchmarkEvaluateNewDate evaluates the loaded ledger at a date other
// than the one it was first reported at: what a second report on the same
// data costs.
func BenchmarkEvaluateNewDate(b *testing.B) {
	d := loadBench(b)
	renewal.Evaluate(d.ledger, d.ledger.Latest())
	asOf := renewal.MustParseDate("2025-07-15")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renewal.Evaluate(d.ledger, asOf)
	}
	reportRecords(b, d.records)
}

// BenchmarkWriteJSON renders an evaluated report as JSON.
func BenchmarkWriteJSON(b *testing.B) {
	d := loadBench(b)
	r := renewal.Evaluate(d.ledger, d.ledger.Latest())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := r.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	reportRecords(b, d.records)
}

// BenchmarkSeries evaluates the loaded ledger at the twelve month ends of
// its year, as a trend line does: compare with 12 × BenchmarkEvaluate.
func BenchmarkSeries(b *testing.B) {
	d := loadBench(b)
	dates := renewal.MonthEnds(d.plan, d.plan.End)
	if len(dates) != 12 {
		b.Fatalf("%d month ends", len(dates))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renewal.EvaluateSeries(d.ledger, dates...)
	}
	reportRecords(b, d.records)
}

// BenchmarkWith adds one record to the loaded ledger: copying and
// indexing its records again, without reading a file.
func BenchmarkWith(b *testing.B) {
	d := loadBench(b)
	var last renewal.Record
	for r := range d.ledger.Records() {
		last = r
	}
	e := renewal.Entry{Target: last.Target.ID, Date: last.Date, Value: last.Value.String()}
	if last.District != nil {
		e.District = last.District.ID
	}
	a := renewal.Addition{File: last.File, Line: last.Line + 100, Entries: []renewal.Entry{e}}
	b.ResetTimer()
	for b.Loop() {
		d.ledger.With(a)
	}
}

// BenchmarkReload is what With saves: a load of the same data.
func BenchmarkReload(b *testing.B) {
	d := loadBench(b)
	b.ResetTimer()
	for b.Loop() {
		renewal.LoadProgress(d.plan, d.fsys, "progress")
	}
}
