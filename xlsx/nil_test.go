package xlsx_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/xlsx"
)

// TestWriteNilArguments: WriteReport with a nil or zero report or a nil
// writer, and WriteTemplates with a nil plan or no directory, return an
// error, not a panic, and write nothing.
func TestWriteNilArguments(t *testing.T) {
	var b bytes.Buffer
	assert.EqualError(t, xlsx.WriteReport(&b, nil, renewal.Chinese), "xlsx: no report to write (a nil or zero *renewal.Report; make one with renewal.Evaluate)")
	assert.Error(t, xlsx.WriteReport(&b, &renewal.Report{}, renewal.English))
	assert.Zero(t, b.Len())
	plan, _ := data.Plan()
	led, _ := data.Sample(plan)
	assert.EqualError(t, xlsx.WriteReport(nil, renewal.Evaluate(led, renewal.Date{}), renewal.Chinese), "xlsx: no writer to write the workbook to")

	dir := t.TempDir()
	paths, err := xlsx.WriteTemplates(dir, nil, nil, renewal.Date{})
	assert.EqualError(t, err, "xlsx: no plan to write templates for (a nil *renewal.Plan)")
	assert.Empty(t, paths)
	_, err = xlsx.ReplaceTemplates(dir, nil, led, renewal.Date{})
	assert.Error(t, err)
	t.Chdir(dir)
	_, err = xlsx.WriteTemplates("", plan, led, renewal.Date{})
	assert.EqualError(t, err, "xlsx: no directory to write the templates into")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}
