// Package gen makes synthetic plan and progress data in the file formats
// of the plan and progress, for tests and benchmarks.
//
// Generate emits plan.yaml, then the progress files, in lexical path order:
//
//	plan.yaml
//	progress/city/2025-01.yaml    city-level records of the level targets
//	progress/d0001/2025-01.yaml   one file per district per month
//	progress/d0001/2025-02.yaml
//	...
//
// With Config.OneFile all progress goes to progress/all.yaml instead, one
// YAML document per file above, in the same order, separated by "---".
//
// A progress file holds the district and the month's last day as file
// defaults, then one flow-style record for each target allocated to the
// district:
//
//	district: d0001
//	date: 2025-03-31
//	source: 第0001区 2025年3月报
//	records:
//	  - {target: t0001, value: 12}
//	  - {target: t0002, numerator: 38, denominator: 45}
//	  - {target: t0004, done: 2025-03-12}
//	  - {target: t0005, value: 261, unit: 亩}
//
// The data is valid: cumulative count figures never fall for at_least
// targets and never rise for the at_most one, numerators never exceed their
// denominators, and a milestone's record appears only in the month it is
// done (later months omit it, so there are slightly fewer records than
// districts × targets × months). Figures are plain decimals with at most two
// decimal places.
//
// Output is a pure function of Config: the random source is a PCG seeded
// from Config.Seed, the arithmetic is integer, and nothing depends on map
// order or the clock, so the same Config gives the same bytes on every
// platform.
package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Config says how much data to make. The zero value is not valid: Districts,
// Targets and Months must be set.
type Config struct {
	Districts int   // number of districts, d0001 onward; at least 1
	Targets   int   // number of targets, t0001 onward; at least 1
	Months    int   // months of progress from January 2025; 1 to 12
	Seed      int64 // seed of the random source
	OneFile   bool  // all progress in progress/all.yaml
}

// Stats counts what was emitted.
type Stats struct {
	Files   int   // files, plan.yaml included
	Records int   // progress records, over all files
	Bytes   int64 // total size of the files
}

// Validate reports whether c can be generated.
func (c Config) Validate() error {
	var errs []error
	if c.Districts < 1 {
		errs = append(errs, fmt.Errorf("gen: districts must be at least 1, got %d", c.Districts))
	}
	if c.Targets < 1 {
		errs = append(errs, fmt.Errorf("gen: targets must be at least 1, got %d", c.Targets))
	}
	if c.Months < 1 || c.Months > 12 {
		errs = append(errs, fmt.Errorf("gen: months must be 1 to 12, got %d", c.Months))
	}
	return errors.Join(errs...)
}

// Generate makes the plan and progress files for cfg and passes each to emit
// with its slash-separated path relative to the output root, plan.yaml first.
// Each data slice is freshly allocated, so emit may keep it. Generate stops at
// the first error emit returns and returns it.
func Generate(cfg Config, emit func(name string, data []byte) error) error {
	_, err := generate(cfg, func(name string, data []byte, _ int) error {
		return emit(name, data)
	})
	return err
}

// GenerateStats is Generate that also counts the files, records and bytes
// emitted.
func GenerateStats(cfg Config, emit func(name string, data []byte) error) (Stats, error) {
	return generate(cfg, func(name string, data []byte, _ int) error {
		return emit(name, data)
	})
}

// WriteDir writes the files of cfg under dir, creating directories as needed.
// It overwrites files of the same name and leaves any others in dir alone.
func WriteDir(cfg Config, dir string) error {
	_, err := WriteDirStats(cfg, dir)
	return err
}

// WriteDirStats is WriteDir that also counts what it wrote.
func WriteDirStats(cfg Config, dir string) (Stats, error) {
	made := map[string]bool{}
	return generate(cfg, func(name string, data []byte, _ int) error {
		path := filepath.Join(dir, filepath.FromSlash(name))
		parent := filepath.Dir(path)
		if !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made[parent] = true
		}
		return os.WriteFile(path, data, 0o644)
	})
}

func generate(cfg Config, emit func(name string, data []byte, records int) error) (Stats, error) {
	var st Stats
	if err := cfg.Validate(); err != nil {
		return st, err
	}
	count := func(name string, data []byte, records int) error {
		st.Files++
		st.Records += records
		st.Bytes += int64(len(data))
		return emit(name, data, records)
	}
	p := newPlan(cfg)
	if err := count("plan.yaml", p.appendYAML(nil), 0); err != nil {
		return st, err
	}
	return st, p.progress(count)
}
