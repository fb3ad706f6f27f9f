package renewal_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// The tests in this file are the second hostile round (issue 11): input
// that forges lines in messages, line breaks editors and yaml.v3 count
// differently, directives, readers that never end, look-alike ids and
// floods of problems. Files that are not files (FIFOs, devices) are in
// hostile_unix_test.go.

// endless is a reader of b repeated for ever; n counts the bytes read.
type endless struct {
	b byte
	n int64
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestHostileEndlessJunk: a stream of bytes that are not text (as
// /dev/urandom gives) is refused at its first bad byte, not read to the
// 64 MiB file limit.
func TestHostileEndlessJunk(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    byte
		msg  string
	}{
		{"ErrNotUTF8", 0xFF, "not valid UTF-8 at byte offset 0"},
		{"ErrControl", 0x01, "control character U+0001"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &endless{b: tt.b}
			var probs renewal.Problems
			finishes(t, hangLimit, func() {
				_, probs = renewal.ReadProgress(mustFuzzPlan(t), "junk.yaml", r)
			})
			assertProblems(t, "junk.yaml", probs, wantProblem{1, 1, tt.msg})
			// The first read is 512 bytes; a reader that read on to the
			// limit would have read 64 MiB.
			assert.LessOrEqual(t, r.n, int64(4096), "bytes read")
		})
	}
}

// TestHostileOneLine: input quoted in a message cannot forge a second
// line or reach the terminal as an escape sequence: a unit with ESC in
// it, a multi-line correction, a plan id with a line break, a file name
// with one. Each problem's Error is one line, the characters escaped.
func TestHostileOneLine(t *testing.T) {
	check := func(t *testing.T, probs renewal.Problems, want ...string) {
		t.Helper()
		require.NotEmpty(t, probs)
		all := probs.String()
		assert.Equal(t, len(probs), strings.Count(all, "\n"), "one line a problem:\n%s", all)
		assert.NotContains(t, all, "\x1b")
		for _, p := range probs {
			assert.NotContains(t, p.Message, "\n")
			assert.NotContains(t, p.Message, "\x1b")
		}
		for _, w := range want {
			assert.Contains(t, all, w)
		}
	}
	t.Run("ErrUnitEscape", func(t *testing.T) {
		// YAML's "\e" is ESC; the unit is not one that converts.
		text := hostileRecords + "  - {target: land-area, district: tinghu, value: 3, unit: \"亩\\e[31m\"}\n"
		_, probs := readProgress(t, &renewal.Loader{}, "esc.yaml", text)
		check(t, probs, `unit 亩\x1b[31m is not a unit`)
	})
	t.Run("WarnMultiLineCorrection", func(t *testing.T) {
		text := hostileRecords + "  - {target: pilot-projects, value: 1}\n  - target: pilot-projects\n    value: 2\n    correction: |\n      first line\n      x.yaml:1:1: forged\n"
		_, probs := readProgress(t, &renewal.Loader{}, "corr.yaml", text)
		check(t, probs, `correction (first line\nx.yaml:1:1: forged\n) replaces`)
		assert.False(t, probs.HasErrors(), "%s", probs)
	})
	t.Run("ErrIDWithNewline", func(t *testing.T) {
		_, probs := readPlan(t, &renewal.Loader{}, "plan.yaml", "id: \"a\\nplan.yaml:9:9: forged\"\ntitle: t\nperiod: {start: 2025-01-01, end: 2025-12-31}\n")
		check(t, probs, `plan.yaml:1:5: plan id "a\nplan.yaml:9:9: forged"`)
	})
	t.Run("ErrFileName", func(t *testing.T) {
		_, probs := readProgress(t, &renewal.Loader{}, "a\nb\x1b.yaml", "records: 1\n")
		check(t, probs, `a\nb\x1b.yaml:1:10: records is a single value`)
		assert.Equal(t, "a\nb\x1b.yaml", probs[0].File, "the Position keeps the name as given")
	})
}

// TestHostileYAMLDirective: "%YAML 1.1" and "%YAML 1.2" are read (yaml.v3
// alone refuses 1.2); another version is refused at the document.
func TestHostileYAMLDirective(t *testing.T) {
	body := "---\ndate: 2025-06-30\nrecords:\n  - {target: pilot-projects, value: 1}\n"
	for _, v := range []string{"1.1", "1.2"} {
		t.Run("OK"+v, func(t *testing.T) {
			led, probs := readProgress(t, &renewal.Loader{}, "v.yaml", "# a comment\n%YAML "+v+"\n"+body)
			assert.Empty(t, probs)
			assertStats(t, led, 1, 1, 0)
		})
	}
	t.Run("OKAfterDocumentEnd", func(t *testing.T) {
		led, probs := readProgress(t, &renewal.Loader{}, "v.yaml", "%YAML 1.2\n"+body+"...\n%YAML 1.2\n"+strings.Replace(body, "06-30", "07-31", 1))
		assert.Empty(t, probs)
		assert.Equal(t, 2, led.Stats().Entries)
	})
	t.Run("ValueKept", func(t *testing.T) {
		// A "%YAML 1.2" inside a document's value is text, not a directive.
		led, probs := readProgress(t, &renewal.Loader{}, "v.yaml", "date: 2025-06-30\nrecords:\n  - {target: pilot-projects, value: 1, note: \"a\n%YAML 1.2\"}\n")
		assert.Empty(t, probs)
		require.Len(t, records(led), 1)
		assert.Equal(t, "a %YAML 1.2", records(led)[0].Note)
	})
	t.Run("Err1.3", func(t *testing.T) {
		_, probs := readProgress(t, &renewal.Loader{}, "v.yaml", "%YAML 1.3\n"+body)
		require.Len(t, probs, 1)
		assert.Contains(t, probs[0].Message, "only YAML 1.1 and 1.2 are read")
	})
}

// TestHostileLineBreaks: a lone CR and the line separators, which yaml.v3
// counts as line breaks and editors do not, are each a problem at their
// place, lines counted by LF. A CRLF file is fine (TestHostileCRLFAndBOM).
func TestHostileLineBreaks(t *testing.T) {
	tests := []struct {
		name, text, bad, msg string
	}{
		{"ErrLoneCR", hostileRecords + "  - {target: pilot-projects, value: 1}\r  - {target: pilot-projects, value: 2}\n", "\r", "carriage return (CR) not followed by a line feed"},
		{"ErrLoneCRAtEnd", hostileRecords + "  - {target: pilot-projects, value: 1}\r", "\r", "carriage return"},
		{"ErrCRCR", hostileRecords + "  - {target: pilot-projects, value: 1}\r\r\n", "\r", "carriage return"},
		{"ErrLoneCRInComment", "# 亭湖\r区\n" + hostileRecords, "\r", "carriage return"},
		{"ErrLineSeparator", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\u2028b}\n", "\u2028", "U+2028"},
		{"ErrParagraphSeparator", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\u2029b}\n", "\u2029", "U+2029"},
		// Not line breaks, but what yaml.v3 refuses beside them: the
		// noncharacters, which the quick reader would otherwise take
		// (FuzzQuick found U+FFFF).
		{"ErrNoncharacterFFFF", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\uffffb}\n", "\uffff", "noncharacter U+FFFF"},
		{"ErrNoncharacterFFFE", hostileRecords + "  - {target: pilot-projects, value: 1, note: a\ufffeb}\n", "\ufffe", "noncharacter U+FFFE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := posOf(t, tt.text, tt.bad, 0)
			led, probs := readProgress(t, &renewal.Loader{}, "cr.yaml", tt.text)
			assertProblems(t, "cr.yaml", probs, wantProblem{line, col, tt.msg})
			assertStats(t, led, 0, 0, 0)
		})
	}
	t.Run("LinesByLF", func(t *testing.T) {
		// A later error in a file whose CRs all stand before LFs is on
		// the line grep -n gives: line 4.
		text := "date: 2025-06-30\r\nrecords:\r\n  - {target: pilot-projects, value: 1}\r\n  - {target: pilot-projects, value: 1e3}\r\n"
		_, probs := readProgress(t, &renewal.Loader{}, "crlf.yaml", text)
		assertProblems(t, "crlf.yaml", probs, wantProblem{4, 37, "not a decimal figure"})
	})
}

// TestHostileMissingFile: a file that cannot be read keeps its cause, so
// errors.Is finds fs.ErrNotExist and errors.As the *fs.PathError; the
// problem is said once; progress against a plan that failed to load
// gives no flood of follow-on problems.
func TestHostileMissingFile(t *testing.T) {
	dir := t.TempDir()
	missing := dir + "/nope.yaml"
	_, probs := renewal.LoadPlanFile(missing)
	require.Len(t, probs, 1, "%s", probs)
	assert.True(t, errors.Is(probs.Err(), fs.ErrNotExist), "%v", probs.Err())
	assert.True(t, errors.Is(probs[0], renewal.ErrSyntax))
	var pe *fs.PathError
	require.True(t, errors.As(probs.Err(), &pe))
	assert.Equal(t, missing, pe.Path)
	assert.Equal(t, 1, strings.Count(probs[0].Error(), "no such file"), "said once: %s", probs[0].Error())

	_, probs = renewal.LoadProgressFiles(mustFuzzPlan(t), missing)
	require.Len(t, probs, 1)
	assert.ErrorIs(t, probs.Err(), fs.ErrNotExist)

	// LoadFiles with the plan missing: the progress is not checked, so
	// its problems are none at all, not one per record.
	prog := dir + "/p.yaml"
	writeFile(t, prog, hostileRecords+strings.Repeat("  - {target: pilot-projects, value: 1}\n", 100))
	plan, led, probs := renewal.LoadFiles(missing, prog)
	assert.NotNil(t, plan)
	assert.Len(t, probs, 1, "the plan's one problem, and none of the progress's")
	assert.Equal(t, 0, led.Len(), "an empty ledger")
}

// TestHostileEmptyDirectory: a directory with no progress files is a
// warning, not silence.
func TestHostileEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/readme.txt", "not progress\n")
	led, probs := renewal.LoadProgressFiles(mustFuzzPlan(t), dir)
	require.Len(t, probs, 1, "%s", probs)
	assert.Equal(t, renewal.Warning, probs[0].Severity)
	assert.Contains(t, probs[0].Message, "holds no progress files")
	assert.Equal(t, renewal.Position{File: dir, Line: 1, Column: 1}, probs[0].Position)
	assert.Equal(t, 0, led.Len())
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(text), 0o644))
}

// TestHostileFloodCost: a flood of one fault costs a Problem a fault, its
// message text kept once, and comes back in position order, every one.
func TestHostileFloodCost(t *testing.T) {
	const n = 100000
	text := hostileRecords + strings.Repeat("- 1\n", n)
	led, probs := readProgress(t, &renewal.Loader{}, "flood.yaml", text)
	require.Len(t, probs, n)
	first, last := probs[0], probs[n-1]
	assert.Equal(t, renewal.Position{File: "flood.yaml", Line: 3, Column: 3}, first.Position)
	assert.Equal(t, renewal.Position{File: "flood.yaml", Line: 2 + n, Column: 3}, last.Position)
	assert.Equal(t, first.Message, last.Message)
	assert.Same(t, unsafe.StringData(first.Message), unsafe.StringData(last.Message), "one copy of the text")
	assertStats(t, led, n, 0, n)
}
