package dashboard_test

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/browser"
)

// TestBrowserRankingFits: at 1,400 pixels wide (and 1,920 and 2,200), with the previous rank
// and the move (the sample's page has Report.Previous), the district
// table fits its card: no cell reaches past the card's right edge.
func TestBrowserRankingFits(t *testing.T) {
	b := browser.New(t)
	dir := t.TempDir()
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		_, page := samplePage(t, lang)
		file, err := filepath.Abs(browser.Save(t, dir, "dashboard-"+lang.String()+".html", page))
		if err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{1400, 1920, 2200} {
			b.Open(t, file, width, 1000)
			over, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`(() => {
			const table = document.getElementById('ranking-bars');
			const card = table.closest('.card');
			const edge = card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
			return Array.from(table.querySelectorAll('th, td'))
				.filter(c => c.getBoundingClientRect().right > edge + 0.5)
				.slice(0, 5).map(c => c.textContent.trim() + ' ' + Math.round(c.getBoundingClientRect().right) + ' > ' + Math.round(edge));
		})()`))
			if err != nil {
				t.Fatal(err)
			}
			if len(over) > 0 {
				t.Errorf("%s: at %d pixels the district table reaches past its card: %q", lang, width, over)
			}
		}
	}
}
