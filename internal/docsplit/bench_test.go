package docsplit_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/citybureau/renewal/internal/docsplit"
	"github.com/citybureau/renewal/internal/gen"
	"gopkg.in/yaml.v3"
)

// oneFile is the progress of DOCSPLIT_DISTRICTS districts (default 200;
// the national set is 1400) × 60 targets × 12 months as one
// multi-document file, as internal/gen writes it.
var oneFile = sync.OnceValue(func() []byte {
	districts := 200
	if s := os.Getenv("DOCSPLIT_DISTRICTS"); s != "" {
		districts, _ = strconv.Atoi(s)
	}
	var all []byte
	cfg := gen.Config{Districts: districts, Targets: 60, Months: 12, Seed: 1, OneFile: true}
	if err := gen.Generate(cfg, func(name string, data []byte) error {
		if name == "progress/all.yaml" {
			all = data
		}
		return nil
	}); err != nil {
		panic(err)
	}
	return all
})

// BenchmarkSequential is the bare single-threaded yaml.v3 Decoder loop
// into nodes: the reference of issue 17.
func BenchmarkSequential(b *testing.B) {
	data := oneFile()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		n := 0
		for {
			var doc yaml.Node
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.ReportMetric(float64(n), "docs")
	}
}

// BenchmarkSplit is Stream on GOMAXPROCS workers with a 4 MB window.
func BenchmarkSplit(b *testing.B) {
	data := oneFile()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		errs := docsplit.Stream(data, runtime.GOMAXPROCS(0), 4<<20, func(*yaml.Node) { n++ })
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		b.ReportMetric(float64(n), "docs")
	}
}

// BenchmarkSplitOnly is Split alone: the price of the scan.
func BenchmarkSplitOnly(b *testing.B) {
	data := oneFile()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok := docsplit.Split(data); !ok {
			b.Fatal("declined")
		}
	}
}
