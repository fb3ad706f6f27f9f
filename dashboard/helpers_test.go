package dashboard_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
	"github.com/citybureau/renewal/data"
)

// sample is the embedded plan and sample progress, loaded once.
var sample = sync.OnceValues(func() (*renewal.Ledger, error) {
	plan, probs := data.Plan()
	if err := probs.Err(); err != nil {
		return nil, err
	}
	ledger, probs := data.Sample(plan)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return ledger, nil
})

func sampleLedger(t testing.TB) *renewal.Ledger {
	t.Helper()
	l, err := sample()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The sample page's dates: the report as of 2025-10-01, compared with
// 2025-08-31, the last month end before it but one.
var (
	sampleAsOf  = renewal.MustParseDate("2025-10-01")
	sampleSince = renewal.MustParseDate("2025-08-31")
)

// sampleTrends is the number of trend dates of the sample page: the
// nine month ends from January to September, then 2025-10-01.
const sampleTrends = 10

// samplePage renders the sample as of sampleAsOf, with the month-end
// trend and the moves since sampleSince.
func samplePage(t testing.TB, lang renewal.Lang) (*renewal.Report, []byte) {
	t.Helper()
	l := sampleLedger(t)
	r := renewal.Evaluate(l, sampleAsOf)
	r.Previous = renewal.Evaluate(l, sampleSince)
	var buf bytes.Buffer
	err := dashboard.Write(&buf, r, dashboard.Options{
		Lang:  lang,
		Trend: renewal.EvaluateSeries(l, renewal.MonthEnds(l.Plan(), sampleAsOf)...),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, buf.Bytes()
}
