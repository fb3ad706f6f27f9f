// Package pdf prints the dashboard page (package dashboard) to PDF with a
// headless Chromium, as a reader would print it from the browser: A4
// landscape, backgrounds included, the page's own print styles applied.
// The PDF holds the same content as the page.
//
// It needs a Chromium-family browser on the machine: the one named by
// $RENEWAL_CHROMIUM, or the first of chromium, chromium-browser,
// google-chrome, google-chrome-stable and headless-shell on PATH. Without
// one, Browser and Write return ErrNoBrowser with the names looked for.
// The browser runs with a profile of its own in a temporary directory
// (removed afterwards) and with the network cut off: the page needs none.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
)

// Names are the browser programs looked for on PATH, in order.
var Names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// ErrNoBrowser is the error of Browser and Write when no browser is found.
var ErrNoBrowser = errors.New("no browser to print the PDF with")

// Browser returns the path of the browser to print with: $RENEWAL_CHROMIUM
// when set, else the first of Names on PATH.
func Browser() (string, error) {
	if p := os.Getenv("RENEWAL_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, n := range Names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: none of %s is on PATH and RENEWAL_CHROMIUM is not set; install Chromium, or write -format html and print it from a browser",
		ErrNoBrowser, strings.Join(Names, ", "))
}

// Write renders report r as the dashboard page (with opts, as
// dashboard.Write takes them), prints it to PDF on A4 landscape with the
// browser Browser finds, and writes the PDF to w. The printing is
// cancelled with ctx, and gives up after two minutes.
func Write(ctx context.Context, w io.Writer, r *renewal.Report, opts dashboard.Options) error {
	path, err := Browser()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "renewal-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "dashboard.html")
	f, err := os.Create(page)
	if err != nil {
		return err
	}
	if err := dashboard.Write(f, r, opts); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// The page needs no network: no name resolves, and a proxied
		// request goes to a port nothing listens on.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
	)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	err = chromedp.Do(tab, chromedp.Navigate("file://"+filepath.ToSlash(page)), chromedp.WaitReady("body"))
	var out []byte
	if err == nil {
		out, err = chromedp.Run(tab, chromedp.PrintToPDF(
			chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFLandscape(),
			chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	}
	if err != nil {
		return fmt.Errorf("printing the page with %s: %w", path, err)
	}
	_, err = w.Write(out)
	return err
}
