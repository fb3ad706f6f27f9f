// Command synth writes a synthetic plan and its progress files in the plan
// and progress formats, for benchmarks and load tests:
//
//	go run ./internal/synth -districts 1400 -targets 60 -months 12 -out /tmp/national
//
// The same flags always give the same bytes. See package internal/gen for
// what the data holds.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/citybureau/renewal/internal/gen"
)

func main() {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	var cfg gen.Config
	fs.IntVar(&cfg.Districts, "districts", 11, "number of districts")
	fs.IntVar(&cfg.Targets, "targets", 12, "number of targets")
	fs.IntVar(&cfg.Months, "months", 9, "months of progress from January 2025 (1-12)")
	fs.Int64Var(&cfg.Seed, "seed", 1, "random seed")
	fs.BoolVar(&cfg.OneFile, "one-file", false, "write all progress as one multi-document file, progress/all.yaml")
	out := fs.String("out", "", "output directory (required)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fail(fs, "unexpected arguments: %q", fs.Args())
	}
	if *out == "" {
		fail(fs, "-out is required")
	}
	if err := cfg.Validate(); err != nil {
		fail(fs, "%v", err)
	}
	st, err := gen.WriteDirStats(cfg, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	fmt.Printf("synth: wrote %d files, %d records, %d bytes to %s\n", st.Files, st.Records, st.Bytes, *out)
}

func fail(fs *flag.FlagSet, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "synth: "+format+"\n", args...)
	fs.Usage()
	os.Exit(2)
}
