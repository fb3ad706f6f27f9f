// Package browser drives a headless Chromium for the tests of the pages:
// the dashboard's file and the service's pages. It finds the browser
// (skipping the test when there is none, failing it when
// RENEWAL_REQUIRE_BROWSER=1), starts it with the network cut off but for
// the addresses a test allows, records every other request and every
// console error, and saves screenshots to the test's artefacts
// directory.
//
// It is for tests only: every function takes the test, and fails it on an
// error.
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Require is the variable CI sets so that a missing browser fails the
// test instead of skipping it.
const Require = "RENEWAL_REQUIRE_BROWSER"

// Timeout bounds everything one tab does.
const Timeout = 3 * time.Minute

// Chromium finds a Chromium to drive: $RENEWAL_CHROMIUM, or the first of
// the usual names on PATH. With none, the test skips, or fails when
// RENEWAL_REQUIRE_BROWSER=1.
func Chromium(t testing.TB) string {
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
	if os.Getenv(Require) == "1" {
		t.Fatal(msg + "; " + Require + "=1 requires it")
	}
	t.Skip(msg + "; set " + Require + "=1 to make this a failure")
	return ""
}

// Tab is a headless Chromium tab with the network cut off: every request
// but for a file or an allowed origin fails, and is recorded, as is
// every console error.
type Tab struct {
	// Ctx is the tab's context, for chromedp.Run and chromedp.Call.
	Ctx context.Context

	allow    []string
	mu       sync.Mutex
	requests []string // URLs neither a file nor allowed
	console  []string // console errors, exceptions, error entries of the browser log
}

// New starts a tab. allow are the origins (http://127.0.0.1:PORT) whose
// requests go through; every other request but for a file:// URL fails
// and is recorded. The browser stops when the test ends.
func New(t testing.TB, allow ...string) *Tab {
	t.Helper()
	path := Chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	t.Cleanup(cancel)
	// Belt and braces: no name resolves but the allowed hosts', and every
	// proxied request goes to a port nothing listens on (loopback
	// addresses bypass the proxy).
	rules := "MAP * ~NOTFOUND"
	for _, a := range allow {
		host := strings.TrimPrefix(strings.TrimPrefix(a, "http://"), "https://")
		if i := strings.LastIndexByte(host, ':'); i > 0 {
			host = host[:i]
		}
		rules += ", EXCLUDE " + host
	}
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
		chromedp.Flag("host-resolver-rules", rules),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	b := &Tab{Ctx: bctx}
	for _, a := range allow {
		b.allow = append(b.allow, strings.TrimSuffix(a, "/")+"/")
	}
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	err := chromedp.Listen(bctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if !b.allowed(ev.Request.URL) {
				b.requests = append(b.requests, ev.Request.URL)
			}
		case *fetch.EventRequestPaused:
			id := ev.RequestID
			if b.allowed(ev.Request.URL) {
				go chromedp.Call(bctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
				return
			}
			b.requests = append(b.requests, ev.Request.URL)
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

// allowed says whether a request for url goes through.
func (b *Tab) allowed(url string) bool {
	if strings.HasPrefix(url, "file://") || strings.HasPrefix(url, "data:") {
		return true
	}
	for _, a := range b.allow {
		if strings.HasPrefix(url, a) || url+"/" == a {
			return true
		}
	}
	return false
}

// Reset forgets the requests and console errors recorded so far.
func (b *Tab) Reset() {
	b.mu.Lock()
	b.requests, b.console = nil, nil
	b.mu.Unlock()
}

// Recorded returns the requests refused and the console errors since the
// last Reset.
func (b *Tab) Recorded() (requests, console []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...), append([]string(nil), b.console...)
}

// Open loads url (a file path is made a file:// URL) at the given
// viewport size and returns the requests refused and the console errors
// it caused.
func (b *Tab) Open(t testing.TB, url string, width, height int64, opts ...chromedp.EmulateViewportOption) (requests, console []string) {
	t.Helper()
	b.Reset()
	if strings.HasPrefix(url, "/") {
		url = "file://" + url
	}
	err := chromedp.Do(b.Ctx,
		chromedp.EmulateViewport(width, height, opts...),
		chromedp.Navigate(url),
		chromedp.WaitReady("body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	return b.Recorded()
}

// Do runs chromedp actions in the tab, failing the test on an error.
func (b *Tab) Do(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// Follow runs actions that load a page (a click on a form's button, say),
// waits until the page has loaded and returns its HTTP status, after any
// redirects. It fails the test when no page loads within the tab's time.
func (b *Tab) Follow(t testing.TB, actions ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(b.Ctx, actions...)
	if err != nil {
		t.Fatal(err)
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

// Screenshot saves a PNG of the viewport, or of the whole page when full,
// as dir/name, and logs where.
func (b *Tab) Screenshot(t testing.TB, dir, name string, full bool) string {
	t.Helper()
	var png []byte
	var err error
	if full {
		png, err = chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		t.Fatal(err)
	}
	p := Save(t, dir, name, png)
	t.Logf("saved %s", p)
	return p
}

// Artefacts is the directory test artefacts go to: $RENEWAL_ARTIFACTS,
// or a temporary directory of the test's.
func Artefacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("RENEWAL_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Save writes b to dir/name and returns the path.
func Save(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
