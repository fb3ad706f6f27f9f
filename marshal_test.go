package renewal_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"flag"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

type textValue interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

func TestTextRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		value textValue // set to want by UnmarshalText
		text  string
		want  any
	}{
		{"date", new(renewal.Date), "2025-06-30", renewal.MustParseDate("2025-06-30")},
		{"zero date", new(renewal.Date), "", renewal.Date{}},
		{"status", new(renewal.Status), "seriously_lagging", renewal.SeriouslyLagging},
		{"exempt", new(renewal.Status), "exempt", renewal.Exempt},
		{"kind", new(renewal.Kind), "milestone", renewal.Milestone},
		{"direction", new(renewal.Direction), "at_most", renewal.AtMost},
		{"severity", new(renewal.Severity), "warning", renewal.Warning},
		{"format", new(renewal.Format), "markdown", renewal.Markdown},
		{"lang", new(renewal.Lang), "en", renewal.English},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.value.UnmarshalText([]byte(tc.text)))
			got, err := tc.value.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tc.text, string(got))
			// The pointer holds the value wanted: compare by dereferencing
			// through encoding/json, which uses the same methods.
			b1, err := json.Marshal(tc.want)
			require.NoError(t, err)
			assert.Equal(t, `"`+tc.text+`"`, string(b1))
		})
	}
}

func TestTextRefusesUnknown(t *testing.T) {
	for name, v := range map[string]textValue{
		"date": new(renewal.Date), "status": new(renewal.Status), "kind": new(renewal.Kind),
		"direction": new(renewal.Direction), "severity": new(renewal.Severity),
		"format": new(renewal.Format), "lang": new(renewal.Lang),
	} {
		err := v.UnmarshalText([]byte("On_Track!"))
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), `"On_Track!"`, name)
	}
	_, err := renewal.Status(42).MarshalText()
	assert.ErrorContains(t, err, "status 42")
	_, err = json.Marshal(renewal.Kind(-3))
	assert.Error(t, err)
}

// The values a report holds marshal as words, in structs and as map keys.
func TestJSONOfValues(t *testing.T) {
	v := struct {
		AsOf   renewal.Date
		Status renewal.Status
		Kind   renewal.Kind
		Dir    renewal.Direction
		Sev    renewal.Severity
		Counts map[renewal.Status]int
	}{renewal.MustParseDate("2025-06-30"), renewal.Lagging, renewal.Ratio, renewal.AtMost, renewal.Warning,
		map[renewal.Status]int{renewal.NotStarted: 4}}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"AsOf":"2025-06-30","Status":"lagging","Kind":"ratio","Dir":"at_most","Sev":"warning","Counts":{"not_started":4}}`, string(b))
	var back = v
	back.Counts = nil
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, v, back)
}

func TestFlagTextVar(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var asOf renewal.Date
	var format renewal.Format
	var lang renewal.Lang
	fs.TextVar(&asOf, "as-of", renewal.Date{}, "report date")
	fs.TextVar(&format, "format", renewal.Text, "format")
	fs.TextVar(&lang, "lang", renewal.Chinese, "language")
	require.NoError(t, fs.Parse([]string{"-as-of", "2025-09-30", "-format", "json", "-lang", "en"}))
	assert.Equal(t, renewal.MustParseDate("2025-09-30"), asOf)
	assert.Equal(t, renewal.JSON, format)
	assert.Equal(t, renewal.English, lang)
	assert.Error(t, fs.Parse([]string{"-as-of", "2025-02-30"}))
}

// json.Marshal of a report is the JSON report that WriteJSON writes: one
// shape, not two.
func TestReportMarshalJSON(t *testing.T) {
	r := mustEmbeddedReport(t)
	var written bytes.Buffer
	require.NoError(t, r.WriteJSON(&written))
	for name, v := range map[string]any{"pointer": r, "value": *r} {
		got, err := json.Marshal(v)
		require.NoError(t, err, name)
		var want bytes.Buffer
		require.NoError(t, json.Compact(&want, written.Bytes()))
		assert.Equal(t, want.String(), string(got), name)
	}
	// A report inside another value keeps its form.
	got, err := json.Marshal(map[string]*renewal.Report{"report": r})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(got), `{"report":{"plan":{"id":"yancheng-renewal-2025"`), string(got[:80]))
}

// Counts shows its index type in the documentation (NumStatuses, not an
// unexported name), and a Status indexes it.
func TestCountsDocumented(t *testing.T) {
	pkg, fset := packageDoc(t)
	var decl string
	for _, ty := range pkg.Types {
		if ty.Name == "DistrictResult" {
			decl = strings.Join(strings.Fields(declText(t, fset, ty.Decl)), " ")
		}
	}
	assert.Contains(t, decl, "Counts [NumStatuses]int")
	assert.Contains(t, decl, "indexed by Status")
	assert.Equal(t, int(renewal.Exempt)+1, renewal.NumStatuses)
	r := renewal.Evaluate(exampleLedger(), renewal.MustParseDate("2025-06-30"))
	// West: 1 of 4 done against 49.6% expected, seriously lagging.
	assert.Equal(t, 1, r.District("west").Counts[renewal.SeriouslyLagging])
}

// packageDoc is the package's documentation as go doc reads it: the
// non-test files of the directory.
func packageDoc(t *testing.T) (*doc.Package, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/citybureau/renewal")
	require.NoError(t, err)
	return p, fset
}

// declText prints a declaration with its comments.
func declText(t *testing.T, fset *token.FileSet, decl ast.Node) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, printer.Fprint(&b, fset, decl))
	return b.String()
}

// TestProblemAppendText: AppendText writes what Error returns, for every
// shape of position, and allocates nothing once the buffer has room.
func TestProblemAppendText(t *testing.T) {
	probs := renewal.Problems{
		{Position: renewal.Position{File: "p.yaml", Line: 7, Column: 12}, Message: "bad"},
		{Position: renewal.Position{File: "p.yaml", Line: 7}, Severity: renewal.Warning, Message: "went down"},
		{Position: renewal.Position{File: "p.yaml"}, Message: "empty"},
		{Position: renewal.Position{File: "t.xlsx", Sheet: "填报", Line: 7, Column: 4}, Message: "bad cell"},
		{Message: "no place"},
		{Position: renewal.Position{File: "a\nb.yaml", Line: 1, Column: 1}, Message: "unit \"亩\x1b[31m\""},
	}
	want := []string{
		"p.yaml:7:12: bad",
		"p.yaml:7: warning: went down",
		"p.yaml: empty",
		"t.xlsx:填报!D7: bad cell",
		"no place",
		`a\nb.yaml:1:1: unit "亩\x1b[31m"`,
	}
	buf := make([]byte, 0, 256)
	for i, p := range probs {
		got, err := p.AppendText(buf[:0])
		require.NoError(t, err)
		assert.Equal(t, want[i], string(got))
		assert.Equal(t, p.Error(), string(got))
	}
	p := probs[0]
	if n := testing.AllocsPerRun(100, func() { buf, _ = p.AppendText(buf[:0]) }); n != 0 {
		t.Errorf("AppendText allocates %v times a call, want 0", n)
	}
}
