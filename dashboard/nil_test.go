package dashboard_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
)

// TestWriteNilArguments: a nil or zero report, or a nil writer, is an
// error, not a panic, and nothing is written.
func TestWriteNilArguments(t *testing.T) {
	var b bytes.Buffer
	assert.EqualError(t, dashboard.Write(&b, nil, dashboard.Options{}), "dashboard: no report to write (a nil or zero *renewal.Report; make one with renewal.Evaluate)")
	assert.Error(t, dashboard.Write(&b, &renewal.Report{}, dashboard.Options{}))
	assert.Zero(t, b.Len())
	r := renewal.Evaluate(nil, renewal.Date{}) // a report that holds the error of its nil ledger
	assert.EqualError(t, dashboard.Write(nil, r, dashboard.Options{}), "dashboard: no writer to write the page to")
	assert.NoError(t, dashboard.Write(&b, r, dashboard.Options{}), "a report of nothing is a page")
}
