package circular_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/citybureau/renewal/circular"
)

// requireOffice is the variable CI sets so that a missing LibreOffice
// fails the test instead of skipping it.
const requireOffice = "RENEWAL_REQUIRE_LIBREOFFICE"

// tool finds the first of names on PATH; with none, the test skips, or
// fails when RENEWAL_REQUIRE_LIBREOFFICE=1.
func tool(t *testing.T, what string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no %s: none of %s is on PATH (install libreoffice-writer-nogui and poppler-utils, as .ci/office-deps does)",
		what, strings.Join(names, ", "))
	if os.Getenv(requireOffice) == "1" {
		t.Fatal(msg + "; " + requireOffice + "=1 requires it")
	}
	t.Skip(msg + "; set " + requireOffice + "=1 to make this a failure")
	return ""
}

// footerLine matches a page number as pdftotext gives it: "— 3 —".
var footerLine = regexp.MustCompile(`(?m)^\s*—\s*\d+\s*—\s*$`)

// pdfText is the text of a PDF, page numbers left out and every space and
// line break removed, so that a sentence broken across lines or pages
// reads whole.
func pdfText(t *testing.T, pdftotext, pdf string) string {
	t.Helper()
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	s := footerLine.ReplaceAllString(string(out), "")
	return strings.Join(strings.Fields(s), "")
}

// TestLibreOffice converts the sample's circular, and one with hostile
// names, to PDF with LibreOffice (headless, with a profile of its own)
// and reads the PDFs' text: the title, the opening's figures, the
// ranking in rank order, and the hostile names read back.
func TestLibreOffice(t *testing.T) {
	soffice := tool(t, "LibreOffice", "soffice", "libreoffice")
	pdftotext := tool(t, "pdftotext", "pdftotext")
	dir := t.TempDir()
	out := dir
	if a := os.Getenv("RENEWAL_ARTIFACTS"); a != "" {
		out = a
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	r := sample(t)
	h := sample(t)
	h.Districts[0].District.Name = "<b>&amp;\x01区"
	docs := map[string]*bytes.Buffer{"circular.docx": {}, "circular-hostile.docx": {}}
	if err := circular.Write(docs["circular.docx"], r, circular.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := circular.Write(docs["circular-hostile.docx"], h, circular.Options{}); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out}
	for name, b := range docs {
		path := filepath.Join(out, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir) // nothing of the user's profile is read or written
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", soffice, err, msg)
	}
	text := pdfText(t, pdftotext, filepath.Join(out, "circular.pdf"))
	t.Logf("PDFs in %s", out)

	want := []string{
		"关于" + r.Plan.Title + "推进情况的通报",
		fmt.Sprintf("截至%s，序时进度%s，全市%d项重点目标综合得分%s。", monthDay(r.AsOf), percent(r.Expected), len(r.Targets), percent(r.Score)),
	}
	for _, s := range r.Sections {
		want = append(want, "“"+s.Name+"”得分"+percent(s.Score))
	}
	g := r.Goal("neighbourhoods-renovated", "")
	want = append(want, "全市改造老旧小区"+g.Actual.String()+"个，完成年度任务的"+percent(g.Completion)+"，"+gapPhrase(g)+"。")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	at := strings.Index(text, "排名依次为：")
	if at < 0 {
		t.Fatal("the PDF's text has no ranking")
	}
	for _, d := range r.Districts {
		item := fmt.Sprintf("第%d名%s（%s", d.Rank, d.District.Name, percent(d.Score))
		i := strings.Index(text[at:], item)
		if i < 0 {
			t.Errorf("the PDF's ranking lacks %q after what came before it", item)
			continue
		}
		at += i + len(item)
	}

	hostile := pdfText(t, pdftotext, filepath.Join(out, "circular-hostile.pdf"))
	if !strings.Contains(hostile, "<b>&amp;\ufffd区") {
		t.Error("the hostile name does not read back from the PDF")
	}
}
