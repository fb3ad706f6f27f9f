package renewal_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

func TestPositionCell(t *testing.T) {
	for _, tc := range []struct {
		pos        renewal.Position
		want, cell string
	}{
		{renewal.Position{}, "-", ""},
		{renewal.Position{File: "a.yaml", Line: 3, Column: 5}, "a.yaml:3:5", ""},
		{renewal.Position{File: "a.yaml", Line: 3}, "a.yaml:3", ""},
		{renewal.Position{File: "t.xlsx", Line: 7, Column: 4, Sheet: "填报"}, "t.xlsx:填报!D7", "填报!D7"},
		// Column 27 is AA: after Z (26) comes A again with one A before it.
		{renewal.Position{File: "t.xlsx", Line: 12, Column: 27, Sheet: "填报"}, "t.xlsx:填报!AA12", "填报!AA12"},
		{renewal.Position{File: "t.xlsx", Sheet: "填报"}, "t.xlsx", ""},
	} {
		assert.Equal(t, tc.want, tc.pos.String())
		assert.Equal(t, tc.cell, tc.pos.Cell())
	}
	p := renewal.Problem{Position: renewal.Position{File: "t.xlsx", Line: 7, Column: 4, Sheet: "填报"}, Severity: renewal.Warning, Message: "m"}
	assert.Equal(t, "t.xlsx:填报!D7: warning: m", p.Error())
}

// TestWorkbookWithoutReader: this test binary does not import the xlsx
// package, so no reader is registered, and a workbook, named or met in a
// directory, is an error that says what to import; never skipped.
func TestWorkbookWithoutReader(t *testing.T) {
	plan, probs := renewal.LoadPlanFile("testdata/valid/count/plan.yaml")
	require.False(t, probs.HasErrors(), "%v", probs)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tinghu.xlsx"), []byte("PK"), 0o644))
	for _, path := range []string{dir, filepath.Join(dir, "tinghu.xlsx")} {
		_, probs := renewal.LoadProgressFiles(plan, path)
		require.Len(t, probs, 1)
		assert.Equal(t, filepath.Join(dir, "tinghu.xlsx")+`: a workbook, and this program reads none: it must import _ "github.com/citybureau/renewal/xlsx" to read .xlsx files`, probs[0].Error())
		assert.ErrorIs(t, probs[0], renewal.ErrSyntax)
	}
}
