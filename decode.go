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
	lim   Limits
	probs Problems
}

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: max(n.Line, 1), Column: max(n.Column, 1)}
}

func (d *decoder) add(n *yaml.Node, sev Severity, class error, format string, args ...any) {
	d.probs = append(d.probs, Problem{Position: d.pos(n), Severity: sev, Class: class, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) errorAt(pos Position, class error, format string, args ...any) {
	d.probs = append(d.probs, Problem{Position: pos, Severity: Error, Class: class, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) errorf(n *yaml.Node, class error, format string, args ...any) {
	d.add(n, Error, class, format, args...)
}

func (d *decoder) warnf(n *yaml.Node, class error, format string, args ...any) {
	d.add(n, Warning, class, format, args...)
}

// banned reports a SPEC-banned feature on n itself.
func (d *decoder) banned(n *yaml.Node) bool {
	if msg := yamlx.Banned(n); msg != "" {
		d.errorf(n, ErrSyntax, "%s", msg)
		return true
	}
	return false
}

// fields checks that n is a mapping whose keys are all in known, each at
// most once, and returns the value nodes in the order of known (nil where
// a key is absent). what names the mapping for messages ("record").
func (d *decoder) fields(n *yaml.Node, what string, known []string) ([]*yaml.Node, bool) {
	if d.banned(n) {
		return nil, false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, ErrField, "%s is %s; want a mapping of %s", what, yamlx.KindName(n), keyList(known))
		return nil, false
	}
	if len(n.Content)/2 > d.lim.mappingKeys() {
		d.errorf(n, ErrSyntax, "%s has %d keys, more than the limit of %d", what, len(n.Content)/2, d.lim.mappingKeys())
		return nil, false
	}
	vals := make([]*yaml.Node, len(known))
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if d.banned(k) {
			ok = false
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, ErrField, "a key of %s is %s; want a plain name", what, yamlx.KindName(k))
			ok = false
			continue
		}
		j := indexOf(known, k.Value)
		switch {
		case j < 0:
			d.errorf(k, ErrField, "unknown key %q in %s; want one of %s", figure.Shorten(k.Value), what, keyList(known))
			ok = false
		case vals[j] != nil:
			d.errorf(k, ErrSyntax, "duplicate key %q in %s (first at line %d)", k.Value, what, vals[j].Line)
			ok = false
		default:
			vals[j] = v
		}
	}
	return vals, ok
}

// pairs checks that n is a mapping with scalar keys, each at most once,
// and returns its key and value nodes; used where keys are identifiers.
func (d *decoder) pairs(n *yaml.Node, what, want string) (keys, vals []*yaml.Node, ok bool) {
	if d.banned(n) {
		return nil, nil, false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, ErrField, "%s is %s; want %s", what, yamlx.KindName(n), want)
		return nil, nil, false
	}
	if len(n.Content)/2 > d.lim.mappingKeys() {
		d.errorf(n, ErrSyntax, "%s has %d keys, more than the limit of %d", what, len(n.Content)/2, d.lim.mappingKeys())
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
			d.errorf(k, ErrSyntax, "duplicate key %q in %s (first at line %d)", s, what, line)
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
		d.errorf(n, ErrField, "%s is %s; want a list of %s", what, yamlx.KindName(n), want)
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
		d.errorf(n, ErrField, "%s is %s; want %s", what, yamlx.KindName(n), want)
		return "", false
	}
	if len(n.Value) > d.lim.scalarBytes() {
		d.errorf(n, ErrSyntax, "%s is %d bytes long, more than the limit of %d", what, len(n.Value), d.lim.scalarBytes())
		return "", false
	}
	if n.Tag == "!!null" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
		d.errorf(n, ErrField, "%s is empty; want %s", what, want)
		return "", false
	}
	return n.Value, true
}

// text returns a free-text value such as a name or note.
func (d *decoder) text(n *yaml.Node, what string) (string, bool) {
	s, ok := d.scalar(n, what)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(n, ErrValue, "%s is blank; want some text", what)
		return "", false
	}
	return s, ok
}

var identRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ident returns an identifier: lower-case ASCII letters, digits and
// hyphens, starting with a letter or digit.
func (d *decoder) ident(n *yaml.Node, what string) (string, bool) {
	s, ok := d.scalarWant(n, what, "an identifier such as tinghu")
	if !ok {
		return "", false
	}
	if !identRE.MatchString(s) {
		d.errorf(n, ErrValue, "%s %q is not an identifier; want lower-case letters, digits and hyphens, such as tinghu or old-neighbourhoods", what, figure.Shorten(s))
		return "", false
	}
	return s, true
}

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
		d.errorf(n, ErrValue, "%s %v", what, err)
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
		d.errorf(n, ErrValue, "%s %v", what, err)
		return Date{}, false
	}
	return t, true
}

// root returns the single top-level node of a document, or reports an
// empty document.
func (d *decoder) root(doc *yaml.Node, what string) (*yaml.Node, bool) {
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" && doc.Content[0].Value == "") {
		n := doc
		if len(doc.Content) > 0 {
			n = doc.Content[0]
		}
		d.errorf(n, ErrSyntax, "the document is empty, want %s (is the file cut off?)", what)
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
