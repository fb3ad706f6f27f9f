package renewal

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citybureau/renewal/internal/gen"
)

// writeGateData writes generated data to a temporary directory, with
// files that break in each way a file can: a syntax error after good
// documents, an empty file, an empty document, a file that cannot be
// read, and records with errors.
func writeGateData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := gen.WriteDir(gen.Config{Districts: 30, Targets: 24, Months: 12, Seed: 5}, dir); err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{
		"progress/zz/a-syntax.yaml": "district: d0001\ndate: 2025-05-31\nrecords:\n  - {target: t0001, value: 1}\n---\ndistrict: d0002\nrecords: [\n",
		"progress/zz/b-empty.yaml":  "# nothing\n",
		"progress/zz/c-docs.yaml":   "---\n---\ndistrict: d0003\ndate: 2025-06-30\nrecords:\n  - {target: t0001, value: -1}\n  - {target: nope, value: 1}\n",
		"progress/zz/d-dup.yaml":    "district: d0001\ndate: 2025-12-31\nrecords:\n  - {target: t0001, value: 0}\n",
	}
	for name, text := range extra {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "progress", "zz", "e-dir.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ledgerText(t *testing.T, led *Ledger, probs Problems) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(probs.String())
	if led != nil {
		if err := Evaluate(led, MustParseDate("2025-09-30")).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestProgressGated checks that a progress load that starts before its
// plan is ready gives what a load after it gives, whether the documents
// parsed ahead fit the budget, overflow it, or none may wait at all.
func TestProgressGated(t *testing.T) {
	dir := writeGateData(t)
	plan, probs := LoadPlanFile(filepath.Join(dir, "plan.yaml"))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	progress := filepath.Join(dir, "progress")
	led0, probs0 := LoadProgressFiles(plan, progress)
	want := ledgerText(t, led0, probs0)
	defer func(n int64) { pendingNodes = n }(pendingNodes)
	for _, budget := range []int64{0, 500, 20_000, 1 << 40} {
		pendingNodes = budget
		for _, workers := range []int{1, 3} {
			l := &Loader{Workers: workers}
			gate := newPlanGate(context.Background())
			srcs, pre := osTree.sources([]string{progress})
			go func() {
				time.Sleep(50 * time.Millisecond)
				gate.open(plan)
			}()
			led, probs := l.progressGated(gate, srcs, pre)
			if got := ledgerText(t, led, probs); got != want {
				t.Fatalf("budget %d, %d workers: the gated load differs", budget, workers)
			}
			if b := gate.budget.Load(); b != budget {
				t.Fatalf("budget %d, %d workers: %d nodes were not given back", budget, workers, budget-b)
			}
		}
	}
	// A gate that opens with no plan abandons the load.
	gate := newPlanGate(context.Background())
	srcs, pre := osTree.sources([]string{progress})
	go func() {
		time.Sleep(20 * time.Millisecond)
		gate.open(nil)
	}()
	if led, probs := (&Loader{}).progressGated(gate, srcs, pre); led != nil || probs != nil {
		t.Fatalf("no plan: got a ledger and %d problems", len(probs))
	}
}

// TestLoadFiles checks LoadFiles against LoadPlanFile and
// LoadProgressFiles.
func TestLoadFiles(t *testing.T) {
	dir := writeGateData(t)
	planFile := filepath.Join(dir, "plan.yaml")
	progress := filepath.Join(dir, "progress")
	plan, planProbs := LoadPlanFile(planFile)
	led0, probs0 := LoadProgressFiles(plan, progress)
	want := planProbs.String() + ledgerText(t, led0, probs0)
	p2, led, probs := LoadFiles(planFile, progress)
	if got := ledgerText(t, led, probs); got != want || p2 == nil {
		t.Fatal("LoadFiles differs from LoadPlanFile and LoadProgressFiles")
	}
	// A plan with errors: its problems, and no progress checked.
	bad := filepath.Join(dir, "bad-plan.yaml")
	if err := os.WriteFile(bad, []byte("id: Bad Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badPlan, badProbs := LoadPlanFile(bad)
	p3, led, probs := LoadFiles(bad, progress)
	if !probs.HasErrors() || probs.String() != badProbs.String() || led == nil || led.Len() != 0 || p3 == nil {
		t.Fatalf("bad plan: %d problems (want the plan's %d), ledger %v", len(probs), len(badProbs), led != nil)
	}
	// Evaluating it gives a report that holds the plan's errors.
	if r := Evaluate(led, Date{}); r.Errors.String() != badPlan.errors.String() || !r.HasErrors() {
		t.Fatalf("bad plan: the report's errors are %q", r.Errors)
	}
}
