package dashboard_test

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
	"github.com/citybureau/renewal/internal/browser"
	"github.com/citybureau/renewal/internal/gen"
)

// synthetic loads the generator's plan and progress for cfg from memory.
func synthetic(t testing.TB, cfg gen.Config) *renewal.Ledger {
	t.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(cfg, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: bytes.Clone(data)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	plan, probs := renewal.LoadPlan(fsys, "plan.yaml")
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	ledger, probs := renewal.LoadProgress(plan, fsys, "progress")
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	return ledger
}

// TestManyDistricts: with more districts than bars, the best and the
// worst get bars and the rest a table, every district still on the page
// once; trend panels and warning rows are bounded, and the page says so.
func TestManyDistricts(t *testing.T) {
	l := synthetic(t, gen.Config{Districts: 100, Targets: 12, Months: 9, Seed: 1})
	asOf := l.Latest()
	r := renewal.Evaluate(l, asOf)
	var buf bytes.Buffer
	err := dashboard.Write(&buf, r, dashboard.Options{Trend: renewal.EvaluateSeries(l, renewal.MonthEnds(l.Plan(), asOf)...), MaxWarnings: 50})
	if err != nil {
		t.Fatal(err)
	}
	root, err := parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	f := pageFacts(root)

	// 40 bars by default: ranks 1–20 and 81–100.
	if len(f.Bars) != 40 {
		t.Fatalf("%d bars, want 40", len(f.Bars))
	}
	for i, b := range f.Bars {
		j := i
		if i >= 20 {
			j = i + 60
		}
		if want := r.Districts[j].District.ID; b.District != want {
			t.Errorf("bar %d is %s, want %s (rank position %d)", i+1, b.District, want, j+1)
		}
	}
	rest := root.byID("ranking-rest").all(func(n *node) bool { return n.Name == "tr" && n.Attr["data-district"] != "" })
	if len(rest) != 60 {
		t.Fatalf("%d rows in the table of the rest, want 100 − 40 = 60", len(rest))
	}
	for i, tr := range rest {
		if want := r.Districts[20+i].District.ID; tr.Attr["data-district"] != want {
			t.Errorf("row %d of the rest is %s, want %s", i+1, tr.Attr["data-district"], want)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte("⋯ 其余 60 个县（区） ⋯")) {
		t.Error("no gap row between the best and the worst bars")
	}
	if !bytes.Contains(buf.Bytes(), []byte("条形图显示前 20 名和后 20 名，共 100 个县（区）")) {
		t.Error("the page does not say which bars it shows")
	}

	// Trend: the city and 12 + 12 districts.
	if len(f.Panels) != 25 || f.Panels[0] != "" || f.Panels[1] != r.Districts[0].District.ID || f.Panels[24] != r.Districts[99].District.ID {
		t.Errorf("trend panels %q, want the city, the top 12 and the bottom 12", f.Panels)
	}

	// Warnings: the first 50 of the text report's list.
	want, err := lagging(r, renewal.Chinese)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) <= 50 {
		t.Fatalf("the synthetic data has only %d warnings; the cap is not tested", len(want))
	}
	if len(f.Warnings) != 50 {
		t.Fatalf("%d warning rows, want the cap of 50", len(f.Warnings))
	}
	for i := range f.Warnings {
		if got := f.Warnings[i]; got.Target != want[i].Target || got.District != want[i].District {
			t.Errorf("warning row %d is %s/%s, want %s/%s", i+1, got.Target, got.District, want[i].Target, want[i].District)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte("按紧急程度列出前 50 项")) {
		t.Error("the page does not say the warning list is cut")
	}
	// Every district name is still somewhere on the page.
	var errs []error
	for _, d := range r.Plan.Districts {
		if !bytes.Contains(buf.Bytes(), []byte(d.Name)) {
			errs = append(errs, errors.New(d.Name))
		}
	}
	if len(errs) > 0 {
		t.Errorf("districts missing: %v", errors.Join(errs...))
	}
}

// TestNational writes the page for a national data set made by
// internal/synth, when RENEWAL_NATIONAL names its directory, and logs
// its size and what it cost.
func TestNational(t *testing.T) {
	dir := os.Getenv("RENEWAL_NATIONAL")
	if dir == "" {
		t.Skip("set RENEWAL_NATIONAL to a directory from go run ./internal/synth -districts 1400 -targets 60 -out DIR")
	}
	start := time.Now()
	plan, ledger, probs := renewal.LoadFiles(dir+"/plan.yaml", dir+"/progress")
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	asOf := ledger.Latest()
	start = time.Now()
	trend := renewal.EvaluateSeries(ledger, renewal.MonthEnds(plan, asOf)...)
	r := trend.Reports[len(trend.Reports)-1]
	r.Previous = trend.Reports[len(trend.Reports)-2]
	evaluated := time.Since(start)
	start = time.Now()
	var buf bytes.Buffer
	if err := dashboard.Write(&buf, r, dashboard.Options{Trend: trend}); err != nil {
		t.Fatal(err)
	}
	written := time.Since(start)
	p := browser.Save(t, browser.Artefacts(t), "national.html", buf.Bytes())
	warned, _ := lagging(r, renewal.Chinese)
	t.Logf("%d districts, %d targets: load %v, %d month-end evaluations %v, page %v; %s is %d bytes; %d warnings",
		len(plan.Districts), len(plan.Targets), loaded, len(trend.Reports), evaluated, written, p, buf.Len(), len(warned))
}
