package dashboard_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
	"github.com/citybureau/renewal/internal/browser"
)

func TestWriteSample(t *testing.T) {
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		t.Run(lang.String(), func(t *testing.T) {
			r, page := samplePage(t, lang)
			p := browser.Save(t, browser.Artefacts(t), "sample-"+lang.String()+".html", page)
			t.Logf("wrote %s (%d bytes)", p, len(page))
			root, err := parse(page)
			if err != nil {
				t.Fatalf("the page is not well-formed: %v", err)
			}
			f := pageFacts(root)
			if errs := append(check(r, lang, f, 0.05, sampleTrends), sampleFacts(r, lang, f)...); len(errs) > 0 {
				t.Fatal(errors.Join(errs...))
			}
		})
	}
}

// TestCheckCatches shows that the checks fail on a broken page: one
// district's bar missing, a due-soon row missing, an at-risk row's
// projection wrong, the exempt goal given a bar and put on the warning
// list, a revised goal shown as its figure alone, and a report with
// errors shown without its banner.
func TestCheckCatches(t *testing.T) {
	r, page := samplePage(t, renewal.Chinese)
	fsx := func(p []byte) facts {
		t.Helper()
		root, err := parse(p)
		if err != nil {
			t.Fatal(err)
		}
		return pageFacts(root)
	}
	good := fsx(page)
	for _, tc := range []struct {
		name  string
		broke func(f *facts)
		want  string
	}{
		{"bar", func(f *facts) { *f = fsx(dropBar(page, "funing")) }, "10 ranking bars for 11 districts"},
		{"due soon", func(f *facts) { f.DueSoon = f.DueSoon[1:] }, "1 due-soon rows, the text report has 2"},
		// yannan's property coverage projects to 88.9% (see the text report).
		{"projection", func(f *facts) { f.AtRisk[0].Cells[9] = "100.0%" }, "at-risk row 1"},
		{"exempt bar", func(f *facts) {
			f.TargetBars = slices.Insert(slices.Clone(f.TargetBars), 0, "low-efficiency-land")
		}, "target bars"},
		{"exempt warned", func(f *facts) {
			f.Warnings = append(slices.Clone(f.Warnings), warnFact{Target: "low-efficiency-land", District: "xiangshui"})
		}, "exempt goal low-efficiency-land/xiangshui is in a warning list"},
		{"exempt unmarked", func(f *facts) {
			f.Exempt = []warnFact{{Target: "low-efficiency-land", District: "xiangshui", Cells: []string{"滞后"}}}
		}, "is not marked 豁免"},
		{"banner", func(f *facts) { f.Banner = "注意" }, "the banner reads"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := good
			f.DueSoon = slices.Clone(good.DueSoon)
			f.AtRisk = []warnFact{{Target: good.AtRisk[0].Target, District: good.AtRisk[0].District, Cells: slices.Clone(good.AtRisk[0].Cells)}}
			tc.broke(&f)
			joined := errors.Join(check(r, renewal.Chinese, f, 0.05, sampleTrends)...)
			if joined == nil || !strings.Contains(joined.Error(), tc.want) {
				t.Fatalf("the checks missed it (want %q): %v", tc.want, joined)
			}
		})
	}
	f := good
	f.Text = strings.ReplaceAll(f.Text, "18 → 20（2025-07-01 起）", "20")
	if errs := sampleFacts(r, renewal.Chinese, f); len(errs) == 0 {
		t.Error("the checks missed a revised goal shown as its figure alone")
	}
}

// TestErrorBanner: a report made from input with errors says so at the
// top of the page, and lists the errors before the warnings.
func TestErrorBanner(t *testing.T) {
	l := sampleLedger(t)
	r := renewal.Evaluate(l, sampleAsOf)
	r.Errors = renewal.Problems{{
		Position: renewal.Position{File: "sample/yandu.yaml", Line: 7, Column: 5},
		Message:  "value: want a figure such as 12 or 85%, found \"twelve\"",
		Class:    renewal.ErrValue,
	}}
	if len(r.Warnings) == 0 {
		t.Fatal("the sample has no warning to list after the error")
	}
	var buf bytes.Buffer
	if err := dashboard.Write(&buf, r, dashboard.Options{}); err != nil {
		t.Fatal(err)
	}
	root, err := parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	f := pageFacts(root)
	if errs := check(r, renewal.Chinese, f, 0.05, 0); len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	// 1 error: the banner counts it.
	if !strings.Contains(f.Banner, "输入数据有 1 处错误") {
		t.Errorf("banner %q does not say there is 1 error", f.Banner)
	}
	if want := "sample/yandu.yaml:7:5: 错误：value:"; !strings.HasPrefix(f.Problems[0], want) {
		t.Errorf("first problem %q, want the error, marked, %q…", f.Problems[0], want)
	}
	// The banner is the first thing in the body.
	if body := root.all(named("body")); len(body) != 1 || firstElement(body[0]).Attr["id"] != "error-banner" {
		t.Error("the banner is not the first element of the page's body")
	}
}

func firstElement(n *node) *node {
	for _, c := range n.Children {
		if !c.IsText {
			return c
		}
	}
	return &node{}
}

// sampleFacts checks what the sample page must show beyond the rules of
// check: its two revisions as the text report writes them, and 响水县's
// exempt share of low-efficiency land listed apart.
func sampleFacts(r *renewal.Report, lang renewal.Lang, f facts) []error {
	var errs []error
	revised := map[renewal.Lang][]string{
		// tinghu's 18 neighbourhoods became 20 from 2025-07-01 (yandu's
		// 16 became 14, so the city's 34 stands); the city's 340 ha of
		// low-efficiency land became 310 from 2025-08-01.
		renewal.Chinese: {"18 → 20（2025-07-01 起）", "340 → 310（2025-08-01 起）"},
		renewal.English: {"18 → 20 (from 2025-07-01)", "340 → 310 (from 2025-08-01)"},
	}[lang]
	for _, s := range revised {
		if !strings.Contains(f.Text, s) {
			errs = append(errs, fmt.Errorf("the page does not show the revised goal %q", s))
		}
	}
	if len(f.Exempt) != 1 || f.Exempt[0].Target != "low-efficiency-land" || f.Exempt[0].District != "xiangshui" {
		errs = append(errs, fmt.Errorf("exempt rows %v, want low-efficiency-land in xiangshui alone", f.Exempt))
	}
	// Both lists are there in the sample, so that check compares rows.
	if len(f.DueSoon) == 0 || len(f.AtRisk) == 0 {
		errs = append(errs, fmt.Errorf("%d due-soon and %d at-risk rows; the sample has both", len(f.DueSoon), len(f.AtRisk)))
	}
	return errs
}
