package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree reports the first way a quick-read node differs from yaml.v3's:
// the fields the quick reader promises (see quick.go), with lines moved
// by shift.
func sameTree(q, y *yaml.Node, shift int, path string) string {
	switch {
	case q.Kind != y.Kind:
		return fmt.Sprintf("%s: kind %d, yaml.v3 %d", path, q.Kind, y.Kind)
	case q.Style != y.Style:
		return fmt.Sprintf("%s: style %d, yaml.v3 %d", path, q.Style, y.Style)
	case q.Kind != yaml.DocumentNode && q.ShortTag() != y.ShortTag():
		return fmt.Sprintf("%s: tag %s, yaml.v3 %s", path, q.ShortTag(), y.ShortTag())
	case (q.Tag == "!!null") != (y.Tag == "!!null"):
		return fmt.Sprintf("%s: tag %q, yaml.v3 %q", path, q.Tag, y.Tag)
	case q.Kind != yaml.ScalarNode && q.Tag != y.Tag:
		return fmt.Sprintf("%s: tag %q, yaml.v3 %q", path, q.Tag, y.Tag)
	case q.Value != y.Value || q.Anchor != y.Anchor || q.Alias != nil:
		return fmt.Sprintf("%s: value %q, yaml.v3 %q", path, q.Value, y.Value)
	case q.Line != y.Line+shift || q.Column != y.Column:
		return fmt.Sprintf("%s (%q): at %d:%d, yaml.v3 %d:%d", path, q.Value, q.Line, q.Column, y.Line+shift, y.Column)
	case len(q.Content) != len(y.Content):
		return fmt.Sprintf("%s: %d children, yaml.v3 %d", path, len(q.Content), len(y.Content))
	}
	for i := range q.Content {
		if d := sameTree(q.Content[i], y.Content[i], shift, fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkQuick reads data with Quick and, where it accepts, with yaml.v3,
// and fails on any difference. It returns whether Quick accepted.
func checkQuick(t testing.TB, data []byte) bool {
	t.Helper()
	text, bad := Prepare(append([]byte(nil), data...))
	if bad != nil {
		return false
	}
	const first = 5
	docs, ok := Quick(text, first)
	if !ok {
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var want []*yaml.Node
	for {
		n := new(yaml.Node)
		err := Decode(dec, n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("quick read %q, yaml.v3 fails: %v", text, err)
		}
		want = append(want, n)
	}
	if len(docs) != len(want) {
		t.Fatalf("quick read %d documents of %q, yaml.v3 %d", len(docs), text, len(want))
	}
	for i := range docs {
		if d := sameTree(docs[i], want[i], first-1, fmt.Sprintf("doc %d", i)); d != "" {
			t.Fatalf("%q: %s", text, d)
		}
	}
	return true
}

func failOnBug(t testing.TB) {
	quickBug = func(r any) { t.Fatalf("the quick reader panicked: %v", r) }
	t.Cleanup(func() { quickBug = func(any) {} })
}

// quickAccepts are streams in the subset: the quick reader must read
// them, and read them as yaml.v3 does.
var quickAccepts = []string{
	"a: 1\n",
	"a: 1",
	"\n\n  a: 1\n",
	"---\na: 1\n",
	"# head\n---\n\na: [x]\n---\nb: {x: 1, y: 2}\n",
	"--- # first\na: 1\n---   \nb: 2\n",
	"a:\n- x\n- y: 1\n  z: 2\n",
	"a: 1\na: 2\n",
	"- a: 亭湖 区\n  b: 中文值 x\n  c: 二〇二五年6月 #注\n",
	"a:\nb: 1\n",
	"a: ~\nb: null\nc: Null\nd: NULL\nnull: 1\n",
	"a: 1 # one\nb: x#y\n# c\n  # indented comment\nc: 3\n",
	"district: tinghu\r\ndate: 2025-06-30\r\nrecords:\r\n  - {target: neighbourhoods-renovated, value: 14}\r\n",
	"district: tinghu\ndate: 2025-06-30\nsource: 亭湖区住建局 2025年6月报\nrecords:\n  - target: neighbourhoods-renovated\n    value: 14\n  - target: property-coverage\n    numerator: 38\n    denominator: 45\n  - target: low-efficiency-land\n    value: 18.5\n    unit: 亩\n    note: 含2处待公示\n",
	"records: []\nx: {}\n",
	"records:\n  - {target: a,value: 1}\n  - { target: b , value: -2.5 }\n  - {target: c, value: +3}\n  - {target: d, value: .5}\n",
	"a: [1, 2,3]\nb: [x y, z]\n",
	"a: ' q '\nb: \"%\"\nc: ''\nd: \"\"\ne: \"亭湖 # 区\" # c\nf: {unit: \"%\", v: '1,200.5'}\ng: [\"a\", 'b']\n",
	"districts: [{id: a, name: 甲区}, {id: b, name: 乙区}]\nperiod: {start: 2025-01-01, end: [x, {y: z}]}\n",
	"- [[1, 2], [], {}]\n",
	"a: {b: {c: 1}}\n",
	"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
	"a: true\nb: yes\nc: 0x1F\nd: 1_000\ne: 1e3\nf: 2025-13-45\ng: 2025-06-30\n",
	"- 1\n- 2\n",
	"hello world\n",
	"{a: 1}\n",
	"a: b:c\nd: e,f[g]{h}\n",
}

// quickDeclines are streams outside the subset (some valid YAML, some
// not): the quick reader must leave them to yaml.v3.
var quickDeclines = []string{
	"",
	"# only a comment\n",
	"a: 'it''s'\n",
	"a: \"q\\n\"\n",
	"a: \"q\n  r\"\n",
	"a: 'q'#c\n",
	"\"a\": 1\n",
	"a: {\"b\": 1}\n",
	"a: \"q\": 1\n",
	"a: x'y\n",
	"a: |\n  x\n",
	"a: >\n  x\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"a: b\n  c\n",
	"a:\n\tb: 1\n",
	"a: 1\n...\n",
	"%YAML 1.1\n---\na: 1\n",
	"a: 1\n---\n",
	"---\n---\na: 1\n",
	"a: [1,\n 2]\n",
	"a: {x: }\n",
	"a: {x: 1,}\n",
	"a: [1, ]\n",
	"a:  \nb: 1\n",
	"a: # c\nb: 1\n",
	"a: b: c\n",
	"- - x\n",
	"-\n  x\n",
	"? a\n: b\n",
	"a:\n  b\n",
	"a: 1\n b: 2\n",
	"  a: 1\nb: 2\n",
	"a: -x\n",
	"a: x\r\n\rb: y\n",
	"--- a: 1\n",
	"a: {b: {c: 1},}\n",
	"a: [[1], ]\n",
	"a: [{b: 1}\n",
	"a: 1 #c\n  b: 2\n",
	"- 区: 亭湖\n",
	"a: x:\n",
	"x: " + strings.Repeat("k", 10) + "\n" + strings.Repeat("a"+strings.Repeat("b", 70)+": 1\n", 1),
}

func TestQuickAccepts(t *testing.T) {
	failOnBug(t)
	for _, s := range quickAccepts {
		if !checkQuick(t, []byte(s)) {
			t.Errorf("declined %q, which is in the subset", s)
		}
	}
}

func TestQuickDeclines(t *testing.T) {
	failOnBug(t)
	for _, s := range quickDeclines {
		if checkQuick(t, []byte(s)) {
			t.Errorf("read %q, which is outside the subset", s)
		}
	}
}

// TestQuickCorpus: every YAML file of the repository's test corpora and
// of the shared conformance cases, and each with its documents' lines cut
// and shuffled, reads as yaml.v3 reads it wherever the quick reader
// takes it; and it takes most of the valid ones.
func TestQuickCorpus(t *testing.T) {
	failOnBug(t)
	var files []string
	for _, root := range []string{"../../testdata", "../../data", "../../../shared/conformance"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 50 {
		t.Fatalf("found %d corpus files; is the test run from its package folder?", len(files))
	}
	read, valid := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkQuick(t, data) {
			read++
		}
		if strings.Contains(f, "/valid/") {
			valid++
		}
		// Every prefix of whole lines, too: documents cut short.
		lines := bytes.SplitAfter(data, []byte("\n"))
		for i := 1; i < len(lines) && i < 200; i += 3 {
			checkQuick(t, bytes.Join(lines[:i], nil))
		}
	}
	t.Logf("the quick reader read %d of %d corpus files", read, len(files))
	if read < len(files)/4 {
		t.Errorf("the quick reader read %d of %d corpus files; want a quarter at least", read, len(files))
	}
}

func FuzzQuick(f *testing.F) {
	for _, s := range quickAccepts {
		f.Add([]byte(s))
	}
	for _, s := range quickDeclines {
		f.Add([]byte(s))
	}
	for _, s := range quickStreams {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		failOnBug(t)
		checkQuick(t, data)
		checkStream(t, data, "records", 2)
	})
}

// assembler is a Walker that puts each streamed list's items back into it,
// so that a streamed read can be compared with Quick's.
type assembler struct {
	t       testing.TB
	key     string
	docs    []*yaml.Node
	open    bool
	batches int
	batch   int
}

func (a *assembler) Document(doc *yaml.Node) {
	if a.open {
		a.t.Fatal("Document before the last one's End")
	}
	// What Walker promises: each list under key in the root mapping
	// comes empty, its items to Items. A list handed over full is lost
	// to a walker that waits for Items.
	if root := doc.Content[0]; root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == a.key && v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
				a.t.Fatalf("the list under %q at %d:%d came with its %d items in place, not to Items", a.key, v.Line, v.Column, len(v.Content))
			}
		}
	}
	a.docs, a.open = append(a.docs, doc), true
}

func (a *assembler) Items(list *yaml.Node, items []*yaml.Node) {
	if !a.open || len(items) == 0 || len(items) > a.batch {
		a.t.Fatalf("Items outside a document, or a batch of %d (batch %d)", len(items), a.batch)
	}
	list.Content = append(list.Content, items...)
	a.batches++
}

func (a *assembler) End() { a.open = false }

// checkStream reads data with QuickStream under key, in batches of batch,
// and checks it is what Quick reads, once the lists are put together.
func checkStream(t testing.TB, data []byte, key string, batch int) {
	t.Helper()
	text, bad := Prepare(append([]byte(nil), data...))
	if bad != nil {
		return
	}
	want, ok := Quick(text, 3)
	a := &assembler{t: t, key: key, batch: batch}
	if got := QuickStream(text, 3, key, batch, a); got != ok {
		t.Fatalf("QuickStream says %v, Quick %v, for %q", got, ok, text)
	}
	if !ok {
		if len(a.docs) > 0 {
			t.Fatalf("QuickStream declined %q after handing over %d documents", text, len(a.docs))
		}
		return
	}
	if a.open || len(a.docs) != len(want) {
		t.Fatalf("QuickStream gave %d documents of %q (last ended: %v), Quick %d", len(a.docs), text, !a.open, len(want))
	}
	for i := range want {
		if d := sameTree(a.docs[i], want[i], 0, fmt.Sprintf("doc %d", i)); d != "" {
			t.Fatalf("%q streamed under %q: %s", text, key, d)
		}
	}
}

// TestQuickStream: streamed under any key, in batches of 1, 2 and 100,
// every stream reads as Quick reads it, and every list under the key
// comes to Items: a block list of five items in three batches of at most
// two, a one-line flow list of three in two, and the flow list of a
// document written as one flow mapping in two.
func TestQuickStream(t *testing.T) {
	failOnBug(t)
	for _, s := range append(append(quickAccepts, quickStreams...), quickDeclines...) {
		for _, key := range []string{"records", "a", "b"} {
			for _, batch := range []int{1, 2, 100} {
				checkStream(t, []byte(s), key, batch)
			}
		}
	}
	text := []byte("records:\n- 1\n- {a: 2}\n- b: 3\n  c: 4\n- x\n- y\ndate: 2025-06-30\n---\nrecords: [1, {a: 2}, [3]]\n---\n{source: x, records: [{a: 1}, {b: 2}, 3], date: y}\n")
	a := &assembler{t: t, key: "records", batch: 2}
	if !QuickStream(text, 1, "records", 2, a) {
		t.Fatal("declined")
	}
	lens := []int{}
	for _, doc := range a.docs {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "records" {
				lens = append(lens, len(m.Content[i+1].Content))
			}
		}
	}
	if a.batches != 3+2+2 || fmt.Sprint(lens) != "[5 3 3]" {
		t.Errorf("%d batches, lists of %v; want 7 batches (2+2+1, 2+1, 2+1) and lists of 5, 3 and 3 items", a.batches, lens)
	}
	checkStream(t, text, "records", 2)
}

// quickStreams are streams whose lists under "records" QuickStream hands
// over a batch at a time: block and flow lists, in block mappings and in
// documents written as one flow mapping. (A list under the key deeper
// down is not the document's records list and comes whole.)
var quickStreams = []string{
	"records: [1, 2, 3]\n",
	"records: [ {target: a, value: 1} , {target: b, value: 2}]\nrecords: [x]\n",
	"date: 2025-06-30\nrecords: [{target: 亭湖, value: 1}, {target: b, note: \"x, y\"}]\nsource: z\n",
	"{records: [1, [2, 3], {a: [4]}]}\n",
	"{source: x, records: [a], date: y, b: {records: [1, 2]}}\n",
	"{records: []}\n",
	"{records: {a: [1]}, b: [records]}\n",
	"- {records: [1, 2]}\n",
	"records: [1]\n---\n{records: [2, 3]}\n---\nrecords:\n  - 4\n",
	"a: [1, 2]\nb: {c: [3]}\n",
}
