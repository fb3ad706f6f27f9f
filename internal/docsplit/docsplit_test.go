package docsplit_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/citybureau/renewal/internal/docsplit"
	"github.com/citybureau/renewal/internal/yamlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// dump renders every field of n and its children that a loader can see:
// kind, style, tag, value, anchor and position; and their comments, which
// the split keeps only inside a document (see the package doc), apart.
func dump(b, comments *strings.Builder, n *yaml.Node, depth int) {
	tag := n.Tag // a quick-read scalar's tag is resolved on demand (see yamlx.Quick)
	if n.Kind == yaml.ScalarNode {
		tag = n.ShortTag()
	}
	fmt.Fprintf(b, "%*s%d/%d %q %q &%q @%d:%d\n", depth*2, "", n.Kind, n.Style, tag, n.Value, n.Anchor, n.Line, n.Column)
	fmt.Fprintf(comments, "%*s@%d:%d h%q l%q f%q\n", depth*2, "", n.Line, n.Column, n.HeadComment, n.LineComment, n.FootComment)
	for _, c := range n.Content {
		dump(b, comments, c, depth+1)
	}
}

func dumpDoc(n *yaml.Node) string {
	var b, c strings.Builder
	dump(&b, &c, n, 0)
	return b.String()
}

func dumpComments(n *yaml.Node) string {
	var b, c strings.Builder
	dump(&b, &c, n, 0)
	return c.String()
}

// outcome is what a decode of a stream gives: its documents, rendered,
// and the positioned syntax errors.
type outcome struct {
	docs     []string
	comments []string
	errs     []*yamlx.Error
}

// sequential is the reference: one yaml.v3 Decoder over the whole stream,
// which stops at the first error.
func sequential(data []byte) outcome {
	var o outcome
	if err := yamlx.StreamV3(data, func(n *yaml.Node) {
		o.docs = append(o.docs, dumpDoc(n))
		o.comments = append(o.comments, dumpComments(n))
	}); err != nil {
		o.errs = append(o.errs, err)
	}
	return o
}

// split decodes data's parts with Each; ok is Split's.
func split(data []byte, workers, window int) (o outcome, ok bool) {
	docs, ok := docsplit.Split(data)
	if !ok {
		return o, false
	}
	next := 0
	docsplit.Each(data, docs, workers, window, func(d docsplit.Doc, p docsplit.Part) {
		if d != docs[next] {
			panic("part out of order")
		}
		next++
		for _, n := range p.Docs {
			o.docs = append(o.docs, dumpDoc(n))
			o.comments = append(o.comments, dumpComments(n))
		}
		if p.Err != nil {
			o.errs = append(o.errs, p.Err)
			o.docs = append(o.docs, "error") // marks where the error came
		}
	})
	if next != len(docs) {
		panic("parts missing")
	}
	return o, true
}

// checkSame asserts that the split decode of data is the sequential one:
// every document up to the sequential decode's error, then that error.
// It reports whether Split took the stream.
func checkSame(t *testing.T, data []byte) bool {
	t.Helper()
	want := sequential(data)
	for _, workers := range []int{1, 3} {
		got, ok := split(data, workers, 64)
		if !ok {
			return false
		}
		if len(want.errs) == 0 {
			require.Equal(t, want.docs, got.docs, "workers %d: documents of %q", workers, data)
			require.Empty(t, got.errs, "workers %d: errors of %q", workers, data)
			continue
		}
		k := len(want.docs)
		require.Greater(t, len(got.docs), k, "workers %d: %q: an error is missing", workers, data)
		require.Equal(t, fmt.Sprint(want.docs), fmt.Sprint(got.docs[:k]), "workers %d: documents before the error of %q", workers, data)
		if got.docs[k] != "error" {
			// Before it hands over a document, yaml.v3 scans ahead
			// into the first lines of the next (to the end of a
			// simple key), so an error there comes one document early
			// in a sequential decode. The split hands that document
			// over and reports the error with the next part. A marker
			// ends a simple key, so only empty documents (a "---" line
			// and nothing) can stand between: the scan reads on past
			// them ("00\n---\n--- \"" fails before its first
			// document sequentially).
			j := k + 1
			for j < len(got.docs) && got.docs[j] != "error" {
				require.True(t, emptyDoc(got.docs[j]), "workers %d: %q: want the error after %d documents and empty ones; document %d is %s", workers, data, k, j, got.docs[j])
				j++
			}
			require.Less(t, j, len(got.docs), "workers %d: %q: an error is missing", workers, data)
		}
		// The sequential decode's error is among the split's: first,
		// or, when yaml.v3's scan ahead ran past a marker into the next
		// part and failed there ("[0\n---\n\"": the quote, not the
		// open list), with that next part, the part before it then
		// giving its own error too (the list not closed).
		require.Contains(t, got.errs, want.errs[0], "workers %d: error of %q", workers, data)
	}
	return true
}

// emptyDoc says whether dump (dumpDoc's) is a document holding only
// the empty null that yaml.v3 gives a document with no content.
func emptyDoc(dump string) bool {
	return strings.Count(dump, "\n") == 2 && strings.Contains(dump, `"!!null" "" &""`)
}

// corpus returns the YAML files of the project's corpora and the shared
// conformance cases, and the inputs of the fuzz corpora.
func corpus(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	roots := []string{"../../testdata", "../../data", "../../../shared/conformance"}
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			if root == roots[2] {
				t.Logf("no %s: its files are not in the corpus", root)
				continue
			}
			t.Fatal(err)
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch {
			case strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml"):
				b, err := os.ReadFile(path)
				files[path] = b
				return err
			case strings.Contains(filepath.ToSlash(path), "testdata/fuzz/"):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				for i, v := range fuzzValues(b) {
					files[path+"#"+strconv.Itoa(i)] = v
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	require.NotEmpty(t, files)
	return files
}

// fuzzValues reads the []byte and string values of a Go fuzz corpus file.
func fuzzValues(b []byte) [][]byte {
	var vs [][]byte
	for _, line := range strings.Split(string(b), "\n") {
		for _, pre := range []string{"[]byte(", "string("} {
			if s, ok := strings.CutPrefix(line, pre); ok {
				if v, err := strconv.Unquote(strings.TrimSuffix(s, ")")); err == nil {
					vs = append(vs, []byte(v))
				}
			}
		}
	}
	return vs
}

// prepared is data as the loader hands it on: after yamlx.Prepare.
func prepared(data []byte) ([]byte, bool) {
	text, bad := yamlx.Prepare(data)
	return text, bad == nil
}

func TestCorpus(t *testing.T) {
	files := corpus(t)
	taken := 0
	for name, data := range files {
		text, ok := prepared(data)
		if !ok {
			continue
		}
		if checkSame(t, text) {
			taken++
		}
		// The same file as documents of one stream, as a month's export
		// puts them; and again with CRLF line ends.
		multi := append([]byte("---\n"), text...)
		if len(text) > 0 && text[len(text)-1] != '\n' {
			multi = append(multi, '\n')
		}
		multi = append(multi, multi...)
		checkSame(t, multi)
		checkSame(t, bytes.ReplaceAll(multi, []byte("\n"), []byte("\r\n")))
		_ = name
	}
	// Most files have no lone CR, directive or line separator: Split takes
	// them. A corpus where it declines them all would test nothing.
	assert.Greater(t, taken, len(files)*9/10, "Split took %d of %d files", taken, len(files))
}

// The cases a hand-picked stream exercises: every way a document can
// start and end, and text that looks like a marker without being one.
var cases = []struct {
	name string
	text string
	ok   bool // Split takes it
	docs int  // parts Split makes
}{
	{"empty", "", true, 1},
	{"one document", "a: 1\n", true, 1},
	{"two", "a: 1\n---\nb: 2\n", true, 2},
	{"leading marker", "---\na: 1\n---\nb: 2\n", true, 2},
	{"comments before the first marker", "# head\n\n---\na: 1\n---\nb: 2\n", true, 2},
	{"comment after marker", "--- # one\na: 1\n---\t# two\nb: 2\n", true, 2},
	{"scalar on marker line", "--- a\n--- b\n---\n", true, 3},
	{"empty documents", "---\n---\n---\n", true, 3},
	{"end markers", "a: 1\n...\n---\nb: 2\n...\n", true, 2},
	{"end then comment then start", "a: 1\n...\n# c\n\n---\nb: 2\n", true, 2},
	{"end, comment, end", "a: 1\n...\n# c\n...\n---\nb: 2\n", true, 2},
	{"end then comments to the end", "a: 1\n...\n# c\n", true, 1},
	{"foot comment before marker", "a: 1\n# foot\n\n---\n# head\nb: 2\n", true, 2},
	{"no newline at end", "a: 1\n---\nb: 2", true, 2},
	{"marker at end without newline", "a: 1\n---", true, 2},
	{"block scalar with marker-like lines", "a: |\n  ---\n  ...\n   --- x\nb: >\n  text\n---\nc: |+\n  keep\n\n---\n", true, 3},
	{"block scalar cut by marker", "a: |\n  x\n---\nb: 1\n", true, 2},
	{"plain multi-line scalar", "a: b\n c\n---\nd\ne\n--- f\n  g\n", true, 3},
	{"not markers", "a: ---x\n----\n--\n ---\n.. .\n", true, 1},
	{"quoted scalar spanning lines", "a: \"x\n  y\"\nb: 'p\n\n  q'\n---\nc: 1\n", true, 2},
	{"quoted scalar open across a marker", "a: \"x\n---\ny\"\n---\nb: 1\n", true, 3},
	{"single quote open across a marker", "a: 'x\n--- z\nb: 2\n", true, 2},
	{"quoted scalar open across an end", "a: \"x\n...\nb: 2\n", false, 0},
	{"flow open across a marker", "a: [1,\n---\n2]\n---\nb: 1\n", true, 3},
	{"flow mapping open at the end", "a: {x: 1,\n", true, 1},
	{"flow open across an end", "a: {x: 1,\n...\n---\nb: 2\n", true, 2},
	{"syntax error in the middle", "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n---\ne:\tf\n", true, 4},
	{"tab indent in the middle", "a: 1\n---\nb:\n\t- 1\n---\nc: 3\n", true, 3},
	{"bad indentation", "---\na: 1\n---\nb: 1\n c: 2\n---\nd: 1\n", true, 3},
	{"error on the first line", "a: b: c\n---\nd: 1\n", true, 2},
	{"error on a marker's line", "a: 1\n--- a: b: c\n---\nd: 1\n", true, 3},
	{"missing key", "a: 1\n---\nb: 1\n  - x\n---\n", true, 3},
	{"directives", "%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n%TAG !x! tag:x,1:\n---\n!x!b 2\n", true, 2},
	{"directive without end", "a: 1\n%YAML 1.2\n---\nb: 2\n", false, 0},
	{"directive without its document", "%YAML 1.2\na: 1\n---\nb: 2\n", true, 2},
	{"duplicate directive", "a: 1\n...\n%YAML 1.2\n%YAML 1.2\n---\nb: 2\n---\nc: 3\n", true, 3},
	{"tag handle of an earlier document", "%TAG !x! tag:x,1:\n---\n!x!a 1\n---\n!x!b 2\n", true, 2},
	{"content after end", "a: 1\n...\nb: 2\n", false, 0},
	{"leading end marker", "...\na: 1\n", false, 0},
	{"leading end marker then start", "...\n---\na: 1\n", false, 0},
	{"end marker after directive", "%YAML 1.2\n...\n---\na: 1\n", false, 0},
	{"anchors and aliases", "a: &x 1\nb: *x\n---\nc: *x\n", false, 0},
	{"anchor only", "a: &x 1\n---\nc: 2\n", true, 2},
	{"alias before anchor", "a: *x\n---\nc: &x 2\n", true, 2},
	{"lone carriage return", "a: 1\r---\rb: 2\r", false, 0},
	{"line separator", "a: 1\n---\nb: \u2028x\n", false, 0},
	{"simple key cut by marker", "a\n---\nb: 1\n", true, 2},
	{"comments everywhere", "# 1\na: 1 # 2\n# 3\n--- # 4\n# 5\nb: # 6\n  - c # 7\n  # 8\n# 9\n...\n# 10\n---\n# 11\n", true, 3},
}

func TestCases(t *testing.T) {
	for _, c := range cases {
		for _, variant := range []struct {
			name string
			text string
		}{{"LF", c.text}, {"CRLF", strings.ReplaceAll(c.text, "\n", "\r\n")}, {"BOM", "\uFEFF" + c.text}} {
			t.Run(c.name+"/"+variant.name, func(t *testing.T) {
				text, ok := prepared([]byte(variant.text))
				if !ok {
					// yamlx.Prepare refuses a lone CR and the line
					// separators; Split declines them too, for a caller
					// that does not prepare.
					require.False(t, c.ok)
					_, took := docsplit.Split([]byte(variant.text))
					require.False(t, took)
					return
				}
				docs, took := docsplit.Split(text)
				require.Equal(t, c.ok, took, "Split takes it")
				if !c.ok {
					return
				}
				assert.Len(t, docs, c.docs)
				parts(t, text, docs)
				require.True(t, checkSame(t, text))
			})
		}
	}
}

// parts asserts that docs cover text in order, each starting at a line
// start on the line it says.
func parts(t *testing.T, text []byte, docs []docsplit.Doc) {
	t.Helper()
	at := 0
	for _, d := range docs {
		require.Equal(t, at, d.Start, "parts are contiguous")
		require.LessOrEqual(t, d.Start, d.End)
		require.LessOrEqual(t, d.End, d.Next)
		require.Equal(t, 1+bytes.Count(text[:d.Start], []byte("\n")), d.Line, "line of %q", text[d.Start:d.End])
		at = d.End
	}
	require.Equal(t, len(text), at, "parts cover the text")
}

// TestReadsOnAfterError shows what the split adds: the documents after a
// syntax error are read, and their errors reported, in one pass.
func TestReadsOnAfterError(t *testing.T) {
	text := []byte("a: 1\n---\nb: [1,\n---\nc: 3\n---\nd: {\n---\ne: 5\n")
	// Lines: 1 a, 2 ---, 3 b, 4 ---, 5 c, 6 ---, 7 d, 8 ---, 9 e.
	var docs []*yaml.Node
	errs := docsplit.Stream(text, 2, 1<<20, func(n *yaml.Node) { docs = append(docs, n) })
	require.Len(t, docs, 3) // a, c, e: each part without an error
	assert.Equal(t, 1, docs[0].Content[0].Line)
	assert.Equal(t, 5, docs[1].Content[0].Line)
	assert.Equal(t, "c", docs[1].Content[0].Content[0].Value)
	assert.Equal(t, 9, docs[2].Content[0].Line)
	require.Len(t, errs, 2)
	seq := yamlx.Stream(text, func(*yaml.Node) {})
	assert.Equal(t, seq, errs[0], "the first error is the sequential decoder's")
	// The second error is the one a sequential decode reports once the
	// first is mended (on one line, so no line moves).
	mended := bytes.Replace(text, []byte("b: [1,"), []byte("b: [1]"), 1)
	assert.Equal(t, yamlx.Stream(mended, func(*yaml.Node) {}), errs[1])
	// Both are in the lines of the part where they are: the list opened
	// on line 3, the mapping on line 7.
	assert.Contains(t, []int{3, 4}, errs[0].Line)
	assert.Contains(t, []int{7, 8}, errs[1].Line)
}

// TestStreamFallsBack: where Split declines, Stream is yamlx.Stream.
func TestStreamFallsBack(t *testing.T) {
	text := []byte("a: 1\n...\nb: 2\n---\nc: 3\n")
	_, ok := docsplit.Split(text)
	require.False(t, ok)
	var n int
	errs := docsplit.Stream(text, 2, 1<<20, func(*yaml.Node) { n++ })
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1)
	assert.Equal(t, yamlx.Stream(text, func(*yaml.Node) {}), errs[0])
}

// TestGenerated decodes random streams put together from the pieces that
// make splitting hard, both ways.
func TestGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	taken := 0
	const n = 3000
	for range n {
		text := generate(r)
		if checkSame(t, text) {
			taken++
		}
	}
	assert.Greater(t, taken, n/2, "Split took %d of %d streams", taken, n)
}

// pieces are lines and blocks a generated stream is made of.
var pieces = []string{
	"---\n", "--- # c\n", "---\t\n", "--- x\n", "...\n", "... # e\n", "# comment\n", "\n", "  # indented\n",
	"a: 1\n", "b:\n  - 1\n  - 2\n", "c: |\n  x\n  ---\n  ...\n", "c: |+\n  x\n\n", "d: >-\n  y\n   z\n",
	"e: \"q\n  r\"\n", "f: 'p\n\n  q'\n", "g: \"open\n", "h: [1,\n", "i: {j: 1}\n", "k: [1, 2]\n",
	"l: x # lc\n", "m: &a 1\nn: *a\n", "- 1\n- 2\n", "plain\n  more\n", "o: b: c\n", "p:\n\t- 1\n",
	"%YAML 1.2\n", "%TAG !x! tag:x,1:\n", "!x!t 1\n", "q: !!str 1\n", "   - bad\n", "r: \"a\\\n  b\"\n",
	"--\n", "----\n", "s: ---\n", "t: ...\n", "]\n", "}\n", "u: 1\r\n", "v: 'x\n", "'\n",
}

func generate(r *rand.Rand) []byte {
	var b []byte
	if r.IntN(8) == 0 {
		b = append(b, "\uFEFF"...)
	}
	for range r.IntN(12) {
		b = append(b, pieces[r.IntN(len(pieces))]...)
	}
	if r.IntN(4) == 0 && len(b) > 0 {
		b = b[:len(b)-1] // no newline at the end
	}
	if r.IntN(6) == 0 {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	text, ok := prepared(b)
	if !ok {
		return nil
	}
	return text
}

// TestWindow: Each hands over every part in order whatever the window,
// and never holds more than the window (or one part) decoded and waiting.
func TestWindow(t *testing.T) {
	var b []byte
	for i := range 500 {
		b = fmt.Appendf(b, "---\nn: %d\nlist: [%s]\n", i, strings.Repeat("x, ", i%37))
	}
	docs, ok := docsplit.Split(b)
	require.True(t, ok)
	require.Len(t, docs, 500)
	for _, window := range []int{0, 1, 100, 1 << 20} {
		for _, workers := range []int{1, 2, 5} {
			i := 0
			docsplit.Each(b, docs, workers, window, func(d docsplit.Doc, p docsplit.Part) {
				require.Equal(t, docs[i], d)
				require.Nil(t, p.Err)
				require.Len(t, p.Docs, 1)
				assert.Equal(t, strconv.Itoa(i), p.Docs[0].Content[0].Content[1].Value)
				i++
			})
			assert.Equal(t, 500, i)
		}
	}
}

// TestEachStopsOnPanic: a panic in fn does not leave workers behind.
func TestEachStopsOnPanic(t *testing.T) {
	b := []byte(strings.Repeat("---\na: 1\n", 100))
	docs, _ := docsplit.Split(b)
	assert.Panics(t, func() {
		docsplit.Each(b, docs, 4, 1<<20, func(docsplit.Doc, docsplit.Part) { panic("stop") })
	})
}

var _ = errors.Is
var _ = io.EOF

// TestComments measures what the package doc says of comments: inside a
// document they are the sequential decode's, and only documents with a
// comment next to a marker differ. The cases here have comments inside
// documents only.
func TestComments(t *testing.T) {
	defer yamlx.SetQuick(yamlx.SetQuick(false)) // the quick reader keeps no comments
	text := []byte("a: 1 # one\n# head of b\nb:\n  - x # two\n  # foot of x\n---\nc: 1 # three\n# head of d\nd: 2\n---\ne: [1, 2] # four\nf: 3\n")
	want := sequential(text)
	got, ok := split(text, 2, 1<<20)
	require.True(t, ok)
	require.Equal(t, want.comments, got.comments)
	require.Contains(t, got.comments[1], `h"# head of d"`)
	require.Contains(t, got.comments[2], `l"# four"`)
}
