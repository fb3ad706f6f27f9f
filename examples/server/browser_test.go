package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/citybureau/renewal/internal/browser"
	"github.com/citybureau/renewal/sqlstore/sqltest"
	"github.com/citybureau/renewal/xlsx"
)

// TestBrowser drives the pages in Chromium at 1400 pixels wide: a clerk
// signs in, uploads a workbook with a bad cell (refused, its problem by
// cell in Chinese, nothing stored), then a good one, and submits a figure
// through the form; a reviewer returns the form's figure with a reason
// and approves the workbook's; the clerk sees the reason, and a leader
// the approved figure on the dashboard. Each page's screenshot is saved
// to $RENEWAL_ARTIFACTS. It skips without a browser, and fails then when
// RENEWAL_REQUIRE_BROWSER=1.
func TestBrowser(t *testing.T) {
	browser.Chromium(t) // skip before anything starts
	e := newEnv(t, sqltest.SQLite(t))
	b := browser.New(t, e.srv.URL)
	dir := browser.Artefacts(t)
	const width, height = 1400, 900

	// open loads a page of the server and checks it made no request
	// elsewhere and no console error.
	open := func(path string) {
		t.Helper()
		requests, console := b.Open(t, e.srv.URL+path, width, height)
		if len(requests)+len(console) > 0 {
			t.Errorf("%s: requests elsewhere %q, console errors %q", path, requests, console)
		}
	}
	// submit clicks a form's button and waits for the next page, which
	// should come with the status want. (The browser logs an error status
	// as an error: that one is expected.)
	submit := func(button string, want int64) {
		t.Helper()
		b.Reset()
		if st := b.Follow(t, chromedp.Click(button)); st != want {
			t.Errorf("after %s: status %d, want %d", button, st, want)
		}
		requests, console := b.Recorded()
		if want >= 400 && len(console) == 1 && strings.Contains(console[0], fmt.Sprintf("status of %d", want)) {
			console = nil
		}
		if len(requests)+len(console) > 0 {
			t.Errorf("after %s: requests elsewhere %q, console errors %q", button, requests, console)
		}
	}
	text := func() string {
		t.Helper()
		s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		s, err := chromedp.Run(b.Ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(s, e.srv.URL)
	}
	shot := func(name string) { t.Helper(); b.Screenshot(t, dir, "server-"+name+".png", true) }
	login := func(user string) {
		t.Helper()
		open("/login")
		b.Do(t, chromedp.SendKeys(`input[name=user]`, user), chromedp.SendKeys(`input[name=password]`, pw))
		submit(`form[action="/login"] button`, 200)
	}
	logout := func() { t.Helper(); submit(`form[action="/logout"] button`, 200) }

	// The clerk signs in and lands on their page.
	open("/login")
	shot("login")
	login("clerk-binhai")
	if loc := location(); loc != "/clerk" {
		t.Fatalf("the clerk lands on %s, want /clerk", loc)
	}
	if got := text(); !strings.Contains(got, "改造老旧小区") || strings.Contains(got, "市工业园区年产值增长") {
		t.Errorf("the clerk's page does not list binhai's goals only:\n%s", got)
	}

	// A workbook with a word for a figure is refused, its problem at its
	// cell, in Chinese; nothing is stored.
	upload := func(name string, xlsx []byte, want int64) {
		t.Helper()
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, xlsx, 0o644); err != nil {
			t.Fatal(err)
		}
		b.Do(t, chromedp.SetUploadFiles(`input[name=workbook]`, []string{path}))
		submit(`form[action="/clerk/workbook"] button`, want)
	}
	bad, cell := workbook(t, e, "binhai", "neighbourhoods-renovated", "七个", "2025-08-31")
	upload("滨海县-8月.xlsx", bad, 400)
	alert, err := chromedp.Run(b.Ctx, chromedp.Text(`[role=alert]`))
	if err != nil {
		t.Fatal(err)
	}
	// The problem names the sheet and the figure's own cell, 累计完成's.
	if !strings.Contains(alert, xlsx.Sheet+"!"+cell+": ") || !strings.Contains(alert, "七个") {
		t.Errorf("the bad workbook's problem is not shown at its cell %s!%s:\n%s", xlsx.Sheet, cell, alert)
	}
	if n := e.count("submissions"); n != 0 {
		t.Errorf("a refused workbook stored %d submissions", n)
	}
	shot("clerk-bad-workbook")

	// A good workbook (binhai's 4 at 8-31), then a figure by the form
	// (6 at 9-30): both pending.
	good, _ := workbook(t, e, "binhai", "neighbourhoods-renovated", 4, "2025-08-31")
	upload("滨海县-8月.xlsx", good, 200)
	open("/clerk")
	b.Do(t,
		chromedp.SetValue(`select[name=target]`, "neighbourhoods-renovated"),
		chromedp.SetValue(`input[name=date]`, "2025-09-30"),
		chromedp.SendKeys(`input[name=value]`, "6"),
		chromedp.SendKeys(`input[name=note]`, "九月月报"),
	)
	submit(`form[action="/clerk"] button`, 200)
	if got := text(); strings.Count(got, "待审核") != 2 {
		t.Errorf("the clerk's page does not show two pending submissions:\n%s", got)
	}
	shot("clerk-pending")
	var formID, bookID int64
	db := e.s.Store.DB()
	if err := db.QueryRow("SELECT id FROM submissions WHERE date = '2025-09-30' AND value = '6'").Scan(&formID); err != nil {
		t.Fatalf("the form's submission: %v", err)
	}
	if err := db.QueryRow("SELECT id FROM submissions WHERE date = '2025-08-31' AND value = '4'").Scan(&bookID); err != nil {
		t.Fatalf("the workbook's submission: %v", err)
	}
	logout()

	// The reviewer returns the form's figure with a reason and approves
	// the workbook's.
	login("reviewer")
	if loc := location(); loc != "/review" {
		t.Fatalf("the reviewer lands on %s, want /review", loc)
	}
	shot("review")
	const reason = "九月数与月报不符，请核实后重报"
	b.Do(t, chromedp.SendKeys(fmt.Sprintf(`form[action="/review/%d/return"] input[name=reason]`, formID), reason))
	submit(fmt.Sprintf(`form[action="/review/%d/return"] button`, formID), 200)
	submit(fmt.Sprintf(`form[action="/review/%d/approve"] button`, bookID), 200)
	if got := text(); !strings.Contains(got, "没有待审核的数据") {
		t.Errorf("the review page after both:\n%s", got)
	}
	shot("review-done")
	logout()

	// The clerk sees the reason.
	login("clerk-binhai")
	if got := text(); !strings.Contains(got, reason) || !strings.Contains(got, "已退回") || !strings.Contains(got, "已通过") {
		t.Errorf("the clerk does not see the reason and the states:\n%s", got)
	}
	shot("clerk-returned")
	logout()

	// A leader lands on the dashboard, which shows the approved 4.
	login("leader")
	if loc := location(); loc != "/" {
		t.Fatalf("the leader lands on %s, want /", loc)
	}
	// binhai's row of 改造老旧小区 reads the approved 4 of its 9, 44.4 %,
	// from the approved submission's record.
	cells, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`Array.from((document.querySelector(
		'tr[data-target="neighbourhoods-renovated"][data-district="binhai"]') || {cells: []}).cells).map(c => c.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	row := strings.Join(cells, " | ")
	if !strings.Contains(row, "| 9 | 4 | 44.4% |") || !strings.Contains(row, fmt.Sprintf("records#%d", recordOf(t, e, bookID))) {
		t.Errorf("the dashboard's row of binhai's 改造老旧小区 is %q; want 9, 4, 44.4%% and the approved record", row)
	}
	shot("dashboard")
	b.Screenshot(t, dir, "server-dashboard-top.png", false)
}

// recordOf is the record an approved submission became.
func recordOf(t *testing.T, e *env, id int64) int64 {
	t.Helper()
	var rec int64
	if err := e.s.Store.DB().QueryRow(e.s.q("SELECT record_id FROM submissions WHERE id = ?"), id).Scan(&rec); err != nil {
		t.Fatal(err)
	}
	return rec
}
