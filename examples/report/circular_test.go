package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard/pdf"
	"github.com/citybureau/renewal/data"
)

// TestCircularOutput writes the circular with -format docx -o: a .docx
// package whose document names the plan; and refuses it in English,
// without -o, and over a directory, leaving no file.
func TestCircularOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "通报.docx")
	code, _, stderr, _ := runReport(t, "-as-of", "2025-09-30", "-since", "2025-06-30", "-format", "docx", "-o", path)
	require.Equal(t, 0, code, stderr)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	assert.Contains(t, names, "word/document.xml")
	assert.Contains(t, names, "word/footer2.xml")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-format", "docx", "-lang", "en", "-o", filepath.Join(dir, "en.docx")}, "Chinese only"},
		{[]string{"-format", "docx"}, "report: -format docx 输出的是文档，不是文字：请用 -o 写明文件名\n"},
		{[]string{"-format", "pdf"}, "report: -format pdf 输出的是文档，不是文字：请用 -o 写明文件名\n"},
		{[]string{"-format", "pdf", "-lang", "en"}, "report: -format pdf writes a document, not text: give -o FILE\n"},
	} {
		code, stdout, stderr, _ := runReport(t, c.args...)
		assert.Equal(t, 2, code, "%q: %s", c.args, stderr)
		assert.Contains(t, stderr, c.want, "%q", c.args)
		assert.Empty(t, stdout)
	}
	_, err = os.Stat(filepath.Join(dir, "en.docx"))
	assert.True(t, os.IsNotExist(err), "a refused run left a file")

	code, _, stderr, _ = runReport(t, "-format", "docx", "-o", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not a regular file")
}

// TestPDFNoBrowser: without a browser, -format pdf is a clear error,
// before anything loads, and writes nothing.
func TestPDFNoBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("RENEWAL_CHROMIUM", "")
	path := filepath.Join(t.TempDir(), "dashboard.pdf")
	code, _, stderr, _ := runReport(t, "-format", "pdf", "-o", path, "-progress", "no-such-dir")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no browser to print the PDF with")
	assert.Contains(t, stderr, "chromium")
	assert.NotContains(t, stderr, "no-such-dir", "it loaded before finding there was no browser")
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err))
}

// TestPDF prints the dashboard with the browser when there is one (it
// skips without, and fails when RENEWAL_REQUIRE_BROWSER=1): a PDF whose
// text holds the overall score and every district.
func TestPDF(t *testing.T) {
	if _, err := pdf.Browser(); err != nil {
		if os.Getenv("RENEWAL_REQUIRE_BROWSER") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "dashboard.pdf")
	var stdout, stderr bytes.Buffer // not runReport: a browser starts in more than its limit
	code := run([]string{"-as-of", "2025-09-30", "-format", "pdf", "-o", path}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(b, []byte("%PDF-")), "not a PDF")
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("no pdftotext to read the PDF with")
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(out)), "")
	r := sampleReport(t, "2025-09-30")
	assert.Contains(t, text, "综合得分"+r.Score.Shift(2).Round(1).StringFixed(1)+"%")
	for _, d := range r.Districts {
		assert.Contains(t, text, d.District.Name)
	}
}

// sampleReport is the embedded sample's report as of date.
func sampleReport(t *testing.T, date string) *renewal.Report {
	t.Helper()
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors(), "%v", probs.Err())
	ledger, probs := data.Sample(plan)
	require.False(t, probs.HasErrors(), "%v", probs.Err())
	return renewal.Evaluate(ledger, renewal.MustParseDate(date))
}
