package renewal

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/yamlx"
)

// decoder walks one file's node trees, turning nodes into values and every
// fault into a Problem with the node's position. Its methods report and
// return ok=false; they never stop the walk.
type decoder struct {
	file  string
	sheet string // the sheet of a workbook's documents, else ""
	lim   Limits
	probs problemList
	// read: the records are read as written (ReadEntries), not checked.
	read bool
	// scratch holds a record's fields, so that reading one allocates
	// nothing of its own.
	scratch [16]*yaml.Node
	// item and entry are the record being read and checked, reused.
	item  item
	entry entry
	// slots is the progress load's table of allocations; see slotTable.
	slots [][]int32
	// hints finds the id an unknown one was meant to be; nil for none.
	hints *idHints
	// recWarnings counts the warnings a record's checks gave (see
	// fractionHint), which do not keep the record out as an error does.
	recWarnings int
}

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: max(n.Line, 1), Column: max(n.Column, 1), Sheet: d.sheet}
}

func (d *decoder) add(n *yaml.Node, sev Severity, class error, code Code, args ...any) {
	d.probs.add(newProblem(d.pos(n), sev, class, code, args...))
}

func (d *decoder) errorAt(pos Position, class error, code Code, args ...any) {
	d.probs.add(newProblem(pos, Error, class, code, args...))
}

func (d *decoder) errorf(n *yaml.Node, class error, code Code, args ...any) {
	d.add(n, Error, class, code, args...)
}

// warnAt reports a warning at pos. (Its message is left as rendered: a
// warning quotes no input that could break a line.)
func (d *decoder) warnAt(pos Position, class error, code Code, args ...any) {
	d.probs.add(problemAs(pos, Warning, class, code, args...))
}

// banned reports a feature the formats ban (an anchor, alias or tag) on
// n itself.
func (d *decoder) banned(n *yaml.Node) bool {
	if msg := yamlx.Banned(n); msg != "" {
		d.errorf(n, ErrSyntax, CodeYamlFeature, msg)
		return true
	}
	return false
}

// fields checks that n is a mapping whose keys are all in known, each at
// most once, and returns the value nodes in the order of known (nil where
// a key is absent). what names the mapping for messages ("record").
func (d *decoder) fields(n *yaml.Node, what string, known []string) ([]*yaml.Node, bool) {
	return d.fieldsInto(n, what, known, nil)
}

// fieldsInto is fields that returns the value nodes in vals, when it has
// room for them, instead of a new slice.
func (d *decoder) fieldsInto(n *yaml.Node, what string, known []string, vals []*yaml.Node) ([]*yaml.Node, bool) {
	if d.banned(n) {
		return nil, false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, ErrField, CodeNotAMapping, what, yamlx.KindName(n), keyList(known))
		return nil, false
	}
	if len(n.Content)/2 > d.lim.mappingKeys() {
		d.errorf(n, ErrSyntax, CodeTooManyKeys, what, len(n.Content)/2, d.lim.mappingKeys())
		return nil, false
	}
	if len(vals) == len(known) {
		clear(vals)
	} else {
		vals = make([]*yaml.Node, len(known))
	}
	ok := true
	var last *yaml.Node // the value of the last key read
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if pieces := splitFigure(n, last, i); pieces > 0 {
			figure := last.Value
			for p := range pieces {
				figure += "," + n.Content[i+2*p].Value
			}
			d.errorf(last, ErrValue, CodeFigureWasSplitComma, figure, last.Value, keyNames(n, i, pieces), figure)
			ok = false
			i += 2 * (pieces - 1)
			last = nil
			continue
		}
		last = nil
		if d.banned(k) {
			ok = false
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, ErrField, CodeKeyNotPlain, what, yamlx.KindName(k))
			ok = false
			continue
		}
		j := indexOf(known, k.Value)
		switch {
		case j < 0:
			if guess := closest(k.Value, known); guess != "" {
				d.errorf(k, ErrField, CodeUnknownKeyDidYouMean, figure.Shorten(k.Value), what, guess, keyList(known))
			} else {
				d.errorf(k, ErrField, CodeUnknownKey, figure.Shorten(k.Value), what, keyList(known))
			}
			ok = false
		case vals[j] != nil:
			d.errorf(k, ErrSyntax, CodeDuplicateKey, k.Value, what, vals[j].Line)
			ok = false
		default:
			vals[j] = v
			last = v
		}
	}
	return vals, ok
}

// splitFigure returns how many keys, from the one at n.Content[i], are the
// rest of a figure such as 1,200.5 that a flow mapping split at its
// commas after the value last ({value: 1,200.5} reads as value: 1 and a
// key 200.5 with no value), or 0. Each piece is three digits, the last
// perhaps with a fraction or '%', on last's line, with no value.
func splitFigure(n *yaml.Node, last *yaml.Node, i int) int {
	if last == nil || n.Style&yaml.FlowStyle == 0 || last.Kind != yaml.ScalarNode || last.Style != 0 || !leadDigitsRE.MatchString(last.Value) {
		return 0
	}
	pieces := 0
	for ; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Style != 0 || k.Line != last.Line || v.Kind != yaml.ScalarNode || v.Tag != "!!null" || v.Value != "" {
			break
		}
		if groupRE.MatchString(k.Value) {
			pieces++
			continue
		}
		if lastGroupRE.MatchString(k.Value) {
			pieces++
		}
		break
	}
	return pieces
}

var (
	leadDigitsRE = regexp.MustCompile(`^[+-]?[0-9]{1,3}$`)
	groupRE      = regexp.MustCompile(`^[0-9]{3}$`)
	lastGroupRE  = regexp.MustCompile(`^[0-9]{3}(\.[0-9]+)?%?$`)
)

// keyNames quotes the keys n.Content[i], [i+2], … of a split figure.
func keyNames(n *yaml.Node, i, pieces int) string {
	names := make([]string, pieces)
	for p := range pieces {
		names[p] = fmt.Sprintf("%q", n.Content[i+2*p].Value)
	}
	return strings.Join(names, " and ")
}

// pairs checks that n is a mapping with scalar keys, each at most once,
// and returns its key and value nodes; used where keys are identifiers.
func (d *decoder) pairs(n *yaml.Node, what, want string) (keys, vals []*yaml.Node, ok bool) {
	if d.banned(n) {
		return nil, nil, false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, ErrField, CodeWrongShape, what, yamlx.KindName(n), want)
		return nil, nil, false
	}
	if len(n.Content)/2 > d.lim.mappingKeys() {
		d.errorf(n, ErrSyntax, CodeTooManyKeys, what, len(n.Content)/2, d.lim.mappingKeys())
		return nil, nil, false
	}
	seen := make(map[string]int, len(n.Content)/2)
	ok = true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		s, kok := d.scalar(k, "a key of "+what)
		if !kok {
			ok = false
			continue
		}
		if line, dup := seen[s]; dup {
			d.errorf(k, ErrSyntax, CodeDuplicateKey, shorten(s), what, line)
			ok = false
			continue
		}
		seen[s] = k.Line
		keys = append(keys, k)
		vals = append(vals, v)
	}
	return keys, vals, ok
}

// list checks that n is a sequence and returns its items.
func (d *decoder) list(n *yaml.Node, what, want string) ([]*yaml.Node, bool) {
	if d.banned(n) {
		return nil, false
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, ErrField, CodeNotAList, what, yamlx.KindName(n), want)
		return nil, false
	}
	return n.Content, true
}

// scalar returns the text of a non-empty single value.
func (d *decoder) scalar(n *yaml.Node, what string) (string, bool) {
	return d.scalarWant(n, what, "a single value")
}

// scalarWant is scalar with what is wanted spelled out for messages, such
// as "a figure such as 12 or 12.5".
func (d *decoder) scalarWant(n *yaml.Node, what, want string) (string, bool) {
	if d.banned(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, ErrField, CodeWrongShape, what, yamlx.KindName(n), want)
		return "", false
	}
	if len(n.Value) > d.lim.scalarBytes() {
		d.errorf(n, ErrSyntax, CodeValueTooLong, what, len(n.Value), d.lim.scalarBytes())
		return "", false
	}
	if n.Tag == "!!null" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
		if n.Value == "" {
			d.errorf(n, ErrField, CodeEmptyValue, what, want)
		} else {
			d.errorf(n, ErrValue, CodeYamlNull, what, n.Value, want)
		}
		return "", false
	}
	return n.Value, true
}

// text returns a free-text value such as a name or note.
func (d *decoder) text(n *yaml.Node, what string) (string, bool) {
	s, ok := d.scalar(n, what)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(n, ErrValue, CodeBlankText, what)
		return "", false
	}
	return s, ok
}

var identRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ref returns the text of a reference to an identifier, checked later
// against the declarations.
func (d *decoder) ref(n *yaml.Node, what string) (string, bool) {
	return d.scalar(n, what)
}

// figure returns a decimal figure. With inPercent, a figure written
// without "%" is read in percent too, as for a target whose unit is "%".
func (d *decoder) figure(n *yaml.Node, what string, inPercent bool) (decimal.Decimal, bool) {
	s, ok := d.scalarWant(n, what, "a figure such as 12, 12.5 or 85%")
	if !ok {
		return decimal.Decimal{}, false
	}
	v, pct, err := figure.Parse(s)
	if err != nil {
		d.errorf(n, ErrValue, CodeMalformedValue, what, err)
		return decimal.Decimal{}, false
	}
	if inPercent && !pct {
		v = v.Shift(-2)
	}
	return v, true
}

// date returns a YYYY-MM-DD date, read from the scalar's text.
func (d *decoder) date(n *yaml.Node, what string) (Date, bool) {
	s, ok := d.scalarWant(n, what, "a date such as 2025-06-30")
	if !ok {
		return Date{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		d.errorf(n, ErrValue, CodeMalformedValue, what, err)
		return Date{}, false
	}
	return t, true
}

// root returns the single top-level node of a document, or reports an
// empty document.
func (d *decoder) root(doc *yaml.Node, what string) (*yaml.Node, bool) {
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" && doc.Content[0].Value == "") {
		// At the document's start (its ---): yaml.v3 places an empty
		// document's null at the next token, which may be past the end of
		// the file.
		d.errorf(doc, ErrSyntax, CodeEmptyDocument, what)
		return nil, false
	}
	return doc.Content[0], true
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func keyList(keys []string) string {
	return strings.Join(keys, ", ")
}

func shorten(s string) string { return figure.Shorten(s) }

// closest returns the known key within two edits of key, or "".
func closest(key string, known []string) string {
	if len(key) > 40 {
		return ""
	}
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance([]byte(key), []byte(k)); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short strings,
// counting a swap of neighbours as one edit.
func editDistance[T comparable](a, b []T) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
