package renewal

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/citybureau/renewal/internal/yamlx"
	"gopkg.in/yaml.v3"
)

// Addition is records to add to a progress file: one `---` document of
// entries from one source, and the place it will take.
type Addition struct {
	// File names the file the document goes to as a load names it (for a
	// directory load, the directory joined with the file's path in it).
	File string
	// Line is the line the document's "---" takes in the file: 1 for a new
	// or empty file. Positions of new records count from it.
	Line int
	// Source is the document's source: who reported.
	Source  string
	Entries []Entry
}

// Document returns the addition as the canonical YAML document of a
// progress file: "---", the source, and the records, each with its target, district
// and date written out, one key a line in the order of the format. It also
// returns each entry's position in File once the document starts at
// Line. Text that YAML might read as something else (null, true, a
// colon, a quote) is double-quoted; a figure is written as its text.
func (a *Addition) Document() ([]byte, []Position) {
	line := max(a.Line, 1)
	b := []byte("---\n")
	line++
	if a.Source != "" {
		b = appendField(b, "", "source", quoteText(a.Source))
		line++
	}
	if len(a.Entries) == 0 {
		return append(b, "records: []\n"...), nil
	}
	b = append(b, "records:\n"...)
	line++
	at := make([]Position, len(a.Entries))
	for i, e := range a.Entries {
		at[i] = Position{File: a.File, Line: line, Column: 5}
		b = appendField(b, "  - ", "target", quoteText(e.Target))
		line++
		field := func(key, v string) {
			b = appendField(b, "    ", key, v)
			line++
		}
		if e.District != "" {
			field("district", quoteText(e.District))
		}
		if !e.Date.IsZero() {
			field("date", e.Date.String())
		}
		for _, f := range [...]struct{ key, v string }{{"value", e.Value}, {"numerator", e.Numerator}, {"denominator", e.Denominator}} {
			if f.v != "" {
				field(f.key, quoteFigure(f.v))
			}
		}
		if !e.Done.IsZero() {
			field("done", e.Done.String())
		}
		for _, f := range [...]struct{ key, v string }{{"unit", e.Unit}, {"note", e.Note}, {"correction", e.Correction}} {
			if f.v != "" {
				field(f.key, quoteText(f.v))
			}
		}
	}
	return b, at
}

func appendField(b []byte, indent, key, v string) []byte {
	b = append(b, indent...)
	b = append(b, key...)
	b = append(b, ": "...)
	b = append(b, v...)
	return append(b, '\n')
}

// plainFigure is a figure YAML reads as the same text unquoted.
var plainFigure = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func quoteFigure(s string) string {
	if plainFigure.MatchString(s) {
		return s
	}
	return quote(s)
}

// yamlWords are plain scalars YAML (1.1 or 1.2) resolves to null or a
// boolean; written plain, an id such as "no" would not be read as text.
var yamlWords = map[string]bool{"null": true, "true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}

// quoteText returns s plain when it is made of letters, marks, digits,
// "-", "_" and "." and begins with a letter or digit (every identifier,
// and most names and notes), else double-quoted.
func quoteText(s string) string {
	if s == "" || yamlWords[strings.ToLower(s)] {
		return quote(s)
	}
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !word && (i == 0 || !unicode.IsMark(r) && r != '-' && r != '_' && r != '.') {
			return quote(s)
		}
	}
	return s
}

// quote double-quotes s for YAML, escaping only the quote, the backslash
// and line breaks (which a quoted scalar would fold into spaces). Other
// characters are written as they are, so that the loader's own checks of
// the bytes (UTF-8, control characters) apply to them.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\u2028':
			b.WriteString(`\L`)
		case '\u2029':
			b.WriteString(`\P`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Check returns every problem that a load would raise for the addition,
// were its document appended to File: the record checks of a progress file on
// each entry (an unknown target or district, with a did-you-mean; the
// fields of the target's kind; units; dates in the period), and, against
// the records already in the ledger, a conflict (an error naming the
// record it conflicts with, unless the entry is a correction), a
// duplicate and a fall of an at_least count (warnings). Problems that an
// earlier record already had are not repeated. An addition with no
// entries is an error.
func (l *Ledger) Check(a Addition) Problems {
	_, probs := l.With(a)
	return probs
}

// With returns a new ledger holding l's records and the addition's, as a
// load of the files with the addition appended would (its good entries,
// resolved with the others by the rules of which record counts), and the problems of
// Check. It reads no file: the new records are placed in load order after
// the records of File, or, for a file the ledger has not read, where File
// sorts among the files it has (as in a directory load). l is not
// changed, and stays safe to share.
func (l *Ledger) With(a Addition) (*Ledger, Problems) {
	line := max(a.Line, 1)
	if len(a.Entries) == 0 {
		return l, Problems{{Position: Position{File: a.File, Line: line, Column: 1}, Class: ErrField, Message: "nothing to add: the addition has no records"}}
	}
	text, _ := a.Document()
	d := &decoder{file: a.File, hints: newIDHints(l.plan)}
	var b recBatch
	if _, bad := yamlx.Prepare(text); bad != nil {
		return l, Problems{{Position: Position{File: a.File, Line: bad.Line + line - 1, Column: bad.Column}, Class: ErrSyntax, Message: bad.Message}}
	}
	(&Loader{}).documents(d, text, progressWhat, func(doc *yaml.Node) { d.progressDocument(l.plan, doc, &b) })
	dprobs := d.probs.problems()
	for i := range dprobs {
		dprobs[i].Line += line - 1
	}
	for _, c := range b.recs {
		for i := range c {
			c[i].line += int32(line - 1)
		}
	}
	sortProblems(dprobs)
	n := l.with(a.File, &b)
	oldRules, newRules := l.ruleList(), n.ruleList()
	probs := append(dprobs, minus(newRules, oldRules)...)
	n.warnings = append(minus(l.warnings, oldRules.Warnings()), dprobs.Warnings()...)
	n.warnings = append(n.warnings, newRules.Warnings()...)
	sortLoadOrder(n.warnings, n.fileOrder())
	n.errors = append(minus(l.errors, oldRules.Errors()), dprobs.Errors()...)
	n.errors = append(n.errors, newRules.Errors()...)
	sortLoadOrder(n.errors, n.fileOrder())
	return n, probs
}

// with returns a new ledger of l's records and b's, which come from file,
// indexed afresh.
func (l *Ledger) with(file string, b *recBatch) *Ledger {
	n := newLedger(l.plan)
	// Rebase b's indexes onto copies of l's tables, as a load's merge does.
	scratch := &Ledger{docs: slices.Clone(l.docs), bigs: slices.Clone(l.bigs), exts: slices.Clone(l.exts)}
	scratch.merge(b)
	n.docs, n.bigs, n.exts = scratch.docs, scratch.bigs, scratch.exts
	n.files = l.placeFile(file)
	rank := map[string]int{}
	for i, f := range n.files {
		rank[f] = i
	}
	// Copy l's records, b's in their place in load order, with the marks
	// of l's index cleared: n's index resolves every slot again.
	gone := 0
	added := false
	addNew := func() {
		scratch.recs.all(func(_ int32, r *rec) bool {
			n.recs.push(*r)
			return true
		})
		added = true
	}
	l.recs.all(func(_ int32, r *rec) bool {
		if !added && rank[l.docs[r.doc].file] > rank[file] {
			addNew()
		}
		c := *r
		if c.gone {
			gone++
			c.gone = false
		}
		n.recs.push(c)
		return true
	})
	if !added {
		addNew()
	}
	n.stats = l.stats
	if len(n.files) > len(l.files) {
		n.stats.Files++
	}
	n.stats.Entries += b.entries
	// l's index dropped gone records: Duplicates and Replaced, and the
	// rest were rejected as conflicts. n's index counts them again.
	n.stats.Rejected += b.bad - (gone - l.stats.Duplicates - l.stats.Replaced)
	n.stats.Duplicates, n.stats.Replaced = 0, 0
	n.index()
	n.stats.Records = n.stats.Entries - n.stats.Rejected - n.stats.Duplicates - n.stats.Replaced
	return n
}

// push appends one record.
func (s *recStore) push(r rec) {
	n := len(s.chunks)
	if n == 0 || len(s.chunks[n-1]) == chunkSize {
		s.chunks = append(s.chunks, make([]rec, 0, chunkSize))
		n++
	}
	s.chunks[n-1] = append(s.chunks[n-1], r)
}

// placeFile returns l's files in load order with file among them: where
// it is, or where it sorts.
func (l *Ledger) placeFile(file string) []string {
	if slices.Contains(l.files, file) {
		return l.files
	}
	key := filepath.ToSlash(file)
	i := 0
	for i < len(l.files) && filepath.ToSlash(l.files[i]) < key {
		i++
	}
	return slices.Insert(slices.Clone(l.files), i, file)
}

func (l *Ledger) fileOrder() []source {
	srcs := make([]source, len(l.files))
	for i, f := range l.files {
		srcs[i].name = f
	}
	return srcs
}

// ruleList returns the problems of the ledger's index, laid out.
func (l *Ledger) ruleList() Problems { return expand(slices.Clone(l.rules)) }

// minus returns the problems of a that are not in b, counting repeats.
func minus(a, b Problems) Problems {
	left := make(map[Problem]int, len(b))
	for _, p := range b {
		left[p]++
	}
	var out Problems
	for _, p := range a {
		if left[p] > 0 {
			left[p]--
			continue
		}
		out = append(out, p)
	}
	return out
}

// didYouMean returns "; did you mean "x"?" for the known id closest to
// id, when there is one.
func didYouMean[T any](id string, known map[string]T) string {
	ids := make([]string, 0, len(known))
	for k := range known {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	if guess := closest(id, ids); guess != "" {
		return fmt.Sprintf("; did you mean %q?", guess)
	}
	return ""
}
