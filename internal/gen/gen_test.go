package gen_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/gen"
)

type file struct {
	name string
	data []byte
}

func mustGenerate(tb testing.TB, cfg gen.Config) ([]file, gen.Stats) {
	tb.Helper()
	var files []file
	st, err := gen.GenerateStats(cfg, func(name string, data []byte) error {
		files = append(files, file{name, data})
		return nil
	})
	if err != nil {
		tb.Fatalf("Generate(%+v): %v", cfg, err)
	}
	return files, st
}

func TestGenerate_Deterministic(t *testing.T) {
	cfg := gen.Config{Districts: 4, Targets: 14, Months: 12, Seed: 1}
	a, _ := mustGenerate(t, cfg)
	b, _ := mustGenerate(t, cfg)
	if len(a) != len(b) {
		t.Fatalf("got %d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].name != b[i].name || !bytes.Equal(a[i].data, b[i].data) {
			t.Fatalf("file %d differs between runs: %s, %s", i, a[i].name, b[i].name)
		}
	}

	t.Run("OtherSeed", func(t *testing.T) {
		cfg := cfg
		cfg.Seed = 2
		c, _ := mustGenerate(t, cfg)
		if bytes.Equal(concat(a), concat(c)) {
			t.Fatal("seeds 1 and 2 gave the same bytes")
		}
	})

	t.Run("OneFile", func(t *testing.T) {
		cfg := cfg
		cfg.OneFile = true
		one, _ := mustGenerate(t, cfg)
		if len(one) != 2 || one[0].name != "plan.yaml" || one[1].name != "progress/all.yaml" {
			t.Fatalf("got files %v, want plan.yaml and progress/all.yaml", names(one))
		}
		if !bytes.Equal(one[0].data, a[0].data) {
			t.Error("plan differs from the one of the many-file run")
		}
		var docs [][]byte
		for _, f := range a[1:] {
			docs = append(docs, f.data)
		}
		if want := bytes.Join(docs, []byte("---\n")); !bytes.Equal(one[1].data, want) {
			t.Error("progress/all.yaml is not the many-file run's documents joined by ---")
		}
	})

	t.Run("FewerMonthsArePrefix", func(t *testing.T) {
		cfg := cfg
		cfg.Months = 3
		short, _ := mustGenerate(t, cfg)
		long := map[string][]byte{}
		for _, f := range a[1:] {
			long[f.name] = f.data
		}
		for _, f := range short[1:] {
			if !bytes.Equal(f.data, long[f.name]) {
				t.Errorf("%s differs from the 12-month run's", f.name)
			}
		}
	})
}

func TestConfig_Validate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  gen.Config
		want string
	}{
		{"OK", gen.Config{Districts: 1, Targets: 1, Months: 1}, ""},
		{"ErrDistricts", gen.Config{Targets: 1, Months: 1}, "gen: districts must be at least 1, got 0"},
		{"ErrTargets", gen.Config{Districts: 1, Months: 12}, "gen: targets must be at least 1, got 0"},
		{"ErrMonths", gen.Config{Districts: 1, Targets: 1, Months: 13}, "gen: months must be 1 to 12, got 13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Fatalf("Validate() = %q, want %q", got, tc.want)
			}
			if err := gen.Generate(tc.cfg, func(string, []byte) error { return nil }); (err != nil) != (tc.want != "") {
				t.Fatalf("Generate() = %v", err)
			}
		})
	}
}

func TestGenerate_EmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := gen.Generate(gen.Config{Districts: 2, Targets: 3, Months: 2}, func(string, []byte) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Fatalf("Generate() = %v after %d files, want stop after 2", err, n)
	}
}

// Plain mirrors of the file format, decoded strictly so that a key the
// format does not have fails the test.
type planDoc struct {
	ID               string    `yaml:"id"`
	Title            string    `yaml:"title"`
	Period           yaml.Node `yaml:"period"`
	Schedule         []point   `yaml:"schedule"`
	LaggingThreshold string    `yaml:"lagging_threshold"`
	Departments      []named   `yaml:"departments"`
	Districts        []named   `yaml:"districts"`
	Sections         []struct {
		ID    string `yaml:"id"`
		Name  string `yaml:"name"`
		Tasks []struct {
			ID      string       `yaml:"id"`
			Name    string       `yaml:"name"`
			Targets []planTarget `yaml:"targets"`
		} `yaml:"tasks"`
	} `yaml:"sections"`
}

type point struct {
	Date     string `yaml:"date"`
	Expected string `yaml:"expected"`
}

type named struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type planTarget struct {
	ID          string    `yaml:"id"`
	Name        string    `yaml:"name"`
	Kind        string    `yaml:"kind"`
	Direction   string    `yaml:"direction"`
	Unit        string    `yaml:"unit"`
	Target      string    `yaml:"target"`
	Allocations yaml.Node `yaml:"allocations"`
	Lead        string    `yaml:"lead"`
	Support     []string  `yaml:"support"`
	Weight      string    `yaml:"weight"`
	Deadline    string    `yaml:"deadline"`
	Schedule    []point   `yaml:"schedule"`
}

type progressDoc struct {
	District string `yaml:"district"`
	Date     string `yaml:"date"`
	Source   string `yaml:"source"`
	Records  []struct {
		Target      string `yaml:"target"`
		Value       string `yaml:"value"`
		Numerator   string `yaml:"numerator"`
		Denominator string `yaml:"denominator"`
		Done        string `yaml:"done"`
		Unit        string `yaml:"unit"`
	} `yaml:"records"`
}

var (
	figureRE = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]?[1-9])?$`)
	monthRE  = regexp.MustCompile(`^2025-(0[1-9]|1[0-2])$`)
	idRE     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func mustFigure(t *testing.T, where, s string) decimal.Decimal {
	t.Helper()
	if !figureRE.MatchString(s) {
		t.Fatalf("%s: figure %q is not a plain decimal with at most 2 places", where, s)
	}
	return decimal.RequireFromString(s)
}

// TestGenerate_Valid decodes everything Generate writes and checks it
// against the rules of SPEC §2–§3 that the data is meant to keep.
func TestGenerate_Valid(t *testing.T) {
	const districts, targets, months = 5, 26, 12
	files, st := mustGenerate(t, gen.Config{Districts: districts, Targets: targets, Months: months, Seed: 7})

	if files[0].name != "plan.yaml" {
		t.Fatalf("first file is %s, want plan.yaml", files[0].name)
	}
	var plan planDoc
	if err := decodeStrict(files[0].data, &plan); err != nil {
		t.Fatalf("plan.yaml: %v", err)
	}
	if want := fmt.Sprintf("synth-%dx%d", districts, targets); plan.ID != want {
		t.Errorf("plan id %q, want %q", plan.ID, want)
	}
	depts := map[string]bool{}
	for _, d := range plan.Departments {
		depts[d.ID] = true
	}
	dists := map[string]bool{}
	for i, d := range plan.Districts {
		if want := fmt.Sprintf("d%04d", i+1); d.ID != want {
			t.Errorf("district %d is %q, want %q", i, d.ID, want)
		}
		dists[d.ID] = true
	}

	type key struct{ target, district string }
	byID := map[string]planTarget{}
	var order []string
	allocs := map[key]bool{}
	baselines := map[key]decimal.Decimal{}
	kinds := map[string]int{}
	var atMost, ownSchedule, early, supported int
	weights := map[string]bool{}
	for _, s := range plan.Sections {
		for _, k := range s.Tasks {
			for _, tg := range k.Targets {
				if !idRE.MatchString(tg.ID) || byID[tg.ID].ID != "" {
					t.Fatalf("target id %q is malformed or repeated", tg.ID)
				}
				byID[tg.ID] = tg
				order = append(order, tg.ID)
				kind := tg.Kind
				if kind == "" {
					kind = "count"
				}
				kinds[kind]++
				if !depts[tg.Lead] {
					t.Errorf("%s: lead %q is not a department", tg.ID, tg.Lead)
				}
				for _, s := range tg.Support {
					if !depts[s] {
						t.Errorf("%s: support %q is not a department", tg.ID, s)
					}
				}
				if len(tg.Support) > 0 {
					supported++
				}
				if tg.Direction == "at_most" {
					atMost++
				}
				if tg.Schedule != nil {
					ownSchedule++
				}
				if tg.Deadline != "" {
					early++
				}
				weights[tg.Weight] = true
				if (kind == "ratio" || kind == "level") && tg.Unit != "%" {
					t.Errorf("%s: %s target has unit %q, want %%", tg.ID, kind, tg.Unit)
				}
				if tg.Target != "" {
					mustFigure(t, tg.ID+" target", tg.Target)
				}
				a := tg.Allocations
				if kind == "milestone" {
					if a.Kind != yaml.ScalarNode || a.Value != "all" {
						t.Errorf("%s: milestone allocations are not all", tg.ID)
					}
					for d := range dists {
						allocs[key{tg.ID, d}] = true
					}
					continue
				}
				if a.Kind != yaml.MappingNode || len(a.Content) != 2*districts {
					t.Fatalf("%s: allocations are not a mapping of every district", tg.ID)
				}
				sum := decimal.Zero
				for i := 0; i < len(a.Content); i += 2 {
					d, v := a.Content[i].Value, a.Content[i+1]
					if !dists[d] {
						t.Fatalf("%s: allocation to unknown district %q", tg.ID, d)
					}
					allocs[key{tg.ID, d}] = true
					if v.Kind == yaml.MappingNode {
						var ab struct{ Target, Baseline string }
						if err := v.Decode(&ab); err != nil {
							t.Fatal(err)
						}
						goal := mustFigure(t, tg.ID, ab.Target)
						base := mustFigure(t, tg.ID, ab.Baseline)
						if tg.Direction != "at_most" || !goal.LessThan(base) {
							t.Errorf("%s %s: {target: %s, baseline: %s} on an %q target", tg.ID, d, ab.Target, ab.Baseline, tg.Direction)
						}
						baselines[key{tg.ID, d}] = base
						sum = sum.Add(goal)
					} else {
						sum = sum.Add(mustFigure(t, tg.ID, v.Value))
					}
				}
				if kind == "count" && tg.Target != "" && !sum.Equal(decimal.RequireFromString(tg.Target)) {
					t.Errorf("%s: target %s differs from the sum of allocations %s", tg.ID, tg.Target, sum)
				}
			}
		}
	}
	if len(order) != targets {
		t.Fatalf("plan has %d targets, want %d", len(order), targets)
	}
	for _, k := range []string{"count", "ratio", "level", "milestone"} {
		if kinds[k] == 0 {
			t.Errorf("no %s target", k)
		}
	}
	if kinds["count"] <= targets/2 {
		t.Errorf("%d count targets of %d, want most", kinds["count"], targets)
	}
	if atMost != 1 || ownSchedule != 1 || early != 1 || supported == 0 || len(weights) < 3 {
		t.Errorf("at_most %d, own schedule %d, early deadline %d, with support %d, weights %d",
			atMost, ownSchedule, early, supported, len(weights))
	}

	// Progress: one file per district per month, plus the city's level
	// figures, each as the file says.
	wantFiles := districts*months + months
	if len(files)-1 != wantFiles || st.Files != len(files) {
		t.Fatalf("got %d progress files (stats %d), want %d", len(files)-1, st.Files-1, wantFiles)
	}
	type state struct {
		last decimal.Decimal
		seen bool
		done string
	}
	series := map[key]*state{}
	records := 0
	for _, f := range files[1:] {
		var doc progressDoc
		if err := decodeStrict(f.data, &doc); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		parts := strings.Split(strings.TrimSuffix(f.name, ".yaml"), "/")
		if len(parts) != 3 || parts[0] != "progress" || !monthRE.MatchString(parts[2]) {
			t.Fatalf("file name %s, want progress/DISTRICT/2025-MM.yaml", f.name)
		}
		if parts[1] == "city" {
			if doc.District != "" {
				t.Errorf("%s: city file has district %q", f.name, doc.District)
			}
		} else if doc.District != parts[1] || !dists[doc.District] {
			t.Errorf("%s: district %q", f.name, doc.District)
		}
		if !strings.HasPrefix(doc.Date, parts[2]+"-") {
			t.Errorf("%s: date %s is not in the file's month", f.name, doc.Date)
		}
		if doc.Records == nil {
			t.Errorf("%s: no records", f.name)
		}
		records += len(doc.Records)
		for _, r := range doc.Records {
			where := f.name + " " + r.Target
			tg, ok := byID[r.Target]
			if !ok {
				t.Fatalf("%s: unknown target", where)
			}
			if doc.District == "" {
				if tg.Kind != "level" {
					t.Errorf("%s: city-level record of a %q target", where, tg.Kind)
				}
				mustFigure(t, where, r.Value)
				continue
			}
			k := key{r.Target, doc.District}
			if !allocs[k] {
				t.Fatalf("%s: not allocated to the district", where)
			}
			s := series[k]
			if s == nil {
				s = &state{}
				series[k] = s
			}
			switch tg.Kind {
			case "", "level":
				v := mustFigure(t, where, r.Value)
				switch r.Unit {
				case "":
				case "亩":
					if tg.Unit != "公顷" {
						t.Errorf("%s: 亩 for a %s target", where, tg.Unit)
					}
					v = v.Div(decimal.NewFromInt(15))
				default:
					t.Errorf("%s: unit %q", where, r.Unit)
				}
				if tg.Kind == "level" {
					break
				}
				if tg.Direction == "at_most" {
					if s.seen && v.GreaterThan(s.last) || v.GreaterThan(baselines[k]) {
						t.Errorf("%s: at_most figure %s rose from %s (baseline %s)", where, v, s.last, baselines[k])
					}
				} else if s.seen && v.LessThan(s.last) {
					t.Errorf("%s: at_least figure %s went down from %s", where, v, s.last)
				}
				s.last, s.seen = v, true
			case "ratio":
				num := mustFigure(t, where, r.Numerator)
				den := mustFigure(t, where, r.Denominator)
				if !den.IsPositive() || num.GreaterThan(den) {
					t.Errorf("%s: ratio %s/%s", where, num, den)
				}
			case "milestone":
				if s.done != "" {
					t.Errorf("%s: done again (first %s)", where, s.done)
				}
				if !strings.HasPrefix(r.Done, parts[2]+"-") || r.Done > doc.Date {
					t.Errorf("%s: done %s in a file dated %s", where, r.Done, doc.Date)
				}
				s.done = r.Done
			}
		}
	}
	if records != st.Records {
		t.Errorf("decoded %d records, stats say %d", records, st.Records)
	}
	hi := districts*targets*months + kinds["level"]*months
	if lo := hi - kinds["milestone"]*districts*months; records <= lo || records > hi {
		t.Errorf("%d records, want between %d and %d", records, lo, hi)
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	cfg := gen.Config{Districts: 3, Targets: 5, Months: 2, Seed: 1}
	if err := gen.WriteDir(cfg, dir); err != nil {
		t.Fatal(err)
	}
	files, _ := mustGenerate(t, cfg)
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Errorf("wrote %d files, want %d", n, len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("%s differs from what Generate emits", f.name)
		}
	}
}

// BenchmarkGenerate makes the national set (1,400 districts × 60 targets ×
// 12 months) in memory.
func BenchmarkGenerate(b *testing.B) {
	cfg := gen.Config{Districts: 1400, Targets: 60, Months: 12, Seed: 1}
	var st gen.Stats
	for b.Loop() {
		var err error
		st, err = gen.GenerateStats(cfg, func(string, []byte) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(st.Bytes)
	b.ReportMetric(float64(st.Records), "records")
}

func concat(files []file) []byte {
	var buf bytes.Buffer
	for _, f := range files {
		io.WriteString(&buf, f.name)
		buf.Write(f.data)
	}
	return buf.Bytes()
}

func names(files []file) []string {
	var s []string
	for _, f := range files {
		s = append(s, f.name)
	}
	return s
}
