package dashboard_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/browser"
)

// factsJS reads the facts of the page in the browser, as pageFacts reads
// them from the HTML: names from the rendered text, bar lengths as laid out.
const factsJS = `(() => {
	const q = (root, s) => Array.from((root || document).querySelectorAll(s));
	const box = el => el ? el.getBoundingClientRect().width : 0;
	const rows = id => !document.getElementById(id) ? [] : q(document.getElementById(id), 'tbody tr').map(tr => ({
		target: tr.dataset.target, district: tr.dataset.district || '',
		cells: Array.from(tr.cells).map(c => c.textContent.trim().replace(/\s+/g, ' ')),
	}));
	return {
		Text: document.body.innerText,
		Scripts: q(null, 'script').length,
		Bars: q(document.getElementById('ranking-bars'), 'rect.fill').map(r => ({
			district: r.dataset.district, score: r.dataset.score || '',
			width: box(r), track: box(r.parentNode.querySelector('rect.track')),
		})),
		TargetBars: q(document.getElementById('targets'), 'rect.fill').map(r => r.dataset.target),
		Warnings: rows('warnings'), DueSoon: rows('due-soon'), AtRisk: rows('at-risk'), Exempt: rows('exempt'),
		Banner: (document.getElementById('error-banner') || {innerText: ''}).innerText.trim(),
		Problems: q(document.getElementById('problems'), 'li').map(li => li.textContent.trim().replace(/\s+/g, ' ')),
		Panels: q(document.getElementById('trend'), 'figure.panel').map(f => f.dataset.district),
	};
})()`

// overflowJS names the innermost elements that reach past the right edge
// of the viewport, to say what makes a page scroll sideways.
const overflowJS = `Array.from(document.querySelectorAll('body *'))
	.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && e.children.length === 0)
	.slice(0, 8)
	.map(e => e.tagName + '.' + e.className.baseVal + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 30))`

// browserFacts reads the facts of the page open in the tab.
func browserFacts(t *testing.T, b *browser.Tab) facts {
	t.Helper()
	f, err := chromedp.Run(b.Ctx, chromedp.Evaluate[facts](factsJS))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestBrowser opens the sample's page in Chromium with the network off,
// at 1920×1080, on a 390-pixel phone and printed on A4 landscape, checks
// it against the report, and saves screenshots and the PDF as artefacts.
func TestBrowser(t *testing.T) {
	b := browser.New(t)
	dir := browser.Artefacts(t)
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		t.Run(lang.String(), func(t *testing.T) {
			r, page := samplePage(t, lang)
			file, err := filepath.Abs(browser.Save(t, dir, "dashboard-"+lang.String()+".html", page))
			if err != nil {
				t.Fatal(err)
			}
			shot := func(name string, full bool) {
				t.Helper()
				b.Screenshot(t, dir, name+"-"+lang.String()+".png", full)
			}

			requests, console := b.Open(t, file, 1920, 1080)
			if len(requests) > 0 {
				t.Errorf("the page made network requests: %q", requests)
			}
			if len(console) > 0 {
				t.Errorf("console errors: %q", console)
			}
			// A browser lays bars out on fractions of pixels; one pixel is
			// well under the gap between two scores a tenth of a point apart
			// on a 500-pixel bar.
			if errs := check(r, lang, browserFacts(t, b), 1, sampleTrends); len(errs) > 0 {
				t.Error(errors.Join(errs...))
			}
			shot("desktop-1920x1080", false)
			shot("desktop-full", true)

			b.Open(t, file, 390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			widths, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
			if err != nil {
				t.Fatal(err)
			}
			if widths[0] > widths[1] {
				wide, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](overflowJS))
				t.Errorf("on a 390-pixel phone the page is %d pixels wide: it scrolls sideways; too wide: %q", widths[0], wide)
			}
			shot("phone-390", true)

			// A4 landscape is 297 × 210 mm: 1123 × 794 CSS pixels.
			b.Open(t, file, 1123, 794)
			if _, err := chromedp.Call(b.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			shot("print-a4-landscape", true)
			if _, err := chromedp.Call(b.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Run(b.Ctx, chromedp.PrintToPDF(
				chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFLandscape(),
				chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("saved %s", browser.Save(t, dir, "print-a4-landscape-"+lang.String()+".pdf", pdf))
		})
	}
}

// TestBrowserCatches shows that the browser checks fail on a broken page:
// one district's bar removed, and an image fetched from the network.
func TestBrowserCatches(t *testing.T) {
	b := browser.New(t)
	dir := t.TempDir()
	r, page := samplePage(t, renewal.Chinese)

	broken := browser.Save(t, dir, "no-bar.html", dropBar(page, "funing"))
	b.Open(t, broken, 1920, 1080)
	errs := errors.Join(check(r, renewal.Chinese, browserFacts(t, b), 1, sampleTrends)...)
	if errs == nil || !strings.Contains(errs.Error(), "10 ranking bars for 11 districts") {
		t.Errorf("the checks missed a dropped bar: %v", errs)
	}

	fetching := browser.Save(t, dir, "fetch.html", []byte(strings.Replace(string(page), "</footer>",
		`<img src="http://example.com/logo.png" alt="" /></footer>`, 1)))
	requests, console := b.Open(t, fetching, 1920, 1080)
	if len(requests)+len(console) == 0 {
		t.Error("an image from the network went unnoticed")
	}
	t.Logf("requests %q, console %q", requests, console)
}
