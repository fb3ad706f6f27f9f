package dashboard_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/citybureau/renewal"
)

// requireBrowser is the variable CI sets so that a missing browser fails
// the test instead of skipping it.
const requireBrowser = "RENEWAL_REQUIRE_BROWSER"

// chromium finds a Chromium to drive: $RENEWAL_CHROMIUM, or the first of
// the usual names on PATH. With none, the test skips, or fails when
// RENEWAL_REQUIRE_BROWSER=1.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RENEWAL_CHROMIUM"); p != "" {
		return p
	}
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no browser: none of %s is on PATH and RENEWAL_CHROMIUM is not set "+
		"(install one with .ci/browser-deps)", strings.Join(names, ", "))
	if os.Getenv(requireBrowser) == "1" {
		t.Fatal(msg + "; " + requireBrowser + "=1 requires it")
	}
	t.Skip(msg + "; set " + requireBrowser + "=1 to make this a failure")
	return ""
}

// tab is a headless Chromium tab with the network cut off: every request
// that is not for a file is failed, and every request and every console
// error is recorded.
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string // URLs other than the page's own file
	console  []string // console errors, exceptions, error entries of the browser log
}

func newTab(t *testing.T) *tab {
	t.Helper()
	path := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		// Belt and braces: no name resolves and every proxied request
		// goes to a port nothing listens on.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	b := &tab{ctx: bctx}
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	err := chromedp.Listen(bctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, "file://") {
				b.requests = append(b.requests, ev.Request.URL)
			}
		case *fetch.EventRequestPaused:
			b.requests = append(b.requests, ev.Request.URL)
			id := ev.RequestID
			go chromedp.Call(bctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "assert" {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, a.Description+string(a.Value))
				}
				b.console = append(b.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			b.console = append(b.console, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				b.console = append(b.console, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	patterns := []*fetch.RequestPattern{}
	for _, p := range []string{"http://*", "https://*", "ws://*", "wss://*", "ftp://*"} {
		patterns = append(patterns, &fetch.RequestPattern{URLPattern: p})
	}
	if _, err := chromedp.Call(bctx, fetch.Enable, fetch.EnableParams{Patterns: patterns}); err != nil {
		t.Fatal(err)
	}
	return b
}

// open loads a page from a file at the given viewport size and returns
// the requests and console errors it caused.
func (b *tab) open(t *testing.T, file string, width, height int64, opts ...chromedp.EmulateViewportOption) (requests, console []string) {
	t.Helper()
	b.mu.Lock()
	b.requests, b.console = nil, nil
	b.mu.Unlock()
	err := chromedp.Do(b.ctx,
		chromedp.EmulateViewport(width, height, opts...),
		chromedp.Navigate("file://"+file),
		chromedp.WaitReady("body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.requests, b.console
}

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

func (b *tab) facts(t *testing.T) facts {
	t.Helper()
	f, err := chromedp.Run(b.ctx, chromedp.Evaluate[facts](factsJS))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestBrowser opens the sample's page in Chromium with the network off,
// at 1920×1080, on a 390-pixel phone and printed on A4 landscape, checks
// it against the report, and saves screenshots and the PDF as artefacts.
func TestBrowser(t *testing.T) {
	b := newTab(t)
	dir := artefacts(t)
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		t.Run(lang.String(), func(t *testing.T) {
			r, page := samplePage(t, lang)
			file, err := filepath.Abs(save(t, dir, "dashboard-"+lang.String()+".html", page))
			if err != nil {
				t.Fatal(err)
			}
			shot := func(name string, full bool) {
				t.Helper()
				var png []byte
				if full {
					png, err = chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
				} else {
					png, err = chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
				}
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("saved %s", save(t, dir, name+"-"+lang.String()+".png", png))
			}

			requests, console := b.open(t, file, 1920, 1080)
			if len(requests) > 0 {
				t.Errorf("the page made network requests: %q", requests)
			}
			if len(console) > 0 {
				t.Errorf("console errors: %q", console)
			}
			// A browser lays bars out on fractions of pixels; one pixel is
			// well under the gap between two scores a tenth of a point apart
			// on a 500-pixel bar.
			if errs := check(r, lang, b.facts(t), 1, sampleTrends); len(errs) > 0 {
				t.Error(errors.Join(errs...))
			}
			shot("desktop-1920x1080", false)
			shot("desktop-full", true)

			b.open(t, file, 390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			widths, err := chromedp.Run(b.ctx, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
			if err != nil {
				t.Fatal(err)
			}
			if widths[0] > widths[1] {
				wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](overflowJS))
				t.Errorf("on a 390-pixel phone the page is %d pixels wide: it scrolls sideways; too wide: %q", widths[0], wide)
			}
			shot("phone-390", true)

			// A4 landscape is 297 × 210 mm: 1123 × 794 CSS pixels.
			b.open(t, file, 1123, 794)
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			shot("print-a4-landscape", true)
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(
				chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFLandscape(),
				chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("saved %s", save(t, dir, "print-a4-landscape-"+lang.String()+".pdf", pdf))
		})
	}
}

// TestBrowserCatches shows that the browser checks fail on a broken page:
// one district's bar removed, and an image fetched from the network.
func TestBrowserCatches(t *testing.T) {
	b := newTab(t)
	dir := t.TempDir()
	r, page := samplePage(t, renewal.Chinese)

	broken := save(t, dir, "no-bar.html", dropBar(page, "funing"))
	b.open(t, broken, 1920, 1080)
	errs := errors.Join(check(r, renewal.Chinese, b.facts(t), 1, sampleTrends)...)
	if errs == nil || !strings.Contains(errs.Error(), "10 ranking bars for 11 districts") {
		t.Errorf("the checks missed a dropped bar: %v", errs)
	}

	fetching := save(t, dir, "fetch.html", []byte(strings.Replace(string(page), "</footer>",
		`<img src="http://example.com/logo.png" alt="" /></footer>`, 1)))
	requests, console := b.open(t, fetching, 1920, 1080)
	if len(requests)+len(console) == 0 {
		t.Error("an image from the network went unnoticed")
	}
	t.Logf("requests %q, console %q", requests, console)
}
