// Command perf reproduces the performance table of PERFORMANCE.md: it
// generates the national data set (1,400 districts × 60 targets × 12
// months), its one-file variant and a set ten times smaller, builds
// examples/report and internal/yamlbaseline, runs the two programs in
// turn on the same files, and prints a Markdown table of median wall
// times and peak resident set sizes.
//
//	go run ./internal/perf [-runs 5] [-dir DIR]
//
// Peak RSS is the kernel's ru_maxrss for each child process, the figure
// /usr/bin/time -v prints as "Maximum resident set size". (A child
// started with vfork inherits its parent's high-water mark, so this
// program keeps itself small until the measurements are done: the data
// is written by internal/synth in a process of its own.) The time to
// evaluate a new as-of date is measured last, in this process, on the
// national set loaded once.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/gen"
)

func main() {
	runs := flag.Int("runs", 5, "runs of each program, alternating")
	dir := flag.String("dir", "", "working directory for data and binaries (default: a new temporary one, removed after)")
	districts := flag.Int("districts", 1400, "districts of the large set (the small set has a tenth)")
	flag.Parse()
	if err := run(*runs, *dir, *districts); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

type dataset struct {
	name  string
	dir   string
	stats gen.Stats
	// progress is the path given to -progress: a directory, or the one
	// multi-document file.
	progress string
}

func run(runs int, dir string, districts int) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "renewal-perf-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	logf("building examples/report, internal/yamlbaseline and internal/synth")
	report := filepath.Join(dir, "report")
	baseline := filepath.Join(dir, "yamlbaseline")
	synth := filepath.Join(dir, "synth")
	for _, b := range [][2]string{{report, "./examples/report"}, {baseline, "./internal/yamlbaseline"}, {synth, "./internal/synth"}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Dir = root
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %v", b[1], err)
		}
	}
	national := gen.Config{Districts: districts, Targets: 60, Months: 12, Seed: 1}
	small := national
	small.Districts = max(1, districts/10)
	oneFile := national
	oneFile.OneFile = true
	var sets []*dataset
	for _, c := range []struct {
		name string
		cfg  gen.Config
	}{{largeName(districts), national}, {"one file", oneFile}, {"a tenth", small}} {
		d := &dataset{name: c.name, dir: filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))}
		logf("generating %s: %d districts × %d targets × %d months", c.name, c.cfg.Districts, c.cfg.Targets, c.cfg.Months)
		if d.stats, err = generate(synth, c.cfg, d.dir); err != nil {
			return err
		}
		d.progress = filepath.Join(d.dir, "progress")
		if c.cfg.OneFile {
			d.progress = filepath.Join(d.progress, "all.yaml")
		}
		sets = append(sets, d)
	}

	type result struct{ rep, base []sample }
	results := map[*dataset]*result{}
	for _, d := range sets {
		res := &result{}
		results[d] = res
		repArgs := []string{"-plan", filepath.Join(d.dir, "plan.yaml"), "-progress", d.progress, "-format", "json"}
		baseArgs := []string{filepath.Join(d.dir, "plan.yaml"), d.progress}
		// One run of each to warm the page cache, not counted.
		if _, err := measure(report, repArgs...); err != nil {
			return err
		}
		if _, err := measure(baseline, baseArgs...); err != nil {
			return err
		}
		for i := range runs {
			logf("%s: run %d of %d", d.name, i+1, runs)
			s, err := measure(report, repArgs...)
			if err != nil {
				return err
			}
			res.rep = append(res.rep, s)
			if s, err = measure(baseline, baseArgs...); err != nil {
				return err
			}
			res.base = append(res.base, s)
		}
	}

	logf("evaluating new as-of dates on the %s set", sets[0].name)
	evalTimes, err := evalNewDates(sets[0])
	if err != nil {
		return err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s. Medians of %d runs, the two programs alternating.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runs)
	b.WriteString("| data set | records | files | MB | report: load+evaluate+JSON | report peak RSS | bare yaml.v3 decode | yaml.v3 peak RSS | time ratio | CPU time, report / yaml.v3 |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, d := range sets {
		res := results[d]
		rt, rr, rc := median(res.rep, wall), median(res.rep, rss), median(res.rep, cpu)
		bt, br, bc := median(res.base, wall), median(res.base, rss), median(res.base, cpu)
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %.2f s | %d MB | %.2f s | %d MB | %.2f | %.2f s / %.2f s |\n",
			d.name, d.stats.Records, d.stats.Files, float64(d.stats.Bytes)/1e6,
			rt.Seconds(), rr>>10, bt.Seconds(), br>>10, rt.Seconds()/bt.Seconds(), rc.Seconds(), bc.Seconds())
	}
	nat, tenth := results[sets[0]], results[sets[2]]
	growth := median(nat.rep, wall).Seconds() / median(tenth.rep, wall).Seconds()
	fmt.Fprintf(&b, "\nGrowth: %.1f× the records (%d / %d) took %.2f× the time.\n",
		float64(sets[0].stats.Records)/float64(sets[2].stats.Records), sets[0].stats.Records, sets[2].stats.Records, growth)
	slices.Sort(evalTimes)
	fmt.Fprintf(&b, "Evaluating a new as-of date on the loaded %s set (%d goals): median %.1f ms, slowest %.1f ms of %d dates.\n",
		sets[0].name, districts*60+60, ms(evalTimes[len(evalTimes)/2]), ms(evalTimes[len(evalTimes)-1]), len(evalTimes))
	fmt.Print(b.String())
	return nil
}

// generate runs internal/synth for cfg and reads back what it wrote.
func generate(synth string, cfg gen.Config, dir string) (gen.Stats, error) {
	args := []string{"-districts", fmt.Sprint(cfg.Districts), "-targets", fmt.Sprint(cfg.Targets),
		"-months", fmt.Sprint(cfg.Months), "-seed", fmt.Sprint(cfg.Seed), "-out", dir}
	if cfg.OneFile {
		args = append(args, "-one-file")
	}
	out, err := exec.Command(synth, args...).CombinedOutput()
	if err != nil {
		return gen.Stats{}, fmt.Errorf("synth: %v\n%s", err, out)
	}
	var st gen.Stats
	if _, err := fmt.Sscanf(string(out), "synth: wrote %d files, %d records, %d bytes", &st.Files, &st.Records, &st.Bytes); err != nil {
		return gen.Stats{}, fmt.Errorf("synth printed %q: %v", out, err)
	}
	return st, nil
}

func largeName(districts int) string {
	if districts == 1400 {
		return "national"
	}
	return fmt.Sprintf("%d districts", districts)
}

type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system
	rss  int64         // KiB
}

func wall(s sample) int64 { return int64(s.wall) }
func cpu(s sample) int64  { return int64(s.cpu) }
func rss(s sample) int64  { return s.rss }

func median(ss []sample, key func(sample) int64) time.Duration {
	v := make([]int64, len(ss))
	for i, s := range ss {
		v[i] = key(s)
	}
	slices.Sort(v)
	return time.Duration(v[len(v)/2])
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// measure runs a program with its output discarded and returns its wall
// time and peak resident set size.
func measure(prog string, args ...string) (sample, error) {
	cmd := exec.Command(prog, args...)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return sample{}, err
	}
	defer devnull.Close()
	var stderr bytes.Buffer
	cmd.Stdout = devnull
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(prog), strings.Join(args, " "), err, tail(stderr.String()))
	}
	var maxRSS int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = int64(ru.Maxrss) // KiB on Linux
	}
	return sample{elapsed, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), maxRSS}, nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// evalNewDates loads a data set once and times Evaluate on dates other
// than the one it was first evaluated at.
func evalNewDates(d *dataset) ([]time.Duration, error) {
	plan, probs := renewal.LoadPlanFile(filepath.Join(d.dir, "plan.yaml"))
	if probs.HasErrors() {
		return nil, probs.Err()
	}
	led, probs := renewal.LoadProgressFiles(plan, d.progress)
	if probs.HasErrors() {
		return nil, probs.Err()
	}
	if err := renewal.Evaluate(led, led.Latest()).WriteJSON(io.Discard); err != nil {
		return nil, err
	}
	var times []time.Duration
	for m := 1; m <= 12; m++ {
		for _, day := range []int{10, 25} {
			asOf := renewal.NewDate(2025, time.Month(m), day)
			start := time.Now()
			renewal.Evaluate(led, asOf)
			times = append(times, time.Since(start))
		}
	}
	return times, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run perf inside the renewal module")
	}
	return filepath.Dir(mod), nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "perf: "+format+"\n", args...)
}
