package renewal

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/citybureau/renewal/internal/yamlx"
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
	b := []byte("---\n")
	var at []Position
	if len(a.Entries) > 0 {
		at = make([]Position, len(a.Entries))
	}
	a.lay(func(l laid) {
		switch {
		case l.key == "records" && len(a.Entries) == 0:
			b = append(b, "records: []\n"...)
		case l.key == "records":
			b = append(b, "records:\n"...)
		case l.entry < 0:
			b = appendField(b, "", l.key, l.v)
		case l.k == rTarget:
			at[l.entry] = Position{File: a.File, Line: l.line, Column: entryColumn}
			b = appendField(b, "  - ", l.key, l.v)
		default:
			b = appendField(b, "    ", l.key, l.v)
		}
	})
	return b, at
}

// laid is one line of an addition's document: a key and its value as
// written, on line, for entry (-1 for the document's head) and its field
// k (an r constant); text is the field's value as a load reads it back.
type laid struct {
	entry, k     int
	key, v, text string
	line         int
}

// entryColumn is where an addition's records and their keys start.
const entryColumn = 5

// lay walks the lines of the addition's document after its "---", in
// order; Document writes them and With places the entries' fields by
// them, so that the two agree.
func (a *Addition) lay(fn func(laid)) {
	line := max(a.Line, 1) + 1
	if a.Source != "" {
		fn(laid{entry: -1, k: -1, key: "source", v: quoteText(a.Source), line: line})
		line++
	}
	fn(laid{entry: -1, k: -1, key: "records", line: line})
	line++
	for i := range a.Entries {
		for k, text := range a.Entries[i].texts() {
			if text == "" && k != rTarget {
				continue // a field not given; a record always names its target
			}
			fn(laid{entry: i, k: k, key: recordKeys[k], v: quoteField(k, text), text: text, line: line})
			line++
		}
	}
}

// texts returns e's fields as text, by record key (rTarget …): ids and
// figures as written, dates as YYYY-MM-DD, "" for a field not given.
func (e *Entry) texts() [nRecordKeys]string {
	return [nRecordKeys]string{
		rTarget: e.Target, rDistrict: e.District, rDate: dateText(e.Date),
		rValue: e.Value, rNumerator: e.Numerator, rDenominator: e.Denominator,
		rDone: dateText(e.Done), rUnit: e.Unit, rNote: e.Note, rCorrection: e.Correction,
	}
}

// quoteField writes the text of field k as a YAML value: a date as it
// is, a figure or text quoted where YAML would read it otherwise.
func quoteField(k int, text string) string {
	switch k {
	case rDate, rDone:
		return text
	case rValue, rNumerator, rDenominator:
		return quoteFigure(text)
	}
	return quoteText(text)
}

func dateText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
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
		return l, Problems{newProblem(Position{File: a.File, Line: line, Column: 1}, Error, ErrField, CodeNothingToAdd)}
	}
	items, bad := a.items()
	if bad != nil {
		return l, Problems{*bad}
	}
	d := &decoder{file: a.File, hints: newIDHints(l.plan)}
	b := recBatch{docs: []docInfo{{file: a.File, source: a.Source}}}
	def := &docDefaults{}
	if src := (field{text: a.Source, line: int32(line + 1), col: int32(1 + len("source: ")), state: given}); a.Source != "" {
		d.fitField(&src, "source")
		b.docs[0].source = src.text
	}
	for i := range items {
		b.entries++
		before := d.probs.n
		for k := range items[i].f {
			d.fitField(&items[i].f[k], recordKeys[k])
		}
		r, good, _, _ := d.checkRecord(l.plan, &items[i], &b, def)
		if !good || d.probs.n > before {
			b.bad++
			continue
		}
		b.addRec(r)
	}
	dprobs := d.probs.problems()
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

// items returns the addition's entries with the positions their fields
// take in its document, or the problem of the first character that the
// file could not hold (as a load of the file would stop at it).
func (a *Addition) items() ([]item, *Problem) {
	items := make([]item, len(a.Entries))
	var bad *Problem
	a.lay(func(l laid) {
		if bad != nil || l.key == "records" {
			return
		}
		col := entryColumn + len(l.key) + len(": ")
		if l.entry < 0 {
			col = 1 + len(l.key) + len(": ")
		}
		if _, err := yamlx.Prepare([]byte(l.v)); err != nil {
			p := problemAs(Position{File: a.File, Line: l.line + err.Line - 1, Column: col + err.Column - 1}, Error, ErrSyntax, CodeYamlSyntax, err.Message)
			bad = &p
			return
		}
		if l.entry < 0 {
			return
		}
		it := &items[l.entry]
		if l.k == rTarget {
			it.line, it.col, it.keysOK = int32(l.line), entryColumn, true
		}
		it.f[l.k] = field{text: l.text, line: int32(l.line), col: int32(col), state: given}
	})
	return items, bad
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
